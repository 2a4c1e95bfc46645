/**
 * An addendum written as questions and answers (issue #11, round 11): an answer that changes the work
 * ("Yes, provide …", "Galvanized pipe to be replaced throughout", "Remove existing …") states the job's
 * work like a change item; a question alone, or an answer that declines, changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { QUESTION_END, answerStatesChange } from '../../src/core/scope/addendum-changes.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const divisions = (text: string) => extractScopeFromText(buildDoc([{ text }])).trades.map((t) => t.division);
const addendum = (qa: string) => `ADDENDUM NO. 2\nTo all bidders of the Harbor View Office Renovation.\nQuestions and answers:\n${qa}`;

describe('answers of an addendum', () => {
  it.each([
    ['a. Yes, provide a new sink in the break room.', true],
    ['The contractor shall relocate the existing water heater.', true],
    ['Galvanized pipe to be replaced throughout.', true],
    ['Answer: Remove existing ceiling tiles in the corridor.', true],
    ['a. No.', false],
    ['No, the existing fixtures remain.', false],
    ['Refer to the drawings.', false],
  ])('%s changes the work: %s', (answer, expected) => {
    expect(answerStatesChange(answer)).toBe(expected);
  });

  it('a question ends with its mark, with or without the answer label that follows it', () => {
    expect(QUESTION_END.test('3. Will the owner be adding plumbing? a.')).toBe(true);
    expect(QUESTION_END.test('Is the roof to be replaced?')).toBe(true);
    expect(QUESTION_END.test('New plumbing on the lower floor.')).toBe(false);
  });

  it('an answer that adds plumbing makes plumbing the job\'s work; the same question answered no does not', () => {
    const asked = '1. Will we be adding plumbing? a.';
    expect(divisions(addendum(`${asked}\nNew plumbing will only be on the lower floor.\n2. Is the bid date extended? a.\nNo.`))).toContain('22');
    expect(divisions(addendum(`${asked}\nNo. Existing plumbing remains as it is.\n2. Is the bid date extended? a.\nNo.`))).not.toContain('22');
  });
});
