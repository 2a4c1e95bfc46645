/**
 * Trade bills as South African and East African bills of quantities head them (issue #11, round 12):
 * the standard trade names with their "ETC." tails and "&", the element bills of a building, and the
 * reticulation bills of a civil schedule. A heading whose content varies by job names no trade.
 */
import { describe, expect, it } from 'vitest';
import { workSectionDivision } from '../../src/core/scope/work-sections.js';

describe('regional trade bills', () => {
  it.each([
    ['ROOF COVERINGS, ETC.', '07'],
    ['FLOOR COVERINGS, WALL LININGS, ETC', '09'],
    ['CONCRETE, FORMWORK & REINFORCEMENT', '03'],
    ['FORMWORK AND REINFORCEMENT', '03'],
    ['REINFORCED CONCRETE SUPERSTRUCTURE', '03'],
    ['DEMOLITIONS AND ALTERATIONS', '02'],
    ['SITE CLEARANCE', '31'],
    ['KERBS AND CHANNELS', '32'],
    ['ROADS AND PAVING', '32'],
    ['PAPERHANGING', '09'],
    ['FLOOR, WALL AND CEILING FINISHES', '09'],
    ['INTERNAL FINISHES', '09'],
    ['SOIL, WASTE AND VENT PIPES', '22'],
    ['SPRINKLER INSTALLATION', '21'],
    ['WATER RETICULATION', '33'],
    ['Sewer Reticulation', '33'],
  ])('%s is a trade bill', (heading, division) => {
    expect(workSectionDivision(heading)).toBe(division);
  });

  it.each(['CIVIL WORKS', 'ROOF STRUCTURE', 'PLASTICS IN BUILDING', 'STAIRS', 'kerbs and channels to be laid to falls', 'EXTERNAL WALLS'])(
    'a heading of no single trade, or a continuation line, names none: %s',
    (line) => {
      expect(workSectionDivision(line)).toBeNull();
    },
  );
});
