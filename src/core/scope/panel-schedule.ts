/**
 * A panelboard schedule or a page of branch-circuit tags is electrical work (26), whether or not the
 * word "schedule" is printed and even when the panel itself is existing (new circuits are added to it):
 *  - a panel's header with its values: "PANEL LPA  MAINS: 100 MCB  VOLTAGE: 120/208  WIRE: 4",
 *    "PANELBOARD LP-1 … 225A MLO … 22,000 AIC";
 *  - circuit tags of a panel the page names: "PANEL LPA" and "LPA-1", "LPA-16", "LPA-15,17", "PPA-2,4,6".
 * Mechanical equipment schedules print volts and phase too ("208/3"), but never a panel's mains, bus or
 * interrupting rating, so a voltage alone is not a panel.
 */

/** "PANEL LPA", "PANELBOARD LP-1", "PNL: L1", "PANEL 'HA'". */
const PANEL_NAME = /\b(?:PANEL(?:BOARD)?|PNL)\s*(?:NAME|DESIGNATION|DESIG\.?)?\s*[:#]?\s*["'“]?([A-Z]{1,4}(?:-?[A-Z0-9]{1,3})?)\b/g;

/** Header fields only a panelboard (or switchboard) prints, with a value. */
const PANEL_FIELDS: readonly RegExp[] = [
  /\bMAINS?\s*(?:SIZE|RATING|TYPE)?\s*[:=]?\s*(?:\d{2,4}\s*(?:A|AMPS?)?(?:\s*(?:MCB|MLO))?|MLO|MCB)\b/,
  /\bBUS(?:\s+RATING)?\s*[:=]?\s*\d{2,4}\s*(?:A|AMPS?)?\b/,
  /\b(?:\d{2,3},?\d{3}\s*(?:A\.?)?\s*I\.?C\.?|A\.?I\.?C\.?\s*(?:RATING)?\s*[:=]?\s*\d{2,3},?\d{3})\b/,
  /\b(?:MLO|M\.L\.O\.|MAIN\s+LUGS?\s+ONLY)\b/,
];
/** Header fields shared with other equipment: voltage, phase, wires. */
const SUPPLY_FIELDS: readonly RegExp[] = [
  /\bVOLT(?:AGE|S)?\s*[:=]?\s*\d{3}\s*(?:Y\s*\/|\/|Y)\s*\d{3}\b/,
  /\b(?:PHASE|PH)\s*[:=]?\s*[13]\b|\b[13]\s*(?:Ø|PH)\b/,
  /\bWIRES?\s*[:=]?\s*[2-5]\b/,
];

const HEADER_WINDOW = 220;

/** A branch-circuit tag of a named panel: "<name>-<circuit>[,<circuit>…]". */
const circuitTags = (name: string) => new RegExp(String.raw`(?<![A-Z0-9-])${name.replace(/[-]/g, '\\-')}-(\d{1,2})(?:,\d{1,2})*(?![A-Z0-9])`, 'g');

export interface PanelEvidence {
  index: number;
  length: number;
}

/** Where a page shows a panel schedule's header or a panel's circuit tags; null when it does not. */
export function panelScheduleOf(text: string): PanelEvidence | null {
  if (!text.includes('PANEL') && !text.includes('PNL')) return null;
  const names = new Map<string, number>();
  PANEL_NAME.lastIndex = 0;
  for (let m = PANEL_NAME.exec(text); m; m = PANEL_NAME.exec(text)) {
    const window = text.slice(m.index, m.index + HEADER_WINDOW);
    const panelFields = PANEL_FIELDS.filter((re) => re.test(window)).length;
    const supplyFields = SUPPLY_FIELDS.filter((re) => re.test(window)).length;
    if (panelFields >= 1 && panelFields + supplyFields >= 2) return { index: m.index, length: Math.min(window.length, 120) };
    if (!names.has(m[1]!)) names.set(m[1]!, m.index);
  }
  // Circuit tags of a panel the page names: at least six, on at least four different circuits.
  for (const [name, at] of names) {
    if (name.length < 2 || /^(?:SCHEDULE|BOARD|NAME|TYPE|NO|LOCATION)$/.test(name)) continue;
    const circuits = [...text.matchAll(circuitTags(name))].map((m) => m[1]!);
    if (circuits.length >= 6 && new Set(circuits).size >= 4) return { index: at, length: 12 + name.length };
  }
  return null;
}
