/**
 * Project names that are not names (issue #11): a wrong name in an invitation is worse than none, so
 * each form below is rejected or trimmed to the name it carries.
 */
import { describe, expect, it } from 'vitest';
import { extractProjectFacts, looksLikeProjectName } from '../../src/core/scope/project-facts.js';
import { buildDoc } from './doc-builder.js';

const nameOf = (lines: string[]) => extractProjectFacts(buildDoc([{ text: lines, items: lines.map((str, i) => ({ str, fontSize: i === 0 ? 20 : 10 })) }])).name?.value ?? null;

describe('project names that are not names', () => {
  it('rejects column headings, cut titles, run-on headings, limits, prose, addresses and contents lines', () => {
    for (const v of [
      'Building Item Description Total',
      'PURPOSE CENTER City of Sometown, Province DIVISION 15A PLUMBING WORKS',
      '(MAIN STREET TO FIRST STREET)',
      'Highway 43. The County Drain extends 1.2 km from the river',
      'Plastering at 78 Elm Road in the subject line. H',
      'PRICING FOR SAFETY PRICING THE WORKS ACCESSING THE WORKS BUILDING CONTROL',
      'Burrard Street, Sometown, B.C. V6Z 0B9',
      'CENTER CITY OF SOMETOWN SEPTEMBER 2015 PROPOSED MULTI',
      'Construction Progress Schedule 2 01 33 00 Submittal Procedures',
      'Subcontracts, Etc. Workmanship Proposed Center 1 1 1 2 2 2 3 4',
      'TOWN OF SOMEWHERE TENDER ELM STREET WATERMAIN (BAY',
    ]) expect(looksLikeProjectName(v), v).toBe(false);
    expect(looksLikeProjectName('Elm Street Watermain (Bay Street to Frank Street)')).toBe(true);
    expect(looksLikeProjectName('FLAT CREEK STREAM RESTORATION – UPPER NORTH FORK FLAT CREEK')).toBe(true);
  });

  it('trims the document kind, the issue status, the next heading and the address from a cover title', () => {
    expect(nameOf(['SPECIFICATIONS FOR NORTH CONTROL CENTER, HURRICANE HARDENING ISSUE FOR CONSTRUCTION', 'Prepared by an architect'])).toBe('NORTH CONTROL CENTER, HURRICANE HARDENING');
    expect(nameOf(['Riverside Park Pavilion SUPPLEMENTARY CONDITIONS', 'Page 1'])).toBe('Riverside Park Pavilion');
    expect(nameOf(['STREAM RESTORATION – UPPER NORTH FORK CITY OF', 'SOMEWHERE'])).toBe('STREAM RESTORATION – UPPER NORTH FORK');
    // A title cut at its line end is no name at all.
    expect(nameOf(['CONSTRUCTION OF A STAFF HOUSE AT', '1 SOMEWHERE HEALTH CENTRE'])).toBeNull();
    expect(nameOf(['Detachment Generator Replacement 120 Elm Avenue Sometown, BC', 'Project No. R.1'])).toBe('Detachment Generator Replacement');
  });
});
