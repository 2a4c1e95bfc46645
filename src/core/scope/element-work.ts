/**
 * Work done to a named element (issue #11). Tenders, ITTs, RFQs, addenda and notices in every English-speaking
 * region state much of their work as a work verb and the element it is done to, not as a trade's name:
 * "Installation of new doors" (UK), "Replace the windows" (US), "Providing and laying lime concrete bedding"
 * (Indian schedules), "Supply and fix timber skirtings" (UK, Africa), "Install new R19 roof insulation"
 * (US addenda), "Re-roof the hall" (AU / NZ), a rated item "a 10 kW photovoltaic system" (anywhere), or a
 * named sub-trade "Sub-Contractor for Surface Preparation and Painting" (Canadian ITTs). The element's
 * word is often shared ("doors", "concrete", "timbers"), which alone is weak evidence; as the object of
 * such a verb it is the job's work.
 *
 * Only this job's present or future work counts: the verb is imperative, present, gerund or nominal
 * ("installed", "replaced" describe what exists), never after an experience clause, a condition or in a
 * question; the object is read as a scope list item by item (scope-sentence.ts), so an item's head is its
 * last trade word followed only by work nouns, what is removed is demolition, and work named as minor or
 * temporary is left out. A reader, not a scorer: text-extractor.ts weighs what it returns.
 */
import { findKeywords, negativeContext, readsAsOtherTrade } from './lexicon.js';
import { ANOTHER_CONTRACTOR, scopeListItems, type ScopeItem } from './scope-sentence.js';

/**
 * A verb of building, fitting or renewing, in the forms that state work still to do. Compound forms
 * ("Providing and laying", "supply and fix") come first so they are read whole. "new" marks an element
 * the job provides ("new R19 roof insulation", "new timber doors").
 */
const ELEMENT_VERB = new RegExp(
  String.raw`\b(?:(?:provid(?:e|ing)|suppl(?:y|ying))\s*(?:,\s*|\s+(?:and|&)\s+)(?:(?:deliver(?:ing)?|fix(?:ing)?|lay(?:ing)?|fit(?:ting)?|install(?:ing)?|apply(?:ing)?|erect(?:ing)?|construct(?:ing)?|commission(?:ing)?)\s*(?:,\s*|\s+(?:and|&)\s+)?)+|install(?:ing|ation\s+of)?|provi(?:de|ding|sion\s+of)|fix(?:ing)?|fit(?:ting|\s+out)?|replac(?:e|ing|ement\s+of)|renew(?:ing|al\s+of)?|construct(?:ing|ion\s+of)?|erect(?:ing|ion\s+of)?|lay(?:ing)?|new)\b`,
  'gi',
);
/** Someone's experience, a past job, a condition or an option: not this job's certain work. */
const NOT_STATED = /\b(?:experience[ds]?|experienced|similar|previous(?:ly)?|past|completed|references?|track\s+record|demonstrat\w*|may|might|could|if|unless|whether|option(?:al)?|alternate|alternative)\b/i;
/**
 * Where the verb's object ends: the sentence's own punctuation or its next verb phrase. A participle after
 * the element ("timbers discovered during works", "doors as shown") starts what is said about it.
 */
const OBJECT_END = /[.;:?!](?=\s|$)|\s[-–—]\s|\b(?:shall|will|must|should|is|are|was|were|to\s+be|which|that|where|when|while|so\s+as|in\s+order|prior\s+to|before|after|during|until|complete|including\s+all|discovered|found|identified|located|shown|indicated|noted|required|specified|detailed|described|listed|marked)\b/i;
/** Temporary works are the contractor's site facilities (hoarding, temporary toilets), not a trade of the job. */
const TEMPORARY = /\b(?:temporary|temporarily|interim|provisional\s+sum)\b/i;
const MAX_OBJECT = 160;
/**
 * "Move and replace all furniture": what is moved and put back is not supplied. "existing curb or include new
 * curb": one of two options is not certain work.
 */
const PUT_BACK = /\b(?:move|moving|lift|lifting|take\s+(?:up|down)|taking\s+(?:up|down))\s+and\s+$|\bor\s+(?:[\w-]+\s+)?$/i;
/** "provide the labor, materials, equipment, appliances, services …": the contractor's resources, not an element of the work. */
const RESOURCES = /\blabou?r\b[^.;]{0,40}\bmaterials?\b|\bmaterials?\b[^.;]{0,20}\blabou?r\b/i;
/** In a form whose fields run together, an upper-case label after mixed-case words starts the next field ("… and Painting PUBLIC TENDER OPENING"). */
const NEXT_FIELD = /(?<=[a-z][^A-Z]*)\s(?=[A-Z]{3,}(?:\s+[A-Z]{2,})+\b)/;

/** The object of a verb that starts at `rest`: up to its end word, stop or the next field. */
function objectOf(rest: string): string {
  const end = Math.min(OBJECT_END.exec(rest)?.index ?? rest.length, NEXT_FIELD.exec(rest)?.index ?? rest.length);
  return rest.slice(0, end);
}

/** An element that needs renewing: the subject before "is/are in need of", "require(s)" a renewal. */
const NEEDS_RENEWAL = /\s+(?:(?:is|are)\s+(?:now\s+|urgently\s+|badly\s+)?in\s+need\s+of|(?:require|requires|need|needs)|(?:is|are)\s+due\s+for)\s+(?:an?\s+|urgent\s+|complete\s+|full\s+)*(?:refurbishment|replacement|renewal|renovation|upgrad(?:e|ing)|repairs?|reconfiguration|rehabilitation)\b/i;

/** A rating before equipment ("10 kW photovoltaic system", "500 kVA generator", "2 x 5-tonne overhead cranes"): specified, so supplied. */
const RATING = /\b\d+(?:[.,]\d+)?\s*-?\s*(?:kWp?|kVA|MW|MVA|HP|hp|tonnes?|tons?|TR|BTU(?:\/h)?|kBTU|amps?)\b-?\s*/g;

/** A verb that is itself the renewal of an element ("re-roof", "reglaze", "rewire", "repoint"): present or gerund, never past. */
const RENEWALS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bre-?(?:roof|slat(?:e|ing)|sheet|felt)(?:ing)?\b/gi, '07'],
  [/\bre-?glaz(?:e|ing)\b/gi, '08'],
  [/\bre-?wir(?:e|ing)\b/gi, '26'],
  [/\bre-?point(?:ing)?\b/gi, '04'],
  [/\bre-?(?:plaster(?:ing)?|paint(?:ing)?|til(?:e|ing)|decorat(?:e|ing|ion)|carpet(?:ing)?)\b/gi, '09'],
];

export type ElementWork = Omit<ScopeItem, 'minor'>;

/** The lexicon reads these words as no work at all ("mechanical and hand breaking": a method; "colours and finish": a property). */
const shielded = (sentence: string, index: number, length: number): boolean =>
  findKeywords(sentence).some((h) => h.entry.weight <= 0 && h.index <= index && h.index + h.length >= index + length);


/**
 * The clause around a hit: from the last stop or field colon before it to the next stop after it. A form's
 * fields often run together into one "sentence"; coordination language in another field says nothing of this one.
 */
function clauseAround(sentence: string, index: number): string {
  const start = Math.max(0, sentence.slice(0, index).search(/[^.;:?!]*$/));
  const after = sentence.slice(index).search(/[.;:?!](?=\s|$)/);
  return sentence.slice(start, after < 0 ? sentence.length : index + after);
}

/** Work by others, work that stays, or coordination in the hit's own clause: not this job's element (a cited code is fine). */
const ownWork = (sentence: string) => (w: ElementWork): boolean => {
  const clause = clauseAround(sentence, w.index);
  const negative = negativeContext(clause);
  return (negative === null || negative === 'code-citation') && !ANOTHER_CONTRACTOR.test(clause);
};

/** The elements a sentence states work on: the non-minor items of each work verb's object. */
export function elementWork(sentence: string): ElementWork[] {
  // A question asks; "No, …" declines: neither states work.
  if (/\?\s*$/.test(sentence) || /^\s*no\b/i.test(sentence)) return [];
  const out: ElementWork[] = [];
  const add = (items: readonly ScopeItem[]) => {
    for (const i of items) {
      if (i.minor || out.some((o) => o.index === i.index && o.division === i.division) || shielded(sentence, i.index, i.length)) continue;
      out.push({ division: i.division, phrase: i.phrase, index: i.index, length: i.length });
    }
  };
  ELEMENT_VERB.lastIndex = 0;
  for (let m = ELEMENT_VERB.exec(sentence); m; m = ELEMENT_VERB.exec(sentence)) {
    // "New York", "New Zealand Standard": a place or a title, not new work.
    if (/^new$/i.test(m[0]) && /^New\s+[A-Z][a-z]/.test(sentence.slice(m.index))) continue;
    const before = sentence.slice(Math.max(0, m.index - 80), m.index);
    if (NOT_STATED.test(before) || PUT_BACK.test(before)) continue;
    const start = m.index + m[0].length;
    const rest = sentence.slice(start, start + MAX_OBJECT);
    const object = objectOf(rest);
    if (!TEMPORARY.test(object) && !RESOURCES.test(object)) add(scopeListItems(object, start));
  }
  for (const [re, division] of RENEWALS) {
    re.lastIndex = 0;
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
      // "Re-paint crosswalks": where the lexicon reads the verb into a longer phrase of another trade, that reading stands.
      if (readsAsOtherTrade(sentence, m.index, m[0].length, division)) continue;
      if (!NOT_STATED.test(sentence.slice(Math.max(0, m.index - 80), m.index))) add([{ division, phrase: m[0], index: m.index, length: m[0].length, minor: false }]);
    }
  }
  // "The toilet blocks are in need of a refurbishment", "The roof requires replacement": the element to renew.
  const need = NEEDS_RENEWAL.exec(sentence);
  if (need && !NOT_STATED.test(sentence.slice(0, need.index))) {
    const subject = sentence.slice(0, need.index);
    const from = Math.max(0, subject.search(/[^.;:]*$/));
    add(scopeListItems(subject.slice(from), from));
  }
  RATING.lastIndex = 0;
  for (let m = RATING.exec(sentence); m; m = RATING.exec(sentence)) {
    if (/\b(?:existing|current|present|old)\s+$/i.test(sentence.slice(Math.max(0, m.index - 12), m.index))) continue;
    const start = m.index + m[0].length;
    // The rated thing is the first item only: "10 kW photovoltaic system and battery" rates the system.
    add(scopeListItems(objectOf(sentence.slice(start, start + 60)), start).slice(0, 1));
  }
  return out.filter(ownWork(sentence)).sort((a, b) => a.index - b.index);
}

/**
 * "Sub-Contractor for Surface Preparation and Painting", "a qualified roofing subcontractor": a sub-trade the
 * tender requires is work the job has.
 */
const SUB_FOR = /\bsub-?\s?contractors?\s+for\s+(?:the\s+)?/gi;
const SUB_AFTER = /\b((?:[A-Za-z&/-]+\s+){1,4})sub-?\s?contractors?\b/gi;
export function requiredSubTrades(sentence: string): ElementWork[] {
  const out: ElementWork[] = [];
  SUB_FOR.lastIndex = 0;
  for (let m = SUB_FOR.exec(sentence); m; m = SUB_FOR.exec(sentence)) {
    const start = m.index + m[0].length;
    for (const i of scopeListItems(objectOf(sentence.slice(start, start + 100)), start)) if (!i.minor) out.push({ division: i.division, phrase: i.phrase, index: i.index, length: i.length });
  }
  SUB_AFTER.lastIndex = 0;
  for (let m = SUB_AFTER.exec(sentence); m; m = SUB_AFTER.exec(sentence)) {
    // The trade word must end right before "subcontractor": its last item only.
    const items = scopeListItems(m[1]!, m.index).filter((i) => !i.minor);
    const last = items[items.length - 1];
    if (last && last.index + last.length >= m.index + m[1]!.trimEnd().length) out.push({ division: last.division, phrase: last.phrase, index: last.index, length: last.length });
  }
  return out.filter(ownWork(sentence));
}

/**
 * The subject line under a solicitation's heading ("REQUEST FOR PROPOSAL" / "PHOTOVOLTAIC SYSTEM", "INVITATION TO
 * TENDER" / "Window Replacement"): what is solicited. A line of another kind (a number, an owner, a date) names no element.
 */
const SOLICITATION_HEAD = /^\s*(?:request\s+for\s+(?:proposals?|quotations?|quotes?|tenders?|bids?)|invitation\s+(?:to|for)\s+(?:bid|tender|quote)s?|notice\s+(?:to|inviting)\s+(?:bidders|contractors|tenders?)|tender\s+notice|call\s+for\s+(?:tenders?|bids?)|(?:RFP|RFQ|RFT|ITB|ITT|IFB)(?:\s*(?:no\.?|#)?\s*[\w-]+)?)\s*[:.]?\s*$/i;
export function solicitedSubject(lines: readonly string[]): Array<ElementWork & { line: number }> {
  const out: Array<ElementWork & { line: number }> = [];
  for (const [i, line] of lines.entries()) {
    const subject = lines[i + 1];
    // A title, not a sentence: no full stop, most words capitalised ("PHOTOVOLTAIC SYSTEM", "Window Replacement").
    if (!SOLICITATION_HEAD.test(line) || subject === undefined || subject.length > 80 || /[.!?]\s*$/.test(subject) || NOT_STATED.test(subject)) continue;
    const words = subject.match(/[A-Za-z][\w'-]*/g) ?? [];
    if (words.filter((w) => /^[A-Z]/.test(w)).length < words.length * 0.6) continue;
    for (const item of scopeListItems(subject, 0)) if (!item.minor) out.push({ division: item.division, phrase: item.phrase, index: item.index, length: item.length, line: i + 1 });
  }
  return out.filter((w) => ownWork(lines[w.line]!)(w));
}
