/**
 * The bid due date with its time (issue #11): when the time is printed after the date — in the next
 * sentence or in a field of its own — it completes the date; an issue or publish date is no due date.
 */
import { describe, expect, it } from 'vitest';
import { extractProjectFacts } from '../../src/core/scope/project-facts.js';
import { laterTime, zoneAfter } from '../../src/core/scope/fact-dates.js';
import { parseTimeZone } from '../../src/core/project/time.js';
import { buildDoc } from './doc-builder.js';

const due = (lines: string[]) => {
  const d = extractProjectFacts(buildDoc([{ text: lines }])).bidDue?.value;
  return d ? { date: d.date, time: d.time, timeZone: d.timeZone } : null;
};

describe('bid due with its time', () => {
  it('takes the time from the next sentence when it says "the same day"', () => {
    expect(due(['The procedure is open, with submissions due by 14 January 2021. The bid', 'opening is scheduled for the same day at 12:00 GMT, and the works take 450 days.'])).toEqual({
      date: '2021-01-14',
      time: '12:00',
      timeZone: 'GMT',
    });
  });

  it('takes the time from a "Closing Time:" field under the date, with a zone printed by its IANA name', () => {
    expect(due(['Publish Date:', '26 September 2025', 'Closing Date:', '31 October 2025', 'Closing Time:', '02:00 PM (Australia/Brisbane)'])).toEqual({
      date: '2025-10-31',
      time: '14:00',
      timeZone: 'Australia/Brisbane',
    });
  });

  it('does not take the issue date for the due date', () => {
    expect(due(['Issue Date For Tender:', 'Thursday, July 22, 2021', 'Tender Closing:', 'Thursday, August 19, 2021', 'at 3:30 pm'])).toEqual({ date: '2021-08-19', time: '15:30', timeZone: null });
  });

  it('leaves the time null when what follows is another event without the cue', () => {
    expect(laterTime('. A site visit will be held on May 3 at 10:00 a.m.')).toBeNull();
    expect(due(['Proposals are due by March 5, 2024.', 'Questions will be answered within 2 days.'])).toEqual({ date: '2024-03-05', time: null, timeZone: null });
    expect(zoneAfter(' (America/Chicago)')).toEqual({ zone: 'America/Chicago', length: 18 });
  });

  it('gives a zone written in words as its abbreviation, keeping standard or daylight, which the job reads back', () => {
    expect(zoneAfter(' (Central Standard Time)')?.zone).toBe('CST');
    expect(zoneAfter(' Pacific Daylight Time')?.zone).toBe('PDT');
    expect(zoneAfter(' Eastern Time')?.zone).toBe('ET');
    expect(zoneAfter(' local time')).toBeNull();
    expect(parseTimeZone(zoneAfter(' Central Time')!.zone)).toBe('America/Chicago');
  });
});

describe('times that are not the deadline (round 11)', () => {
  it("skips a zone's UTC offset and takes the time printed before it", () => {
    expect(due(['Open Date : Monday, 3 March 2025 8:00 AM (Region/Town UTC+12:00)', 'Close Date : Friday, 28 March 2025 5:00 PM (Region/Town UTC+12:00)'])).toMatchObject({ date: '2025-03-28', time: '17:00' });
    expect(due(['Close Date : Friday, 28 March 2025 (GMT-05:00)'])).toMatchObject({ date: '2025-03-28', time: null });
  });

  it('gives no time when the only times are a range of office hours, and keeps a single time', () => {
    expect(due(['Tenders should be submitted between 8.00am to 4.00pm Monday through Friday not later than 22nd May, 2024.'])).toEqual({ date: '2024-05-22', time: null, timeZone: null });
    expect(due(['Tenders should be submitted not later than 4.00pm on 22nd May, 2024.'])).toEqual({ date: '2024-05-22', time: '16:00', timeZone: null });
  });

  it('reads the deadline of a public notice worded "time limit for receipt of tenders", and not the publication date', () => {
    expect(due(['The time limit for receipt of tenders was 2024-01-15. The procurement was published on 2023-11-30.'])).toMatchObject({ date: '2024-01-15' });
    expect(due(['The procurement was published on 2023-11-30.'])).toBeNull();
  });
});
