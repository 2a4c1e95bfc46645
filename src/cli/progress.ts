import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../core/pipeline/index.js';

/** A progress bar on stderr when it is a terminal; nothing otherwise (logs and pipes stay clean). */
export function pageProgressBar(): { update: (e: ProgressEvent) => void; stop: () => void } {
  return progressBar('Reading pages');
}

export function progressBar(label: string): { update: (e: { done: number; total: number }) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {value}/{total}`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (e) => {
      if (!started) {
        bar.start(e.total, e.done);
        started = true;
      } else {
        // The total grows once the text layer is read and the pages needing OCR are known.
        if (e.total !== bar.getTotal()) bar.setTotal(e.total);
        bar.update(e.done);
      }
    },
    stop: () => started && bar.stop(),
  };
}
