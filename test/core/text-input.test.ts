import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/core/errors.js';
import { controlCharacterIn, refuseControlCharacters, refuseControlCharactersIn, stripControlCharacters, stripControlCharactersFrom } from '../../src/core/text-input.js';
import { refuseControlCharactersInArguments } from '../../src/cli/arguments.js';
import { makeTempDir } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';

/** The one rule for typed text (src/core/text-input.ts), and the CLI's use of it; the HTTP, Slack and e-mail uses are tested in their channels on both databases. */
describe('control characters in typed text', () => {
  const thrown = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (isAppError(e)) return e;
      throw e;
    }
    throw new Error('nothing was thrown');
  };

  it('finds C0 controls and DEL, but not tab, line feed, carriage return or other Unicode', () => {
    expect(controlCharacterIn('Acme\u0000 Electric')).toEqual({ index: 4, codePoint: 'U+0000' });
    expect(controlCharacterIn('esc\u001b[2J')).toEqual({ index: 3, codePoint: 'U+001B' });
    expect(controlCharacterIn('rub\u007fout')).toEqual({ index: 3, codePoint: 'U+007F' });
    expect(controlCharacterIn('Line one\r\n\tLine two — Müller & Söhne, 東京')).toBeUndefined();
    expect(stripControlCharacters('A\u0000c\u0001me\u0008\t\r\nB')).toBe('Acme\t\r\nB');
  });

  it('refuses with CONTROL_CHARACTER naming the field and where the character is', () => {
    expect(refuseControlCharacters('fine\ttext', 'name')).toBe('fine\ttext');
    const e = thrown(() => refuseControlCharacters('ab\u0000c', 'project name'));
    expect(e.code).toBe('CONTROL_CHARACTER');
    expect(e.userMessage).toMatch(/^The project name holds an invisible control character \(U\+0000, at character 3\) that cannot be stored\. Retype/);
    expect(e.details).toEqual({ field: 'project name', position: 3, character: 'U+0000' });
  });

  it('walks a parsed request, naming the path of the first bad string (keys too) and leaving bytes alone', () => {
    expect(() => refuseControlCharactersIn({ name: 'ok', trades: ['26', '22'], n: 3, file: Buffer.from([0, 1, 2]) }, 'body')).not.toThrow();
    expect(thrown(() => refuseControlCharactersIn({ contacts: [{ name: 'ok' }, { name: 'b\u0002ad' }] }, 'body')).details).toMatchObject({ field: 'body.contacts.1.name' });
    expect(thrown(() => refuseControlCharactersIn({ 'na\u0000me': 'x' }, 'body')).details).toMatchObject({ field: 'body field name' });
  });

  it('strips every string value of a payload in place, so parts already handed out see the change', () => {
    const body = { command: 'x', view: { state: { values: { name: { input: { value: 'Elm\u0000 St' } } } } }, files: [{ name: 'a\u0007.pdf' }], n: 1 };
    const view = body.view;
    stripControlCharactersFrom(body);
    expect(view.state.values.name.input.value).toBe('Elm St');
    expect(body.files[0]!.name).toBe('a.pdf');
    expect(body.n).toBe(1);
  });

  it('names the option whose value (or the position of the argument that) holds one', () => {
    expect(() => refuseControlCharactersInArguments(['contacts', 'add', '--name', 'Acme Electric'])).not.toThrow();
    expect(thrown(() => refuseControlCharactersInArguments(['contacts', 'add', '--name', 'Acme\u001b Electric'])).userMessage).toMatch(/^The value of --name holds an invisible control character \(U\+001B/);
    expect(thrown(() => refuseControlCharactersInArguments(['job', 'edit', '--name=Clinic\u0001'])).details).toMatchObject({ field: 'value of --name' });
    expect(thrown(() => refuseControlCharactersInArguments(['approve', 'abc\u0001'])).details).toMatchObject({ field: 'argument 2' });
  });

  it('the real CLI refuses such an argument with one line and exit code 1, before it opens anything', { timeout: 120_000 }, async () => {
    const t = makeTempDir();
    try {
      const res = await runCli(['contacts', 'list', '--user', 'est\u001b@gc.test'], { REDBUTTON_DATA_DIR: t.dir, LOG_LEVEL: 'warn' });
      expect(res.code).toBe(1);
      expect(res.stderr.trim()).toMatch(/^error: The value of --user holds an invisible control character \(U\+001B, at character 4\)/);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(readdirSync(t.dir)).toEqual([]); // no database was even created
    } finally {
      t.cleanup();
    }
  });
});
