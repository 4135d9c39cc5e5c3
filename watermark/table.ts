// Marking rows and cells for one export: the pure core that the CSV and XLSX writers wrap.
import { markCellKeyed, type BitSource, type KeyHasher } from './carriers.ts';
import { cellSeeds, exportKey, type KeyInput } from './keys.ts';
import { cellDigest, cellDigestCodes, sipHash13, sipHash64 } from './siphash.ts';

export interface MarkOptions {
  /** FUNDGOV_WATERMARK_KEY (≥ 16 bytes) */
  key: KeyInput;
  exportId: string;
  /**
   * Opt-in (the export policy must allow it): decimal values also carry the mark in the
   * parity of their last written digit, changed by at most one unit of that place
   * (e.g. ±0.01 for amounts written with two decimals). Off by default: values keep
   * their meaning to the last digit.
   */
  numericLsb?: boolean;
}

export const NUMERIC_LSB_TOLERANCE = 'one unit of the last written decimal place (e.g. ±0.01 for 2 decimals)';

export interface CellMarker {
  readonly exportId: string;
  markCell(value: string): string;
  /** Returns a new array; cells that are not strings (null, numbers) pass through unchanged. */
  markRow<T>(row: readonly T[]): T[];
  /** Marks a row of strings in place (the streaming writers own their rows). */
  markRowInPlace(row: string[]): string[];
}

export function bitSourceFor(key: KeyInput, exportId: string): BitSource {
  const seeds = cellSeeds(key);
  const ke = exportKey(key, exportId);
  const digest = new Uint32Array(2);
  const out = new Uint32Array(2);
  const result = { lo: 0, hi: 0 };
  return (carrierKey: string) => {
    cellDigest(seeds, carrierKey, digest);
    sipHash64(ke, digest[0], digest[1], out, 1, 3);
    result.lo = out[0];
    result.hi = out[1];
    return result;
  };
}

/** bitSourceFor over a carrier key given as code units (the marking hot path: no key string). */
export function keyHasherFor(key: KeyInput, exportId: string): KeyHasher {
  const seeds = cellSeeds(key);
  const ke = exportKey(key, exportId);
  const digest = new Uint32Array(2);
  const out = new Uint32Array(2);
  const result = { lo: 0, hi: 0 };
  return (codes: Uint16Array, len: number) => {
    cellDigestCodes(seeds, codes, len, digest);
    sipHash13(ke, digest[0], digest[1], out);
    result.lo = out[0];
    result.hi = out[1];
    return result;
  };
}

export function createCellMarker(opts: MarkOptions): CellMarker {
  const hasher = keyHasherFor(opts.key, opts.exportId);
  const lsb = opts.numericLsb === true;
  const mark = (value: string) => markCellKeyed(value, lsb, hasher);
  return {
    exportId: opts.exportId,
    markCell: mark,
    markRow<T>(row: readonly T[]): T[] {
      const out = new Array<T>(row.length);
      for (let i = 0; i < row.length; i++) {
        const v = row[i];
        out[i] = (typeof v === 'string' && v.length > 1 ? mark(v) : v) as T;
      }
      return out;
    },
    markRowInPlace(row: string[]): string[] {
      for (let i = 0; i < row.length; i++) {
        const v = row[i];
        if (v.length > 1) row[i] = mark(v);
      }
      return row;
    },
  };
}
