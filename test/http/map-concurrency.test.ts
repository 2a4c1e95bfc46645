import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openTestApp, makeTempDir, type AnyTestApp } from '../helpers/app.js';
import { readyJob } from '../helpers/jobs.js';
import { buildHttpServer } from '../../src/channels/http/server.js';
import { ApiTokens } from '../../src/core/auth/api-tokens.js';
import { LocalStorage } from '../../src/core/storage/local.js';
import type { StorageRef } from '../../src/core/storage/index.js';
import { isAppError } from '../../src/core/errors.js';
import { auth } from './helpers.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';

/**
 * Real LOCAL storage whose contacts-map writes wait until the test lets each one finish, so two
 * edits can be made to race in a chosen order: both read version 1, both write a version-2 file,
 * the first to finish commits and the second must lose.
 */
class GatedStorage extends LocalStorage {
  readonly held: { key: string; release: () => void }[] = [];

  override async put(key: string, data: Buffer | string): Promise<StorageRef> {
    if (key.includes('/contacts-map/') && !key.includes('/v0001')) await new Promise<void>((release) => this.held.push({ key, release }));
    return super.put(key, data);
  }
}

const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
};

describeOnBothDatabases('contacts-map versions under concurrent edits from two channels', (backend) => {
  let t: AnyTestApp;
  let storage: GatedStorage;
  let server: FastifyInstance;
  let userId: string;
  let token: string;

  let storageDir: { dir: string; cleanup: () => void };

  beforeAll(async () => {
    storageDir = makeTempDir();
    storage = new GatedStorage(storageDir.dir);
    t = await openTestApp(backend, {}, { storage });
    server = await buildHttpServer(t.app, {});
    userId = (await t.app.repos.users.create('est@gc.test', 'correct horse battery')).userId;
    token = (await new ApiTokens(t.app.repos).create(userId)).token;
  });
  afterAll(async () => {
    await server?.close();
    await t?.cleanup();
    storageDir?.cleanup();
  });

  it('the history row and the stored file name the same edit; the loser gets the stale-version error and leaves no file', async () => {
    const { jobId } = await readyJob(t.app, userId, ['26']);
    // HTTP PATCH adds Plumbing; at the same moment the Slack listener's edit call adds HVAC, both on version 1.
    const http = server.inject({
      method: 'PATCH',
      url: `/jobs/${jobId}/contacts-map`,
      payload: { edits: [{ op: 'add_trade', trade: '22' }] },
      headers: { ...auth(token), 'if-match': '"v1"' },
    });
    const slack = t.app.maps.edit(userId, jobId, [{ op: 'add_trade', trade: '23' }], { expectedVersion: 1, via: 'slack' }).then(
      (map) => ({ ok: true as const, map }),
      (err: unknown) => ({ ok: false as const, err }),
    );
    await until(() => storage.held.length === 2);
    // The first write finishes and commits; only then does the second write land.
    let httpDone = false;
    let slackDone = false;
    void http.then(() => (httpDone = true));
    void slack.then(() => (slackDone = true));
    storage.held[0]!.release();
    await until(() => httpDone || slackDone);
    storage.held[1]!.release();
    const [res, viaSlack] = await Promise.all([http, slack]);

    const httpWon = res.statusCode === 200;
    expect(httpWon).toBe(!viaSlack.ok); // exactly one winner
    if (httpWon) {
      expect(viaSlack.ok || (isAppError(viaSlack.err) && viaSlack.err.code)).toBe('STALE_VERSION');
    } else {
      expect(res.statusCode).toBe(412);
      expect(res.json()).toMatchObject({ error: { code: 'STALE_VERSION' } });
    }
    const [winnerTrade, loserTrade, winnerVia] = httpWon ? ['22', '23', 'http'] : ['23', '22', 'slack'];

    const history = await t.app.maps.history(userId, jobId);
    expect(history.map((h) => h.version)).toEqual([1, 2]);
    expect(history[1]!.via).toBe(winnerVia);
    expect(history[1]!.summary).toContain(winnerTrade);
    // The file the history names holds that edit, and the current map is that file.
    const v2 = await t.app.maps.version(userId, jobId, 2);
    const divisions = v2.trades.map((x) => x.division);
    expect(divisions).toContain(winnerTrade);
    expect(divisions).not.toContain(loserTrade);
    expect((await t.app.maps.current(userId, jobId)).trades.map((x) => x.division)).toEqual(divisions);
    // One file per committed version: the loser's file was removed.
    const mapDir = join(storageDir.dir, 'users', userId, 'jobs', jobId, 'contacts-map');
    expect(readdirSync(mapDir).filter((f) => f.endsWith('.json'))).toHaveLength(2);
  });
});
