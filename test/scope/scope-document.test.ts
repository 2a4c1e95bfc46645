import { describe, expect, it } from 'vitest';
import { readScopeDocument } from '../../src/core/scope/scope-document.js';

const v1 = {
  schema: 'redbutton.scope',
  version: 1,
  extractor: 'text',
  createdAt: '2025-01-01T00:00:00.000Z',
  source: { sha256: 'a'.repeat(64), pages: 3 },
  project: { name: 'Riverside Library Renovation', location: 'Lafayette, IN', zipCode: '47904', bidDueDate: '2026-03-03' },
  sheets: [],
  trades: [{ division: '26', name: 'Electrical', confidence: 0.9, evidence: [] }],
};

describe('readScopeDocument', () => {
  it('upgrades a version 1 document (flat facts) so jobs stored before keep working', () => {
    const doc = readScopeDocument(v1, 'test');
    expect(doc.version).toBe(2);
    expect(doc.trades).toEqual(v1.trades);
    expect(doc.project).toEqual({
      name: { value: 'Riverside Library Renovation', page: 0, source: 'text' },
      owner: null,
      streetAddress: null,
      city: { value: 'Lafayette', page: 0, source: 'text' },
      stateOrProvince: { value: 'IN', page: 0, source: 'text' },
      country: null,
      zipOrPostcode: { value: '47904', page: 0, source: 'text' },
      projectNumber: null,
      architectOrEngineer: null,
      bidDue: { value: { date: '2026-03-03', time: null, timeZone: null, text: '2026-03-03' }, page: 0, source: 'text' },
      preBidMeeting: null,
    });
  });

  it('keeps a version 1 date that was stored as written, without inventing a day', () => {
    const doc = readScopeDocument({ ...v1, project: { bidDueDate: 'mid-March' } }, 'test');
    expect(doc.project.bidDue?.value).toEqual({ date: null, time: null, timeZone: null, text: 'mid-March' });
    expect(doc.project.name).toBeNull();
  });

  it('refuses what is not a scope document, or a version it does not know, with a message to act on', () => {
    expect(() => readScopeDocument({ schema: 'other' }, 'x')).toThrow(/not a scope document/);
    expect(() => readScopeDocument({ ...v1, version: 9 }, 'x')).toThrow(expect.objectContaining({ code: 'STORAGE_IO', userMessage: expect.stringContaining('Update Red Button') }));
  });
});
