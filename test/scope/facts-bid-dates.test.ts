/**
 * Bid due dates and pre-bid meetings in the forms documents print them (issue #11): labels, times before
 * the date, UK / AU / IN wording, the opening when no receipt is printed, award memos in the past tense,
 * numeric dates read day first outside North America, and a meeting's year taken only when the bid date
 * or the notice fixes it. Each positive case has a negative beside it: a date of something else is no
 * bid date, and null beats a guess.
 */
import { describe, expect, it } from 'vitest';
import { extractProjectFacts } from '../../src/core/scope/project-facts.js';
import { datesIn, timesIn, zoneAfter } from '../../src/core/scope/fact-dates.js';
import { bidDueDate, numericOrderIn, preBidMeetingDate } from '../../src/core/scope/fact-events.js';
import { buildDoc } from './doc-builder.js';

const due = (lines: string[], order: 'month-first' | 'day-first' = 'month-first') => {
  const d = bidDueDate(buildDoc([{ text: lines }]), order)?.value;
  return d ? { date: d.date, time: d.time, timeZone: d.timeZone } : null;
};
const meeting = (lines: string[]) => {
  const doc = buildDoc([{ text: lines }]);
  const d = preBidMeetingDate(doc, bidDueDate(doc)?.value ?? null)?.value;
  return d ? { date: d.date, time: d.time } : null;
};

describe('bid due dates: labels', () => {
  it('reads "Bid Date: <date> at 2pm" and "BID DATE <time> <zone word> <date>"', () => {
    expect(due(['1. Bid Date: April 20, 2017 at 2pm Location: Main Office'])).toEqual({ date: '2017-04-20', time: '14:00', timeZone: null });
    expect(due(['PROJECT Library Remodel BID DATE 2:00 PM Central May 2, 2017 BID LOCATION District Office'])).toEqual({ date: '2017-05-02', time: '14:00', timeZone: 'America/Chicago' });
  });

  it('reads a bare "Deadline <date>" but not a deadline of questions or a publication date', () => {
    expect(due(['Borough Council | Published December 16, 2016 - Deadline January 23, 2017'])).toEqual({ date: '2017-01-23', time: null, timeZone: null });
    expect(due(['Deadline for questions: January 10, 2017'])).toBeNull();
    expect(due(['Enquiry deadline: 10 January 2017'])).toBeNull();
    expect(due(['Published December 16, 2016'])).toBeNull();
  });

  it('reads "Closing date: dd/mm/yyyy 12:00" day first where the number says so, and "Close Date"', () => {
    expect(due(['Closing date: 23/01/2026 12:00'])).toEqual({ date: '2026-01-23', time: '12:00', timeZone: null });
    expect(due(['Close Date : Friday, 27 February 2026 5:00 PM (Pacific/Auckland UTC+13:00)'])).toEqual({ date: '2026-02-27', time: '17:00', timeZone: 'Pacific/Auckland' });
  });

  it('reads "Last date and time of submission" with an Indian date and a time in hrs', () => {
    expect(due(['Last date and time of submission of bid: up to 15.00 hrs on 10-01-2025'], 'day-first')).toEqual({ date: '2025-01-10', time: '15:00', timeZone: null });
  });

  it('does not read a label followed by words', () => {
    expect(due(['The bid date may be postponed by addendum. The architect issued drawings on May 3, 2020.'])).toBeNull();
  });
});

describe('bid due dates: sentences', () => {
  it('takes a time printed before the date', () => {
    expect(due(['All proposals are to be delivered to the Architect\'s Office before 5:00 p.m. July 21, 1980.'])).toEqual({ date: '1980-07-21', time: '17:00', timeZone: null });
    expect(due(['Bids shall be emailed no later than 10:00am local standard time on September 23, 2025.'])).toEqual({ date: '2025-09-23', time: '10:00', timeZone: null });
  });

  it('reads the UK forms: "submit … tenders … by 4pm on 23rd January 2026", "until 19th January 2026, 12:00 noon"', () => {
    expect(due(['Interested businesses must submit hard copies of their tenders to the Town Hall by 4pm on 23rd January 2026.'])).toEqual({ date: '2026-01-23', time: '16:00', timeZone: null });
    expect(due(['Companies can submit their proposals online via the portal until 19th January 2026, 12:00 noon. The enquiry period runs until 14th January 2026.'])).toEqual({ date: '2026-01-19', time: '12:00', timeZone: null });
    expect(due(['Quotations shall be returned by no later than 15:00hrs, Friday 12th April 2013.'])).toEqual({ date: '2013-04-12', time: '15:00', timeZone: null });
  });

  it('reads a receipt sentence that names the buyer and its address before the date', () => {
    expect(
      due([
        'Sealed bids will be received by the Harbor Airport Authority, Springfield, for the TERMINAL CANOPY REPLACEMENT; Project No. 15-010; at 780 Col. H. Main Drive, Springfield 46241 on January',
        '4, 2016 at 11:00 am local time in the Board Room.',
      ]),
    ).toEqual({ date: '2016-01-04', time: '11:00', timeZone: null });
    expect(due(['Sealed bid proposals for a OFFICE RENOVATION AT THE PUBLIC WORKS BUILDING will be received by the City at the office of the Clerk, 500 W. Main Road, until Thursday, November 19, 2015, at 10:00 AM E.S.T.'])).toEqual({ date: '2015-11-19', time: '10:00', timeZone: 'EST' });
  });

  it('reads the fields under "shall be received as follows:"', () => {
    expect(due(['Sealed bids for the Additions to the Elementary School shall be received as follows:', 'OWNER: County Schools', 'LOCATION: 1221 Gay Street', 'TIME: 2:00 PM ET; Thursday, April 14, 2022'])).toEqual({ date: '2022-04-14', time: '14:00', timeZone: 'ET' });
  });

  it('does not take a date after a sentence that says bids are not accepted, nor a bid bond\'s return', () => {
    expect(due(['The lowest or any tender may not necessarily be accepted. If you require information, questions will be accepted up to Thursday July 19th, 2018.'])).toBeNull();
    expect(due(['The three lowest bidders will have their bid surety returned by May 5, 2016.'])).toBeNull();
  });
});

describe('bid due dates: the opening and the past tense', () => {
  it('takes the opening as the due date when no receipt is printed', () => {
    expect(due(['For which bids will be opened in the office of Procurement Services, Room 103 on September 27, 2016 at 11:00 a.m. Central Time:'])).toMatchObject({ date: '2016-09-27', time: '11:00' });
    expect(due(['Sealed Bid Opening at 9:00 am August 15, 2011'])).toEqual({ date: '2011-08-15', time: '09:00', timeZone: null });
  });

  it('prefers the receipt to a later opening', () => {
    expect(due(['Bids will be received until 2:00 p.m. on May 4, 2020.', 'Bids will be publicly opened on May 5, 2020 at 10:00 a.m.'])).toEqual({ date: '2020-05-04', time: '14:00', timeZone: null });
  });

  it('reads an award memo: "On <date>, the following bids were received", "bids were opened on <date>"', () => {
    expect(due(['This project was advertised for bid on April 22 and 29, 2004. On May 20, 2004, the following', 'bids were received: Bidders Bid Amount'])).toEqual({ date: '2004-05-20', time: null, timeZone: null });
    expect(due(['A call for bids was advertised on April 19 and 26, 2016 and four bids were opened on May 3, 2016.'])).toEqual({ date: '2016-05-03', time: null, timeZone: null });
    expect(due(['This project was advertised for bid on April 22, 2004.'])).toBeNull();
  });
});

describe('pre-bid meetings', () => {
  it('reads walk-throughs, optional site meetings and "the 3rd day of March 2026"', () => {
    expect(meeting(['A non-mandatory pre-bid and walk-thru will be held on: Tuesday May, 1 2012 at 10:30 AM.'])).toEqual({ date: '2012-05-01', time: '10:30' });
    expect(meeting(['A Pre-Bid Meeting will be held on the 3rd day of March 2026, at: 2:00 p.m., prevailing time at the school.'])).toEqual({ date: '2026-03-03', time: '14:00' });
    expect(meeting(['An optional site meeting will be held on March 8, 2018 at 3:00pm at the plant.'])).toEqual({ date: '2018-03-08', time: '15:00' });
  });

  it('takes the year of a meeting printed without one from the bid date, the weekday agreeing', () => {
    const lines = ['Sealed bids will be received at 3:00 pm on Tuesday, February 1, 2022.', 'An optional Pre-Bid Conference will be held on Tuesday, January 18, at 1:30 pm at the school.'];
    expect(meeting(lines)).toEqual({ date: '2022-01-18', time: '13:30' });
    // 18 January 2022 was a Tuesday, not a Monday: a weekday that disagrees leaves the date null.
    expect(meeting([lines[0]!, 'An optional Pre-Bid Conference will be held on Monday, January 18, at 1:30 pm.'])).toBeNull();
  });

  it('takes the year of a meeting that "was held" from the notice\'s date, and no year without one', () => {
    expect(meeting(['Date: August 11, 2017', 'A Pre-Bid Conference was held at the school on August 9th. List of those in attendance is attached.'])).toEqual({ date: '2017-08-09', time: null });
    expect(meeting(['A Pre-Bid Conference will be held at the school on August 9th.'])).toBeNull();
  });
});

describe('dates, times and zones as printed', () => {
  it('reads numeric dates by the document\'s order, the number over 12 deciding when it can', () => {
    expect(datesIn('05/01/2026')[0]?.date).toBe('2026-05-01');
    expect(datesIn('05/01/2026', 'day-first')[0]?.date).toBe('2026-01-05');
    expect(datesIn('23/01/2026')[0]?.date).toBe('2026-01-23');
    expect(datesIn('23.01.2026')[0]?.date).toBe('2026-01-23');
    expect(datesIn('26-05-19')).toEqual([]); // a section number, not a date
    expect(numericOrderIn('United Kingdom')).toBe('day-first');
    expect(numericOrderIn('United States')).toBe('month-first');
    expect(numericOrderIn(null)).toBe('unknown');
    // With no country known an ambiguous date with hyphens is not guessed; slashes keep the month-first reading.
    expect(datesIn('10-01-2025', 'unknown')[0]?.date).toBeNull();
    expect(datesIn('23-01-2025', 'unknown')[0]?.date).toBe('2025-01-23');
    expect(datesIn('05/01/2026', 'unknown')[0]?.date).toBe('2026-05-01');
  });

  it('reads "1400 hrs" and "15.00 Hrs" as times, not a year or an amount', () => {
    expect(timesIn('by 1400 hrs').map((t) => t.time)).toEqual(['14:00']);
    expect(timesIn('up to 15.00 Hrs').map((t) => t.time)).toEqual(['15:00']);
    expect(timesIn('Rs. 15.00 per sqm')).toEqual([]);
  });

  it('reads a zone written with full stops or as a bare word before a date, and no zone from "local time"', () => {
    expect(zoneAfter(' E.S.T., after which')?.zone).toBe('EST');
    expect(zoneAfter(' Central May 2, 2017')?.zone).toBe('America/Chicago');
    expect(zoneAfter(' Central Library')).toBeNull();
    expect(zoneAfter(' local time on')).toBeNull();
    expect(zoneAfter(' CDST.')?.zone).toBe('CDST');
  });

  it('gives the fact the page the date was read on', () => {
    const f = extractProjectFacts(buildDoc([{ text: ['Cover'] }, { text: ['Bid Date: April 20, 2017 at 2pm'] }]));
    expect(f.bidDue?.page).toBe(2);
  });
});
