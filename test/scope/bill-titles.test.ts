/**
 * Bill titles of a BoQ summary (issue #11): a bill's title is its work section — plain, qualified by the
 * building it prices ("ELECTRICALS - OFFICE"), a work the works vocabulary knows ("YARD FENCING"), or only
 * a building ("OFFICE BLOCK"), which holds that building's trades. General bills and items are not titles.
 */
import { describe, expect, it } from 'vitest';
import { billTitleWork, isBillSummary, workSectionDivision } from '../../src/core/scope/work-sections.js';

describe('bill titles', () => {
  it('maps trade bills, qualified or not, in capitals or title case', () => {
    expect(billTitleWork('BILL No. 3 – ELECTRICAL INSTALLATIONS')).toMatchObject({ divisions: ['26'], building: false });
    expect(billTitleWork('6 ELECTRICALS -OFFICE')).toMatchObject({ divisions: ['26'], building: false });
    expect(billTitleWork('7 YARD FENCING')).toMatchObject({ divisions: ['32'], building: false });
    expect(billTitleWork('BILL NO. 2 EXTERNAL WORKS 1,250,000.00')).toMatchObject({ divisions: ['32'] });
    expect(billTitleWork('4 Plumbing and Drainage')).toMatchObject({ divisions: ['22'] });
    expect(billTitleWork('5 OFFICE BLOCK - PLUMBING')).toMatchObject({ divisions: ['22'] });
  });

  it('a bill titled by a building alone is a building bill', () => {
    expect(billTitleWork('2 OFFICE BLOCK')).toMatchObject({ divisions: [], building: true });
    expect(billTitleWork('3 SALE YARD OFFICES')).toMatchObject({ building: true });
    expect(billTitleWork('5 TOILET STRUCTURE')).toMatchObject({ building: true });
  });

  it('general bills, items, totals and unknown titles are not trade bills', () => {
    expect(billTitleWork('1 PRELIMINARIES')).toBeNull();
    expect(billTitleWork('2 PROVISIONAL SUMS')).toBeNull();
    expect(billTitleWork('12 Excavate trench for fencing 120 m')).toBeNull();
    expect(billTitleWork('4 LOADING/OFFLOADING')).toBeNull();
    expect(billTitleWork('TOTAL')).toBeNull();
    expect(billTitleWork('OFFICE BLOCK')).toBeNull();
  });

  it('reads the elements of an elemental bill: fixed-trade elements are work sections, building elements possible trades', () => {
    expect(workSectionDivision('2F WINDOWS AND EXTERNAL DOORS')).toBe('08');
    expect(workSectionDivision('3C CEILING FINISHES')).toBe('09');
    expect(workSectionDivision('5C DISPOSAL INSTALLATIONS')).toBe('22');
    expect(workSectionDivision('5E HEAT SOURCE')).toBe('23');
    expect(workSectionDivision('5K COMMUNICATION INSTALLATIONS')).toBe('27');
    expect(billTitleWork('1 SUBSTRUCTURE')).toMatchObject({ divisions: [], possible: ['31', '03'] });
    expect(billTitleWork('2 ROOF')).toMatchObject({ divisions: [], possible: ['07'] });
    // Elements built by different trades from job to job are not mapped.
    expect(billTitleWork('3 FRAME')).toBeNull();
    expect(billTitleWork('4 EXTERNAL WALLS')).toBeNull();
    // A title ending in letters that spell a currency ("DOORS") is still whole.
    expect(billTitleWork('6 INTERNAL DOORS 125,000.00')).toMatchObject({ divisions: ['08'] });
  });

  it('reads the summary titles of Indian, African and Asian bills, with or without "works"', () => {
    expect(billTitleWork('3 PHE WORKS')).toMatchObject({ divisions: ['22'] });
    expect(billTitleWork('4 HVAC WORKS')).toMatchObject({ divisions: ['23'] });
    expect(billTitleWork('5 FIRE FIGHTING WORKS')).toMatchObject({ divisions: ['21'] });
    expect(billTitleWork('6 DG SET')).toMatchObject({ divisions: ['26'] });
    expect(billTitleWork('7 PA SYSTEM')).toMatchObject({ divisions: ['27'] });
    expect(billTitleWork('8 EXTERNAL DEVELOPMENT')).toMatchObject({ divisions: ['32'] });
    expect(billTitleWork('9 PAINTING WORKS')).toMatchObject({ divisions: ['09'] });
    expect(billTitleWork('10 ALUMINIUM WORKS')).toMatchObject({ divisions: ['08'] });
    expect(workSectionDivision('FALSE CEILING')).toBe('09');
    // A fit-out bill may hold joinery, finishes or furniture: not mapped.
    expect(billTitleWork('11 INTERIOR WORKS')).toBeNull();
  });

  it('knows a summary page', () => {
    expect(isBillSummary('GRAND SUMMARY\n1 PRELIMINARIES')).toBe(true);
    expect(isBillSummary('BILL NO. 3 ELECTRICAL\n1 Supply cable')).toBe(false);
  });
});
