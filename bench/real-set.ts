/**
 * The real 200-page set the text benchmarks read: the corpus's vector plan sets (drawings with a text
 * layer) repeated in order up to 200 pages, concatenated with qpdf (no corpus file has 200 pages).
 * Built once into bench/out/real-200.pdf.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const benchOut = join(here, 'out');
export const corpusDir = resolve(here, '..', '..', 'shared', 'corpus');

export const pageCount = (file: string): number => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0);

/** The corpus's vector plan sets (drawings with a text layer), repeated in order up to 200 pages. */
export function realSet(): string {
  const path = join(benchOut, 'real-200.pdf');
  if (existsSync(path)) return path;
  mkdirSync(benchOut, { recursive: true });
  const sets = ['02_', '03_', '24_', '31_'].map((p) => join(corpusDir, readdirSync(corpusDir).find((f) => f.startsWith(p))!));
  const args: string[] = [];
  let pages = 0;
  for (let i = 0; pages < 200; i++) {
    const f = sets[i % sets.length]!;
    const take = Math.min(pageCount(f), 200 - pages);
    args.push(f, `1-${take}`);
    pages += take;
  }
  // qpdf exits 3 on warnings (a corpus file has a duplicated dictionary key): the output is fine.
  try { execFileSync('qpdf', ['--empty', '--pages', ...args, '--', path], { stdio: 'ignore' }); } catch { if (!existsSync(path)) throw new Error('qpdf failed'); }
  return path;
}
