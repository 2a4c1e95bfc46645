/**
 * The owner from the sentences that say who buys the work (issue #11): the organization as printed,
 * bounded — the clause after it (its town, its office) is not part of the name, and an agent
 * (a purchasing office, a clerk, a department acting "on behalf of") is not the owner.
 */
import { describe, expect, it } from 'vitest';
import { extractProjectFacts } from '../../src/core/scope/project-facts.js';
import { buildDoc } from './doc-builder.js';

const ownerOf = (lines: string[]) => extractProjectFacts(buildDoc([{ text: lines }])).owner?.value ?? null;

describe('owner from sentences', () => {
  it.each([
    [['Sealed bids will be received by the Riverside Airport Authority, Springfield, Illinois, for the TERMINAL CANOPY REPLACEMENT.'], 'Riverside Airport Authority'],
    [['Sealed bids will be received by Elm County Public Schools, Division of Facilities, Room 5, until 2:00 p.m.'], 'Elm County Public Schools'],
    [['The Elm Unit School District No. 318 in Elm, Illinois will receive sealed bids for the Gym Roof Replacement.'], 'Elm Unit School District No. 318'],
    [['Harbor Field, Inc is seeking proposals from commercial construction contracting companies.'], 'Harbor Field, Inc'],
    [['The procurement process is being conducted by Harbourside Heritage Trust for the refurbishment of the former school.'], 'Harbourside Heritage Trust'],
    [['Bids will be received by the Fiscal Officer of the Elm Public Library until noon.'], 'Elm Public Library'],
    [['This tender is issued on behalf of the Riverside School Authority.'], 'Riverside School Authority'],
  ])('reads %j', (lines, owner) => {
    expect(ownerOf(lines)).toBe(owner);
  });

  it('does not take an agent, a role or a department acting for someone as the owner', () => {
    expect(ownerOf(['Sealed bids will be received by the Purchasing Office until 2:00 p.m.'])).toBeNull();
    expect(ownerOf(['The Purchasing Division is requesting proposals on behalf of Facilities Maintenance & Operations.'])).toBeNull();
    expect(ownerOf(['Proposals will be received by the Owner at the address below.'])).toBeNull();
    expect(ownerOf(['Smith Engineering, Inc is seeking proposals from subconsultants.'])).toBeNull();
  });
});
