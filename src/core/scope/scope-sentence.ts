/**
 * The document's own scope sentence, read item by item (issue #11). An ITB, RFP, tender notice or
 * summary of work says its work in one sentence — "Work consists of new ceilings, floors, windows,
 * plumbing, ventilating, electrical and general work", "The project consists of …", "This tender invites
 * bids for …", "Scope of work: …", "Also included in this project will be all the electrical, mechanical,
 * and plumbing" — and every item of that list is a trade the job has, however plain its word ("windows",
 * "mechanical", "M&E"). Such a trade is stronger evidence than a keyword anywhere else in the document,
 * so the extractor gives it its own evidence source and confidence.
 *
 * Only the document's own scope counts: a list of past projects, an experience requirement, a
 * conditional ("may include"), or coordination language ("by others", "coordinate with") states
 * no work of this job. An item counts by its head — the last trade word of the item, followed only by
 * work nouns ("electrical work", "roof replacement") or a place ("windows in the gym") — so a trade word
 * inside a place's name ("… on Oak Hollow Elementary School") or after a preposition ("junction box
 * above the ceiling") is not an item. What is removed or relocated is not the item's trade.
 */
import { findKeywords, isUnmistakable, namesTrade, negativeContext, phraseRegex, type LexiconEntry } from './lexicon.js';
import { ELEMENT_WORDS } from './element-words.js';
import { VOCABULARY } from './vocabulary.js';
import { leadingSectionTitle } from './section-titles.js';

/** Requirements and general requirements are no trade to invite. */
const NOT_A_TRADE = new Set(['00', '01']);

export interface ScopeItem {
  division: string;
  /** The words of the item that name the trade, as printed. */
  phrase: string;
  /** Where the phrase is in the sentence. */
  index: number;
  length: number;
  /** "minor plumbing modifications", "miscellaneous metals": named in passing, not the job's main scope. */
  minor: boolean;
}

/**
 * Heads under which a document states its own work; the list starts where the head ends. The verb is
 * present or future ("consists", "will consist", "consist" as printed), never past ("consisted").
 */
const OWN_SCOPE_HEAD = new RegExp(
  [
    // "Work consists of", "The work of this contract includes", "Project consist of", "The works comprise",
    // "The proposed improvements consist of", "Work will include but is not limited to", "The scope of work includes",
    // "The works located off Elm Drive, Elmtown consists of" (the site between the works and the verb).
    String.raw`\b(?:the\s+)?(?:proposed\s+|base\s+bid\s+)?(?:work|works|project|contract\s+works|scope(?:\s+of\s+(?:the\s+)?(?:works?|project))?|improvements)(?:\s+(?:included\s+)?(?:of|for|under|in)\s+(?:this|the)\s+(?:contract|project|bid|tender|package|phase|stage|part|lot|section))?(?:\s+(?:located|situated|sited)\s+(?:at|on|off|in|within|near|adjacent\s+to)\s+[^.:;]{1,60}?)?\s+(?:(?:will|shall|is\s+to|generally|primarily|mainly|principally|broadly|also|to)\s+)*(?:consists?|consisting|includes?|including|comprises?|comprising|involves?)\b(?:\s+of\b)?(?:,?\s+but\s+(?:is\s+|are\s+|shall\s+)?not\s+(?:be\s+)?limited\s+to\b)?\s*[:,–—-]?\s*`,
    // "The Contract Works required are:", "Works to be carried out include:"
    String.raw`\b(?:the\s+)?(?:contract\s+)?(?:works?|scope)\s+(?:required|to\s+be\s+(?:carried\s+out|undertaken|performed|done|completed))\s+(?:are|is|includes?|comprises?|consists?\s+of)\b\s*[:–—-]?\s*`,
    // "Scope of Work:", "Scope:", "Project scope –", "Description of work:", "Work description:", "Name of work:" (Indian NITs)
    String.raw`\b(?:name|title)\s+of\s+(?:the\s+)?works?\s*(?::-|[:–—])\s*`,
    String.raw`(?:^|\b)(?:(?:project\s+|work\s+)?scope(?:\s+of\s+(?:the\s+)?(?:works?|project))?|(?:general\s+|brief\s+)?description\s+of\s+(?:the\s+)?works?|works?\s+description)\s*[:–—]\s*`,
    // "This tender invites bids for", "hereby requests sealed bids for", "Tenders are invited for"
    String.raw`\b(?:invit(?:es|ing)|request(?:s|ing)|solicit(?:s|ing)|call(?:s|ing)\s+for)\s+(?:sealed\s+|competitive\s+|electronic\s+|lump[\s-]sum\s+)?(?:bids|tenders|proposals|quotations|quotes|offers)\s+(?:for|on)\s+`,
    String.raw`\b(?:bids|tenders|proposals|quotations)\s+(?:are|is)\s+(?:hereby\s+)?(?:invited|requested|sought|solicited)\s+(?:for|on)\s+`,
    // "This tender is for the demolition and construction of …", "This contract is for"
    String.raw`\bthis\s+(?:tender|contract|rft|rfq|rfp|request\s+for\s+(?:tenders?|proposals?|quotations?)|invitation\s+to\s+tender|procurement)\s+is\s+for\s+`,
    // "Expressions of Interest are invited from suitably qualified contractors … for the removal of …"
    String.raw`\bexpressions?\s+of\s+interest\s+(?:are|is)\s+(?:hereby\s+)?(?:invited|sought)\b[^.:;]{0,120}?\bfor\s+`,
    // "Key deliverables include:", "The deliverables are": what the contractor is to hand over is the work.
    String.raw`\b(?:(?:key|main|principal|project|contract)\s+)?deliverables\s+(?:will\s+|shall\s+)?(?:include|comprise|are)\b(?:,?\s+but\s+(?:are\s+)?not\s+limited\s+to\b)?\s*[:,–—-]?\s*`,
    // "Also included in this project will be", "Included in the work are"
    String.raw`\bincluded\s+in\s+(?:this|the)\s+(?:work|project|contract)\s+(?:will\s+be|are|is|shall\s+be)\s+`,
    // "Kitchen renovation at the Community Center: demolition of …, new …": a title of work, then its list after a colon.
    String.raw`^[A-Z][^.:;]{2,80}?\b(?:renovations?|refurbishment|upgrades?|replacement|fit-?out|alterations?|improvements?|remodel(?:l?ing)?|conversion)\b[^.:;]{0,60}:\s*`,
  ].join('|'),
  'i',
);

/** One of these is in every head above. */
const HEAD_WORDS = /consist|includ|deliverables|compris|involv|scope|descripti|required|to be|bids|tenders|proposals|quot|offers|name of|title of|is for|interest|renovat|refurbish|upgrade|replacement|fit-?out|alteration|improvement|remodel|conversion/i;

/** Someone's experience or a past job, not this job's work. */
const NOT_THIS_JOB = /\b(?:experience[ds]?|experienced|similar|previous(?:ly)?|past|completed|references?|track\s+record|demonstrat\w*|portfolio|qualifications?|have\s+(?:performed|completed|undertaken))\b/i;
/** Work another contractor does beside this one: liaison with it, or a term / incumbent / separate contractor. */
export const ANOTHER_CONTRACTOR = /\b(?:liais(?:e|es|ing|on)|in\s+conjunction)\s+with\b|\b(?:term|incumbent|separate)\s+contractors?\b/i;
/** Where a list stops being this job's certain work: a condition, an exception, an option. */
const LIST_END = /\b(?:may|might|could|if|unless|except|excluding|other\s+than|but\s+not|not\s+including|does\s+not|do\s+not|shall\s+not|will\s+not)\b/i;

/**
 * A sentence that goes on listing the work after the scope sentence ("Removing masonry … and installing a
 * new door and metal frame.", "Install new blinds …", "Painting, patching and repairing …"): it opens with a
 * work verb, or with "New …".
 */
const CONTINUES = /^(?:(?:[-•▪●]|\(?[a-z0-9]{1,2}[.)])\s*)?(?:install(?:ing)?|provid(?:e|ing)|add(?:ing)?|replac(?:e|ing)|relocat(?:e|ing)|construct(?:ing)?|build(?:ing)?|erect(?:ing)?|paint(?:ing)?|repair(?:ing)?|renovat(?:e|ing)|refurbish(?:ing)?|upgrad(?:e|ing)|furnish(?:ing)?|suppl(?:y|ying)|remov(?:e|ing)|demolish(?:ing)?|new)\b/i;

/**
 * A sentence of a scope paragraph that states a built element in the future or passive: "There will be a new
 * door fitted …", "The extension will have heat pumps installed …", "A new deck … will be built", "Interior
 * consists of lined walls", "Windows are to be replaced", "A new path is also needed". Its element is the
 * object after "there will be" / "will have" / "consists of", or else the subject before the verb.
 */
const BUILT_VERB = String.raw`(?:fitted|installed|built|constructed|erected|laid|replaced|renewed|provided|supplied|upgraded|formed|poured|needed|required)`;
const BUILT_PREDICATE = new RegExp(String.raw`\s+(?:(?:will|shall)\s+(?:also\s+)?be|(?:is|are)\s+(?:also\s+)?(?:to\s+be\s+)?|to\s+be)\s*(?:newly\s+)?${BUILT_VERB}\b`, 'i');
const HAS_BUILT = new RegExp(String.raw`^(?:there\s+(?:will|shall)\s+(?:also\s+)?be|(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,2}\s+(?:will|shall)\s+(?:also\s+)?(?:have|receive)|(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,2}\s+(?:consists?\s+of|comprises?|will\s+(?:consist\s+of|comprise)))\s+`, 'i');
/** A relative clause names a second element ("a new deck … where a new ramp will be built"). */
const CLAUSE = /\b(?:where|whereby)\b/i;
function builtElements(sentence: string): ScopeItem[] | null {
  const has = HAS_BUILT.exec(sentence);
  const predicate = BUILT_PREDICATE.exec(sentence);
  let start: number;
  let end: number;
  if (has) {
    start = has[0].length;
    const after = BUILT_PREDICATE.exec(sentence.slice(start)) ?? new RegExp(String.raw`\s+${BUILT_VERB}\b`, 'i').exec(sentence.slice(start));
    end = after ? start + after.index : sentence.length;
  } else if (predicate) {
    start = 0;
    end = predicate.index;
  } else return null;
  const items: ScopeItem[] = [];
  let at = start;
  for (const part of sentence.slice(start, end).split(CLAUSE)) {
    items.push(...scopeListItems(part, at));
    at += part.length + (sentence.slice(at + part.length).match(CLAUSE)?.[0].length ?? 0);
  }
  return items;
}

/** A topic other than the work ends the description of the work: dates, tendering, documents, eligibility, insurance. */
const OTHER_TOPIC = /\b(?:tender(?:s|ers?|ing)?|bid(?:s|ders?|ding)?|submi\w+|deadline|clos(?:e|es|ing)\s+(?:date|time)|documents?|documentation|contact\w*|enquir\w+|inquir\w+|quer(?:y|ies)|eligib\w+|insurance|bonds?|pre-?qualif\w+|regist\w+|award\w*|evaluat\w+|payments?|fund(?:ed|ing)|programme|timeline|website|e-?mail)\b/i;

/**
 * List separators: commas, semicolons, "and", "as well as", "along with", "plus", "including", a spaced slash;
 * an ampersand between words but not inside "M & E" ("mechanical and electrical" is read as its two items);
 * "with" ("an extension with a concrete floor and timber framed walls": the parts are items too).
 */
const SEPARATOR = /\s*(?:[,;:]|\band\/or\b|\band\b|(?<!(?:^|[\s,(])[A-Za-z]\s?)&(?=\s)|\bas\s+well\s+as\b|\balong\s+with\b|\bplus\b|\bincluding\b|\btogether\s+with\b|(?<!\b(?:accordance|comply|complies|complying|coordinat\w*|associated|line|along|together|connection|conjunction|compliance)\s)\bwith\b|\s\/\s)\s*/gi;

/** Nouns that follow what the work is done to ("electrical work", "roof replacement", "HVAC upgrades"). */
const WORK_NOUNS = String.raw`(?:work|works|system|systems|services?|supply|supplies|connections?|installations?|repairs?|replacements?|upgrades?|upgrading|modifications?|alterations?|improvements?|renovations?|rehabilitation|restoration|retrofits?|modernization|modernisation|refurbishment|renewal|items?|package|trades?|scope|equipment|components?|cabling|cables?|piping|pipework|fittings|fixtures|units|materials|set\s?-?up|facilit(?:y|ies)|arrangements?)`;
/** After an item's head, within its words: only work nouns, and how it is put in ("exhaust fan ducted to exterior", "heat pumps installed"). */
const HEAD_TAIL = new RegExp(String.raw`^(?:\s+${WORK_NOUNS})*(?:\s+(?:ducted|mounted|installed|fitted|fixed|supplied|provided|connected|wired|piped|vented|painted|glazed))?[\s.)]*$`, 'i');
/**
 * Where an item's own words end: a place, a part, a purpose or a clause follows ("windows in the gym",
 * "roof systems on <a school's name>", "junction box above the ceiling"). "of" after a work noun
 * ("replacement of the roof") belongs to the item.
 */
const ITEM_END = /(?<!-)\b(?:at|in|on|for|to|of|within|throughout|from|with|by|near|under|over|above|below|behind|serving|into|onto|between|inside|outside|around|across|along|which|that|where|when|while|so|as|per|shall|will|must|are|is|was|were|located|using|via|etc)\b(?!-)/gi;
const WORK_OF = /\b(?:construction|installation|replacement|repairs?|provision|supply|erection|renovation|refurbishment|upgrade|upgrading|rehabilitation|restoration|(?:re-?)?painting|application|completion|modernization|modernisation|extension|conversion|retrofit|fabrication|furnishing|delivery|removal|demolition|making|providing|fixing|laying|execution|supplying)\s+$/i;
function itemWords(segment: string): string {
  ITEM_END.lastIndex = 0;
  for (let m = ITEM_END.exec(segment); m; m = ITEM_END.exec(segment)) {
    if (m[0].toLowerCase() === 'of' && WORK_OF.test(segment.slice(0, m.index))) continue;
    return segment.slice(0, m.index);
  }
  return segment;
}
/** An item whose work takes something away or moves it: what is removed is demolition, not its trade. */
const REMOVAL = /\b(?:remov\w*|demoli\w*|abat\w*|strip(?:ping)?\s+out|dispos\w*|salvag\w*|relocat\w*|dismantl\w*|disconnect\w*|tak(?:e|ing)\s+down)\b/i;
/** Moving a building service ("relocate 2 air conditioning units", "relocate sprinkler heads") is that service's trade: it is disconnected, moved and connected again. */
const RELOCATION = /\brelocat\w*\b/i;
const OTHER_REMOVAL = /\b(?:remov\w*|demoli\w*|abat\w*|strip(?:ping)?\s+out|dispos\w*|salvag\w*|dismantl\w*|tak(?:e|ing)\s+down)\b/i;
const SERVICES = new Set(['21', '22', '23', '25', '26', '27', '28']);
/**
 * "… across several facilities, including the Depot, the Water Treatment Plant, …": the items after a list of
 * sites are places, not work.
 */
const SITE_LIST = /\b(?:facilities|sites|locations|buildings|premises|properties|venues|campuses|schools)\b[^.;]{0,40}?(?:\bincluding|\bnamely|\bsuch\s+as|:)\s*$/i;
/** Qualifiers of work named in passing. */
const MINOR = /\b(?:minor|miscellaneous|misc\.?|incidental|limited|some|minimal|temporary|possible)\b/i;
/** "small" qualifies work ("small plumbing works"), not a thing's size ("a small sink unit"). */
const SMALL = /\bsmall\b/i;
const WORK_NOUN = new RegExp(String.raw`\b${WORK_NOUNS}\b`, 'i');

/** Words that name two or three trades at once in a one-line scope: each item is every one of them. */
const SHARED: ReadonlyArray<readonly [re: RegExp, divisions: readonly string[]]> = [
  [/(?<![A-Za-z])(?:M\s?[&+]\s?E|E\s?[&+]\s?M|M\s?and\s?E)(?![A-Za-z])/g, ['23', '26']],
  [/(?<![A-Za-z])(?:MEP|M\/E\/P|M\.E\.P\.?|M\s?E\s?P)(?![A-Za-z])/g, ['22', '23', '26']],
];

/** The vocabulary's `list` words (vocabulary.ts) and the element words (element-words.ts): trade words only as a whole item of stated work. */
const LIST_ENTRIES: ReadonlyArray<{ division: string; phrase: string; re: RegExp }> = [
  ...Object.entries(VOCABULARY).map(([division, words]) => [division, words.list ?? []] as const),
  ...Object.entries(ELEMENT_WORDS),
].flatMap(([division, phrases]) => phrases.map((phrase) => ({ division, phrase, re: phraseRegex(phrase) })));
const keyOf = (phrase: string) => phrase.toLowerCase().split(/[\s-]+/).join(' ').replace(/(?:es|s)$/, '');
const LIST_KEYS = new Set(LIST_ENTRIES.map((e) => keyOf(e.phrase)));

/**
 * A lexicon word that can head an item: a trade's name, a word only of the trade, a clear word (weight ≥ 1),
 * or a list word. A weak shared word ("glass", "network", "display") cannot.
 */
const canHead = (entry: LexiconEntry): boolean =>
  entry.weight > 0 && (namesTrade(entry) || isUnmistakable(entry) || entry.weight >= 1 || LIST_KEYS.has(keyOf(entry.phrase)));

interface Hit {
  divisions: readonly string[];
  phrase: string;
  index: number;
  length: number;
}

/** Every trade word of a segment: words of several trades, then lexicon words that can head an item, list words; longest first, no overlaps. */
function segmentHits(segment: string): Hit[] {
  // Words of several trades come first: "M&E services" is both trades, not the one the lexicon files it under.
  const shared: Hit[] = [];
  for (const [re, divisions] of SHARED) {
    re.lastIndex = 0;
    for (let m = re.exec(segment); m; m = re.exec(segment)) shared.push({ divisions, phrase: m[0], index: m.index, length: m[0].length });
  }
  const all: Hit[] = [];
  for (const h of findKeywords(segment)) if (canHead(h.entry)) all.push({ divisions: [h.entry.division], phrase: h.text, index: h.index, length: h.length });
  for (const e of LIST_ENTRIES) {
    e.re.lastIndex = 0;
    for (let m = e.re.exec(segment); m; m = e.re.exec(segment)) all.push({ divisions: [e.division], phrase: m[0], index: m.index, length: m[0].length });
  }
  all.sort((a, b) => b.length - a.length || a.index - b.index);
  const taken: Hit[] = [...shared];
  for (const h of all) if (!taken.some((t) => h.index < t.index + t.length && t.index < h.index + h.length)) taken.push(h);
  return taken.sort((a, b) => a.index - b.index);
}

/** The head of one list item: the last trade word of its own words, followed only by work nouns. */
function itemHead(segment: string): Hit | null {
  const words = itemWords(segment);
  // "interior demolition", "removal of the existing canopy": demolition is the item's trade, whatever is removed.
  // "Wall linings to be removed": a removal anywhere in the item takes the item away.
  if (RELOCATION.test(segment) && !OTHER_REMOVAL.test(segment)) {
    const moved = segmentHits(words).filter((h) => h.divisions.every((d) => SERVICES.has(d))).pop();
    if (moved && HEAD_TAIL.test(words.slice(moved.index + moved.length))) return moved;
  }
  if (REMOVAL.test(segment)) {
    const demolition = findKeywords(words).find((h) => h.entry.division === '02' && h.entry.weight >= 1);
    return demolition ? { divisions: ['02'], phrase: demolition.text, index: demolition.index, length: demolition.length } : null;
  }
  const hits = segmentHits(words);
  for (let i = hits.length - 1; i >= 0; i--) {
    const h = hits[i]!;
    if (HEAD_TAIL.test(words.slice(h.index + h.length))) return h;
  }
  return null;
}

/** The items of a list (text after a scope head), each mapped by its head; `offset` is where the list starts in the sentence. */
export function scopeListItems(list: string, offset: number): ScopeItem[] {
  // A condition or exception ends the certain part of the list.
  const end = LIST_END.exec(list)?.index ?? list.length;
  const text = list.slice(0, end);
  const out: ScopeItem[] = [];
  let start = 0;
  const segments: Array<[number, string]> = [];
  SEPARATOR.lastIndex = 0;
  for (let m = SEPARATOR.exec(text); m; m = SEPARATOR.exec(text)) {
    if (m[0].length === 0) { SEPARATOR.lastIndex++; continue; }
    segments.push([start, text.slice(start, m.index)]);
    start = m.index + m[0].length;
  }
  segments.push([start, text.slice(start)]);
  // A zero-weight phrase of the lexicon shields its words across the separators too ("mechanical and hand breaking"
  // is a method, not a "mechanical" item).
  const shields = findKeywords(text).filter((h) => h.entry.weight <= 0);
  // A MasterFormat title of several words listed as an item whose words name no trade ("Earth Moving", "Erosion and
  // Sedimentation Controls") is that section's work, even where its "and" splits it.
  let titleEnd = -1;
  for (const [at, raw] of segments) {
    if (at < titleEnd) continue;
    const lead = /^\s*(?:[-•▪●]|\(?[a-z0-9]{1,2}[.)])?\s*/i.exec(raw)![0].length;
    const title = itemHead(raw) ? null : leadingSectionTitle(text.slice(at + lead));
    // A one-word title is a division's plain name ("Equipment", "Transportation"): in a list of resources it is no work.
    const ends = title && /\s/.test(title.title) && segments.some(([a, r]) => a + r.replace(/[\s.)]+$/, '').length === at + lead + title.length);
    if (title && ends && !NOT_A_TRADE.has(title.division)) {
      out.push({ division: title.division, phrase: title.title, index: offset + at + lead, length: title.length, minor: MINOR.test(text.slice(Math.max(0, at - 12), at + lead)) });
      titleEnd = at + lead + title.length;
      continue;
    }
    if (SITE_LIST.test(text.slice(0, at))) break;
    // A parenthesis says something about the item ("(furnished by Owner)"); an item disowned in it is not this job's.
    const disowned = /\([^)]*\)/.exec(raw);
    if (disowned && negativeContext(disowned[0]) !== null) continue;
    const segment = raw.replace(/\([^)]*\)/g, (p) => ' '.repeat(p.length));
    const head = itemHead(segment);
    if (!head || shields.some((h) => at + head.index >= h.index && at + head.index + head.length <= h.index + h.length)) continue;
    const before = segment.slice(0, head.index);
    const minor = MINOR.test(before) || (SMALL.test(before) && WORK_NOUN.test(head.phrase + itemWords(segment).slice(head.index + head.length)));
    for (const division of head.divisions) out.push({ division, phrase: head.phrase, index: offset + at + head.index, length: head.length, minor });
  }
  return out;
}

/** The offset where the sentence's own scope list starts, or null when the sentence is not the document's scope. */
export function ownScopeListStart(sentence: string): number | null {
  // The heads' words alone: most sentences have none, and this is far cheaper than the heads' regex.
  if (!HEAD_WORDS.test(sentence)) return null;
  const m = OWN_SCOPE_HEAD.exec(sentence);
  if (!m) return null;
  // A field before a colon is another field, not this clause ("Pre-qualifications : None … Overview The Contract
  // Works required are: …" when a notice's lines run together).
  const clause = sentence.slice(sentence.slice(0, m.index).search(/[^:;]*$/));
  if (NOT_THIS_JOB.test(clause)) return null;
  // Coordination language or work by others anywhere outside a parenthesis: the sentence is not a statement of this job's work.
  const negative = negativeContext(clause.replace(/\([^)]*\)/g, ' '));
  if (negative !== null && negative !== 'code-citation' && negative !== 'existing') return null;
  return m.index + m[0].length;
}

/** The trades a document's own scope sentence names, item by item; null when the sentence is not the document's scope. */
export function scopeSentenceItems(sentence: string): ScopeItem[] | null {
  const start = ownScopeListStart(sentence);
  return start === null ? null : scopeListItems(sentence.slice(start), start);
}

/**
 * A sentence after a scope sentence that goes on listing the work ("Removing … and installing a new door
 * and metal frame."): its items, or null when the sentence does not continue the list.
 */
export function continuedScopeItems(sentence: string): ScopeItem[] | null {
  // "New York …", "New Jersey …": a place, not new work.
  // "Liaison with the school's term contractors for timely installation of alarms": another contractor's work.
  if (/^New\s+[A-Z][a-z]/.test(sentence) || NOT_THIS_JOB.test(sentence) || ANOTHER_CONTRACTOR.test(sentence)) return null;
  const negative = negativeContext(sentence.replace(/\([^)]*\)/g, ' '));
  if (negative !== null && negative !== 'code-citation' && negative !== 'existing') return null;
  if (CONTINUES.test(sentence)) {
    const items = scopeListItems(sentence, 0);
    // "Relocate the furniture and cabinets": every item of a relocation is moved, and only a service moved is a trade's work.
    return RELOCATION.test(CONTINUES.exec(sentence)![0]) ? items.filter((i) => SERVICES.has(i.division)) : items;
  }
  // Dates, tendering, documents: the description of the work has ended.
  if (OTHER_TOPIC.test(sentence)) return null;
  // "There will be a new door fitted …", "A new deck … will be built": the element built.
  const built = builtElements(sentence);
  if (built !== null) return built;
  // "Floor Coverings.": a short line of items alone goes on with the list too, when it names a trade.
  const items = sentence.length <= 60 ? scopeListItems(sentence, 0) : [];
  if (items.length > 0) return items;
  // "This building will be joined onto the end of the block.": a sentence of the description that names no
  // element keeps the description going; a heading, a line without a full stop or a numbered clause ("1.6 Move
  // all furniture.": a list of instructions, not a paragraph) ends it.
  return /[.!]$/.test(sentence) && sentence.length <= 300 && /\s\w+\s/.test(sentence) && !/^\(?\d/.test(sentence) ? [] : null;
}

/** A scope sentence whose list is left for the lines under it ("The Work includes:", "Scope of Work:"). */
export const opensScopeList = (sentence: string): boolean => {
  const start = ownScopeListStart(sentence);
  return start !== null && sentence.slice(start).trim().length === 0;
};

const BULLET = /^(?:[-•▪●–]|\(?(?:[a-z]|\d{1,2}|[ivx]{1,4})[.)])\s+/i;
/**
 * A line of the list under such a head ("• Concrete foundations and slabs", "2. New windows and doors"): its
 * items, or null when the line is not an item (a long sentence, coordination, a past job).
 */
export function listedScopeItems(line: string): ScopeItem[] | null {
  const marker = BULLET.exec(line)?.[0].length ?? 0;
  if ((marker === 0 && line.length > 100) || line.length > 200 || NOT_THIS_JOB.test(line)) return null;
  const negative = negativeContext(line.replace(/\([^)]*\)/g, ' '));
  if (negative !== null && negative !== 'code-citation' && negative !== 'existing') return null;
  return scopeListItems(line.slice(marker), marker);
}
