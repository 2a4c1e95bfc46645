import { mkdir } from 'node:fs/promises';
import { CappedRunError, runCapped } from '../capped-process.js';
import { AppError } from '../errors.js';
import { listFiles } from './unpack.js';

const TNEF_TIMEOUT_MS = 60_000;
/** Address-space cap of the decoder, MB: it streams attachments to files, a few MB of its own. */
const TNEF_MEMORY_MB = 256;

/**
 * Unpack an Outlook `winmail.dat` (application/ms-tnef) with Debian's `tnef` decoder, run as a
 * child process: a C decoder maintained since 2000, with its own size cap (`--maxsize`), kept out
 * of our process under an address-space cap and killed after a minute. Paths inside the TNEF are ignored (the decoder's
 * default), so every file lands flat in `dir`. Chosen over npm `node-tnef` (1.4), which parses in
 * our process with no size limit and pulls in a logging stack and a CLI parser as dependencies.
 */
export async function decodeTnef(path: string, dir: string, maxBytes: number): Promise<{ name: string; path: string }[]> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const args = ['--file', path, '--directory', dir, `--maxsize=${Math.max(1, Math.floor(maxBytes))}`, '--number-backups', '--unix-paths'];
  try {
    await runCapped('tnef', args, { memoryMb: TNEF_MEMORY_MB, timeoutMs: TNEF_TIMEOUT_MS, maxOutputBytes: 1_000_000 }).done;
  } catch (e) {
    if (!(e instanceof CappedRunError)) throw e;
    if (e.kind === 'missing') {
      throw new AppError('ARCHIVE_REFUSED', 'tnef decoder not installed', { userMessage: 'is an Outlook winmail.dat, which this server cannot open (the Debian package "tnef" is missing; an administrator can install it). Ask the sender to attach the PDFs as plain files.' });
    }
    const why = (e.stderr.trim() || e.message).split('\n')[0]!.slice(0, 160);
    throw new AppError('ARCHIVE_REFUSED', `tnef failed: ${why}`, { cause: e, userMessage: `is an Outlook winmail.dat that could not be decoded (${why}). Ask the sender to attach the PDFs as plain files, or to send in HTML or plain-text format.` });
  }
  return listFiles(dir);
}
