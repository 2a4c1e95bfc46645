/**
 * Schedule titles where plan-set text puts them (issue #11): run into the table's column headings or
 * beside another block on one printed line; a note that points at a schedule ("REFER … SCHEDULE",
 * "… SHALL MATCH … THE DOOR SCHEDULE") is not one.
 */
import { describe, expect, it } from 'vitest';
import { scheduleDivision } from '../../src/core/scope/schedules.js';

describe('schedule titles not alone on their line', () => {
  it('a title run into its column headings is the schedule', () => {
    expect(scheduleDivision('DOOR SCHEDULE MARK WIDTH HEIGHT MATERIAL FINISH FRAME TYPE FIRE RATING HARDWARE SET REMARKS')).toBe('08');
    expect(scheduleDivision('KEYED NOTES PANELBOARD SCHEDULE LP-1 120/208V 3PH 4W MAIN LUGS ONLY 225A BUS 10,000 AIC')).toBe('26');
    expect(scheduleDivision('ROOM FINISH SCHEDULE ROOM NO. ROOM NAME FLOOR BASE NORTH WALL SOUTH WALL EAST WALL WEST WALL CEILING HEIGHT')).toBe('09');
  });

  it('a long note that mentions a schedule is not one', () => {
    expect(scheduleDivision('ALL DOORS SHALL MATCH THE HARDWARE SETS LISTED IN THE DOOR SCHEDULE AND THE FINISHES OF THIS SET')).toBeNull();
    expect(scheduleDivision('CONTRACTOR TO VERIFY EXISTING CIRCUITS AND UPDATE THE TYPED PANEL SCHEDULE AT EACH PANEL AFFECTED')).toBeNull();
  });

  it('"REFER … SCHEDULE" (without "to", as Commonwealth sets write it) points at a schedule', () => {
    expect(scheduleDivision('A. REFER STEEL LINTEL SCHEDULE FOR STANDARD LINTEL SIZES.')).toBeNull();
    expect(scheduleDivision('STEEL LINTEL SCHEDULE')).toBe('05');
  });
});
