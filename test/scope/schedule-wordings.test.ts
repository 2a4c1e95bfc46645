/**
 * Schedule titles in every wording (issue #11): US, UK, Australian and South Asian names of each trade's
 * table, the Commonwealth "SCHEDULE OF <X>" order, generic titles read by the sheet they are on, and
 * notes that only point at a schedule.
 */
import { describe, expect, it } from 'vitest';
import { scheduleDivision } from '../../src/core/scope/schedules.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

describe('schedule titles by trade', () => {
  it.each([
    ['DOOR AND FRAME SCHEDULE', '08'], ['DOOR HARDWARE SCHEDULE', '08'], ['IRONMONGERY SCHEDULE', '08'], ['WINDOW SCHEDULE', '08'],
    ['ROOM FINISH SCHEDULE', '09'], ['FINISH LEGEND', '09'], ['INTERIOR FINISHES KEY', '09'], ['COLOUR SCHEDULE', '09'],
    ['PANELBOARD SCHEDULE', '26'], ['PANEL HP1 SCHEDULE', '26'], ['DISTRIBUTION BOARD SCHEDULE', '26'], ['DB-2 SCHEDULE', '26'],
    ['LOAD SCHEDULE', '26'], ['CIRCUIT SCHEDULE', '26'], ['SWITCHBOARD SCHEDULE', '26'], ['LUMINAIRE SCHEDULE', '26'], ['LIGHT FIXTURE SCHEDULE', '26'],
    ['PLUMBING FIXTURE SCHEDULE', '22'], ['SANITARY FIXTURE SCHEDULE', '22'], ['SANITARYWARE SCHEDULE', '22'], ['TAPWARE SCHEDULE', '22'],
    ['AIR HANDLER SCHEDULE', '23'], ['RTU SCHEDULE', '23'], ['FAN COIL UNIT SCHEDULE', '23'], ['GRILLE, REGISTER AND DIFFUSER SCHEDULE', '23'], ['VRF SCHEDULE', '23'],
    ['SPRINKLER HEAD SCHEDULE', '21'], ['FIRE PROTECTION SCHEDULE', '21'],
    ['FIRE ALARM DEVICE SCHEDULE', '28'], ['FIRE ALARM CONTROL PANEL SCHEDULE', '28'],
  ])('%s → %s', (title, division) => {
    expect(scheduleDivision(title)).toBe(division);
  });

  it('reads the Commonwealth order "SCHEDULE OF <X>" as "<X> SCHEDULE", in capitals or Title Case', () => {
    expect(scheduleDivision('SCHEDULE OF IRONMONGERY')).toBe('08');
    expect(scheduleDivision('SCHEDULE OF DOORS')).toBe('08');
    expect(scheduleDivision('SCHEDULE OF FINISHES')).toBe('09');
    expect(scheduleDivision('Schedule of Sanitary Fittings')).toBe('22');
    // Schedules of a contract, not of a trade's items.
    for (const t of ['SCHEDULE OF RATES', 'SCHEDULE OF PRICES', 'SCHEDULE OF DRAWINGS', 'SCHEDULE OF VALUES', 'SCHEDULE OF WORKS']) expect(scheduleDivision(t), t).toBeNull();
  });

  it('panels and loads of other trades are not electrical schedules', () => {
    for (const t of ['ACOUSTIC PANEL SCHEDULE', 'PRECAST PANEL SCHEDULE', 'FLOOR LOAD SCHEDULE', 'DESIGN LIVE LOAD SCHEDULE', 'COOLING LOAD SCHEDULE']) {
      expect(scheduleDivision(t), t).not.toBe('26');
    }
  });

  it('a note that points at a schedule or a legend is not one', () => {
    for (const t of ['SEE DOOR SCHEDULE', 'SEE FINISH LEGEND', 'DOOR SCHEDULE - SEE A601', 'LISTED IN THE LIGHT FIXTURE SCHEDULE', 'FIXTURES SHOWN ON PLUMBING FIXTURE SCHEDULE', 'AS SCHEDULED ON THE PANEL SCHEDULE']) {
      expect(scheduleDivision(t), t).toBeNull();
    }
  });

  it('a title that names no trade is the table of the sheet it is on', () => {
    expect(scheduleDivision('EQUIPMENT SCHEDULE')).toBeNull();
    expect(scheduleDivision('EQUIPMENT SCHEDULE', '23')).toBe('23');
    expect(scheduleDivision('FIXTURE SCHEDULE', '22')).toBe('22');
    expect(scheduleDivision('PROJECT SCHEDULE', '23')).toBeNull();
  });

  it('an equipment schedule on a mechanical sheet is mechanical work; the same words on a general sheet are nothing', () => {
    const page = (sheet: { number: string; title: string }) => ({ text: ['EQUIPMENT SCHEDULE', 'MARK CAPACITY VOLTAGE REMARKS'], size: [2448, 1584] as [number, number], sheet });
    const on = (number: string) => extractScopeFromText(buildDoc([page({ number, title: 'SCHEDULES' }), page({ number: 'G-001', title: 'COVER' })])).trades.map((t) => t.division);
    expect(on('M-601')).toContain('23');
    expect(on('A-601')).not.toContain('23');
  });
});
