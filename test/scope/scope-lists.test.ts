/**
 * Lists of work that are lists (issue #11): a contents entry under "Scope of Works" and a schedule of
 * scope marking items "In Contract" state the work item by item.
 */
import { describe, expect, it } from 'vitest';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const divisions = (text: string) => extractScopeFromText(buildDoc([{ text }])).trades.map((t) => t.division);

describe('lists of work', () => {
  it('the entries a contents list puts under "Scope of Works" are the work', () => {
    const toc = ['REQUEST FOR QUOTE', 'TABLE OF CONTENTS', '1.1 Background ............................ 4', '1.2 Scope of Works ........................ 4', '1.2.1 Demolition .......................... 4', '1.3 Insurance ............................. 6'].join('\n');
    expect(divisions(toc)).toEqual(['02']);
  });

  it('numbered items marked "In Contract" are the work; a contents line elsewhere is not', () => {
    expect(divisions('Schedule of Scope\nItem Description 1 Demolition and Disposal In Contract 2 Concrete cutting for new plumbing In Contract')).toEqual(expect.arrayContaining(['02', '03']));
    expect(divisions('TABLE OF CONTENTS\n1.1 Background ....... 4\n1.2 Demolition ....... 5')).toEqual([]);
  });
});
