// Source credentials encrypted at rest (AES-256-GCM, key outside the graph); decrypted only
// to connect, never returned by the API nor logged.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const key32 = (key: Buffer) => createHash('sha256').update(key).digest();

export function encryptCredential(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key32(key), iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64'), c.getAuthTag().toString('base64'), body.toString('base64')].join('.');
}

export function decryptCredential(key: Buffer, sealed: string): string {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || !body) throw new Error('stored credential is malformed');
  const d = createDecipheriv('aes-256-gcm', key32(key), Buffer.from(iv, 'base64'));
  d.setAuthTag(Buffer.from(tag, 'base64'));
  try {
    return Buffer.concat([d.update(Buffer.from(body, 'base64')), d.final()]).toString('utf8');
  } catch {
    throw new Error('stored credential cannot be decrypted with FUNDGOV_CREDENTIAL_KEY (was the key changed?)');
  }
}

/** A driver's error message with the URL's password, if it echoes it, replaced. */
export function scrubPassword(message: string, url: string): string {
  let raw = '';
  try { raw = new URL(url).password; } catch { /* unparseable: nothing to scrub */ }
  if (!raw) return message;
  let decoded = raw;
  try { decoded = decodeURIComponent(raw); } catch { /* keep the raw form */ }
  // Both spellings: drivers echo the decoded password, URLs the encoded one.
  return message.replaceAll(raw, '***').replaceAll(decoded, '***');
}

/** A connection URL with its password removed, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
