/**
 * Priced rows of bid forms, engineer's estimates and bid tabulations (issue #11, round 12): dotted US
 * units (L.F., C.Y., S.Y., S.F., EA., L.S.) are read as rows, not as full stops; a row's trade is its
 * description, never its pay-item number; and a bill heading "CIVIL WORKS" is the building's civil work,
 * which its items name, not site utilities.
 */
import { describe, expect, it } from 'vitest';
import { bidItemDescription, bidItemTrades } from '../../src/core/scope/bid-items.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const trades = (text: string) => extractScopeFromText(buildDoc([{ text }])).trades;
const divisionsOf = (lines: string[]) => [...new Set(bidItemTrades(lines).map((t) => t.division))].sort();

const ESTIMATE = [
  "ENGINEER'S ESTIMATE",
  'ITEM NO. DESCRIPTION UNIT QUANTITY UNIT PRICE TOTAL',
  '1 Mobilization L.S. 1 $25,000.00 $25,000.00',
  '2 Unclassified Excavation C.Y. 1,200 $18.00 $21,600.00',
  '3 Concrete Sidewalk, 4 inch S.F. 3,400 $9.50 $32,300.00',
  '4 8" PVC Sanitary Sewer L.F. 620 $85.00 $52,700.00',
  '5 Silt Fence L.F. 900 $3.00 $2,700.00',
  '6 Storm Manhole EA. 4 $3,500.00 $14,000.00',
  '7 Catch Basin EA. 2 $2,800.00 $5,600.00',
];

describe('priced rows of a bid form or an estimate', () => {
  it.each([
    ['2 Unclassified Excavation C.Y. 1,200 $18.00', 'Unclassified Excavation'],
    ['Item 608 Concrete Sidewalk S.F. 3,400 9.50', 'Concrete Sidewalk'],
    ['203-01 Structure Excavation CU. YD. 80', 'Structure Excavation'],
    ['4.02 Brickwork in cement mortar 1:4 in superstructure 80.00 cum 6100.00', 'Brickwork in cement mortar 1:4 in superstructure'],
    ['4 12 mm thick cement plaster 1:6 on walls 450.00 sqm 210.00', '12 mm thick cement plaster 1:6 on walls'],
    // Units come from one list (units.ts): a Commonwealth bill's tonnes are "t".
    ['5.03 High yield bar reinforcement 2.5 t 1850.00', 'High yield bar reinforcement'],
  ])('a row with its unit and quantity is an item: %s', (row, description) => {
    expect(bidItemDescription(row)).toBe(description);
  });

  it.each(['The contractor shall excavate as shown.', '2 Unclassified Excavation', 'Section 3.2 Quantities', '12 1,200 C.Y.'])('a line without a unit and quantity, or without words, is none: %s', (line) => {
    expect(bidItemDescription(line)).toBeNull();
  });

  it('dotted units do not cut the rows: earthwork, paving and utilities are priced, each from its description', () => {
    expect(divisionsOf(ESTIMATE)).toEqual(['31', '32', '33']);
    const found = trades(ESTIMATE.join('\n'));
    const confidence = (d: string) => found.find((t) => t.division === d)?.confidence ?? 0;
    // Three priced rows of a trade (excavation, silt fence; sewer, manhole, catch basin) pre-select it.
    expect(confidence('31')).toBeGreaterThanOrEqual(0.9);
    expect(confidence('33')).toBeGreaterThanOrEqual(0.9);
  });

  it('fewer than three priced rows on a page are not a bid form', () => {
    expect(bidItemTrades(ESTIMATE.slice(0, 4))).toEqual([]);
  });

  it('the pay-item number is a position, not a division; a silt fence is erosion control; temporary works are no trade', () => {
    const tabulation = [
      'BID TABULATION',
      '0260 Mobilization L.S. 1 20,000.00',
      '0923 Seeding and Mulching AC. 2.5 3,000.00',
      '2605 Silt Fence L.F. 1,500 2.50',
      '0331 Temporary Construction Fence L.F. 600 4.00',
      '0451 Traffic Control L.S. 1 8,000.00',
    ];
    expect(divisionsOf(tabulation)).toEqual(['31', '32']);
  });

  it('an estimate flattened to one run of text is read row by row from its unit, quantity, unit price and extension', () => {
    const flat =
      'Opinion of Probable Cost Description Unit Quantity Price Price EARTHWORK Clearing and Grubbing A.C. 1.3 $4,000.00 $5,200.00 ' +
      'Common Excavation C.Y. 12,600 $1.90 $23,940.00 Subtotal Earthwork $29,140.00 Silt Fence L.F. 4190 $1.75 $7,332.50 ' +
      '8" PVC Sanitary Sewer L.F. 900 $42.00 $37,800.00 Sanitary Manhole EACH 6 $3,800.00 $22,800.00';
    const found = bidItemTrades([flat]);
    expect([...new Set(found.map((t) => t.division))].sort()).toEqual(['31', '33']);
    // Each row's own description: no column heading or subtotal runs into it.
    expect(found.find((t) => t.phrase === 'silt fence')?.row).toBe('Silt Fence L.F. 4190 $1.75 $7,332.50');
  });

  it('a paragraph with one or two priced figures is not an estimate', () => {
    const prose = 'The engineer estimated Common Excavation C.Y. 12,600 $1.90 $23,940.00 in the earlier phase, and the sewer was not priced.';
    expect(bidItemTrades([prose])).toEqual([]);
  });

  it('coordination in a row is no work of the job', () => {
    const rows = ['1 Excavation C.Y. 100', '2 Sidewalk S.F. 300', '3 Electrical service by others L.S. 1'];
    expect(divisionsOf(rows)).toEqual(['31', '32']);
  });
});

describe('"CIVIL WORKS" as a bill heading', () => {
  const bill = [
    'BILL OF QUANTITIES',
    'A. CIVIL WORKS',
    '1 Earth work in excavation in foundation trenches in all kinds of soil 120.00 cum 245.00',
    '2 Providing and laying cement concrete 1:4:8 in foundation 35.00 cum 5200.00',
    '3 Brick work with common burnt clay bricks in cement mortar 1:6 80.00 cum 6100.00',
  ];

  it('is the building\'s civil work: its items name earthwork, concrete and masonry, not site utilities', () => {
    const found = trades(bill.join('\n')).map((t) => t.division);
    expect(found).toEqual(expect.arrayContaining(['03', '04', '31']));
    expect(found).not.toContain('33');
  });

  it('alone, with no items under it, names no trade', () => {
    expect(trades(bill.slice(0, 2).join('\n'))).toEqual([]);
  });
});
