/**
 * NATSPEC (Australia) worksections and Masterspec (New Zealand) sections are numbered by four digits
 * (issue #11, round 12). A heading is read only in a document written in that form, and its code and
 * title must agree: the title names a trade of the code's group, or the heading makes no trade.
 */
import { describe, expect, it } from 'vitest';
import { anzWorksectionHeadings, writtenAsAnzWorksections } from '../../src/core/scope/anz-worksections.js';
import { divisionsOfSection } from '../../src/core/scope/section-division.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

describe('four-digit worksection codes', () => {
  it.each([
    ['0310', 'Concrete – combined', '03'],
    ['0331', 'Brick and block construction', '04'],
    ['0451', 'Windows and glazed doors', '08'],
    ['0421', 'Roofing – combined', '07'],
    ['0621', 'Wall and floor tiling', '09'],
    ['0222', 'Earthwork', '31'],
    ['0802', 'Hydraulic design and install', '22'],
    ['3101', 'CONCRETE', '03'],
    ['4211', 'GLAZING', '08'],
  ])('%s %s is its title\'s trade within its group', (code, title, division) => {
    expect(divisionsOfSection(code, title)).toEqual([division]);
  });

  it.each([
    ['0331', undefined],
    ['0171', 'General requirements'],
    ['0621', 'Electrical design and install'],
    ['2019', 'Edition'],
    ['0310', 'Painting'],
  ])('a code without a title, or whose title is no trade of its group, is none: %s %s', (code, title) => {
    expect(divisionsOfSection(code, title)).toEqual([]);
  });
});

describe('worksection headings', () => {
  const spec = [
    'PROJECT SPECIFICATION',
    '0331 BRICK AND BLOCK CONSTRUCTION',
    '1 GENERAL',
    '1.1 CROSS REFERENCES',
    'Requirement: Conform to 0171 General requirements.',
    '2 PRODUCTS',
    'Bricks: to the standard.',
  ];

  it('a document in worksection form heads its sections with code and title', () => {
    expect(writtenAsAnzWorksections([{ lines: spec }])).toBe(true);
    expect([...anzWorksectionHeadings(spec, true)]).toEqual([['0331', 'BRICK AND BLOCK CONSTRUCTION']]);
    const trades = extractScopeFromText(buildDoc([{ text: spec.join('\n') }])).trades;
    expect(trades.map((t) => t.division)).toEqual(['04']);
  });

  it('a four-digit line in a document of another form is a year or a number, not a worksection', () => {
    const letter = ['ANNUAL REPORT', '2024 Concrete Repairs', 'The council repaired several footpaths.'];
    expect(writtenAsAnzWorksections([{ lines: letter }])).toBe(false);
    expect(anzWorksectionHeadings(letter, false).size).toBe(0);
  });

  // A list of contents prints each heading with its page count, and branded sections add a letter to the code.
  const contents = ['LIST OF CONTENTS', '2111 DEMOLITION 4', '5113G PLASTERBOARD LININGS 4', '5231 INTERIOR DOORS 3', '7312 FIRE SPRINKLER SYSTEMS 4', '7741 LIGHTING 2'];

  it('a page listing three or more coded headings that agree with their groups is in that form by itself', () => {
    expect(writtenAsAnzWorksections([{ lines: contents }])).toBe(true);
    expect([...anzWorksectionHeadings(contents, true).keys()]).toEqual(['2111', '5113', '5231', '7312', '7741']);
    const trades = extractScopeFromText(buildDoc([{ text: contents.join('\n') }])).trades.map((t) => t.division);
    expect(trades).toEqual(expect.arrayContaining(['02', '08', '09', '21', '26']));
  });

  it('two numbered lines that happen to fit are not a list of worksections', () => {
    const minutes = ['MEETING NOTES', '2019 Roofing repairs were completed 3', '2021 Painting of the hall 2', 'Next meeting in May.'];
    expect(writtenAsAnzWorksections([{ lines: minutes }])).toBe(false);
  });
});
