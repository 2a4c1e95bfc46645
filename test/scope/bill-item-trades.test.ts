/**
 * Priced items of an estimate or a bill of quantities name their trade by their head words, in the
 * regional abbreviations bills use (issue #11, round 11): concrete hollow blocks (CHB) are masonry,
 * "dismantling of existing …" is demolition, an underground (U/G) drain and a connection to an existing
 * sewer are site utilities; crushed stone and a road bill's stone pitching are no masonry.
 */
import { describe, expect, it } from 'vitest';
import { statedWorks } from '../../src/core/scope/works-vocabulary.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const works = (sentence: string) => [...new Set(statedWorks(sentence).map((w) => w.division))];
const divisions = (text: string) => extractScopeFromText(buildDoc([{ text }])).trades.map((t) => t.division);

describe('trades named by bill items', () => {
  it('concrete hollow blocks (CHB) priced in a bill are masonry', () => {
    const bill = [
      'ITEM NO. DESCRIPTION QUANTITY UNIT DIRECT COST',
      '2.00 EARTHWORKS',
      '2.01 Excavation/Backfill 120.00 cu.m. 40,000.00',
      '7.00 MASONRY WORKS',
      '7.01 4" CHB Filler and Setting 900.00 sq.m. 310,000.00',
    ].join('\n');
    expect(divisions(bill)).toContain('04');
    // The same page without the blocks: no masonry from a heading and its number alone.
    expect(divisions(bill.split('\n').slice(0, 3).join('\n'))).not.toContain('04');
  });

  it('dismantling what exists is demolition; dismantling scaffolding is not', () => {
    const bill = [
      'BILL OF QUANTITIES',
      '1 Dismantling of existing structures like culverts and walls, sorting the dismantled material and stacking serviceable material 3.87 M3 434.79',
      '2 Dismantling of existing cement concrete pavements by mechanical means, disposal of dismantled materials 77.40 M3 1535.20',
    ].join('\n');
    expect(divisions(bill)).toContain('02');
    expect(divisions('BILL OF QUANTITIES\n1 Earth work in excavation in foundation, including erection and dismantling of scaffolding where necessary 421.24 M3 247.06')).not.toContain('02');
  });

  it.each([
    ['Construction of U/G drain and PCC road in ward no. 4', ['33', '32']],
    ['Connect to Existing Sanitary Sewer EACH 2', ['33']],
    ['Connection to the existing watermain at the street.', ['33']],
  ])('an underground drain or a connection to an existing utility is utility work: %s', (sentence, expected) => {
    expect(works(sentence)).toEqual(expected);
  });

  it.each(['The U/G drain at the corner shall be kept free of debris.', 'Connect to the existing electrical panel in the basement.', 'The new building connected to existing sewer lines in 2019.'])(
    'no utility work without a work verb or a utility: %s',
    (sentence) => {
      expect(works(sentence)).toEqual([]);
    },
  );

  it('a road bill\'s crushed stone and stone pitching are no masonry; a bill\'s stone masonry is', () => {
    const summary = [
      'SUMMARY',
      'SECTION DESCRIPTION AMOUNT',
      '3400 PAVEMENT LAYERS OF GRAVEL MATERIAL 0.00',
      '3600 CRUSHED-STONE BASE 0.00',
      '5100 PITCHING, STONEWORK AND PROTECTION AGAINST EROSION 0.00',
      '5200 GABIONS 0.00',
    ].join('\n');
    expect(divisions(summary)).not.toContain('04');
    expect(divisions(summary)).toContain('31');
    expect(divisions('BILL OF QUANTITIES\n4.01 Random rubble stone masonry in cement mortar 1:6 in walls 55.00 M3\n4.02 Brickwork in cement mortar 1:4 in superstructure 80.00 M3')).toContain('04');
  });
});
