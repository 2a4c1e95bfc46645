import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { approveJob } from '../../src/core/outreach/index.js';
import { parseRef } from '../../src/core/storage/index.js';
import { makeTempDir, repoRoot } from '../helpers/app.js';
import { ensureBundle } from '../helpers/cli.js';
import { makeSendable } from '../helpers/jobs.js';
import { freshDatabase, postgresAvailable, postgresSkipReason, type TestDatabase } from '../helpers/postgres.js';
import { startS3, type S3TestServer } from '../helpers/s3.js';
import { smallPdf } from '../email/setup.js';
import { startSmtpServer, type TestSmtpServer } from '../outreach/smtp-server.js';
import { CONTACTS_CSV } from '../outreach/world.js';

const skip = postgresAvailable() ? undefined : postgresSkipReason;
const SECRET = 'a-shared-signing-secret-of-32-characters-or-more';
const JOBS = 30;
// Electrical and plumbing sections, so every job matches contacts of CONTACTS_CSV and gets invitations.
const TITLES = ['SECTION 26 05 19 - LOW-VOLTAGE ELECTRICAL POWER CONDUCTORS', 'SECTION 22 11 16 - DOMESTIC WATER PIPING'];

interface LogLine {
  msg: string;
  jobId?: string;
  stage?: string;
  moved?: boolean;
  emailId?: string;
  outcome?: string;
}

/**
 * One `redbutton worker` process, its log lines parsed as they come, with waits on them. It runs the
 * bundle in dist/ built from the current src/ (ensureBundle, in beforeAll), as an install does:
 * it starts on about a fifth of the CPU tsx needs for src/.
 */
class Worker {
  readonly child: ChildProcess;
  readonly lines: LogLine[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly watchers: { test: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  private partial = '';

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, [join(repoRoot, 'bin', 'redbutton.js'), 'worker'], {
      cwd: repoRoot,
      env: { ...process.env, REDBUTTON_FROM_SOURCE: undefined, OPENAI_API_KEY: '', IMAP_HOST: '', SLACK_BOT_TOKEN: '', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.child.stderr!.on('data', (d: Buffer) => {
      const text = this.partial + d.toString();
      const parts = text.split('\n');
      this.partial = parts.pop()!;
      for (const p of parts) this.add(p);
    });
  }

  private add(text: string): void {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { msg: text }; // not pino: a crash trace, kept for the failure message
    }
    this.lines.push(line);
    for (const w of this.watchers.splice(0)) {
      if (w.test(line)) w.resolve(line);
      else this.watchers.push(w);
    }
  }

  /** The first log line (already written or to come) that passes `test`. */
  waitFor(test: (l: LogLine) => boolean): Promise<LogLine> {
    const seen = this.lines.find(test);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => this.watchers.push({ test, resolve }));
  }

  log(): string {
    return this.lines.map((l) => JSON.stringify(l)).join('\n');
  }
}

/** Files under `dir` (recursively), relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** Resolves once `probe` returns true (it polls the database); bounded, so a hang fails naming `what`, with `detail`. */
async function until(probe: () => Promise<boolean>, what: string, detail: () => Promise<string> | string = () => '', ms = 840_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${await detail()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// The multi-process test of issue 17: three `redbutton worker` processes on one Postgres database
// with the PDFs in an S3-compatible server, one SIGKILLed in the middle of a pipeline stage and
// one in the middle of sending an invitation. Each worker has its own data dir (as on its own
// host: only the read-through cache is local) and its own SMTP server (all real, their Message-IDs
// counted together), so the test knows whose hands a message is in when it arrives.
describe.skipIf(skip)(`a cluster on Postgres + S3: ${JOBS} jobs, 3 workers, one killed mid-stage and one mid-send${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const t = makeTempDir('rb-cluster-');
  let db: TestDatabase;
  let s3: S3TestServer;
  let app: App;
  const smtp: TestSmtpServer[] = [];
  const workers: Worker[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    [db, s3] = await Promise.all([freshDatabase(), startS3('rb-cluster'), ensureBundle()]);
    for (let i = 0; i < 3; i++) smtp.push(await startSmtpServer());
    // The SDK's usual credential variables, as a deployment sets them (read from process.env by this process's app).
    process.env.AWS_ACCESS_KEY_ID = s3.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = s3.credentials.secretAccessKey;
    env = {
      DATABASE_URL: db.url,
      REDBUTTON_SECRET: SECRET,
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      REDBUTTON_MAIL_FROM: 'bids@gc-builders.test',
      PUBLIC_URL: 'https://rb.gc-builders.test',
      // One job at a time per worker, and a generous PDF timer: three workers and their PDF readers
      // share two cores (with other test files), and a PDF timing out is not what this test is about.
      PIPELINE_CONCURRENCY: '1',
      PDF_PAGE_TIMEOUT_MS: '120000',
    };
    // The process that receives the packages (a channel's): no sender, no dispatcher of its own.
    mkdirSync(join(t.dir, 'receiver'));
    app = await openApp(loadConfig({ ...process.env, OPENAI_API_KEY: undefined, SMTP_URL: undefined, IMAP_HOST: undefined, LOG_LEVEL: 'silent', ...env, REDBUTTON_DATA_DIR: join(t.dir, 'receiver') }));
  });
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await app?.close();
    await db?.drop();
    for (const s of smtp) await s.close();
    await s3?.close();
    t.cleanup();
  });

  it('every job ends EMAILED, no stage finishes twice, every invitation arrives exactly once (the interrupted one is UNCERTAIN, once), PDFs in the bucket', { timeout: 900_000 }, async () => {
    const userId = (await app.repos.users.create('estimator@gc-builders.test', 'password123')).userId;
    await app.addressBook.importCsv(userId, CONTACTS_CSV);
    const inbox = join(t.dir, 'inbox');
    mkdirSync(inbox);
    const ids: string[] = [];
    const sources = new Map<string, string>();
    for (let i = 0; i < JOBS; i++) {
      const path = join(inbox, `${i}.pdf`);
      writeFileSync(path, await smallPdf(`${TITLES[i % TITLES.length]} (PACKAGE ${i + 1})`));
      const r = await app.packages.submit({ userId, files: [{ name: `${i}.pdf`, path, receivedVia: 'file' }], text: '', zipCode: '55303', origin: 'http', allowDuplicate: true });
      ids.push(r.job!.jobId);
      sources.set(r.job!.jobId, sha(readFileSync(path)));
    }

    for (let i = 0; i < 3; i++) {
      const dir = join(t.dir, `worker-${i}`);
      mkdirSync(dir);
      workers.push(new Worker({ ...env, REDBUTTON_DATA_DIR: dir, SMTP_URL: smtp[i]!.url }));
    }
    const [stageVictim, ...others] = workers as [Worker, Worker, Worker];

    // 1. SIGKILL one worker the moment it logs the start of a stage (it cannot have committed it).
    const started = await stageVictim.waitFor((l) => l.msg === 'stage started' && ids.includes(l.jobId!));
    stageVictim.child.kill('SIGKILL');
    expect((await stageVictim.exited).signal).toBe('SIGKILL');
    const statuses = async () => Promise.all(ids.map(async (id) => (await app.repos.jobs.getInternal(id))?.status));
    await until(async () => (await statuses()).every((s) => s === 'CONTACT_MAP_READY' || s === 'FAILED'), 'every job to reach its contacts map', async () => `${(await statuses()).join(' ')}\n${workers.map((w) => w.log().slice(-3000)).join('\n---\n')}`);
    expect(await statuses()).toEqual(ids.map(() => 'CONTACT_MAP_READY'));
    // The job it held was taken over (its lease had not run out: its owner was dead).
    expect(others.flatMap((w) => w.lines).filter((l) => l.msg === 'taking over a job from a process that died').map((l) => l.jobId)).toContain(started.jobId);

    // 2. Approve every job (the red button, as a channel calls it) and SIGKILL the first worker whose
    // SMTP server receives a message: after the DATA, before the reply — handed over, not marked sent.
    let sendVictim: Worker | undefined;
    others.forEach((w) => {
      const server = smtp[workers.indexOf(w)]!;
      server.onData = () => {
        if (!sendVictim) {
          sendVictim = w;
          w.child.kill('SIGKILL');
        }
        return undefined;
      };
    });
    for (const id of ids) {
      await makeSendable(app, userId, id);
      const map = await app.maps.current(userId, id);
      const approved = await approveJob(app, userId, id, { version: map.version });
      expect(approved.queued, id).toBeGreaterThan(0);
    }
    await until(async () => sendVictim !== undefined, 'a worker to hand a message to SMTP');
    expect((await sendVictim!.exited).signal).toBe('SIGKILL');
    // (The server records a message once it has parsed it, just after the DATA.)
    const victimServer = smtp[workers.indexOf(sendVictim!)]!;
    await until(async () => victimServer.received.length > 0, 'the interrupted message to be recorded');
    const interrupted = victimServer.received[0]!.parsed.messageId ?? null;
    const survivor = others.find((w) => w !== sendVictim)!;
    await until(async () => (await statuses()).every((s) => s === 'EMAILED'), 'every job to be EMAILED', async () => `${(await statuses()).join(' ')}\n${survivor.log().slice(-3000)}`);
    survivor.child.kill('SIGTERM');
    expect((await survivor.exited).code, survivor.log().slice(-2000)).toBe(0);

    // The SMTP servers saw nothing go wrong but the killed worker's connections being reset.
    expect(smtp.flatMap((x) => x.clientErrors.map((e) => e.code)).filter((c) => c !== 'ECONNRESET' && c !== 'EPIPE')).toEqual([]);

    // No stage of any job finished twice across the three processes' logs.
    const finished = workers.flatMap((w) => w.lines).filter((l) => l.msg === 'stage finished' && l.moved);
    for (const id of ids) {
      const stages = finished.filter((f) => f.jobId === id).map((f) => f.stage);
      expect(stages.length, id).toBeGreaterThan(0);
      expect(new Set(stages).size, `${id}: ${stages.join(', ')}`).toBe(stages.length);
    }

    // Every invitation arrived exactly once; the one in the killed worker's hands is UNCERTAIN,
    // explained, and was not sent again. (Others it had mid-DATA are UNCERTAIN too and arrived at most once.)
    const arrived = smtp.flatMap((s) => s.received.map((m) => m.parsed.messageId));
    expect(new Set(arrived).size, 'no Message-ID twice').toBe(arrived.length);
    const rows = (await Promise.all(ids.map((id) => app.repos.jobOutreach.listForJob(id)))).flat().filter((r) => r.kind === 'invitation');
    expect(rows.length).toBeGreaterThanOrEqual(JOBS);
    const count = (messageId: string | null) => arrived.filter((m) => m === messageId).length;
    for (const r of rows) {
      expect(['SENT', 'UNCERTAIN'], `${r.emailId}: ${r.status} ${r.lastError}`).toContain(r.status);
      if (r.status === 'SENT') expect(count(r.messageId), r.emailId).toBe(1);
      else {
        expect(count(r.messageId), r.emailId).toBeLessThanOrEqual(1);
        expect(r.lastError).toMatch(/may or may not have been sent.*Sent folder/);
      }
    }
    const stuck = rows.find((r) => r.messageId === interrupted);
    expect(stuck?.status).toBe('UNCERTAIN');
    expect(count(interrupted)).toBe(1);
    // Settled once: exactly one reconciliation per UNCERTAIN row, by the survivor.
    const settled = survivor.lines.filter((l) => l.msg === 'reconciled a row left mid-send' && l.outcome === 'uncertain').map((l) => l.emailId);
    expect(settled.sort()).toEqual(rows.filter((r) => r.status === 'UNCERTAIN').map((r) => r.emailId).sort());

    // The PDFs are in the bucket, byte for byte; on local disk only in the workers' read-through caches.
    for (const id of ids) {
      const ref = parseRef((await app.repos.jobs.getInternal(id))!.pdfRef);
      expect(ref.mode).toBe('S3');
      expect(sha(await app.storage.get(ref))).toBe(sources.get(id));
    }
    for (const dir of ['receiver', 'worker-0', 'worker-1', 'worker-2']) {
      expect(filesUnder(join(t.dir, dir)).filter((f) => f.endsWith('.pdf') && !f.startsWith('s3-cache/')), dir).toEqual([]);
    }
  });
});
