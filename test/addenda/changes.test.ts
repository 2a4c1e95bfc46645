import { describe, expect, it } from 'vitest';
import { detectAddendumChanges } from '../../src/core/addenda/changes.js';
import { readChangeItems, referencesIn } from '../../src/core/addenda/change-items.js';
import { isNewerRevision, revisionState } from '../../src/core/addenda/revision-marks.js';
import { describeChange } from '../../src/core/addenda/notice.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc, type PageSpec } from '../scope/doc-builder.js';

const SHEET_SIZE: [number, number] = [2592, 1728];
const sheet = (number: string, title: string, lines: string[]): PageSpec => ({ text: [...lines, title, number], sheet: { number, title }, size: SHEET_SIZE });

describe('revision marks', () => {
  it('reads a revision label, a delta tag and the title block date', () => {
    const s = revisionState({ lines: ['DATE: 11/23/2026', 'REV 2', 'NEW RECEPTACLE △3'] });
    expect(s.marks).toEqual(['2', '3']);
    expect(s.latestDate).toBe('2026-11-23');
  });

  it('reads the rows of a revision table with their dates, and not prose that mentions revisions', () => {
    const s = revisionState({ lines: ['REVISIONS', '1 12/01/2026 ADDENDUM 1', '2 12/08/2026 ADDENDUM 2', 'REVISED PANEL LAYOUT PER OWNER'] });
    expect(s.marks).toEqual(['1', '2']);
    expect(s.latestDate).toBe('2026-12-08');
  });

  it('a later issue carries a new mark or a later date; the same marks and date are the same issue', () => {
    const first = revisionState({ lines: ['DATE: 11/23/2026'] });
    expect(isNewerRevision(first, revisionState({ lines: ['DATE: 11/23/2026', 'REV 1'] }))).toBe(true);
    expect(isNewerRevision(first, revisionState({ lines: ['DATE: 12/02/2026'] }))).toBe(true);
    expect(isNewerRevision(first, revisionState({ lines: ['DATE: 11/23/2026'] }))).toBe(false);
  });
});

describe("the addendum's own list of changes", () => {
  it('splits numbered items, keeps lettered sub-items with their item and reads each reference', () => {
    const items = readChangeItems([{ page: 1, lines: [
      'ADDENDUM NO. 2',
      'CHANGES TO THE DRAWINGS',
      'ITEM 1 – Sheet E-201: revise panel schedule LP-1.',
      'ITEM 2 – Delete sheet E-202 in its entirety.',
      'ITEM 3 – Add sheet E-203 LIGHTING CONTROLS.',
      'CHANGES TO SPECIFICATIONS',
      '4. Section 26 05 19 – delete paragraph 2.3.A',
      'A. Replace with: copper conductors only.',
    ] }]);
    expect(items.map((i) => i.label)).toEqual(['ITEM 1', 'ITEM 2', 'ITEM 3', '4.']);
    expect(items[0]!.references).toEqual([{ kind: 'sheet', ref: 'E-201', action: 'revised' }]);
    expect(items[1]!.references).toEqual([{ kind: 'sheet', ref: 'E-202', action: 'removed' }]);
    expect(items[2]!.references).toEqual([{ kind: 'sheet', ref: 'E-203', action: 'added' }]);
    // A paragraph deleted from a section revises the section, it does not remove it.
    expect(items[3]!.references).toEqual([{ kind: 'section', ref: '26 05 19', action: 'revised' }]);
    expect(items[3]!.text).toContain('copper conductors');
  });

  it('an item may start with its reference; several sheets in one reference are each named', () => {
    const items = readChangeItems([{ page: 1, lines: ['Drawing A-101 reissued with revised door tags.', 'Sheets M-101 and M-102 (new) added.'] }]);
    expect(items[0]!.references).toEqual([{ kind: 'sheet', ref: 'A-101', action: 'revised' }]);
    expect(referencesIn('Sheets M-101 and M-102 added')).toEqual([
      { kind: 'sheet', ref: 'M-101', action: 'added' },
      { kind: 'sheet', ref: 'M-102', action: 'added' },
    ]);
  });

  it('removing a document and adding it back is a revision of it', () => {
    expect(referencesIn('REMOVE DOCUMENT 00 11 00 AND ADD DOCUMENT 00 11 00 dated April 10')).toEqual([{ kind: 'section', ref: '00 11 00', action: 'revised' }]);
  });

  it('a verb printed with a semicolon or colon before its reference still says what happens to it', () => {
    expect(referencesIn('DELETE; Section 09 91 23 in its entirety')).toEqual([{ kind: 'section', ref: '09 91 23', action: 'removed' }]);
    expect(referencesIn('ADD: Sheet E-203 LIGHTING CONTROLS')).toEqual([{ kind: 'sheet', ref: 'E-203', action: 'added' }]);
    expect(referencesIn('Section 09 91 23: add paragraph 3.2.C')).toEqual([{ kind: 'section', ref: '09 91 23', action: 'revised' }]);
  });
});

describe('changes between the previous set and an addendum', () => {
  const original = buildDoc([
    sheet('A101', 'FIRST FLOOR PLAN', ['DATE: 11/23/2026', 'NEW PARTITIONS WITH 5/8" TYPE X GYPSUM BOARD']),
    sheet('E101', 'LIGHTING PLAN', ['DATE: 11/23/2026', 'LIGHTING FIXTURE SCHEDULE']),
    sheet('E201', 'POWER PLAN', ['DATE: 11/23/2026', 'PANEL SCHEDULE LP-1']),
    sheet('P101', 'PLUMBING PLAN', ['DATE: 11/23/2026', 'NEW WATER CLOSETS']),
  ]);

  it('a reissued electrical sheet with a new revision mark is revised and concerns electrical work only', () => {
    const addendum = buildDoc([sheet('E201', 'POWER PLAN', ['DATE: 11/23/2026', 'REVISIONS', '1 12/01/2026 ADDENDUM 1', 'PANEL SCHEDULE LP-1'])]);
    const result = detectAddendumChanges([original], addendum);
    expect(result.changes).toEqual([expect.objectContaining({ kind: 'sheet', action: 'revised', ref: 'E201', detail: 'revised (revision 1, dated 2026-12-01)', divisions: ['26'] })]);
    expect(result.divisions).toEqual(['26']);
  });

  it('a sheet the set did not have is added, and a designator that names a trade decides its trades', () => {
    const addendum = buildDoc([sheet('FA101', 'FIRE ALARM PLAN', ['REV 1', 'HORN/STROBE'])]);
    const [change] = detectAddendumChanges([original], addendum).changes;
    expect(change).toMatchObject({ action: 'added', ref: 'FA101', divisions: ['28'] });
  });

  it('an architectural sheet (a designator of no trade) concerns the trades its own content shows', () => {
    const addendum = buildDoc([sheet('A101', 'FIRST FLOOR PLAN', ['REV 1', 'DOOR SCHEDULE', 'HARDWARE SET 1: HINGES, LOCKSET, CLOSER'])]);
    const [change] = detectAddendumChanges([original], addendum).changes;
    expect(change!.divisions).toContain('08');
    expect(change!.divisions).not.toContain('26');
  });

  it("a set index that leaves out an earlier sheet removes it; one marked deleted removes it too", () => {
    const addendum = buildDoc([sheet('E201', 'POWER PLAN', ['REV 1'])], {
      sheetIndex: [
        { number: 'A101', title: 'FIRST FLOOR PLAN', page: 1 },
        { number: 'E101', title: 'LIGHTING PLAN (DELETED)', page: 1 },
        { number: 'E201', title: 'POWER PLAN', page: 1 },
      ],
    });
    const byRef = new Map(detectAddendumChanges([original], addendum).changes.map((c) => [c.ref, c]));
    expect(byRef.get('E101')).toMatchObject({ action: 'removed', divisions: ['26'] });
    expect(byRef.get('P101')).toMatchObject({ action: 'removed', divisions: ['22'] });
    expect(byRef.get('A101')).toBeUndefined();
  });

  it('a partial addendum (no index) removes nothing it does not name', () => {
    const addendum = buildDoc([sheet('E201', 'POWER PLAN', ['REV 1'])]);
    expect(detectAddendumChanges([original], addendum).changes.map((c) => c.action)).toEqual(['revised']);
  });

  it('spec sections: one the book had is revised, a new one is added, each with its division', () => {
    const book = buildDoc([{ text: 'SECTION 26 05 19 - CONDUCTORS', sections: [{ kind: 'section', number: '26 05 19', title: 'CONDUCTORS' }] }]);
    const addendum = buildDoc([
      { text: 'SECTION 26 05 19 - CONDUCTORS', sections: [{ kind: 'section', number: '26 05 19', title: 'CONDUCTORS' }] },
      { text: 'SECTION 28 31 00 - FIRE DETECTION AND ALARM', sections: [{ kind: 'section', number: '28 31 00', title: 'FIRE DETECTION AND ALARM' }] },
    ]);
    const byRef = new Map(detectAddendumChanges([book], addendum).changes.map((c) => [c.ref, c]));
    expect(byRef.get('26 05 19')).toMatchObject({ action: 'revised', divisions: ['26'] });
    expect(byRef.get('28 31 00')).toMatchObject({ action: 'added', divisions: ['28'] });
  });

  it("the addendum's list is read up to END OF ADDENDUM; its words describe the change and add the trades they name", () => {
    const addendum = buildDoc([
      { text: ['ADDENDUM NO. 1', 'ITEM 1 – Sheet E201: add fire alarm horn/strobe at corridor.', 'ITEM 2 – Bid opening moved to December 18.', 'END OF ADDENDUM NO. 1', 'ITEM 9 – Sheet P101: not part of the list.'] },
    ]);
    const result = detectAddendumChanges([original], addendum);
    expect(result.changes.map((c) => c.ref ?? c.kind)).toEqual(['E201', 'note']);
    expect(result.changes[0]).toMatchObject({ action: 'revised', detail: 'Sheet E201: add fire alarm horn/strobe at corridor.', divisions: ['26', '28'] });
    // A change that names no trade concerns nobody's trade (a general change).
    expect(result.changes[1]!.divisions).toEqual([]);
    expect(result.divisions).toEqual(['26', '28']);
  });
});

describe('a notice to subs and the job’s trades read an addendum with the same readers', () => {
  const book = buildDoc([
    { text: 'SECTION 09 29 00 - GYPSUM BOARD', sections: [{ kind: 'section', number: '09 29 00', title: 'GYPSUM BOARD' }] },
    { text: 'SECTION 10 28 00 - TOILET ACCESSORIES', sections: [{ kind: 'section', number: '10 28 00', title: 'TOILET ACCESSORIES' }] },
  ]);
  const addendum = (items: string[]) =>
    buildDoc([{ text: ['ADDENDUM NO. 2', 'The following changes are made to the bidding documents and are part of the contract.', ...items, 'END OF ADDENDUM NO. 2'] }]);

  it('the same addendum text gives the same trades to the notice and to the job', () => {
    const doc = addendum([
      'CHANGES TO THE PROJECT MANUAL',
      '1. Section 09 29 00 Gypsum Board: revise paragraph 2.1.A to read "5/8-inch Type X".',
      '2. ADD Section Resilient Base and Accessories, copy attached.',
      '3. Specification 23 05 00, paragraph 2.3.A, is revised to read as follows.',
      '4. Delete Section 10 28 00 Toilet Accessories in its entirety.',
      'CHANGES TO THE DRAWINGS',
      '5. Sheet E-201: revise circuit numbers at the corridor.',
      '6. Bid opening is moved to December 18.',
    ]);
    const notice = detectAddendumChanges([book], doc);
    expect(notice.divisions).toEqual(['09', '23', '26']);
    expect(extractScopeFromText(doc).trades.map((t) => t.division)).toEqual(notice.divisions);
    // A section named by its title alone, or as "Specification" and a number, is a change to that section.
    expect(notice.changes.map((c) => [c.kind, c.ref ?? c.title, c.action, c.divisions.join()])).toEqual([
      ['section', '09 29 00', 'revised', '09'],
      ['section', 'Resilient Base and Accessories', 'added', '09'],
      ['section', '23 05 00', 'revised', '23'],
      // Deleting a section tells its invitees, but adds no trade to the job.
      ['section', '10 28 00', 'removed', '10'],
      ['sheet', 'E-201', 'added', '26'],
      ['note', undefined, 'revised', ''],
    ]);
    expect(describeChange(notice.changes[1]!)).toBe('Section Resilient Base and Accessories added: ADD Section Resilient Base and Accessories, copy attached.');
  });

  it('a section named by title is the earlier section of that title; a listed drawing concerns the work its title names', () => {
    const notice = detectAddendumChanges([book], addendum(['1. Replace Section Gypsum Board with the attached section.', '2. The attached drawings are updated:', 'o C700 "Utility Details"']));
    expect(notice.changes.map((c) => [c.ref, c.action, c.divisions.join()])).toEqual([
      ['09 29 00', 'revised', '09'],
      ['C700', 'added', '33'],
    ]);
  });

  it('a weak designator tells its possible trades but adds no trade; a section named in passing concerns no trade', () => {
    const notice = detectAddendumChanges([book], addendum(['1. Sheet S-201: revise the dimension at grid line 4.']));
    expect(notice.changes[0]).toMatchObject({ ref: 'S-201', divisions: ['03', '05'] });
    expect(notice.divisions).toEqual([]);
    expect(detectAddendumChanges([book], addendum(['1. Bidders are reminded that Section 03 30 00 governs concrete testing.'])).divisions).toEqual([]);
  });
});
