/**
 * Text every construction document carries that names trades without asking for them:
 *  - the general-requirements sections of Division 01 (administrative requirements, quality and testing,
 *    temporary facilities, product requirements, cutting and patching, closeout, commissioning): they say
 *    how the contract's work is run, and the trades they name are examples ("temporary electric power",
 *    "testing of concrete", "refer to Divisions 22, 23 and 26 for cutting and patching of their work");
 *  - a facility the contractor provides for the time of construction ("temporary toilets", "temporary
 *    fencing", "temporary heating, cooling and ventilation"): removed at the end, never a trade;
 *  - the material a test or an inspection is made of ("inspection and testing of concrete work", "special
 *    inspection of structural steel", "sampling of asphalt paving"): the tester's object, not the work bid.
 * Division 01's summary (01 1x: summary of work, multiple contracts, work restrictions) and price and
 * payment sections (01 2x: allowances, unit prices, alternates) do state work, and keep speaking.
 */

/**
 * A Division 01 section that states no work: MasterFormat 2004+ groups 01 3x–01 9x; MasterFormat 1995
 * 01300–01999; the 1988 numbering's 01040–01099 (coordination, cutting and patching, field engineering,
 * regulatory requirements, references) besides 01300 on. 01 1x / 01 2x (01010–01039, 01100–01299) may state work.
 */
export function isRequirementsSection(number: string): boolean {
  const six = /^01 (\d)\d \d{2}(?:\.\d+)?$/.exec(number);
  if (six) return Number(six[1]) >= 3;
  const five = /^01(\d{3})$/.exec(number);
  if (!five) return false;
  const n = Number(five[1]);
  return (n >= 40 && n < 100) || n >= 300;
}

/**
 * "temporary" before the hit in the same noun phrase: "temporary electric power", "temporary toilets", a list it
 * opens ("temporary heating, cooling, and ventilation"). A verb or a sentence mark between them ends the phrase.
 */
const TEMPORARY_BEFORE = /\btemporary\s+(?:[a-z][\w/-]*,?\s+(?:(?:and|or)\s+)?){0,3}$/i;
const WORK_VERB = /\b(?:install|provide|furnish|construct|replace|build|erect|remove|demolish|new|permanent)\b/i;

/**
 * The trades whose words name construction facilities when "temporary" (services, toilets, fencing, signs, fire
 * protection). A temporary building bought as the job ("temporary prefabricated classrooms", 13), temporary traffic
 * control and signals (34) and temporary shoring or erosion control (31) are work a subcontractor bids.
 */
const FACILITY_TRADES = new Set(['10', '21', '22', '23', '26', '27', '28', '32', '33']);

/** The hit names a facility for the time of construction, not the job's work. */
export function isTemporaryFacility(sentence: string, index: number, division: string): boolean {
  if (!FACILITY_TRADES.has(division)) return false;
  const before = sentence.slice(Math.max(0, index - 60), index);
  const m = TEMPORARY_BEFORE.exec(before);
  return m !== null && !WORK_VERB.test(m[0].replace(/^temporary\s+/i, ''));
}

/**
 * The hit is what a test, an inspection or a sample is made of: "testing of soil compaction", "inspection and
 * testing of concrete work", "special inspection of structural steel", "tests for asphalt paving". Only words
 * (no verb of work, no sentence mark) stand between the test and the hit.
 */
const TESTED_BEFORE =
  /\b(?:test(?:s|ing)?|inspections?|inspecting|sampling|observation)\s+(?:(?:and|or|&)\s+(?:test(?:s|ing)?|inspections?|sampling|observation)\s+)?(?:of|for|on)\s+(?:the\s+)?(?:[a-z][\w/-]*,?\s+(?:(?:and|or)\s+)?){0,4}$/i;

export function isTestedMaterial(sentence: string, index: number): boolean {
  const before = sentence.slice(Math.max(0, index - 90), index);
  const m = TESTED_BEFORE.exec(before);
  return m !== null && !WORK_VERB.test(m[0].replace(/^\S+\s+/, ''));
}

/**
 * A head that opens a list of facilities for the time of construction: "Temporary utilities required include but
 * are not limited to:", "Security and protection facilities required include:", "TEMPORARY FACILITIES:". Its items
 * ("1. Water service and distribution.", "2. Storm and sanitary sewer.") are those facilities, not trades.
 */
const TEMPORARY_LIST_HEAD =
  /\b(?:temporary|(?:support|protection|construction)\s+facilities)\b[^.]{0,80}(?:\b(?:include|includes|including|required|consist\s+of|comprise)\b[^.]{0,40}:?|:)\s*$/i;

export function opensTemporaryList(sentence: string): boolean {
  return TEMPORARY_LIST_HEAD.test(sentence) && !WORK_VERB.test(sentence.replace(/\bprovided\b/gi, ''));
}

/**
 * The hit is a place the contractor must keep open or leave alone, a constraint on the work: "manage access to the
 * car park", "maintain access to the existing parking lot", "minimise disruption to the playing fields", "use of the
 * owner's toilets is not permitted", "keep driveways and entrances clear".
 */
const ACCESS_BEFORE =
  /\b(?:access\s+(?:to|from|into|through|across)|disruption\s+(?:to|of)|use\s+of)\s+(?:the\s+)?(?:(?:existing|public|adjacent|surrounding|owner'?s|client'?s)\s+)?(?:[a-z][\w-]*\s+)?$/i;

/** "Keep driveways, loading areas, and entrances serving premises clear and available to Owner": places kept open. */
// The label a requirement opens with ("1. Driveways, Walkways and Entrances: Keep driveways … clear") names the same places.
const KEPT_CLEAR = /(?:^(?:\d{1,2}[.)]\s*)?[^.:]{0,80}:\s*)?\bkeep\s+(?:[\w,'&-]+\s+){0,10}?(?:clear|open|available|unobstructed|accessible|free\s+of)\b/gi;

/** The hit at `index` lies inside a match of `re` (a global regex), after the match's first character. */
const insideMatch = (re: RegExp, sentence: string, index: number): boolean => [...sentence.matchAll(re)].some((m) => index > m.index && index < m.index + m[0].length);

export function isPlaceOfAccess(sentence: string, index: number): boolean {
  // The label's own first word is a place kept open too ("Driveways and Entrances: Keep driveways … clear").
  return ACCESS_BEFORE.test(sentence.slice(Math.max(0, index - 60), index)) || [...sentence.matchAll(KEPT_CLEAR)].some((m) => index >= m.index && index < m.index + m[0].length);
}

/**
 * What the contractor puts back after disturbing it: "restoration of all existing roadway, driveway, wall structure,
 * mailbox, landscaping, irrigation system, fence, utility or any other item disturbed by construction". Making good
 * existing work is part of the job's own trade, not a trade of each thing named.
 */
const MADE_GOOD = /\b(?:restor\w*|repair\w*|reinstat\w*|make\s+good|making\s+good)\b[^.]{0,250}?\b(?:disturbed|damaged)\s+(?:by|during|in\s+the\s+course\s+of)\s+(?:the\s+)?(?:construction|work|contractor)\b/gi;

export const isMadeGood = (sentence: string, index: number): boolean => insideMatch(MADE_GOOD, sentence, index);

/**
 * Items a closeout requirement names as examples: "warranties and guarantees provided by manufacturers, for example
 * roofing, flooring, appliances, equipment, etc. will be provided in the O&M Manual", "guarantee certificates for items
 * such as roofing materials, flooring". What the warranties or manuals would cover is not work the sentence asks.
 */
const CLOSEOUT = /\b(?:warrant(?:y|ies)|guarantees?|O\s?&\s?M|operation\s+and\s+maintenance|maintenance\s+manuals?|closeout|close-out|as-built|record\s+drawings)\b/i;
const EXAMPLES = /\b(?:for\s+example|such\s+as|e\.\s?g\.|for\s+instance)\s/gi;

export function isCloseoutExample(sentence: string, index: number): boolean {
  if (!CLOSEOUT.test(sentence)) return false;
  for (const m of sentence.matchAll(EXAMPLES)) {
    const list = sentence.slice(m.index + m[0].length);
    const end = list.search(/[.;:](?:\s|$)|\b(?:will|shall|must|are|is)\b/i);
    if (index >= m.index + m[0].length && index < m.index + m[0].length + (end < 0 ? list.length : end)) return true;
  }
  return false;
}

/**
 * A sentence that asks the contractor to liaise with other parties about their work: "Liaison with the school's
 * incumbent term contractors for timely installation of alarms & access control is required", "Liaise with the
 * utility for the new supply". The work it names is the other parties'; coordinating it is a requirement.
 */
const LIAISON = /^\W*(?:[\w'-]+\s+){0,3}?(?:liaison|liaise|liaising)\s+with\b[^.]*?\b(?:contractors?|others|trades|consultants?|suppliers?|authorit(?:y|ies)|utilit(?:y|ies)|providers?|owner|client|employer)\b/i;

export function asksLiaisonWithOthers(sentence: string): boolean {
  return LIAISON.test(sentence);
}
