// Secrets of pulled sources (API tokens, passwords, harvest API keys) are stored sealed with AES-256-GCM
// under a key derived from PASPORT_SECRET_KEY, and never returned by any action. Without the key a
// secret cannot be stored (a clear refusal beats a plaintext column).
import crypto from 'node:crypto';
import { ValidationError } from '../errors.ts';
import type { Config } from '../config.ts';

function keyOf(config: Config): Buffer {
  const k = config.harvest.secretKey;
  if (!k) throw ValidationError.field('secret', 'secrets cannot be stored: the service has no PASPORT_SECRET_KEY');
  return crypto.createHash('sha256').update(`pasport-secret:${k}`).digest();
}

/** `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function seal(config: Config, plain: string): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', keyOf(config), iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv, c.getAuthTag(), body].map((x) => (typeof x === 'string' ? x : x.toString('base64url'))).join('.');
}

export function unseal(config: Config, sealed: string): string {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('unreadable sealed secret');
  const d = crypto.createDecipheriv('aes-256-gcm', keyOf(config), Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
}
