/**
 * Site and civil work as tenders, bid schedules and programmes of work word it (issue #11): a street's curb and
 * gutter is paving, not a roof gutter; paint on pavement is pavement marking; "mechanical" as a way of working is
 * not HVAC; heaps are not piling; what is removed and disposed of is demolition; culverts and concrete pavement
 * under their regional item names.
 */
import { describe, expect, it } from 'vitest';
import { findKeywords } from '../../src/core/scope/lexicon.js';
import { statedWorks } from '../../src/core/scope/works-vocabulary.js';
import { elementWork } from '../../src/core/scope/element-work.js';
import { scopeSentenceItems } from '../../src/core/scope/scope-sentence.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { bidItemTrades } from '../../src/core/scope/bid-items.js';
import { namedSite } from '../../src/core/scope/work-sites.js';
import { buildDoc } from './doc-builder.js';

/** The divisions the lexicon reads in a text, shielding (zero-weight) readings left out. */
const divs = (text: string) => [...new Set(findKeywords(text).filter((h) => h.entry.weight > 0).map((h) => h.entry.division))].sort();
const trades = (text: string) => extractScopeFromText(buildDoc([{ text }])).trades.map((t) => t.division);

describe('a street gutter is exterior improvements (32 16), a roof gutter stays 07', () => {
  it.each([
    ['Remove 30" Combination Curb & Gutter 300.0 L.F.'],
    ['Construct concrete curb/gutter'],
    ['Kerb and gutter replacement'],
    ['kerbs and channels to both sides of the carriageway'],
    ['Type B curb, gutter and sidewalk'],
    ['Install 24 inch concrete gutter'],
    ['Gutter pan repairs'],
    ['6 ft concrete valley gutter across the intersection'],
    ['Valley Gutter S.Y. 45'],
  ])('%s → 32, never 07', (text) => {
    expect(divs(text)).toContain('32');
    expect(divs(text)).not.toContain('07');
  });

  it.each([['Replace gutters and downspouts on the gymnasium'], ['box gutter lining'], ['roof valley gutter and flashings']])('%s → 07', (text) => {
    expect(divs(text)).toContain('07');
    expect(divs(text)).not.toContain('32');
  });
});

describe('paint put on pavement is pavement marking (32), not painting (09)', () => {
  it.each([['Repainting of striping, parking symbols and arrows'], ['Paint parking stall lines'], ['Apply traffic paint to the crosswalks']])('%s', (text) => {
    expect(divs(text)).toContain('32');
    expect(divs(text)).not.toContain('09');
  });

  it('a renewal verb inside a longer phrase of another trade is not that renewal', () => {
    expect(elementWork('Repainting of striping and parking symbols on all areas of paving.').map((w) => w.division)).not.toContain('09');
    expect(elementWork('Repainting of the classrooms and corridors.').map((w) => w.division)).toContain('09');
  });

  it("a scope list's item keeps the object of its renewal verb", () => {
    const items = scopeSentenceItems('Striping work shall include the following: 1) Repainting of striping, parking symbols and arrows.') ?? [];
    expect(items.map((i) => i.division)).toEqual(['32']);
  });

  it('still reads interior painting as 09', () => {
    expect(divs('Painting of interior walls and ceilings')).toContain('09');
  });
});

describe('the way work is done is not a trade', () => {
  it('"mechanical" as a method is not HVAC work; digging or compacting by machine is earthwork', () => {
    expect(divs('mechanical and hand breaking of asphalt')).not.toContain('23');
    expect(divs('cut by hand or mechanical means')).not.toContain('23');
    expect(divs('mechanical cutting of the existing pavement')).not.toContain('23');
    expect(divs('mechanical excavation in trenches')).toEqual(['31']);
    expect(divs('mechanical contractor to replace the rooftop unit')).toContain('23');
  });

  it('a method word is no item of a listed object either', () => {
    const sentence = 'The item includes laying pipes, mechanical and hand breaking of asphalt and loading of spoil.';
    expect(elementWork(sentence).map((w) => w.division)).not.toContain('23');
  });

  it('heaps are not piling', () => {
    expect(divs('no ridges or piles of debris, leaves or gravel shall be left')).not.toContain('31');
    expect(divs('driven steel piles of 300 mm diameter')).toContain('31');
  });
});

describe('what is removed and disposed of is demolition (02)', () => {
  it.each([
    ['Removal and disposal of existing sidewalk and curb will be done by the Contractor.', '02'],
    ['Removal and haul off existing faulty sidewalk.', '02'],
    ['Remove and dispose of existing chain link fence.', '02'],
    ['Removal and disposal of the existing climber, including all concrete footings.', '02'],
  ])('%s', (sentence, division) => {
    expect([...new Set(statedWorks(sentence).map((w) => w.division))]).toEqual([division]);
  });

  it('a replacement is the thing built, not a removal', () => {
    expect(statedWorks('Removal and replacement of storm sewer pipe.').map((w) => w.division)).toEqual(['33']);
    expect(statedWorks('Remove and replace existing sidewalk panels.').map((w) => w.division)).toEqual(['32']);
  });

  it("a list's next marker after a full stop ends the removal's object", () => {
    expect(statedWorks('Remove vegetation and loose materials. b) Complete parking areas are to be swept.').map((w) => w.division)).not.toContain('02');
  });

  it('a request to remove and dispose of a playground and its footings asks for demolition', () => {
    expect(trades('Project to include:\n- Removal and disposal of existing climber and equipment, including any and all concrete footings.\n- Installation of new pea gravel safety surfacing.')).toContain('02');
  });
});

describe('road and drainage items under their regional names', () => {
  it.each([
    ['PCCP (150mm thick)', '32'],
    ['Portland cement concrete pavement', '32'],
    ['RCPC (0.6m dia. Cross Drain)', '33'],
    ['pipe culverts at the low points', '33'],
    ['ITEM II.10 - VALVE CHAMBERS', '33'],
    ['carriageway resurfacing', '32'],
  ])('%s → %s', (text, division) => {
    expect(divs(text)).toContain(division);
  });

  it("a programme of work's quantity take-off names the road and its cross drains", () => {
    const text = ['QUANTITY TAKE-OFF:', 'Sub-Grade Preparation', 'Aggregate Base Course', 'PCCP (150mm thick)', 'RCPC (0.6m dia. Cross Drain)', 'Backfill'].join('\n');
    expect(trades(text)).toEqual(expect.arrayContaining(['32', '33']));
  });
});

describe("a price schedule's item headings and removal rows", () => {
  const headings = [
    'PRICE SCHEDULE TO SECTION II OF THE B.O.Q PIPEWORK ITEM II.1 - ASPHALT AND CONCRETE REMOVAL ITEM II.2 - EXCAVATION FOR PIPELAYING',
    'ITEM II.3 - PIPE BEDDING ITEM II.10 - VALVE CHAMBERS ITEM II.11 - BACKFILLING OF PIPE TRENCHES ITEM III.7 - PAINTWORK... 18',
  ];

  it('reads each heading of a run as a priced item, whatever its number looks like', () => {
    const found = bidItemTrades(headings);
    expect([...new Set(found.map((t) => t.division))].sort()).toEqual(['02', '09', '31', '33']);
    // The removal row's material is what is taken away, not paving.
    expect(found.find((t) => t.row.includes('REMOVAL'))?.division).toBe('02');
  });

  it('one or two headings in prose are no schedule', () => {
    expect(bidItemTrades(['See ITEM 4 - EXCAVATION for the measurement of rock.'])).toEqual([]);
  });

  it('a removal row that builds again is the built work', () => {
    const rows = ['1 Remove and Replace Concrete Curb and Gutter L.F. 300', '2 Remove Concrete Sidewalk S.Y. 40', '3 Asphalt Surface Course TON 120'];
    const found = bidItemTrades(rows);
    expect(found.filter((t) => t.row.startsWith('1 ')).map((t) => t.division)).toEqual(['32']);
    expect(found.filter((t) => t.row.startsWith('2 ')).map((t) => t.division)).toEqual(['02']);
  });
});

describe('Commonwealth bill words for roads, drainage, water and concrete', () => {
  it.each([
    ['Construct precast concrete headwall', '33'],
    ['Road gully pots and connections', '33'],
    ['Supply and lay 150mm concrete pipes to falls', '33'],
    ['Air valves and scour valves on the rising main', '33'],
    ['storm water drainage to the car park', '33'],
    ['Thermoplastic road marking', '32'],
    ['Prime coat and 40mm asphalt wearing course', '32'],
    ['25MPa concrete to kerb foundations', '03'],
    ['C25/30 concrete in ground beams', '03'],
    ['Y12 high yield bars', '03'],
    ['A193 mesh to slab', '03'],
  ])('%s → %s', (text, division) => {
    expect(divs(text)).toContain(division);
  });

  it('a strength or bar callout needs its form: a bare number is nothing', () => {
    expect(divs('Pressure 25 MPa test on the main')).toEqual([]);
    expect(divs('Section Y12 of the report')).toEqual([]);
  });
});

describe('places and earth-dug water works', () => {
  it('a trade word before a street type is an address, not work', () => {
    const at = (sentence: string, word: string) => ({ index: sentence.indexOf(word), text: word });
    const row = 'Railroad Terrace, Lock - 48 meters x 1.6 meters and PLUMBING STREET';
    expect(namedSite(row, at(row, 'Railroad'))).toBe(true);
    expect(namedSite(row, at(row, 'PLUMBING'))).toBe(true);
    const work = 'Railway track renewal and plumbing to the street kiosk';
    expect(namedSite(work, at(work, 'Railway'))).toBe(false);
    expect(namedSite(work, at(work, 'plumbing'))).toBe(false);
    const text = 'Request for tender for the footpath paving program.\nRailroad Terrace - 48 meters\nWorkzone traffic management accreditation is required.';
    expect(trades(text)).not.toContain('34');
  });

  it('desilting or expanding a water pan is earthwork', () => {
    expect(statedWorks('EXPANSION AND DESILTING OF 30,000m³ WATER PAN').map((w) => w.division)).toEqual(['31']);
    expect(statedWorks('Desilting of the farm pond').map((w) => w.division)).toEqual(['31']);
  });
});

describe("a MasterFormat title listed as an item of the document's own scope", () => {
  const divisionsOf = (sentence: string) => (scopeSentenceItems(sentence) ?? []).map((i) => i.division);

  it('is that section\'s work, even where its words are no trade words and its "and" splits it', () => {
    expect(divisionsOf('The work consists of Earth Moving, Erosion and Sedimentation Controls and Water Utility Distribution Piping.')).toEqual(['31', '31', '33']);
  });

  it('a one-word division name among resources, and requirements titles, are no work', () => {
    expect(divisionsOf('The work includes all time, materials, equipment, transportation, and labor necessary.')).toEqual([]);
    expect(divisionsOf('Scope of work: Summary of Work, Temporary Facilities and Controls, new windows.')).toEqual(['08']);
  });
});
