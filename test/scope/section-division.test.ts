import { describe, expect, it } from 'vitest';
import { divisionsOfSection } from '../../src/core/scope/section-division.js';

describe('spec section number → trade divisions', () => {
  it('a current number is its first two digits (00/01 included: the extractor drops them)', () => {
    expect(divisionsOfSection('26 05 19')).toEqual(['26']);
    expect(divisionsOfSection('40 05 13', 'COMMON WORK RESULTS FOR PROCESS PIPING')).toEqual(['40']);
    expect(divisionsOfSection('01 10 00')).toEqual(['01']);
    expect(divisionsOfSection('19 10 00')).toEqual([]);
  });

  it('Division 20 (mechanical common work) is plumbing and HVAC, narrowed by its title', () => {
    expect(divisionsOfSection('20 05 53')).toEqual(['22', '23']);
    expect(divisionsOfSection('20 05 53', 'IDENTIFICATION FOR PIPING AND EQUIPMENT')).toEqual(['22', '23']);
    expect(divisionsOfSection('20 07 19', 'PLUMBING PIPING INSULATION')).toEqual(['22']);
    expect(divisionsOfSection('20 07 13', 'DUCTWORK INSULATION')).toEqual(['23']);
  });

  it('legacy five-digit numbers map to their current divisions, by range or by title', () => {
    expect(divisionsOfSection('15400', 'PLUMBING FIXTURES')).toEqual(['22']);
    expect(divisionsOfSection('15400')).toEqual(['22']);
    expect(divisionsOfSection('15810', 'DUCTS')).toEqual(['23']);
    expect(divisionsOfSection('16010')).toEqual(['26']);
    expect(divisionsOfSection('16721', 'FIRE ALARM SYSTEM')).toEqual(['28']);
    expect(divisionsOfSection('16740', 'TELEPHONE AND DATA SYSTEMS')).toEqual(['27']);
    expect(divisionsOfSection('02741', 'ASPHALT PAVING')).toEqual(['32']);
    expect(divisionsOfSection('09900', 'PAINTING')).toEqual(['09']);
    expect(divisionsOfSection('01010')).toEqual(['01']);
  });
});
