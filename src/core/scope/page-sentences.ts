/**
 * A page's text as the notes and sentences the detector weighs one at a time, and the shapes of the
 * notes a plan or spec prints (lettered general notes, numbered keynotes, list items, spec articles).
 * Splitting is its own job because every later rule (scope statements, lists of excluded work, master
 * notes, an addendum's change items) reads the same sentences and the same note labels.
 */

/** Split page text into sentences/notes: terminal punctuation, numbered notes, blank lines. */
export function sentencesOf(lines: readonly string[]): string[] {
  const text = lines.join('\n');
  return text
    // A line that opens with a capitalised order ("Install 3/8 sheetrock", "Paint Lobby") is an item of a list without bullets.
    // "No. 2", "Alternate No. 1 –": a number's abbreviation does not end a sentence.
    // A bulleted line ends where the next line opens a new sentence ("• Replacement windows" / "Bids are due …").
    .split(/(?<=[.;!?])(?<!\bNo\.)\s+(?=[A-Z0-9("'•])|\n\s*\n|\n(?=\s*(?:\d{1,2}|[A-Z])[.)]\s)|\n(?=\s*[•▪●-]\s)|(?<=(?:^|\n)\s*[•▪●]\s[^\n]*[^\n,;:&/-])\n(?=[A-Z][a-z]+\s+[a-z])|\n(?=(?:Install|Paint|Replace|Put|Provide|Remove|Repair|Furnish|Supply|Construct|Demolish|Patch|Relocate)\s)/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0)
    .reduce<string[]>((out, s) => {
      // A note label split off by its own period ("P." + "BULLNOSE CMU …") rejoins its note.
      const prev = out[out.length - 1];
      if (prev !== undefined && /^(?:[A-Z]{1,2}|\d{1,2})[.)]$/.test(prev)) out[out.length - 1] = `${prev} ${s}`;
      else out.push(s);
      return out;
    }, []);
}

/** A lettered note ("A. …", "BB) …"): on a drawing, a general (master) note. */
export const GENERAL_NOTE = /^[A-Z]{1,2}[.)]\s/;
/** A numbered note or list item ("1. Telephone equipment", "2) Carpet"). */
export const NUMBERED = /^\d{1,3}[.)]\s/;
/** A spec article number ("1.02 OWNER-FURNISHED …"): a new article ends the list before it. */
export const ARTICLE = /^\d{1,2}\.\d{2}\b/;
/** An item of a list: a bullet or dash, or a short label ("a.", "(2)"). */
export const LIST_ITEM = /^(?:[•▪●\-–]|\(?[a-z0-9]{1,2}[.)])\s/i;
