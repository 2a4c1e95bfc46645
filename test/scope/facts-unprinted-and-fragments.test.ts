/**
 * Facts on procurement notices that were given wrong (issue #11, facts14): a country the text never prints,
 * a bulleted item of the works, a title cut after "NEW", the building line of a letterhead, a registration
 * deadline beside a meeting, a meeting's time given in the sentence after its date, "10h00 am", tenders "placed in
 * the Tender Box" by a date, "Contract ID No." before a number; and two plain statements of the name — the
 * name a notice defines as (the "Project"), and "Request for Tender: <name>". Each case has its
 * counterpart that must still be read.
 */
import { describe, expect, it } from 'vitest';
import { extractProjectFacts, looksLikeProjectName } from '../../src/core/scope/project-facts.js';
import { timesIn } from '../../src/core/scope/fact-dates.js';
import { bidDueDate, preBidMeetingDate } from '../../src/core/scope/fact-events.js';
import { buildDoc } from './doc-builder.js';

const facts = (lines: string[]) => extractProjectFacts(buildDoc([{ text: lines }]));
const meeting = (lines: string[]) => {
  const doc = buildDoc([{ text: lines }]);
  const d = preBidMeetingDate(doc, bidDueDate(doc)?.value ?? null, 'day-first')?.value;
  return d ? { date: d.date, time: d.time } : null;
};

describe('country: only where printed', () => {
  it('gives no country for a region that implies one, and the printed one where it is printed', () => {
    expect(facts(['PROJECT: Harbour Hall Renovation', 'Project site: Kharagpur, West Bengal 721302']).country).toBeNull();
    expect(facts(['PROJECT: Harbour Hall Renovation', 'Project site: 1 Main Avenue, Red Deer, Alberta, Canada T4N 1X1']).country?.value).toBe('Canada');
  });

  it('still reads numeric dates in the order of the country the region implies', () => {
    const f = facts(['PROJECT: Harbour Hall Renovation', 'Project site: 2300 Elm Street, Lafayette, IN 47904', 'Bids are due 04/05/2024 at 2:00 PM.']);
    expect(f.country).toBeNull();
    expect(f.bidDue?.value.date).toBe('2024-04-05');
  });
});

describe('names: fragments that are no title', () => {
  it('rejects a bulleted entry of a list of works, keeps the same words without the bullet', () => {
    expect(looksLikeProjectName('• Street light pole and fixture replacements')).toBe(false);
    expect(looksLikeProjectName('▪ Renovation of the gate house')).toBe(false);
    expect(looksLikeProjectName('Street Light Pole Replacements')).toBe(true);
  });

  it('rejects a title cut after an adjective that needs its noun', () => {
    expect(looksLikeProjectName('CONTRACTORS FOR THE CONSTRUCTION OF NEW')).toBe(false);
    expect(looksLikeProjectName('REPLACEMENT OF THE EXISTING')).toBe(false);
    expect(looksLikeProjectName('CONSTRUCTION OF NEW FIRE STATION')).toBe(true);
  });

  it('takes no name from the building line between an agency and its street', () => {
    const name = (lines: string[]) => extractProjectFacts(buildDoc([{ text: lines, items: lines.map((str) => ({ str, fontSize: 10 })) }])).name?.value ?? null;
    expect(name(['Ministry of Works', 'Central Secretariat Complex, Phase II', 'Station Road, Central Area, Capital', 'Tenders are invited from qualified firms.'])).toBeNull();
    // Without the agency above, the same line over a street is a cover title over its site.
    expect(name(['Riverside Library Renovation, Phase II', '120 Elm Avenue, Sometown', 'Bid documents'])).toBe('Riverside Library Renovation, Phase II');
  });
});

describe('meetings: the meeting’s own date and time', () => {
  it('reads a compulsory clarification meeting, not the deadline to register for it', () => {
    expect(
      meeting([
        'A compulsory clarification meeting with representatives of the Employer will be held at 10:00 on 12 January 2022 at the Public Library, 14 Main Street.',
        'To control the number of people at the compulsory meeting, a notice of intention must be submitted by email by no later than 10 January 2022 at 10:00.',
      ]),
    ).toEqual({ date: '2022-01-12', time: '10:00' });
    // With only the registration deadline printed there is no meeting date.
    expect(meeting(['To control the number of people at the compulsory meeting, a notice of intention must be submitted by no later than 10 January 2022 at 10:00.'])).toBeNull();
  });

  it('takes the time from the next sentence that says where tenderers assemble', () => {
    expect(meeting(['A Mandatory Pre-tender site Meeting shall be held on Thursday 9th January 2020. Prospective Tenderers shall Assemble at the Sub-County Offices at 10.00 a.m.'])).toEqual({
      date: '2020-01-09',
      time: '10:00',
    });
    // A time in the next sentence that is not where they gather is not the meeting's.
    expect(meeting(['A Mandatory Pre-tender site Meeting shall be held on Thursday 9th January 2020. Offices open at 8.00 a.m.'])).toEqual({ date: '2020-01-09', time: null });
  });
});

describe('South African and Philippine forms', () => {
  it('reads "10h00 am" as a time, and "12h00" as before', () => {
    expect(timesIn('starting at 10h00 am on 28 October 2019').map((t) => t.time)).toEqual(['10:00']);
    expect(timesIn('no later than 12h00 on 13th November 2019').map((t) => t.time)).toEqual(['12:00']);
  });

  it('reads the deadline of tenders placed or deposited in the tender box, not a document sale date', () => {
    const due = (lines: string[]) => bidDueDate(buildDoc([{ text: lines }]), 'day-first')?.value ?? null;
    expect(due(['Tenders shall be placed in sealed envelopes in the Tender Box at the Municipal Offices no later than 12h00 on 13th November 2019.'])).toMatchObject({ date: '2019-11-13', time: '12:00' });
    expect(due(['Bids shall be deposited in the tender box on or before 4 March 2021 at 11:00.'])).toMatchObject({ date: '2021-03-04', time: '11:00' });
    expect(due(['Tender documents will be available from 10h00 on 16 October 2019 until 15h00 on 25 October 2019.'])).toBeNull();
  });

  it('reads the number after "Contract ID No.", not the label\'s "No."', () => {
    const f = facts(['PROCUREMENT OF INFRASTRUCTURE PROJECTS', 'Contract ID No. 003-02-2023-INFRA']);
    expect(f.projectNumber?.value).toBe('003-02-2023-INFRA');
    expect(facts(['Contract ID: 2023-17']).projectNumber?.value).toBe('2023-17');
  });
});

describe('names stated outright', () => {
  const name = (lines: string[]) => extractProjectFacts(buildDoc([{ text: lines, items: lines.map((str) => ({ str, fontSize: 10 })) }])).name?.value ?? null;

  it('reads the name a notice defines as (the "Project"), and nothing from a sentence that defines none', () => {
    expect(name(['NOTICE TO BIDDERS', 'A pre-bid conference will be held to discuss the Harbor North Pier Fender Replacement Project (the “Project”), consisting of the removal of fenders.'])).toBe(
      'Harbor North Pier Fender Replacement Project',
    );
    expect(name(['NOTICE TO BIDDERS', 'A pre-bid conference will be held to discuss the project, consisting of the removal of fenders.'])).toBeNull();
  });

  it('reads "Request for Tender: <name>" opening a line, not the words after it in a sentence', () => {
    expect(name(['Request for Tender: Mill Pond Trail Construction', 'Submission deadline: October 25, 2022'])).toBe('Mill Pond Trail Construction');
    expect(name(['All questions on this request for tender: send them by e-mail to the clerk.'])).toBeNull();
  });
});
