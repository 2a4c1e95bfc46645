import { AppError } from './errors.js';

/**
 * The one rule for text that comes from a person, whatever the channel: no C0 control character
 * other than tab, line feed and carriage return (and no DEL). They are invisible, nobody means to type
 * them, they can rewrite a terminal or a log line, and Postgres text cannot hold a NUL at all (it
 * failed the request with a 500 where SQLite stored it). Channels where a person waits for an answer
 * (HTTP, the CLI) refuse such text with CONTROL_CHARACTER before any repository sees it; channels
 * with no single place to answer (Slack payloads, inbound e-mail, uploaded file names) strip them.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this matches
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const CONTROL_ALL = new RegExp(CONTROL.source, 'g');

/** Where the first refused control character is in `text`, if any. */
export function controlCharacterIn(text: string): { index: number; codePoint: string } | undefined {
  const m = CONTROL.exec(text);
  return m ? { index: m.index, codePoint: `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` } : undefined;
}

/** `text` without its control characters (tab, LF and CR kept). */
export const stripControlCharacters = (text: string): string => text.replace(CONTROL_ALL, '');

/** The typed error for a control character in `field` (a name a person recognises: "name", "body.notes", "--name"). */
export function controlCharacterRefused(field: string, found: { index: number; codePoint: string }): AppError {
  return new AppError('CONTROL_CHARACTER', `control character ${found.codePoint} at ${found.index} in ${field}`, {
    userMessage: `The ${field} holds an invisible control character (${found.codePoint}, at character ${found.index + 1}) that cannot be stored. Retype that text (a copy from another program can carry one) and try again; nothing was changed.`,
    details: { field, position: found.index + 1, character: found.codePoint },
  });
}

/** `text` unchanged, or CONTROL_CHARACTER naming `field`. */
export function refuseControlCharacters(text: string, field: string): string {
  const found = controlCharacterIn(text);
  if (found) throw controlCharacterRefused(field, found);
  return text;
}

/**
 * Refuses the first string holding a control character anywhere in a parsed request (JSON, form
 * fields, query, path parameters), keys included, naming its path ("body.contacts.2.name").
 * Buffers (uploaded files) are bytes, not typed text, and are left to their readers.
 */
export function refuseControlCharactersIn(value: unknown, path: string): void {
  if (typeof value === 'string') {
    refuseControlCharacters(value, path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => refuseControlCharactersIn(v, `${path}.${i}`));
  } else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      refuseControlCharacters(k, `${path} field name`);
      refuseControlCharactersIn(v, `${path}.${k}`);
    }
  }
}

/**
 * Strips control characters from every string value of a parsed payload, in place (keys are the
 * sender's structure, not typed text): for a framework that has already handed parts of the same
 * object to its listeners.
 */
export function stripControlCharactersFrom(value: object): void {
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of entries) {
    if (typeof v === 'string') (value as Record<string | number, unknown>)[k] = stripControlCharacters(v);
    else if (v && typeof v === 'object' && !Buffer.isBuffer(v)) stripControlCharactersFrom(v);
  }
}
