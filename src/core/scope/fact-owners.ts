/**
 * The owner stated in a sentence or an inline field (issue #11) — the one reader of who buys the work,
 * with one ordered list of wordings (OWNER_WORDINGS) — as calls for bids word it in every region:
 * "<X> invites sealed bids", "Bids will be received by <X>", "on behalf of <X>", "The Board of Trustees
 * of <X> hereby requests sealed bids", "<Council> has announced a tender", "<X> (the Owner) invites …",
 * "<X> (hereinafter called the Employer)", "<X>, through its Bids and Awards Committee, now invites
 * bids", "<Council> wishes to appoint a contractor", and fields printed inside a line: "Owner: <X> 8810
 * Highway 280 …", "EMPLOYER: <X>", "Procuring Entity: <X>", "Client: <X>", "Prepared for: <X>". Only
 * the legal body: the name ends where its capitalized words end (an address, a clause, a lower-case
 * word), and a person, an office, an agent or a consultant is no owner — `accept` (the caller's test of
 * a buyer's name) has the last word.
 */
import type { PageText } from '../pdf/types.js';
import { titleCase } from './fact-places.js';

export interface OwnerFound {
  value: string;
  page: number;
}

/** Decides whether a captured name is a buyer's; `strong` when the wording says outright that it is. Returns the name to keep. */
export type AcceptOwner = (raw: string, strong: boolean) => string | undefined;

/** A body's name as printed: capitalized words (or capitals) with "of", "and", "the", "&", "No. 318" between them, and a legal suffix. */
const BODY = String.raw`((?:[A-Z][A-Za-z&'’.-]*)(?:\s+(?:[A-Z][A-Za-z&'’.-]*|of|and|the|for|in|&|\d{1,4}\b)){0,14}(?:,?\s+(?:Inc|LLC|Ltd|Limited|Corp|Corporation|Pty\s+Ltd)\b\.?)?)`;
/** "(the “Owner”)", "(hereinafter called the Employer)", "(ECLB)", "(“Council”)": an alias after the name. */
const ALIAS = String.raw`(?:\s*\((?:hereinafter\s+(?:called|referred\s+to\s+as)\s+)?(?:the\s+)?[“"'‘]?[\w .&-]{1,40}?[”"'’]?\))?`;
/** ", in partnership with state grant sources,", ", through its Bids and Awards Committee (BAC),": a clause set off by commas. */
const ASIDE = String.raw`(?:,\s+(?:in\s+partnership\s+with|through|acting\s+through|in\s+association\s+with|in\s+collaboration\s+with)\s[^,]{1,70},)?`;

/** What a buyer does in the sentence that names it. */
const BUYS = String.raw`(?:hereby\s+|now\s+|currently\s+|thanks\s+you\s+for\s+your\s+interest\s+and\s+)?(?:invites|requests|solicits|seeks|calls\s+for|announces|has\s+announced|wishes\s+to\s+(?:appoint|engage|procure|receive)|intends\s+to\s+(?:appoint|engage|procure)|requires|is\s+(?:now\s+|currently\s+)?(?:soliciting|requesting|seeking|accepting|inviting|calling\s+for|receiving|procuring|tendering))`;
/** …and what it asks for: bids, tenders, a contractor. */
const ASKS_FOR = String.raw`(?:(?:[\w-]+\s+){0,3}?(?:bids?|proposals?|tenders?|quotations?|quotes|submissions?|offers|expressions\s+of\s+interest)\b|(?:to\s+(?:hire|appoint|engage|procure)\s+)?(?:an?\s+|the\s+services\s+of\s+(?:an?\s+)?)?(?:(?:suitably|experienced|qualified|competent|licensed|general|main|building|construction|[GM]eneral|Main|Building|Construction)[\s,]+){0,4}(?:[Cc]ontractors?|[Bb]uilders?|[Cc]onstruction\s+[Pp]artner|[Ff]irms?|[Cc]ompanies)\b)`;

/**
 * Where a sentence's subject starts: the line's or a sentence's start, a numbered paragraph ("1.1 The City
 * of …"), a heading's dash or bar, a "The" in mid-line, or the end of a heading in capitals ("… INSTRUCTIONS
 * Elmford City Council requires …").
 */
const SUBJECT_START = String.raw`(?:^\s*(?:\d+(?:\.\d+)*\.?\s+|[A-Za-z][.)]\s+)?|[.;:!?]\s+|\s[—–|-]\s+|(?<=\s)(?=The\s+[A-Z])|(?<=\bthat\s)(?=the\s+[A-Z])|(?<=\b[A-Z]{3,}\s)(?=[A-Z][a-z]))`;
const SUBJECT = String.raw`${SUBJECT_START}(?:[Tt]he\s+|THE\s+)?${BODY}${ALIAS}${ASIDE},?\s+`;

/** The subject of a sentence that calls for bids. */
const CALLER = new RegExp(String.raw`${SUBJECT}${BUYS}\s+${ASKS_FOR}`);
/** "<Authority> proposes to construct a waterline", "<Council> is undertaking a project": the body whose work it is. */
const BUILDS = new RegExp(
  String.raw`${SUBJECT}(?:(?:proposes|intends|plans|wishes)\s+to\s+(?:construct|build|renovate|replace|upgrade|refurbish|rehabilitate|extend|install|carry\s+out|undertake)\b|is\s+(?:spearheading|undertaking|planning|delivering|proposing)\s+(?:a|an|the)\s+[^.]{0,60}?\b(?:[Pp]roject|[Ww]orks|[Ss]cheme|[Pp]rogram(?:me)?)\b)`,
);
/** "The Town of X reserves the right to reject any and all bids": only the buyer reserves that right. */
const RESERVES = new RegExp(String.raw`${SUBJECT}reserves\s+the\s+right\s+to\s+(?:reject|accept|waive|award|cancel)`);
/** "<X> ("District") will receive sealed bids": the receiver named with its alias. */
const RECEIVES = new RegExp(String.raw`${SUBJECT}(?:will|shall)\s+receive\s+(?:sealed\s+|electronic\s+)?(?:bids|proposals|tenders|quotations|offers)\b`);
/** "<X> may also be referred to in this document as County, Municipality, Corporation or Owner". */
const REFERRED_AS_BUYER = new RegExp(
  String.raw`${SUBJECT}(?:may\s+)?(?:also\s+)?(?:be\s+)?(?:hereinafter\s+)?referred\s+to\s+(?:herein\s+|in\s+this\s+(?:document|contract|agreement)\s+)?as\s+(?:the\s+)?[^.]{0,60}?\b(?:Owner|Employer|Client|Principal|Purchaser)\b`,
);
/** "… will be received by the City of Troy at the office of …": a receiver that is a body, not one of its offices. */
const RECEIVED_BY = new RegExp(String.raw`\b(?:will|shall)\s+be\s+received\s+by\s+(?:the\s+)?${BODY}`);
const AN_OFFICE = /^(?:office|department|division|branch|section|unit|bureau)\b/i;

/** "<X> (the Owner)", "<X> (hereinafter called the Employer)": a name defined as the buyer, wherever the sentence goes. */
const DEFINED_AS_BUYER = new RegExp(
  String.raw`(?:^|[.;:,]\s+|\s(?:by|between|from)\s+)(?:[Tt]he\s+|THE\s+)?${BODY}\s*,?\s*\((?:hereinafter\s+(?:called|referred\s+to\s+as|known\s+as)\s+)?(?:the\s+)?[“"'‘]?(?:Owner|Employer|Client|Principal|Purchaser|Procuring\s+Entity)[”"'’]?\)`,
);

/** A role's field inside a line ("… B. Owner: <X> 8810 Highway 280 …", "TENDER NO: 13/09 EMPLOYER: <X>"). */
const ROLE_FIELD = new RegExp(
  String.raw`(?:^|[\s|(])(?:Owner|OWNER|Employer|EMPLOYER|Client|CLIENT|Procuring\s+[Ee]ntity|PROCURING\s+ENTITY|Purchaser|PURCHASER|Principal|PRINCIPAL|Prepared\s+[Ff]or|PREPARED\s+FOR)\s*:\s*${BODY}`,
  'g',
);

/** Words a public or private body's name carries; a field's value without one may be a person's or a place's. */
const BODY_WORDS =
  'board|trustees?|council|authority|district|county|city|town|township|village|borough|municipality|shire|parish|state|province|provincial|ministry|department|university|college|school|schools|academy|institute|hospital|corporation|company|commission|agency|administration|government|church|diocese|trust|foundation|society|association|bank|system|services|utility|utilities|power|light|energy|water|housing|port|airport|library|museum|partnership|group|entity|division|office|bishop|presiding|international';
const BODY_WORD = new RegExp(String.raw`\b(?:${BODY_WORDS})\b`, 'i');

/** Words that name a kind of body, not one body: "School District", "City Council" alone name nobody. */
const GENERIC_WORD = new RegExp(String.raw`^(?:${BODY_WORDS}|public|regional|unified|independent|community|national|federal|local|municipal|consolidated|joint|the|of|and|for|in|&|no\.?|\d+)$`, 'i');
const namesOne = (name: string) => name.split(/\s+/).some((w) => !GENERIC_WORD.test(w.replace(/[.,]$/, '')));

/** A name that runs on into its address ("Public Board of Education 8810 Highway 280"): the name stops before the street number ("District No. 318 in Elm" keeps its number). */
const trimTail = (s: string) =>
  s
    // "FORM OF QUOTATION INSTRUCTIONS Elmford City Council": a heading in capitals run into the name.
    .replace(/^(?:[A-Z]{2,}[\s&]+){2,}(?=[A-Z][a-z])/, '')
    .replace(/\s+\d{1,5}[A-Z]?\s+(?:[NSEW]\.?\s+)?[A-Z].*$/, '')
    .replace(/(?:\s+(?:of|and|the|for|in|&|\d+))+$/i, '')
    .trim();

/** A name as calls for bids print it before "invites", after "received by", "on behalf of" (ten words at most). */
const ORG_NAME = String.raw`((?:[A-Z][\w&'’.-]*)(?:\s+(?:[A-Z][\w&'’.-]*|of|and|the|for|&|\d{1,4}\b)){0,9}(?:,?\s+(?:Inc|LLC|Ltd|Limited|Corp|Corporation|Pty\s+Ltd)\b\.?)?)`;

/** One wording of who buys the work. */
interface OwnerWording {
  re: RegExp;
  /** The wording says outright that the name is the buyer's (`accept` then takes any capitalized name). */
  strong: boolean;
  /** A receiver or a builder: only a body (a body's word in its name), not one of its offices. */
  body?: boolean;
  /**
   * The name kept as ORG_NAME bounds it ("District No. 318", "the School Authority"): a call for bids prints
   * the buyer's whole name there. Other wordings' wider BODY is trimmed at its address and must name one body.
   */
  asPrinted?: boolean;
}

/**
 * Every wording that names the buyer, in the order they are believed: a call for bids' subject, a principal
 * "on behalf of" whom an agent acts, a receiver or a tender's runner, a name defined as the owner, a caller in
 * other words, a receiver, the one who reserves the right to reject bids, a body that receives bids or builds.
 */
const OWNER_WORDINGS: OwnerWording[] = [
  // "New Hanover County Schools invites general contractors to bid …", "The City of X requests sealed bids …".
  {
    re: new RegExp(String.raw`(?:^|[.;:] +)(?:[Tt]he +)?${ORG_NAME} +(?:hereby\s+)?(?:invites|requests|solicits|seeks|is\s+(?:soliciting|requesting|seeking|accepting|inviting|calling\s+for))\s+(?:sealed\s+)?(?:bids|proposals|tenders|submissions|quotations|quotes|general\s+contractors|qualified|contractors)\b`),
    strong: false,
    asPrinted: true,
  },
  // "… on behalf of the School Authority": the buyer when its words say it is one ("on behalf of Facilities Operations" names a department).
  { re: new RegExp(String.raw`\b[Oo]n\s+behalf\s+of\s+(?:the\s+)?${ORG_NAME}`), strong: false, asPrinted: true },
  // "Sealed bids will be received by the <Org>", "The procurement process is being conducted by <Org>", "<Org> in <Town>, <State> will receive sealed bids", "Notice is hereby given by <Org> that sealed bids …".
  { re: new RegExp(String.raw`\b(?:[Bb]ids|[Pp]roposals|[Tt]enders|[Qq]uotations|[Qq]uotes|[Oo]ffers|[Ss]ubmissions)\s+(?:will|shall)\s+be\s+received\s+by\s+(?:the\s+)?${ORG_NAME}`), strong: true, asPrinted: true },
  { re: new RegExp(String.raw`\b(?:[Pp]rocurement|[Tt]ender(?:ing)?|[Bb]idding|[Ss]olicitation)(?:\s+process)?\s+is\s+(?:being\s+)?(?:conducted|run|managed)\s+by\s+(?:the\s+)?${ORG_NAME}`), strong: true, asPrinted: true },
  {
    re: new RegExp(String.raw`(?:^|[.;:]\s+)(?:[Tt]he\s+)?${ORG_NAME}(?:,?\s+(?:in|of)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)?)?,?\s+(?:will|shall)\s+receive\s+(?:sealed\s+)?(?:bids|proposals|tenders|quotations)\b`),
    strong: true,
    asPrinted: true,
  },
  { re: /\b[Nn]otice\s+is\s+hereby\s+given\s+by\s+(?:the\s+)?((?:[A-Z][\w&'’.-]*|of|and|the)(?:\s+(?:[A-Z][\w&'’.-]*|of|and|the)){1,10}?)\s+that\s+(?:sealed\s+)?(?:bids|proposals|tenders)\b/, strong: true, asPrinted: true },
  { re: DEFINED_AS_BUYER, strong: true },
  { re: REFERRED_AS_BUYER, strong: true },
  { re: CALLER, strong: true },
  { re: RECEIVES, strong: true },
  { re: RESERVES, strong: true },
  { re: RECEIVED_BY, strong: true, body: true },
  { re: BUILDS, strong: true, body: true },
];

/** "… Purchasing Division is requesting proposals on behalf of Facilities …": what follows makes the named one an agent, not the owner. */
const FOR_ANOTHER = /^\W*(?:\w+\W+){0,3}on\s+behalf\s+of\b/i;

/** A next line that goes on with a name: a capitalized word that is not a clause's small word ("For the Alteration …" starts the work's). */
const SMALL_WORD_FIRST = /^(?:for|of|and|the|to|in|at|on|by|with)\b/i;
const nameGoesOn = (next: string) => /^[A-Z]/.test(next.trim()) && !SMALL_WORD_FIRST.test(next.trim());

/** The owner named by a sentence that calls for bids or defines the buyer, on the first pages. */
export function ownerInSentences(pages: PageText[], accept: AcceptOwner): OwnerFound | undefined {
  for (const page of pages) {
    const joined = page.lines.join(' ').replace(/\s+/g, ' ');
    for (const { re, strong, body, asPrinted } of OWNER_WORDINGS) {
      // Each line on its own first (a heading above the sentence is no part of the name), then wrapped lines joined.
      // A name that runs to its line's end on a name's word may go on in the next ("… received by Elm County School" / "District at …"): read on.
      const onLine = (l: string, i: number) => {
        const m = re.exec(l);
        return m && m.index + m[0].length === l.trimEnd().length && !/\b(?:of|and|the|for|in|&)$/i.test(m[1] ?? '') && nameGoesOn(page.lines[i + 1] ?? '') ? re.exec(`${l} ${page.lines[i + 1]!.trim()}`) : m;
      };
      const hits = [...page.lines.map(onLine), re.exec(joined)].filter((x): x is RegExpExecArray => x !== null);
      for (const m of hits) {
        if (FOR_ANOTHER.test(m.input.slice(m.index + m[0].length))) continue;
        const name = asPrinted ? (m[1] ?? '') : trimTail(m[1] ?? '');
        if ((!asPrinted && !namesOne(name)) || (body && (AN_OFFICE.test(name) || !BODY_WORD.test(name)))) continue;
        const value = accept(name, strong);
        if (value) return { value, page: page.page };
      }
    }
  }
  return undefined;
}

/** The owner printed in a role's field inside a line: its name up to the address or the next field. */
export function ownerInField(pages: PageText[], accept: AcceptOwner): OwnerFound | undefined {
  for (const page of pages) {
    for (let i = 0; i < page.lines.length; i++) {
      // A field's value may wrap onto the next line ("Owner: Corporation of … of Jesus" / "Christ of …").
      const line = page.lines[i]!;
      const text = `${line} ${page.lines[i + 1] ?? ''}`;
      for (const m of text.matchAll(ROLE_FIELD)) {
        if (m.index >= line.length) break;
        // A field's value is the name as printed ("THE VISITOR IN …" keeps its article), in capitals set in title case.
        const raw = trimTail(m[1]!);
        if (!BODY_WORD.test(raw) || !namesOne(raw)) continue;
        const value = accept(raw, true);
        if (value) return { value: titleCase(value), page: page.page };
      }
    }
  }
  return undefined;
}
