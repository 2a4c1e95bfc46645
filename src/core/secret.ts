import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The server's signing secret (signed links, e-mail reply keys, bounce tokens). From
 * REDBUTTON_SECRET when set; otherwise generated once into the data dir (mode 0600), so a
 * single-machine install works with no setup and links survive restarts.
 */
export function loadOrCreateSecret(dataDir: string, fromEnv?: string): Buffer {
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  const path = join(dataDir, 'secret.key');
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32);
  writeFileSync(path, secret.toString('base64'), { mode: 0o600, flag: 'wx' });
  return secret;
}

/** HMAC-SHA256 of `purpose:payload`, base64url; a key is only valid for the purpose it was made for. */
export function sign(secret: Buffer, purpose: string, payload: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${payload}`).digest('base64url');
}

export function verifySignature(secret: Buffer, purpose: string, payload: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, purpose, payload));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
