import { describe, expect, it } from 'vitest';
import { formatTradesTable } from '../../src/core/scope/format.js';
import { projectFacts } from '../helpers/project-facts.js';
import type { ScopeDocument } from '../../src/core/scope/types.js';

const base: ScopeDocument = {
  schema: 'redbutton.scope',
  version: 1,
  extractor: 'text',
  createdAt: '2026-01-01T00:00:00.000Z',
  source: { sha256: 'a'.repeat(64), pages: 14, fileName: 'set.pdf' },
  project: projectFacts({ name: 'Lily Hall Lab Renovation', city: 'West Lafayette', state: 'IN', zip: '47907', bidDue: '2026-03-03' }),
  sheets: [],
  trades: [
    {
      division: '26',
      name: 'Electrical',
      confidence: 0.97,
      evidence: [
        { page: 10, sheet: 'E211', snippet: 'E211 FIRST FLOOR LIGHTING PLAN', source: 'sheet' },
        { page: 14, sheet: 'E600', snippet: 'PANEL SCHEDULE', source: 'keyword' },
        { page: 1, snippet: 'E600 ELECTRICAL SCHEDULES', source: 'sheet-index' },
        { page: 13, snippet: 'ELECTRICAL DETAILS', source: 'keyword' },
      ],
    },
    { division: '21', name: 'Fire Suppression', confidence: 0.6, evidence: [{ page: 1, section: '21 01 00', snippet: 'SECTION 21 01 00', source: 'spec-section' }] },
  ],
};

describe('formatTradesTable', () => {
  it('prints project facts, then each trade with confidence and where the evidence is', () => {
    const out = formatTradesTable(base);
    expect(out).toContain('set.pdf · 14 pages · extractor: text');
    expect(out).toContain('Project:  Lily Hall Lab Renovation');
    expect(out).toContain('Location: West Lafayette, IN 47907');
    expect(out).toContain('Bids due: 2026-03-03');
    expect(out).toMatch(/^26 {2}Electrical\s+97% {2}\[p\.10 E211 sheet\] E211 FIRST FLOOR LIGHTING PLAN$/m);
    expect(out).toContain('[p.1 §21 01 00 spec-section] SECTION 21 01 00');
    expect(out).toContain('(+1 more)');
    expect(out).not.toContain('ELECTRICAL DETAILS');
    expect(out.includes(String.fromCharCode(27))).toBe(false); // no colour codes: pipe-safe
  });

  it('says what to do when nothing was found', () => {
    expect(formatTradesTable({ ...base, trades: [] })).toContain('No trades detected');
  });

  it('shows model usage when a vision model was used', () => {
    const out = formatTradesTable({ ...base, extractor: 'openai', usage: { model: 'gpt-4.1-mini', inputTokens: 5000, outputTokens: 120, pagesSent: 6 } });
    expect(out).toContain('gpt-4.1-mini · 6 pages · 5000 in / 120 out tokens');
  });
});
