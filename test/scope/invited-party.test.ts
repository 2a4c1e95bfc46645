/**
 * Who a solicitation invites gates its reading (issue #11): a tender for a consultant's services
 * gives no trades, a design-build or construction tender does.
 */
import { describe, expect, it } from 'vitest';
import { invitesConsultantOnly } from '../../src/core/scope/invited-party.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const WORKS = 'The project consists of replacing the roof coverings, re-plastering the external walls and renewing the concrete floor slab.';

describe('invited party', () => {
  it.each([
    'Invitation to Tender for Consultancy Services for the school hall project',
    'Request for Proposals for Professional Engineering Services',
    'Tenders are invited for the appointment of a design team',
  ])('a consultant is invited: %s', (text) => {
    expect(invitesConsultantOnly(text)).toBe(true);
  });

  it.each([
    'Invitation to Tender for Design and Construction of a splash park',
    'Request for Proposals for Design-Build Services',
    'Invitation to Tender for Consultancy Services. The works contractor will be appointed separately.',
    'Invitation to Tender for the roof replacement',
  ])('a builder is invited: %s', (text) => {
    expect(invitesConsultantOnly(text)).toBe(false);
  });

  it('a consultancy tender describing the works to be designed gives no trades; the same works tendered to builders do', () => {
    const trades = (head: string) => extractScopeFromText(buildDoc([{ text: `${head}\n${WORKS}` }])).trades.map((t) => t.division);
    expect(trades('Invitation to Tender for Consultancy Services')).toEqual([]);
    expect(trades('Invitation to Tender for Building Works').length).toBeGreaterThan(0);
  });
});
