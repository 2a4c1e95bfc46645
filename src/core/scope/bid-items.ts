/**
 * The priced items of a bid form, an engineer's estimate or a bid tabulation, read line by line: an
 * item number, a description, a unit and a quantity ("2 Unclassified Excavation C.Y. 1,200 $18.00",
 * "Item 608 Concrete Sidewalk S.F. 3,400", "4.02 Brickwork in cement mortar 80.00 cum"). US forms print
 * their units with dots (L.F., C.Y., S.Y., S.F., EA., L.S.), which a sentence splitter takes for full
 * stops, so these rows are read as rows. The item's trade is what its description says; the item number
 * is a position in the form (a state DOT's "203" or "608" is a pay-item series, never a division).
 */
import { findKeywords, negativeContext } from './lexicon.js';
import { TIME_UNIT, UNIT as MEASURED_UNIT } from './units.js';
import { statedWorks } from './works-vocabulary.js';

/** A bid item's unit: a measured one or a unit of time (an hour's or a month's hire is priced too). */
const UNIT = `(?:${MEASURED_UNIT}|${TIME_UNIT})`;
const QTY = String.raw`\d[\d,]*(?:\.\d+)?`;
/**
 * A row: item number (optionally "Item"), description starting with a letter, then unit and quantity in
 * either order, then whatever prices follow. The unit must stand on its own (not inside a word).
 */
const ROW = new RegExp(
  String.raw`^(?:item\s+)?(?:no\.?\s*)?[A-Z]?\d{1,4}(?:[.-]\d{1,4}){0,3}[A-Z]?[.)]?\s+([A-Za-z0-9"(][^\n]{2,140}?)\s+(?:${UNIT}\s+${QTY}|${QTY}\s*${UNIT})(?=\s|$)`,
  'i',
);
/**
 * Temporary works are the contractor's general requirements, not a trade ("Temporary Fence",
 * "Construction Fence"), unless they control erosion and sediment (earthwork's own item).
 */
const TEMPORARY = /^(?!.*\b(?:erosion|sediment|silt)\b).*\b(?:temporary|construction\s+(?:fence|fencing|entrance))\b/i;
/** A schedule has several priced rows on a page; one such line among prose is not a bid form. */
const MIN_ROWS = 3;

export interface BidItemTrade {
  division: string;
  phrase: string;
  /** The row the trade was read from. */
  row: string;
  /** Where the phrase stands in the row. */
  index: number;
  length: number;
}

const MONEY = String.raw`\$\s?\d[\d,]*(?:\.\d{2})?`;
/** "Silt Fence (type regular) L.F. 4190 $1.75 $7,332.50": unit, quantity, unit price and extension. */
const PRICED_TAIL = new RegExp(String.raw`(?<=\s)(?:${UNIT}\s+${QTY}|${QTY}\s*${UNIT})\s+${MONEY}\s+${MONEY}(?=\s|$)`, 'gi');
/** The longest description kept before a priced tail: a table's flattened headings may run into the first row. */
const MAX_DESCRIPTION = 80;

/**
 * Rows of an estimate whose text came out as one run (no line breaks, no item numbers): each row ends in
 * its unit, quantity, unit price and extension, and its description is the text since the previous row.
 */
function flatPricedRows(text: string): Array<{ row: string; description: string }> {
  const out: Array<{ row: string; description: string }> = [];
  // Each row carries two amounts: a page with fewer dollar signs holds no such estimate (and is not scanned).
  if ((text.match(/\$/g)?.length ?? 0) < 2 * MIN_ROWS) return out;
  const flat = text.replace(/\s+/g, ' ');
  let from = 0;
  PRICED_TAIL.lastIndex = 0;
  for (let m = PRICED_TAIL.exec(flat); m; m = PRICED_TAIL.exec(flat)) {
    let description = flat.slice(Math.max(from, m.index - MAX_DESCRIPTION), m.index).trim();
    // A cut description starts at its first whole word; a subtotal's words and amount are not the row's.
    if (m.index - MAX_DESCRIPTION > from) description = description.replace(/^\S*\s/, '');
    description = description.replace(/^.*\b(?:sub-?)?totals?\b[^$]*\$\s?[\d,.]+\s*/i, '');
    // The table's column headings run into the first row ("Description Unit Quantity Price Price GRADING …").
    description = description.replace(/^.*\b(?:description|unit|quantity|qty|price|total|amount|estimated)(?:\s+(?:description|unit|quantity|qty|price|total|amount|estimated))+\b\s*/i, '');
    from = m.index + m[0].length;
    if (/[A-Za-z]{3,}/.test(description)) out.push({ row: `${description} ${m[0]}`, description });
  }
  return out;
}

/**
 * A price schedule's or measurement preamble's item headings run together ("ITEM II.2 - EXCAVATION FOR PIPELAYING
 * ITEM II.3 - PIPE BEDDING ITEM II.4 - …"): each heading names one priced item, whatever its number's form (roman
 * bill number, dotted, lettered), and its description runs to the next heading or a contents leader.
 */
const ITEM_HEADING = /\bITEM\s+(?:NO\.?\s*)?(?:[A-Z]{1,3}[.-]?)?\d{1,4}(?:[.-]\d{1,4}){0,3}[A-Z]?\s*[-–—:]\s*(?=[A-Z])/g;
const HEADING_END = /\s+ITEM\s+(?:NO\.?\s*)?(?:[A-Z]{1,3}[.-]?)?\d|\.{3,}|\s\d{1,3}\s+\d+\s+price\s+schedule\b/i;

function itemHeadingRows(text: string): Array<{ row: string; description: string }> {
  const flat = text.replace(/\s+/g, ' ');
  const out: Array<{ row: string; description: string }> = [];
  ITEM_HEADING.lastIndex = 0;
  for (let m = ITEM_HEADING.exec(flat); m; m = ITEM_HEADING.exec(flat)) {
    const rest = flat.slice(m.index + m[0].length, m.index + m[0].length + MAX_DESCRIPTION * 2);
    const description = rest.slice(0, HEADING_END.exec(rest)?.index ?? Math.min(rest.length, MAX_DESCRIPTION)).trim();
    if (/[A-Za-z]{3,}/.test(description)) out.push({ row: `${m[0]}${description}`, description });
  }
  return out;
}

/** A row that takes away what it names ("Remove 30\" Curb & Gutter", "Asphalt and Concrete Removal"): demolition, unless it builds again. */
const REMOVAL_ITEM = /\b(?:remov(?:e|al|ing)|demoli\w*|break(?:ing)?\s+out|dismantl\w*)\b/i;
const BUILDS_AGAIN = /\b(?:replac\w*|reinstat\w*|re-?lay\w*|reset\w*|install\w*|construct\w*|build\w*|new)\b/i;

/** A row opens with its item number; a quick test before the row pattern, which every text line meets. */
const NUMBERED = /^\s*(?:item\s+)?(?:no\.?\s*)?[A-Z]?\d/i;
/** A whitespace-separated word that is a unit, alone or glued to its quantity ("C.Y.", "EA", "1200CY"). */
const UNIT_WORD = new RegExp(String.raw`^(?:\d[\d,.]*)?(?:${UNIT}|LIN\.?|SQ\.?|CU\.?|LUMP|[A-Z]\.)$`, 'i');

/** The description of a priced row, or null when the line is not one. */
export function bidItemDescription(line: string): string | null {
  if (!NUMBERED.test(line) || !line.split(/\s+/).some((w) => UNIT_WORD.test(w))) return null;
  const m = ROW.exec(line.replace(/\s+/g, ' ').trim());
  if (!m) return null;
  const description = m[1]!.trim();
  // A description names something: a few letters, not only a code or a number with a word.
  return /[A-Za-z]{3,}/.test(description) ? description : null;
}

/**
 * The trades a page's priced rows name: the works vocabulary's phrases (a sidewalk, a sanitary sewer,
 * a removal) and unmistakable trade words of the lexicon, read in each description alone. Null rows,
 * coordination ("by others", "owner furnished") and pages with fewer than three rows give nothing.
 */
export function bidItemTrades(lines: readonly string[]): BidItemTrade[] {
  const rows: Array<{ row: string; description: string }> = [];
  for (const line of lines) {
    const description = bidItemDescription(line);
    if (description) rows.push({ row: line.replace(/\s+/g, ' ').trim(), description });
  }
  if (rows.length < MIN_ROWS) rows.splice(0, rows.length, ...flatPricedRows(lines.join(' ')));
  if (rows.length < MIN_ROWS) rows.splice(0, rows.length, ...itemHeadingRows(lines.join(' ')));
  if (rows.length < MIN_ROWS) return [];
  const out: BidItemTrade[] = [];
  for (const { row, description } of rows) {
    if (negativeContext(description) || TEMPORARY.test(description)) continue;
    const at = row.indexOf(description);
    const removes = REMOVAL_ITEM.test(description) && !BUILDS_AGAIN.test(description);
    // Both readings of the description, each phrase where it stands: a removal's object is demolition,
    // otherwise the longer phrase wins ("silt fence" is erosion control, not a fence; "curb and gutter" paving).
    const candidates = [
      ...statedWorks(description, { item: true }).map((w) => ({ division: w.division, phrase: w.phrase, index: w.index, length: w.length, removal: w.division === '02' })),
      ...findKeywords(description)
        .filter((h) => h.entry.weight >= 2)
        .map((h) => ({ division: h.entry.division, phrase: h.entry.phrase, index: h.index, length: h.length, removal: false })),
    ].sort((a, b) => Number(b.removal) - Number(a.removal) || b.length - a.length);
    const taken: Array<[number, number]> = [];
    for (const c of candidates) {
      if (taken.some(([s, e]) => c.index < e && s < c.index + c.length)) continue;
      taken.push([c.index, c.index + c.length]);
      // What a removal row names is what is taken away: demolition (earthwork's own words stay earthwork).
      const division = removes && c.division !== '31' ? '02' : c.division;
      if (out.some((o) => o.row === row && o.division === division && o.index === at + c.index)) continue;
      out.push({ division, phrase: c.phrase, row, index: at + c.index, length: c.length });
    }
  }
  return out;
}
