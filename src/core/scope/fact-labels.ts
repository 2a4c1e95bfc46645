/**
 * A form's labelled fields wherever they are printed (issue #11). Cover sheets, addenda headers and
 * notice boards print "Label: value" pairs, and text extraction often runs them into one paragraph:
 * "Project: New Town Hall Project No.: 12-345 Project Address: 10 Main Street Springfield, Illinois
 * Date: …". A field's value is what follows its label up to the next label.
 *
 * A label is the words before a colon, from the nearest word that opens form labels ("Project",
 * "Owner", "Date", "Attn" …): in "… Town Hall Project No.:" the label is "Project No.", not "Hall
 * Project No.". Which labels name the site, the project or a party is decided by the callers
 * (fact-places.ts, fact-names.ts); this module only finds the fields.
 */

export interface LabelledField {
  /** The label as printed, lower-cased, spaces collapsed, without the colon ("project address"). */
  label: string;
  value: string;
  /** Offsets in the searched text: the label's start, and the value's start and end. */
  labelAt: number;
  valueAt: number;
  valueEnd: number;
}

/**
 * Words form labels start with, in the forms bid documents print (US, UK, Canada, Australia, India):
 * the project and its parties, dates and places, a sheet's title block, a memo's header.
 */
const LABEL_HEADS = new Set(
  (
    'project job contract tender bid bids proposal proposals solicitation rfp rfq itb addendum date dated time owner owners client employer principal ' +
    'architect architects engineer engineers consultant consultants contractor attn attention re subject location address site premises ' +
    'phone tel telephone fax email e-mail mobile cell sheet drawing drawn checked scale issue issued revision rev page reference ref due closing ' +
    'prepared name title category status description contact cc instructions work works scope place street city state zip postcode county ' +
    'meeting pre-bid pre-proposal pre-tender opening estimated estimate budget value duration department division agency buyer purchaser ' +
    'procuring authority organisation organization submit deliver mail return notice file log code type action recommendation discussion ' +
    'background analysis fiscal attachments summary'
  ).split(' '),
);

/** Words inside a label between its heads ("Location of the Work", "Owner's Name", "Project No."). */
const LABEL_JOINERS = /^(?:of|the|and|&|or|no\.?|nos\.?|number|#|name|\w+'s|\w+’s)$/i;

/** The longest label read: "Location of the Proposed Work", "Name of the Work". */
const MAX_LABEL_WORDS = 5;

/** "A.", "2.", "(b)", "iv." before a label: a list marker belongs to neither the label nor the value before it. */
const LIST_MARKER = /\s+(?:(?:[A-Za-z]|\d{1,2}|[ivx]{1,4})[.)]|\([A-Za-z0-9]{1,3}\))\s*$/;

const headOf = (word: string) => word.toLowerCase().split('/')[0]!.replace(/^[("'“]+|[)"'”.,;]+$/g, '');
const capitals = (word: string) => /[A-Z]/.test(word) && word === word.toUpperCase();

/** Every "Label: value" field in `text` (a page's lines joined with spaces), in order. */
export function labelledFields(text: string): LabelledField[] {
  const labels: Array<{ label: string; at: number; colon: number }> = [];
  // A colon after a word: not a clock time ("2:00") nor a ratio ("1:50"), nor inside a web address.
  for (const m of text.matchAll(/(?<=[A-Za-z.)’'#])\s*:(?!\/\/)/g)) {
    const colon = m.index;
    const before = text.slice(Math.max(0, colon - 80), colon);
    const words = [...before.matchAll(/\S+/g)];
    let start: number | undefined;
    // The nearest word that opens labels, at most MAX_LABEL_WORDS back.
    for (let k = words.length - 1; k >= Math.max(0, words.length - MAX_LABEL_WORDS); k--) {
      const w = words[k]!;
      if (LABEL_HEADS.has(headOf(w[0]))) {
        // "Project Address", "Location of Work": heads and the small words between them make one label.
        let j = k;
        // …in the same case: "ADDENDUM Project:" is a heading, then a label.
        const joins = (p: string) => !/[,;]$|[a-z]{2}\.$/i.test(p) || /^(?:no|nos)\.$/i.test(p);
        while (
          j - 1 >= Math.max(0, words.length - MAX_LABEL_WORDS) &&
          joins(words[j - 1]![0]) &&
          (LABEL_JOINERS.test(words[j - 1]![0]) || (LABEL_HEADS.has(headOf(words[j - 1]![0])) && capitals(words[j - 1]![0]) === capitals(w[0])))
        )
          j--;
        while (j < k && !LABEL_HEADS.has(headOf(words[j]![0]))) j++;
        start = words[j]!.index;
        break;
      }
      // A sentence's end between: the words before it are not part of this label.
      if (/[.;!?]$/.test(w[0]) && k < words.length - 1 && !/^(?:no|nos|ref)\.$/i.test(w[0])) break;
    }
    // No known opener: one capitalized word is a label of its own ("RECOMMENDATION:", "Category:").
    if (start === undefined) {
      const last = words[words.length - 1];
      if (!last || !/^[A-Z][A-Za-z'’()-]+$/.test(last[0])) continue;
      start = last.index;
    }
    const at = colon - before.length + start;
    labels.push({ label: before.slice(start).replace(/\s+/g, ' ').replace(/[\s.]+$/, '').toLowerCase(), at, colon: colon + m[0].length });
  }
  const out: LabelledField[] = [];
  labels.forEach((l, i) => {
    const next = labels[i + 1];
    let end = next ? next.at : text.length;
    const raw = text.slice(l.colon, end);
    const marker = next ? LIST_MARKER.exec(raw) : null;
    if (marker) end -= marker[0].length;
    const value = text.slice(l.colon, end);
    const lead = value.length - value.trimStart().length;
    out.push({ label: l.label, value: value.trim(), labelAt: l.at, valueAt: l.colon + lead, valueEnd: l.colon + lead + value.trim().length });
  });
  return out;
}

/** The field whose value holds offset `at` within `reach` characters of its label, if any. */
export function fieldAt(fields: LabelledField[], at: number, reach = 160): LabelledField | undefined {
  return fields.find((f) => f.valueAt <= at + 1 && at <= f.valueEnd && at - f.valueAt <= reach);
}

