/**
 * Lines that cannot be a project's name whatever their type size or words (issue #11): a wrong name
 * in an invitation is worse than none. Each form is a fragment a reader met on real documents — the
 * tail of a title cut at its line end, a contents entry, a reference to a code or to other divisions,
 * a bid table's heading, a notice board's category, a pay item, a letterhead's agency line.
 * `project-facts.ts` asks `notAName` of every candidate before its other checks.
 */

import { placesIn, streetIn } from './fact-places.js';

/**
 * "… HOUSE AT", "… INTO A": a title cut at its line end needs the next word; "CITY OF" at the end is an owner starting;
 * "… CONSTRUCTION OF NEW": an adjective that stands before its noun (new, existing, proposed) is cut from it.
 */
const ENDS_OPEN = /\b(?:at|of|for|the|to|and|or|in|on|a|an|with|from|into|by|any|each|every|such|its|their|these|those|new|existing|proposed|additional|&)$/i;
const OWNER_STARTS = /\s+(?:the\s+)?(?:city|town|county|village|township|district|municipality|state)\s+of$/i;

/** "FOR CONCESSIONS BUILDING", "OF THE TOWN HALL": the tail of a line above ("SPECIFICATIONS FOR"), not a title's start. */
const STARTS_OPEN = /^(?:for|of|at|to|and|or|in|on|by|with|from|into)\s/i;

/** "2.2. Construction Contracts", "1.4 Location of Work", "3) Scope": a list or clause number opens it. */
const LIST_NUMBER = /^(?:\d+(?:\.\d+)+\.?|\d+[.)]|[A-Za-z][.)]|\(\w{1,3}\))\s/;

/** "• Street light pole and fixture replacements", "- Version": a bullet opens an entry of a list (of works, of a page's fields), not a title. */
const BULLET = /^[•·▪◦●○■□‣⁃∙*–—-]\s/;

/** "2.01High School Roof …": a clause number glued to the heading after it (text extraction lost the space). */
const GLUED_CLAUSE_NUMBER = /^\d+(?:\.\d+)+\.?(?=[A-Z])/;

/** "211313- 1", "26 05 19 - 4", "01310-1", "Section 01400": a specification section's page footer (its number, a dash, the page) or a reference to one. */
const SECTION_PAGE_FOOTER = /\b(?:\d{5,6}|\d{2}\s\d{2}\s\d{2})\s?[-–]\s?\d{1,3}\b|\bsection\s+\d{5,6}\b/i;

/** "CONSTRUCTION STANDARD SPECIFICATION", "Master Guide Specification": an owner's standard document, written for no one project. */
export const STANDARD_DOCUMENT = /\b(?:standard|master|guide|typical|model)\s+(?:guide\s+)?specifications?\b/i;

/** ">= 90 Ton capacity", "1,500 MBH", "≤ 25 psi": a requirement's value — a comparison or an equipment rating. */
const REQUIREMENT_VALUE = /[<>≤≥]|\b\d[\d,.]*\s*(?:tons?|mbh|btuh?|cfm|gpm|psi|hp|kva|amps?)\b|\bcapacity\b/i;

/** Words that designate a part or an issue of a project ("Phase", "Stage", "Package"), not the project. */
const DESIGNATOR = /^(?:phase|part|stage|package|contract|section|volume|issue|revision|sheet|page|item|unit|lot)$/i;
/** "D.G.S. 962-29 Phase 1 TC-1": numbers, initials and designators only — a reference, no name. */
const referenceOnly = (s: string) => !(s.match(/[A-Za-z]{4,}/g) ?? []).some((w) => !DESIGNATOR.test(w));

/** "Springfield, for the PAVILION …": a sentence's clause after a place, not the start of a title. */
const CLAUSE_TAIL = /^[A-Z][\w.'’-]*,\s+(?:for|at|in|on|of|by|to|and|with|from|which|who|that)\s/;

/** "Construction Contracts 8 3. PROPOSAL 8": a contents entry's page number run into the next entry. */
const PAGE_RUN_ON = /[A-Za-z]\s+\d{1,3}\s+\d+(?:\.\d+)*\.\s+[A-Z]/;

/** "01 3216 Construction Progress Schedules", "233113 Ducts Work": a contents entry's section number before its title. */
const SECTION_NUMBER = /\b\d{2}\s\d{4}\s+[A-Z]|\b\d{2}\s?\d{2}\s?\d{2}\s+[A-Z][a-z]/;

/** "Division 12 - FURNISHINGS, Division 13 …": a line of related work naming other divisions. */
const DIVISION_REFERENCE = /\bdivisions?\s+\d{1,2}[A-Z]?\b/i;

/** "2007 Florida Building Code (FBC) with current 2009 Supplements", "ASTM C 150": a code or standard cited. */
const CODE_CITATION =
  /\b(?:building|fire|plumbing|mechanical|electrical|energy|residential|life\s+safety)\s+codes?\b|\b(?:latest|current)\s+editio|\bpublication\s+\d|\bsupplements?\b|\b(?:ASTM|ANSI|NFPA|ASHRAE|SMACNA|AISC|ACI|AWS|IEEE|ISO|UL|NEC|IBC|IPC|IMC|FBC|CBC)\s*[A-Z]?\s*\d|\((?:IBC|IPC|IMC|FBC|CBC|NEC|NFPA|ADA|ASTM)\)|\b(?:19|20)\d{2}\s+edition\b/i;

/** "Location ABC (PhP) Contract Duration": the headings of a table of lots or items, run into its first row. */
const TABLE_HEADINGS = ['item', 'items', 'description', 'qty', 'quantity', 'unit', 'rate', 'amount', 'total', 'location', 'abc', 'budget', 'duration'];
function tableHeadings(s: string): boolean {
  const words = s.toLowerCase().replace(/\([^)]*\)/g, ' ').match(/[a-z]+/g) ?? [];
  // Two headings side by side, at most one word apart ("Contract Duration" counts as "duration").
  for (let i = 0; i < words.length; i++) {
    if (!TABLE_HEADINGS.includes(words[i]!)) continue;
    if (TABLE_HEADINGS.includes(words[i + 1] ?? '') || TABLE_HEADINGS.includes(words[i + 2] ?? '')) return true;
  }
  return false;
}

/** "School Districts", "Counties", "State Agencies": a notice board's category — kinds of buyers, in the plural. */
const BOARD_CATEGORY = /^(?:[A-Za-z]+\s+){0,2}(?:districts|agencies|departments|municipalities|counties|cities|towns|authorities|universities|colleges|schools|governments|utilities)$/i;

/**
 * "CONSTRUCTION ENGINEERING", "MOBILIZATION", "FIELD OFFICE": a pay item or a kind of work, every word
 * generic — a project's name names something (a place, a building, an owner) besides the kind of work.
 */
const GENERIC_WORDS = new Set(
  'construction activity activities engineering engineer mobilization demobilization maintenance traffic control field office general conditions requirements services service works work temporary facilities site preparation clearing grubbing erosion testing inspection surveying layout staking contingency allowance insurance bonds bond permits lump sum and of the for'.split(
    ' ',
  ),
);
const genericOnly = (s: string) => {
  // A lone letter ("… ACTIVITY K") is a note's key or a cut word, not a name's.
  const words = (s.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => w.length > 1);
  return words.length > 0 && words.every((w) => GENERIC_WORDS.has(w));
};

/** "NORTHERN STATE HIGHWAY ADMINISTRATION OFFICE OF …": an agency's letterhead line names who writes, not the work. */
const AGENCY_LINE = /\b(?:administration|ministry\s+of|department\s+of|office\s+of|bureau\s+of|procurement\s+(?:division|office|services)|purchasing\s+(?:division|department|office))\b/i;

/** "CONSTRUCTION DOCUMENTS SO THAT THE ARCHITECTURAL, …", "… SHALL BE …": a note's sentence wrapped onto a line of its own. */
const NOTE_CLAUSE = /\b(?:so\s+that|in\s+order\s+to|such\s+that|shall|must)\b/i;

/** "… REGULATIONS. HOWEVER, IF THE", "… work. The Contractor": a sentence ends and the next one starts inside the line. */
const NEXT_SENTENCE = /[a-z]{3}\.\s+(?:however|therefore|furthermore|moreover|otherwise|if|where|when|unless|the|this|these|all|any|each|no)\b/i;

/** "HOUSING, OFFICES … FOR THE ENGINEER'S SITE": a contract's party holding something — a clause or a bill item, not a title. */
const PARTY_POSSESSIVE = /\bthe\s+(?:engineer|contractor|employer|consultant|sub-?contractor|supervisor)['’]s\b/i;

/** "FINISHING THE ROAD AND …", "PROVIDING THE …": a verb's "-ing" and its object open a bill item or an instruction; a name opens on what is built. */
const GERUND_OPENING = /^[A-Za-z]{3,}ing\s+the\s/i;

/** "… 100% Construction Documents", "… 95% CD": the set's progress stamp printed beside the name, not the name (an "Issued for …" status is trimmed by the caller). */
const ISSUE_STAMP = /\b\d{2,3}\s?%\s+(?:construction|design|bid|tender|contract|submittal|review|cd|dd)\b/i;

/** "Project ID", "Project Name:", "Tender No.": a form's label whose value is printed elsewhere. */
const FORM_LABEL = /^(?:project|job|contract|tender|bid|solicitation|work)\s+(?:id|no\.?|number|name|title|location|code|ref(?:erence)?|description)\s*[:.]?$/i;

/** "PHASE 1 MODERNIZATION Page 1 Measure T …": a page header's words run into the title. */
const PAGE_MARK = /\bpage\s+\d{1,4}\b/i;

/**
 * "Secretary General", "Assistant Engineer, … Campus": a person's title — a signature block or the
 * officer an address is for, never a project or an owner.
 */
/**
 * Officers who sign, receive or handle a buyer's paper: the one list behind a signature block's title
 * (here) and a buyer sentence's agent ("received by the City Clerk", project-facts.ts).
 */
export const OFFICER = String.raw`(?:engineer|architect|secretary|director|manager|officer|superintendent|registrar|clerk|commissioner|administrator|treasurer|controller|comptroller)`;
const PERSON_TITLE = new RegExp(String.raw`^(?:(?:assistant|associate|deputy|executive|chief|senior|principal|district|county|city|general)\s+)?${OFFICER}(?!['’])\b`, 'i');
export const isPersonTitle = (s: string): boolean => PERSON_TITLE.test(s.trim()) && s.trim().split(/\s+/).length <= 3 && !/\b(?:of|for)\b/i.test(s);

/** "Regional Secretariat ELM GROVE ROAD": a line that ends on its street's name is an address, not a project. */
const ADDRESS_END = /\b(?:road|rd|street|st|avenue|ave|boulevard|blvd|lane|ln|drive|dr|highway|hwy|way)\.?$/i;

/**
 * "OA OVERALL CEM CEMENT OB OBSCURE": an abbreviation list — two or more short capitals each followed
 * by the word they abbreviate (same first letter, the letters in order).
 */
function abbreviationRun(s: string): boolean {
  const words = s.split(/\s+/);
  let pairs = 0;
  for (let i = 0; i + 1 < words.length; i++) {
    const [abbr, word] = [words[i]!, words[i + 1]!.replace(/\W+$/, '')];
    if (!/^[A-Z]{2,5}\.?$/.test(abbr) || word.length <= abbr.length + 1 || abbr[0] !== word[0]!.toUpperCase()) continue;
    let at = 0;
    for (const ch of word.toUpperCase()) if (ch === abbr[at]) at++;
    if (at >= abbr.replace('.', '').length) pairs++;
  }
  return pairs >= 2;
}

/** "… Inc., Springfield; Acme Co., …", "Armstrong, USG or approved equal": a list of makers or firms. */
const MAKER_LIST = /\bor\s+(?:an?\s+)?(?:approved\s+)?equal\b|;|\b(?:inc|llc|ltd|corp|co)\b\.?,?.*\b(?:inc|llc|ltd|corp|co)\b/i;

/** "Jane Roe Director Purchasing and …", "John Q. Public, Manager": a person's name then their title — a letterhead. */
const PERSON_NAME_THEN = /^[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z'’-]+,?\s+(.*)$/;
const personThenTitle = (s: string) => PERSON_TITLE.test(PERSON_NAME_THEN.exec(s)?.[1] ?? '');

/** "Suite 200", "P.O. Box 12", "City Hall, 18th Floor": an office's address words. */
const OFFICE_ADDRESS = /,\s*\d+\s?(?:st|nd|rd|th)\s+floor\b|\b(?:suite|ste\.?)\s+\d|\bp\.?\s?o\.?\s+box\b/i;

/** "Yours truly, Jane Roe Manager …": a letter's sign-off. */
const SIGN_OFF = /^(?:yours\s+(?:truly|faithfully|sincerely)|sincerely|(?:kind\s+|best\s+)?regards|respectfully(?:\s+submitted)?)\b/i;

/** "Acme Construction, Inc. $ 1,700,962.50", "2 Generator Room 10,312.00": a priced line of a bid tabulation or a bill. */
const PRICED = /[$£€₹]\s?\d|\b\d{1,3}(?:,\d{3})+\.\d{2}\b|\b\d+\.\d{2}$/;

/** "2 1.4 REVISIONS TO PROJECT MANUAL": a page number, then a clause number, then a heading. */
const NUMBERED_HEADING = /^\d{1,3}\s+\d{1,2}(?:\.\d{1,2})+\.?\s/;

/** "Proposed improvements consist of …", "The work comprises …": a scope sentence, not a title. */
const SCOPE_SENTENCE = /\b(?:consists?|consisting|comprises?|comprising|involves?|involving)\s+(?:of\s+)?/i;

/** "CONTRACTOR'S COPY", "FILE COPY", "CLIENT DEPARTMENT": a document-control or routing stamp. */
const CONTROL_STAMP = /\b(?:\w+['’]s|file|office|controlled|uncontrolled|original|record|reference|duplicate)\s+copy\b|\bcopy\s+(?:no\.?|#)\s*\d|\bclient\s+department\b/i;

/** "BILL NO. 3 SUBSTRUCTURE", "GRAND SUMMARY", "CARRIED TO COLLECTION": a bill of quantities' heading, not the work's name. */
const BILL_HEADING = /^(?:bill\s+(?:no\.?\s*)?\d+|(?:grand\s+|general\s+)?summary|collection|carried\s+(?:forward|to)|brought\s+forward|preliminar(?:y|ies)(?:\s+and\s+general\s+items)?|provisional\s+sums?|schedule\s+of\s+(?:rates|prices|quantities))\b/i;
/** "Drilling, Installation, Development, and testing of …": a bill item's list of activities. */
const ACTIVITY_LIST = /\b[A-Za-z]+(?:ing|ion|ment)s?,\s+[A-Za-z]+(?:ing|ion|ment)s?,\s+(?:and\s+)?[A-Za-z]+(?:ing|ion|ment)s?\b/;

/**
 * "Ministry of Works / Government Offices Complex, Block C / 12 Harbour Road, …": the line between an
 * organization's name and its street (or P.O. Box) is the building its office is in — the letterhead's address, not the title.
 */
export function letterheadBuilding(above: string, below: string, isOrganization: (s: string) => boolean): boolean {
  const street = (l: string) => ADDRESS_END.test(l.split(',')[0]!.trim()) || streetIn(l) !== undefined || /\bp\.?\s?o\.?\s+box\b/i.test(l);
  return (isOrganization(above) || AGENCY_LINE.test(above)) && street(below);
}

/** True when `s` ends on a word that needs a next one: a title cut at its line end. */
export const endsOpen = (s: string) => ENDS_OPEN.test(s.replace(OWNER_STARTS, ''));

/**
 * Why `s` is no project name, or undefined when none of these forms fits. `open` lets a line that ends
 * open through: the caller joins it with the line it continues on, and asks again of the whole.
 */
export function notAName(s: string, open = false): string | undefined {
  if (!open && endsOpen(s)) return 'cut at its line end';
  if (STARTS_OPEN.test(s)) return 'it opens on a word that continues a line above';
  if (LIST_NUMBER.test(s) || GLUED_CLAUSE_NUMBER.test(s)) return 'a list number opens it';
  if (BULLET.test(s.trim())) return 'a bullet opens it (an entry of a list)';
  if (SECTION_PAGE_FOOTER.test(s)) return "a specification's page footer";
  if (STANDARD_DOCUMENT.test(s)) return "an owner's standard specification";
  if (REQUIREMENT_VALUE.test(s)) return "a requirement's value";
  if (referenceOnly(s)) return 'a reference (numbers and designators), no name';
  if (CLAUSE_TAIL.test(s)) return "a sentence's clause";
  if (PAGE_RUN_ON.test(s)) return 'a contents line';
  if (SECTION_NUMBER.test(s)) return "a spec section's number";
  if (DIVISION_REFERENCE.test(s)) return 'a reference to divisions';
  if (CODE_CITATION.test(s)) return 'a code or standard cited';
  if (tableHeadings(s)) return "a table's headings";
  if (BOARD_CATEGORY.test(s)) return "a notice board's category";
  if (genericOnly(s)) return 'a pay item or kind of work';
  if (NOTE_CLAUSE.test(s) || NEXT_SENTENCE.test(s)) return "a note's sentence";
  if (GERUND_OPENING.test(s.trim())) return 'a bill item or an instruction (a verb and its object)';
  if (PARTY_POSSESSIVE.test(s)) return "a contract party's item (a clause or a bill item)";
  if (ISSUE_STAMP.test(s)) return "the set's issue stamp";
  if (FORM_LABEL.test(s.trim())) return "a form's label";
  if (PAGE_MARK.test(s)) return "a page header's words";
  if (PERSON_TITLE.test(s.trim())) return "a person's title (a signature block)";
  if (ADDRESS_END.test(s.trim())) return 'an address line';
  if (abbreviationRun(s)) return 'an abbreviation list';
  if (MAKER_LIST.test(s)) return "a list of makers or firms";
  if (personThenTitle(s.trim()) || OFFICE_ADDRESS.test(s) || SIGN_OFF.test(s.trim())) return "a letterhead or a signature (a person's title, an office)";
  if (PRICED.test(s)) return 'a priced line (a bid tabulation or a bill)';
  if (NUMBERED_HEADING.test(s.trim())) return 'a numbered heading';
  if (SCOPE_SENTENCE.test(s)) return 'a scope sentence';
  if (CONTROL_STAMP.test(s)) return 'a document-control stamp';
  if (BILL_HEADING.test(s.trim()) || ACTIVITY_LIST.test(s)) return "a bill of quantities' heading or item";
  // "OFFICE RENOVATION – AT CITY OF ELMTOWN DEPARTMENT OF …" names the work first: only a line that opens with the agency is its letterhead.
  const agency = AGENCY_LINE.exec(s);
  if (agency && !/(?:^|\s)(?:[–—-]|at|for|in|of|to)\s/i.test(s.slice(0, agency.index))) return "an agency's letterhead line";
  return undefined;
}

/**
 * Labels whose value is the project's name, in the forms forms print: "Project:", "Project Name:",
 * "Project Title", "Re:", "Bid Title:", "Tender Title", "Contract Title", "Name of Work:" (India),
 * "Name of the Project", "Title of Works", and a memo's or addendum's "Subject:".
 */
export const NAME_FIELD_LABEL =
  /^(?:project|project\s+(?:name|title)|name\s+of\s+(?:the\s+)?(?:project|works?|contract|scheme|assignment)|title\s+of\s+(?:the\s+)?(?:project|works?|contract|tender)|(?:bid|tender|contract|solicitation|rfp|rfq|itb|job|works?)\s+(?:title|name)|re|subject)$/;

/** Where a labelled name runs into what follows it: a sentence, a project number, a document's heading. */
const FIELD_NAME_STOP = /[.!?]\s+[A-Z][a-z]|\s\(?(?:\d[\d.\-/]{4,}\d|(?:bid|project|contract)?\s*#\s*\d)|\s(?:ADDENDUM|SECTION|NOTICE|DIVISION|PAGE|SHEET)\b|\s(?:Addendum|Section|Page)\s+(?:No\.?\s*)?\d/;
/** "Re: Request for Information No. 5", "Re: Award of Contract": a letter's subject that is a paper about the project, not its name. */
const PAPER_SUBJECT = /^(?:request\s+for\s+information|rfi\b|change\s+order|submittals?\b|transmittal|(?:pre-?bid\s+)?meeting|minutes|award\s+of|bid\s+(?:results|tabulation|opening)|notice\s+of|acknowledg|clarification|addend|questions?\b|response\s+to)/i;

/** "… Renovations Elm County, Georgia": a county and its state printed after the name. */
const COUNTY_TAIL = /\s+[A-Z][\w'’-]*\s+(?:County|Parish|Shire|District)\s*,\s*[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?\.?$/;

/** A labelled value without the place printed after the name ("… MIDDLE SCHOOLS Springfield, Ohio"). */
function withoutTrailingPlace(v: string): string {
  const county = COUNTY_TAIL.exec(v);
  if (county) return v.slice(0, county.index);
  const place = placesIn(v).pop();
  if (!place) return v;
  let cut = place.index;
  if (place.city) {
    const at = v.toLowerCase().lastIndexOf(place.city.toLowerCase(), place.index + 1);
    if (at >= 0 && at < cut) cut = at;
  }
  return v.slice(0, cut);
}

/**
 * The name in a labelled field's value, or undefined: the value is cut where a sentence, a number or a
 * heading starts and where a place is printed after the name; a value still longer than a title is
 * prose, not a name.
 */
/** "Invitation to Bid ITB Flooring Replacement": the kind of solicitation printed before the name. */
const SOLICITATION_KIND = /^(?:(?:(?:invitation|request)\s+(?:to|for)\s+(?:bids?|tenders?|proposals?|quotations?)|notice\s+to\s+bidders|ITB|IFB|RFP|RFQ|RFT)\b[\s:#–—-]*)+(?=\S+\s+\S)/i;

export function nameInField(value: string): string | undefined {
  const stop = FIELD_NAME_STOP.exec(value);
  const head = (stop ? value.slice(0, stop.index) : value).replace(SOLICITATION_KIND, '');
  const name = withoutTrailingPlace(head.replace(/\s+/g, ' ').trim()).replace(/[\s,;:–—-]+$/, '').trim();
  if (!name || name.split(' ').length > 16 || PAPER_SUBJECT.test(name)) return undefined;
  return name;
}

/** Words that end an owner's name and seldom stand inside a project's: "… WATER AND SEWER AUTHORITY", "… BOROUGH COUNCIL", "BOARD OF EDUCATION". */
const OWNER_END = String.raw`(?:AUTHORITY|COMMISSION|COUNCIL|AGENCY|CORPORATION|TRUST|DISTRICT|BOARD(?:\s+OF\s+(?:EDUCATION|TRUSTEES|SUPERVISORS|COMMISSIONERS|DIRECTORS))?)`;
/** "CITY OF PORT ELM …": a town's name is one word, or two when the first is a prefix or the second a suffix of town names. */
const TOWN_NAME = String.raw`(?:(?:FORT|PORT|SAN|SANTA|ST\.?|SAINT|LOS|LAS|EL|LA|NEW|NORTH|SOUTH|EAST|WEST|MOUNT|MT\.?|LAKE|GRAND|PALM|HIGH|GREAT|LITTLE|UPPER|LOWER|CAPE|GLEN)\s+[A-Z][A-Z'’-]+|[A-Z][A-Z'’-]+(?:\s+(?:SPRINGS|CITY|BEACH|FALLS|HEIGHTS|VALLEY|HILLS|CREEK|RAPIDS|HARBOR|HARBOUR|JUNCTION|VILLAGE|PARK|GROVE|RIDGE|POINT|BAY))?)`;
const OWNER_THEN_NAME = [
  new RegExp(String.raw`^((?:THE\s+)?[A-Z][A-Z&'’.-]*(?:\s+(?:[A-Z][A-Z&'’.-]*|OF|AND|&)){0,7}?\s+${OWNER_END})\s+(\S.*)$`),
  new RegExp(String.raw`^((?:THE\s+)?(?:CITY|TOWN|COUNTY|VILLAGE|BOROUGH|TOWNSHIP|MUNICIPALITY|PROVINCE|STATE|UNIVERSITY|REGION|SHIRE|DISTRICT|PARISH)\s+OF\s+${TOWN_NAME})\s+(\S.*)$`),
];

/**
 * An all-capitals header that prints the owner, then the project ("CITY OF SPRINGFIELD WATER TREATMENT
 * PLANT UPGRADE", "ELM VALLEY WATER AND SEWER AUTHORITY K STREET WATERLINE"): split where the owner's
 * name ends, when what follows names a kind of work (`isWork`). Undefined when the header is not so.
 */
export function ownerBeforeName(s: string, isWork: (rest: string) => boolean): { owner: string; name: string } | undefined {
  if (s !== s.toUpperCase()) return undefined;
  for (const re of OWNER_THEN_NAME) {
    const m = re.exec(s.trim());
    if (m && m[2]!.split(/\s+/).length >= 2 && isWork(m[2]!)) return { owner: m[1]!, name: m[2]! };
  }
  return undefined;
}

/** A run of title words: capitalized words and the small words titles keep lower-case — not "at", "in", "on", which in a sentence start the place. */
const TITLE_RUN = String.raw`(?:[A-Z0-9][\w'’&/-]*)(?:\s+(?:[A-Z0-9][\w'’&/.-]*|of|the|and|to|for|-|–))*`;

/**
 * Sentences that say which project the document is for, each with the name's group:
 *  - "… requests sealed bids for construction work on the <name> project", "… on the <name>.";
 *  - "Tender for <name>", "Request for Tenders for <name>", "Request for Tender: <name>" opening a line (UK, AU, NZ, CA notices), or "Request for Proposals: <name>";
 *  - "CONTRACT NO. 16-091 FOR <NAME IN CAPITALS>", "TENDER CALL NO. … FOR …";
 *  - "Sealed proposals will be received by the <owner> for the <Name>, <Town>" (a title in capitals and small words);
 *  - "… to discuss the <Name> (the “Project”)": the name the document defines as the project.
 * `strong` forms say outright that what they name is the project; the others must name a kind of work.
 */
const NAME_SENTENCES: Array<{ re: RegExp; strong: boolean; capital?: boolean }> = [
  { re: /\bfor\s+construction\s+work\s+(?:on|at|for)\s+(?:the\s+)?([^.;()]{4,140}?)(?:\s+project\b|\s*\(|\.(?:\s|$))/, strong: true },
  { re: /^(?:tender|invitation\s+to\s+tender|request\s+for\s+(?:tenders?|quotations?|proposals?))(?:\s+for|\s+[–—-])\s+(?:the\s+)?([A-Z].{3,140})$/im, strong: true },
  // After a colon the words must be printed as a name (a capital first letter): "Request for Tender: see the attached" is an instruction.
  { re: /^(?:tender|invitation\s+to\s+tender|request\s+for\s+(?:tenders?|quotations?|proposals?))\s*:\s+(?:the\s+)?([A-Z].{3,140})$/im, strong: true, capital: true },
  // "Invitation to Bid: …", "Request for Bids: …", or a colon line the strong form above does not take: the name after the colon.
  { re: /^(?:tender|invitation\s+to\s+(?:tender|bid)|request\s+for\s+(?:tenders?|quotations?|proposals?|bids?))\s*:\s*(?:the\s+)?([A-Z][^.]{3,140}?)\.?$/im, strong: false },
  { re: /\b(?:CONTRACT|TENDER|BID|RFP|RFQ|ITB|SOLICITATION)(?:\s+CALL)?\s+NO\.?\s*[\w./-]+\s+FOR\s+(?:THE\s+)?([A-Z0-9][A-Z0-9&'’/-]*(?:\s+[A-Z0-9&'’/-]+){1,12})(?=\s*[,;.]|\s+[A-Z][a-z]|\s*$)/, strong: false },
  { re: new RegExp(String.raw`(${TITLE_RUN})\s*\((?:the\s+|hereinafter\s+(?:called\s+|referred\s+to\s+as\s+)?(?:the\s+)?)?["“”]Project["“”]\)`), strong: true },
  { re: new RegExp(String.raw`\b(?:[Bb]ids|[Pp]roposals|[Tt]enders|[Qq]uotations)\b[^.]{0,120}?\bfor\s+the\s+(?!(?:Owner|Contractor|City|Town|County|Village|District|Board|Architect|Engineer)\b)(${TITLE_RUN})(?=,|\.|\s+(?:in|at|located)\s)`), strong: false },
];

/** The project's name as a sentence states it in `text` (a page's lines joined), or undefined; `isWork` checks a weak form names a kind of work. */
export function nameInSentence(text: string, lines: string[], isWork: (s: string) => boolean): string | undefined {
  for (const { re, strong, capital } of NAME_SENTENCES) {
    const m = re.flags.includes('m') ? lines.map((l) => re.exec(l)).find((x) => x) : re.exec(text);
    const name = m?.[1]?.replace(/(?:\s+(?:of|the|and|to|at|for|in|on|-|–))+$/i, '').replace(/\s+/g, ' ').trim();
    // "… work on the renovations to Elm Dining Hall project": the sentence's lower case is its grammar, not the name's.
    if (capital && name && name[0] !== name[0]!.toUpperCase()) continue;
    if (name && (strong || isWork(name))) return name[0]!.toUpperCase() + name.slice(1);
  }
  return undefined;
}

/** "From:", "Sent:", "Owner:", "Contractor:", "Prepared by:" alone on a line: the line under it names that party, not the project. */
export const PARTY_LABEL_LINE = /^(?:from|to|sent|cc|bcc|attn|attention|owner|client|employer|architect|engineer|contractor|consultant|bidder|tenderer|(?:prepared|submitted|issued)\s+(?:by|for))\s*:?\s*$/i;
