import { createInterface } from 'node:readline';
import { UsageError } from './context.js';

/** Read a password from stdin (for scripts: `echo secret | redbutton user add a@b --password-stdin`). */
export async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (!text) throw new UsageError('No password on standard input.');
  return text;
}

/** Prompt twice on a terminal without echoing. */
export async function promptNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError('No terminal to ask for a password: pipe it in with --password-stdin.');
  const first = await promptHidden('Password: ');
  const second = await promptHidden('Repeat password: ');
  if (first !== second) throw new UsageError('The passwords did not match.');
  return first;
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    // Mute echo: readline writes typed characters through _writeToOutput.
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stdout.write(question);
    out._writeToOutput = () => {};
    rl.question('', (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}
