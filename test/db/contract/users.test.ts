import { describe, expect, it } from 'vitest';
import { backends } from '../../helpers/backends.js';
import { onlyUsers, skipNote, useBackend } from './use-backend.js';

describe.each(backends())('users on $name', (kind) => {
  const { skip } = kind;
  const skipped = skipNote(kind);
  const b = useBackend(kind, (db) => onlyUsers(db));
  const PASSWORD = 'long enough password';
  /** An account made without hashing a password (scrypt is slow on purpose), for tests that never sign in. */
  const plainUser = async (email: string) => {
    await b.raw('INSERT INTO users (user_id, email, password_hash) VALUES (?, ?, ?)', [`id-${email}`, email, 'x']);
    return (await b.repos.users.getById(`id-${email}`))!;
  };

  it.skipIf(skip)(`creates an account under its normalized address, never handing out the hash, and refuses a second one${skipped}`, async () => {
    const user = await b.repos.users.create('  Pat.Estimator@GC.test ', PASSWORD);
    expect(user).toMatchObject({ email: 'pat.estimator@gc.test', disabledAt: null });
    expect(user).not.toHaveProperty('passwordHash');
    expect(user.createdAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(await b.repos.users.getById(user.userId)).toEqual(user);
    expect(await b.repos.users.findByEmail('PAT.estimator@gc.test')).toEqual(user);
    await expect(b.repos.users.create('pat.estimator@gc.test', PASSWORD)).rejects.toMatchObject({ code: 'CONFLICT', userMessage: 'A user with e-mail pat.estimator@gc.test already exists.' });
    await expect(b.repos.users.create('not an address', PASSWORD)).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(b.repos.users.create('sam@gc.test', 'short')).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await b.repos.users.list()).toHaveLength(1);
  });

  it.skipIf(skip)(`makes one account of two creates of one address at the same moment; the other gets CONFLICT${skipped}`, async () => {
    const results = await Promise.allSettled([b.repos.users.create('sam@gc.test', PASSWORD), b.repos.users.create('SAM@gc.test', PASSWORD)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.reason).toMatchObject({ code: 'CONFLICT' });
    expect(await b.repos.users.list()).toHaveLength(1);
  });

  it.skipIf(skip)(`an address with a control character (a NUL typed or forged) finds nobody and signs nobody in, instead of failing${skipped}`, async () => {
    const user = await b.repos.users.create('pat@gc.test', PASSWORD);
    for (const forged of ['pat@gc.test\u0000', 'pat\u0000@gc.test', 'pat@gc.test\u0007']) {
      expect(await b.repos.users.findByEmail(forged)).toBeUndefined();
      expect(await b.repos.users.findActiveByEmail(forged)).toBeUndefined();
      expect(await b.repos.users.verify(forged, PASSWORD)).toBeNull();
    }
    await expect(b.repos.users.create('sam\u0000@gc.test', PASSWORD)).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await b.repos.users.verify('pat@gc.test', PASSWORD))?.userId).toBe(user.userId);
  });

  it.skipIf(skip)(`names the command that creates an unknown account${skipped}`, async () => {
    await expect(b.repos.users.requireByEmail('Nobody@GC.test')).rejects.toMatchObject({ code: 'NOT_FOUND', userMessage: expect.stringContaining('redbutton user add nobody@gc.test') });
    expect(await b.repos.users.findByEmail('nobody@gc.test')).toBeUndefined();
    expect(await b.repos.users.getById('no-such-id')).toBeUndefined();
  });

  it.skipIf(skip)(`lists accounts by address in byte order, whatever the database's collation${skipped}`, async () => {
    // The test cluster is initdb'd with the C locale; a production database often is not. Give the
    // column a language collation (which ignores '-' and '_' at first) to see the order hold anyway.
    if (b.name === 'postgres') await b.raw(`ALTER TABLE users ALTER COLUMN email TYPE text COLLATE "en-US-x-icu"`);
    for (const email of ['ab@gc.test', 'a-c@gc.test', 'aa@gc.test', 'a_b@gc.test', 'b@gc.test']) await b.raw('INSERT INTO users (user_id, email, password_hash) VALUES (?, ?, ?)', [email, email, 'x']);
    expect((await b.repos.users.list()).map((u) => u.email)).toEqual(['a-c@gc.test', 'a_b@gc.test', 'aa@gc.test', 'ab@gc.test', 'b@gc.test']);
    if (b.name === 'postgres') await b.raw(`ALTER TABLE users ALTER COLUMN email TYPE text COLLATE "default"`);
  });

  it.skipIf(skip)(`disables an account, keeping the first time it was disabled, hides it from active look-ups, and enables it again${skipped}`, async () => {
    const user = await plainUser('pat@gc.test');
    const disabled = await b.repos.users.setDisabled(user.userId, true);
    expect(disabled.disabledAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    await b.raw(`UPDATE users SET disabled_at = '2020-05-01 08:00:00' WHERE user_id = ?`, [user.userId]);
    expect((await b.repos.users.setDisabled(user.userId, true)).disabledAt).toBe('2020-05-01 08:00:00');
    expect(await b.repos.users.getActiveById(user.userId)).toBeUndefined();
    expect(await b.repos.users.findActiveByEmail('pat@gc.test')).toBeUndefined();
    expect(await b.repos.users.findByEmail('pat@gc.test')).toBeDefined();
    expect((await b.repos.users.setDisabled(user.userId, false)).disabledAt).toBeNull();
    expect(await b.repos.users.getActiveById(user.userId)).toEqual(user);
    expect(await b.repos.users.findActiveByEmail('PAT@gc.test')).toEqual(user);
  });

  it.skipIf(skip)(`verifies a password only for its own account${skipped}`, async () => {
    const user = await b.repos.users.create('pat@gc.test', PASSWORD);
    expect(await b.repos.users.verify('Pat@gc.test', PASSWORD)).toEqual(user);
    expect(await b.repos.users.verify('pat@gc.test', 'another long password')).toBeNull();
    expect(await b.repos.users.verify('nobody@gc.test', PASSWORD)).toBeNull();
  });

  it.skipIf(skip)(`deletes an account with everything that names it${skipped}`, async () => {
    const user = await plainUser('pat@gc.test');
    const job = await b.repos.jobs.create({ userId: user.userId, name: 'Clinic' });
    expect(await b.repos.users.delete(user.userId)).toBe(true);
    expect(await b.repos.jobs.getInternal(job.jobId)).toBeUndefined();
    expect(await b.repos.users.delete(user.userId)).toBe(false);
  });
});
