/**
 * A spec section's number is printed in many forms ("26 05 19", "26-05-19", "26 0519", "2605 19", "260519",
 * "26 05 19.13", legacy "16000"); pdf/sections.ts holds them once and every reader that follows the word
 * "Section" reads them all. A table of contents' bare numbers have no such word: there a dashed number is a
 * date and "dddd dd" a year and a count, so it reads the spaced and solid forms only.
 */
import { describe, expect, it } from 'vitest';
import { referencesIn } from '../../src/core/addenda/change-items.js';
import { normalizeSectionNumber, parseSectionHeading } from '../../src/core/pdf/sections.js';
import { changedSections } from '../../src/core/scope/addendum-changes.js';
import { readContents } from '../../src/core/scope/contents.js';
import { sectionsAssignedWork } from '../../src/core/scope/section-references.js';

const FORMS = ['26 05 19', '26-05-19', '26 0519', '2605 19', '260519', '26 05 19.13', '16000'];

describe('a section number after the word "Section"', () => {
  it.each(FORMS)('every reader reads %s alike', (form) => {
    const number = normalizeSectionNumber(form);
    expect(parseSectionHeading(`SECTION ${form} - LOW-VOLTAGE CONDUCTORS`)?.number).toBe(number);
    expect(referencesIn(`Section ${form}: revise paragraph 2.3.A`)).toEqual([{ kind: 'section', ref: number, action: 'revised' }]);
    expect(changedSections([`a. Section ${form} - Conductors: copper only.`]).map((c) => c.key)).toEqual([number]);
    expect(sectionsAssignedWork(`Branch wiring is part of the Work of Section ${form}.`).map((a) => a.number)).toEqual([number]);
  });
});

describe('a bare number in a table of contents', () => {
  const entries = (line: string) => {
    const lines = ['TABLE OF CONTENTS', '03 30 00 Cast-in-Place Concrete', '09 91 23 Interior Painting', '22 11 16 Domestic Water Piping', line];
    return [...(readContents([{ page: 1, lines }]).sections.get(1)?.keys() ?? [])];
  };

  it.each(['26 05 19', '26 0519', '260519', '26 05 19.13'])('%s with a title is an entry', (form) => {
    expect(entries(`${form} Low-Voltage Conductors`)).toContain('26 05 19');
  });

  it.each([
    ['03-15-23 Addendum No. 1', '03 15 23'],
    ['2023 10 Bid Set', '20 23 10'],
  ])('a date or a year is none: %s', (line, misread) => {
    expect(entries(line)).toEqual(['03 30 00', '09 91 23', '22 11 16']);
    expect(entries(line)).not.toContain(misread);
  });
});
