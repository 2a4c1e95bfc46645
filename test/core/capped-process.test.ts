import { describe, expect, it } from 'vitest';
import { CappedRunError, findCommand, runCapped } from '../../src/core/capped-process.js';

// The one runner of native tools on untrusted input: each limit ends the run with its own kind of
// CappedRunError, and the service process itself is never what runs out.
const limits = { memoryMb: 256, timeoutMs: 20_000, maxOutputBytes: 1024 * 1024 };
const failure = async (p: Promise<unknown>): Promise<CappedRunError> => {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(CappedRunError);
  return e as CappedRunError;
};

describe('a capped child process', () => {
  it('pipes stdin to the tool and returns its stdout, decoding stderr across chunks', async () => {
    const text = 'Section 26 05 00 – Electrical\n'.repeat(5000);
    const r = await runCapped('cat', [], { ...limits, input: Buffer.from(text) }).done;
    expect(r.stdout.toString('utf8')).toBe(text);
    // An en dash written one byte at a time still arrives whole.
    const split = await runCapped('perl', ['-e', '$| = 1; binmode STDERR; for my $b (split //, "\\xe2\\x80\\x93 end") { syswrite STDERR, $b; select(undef, undef, undef, 0.01) }'], limits).done;
    expect(split.stderr).toBe('– end');
  });

  it('kills a tool that holds more output than allowed, or that makes no progress', async () => {
    expect((await failure(runCapped('perl', ['-e', 'print "x" x 2_000_000'], limits).done)).kind).toBe('output');
    expect((await failure(runCapped('sleep', ['30'], { ...limits, timeoutMs: 300 }).done)).kind).toBe('timeout');
  });

  it('a consumer that takes stdout as it comes is capped by what it still holds, and feeding keeps a slow tool alive', async () => {
    let seen = 0;
    const consumed = await runCapped('perl', ['-e', 'print "x" x 3_000_000'], { ...limits, onData: (b) => ((seen += b.length), 0) }).done;
    expect(seen).toBe(3_000_000);
    expect(consumed.stdout.length).toBe(0);
    let held = 0;
    expect((await failure(runCapped('perl', ['-e', 'print "x" x 3_000_000'], { ...limits, onData: (b) => (held += b.length) }).done)).kind).toBe('output');

    // Six lines 0.4 s apart under a 1.5 s timer: fed on every line, the run outlives the timer.
    const lines: string[] = [];
    const run = runCapped('perl', ['-e', '$| = 1; for (1..6) { print "page $_\\n"; select(undef, undef, undef, 0.4) }'], {
      ...limits,
      timeoutMs: 1500,
      onData: (b) => {
        lines.push(b.toString());
        run.feed();
        return 0;
      },
    });
    await run.done;
    expect(lines.join('')).toContain('page 6');
  });

  it('says "memory" when the address-space cap stops the tool', async () => {
    const e = await failure(runCapped('perl', ['-e', '$x = "a" x (512 * 1024 * 1024); print length $x'], { ...limits, memoryMb: 64 }).done);
    expect(e.kind).toBe('memory');
    expect(e.message).toMatch(/out of memory/i);
  });

  it('says "missing" for a tool that is not installed and "failed" with its stderr for any other exit', async () => {
    expect(findCommand('no-such-tool-here')).toBeUndefined();
    expect(findCommand('cat')).toMatch(/\/cat$/);
    expect((await failure(runCapped('no-such-tool-here', [], limits).done)).kind).toBe('missing');
    const e = await failure(runCapped('perl', ['-e', 'print STDERR "Syntax Error: bad xref\\n"; exit 3'], limits).done);
    expect(e).toMatchObject({ kind: 'failed', message: expect.stringMatching(/exit 3: Syntax Error: bad xref/) });
    const stopped = runCapped('sleep', ['30'], limits);
    stopped.kill();
    expect((await failure(stopped.done)).kind).toBe('failed');
  });
});
