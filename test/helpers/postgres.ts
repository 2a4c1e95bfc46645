import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgres } from '../../src/db/pg/client.js';
import { oncePerRun, publishedFile, runStateDir } from './run-once.js';
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

const SUPERUSER = 'redbutton';
/** What oncePerRun publishes the started cluster as (stopCluster finds it there). */
const CLUSTER = 'postgres-cluster';

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
  const file = publishedFile(stateDir, CLUSTER);
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
  cached ??= (() => {
    const stateDir = runStateDir();
    if (!stateDir) {
      const own = mkdtempSync(join(tmpdir(), 'rb-pg-'));
      process.once('exit', () => stopCluster(own));
      return oncePerRun(own, CLUSTER, () => startCluster(own));
    }
    return oncePerRun(stateDir, CLUSTER, () => startCluster(stateDir));
  })();
  return cached;
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

let template: Promise<string> | undefined;

/**
 * A database with every migration of migrations/pg applied, made once per run (by the first test
 * process that asks) and never connected to again: migratedDatabase copies it, which takes
 * milliseconds where running the migrations again takes about a second per database.
 */
function migratedTemplate(): Promise<string> {
  template ??= (() => {
    const make = async (): Promise<string> => {
      const c = await postgresCluster();
      const name = `rb_template_${randomBytes(6).toString('hex')}`;
      await adminQuery(`CREATE DATABASE ${name} TEMPLATE template0`);
      const handle = await openPostgres(clusterUrl(c, name), { max: 1 });
      await handle.close();
      // CREATE DATABASE … TEMPLATE refuses a template anyone is connected to: nobody may connect from now on.
      await adminQuery(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
      return name;
    };
    const stateDir = runStateDir();
    return stateDir ? oncePerRun(stateDir, 'postgres-template', make) : make();
  })();
  return template;
}

let strategy: Promise<string> | undefined;

/**
 * How CREATE DATABASE copies the template: FILE_COPY copies its files and checkpoints, which costs
 * next to nothing with fsync off; Postgres 15's default (WAL_LOG) writes every page through the WAL,
 * about twice as long (0.5 s against 1 s measured on a busy machine), and most tests on Postgres
 * open a database of their own. Older servers only copy files and know no STRATEGY.
 */
function copyStrategy(): Promise<string> {
  strategy ??= adminQuery('SHOW server_version_num').then((r) => (Number((r.rows[0] as { server_version_num: string }).server_version_num) >= 150000 ? ' STRATEGY FILE_COPY' : ''));
  return strategy;
}

/**
 * A new database on the run's cluster, dropped by `drop()` even if a test left connections open:
 * by default with every migration of migrations/pg applied (what openPostgres would leave, so its
 * own migration step then finds nothing to do); `'empty'` for tests of the migrations themselves.
 */
export async function freshDatabase(schema: 'migrated' | 'empty' = 'migrated'): Promise<TestDatabase> {
  const c = await postgresCluster();
  const from = schema === 'empty' ? 'template0' : await migratedTemplate();
  const name = `rb_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${from}${await copyStrategy()}`);
  return {
    name,
    url: clusterUrl(c, name),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
