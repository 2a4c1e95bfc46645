/**
 * Contents lists in the shapes that were missed (issue #11): `DIVISION nn - TITLE` followed by
 * sections numbered "nn nnnn", several on one printed line, the Division 00/01 entries first; and a
 * legacy five-digit list ahead of the first section, which makes the document a project manual.
 */
import { describe, expect, it } from 'vitest';
import { readContents } from '../../src/core/scope/contents.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const trades = (pages: Array<string[]>) => extractScopeFromText(buildDoc(pages.map((text) => ({ text })))).trades.map((t) => t.division);

describe('contents with division headings and "nn nnnn" section numbers', () => {
  it('reads every section entry of a run-on line, the ones after the Division 00/01 entries included', () => {
    const c = readContents([{ page: 1, lines: [
      'PROJECT NO. 12-34 TABLE OF CONTENTS',
      'DIVISION 00 - PROCUREMENT AND CONTRACTING REQUIREMENTS 00 4100 Bid Form DIVISION 01 - GENERAL REQUIREMENTS 01 1100 Summary of Work 01 3300 Submittal Procedures DIVISION 03 - CONCRETE 03 2000 Concrete Reinforcement 03 3000 Cast in Place Concrete',
      'DIVISION 07 - THERMAL AND MOISTURE PROTECTION 07 2115 Batt Insulation 07 6100 Standing Seam Roof',
    ] }]);
    expect([...c.sections.get(1)!.keys()]).toEqual(['00 41 00', '01 11 00', '01 33 00', '03 20 00', '03 30 00', '07 21 15', '07 61 00']);
    expect(c.sections.get(1)!.get('07 61 00')).toBe('Standing Seam Roof');
  });

  it('gives the trades of the listed sections and nothing for Divisions 00 and 01', () => {
    expect(trades([[
      'SPECIFICATIONS FOR A CONCESSIONS BUILDING',
      'TABLE OF CONTENTS',
      'DIVISION 00 - PROCUREMENT 00 4100 Bid Form DIVISION 01 - GENERAL REQUIREMENTS 01 1100 Summary of Work 05 1200 Structural Steel Framing 06 1100 Wood Framing 09 9100 Painting',
    ]])).toEqual(['05', '06', '09']);
  });
});

describe('legacy five-digit contents before the first section', () => {
  const manual = [
    'FIELD OFFICE MECHANICAL AND ELECTRICAL BUILD OUT',
    'TABLE OF CONTENTS',
    'DIVISION 15 MECHANICAL',
    '15400 15500 Ventilation 15900 Controls and Instrumentation 15980 Testing, Adjusting and Balancing',
    'DIVISION 16 ELECTRICAL',
    '16050 Electrical Basic Materials & Methods',
    'SECTION 15400 PLUMBING',
    'PART ONE - GENERAL',
    '1.01 DESCRIPTION',
    'A. Work included: Provide plumbing where shown on the Drawings.',
  ];

  it('reads the entries, titled or not, under the division of the same digits', () => {
    const c = readContents([{ page: 1, lines: manual }]);
    expect(c.sections.get(1)).toEqual(new Map([
      ['15400', undefined],
      ['15500', 'Ventilation'],
      ['15900', 'Controls and Instrumentation'],
      ['15980', 'Testing, Adjusting and Balancing'],
      ['16050', 'Electrical Basic Materials & Methods'],
    ]));
  });

  it('makes the document a project manual whose trades are all its listed sections, not only the first one', () => {
    expect(trades([manual])).toEqual(['22', '23', '26']);
  });

  it('does not read a five-digit number of another division (a ZIP code, a phone number) as an entry', () => {
    const c = readContents([{ page: 1, lines: ['TABLE OF CONTENTS', 'DIVISION 15 MECHANICAL 15400 Plumbing 15500 Heating Ventilating and Air Conditioning', 'Engineer: 100 Main Street, Springfield 62701', 'DIVISION 16 ELECTRICAL 16050 Basic Materials'] }]);
    expect([...c.sections.get(1)!.keys()].sort()).toEqual(['15400', '15500', '16050']);
  });

  it('ends the list where the first section\'s PART 1 begins: that section\'s body is not read as contents', () => {
    const c = readContents([{ page: 1, lines: [...manual, 'B. Related: 15010 Basic Requirements 15050 Materials 15060 Hangers'] }]);
    expect(c.sections.get(1)!.has('15010')).toBe(false);
  });
});
