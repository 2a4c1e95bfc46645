import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, utimesSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort, lookupIds } from './system.js';

/**
 * A real IMAP server for tests: Debian's dovecot, started from its own config file in a temp dir
 * (no system config), on a free 127.0.0.1 port, cleartext (ssl = no), users in a passwd-file,
 * Maildir in the temp dir owned by an unprivileged user. Mail is delivered with dovecot-lda
 * (what an MTA would run) or IMAP APPEND.
 */
export interface DovecotServer {
  host: string;
  port: number;
  dir: string;
  configPath: string;
  /** Add a mailbox user (password in clear text, PLAIN scheme). */
  addUser(user: string, password: string): void;
  /** Deliver a raw RFC 5322 message into the user's INBOX (or `mailbox`) with dovecot-lda. */
  deliver(user: string, raw: string | Buffer, mailbox?: string): void;
  /** Run doveadm with this server's config. */
  doveadm(args: string[]): string;
  /** A connected IMAP client for `user` (the caller logs out). */
  client(user: string, password: string): Promise<ImapFlow>;
  stop(): Promise<void>;
}

const DOVECOT = '/usr/sbin/dovecot';
const LDA_CANDIDATES = ['/usr/lib/dovecot/dovecot-lda', '/usr/lib/dovecot/deliver'];
const MAIL_USER = 'redbutton-mail';

export function dovecotAvailable(): boolean {
  // On CI (.ci/run installs dovecot) a missing server must fail the run, never skip the tests.
  if (process.env.CI) return true;
  return existsSync(DOVECOT) && LDA_CANDIDATES.some((p) => existsSync(p));
}

/** The users dovecot runs as: system ones when we are root, ourselves otherwise. */
function groupName(user: string): string {
  const r = spawnSync('id', ['-gn', user], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : user;
}

function runAs(): { mail: { name: string; uid: number; gid: number }; internal: string; internalGroup: string; login: string } {
  const me = userInfo();
  if (me.uid !== 0) {
    // Not root: every dovecot process runs as us.
    return { mail: { name: me.username, uid: me.uid, gid: me.gid }, internal: me.username, internalGroup: groupName(me.username), login: me.username };
  }
  let ids = lookupIds(MAIL_USER);
  if (!ids) {
    const r = spawnSync('useradd', ['-r', '-M', '-s', '/usr/sbin/nologin', MAIL_USER], { encoding: 'utf8' });
    ids = lookupIds(MAIL_USER);
    if (!ids) throw new Error(`could not create the ${MAIL_USER} user: ${r.stderr}`);
  }
  const internal = lookupIds('dovecot') ? 'dovecot' : MAIL_USER;
  const login = lookupIds('dovenull') ? 'dovenull' : internal;
  return { mail: { name: MAIL_USER, ...ids }, internal, internalGroup: groupName(internal), login };
}

export interface DovecotOptions {
  /**
   * Also sign in with OAuth 2.0 bearer tokens: dovecot's oauth2 passdb asks this RFC 7662
   * introspection URL (form POST `token=…`) and accepts the token when the answer has
   * `active: true` and `username` equal to the user signing in. Mechanisms advertised: both by
   * default (as Gmail), or only `xoauth2` (as Microsoft 365).
   */
  oauth2?: { introspectionUrl: string; mechanisms?: ('xoauth2' | 'oauthbearer')[] };
}

/**
 * Start a server with these mailbox users (name → password). Give every user here: dovecot
 * re-reads its passwd-file at most once a second, so a user added later may need a moment.
 */
export async function startDovecot(initialUsers: Record<string, string> = {}, options: DovecotOptions = {}): Promise<DovecotServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rb-dovecot-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const who = runAs();
  const mailRoot = join(dir, 'mail');
  const passwdPath = join(dir, 'passwd');
  const configPath = join(dir, 'dovecot.conf');
  mkdirSync(mailRoot, { recursive: true });
  chownSync(mailRoot, who.mail.uid, who.mail.gid);
  writeFileSync(passwdPath, '');
  chmodSync(passwdPath, 0o644);
  const oauthMechs = options.oauth2 ? (options.oauth2.mechanisms ?? ['xoauth2', 'oauthbearer']) : [];
  const oauth2Path = join(dir, 'dovecot-oauth2.conf.ext');
  if (options.oauth2) {
    // dovecot 2.3 oauth2 passdb: POST the token to the introspection URL, then compare the
    // answer's username attribute with the login name and require active=true.
    writeFileSync(
      oauth2Path,
      [`introspection_mode = post`, `introspection_url = ${options.oauth2.introspectionUrl}`, `force_introspection = yes`, `username_attribute = username`, `active_attribute = active`, `active_value = true`, ''].join('\n'),
    );
    chmodSync(oauth2Path, 0o644);
  }
  const config = `# Written by test/helpers/dovecot.ts — a throw-away server for one test file.
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = rb-test-${port}
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login${oauthMechs.length ? ` ${oauthMechs.join(' ')}\n# a refused token is answered at once (tests renew it and sign in again)\nauth_failure_delay = 0` : ''}
default_internal_user = ${who.internal}
default_internal_group = ${who.internalGroup}
default_login_user = ${who.login}
mail_uid = ${who.mail.uid}
mail_gid = ${who.mail.gid}
first_valid_uid = ${Math.min(who.mail.uid, 1)}
first_valid_gid = 0
mail_location = maildir:${mailRoot}/%n/Maildir
mail_home = ${mailRoot}/%n
protocol imap {
  mail_max_userip_connections = 50
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n ${passwdPath}${oauthMechs.length ? '\n  mechanisms = plain login' : ''}
}
${
  oauthMechs.length
    ? `passdb {
  driver = oauth2
  mechanisms = ${oauthMechs.join(' ')}
  args = ${oauth2Path}
}
`
    : ''
}userdb {
  driver = static
  args = uid=${who.mail.uid} gid=${who.mail.gid} home=${mailRoot}/%n allow_all_users=yes
}
service imap-login {
  # no chroot: works without root too (a test server, not a production one)
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
  writeFileSync(configPath, config);
  const users = new Map<string, string>();
  let passwdVersion = 0;

  const proc = spawn(DOVECOT, ['-F', '-c', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
  let exited = false;
  proc.on('exit', () => (exited = true));

  const lda = LDA_CANDIDATES.find((p) => existsSync(p))!;
  const server: DovecotServer = {
    host: '127.0.0.1',
    port,
    dir,
    configPath,
    addUser(user, password) {
      users.set(user, password);
      writeFileSync(passwdPath, [...users].map(([u, p]) => `${u}:{PLAIN}${p}::::::`).join('\n') + '\n');
      // dovecot re-reads a passwd-file when its mtime changes, at one-second resolution: give
      // every version a distinct mtime so a user added right after another is seen.
      passwdVersion += 1;
      const t = Math.floor(Date.now() / 1000) + passwdVersion;
      utimesSync(passwdPath, t, t);
    },
    deliver(user, raw, mailbox) {
      const args = ['-c', configPath, '-d', user, '-e'];
      if (mailbox) args.push('-m', mailbox);
      const r = spawnSync(lda, args, { input: typeof raw === 'string' ? Buffer.from(raw) : raw });
      if (r.status !== 0) throw new Error(`dovecot-lda exited ${r.status}: ${r.stderr.toString()} ${r.stdout.toString()}`);
    },
    doveadm(args) {
      const r = spawnSync('doveadm', ['-c', configPath, ...args], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`doveadm ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      return r.stdout;
    },
    async client(user, password) {
      const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false, disableAutoIdle: true });
      await c.connect();
      return c;
    },
    async stop() {
      if (!exited) {
        const done = new Promise<void>((r) => proc.once('exit', () => r()));
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await done;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };

  // Wait until a login works (bounded). All users go into the file before the server starts.
  const probe = `probe${port}`;
  for (const [u, p] of Object.entries({ ...initialUsers, [probe]: 'probe-password' })) users.set(u, p);
  writeFileSync(passwdPath, [...users].map(([u, p]) => `${u}:{PLAIN}${p}::::::`).join('\n') + '\n');
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (exited) throw new Error(`dovecot exited at start-up: ${output}\n${safeRead(join(dir, 'dovecot.log'))}`);
    try {
      const c = await server.client(probe, 'probe-password');
      await c.logout();
      break;
    } catch (e) {
      if (Date.now() > deadline) {
        const log = safeRead(join(dir, 'dovecot.log'));
        await server.stop();
        throw new Error(`dovecot did not accept a login within 20 s: ${(e as Error).message}\n${output}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return server;
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (_e) {
    return '';
  }
}
