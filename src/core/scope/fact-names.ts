/**
 * Lines that cannot be a project's name whatever their type size or words (issue #11): a wrong name
 * in an invitation is worse than none. Each form is a fragment a reader met on real documents — the
 * tail of a title cut at its line end, a contents entry, a reference to a code or to other divisions,
 * a bid table's heading, a notice board's category, a pay item, a letterhead's agency line.
 * `project-facts.ts` asks `notAName` of every candidate before its other checks.
 */

import { placesIn } from './fact-places.js';

/** "… HOUSE AT", "… INTO A": a title cut at its line end needs the next word; "CITY OF" at the end is an owner starting. */
const ENDS_OPEN = /\b(?:at|of|for|the|to|and|or|in|on|a|an|with|from|into|by|&)$/i;
const OWNER_STARTS = /\s+(?:the\s+)?(?:city|town|county|village|township|district|municipality|state)\s+of$/i;

/** "FOR CONCESSIONS BUILDING", "OF THE TOWN HALL": the tail of a line above ("SPECIFICATIONS FOR"), not a title's start. */
const STARTS_OPEN = /^(?:for|of|at|to|and|or|in|on|by|with|from|into)\s/i;

/** "2.2. Construction Contracts", "1.4 Location of Work", "3) Scope": a list or clause number opens it. */
const LIST_NUMBER = /^(?:\d+(?:\.\d+)+\.?|\d+[.)]|[A-Za-z][.)]|\(\w{1,3}\))\s/;

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
  /\b(?:building|fire|plumbing|mechanical|electrical|energy|residential|life\s+safety)\s+code\b|\bsupplements?\b|\b(?:ASTM|ANSI|NFPA|ASHRAE|SMACNA|AISC|ACI|AWS|IEEE|ISO|UL|NEC|IBC|IPC|IMC|FBC|CBC)\s*[A-Z]?\s*\d|\((?:IBC|IPC|IMC|FBC|CBC|NEC|NFPA|ADA|ASTM)\)|\b(?:19|20)\d{2}\s+edition\b/i;

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
  'construction engineering engineer mobilization demobilization maintenance traffic control field office general conditions requirements services service works work temporary facilities site preparation clearing grubbing erosion testing inspection surveying layout staking contingency allowance insurance bonds bond permits lump sum and of the for'.split(
    ' ',
  ),
);
const genericOnly = (s: string) => {
  const words = s.toLowerCase().match(/[a-z]+/g) ?? [];
  return words.length > 0 && words.every((w) => GENERIC_WORDS.has(w));
};

/** "NORTHERN STATE HIGHWAY ADMINISTRATION OFFICE OF …": an agency's letterhead line names who writes, not the work. */
const AGENCY_LINE = /\b(?:administration|ministry\s+of|department\s+of|office\s+of|bureau\s+of|procurement\s+(?:division|office|services)|purchasing\s+(?:division|department|office))\b/i;

/** "CONSTRUCTION DOCUMENTS SO THAT THE ARCHITECTURAL, …", "… SHALL BE …": a note's sentence wrapped onto a line of its own. */
const NOTE_CLAUSE = /\b(?:so\s+that|in\s+order\s+to|such\s+that|shall|must)\b/i;

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
const PERSON_TITLE = /^(?:(?:assistant|associate|deputy|executive|chief|senior|principal|district|county|city|general)\s+)?(?:engineer|architect|secretary|director|manager|officer|superintendent|registrar|clerk|commissioner|administrator|treasurer)(?!['’])\b/i;
export const isPersonTitle = (s: string): boolean => PERSON_TITLE.test(s.trim()) && s.trim().split(/\s+/).length <= 3 && !/\b(?:of|for)\b/i.test(s);

/** "COMESA Secretariat BEN BELLA ROAD": a line that ends on its street's name is an address, not a project. */
const ADDRESS_END = /\b(?:road|rd|street|st|avenue|ave|boulevard|blvd|lane|ln|drive|dr|highway|hwy|way)\.?$/i;

/** True when `s` ends on a word that needs a next one: a title cut at its line end. */
export const endsOpen = (s: string) => ENDS_OPEN.test(s.replace(OWNER_STARTS, ''));

/**
 * Why `s` is no project name, or undefined when none of these forms fits. `open` lets a line that ends
 * open through: the caller joins it with the line it continues on, and asks again of the whole.
 */
export function notAName(s: string, open = false): string | undefined {
  if (!open && endsOpen(s)) return 'cut at its line end';
  if (STARTS_OPEN.test(s)) return 'it opens on a word that continues a line above';
  if (LIST_NUMBER.test(s)) return 'a list number opens it';
  if (CLAUSE_TAIL.test(s)) return "a sentence's clause";
  if (PAGE_RUN_ON.test(s)) return 'a contents line';
  if (SECTION_NUMBER.test(s)) return "a spec section's number";
  if (DIVISION_REFERENCE.test(s)) return 'a reference to divisions';
  if (CODE_CITATION.test(s)) return 'a code or standard cited';
  if (tableHeadings(s)) return "a table's headings";
  if (BOARD_CATEGORY.test(s)) return "a notice board's category";
  if (genericOnly(s)) return 'a pay item or kind of work';
  if (NOTE_CLAUSE.test(s)) return "a note's sentence";
  if (ISSUE_STAMP.test(s)) return "the set's issue stamp";
  if (FORM_LABEL.test(s.trim())) return "a form's label";
  if (PAGE_MARK.test(s)) return "a page header's words";
  if (PERSON_TITLE.test(s.trim())) return "a person's title (a signature block)";
  if (ADDRESS_END.test(s.trim())) return 'an address line';
  // "OFFICE RENOVATION – AT CITY OF ELMTOWN DEPARTMENT OF …" names the work first: only a line that opens with the agency is its letterhead.
  const agency = AGENCY_LINE.exec(s);
  if (agency && !/(?:^|\s)(?:[–—-]|at|for|in|of|to)\s/i.test(s.slice(0, agency.index))) return "an agency's letterhead line";
  return undefined;
}

/**
 * Labels whose value is the project's name, in the forms forms print: "Project:", "Project Name:",
 * "Project Title", "Re:", "Bid Title:", "Tender Title", "Contract Title", "Name of Work:" (India),
 * "Name of the Project", "Title of Works".
 */
export const NAME_FIELD_LABEL =
  /^(?:project|project\s+(?:name|title)|name\s+of\s+(?:the\s+)?(?:project|works?|contract|scheme|assignment)|title\s+of\s+(?:the\s+)?(?:project|works?|contract|tender)|(?:bid|tender|contract|solicitation|rfp|rfq|itb|job|works?)\s+(?:title|name)|re)$/;

/** Where a labelled name runs into what follows it: a sentence, a project number, a document's heading. */
const FIELD_NAME_STOP = /[.!?]\s+[A-Z][a-z]|\s\(?(?:\d[\d.\-/]{4,}\d|(?:bid|project|contract)?\s*#\s*\d)|\s(?:ADDENDUM|SECTION|NOTICE|DIVISION|PAGE|SHEET)\b|\s(?:Addendum|Section|Page)\s+(?:No\.?\s*)?\d/;
/** "… Renovations Bryan County, Georgia": a county and its state printed after the name. */
const COUNTY_TAIL = /\s+[A-Z][\w'’-]*\s+(?:County|Parish|Shire|District)\s*,\s*[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?\.?$/;

/** A labelled value without the place printed after the name ("… MIDDLE SCHOOLS Dover, Delaware"). */
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
export function nameInField(value: string): string | undefined {
  const stop = FIELD_NAME_STOP.exec(value);
  const head = stop ? value.slice(0, stop.index) : value;
  const name = withoutTrailingPlace(head.replace(/\s+/g, ' ').trim()).replace(/[\s,;:–—-]+$/, '').trim();
  if (!name || name.split(' ').length > 16) return undefined;
  return name;
}
