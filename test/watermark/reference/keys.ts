// FROZEN reference copy of watermark/keys.ts before the marking speed-up (2026-11-26),
// used only by test/watermark/differential.test.ts. Do not edit or "fix": it defines the expected bytes.
// Key handling: the master key never marks anything directly. Two derived SipHash keys do:
// one shared "cell" key that turns a cell's normalised content into a 64-bit digest, and one
// key per export that turns a digest into that export's mark bits.
import { createHmac } from 'node:crypto';
import { WatermarkError } from './errors.ts';
import { sipKeyFromBytes, type SipKey } from './siphash.ts';

export const MIN_KEY_BYTES = 16;

export type KeyInput = Buffer | Uint8Array | string;

export function keyBytes(key: KeyInput | undefined | null): Buffer {
  if (key === undefined || key === null || key.length === 0) {
    throw new WatermarkError('KEY', 'no watermark key: set FUNDGOV_WATERMARK_KEY to a secret of at least 16 bytes');
  }
  const buf = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  if (buf.length < MIN_KEY_BYTES) {
    throw new WatermarkError('KEY', `the watermark key is ${buf.length} bytes; FUNDGOV_WATERMARK_KEY must be at least ${MIN_KEY_BYTES} bytes`);
  }
  return buf;
}

function derive(key: Buffer, label: string): Buffer {
  return createHmac('sha256', key).update(label, 'utf8').digest();
}

/** Seeds of the carrier-key digest (two 32-bit words). */
export function cellSeeds(key: KeyInput): Uint32Array {
  const d = derive(keyBytes(key), 'fundgov/watermark/v1/cell');
  return new Uint32Array([d.readUInt32LE(0), d.readUInt32LE(4)]);
}

export function exportIdError(exportId: unknown): string | null {
  if (typeof exportId !== 'string' || exportId.trim() === '') return 'an export id must be a non-empty string';
  if (exportId !== exportId.trim()) return `export id "${exportId}" has leading or trailing spaces`;
  if (exportId.length > 200) return 'an export id must be at most 200 characters';
  return null;
}

export function exportKey(key: KeyInput, exportId: string): SipKey {
  const err = exportIdError(exportId);
  if (err) throw new WatermarkError('OPTIONS', err);
  return sipKeyFromBytes(derive(keyBytes(key), `fundgov/watermark/v1/export\u0000${exportId}`));
}

/** 64-bit image payload of an export: the first 8 bytes of a keyed hash of its id. */
export function imagePayload(key: KeyInput, exportId: string): Uint8Array {
  const err = exportIdError(exportId);
  if (err) throw new WatermarkError('OPTIONS', err);
  return derive(keyBytes(key), `fundgov/watermark/v1/image\u0000${exportId}`).subarray(0, 8);
}

/** Seed for the image spreading sequences (independent of any export). */
export function imageSeed(key: KeyInput): Buffer {
  return derive(keyBytes(key), 'fundgov/watermark/v1/image-spreading');
}
