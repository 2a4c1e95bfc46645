/**
 * A bid form's list of subcontractors (issue #11): each role named with the bid is a trade of the job.
 */
import { describe, expect, it } from 'vitest';
import { subcontractorRoles } from '../../src/core/scope/bid-form-roles.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const FORM = [
  'LIST OF SUBCONTRACTORS',
  'The Bidder proposes to use the following Subcontractors if awarded the Contract.',
  'SPECIFICATION SECTION SUBCONTRACTOR',
  'Fire Protection Contractor Plumbing Piping Contractor Sheet Metal Contractor Test and Balance Contractor',
  'Electrical Subcontractor Site Water Service Contractor',
].join('\n');

describe('subcontractor roles on a bid form', () => {
  it('reads each role as its trade (sheet metal in a role is ductwork; the site water service is a utility)', () => {
    expect(subcontractorRoles(FORM).map((r) => r.division)).toEqual(['21', '22', '23', '23', '26', '33']);
  });

  it('gives the trades as stated by the document', () => {
    const trades = extractScopeFromText(buildDoc([{ text: FORM }])).trades;
    expect(trades.map((t) => t.division)).toEqual(['21', '22', '23', '26', '33']);
    expect(Math.min(...trades.map((t) => t.confidence))).toBeGreaterThanOrEqual(0.9);
  });

  it('a role mentioned in passing, or with no list asked for, is not a list', () => {
    expect(subcontractorRoles('LIST OF SUBCONTRACTORS\nThe General Contractor shall coordinate with the Electrical Contractor.')).toEqual([]);
    expect(subcontractorRoles('The Plumbing Contractor and the Electrical Contractor shall attend the meeting.')).toEqual([]);
  });

  it('a role it does not know gives nothing', () => {
    expect(subcontractorRoles('LIST OF SUBCONTRACTORS\nInsulation Contractor Caulking Contractor Roofing Contractor Paving Contractor').map((r) => r.division)).toEqual(['07', '32']);
  });
});
