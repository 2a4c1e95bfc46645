import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackApi } from '../../src/channels/slack/slack-api.js';
import { logger } from '../../src/core/log.js';
import { isAppError } from '../../src/core/errors.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';

/** Downloads with the bot token: size limits before and during the transfer, token only to Slack. */
describe('SlackApi.download', () => {
  let fake: FakeSlack;
  let api: SlackApi;
  beforeAll(async () => {
    fake = await startFakeSlack();
    api = new SlackApi(fake.token, fake.apiUrl, logger);
  });
  afterAll(() => fake.close());

  const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10_000, 0x20)]);

  it('downloads with the bearer token', async () => {
    fake.addFile({ id: 'FOK', name: 'ok.pdf', filetype: 'pdf', mimetype: 'application/pdf', bytes, user: 'U1', channel: 'C1' });
    const file = await api.fileInfo('FOK');
    const { path, dir } = await api.download(file, 1_000_000);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(fake.downloads.at(-1)).toEqual({ fileId: 'FOK', authorized: true });
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a file declared too large before downloading anything', async () => {
    fake.addFile({ id: 'FBIG', name: 'big.pdf', filetype: 'pdf', mimetype: 'application/pdf', bytes, user: 'U1', channel: 'C1' });
    const file = await api.fileInfo('FBIG');
    const n = fake.downloads.length;
    await expect(api.download(file, 5_000)).rejects.toSatisfy((e) => isAppError(e) && e.code === 'PDF_TOO_LARGE');
    expect(fake.downloads).toHaveLength(n);
  });

  it('stops a download that grows past the limit although files.info said it was small', async () => {
    fake.addFile({ id: 'FLIE', name: 'lie.pdf', filetype: 'pdf', mimetype: 'application/pdf', bytes, user: 'U1', channel: 'C1', chunked: true });
    const file = { ...(await api.fileInfo('FLIE')), size: 100 };
    await expect(api.download(file, 5_000)).rejects.toSatisfy((e) => isAppError(e) && e.code === 'PDF_TOO_LARGE');
  });

  it('never sends the bot token to a host that is not Slack', async () => {
    const file = { id: 'FX', name: 'x.pdf', size: 10, url_private_download: 'https://attacker.example/x.pdf' };
    await expect(api.download(file, 5_000)).rejects.toSatisfy((e) => isAppError(e) && e.code === 'FORBIDDEN');
  });
});
