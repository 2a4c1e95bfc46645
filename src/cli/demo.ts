// `npm run demo`: the whole job on the embedded defaults — a throw-away data dir, a demo user, the
// sample contacts, the sample plan set — and the resulting contacts map. No network, no keys.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openApp } from '../app.js';
import { loadConfig } from '../config.js';
import { userMessageOf } from '../core/errors.js';
import { logger } from '../core/log.js';
import { writeDemoPlanSet, DEMO_PROJECT } from '../demo/plan-set.js';
import { formatMap } from './format.js';
import { pageProgressBar } from './progress.js';
import { SAMPLES_DIR } from '../paths.js';

async function demo(): Promise<void> {
  if (!process.env.LOG_LEVEL) logger.level = 'warn';
  const dataDir = mkdtempSync(join(tmpdir(), 'redbutton-demo-'));
  // The demo always runs offline with the text extractor, whatever the shell has configured.
  const config = loadConfig({ ...process.env, REDBUTTON_DATA_DIR: dataDir, DATABASE_URL: undefined, OPENAI_API_KEY: undefined, SMTP_URL: undefined, IMAP_HOST: undefined });
  const app = await openApp(config);
  try {
    const say = (s: string) => process.stdout.write(`${s}\n`);
    say(`Red Button demo — data in ${dataDir}\n`);
    const email = 'estimator@demo.example';
    const user = await app.repos.users.create(email, randomBytes(12).toString('base64url'));
    const imported = await app.addressBook.importCsv(user.userId, readFileSync(join(SAMPLES_DIR, 'contacts.csv')));
    say(`1. Demo user ${email}; imported ${imported.created} subcontractors from samples/contacts.csv (${imported.merged} duplicates merged).`);

    const pdf = join(dataDir, 'riverside-library-plans.pdf');
    await writeDemoPlanSet(pdf);
    say(`2. Generated a sample plan set: ${pdf}`);

    const job = await app.intake.submitPdf({ userId: user.userId, name: DEMO_PROJECT.name, sourcePath: pdf, fileName: 'riverside-library-plans.pdf', zipCode: '55303', origin: 'cli' });
    const bar = pageProgressBar();
    const done = await app.dispatcher.run(job.jobId, { onProgress: bar.update }).finally(bar.stop);
    if (done?.status !== 'CONTACT_MAP_READY') throw new Error(`the job ended in ${done?.status}: ${done?.failureReason}`);
    say(`3. Read ${done.pageCount} pages, detected trades, matched contacts within ${config.MAP_RADIUS_MILES} mi of 55303.\n`);
    say(formatMap(await app.maps.current(user.userId, job.jobId)));
    say(`\nTry it yourself (same data):\n  export REDBUTTON_DATA_DIR=${dataDir}\n  npx redbutton map show ${job.jobId} --user ${email}\n  npx redbutton map edit ${job.jobId} --user ${email} --trade 26 --add you@your-electrician.example\n  npx redbutton map history ${job.jobId} --user ${email}`);
  } finally {
    await app.close();
  }
}

demo().catch((e: unknown) => {
  process.stderr.write(`demo failed: ${userMessageOf(e)}\n`);
  process.exitCode = 1;
});
