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

describe('the legacy five-digit table, range by range (MasterFormat 1995; 1988 where they agree)', () => {
  // Untitled numbers: the range decides. Each row is [number, division].
  const ranges: Array<[string, string]> = [
    ['02060', '02'], ['02220', '31'], ['02315', '31'], ['02455', '31'], ['02510', '33'], ['02630', '33'], ['02741', '32'], ['02821', '32'], ['02920', '32'],
    ['13700', '28'], ['13800', '25'], ['13851', '28'], ['13915', '21'],
    ['15050', '23'], ['15310', '21'], ['15410', '22'], ['15440', '22'], ['15510', '23'], ['15620', '23'], ['15730', '23'], ['15810', '23'], ['15900', '23'], ['15950', '23'],
    ['16050', '26'], ['16120', '26'], ['16442', '26'], ['16510', '26'], ['16710', '27'], ['16720', '28'], ['16721', '28'], ['16740', '27'], ['16800', '27'], ['16950', '26'],
  ];
  for (const [number, division] of ranges) {
    it(`${number} → ${division}`, () => expect(divisionsOfSection(number)).toEqual([division]));
  }

  it('a title picks among the legacy division’s successors, never outside them', () => {
    expect(divisionsOfSection('15900', 'BUILDING AUTOMATION SYSTEM')).toEqual(['25']);
    expect(divisionsOfSection('15900', 'HVAC INSTRUMENTATION AND CONTROLS')).toEqual(['23']);
    expect(divisionsOfSection('13851', 'FIRE ALARM SYSTEM')).toEqual(['28']);
    expect(divisionsOfSection('16720', 'INTERCOM AND PAGING SYSTEMS')).toEqual(['27']);
    expect(divisionsOfSection('16720', 'TELEPHONE AND INTERCOMMUNICATION EQUIPMENT')).toEqual(['27']);
    expect(divisionsOfSection('02220', 'SITE DEMOLITION')).toEqual(['02']);
    // A Division 16 title naming plumbing cannot make a plumbing section.
    expect(divisionsOfSection('16442', 'PANELBOARDS FOR PLUMBING EQUIPMENT')).toEqual(['26']);
    // Divisions that kept their numbers stay: 03 concrete, 09 finishes, 14 conveying.
    expect(divisionsOfSection('03300', 'CAST-IN-PLACE CONCRETE')).toEqual(['03']);
    expect(divisionsOfSection('14240')).toEqual(['14']);
  });
});
