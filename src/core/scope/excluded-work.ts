/**
 * Work a document names but does not give to this contract: a list of excluded items opened by a
 * coordination note ("The following items are provided by others (N.I.C.):", "WORK BY OWNER OR OTHERS"),
 * a sentence disowned by the one after it ("… The work of this stage is by others"), and demolition
 * inside what is to remain. A trade word in any of these is not the job's trade. Reading where such a
 * list starts and ends is a job of its own, apart from the page loop that weighs the words.
 */
import { negativeContext } from './lexicon.js';
import { ARTICLE, GENERAL_NOTE, NUMBERED } from './page-sentences.js';

/** Items left of a list of excluded work, and the label of the note that opened it ("A.", "1.", none). */
export interface ExcludedList {
  left: number;
  head: 'letter' | 'number' | 'none';
}

/** A sentence that announces a list ("the following items", "as follows:", "listed below", a trailing colon). */
// An article headed "WORK BY OWNER OR OTHERS" / "1.4 WORK UNDER SEPARATE CONTRACTS" lists excluded work under it too.
const EXCLUDED_LIST_HEAD = /\b(?:following|as\s+follows|listed\s+below)\b|:\s*$|^(?:\d{1,2}(?:\.\d{1,2})*\s+|[A-Z][.)]\s+)?(?:work\s+(?:by|performed\s+by)\s+(?:the\s+)?(?:owner|others|owner\s+or\s+others)|work\s+under\s+separate\s+contracts?|owner[-\s](?:furnished|provided|supplied)\s+(?:items|products|equipment|work))\s*\.?$/i;

/** The list of excluded work a disowning sentence opens, when it announces one. */
export function excludedListOpenedBy(sentence: string): ExcludedList | undefined {
  return EXCLUDED_LIST_HEAD.test(sentence) ? { left: 15, head: GENERAL_NOTE.test(sentence) ? 'letter' : NUMBERED.test(sentence) ? 'number' : 'none' } : undefined;
}

/**
 * The list ends at the next note of its head's level or above (a numbered head's items are not numbered
 * notes), an article, or a scope statement.
 */
export function endsExcludedList(list: ExcludedList, sentence: string, scopeHead: boolean, listItem: boolean): boolean {
  return GENERAL_NOTE.test(sentence) || ARTICLE.test(sentence) || scopeHead || (list.head === 'number' && NUMBERED.test(sentence)) || (list.head === 'none' && !listItem && !NUMBERED.test(sentence) && sentence.length >= 120);
}

/** A sentence about the one before it ("The work of this stage …", "This work is …"). */
const BACK_REFERENCE = /^(?:the\s+)?works?\s+(?:of|in|for)\s+(?:this|these|the\s+above)\b|^(?:this|these|such)\s+(?:work|works|items?|stage)\b/i;

/** "Stage 3: Construct the electrical room … The work of this stage "by others"": the next sentence disowns this one. */
export function disownedByNext(sentences: readonly string[], si: number): boolean {
  return sentences[si + 1] !== undefined && BACK_REFERENCE.test(sentences[si + 1]!) && negativeContext(sentences[si + 1]!) === 'by-others';
}

/** Demolition named before "within / in / inside the existing … to remain": work done inside what stays. */
export function demolitionWithinRemaining(sentence: string, hit: { index: number; length: number; entry: { division: string } }): boolean {
  if (hit.entry.division !== '02') return false;
  const remain = /\b(?:to\s+remain|shall\s+remain|remain\s+undisturbed)\b/i.exec(sentence);
  if (!remain || remain.index < hit.index) return false;
  return /^\s*(?:\S+\s+){0,3}?(?:within|in|inside|throughout|at)\s+(?:the\s+)?(?:existing\s+)?\w/i.test(sentence.slice(hit.index + hit.length, remain.index));
}
