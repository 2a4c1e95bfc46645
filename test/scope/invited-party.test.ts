/**
 * Who a solicitation invites gates its reading (issue #11): a tender for a consultant's services
 * gives no trades, a design-build or construction tender does.
 */
import { describe, expect, it } from 'vitest';
import { invitesConsultantOnly, invitesSupplierOnly } from '../../src/core/scope/invited-party.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const WORKS = 'The project consists of replacing the roof coverings, re-plastering the external walls and renewing the concrete floor slab.';

describe('invited party', () => {
  it.each([
    'Invitation to Tender for Consultancy Services for the school hall project',
    'Request for Proposals for Professional Engineering Services',
    'Tenders are invited for the appointment of a design team',
    'The District is requesting proposals from qualified consulting engineering firms to perform final design of a pump station.',
    'The Engineer agrees to render the following services for the street reconstruction project.',
    'We are pleased to submit this Fee Proposal to the Town for professional services associated with the bridge replacement.',
    // Design and construction as the consultant's expertise or the owner's programme is not what is tendered.
    'Your firm is invited to submit a proposal for engineering services. The Engineer shall have expertise in treatment process evaluation, design and construction.',
  ])('a consultant is invited: %s', (text) => {
    expect(invitesConsultantOnly(text)).toBe(true);
  });

  it.each([
    'Invitation to Tender for Design and Construction of a splash park',
    'Request for Proposals for Design-Build Services',
    'Invitation to Tender for Consultancy Services. The works contractor will be appointed separately.',
    'Invitation to Tender for the roof replacement',
    'Proposals for professional services are invited.\nPark Pavilion – Design and Construction',
    'Requesting proposals from qualified design and construction firms for the new fire station.',
  ])('a builder is invited: %s', (text) => {
    expect(invitesConsultantOnly(text)).toBe(false);
  });

  it('a consultancy tender describing the works to be designed gives no trades; the same works tendered to builders do', () => {
    const trades = (head: string) => extractScopeFromText(buildDoc([{ text: `${head}\n${WORKS}` }])).trades.map((t) => t.division);
    expect(trades('Invitation to Tender for Consultancy Services')).toEqual([]);
    expect(trades('Invitation to Tender for Building Works').length).toBeGreaterThan(0);
  });

  it.each([
    ['Tender for the Supply of Submersible and Booster Pumps', true],
    ['Invitation to Bid for the supply and delivery of water meters', true],
    ['Tender for the supply, installation and commissioning of a water treatment plant', false],
    ['Tender for the supply of materials and the construction of a retaining wall', false],
    ['Invitation to Tender for the roof replacement', false],
  ] as const)('a supplier of goods only: %s → %s', (text, only) => {
    expect(invitesSupplierOnly(text)).toBe(only);
  });

  it('a supply-only tender gives no trades; the same goods to be installed do', () => {
    const trades = (head: string) => extractScopeFromText(buildDoc([{ text: `${head}\nThe pumps are for the booster stations and the sewage lift stations.` }])).trades.map((t) => t.division);
    expect(trades('TENDER FOR THE SUPPLY OF SUBMERSIBLE AND BOOSTER PUMPS')).toEqual([]);
    expect(trades('TENDER FOR THE SUPPLY AND INSTALLATION OF SUBMERSIBLE AND BOOSTER PUMPS').length).toBeGreaterThan(0);
  });
});
