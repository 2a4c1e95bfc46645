import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { freePort, lookupIds as ids } from './system.js';

/**
 * A throw-away Postgres for tests: Debian's `postgresql` binaries, a cluster initdb'd in a temp dir
 * on a free 127.0.0.1 port with durability off (fsync, synchronous_commit, full_page_writes), TCP
 * only, a password for its superuser. One cluster per test run: the first test file that asks for
 * it starts it (under a lock directory, since test files run in separate processes) and the vitest
 * globalSetup (test/helpers/postgres-global.ts) stops it after the run. Each test file then gets a
 * database of its own with CREATE DATABASE … TEMPLATE, which takes milliseconds.
 *
 * Postgres refuses to run as root, so as root (this machine and CI) every server process runs as
 * the `postgres` system user the Debian package creates, with the data directory owned by it.
 */
export interface PgCluster {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Where the server's own files live (data dir, log). */
  dir: string;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** A directory the globalSetup made for the run's cluster (absent when run without it). */
    pgStateDir: string;
  }
}

const SUPERUSER = 'redbutton';
const CLUSTER_FILE = 'cluster.json';
const FAILED_FILE = 'failed.txt';

/** The newest installed Postgres's bin directory (Debian keeps them per major version). */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

/** Whether Postgres tests can run. On CI (.ci/run installs postgresql) they must: never skip there. */
export function postgresAvailable(): boolean {
  if (process.env.CI) return true;
  return postgresBinDir() !== undefined;
}

export const postgresSkipReason = 'Debian postgresql is not installed (bash scripts/install-system-deps.sh installs it)';

/** The unprivileged account the server runs as when we are root. */
function serverAccount(): { name: string; uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const found = ids('postgres');
  if (found) return { name: 'postgres', ...found };
  const name = 'redbutton-pg';
  if (!ids(name)) spawnSync('useradd', ['-r', '-M', '-s', '/usr/sbin/nologin', name]);
  const made = ids(name);
  if (!made) throw new Error(`cannot run Postgres as root and could not create the ${name} user`);
  return { name, ...made };
}

function run(bin: string, args: string[], account: ReturnType<typeof serverAccount>): void {
  const [cmd, argv] = account ? ['runuser', ['-u', account.name, '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${bin.split('/').pop()} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
}

/** initdb + start a cluster under `stateDir`; returns how to reach it. */
async function startCluster(stateDir: string): Promise<PgCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(postgresSkipReason);
  const account = serverAccount();
  // The server's own directory: owned by the account it runs as; the parents only traversable.
  chmodSync(stateDir, 0o711);
  const dir = join(stateDir, 'server');
  mkdirSync(dir, { mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (account) {
    chownSync(dir, account.uid, account.gid);
    chownSync(pwfile, account.uid, account.gid);
  }
  const data = join(dir, 'data');
  run(join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync'], account);
  rmSync(pwfile);
  const port = await freePort();
  // Throw-away data: durability off for speed; TCP on loopback only, no Unix socket.
  appendFileSync(
    join(data, 'postgresql.conf'),
    [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      "unix_socket_directories = ''",
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      'max_connections = 300',
      'shared_buffers = 32MB',
      "log_min_messages = 'warning'",
      '',
    ].join('\n'),
  );
  run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'], account);
  return { host: '127.0.0.1', port, user: SUPERUSER, password, dir };
}

/** Stop a cluster started by startCluster (fast shutdown) and remove its files. */
export function stopCluster(stateDir: string): void {
  const file = join(stateDir, CLUSTER_FILE);
  const bin = postgresBinDir();
  if (existsSync(file) && bin) {
    const cluster = JSON.parse(readFileSync(file, 'utf8')) as PgCluster;
    try {
      run(join(bin, 'pg_ctl'), ['-D', join(cluster.dir, 'data'), '-m', 'fast', '-w', 'stop'], serverAccount());
    } catch {
      // already stopped (or never fully started): the files go anyway
    }
  }
  rmSync(stateDir, { recursive: true, force: true });
}

let cached: Promise<PgCluster> | undefined;

/**
 * The run's cluster: started by the first caller across all test processes, reused by the rest.
 * Without the globalSetup (a test file run by hand with another config) this process starts its
 * own and stops it when it exits.
 */
export function postgresCluster(): Promise<PgCluster> {
  cached ??= (async () => {
    let stateDir: string | undefined;
    try {
      stateDir = inject('pgStateDir');
    } catch {
      stateDir = undefined;
    }
    if (!stateDir) {
      const own = mkdtempSync(join(tmpdir(), 'rb-pg-'));
      process.once('exit', () => stopCluster(own));
      return publish(own);
    }
    try {
      mkdirSync(join(stateDir, 'lock'));
    } catch {
      return waitForCluster(stateDir);
    }
    return publish(stateDir);
  })();
  return cached;
}

async function publish(stateDir: string): Promise<PgCluster> {
  try {
    const cluster = await startCluster(stateDir);
    writeFileSync(join(stateDir, CLUSTER_FILE), JSON.stringify(cluster), { mode: 0o600 });
    return cluster;
  } catch (e) {
    writeFileSync(join(stateDir, FAILED_FILE), e instanceof Error ? e.message : String(e));
    throw e;
  }
}

async function waitForCluster(stateDir: string): Promise<PgCluster> {
  for (let i = 0; i < 1200; i++) {
    if (existsSync(join(stateDir, CLUSTER_FILE))) return JSON.parse(readFileSync(join(stateDir, CLUSTER_FILE), 'utf8')) as PgCluster;
    if (existsSync(join(stateDir, FAILED_FILE))) throw new Error(`the test Postgres did not start: ${readFileSync(join(stateDir, FAILED_FILE), 'utf8')}`);
    await sleep(100);
  }
  throw new Error('the test Postgres did not start within 120 s');
}

export function clusterUrl(c: PgCluster, database: string): string {
  return `postgres://${c.user}:${encodeURIComponent(c.password)}@${c.host}:${c.port}/${database}`;
}

/** Run statements on the cluster's maintenance database as the superuser. */
export async function adminQuery(sql: string): Promise<pg.QueryResult> {
  const c = await postgresCluster();
  const client = new pg.Client({ connectionString: clusterUrl(c, 'postgres') });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database on the run's cluster (from `template0`, or from `template` — a database
 * nobody is connected to), dropped by `drop()` even if a test left connections open.
 */
export async function freshDatabase(template = 'template0'): Promise<TestDatabase> {
  const c = await postgresCluster();
  const name = `rb_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    name,
    url: clusterUrl(c, name),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
