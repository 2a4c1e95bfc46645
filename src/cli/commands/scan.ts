import { resolve, basename } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { readPdf, pdfLimitsFromConfig } from '../../core/pdf/index.js';
import { createExtractor } from '../../core/scope/index.js';
import { formatTradesTable } from '../../core/scope/format.js';
import { UsageError, type CliContext, type JsonOption } from '../context.js';
import { pageProgressBar } from '../progress.js';

export function registerScanCommand(program: Command, ctx: CliContext): void {
  program
    .command('scan <file>')
    .description('read a PDF and print the trades it needs, with evidence (no database needed)')
    .option('--extractor <name>', 'text (offline, default) or openai (needs OPENAI_API_KEY)')
    .option('--json', 'print the normalized scope document')
    .action(async (file: string, opts: JsonOption & { extractor?: string }) => {
      const config = loadConfig();
      if (opts.extractor && !['text', 'openai'].includes(opts.extractor)) throw new UsageError('--extractor is "text" or "openai".');
      if (opts.extractor === 'openai' && !config.OPENAI_API_KEY) throw new UsageError('--extractor openai needs OPENAI_API_KEY in the environment.');
      const extractor = createExtractor(opts.extractor === 'text' ? { ...config, OPENAI_API_KEY: undefined } : config);
      const path = resolve(file);
      const bar = pageProgressBar();
      const doc = await readPdf(path, { limits: pdfLimitsFromConfig(config), onProgress: (done, total) => bar.update({ jobId: '', stage: 'read', done, total }) }).finally(bar.stop);
      const scope = await extractor.extract(doc, { pdfPath: path, fileName: basename(file) });
      if (opts.json) ctx.json(scope);
      else ctx.print(formatTradesTable(scope));
    });
}
