// FROZEN reference copy of watermark/siphash.ts before the marking speed-up (2026-11-26),
// used only by test/watermark/differential.test.ts. Do not edit or "fix": it defines the expected bytes.
// SipHash-2-4 (Aumasson & Bernstein 2012) in 32-bit halves: the keyed PRF behind every
// per-cell watermark bit. Hand-rolled because a cell costs two calls and HMAC-SHA-256
// (~2 µs a call in Node) would make marking a million-row export too slow.

/** A 128-bit SipHash key as four little-endian 32-bit words: k0 lo, k0 hi, k1 lo, k1 hi. */
export type SipKey = Uint32Array;

/** 64-bit output as [lo, hi] written into `out`. */
export type Out64 = Uint32Array;

export function sipKeyFromBytes(bytes: Uint8Array): SipKey {
  if (bytes.length < 16) throw new RangeError('a SipHash key needs 16 bytes');
  const k = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    k[i] = (bytes[i * 4] | (bytes[i * 4 + 1] << 8) | (bytes[i * 4 + 2] << 16) | (bytes[i * 4 + 3] << 24)) >>> 0;
  }
  return k;
}

// state: v0..v3 as (lo, hi) pairs; one module-level scratch array keeps calls allocation-free
const s = new Uint32Array(8);

function init(k: SipKey): void {
  s[0] = k[0] ^ 0x70736575; s[1] = k[1] ^ 0x736f6d65; // v0 = k0 ^ "somepseu"
  s[2] = k[2] ^ 0x6e646f6d; s[3] = k[3] ^ 0x646f7261; // v1 = k1 ^ "dorandom"
  s[4] = k[0] ^ 0x6e657261; s[5] = k[1] ^ 0x6c796765; // v2 = k0 ^ "lygenera"
  s[6] = k[2] ^ 0x79746573; s[7] = k[3] ^ 0x74656462; // v3 = k1 ^ "tedbytes"
}

function rounds(n: number): void {
  let v0l = s[0], v0h = s[1], v1l = s[2], v1h = s[3], v2l = s[4], v2h = s[5], v3l = s[6], v3h = s[7];
  let t: number, l: number;
  for (let r = 0; r < n; r++) {
    // v0 += v1; v1 <<<= 13; v1 ^= v0; v0 <<<= 32
    l = (v0l + v1l) >>> 0; v0h = (v0h + v1h + (l < v0l ? 1 : 0)) >>> 0; v0l = l;
    t = (v1l << 13) | (v1h >>> 19); v1h = ((v1h << 13) | (v1l >>> 19)) >>> 0; v1l = t >>> 0;
    v1l ^= v0l; v1h ^= v0h;
    t = v0l; v0l = v0h; v0h = t;
    // v2 += v3; v3 <<<= 16; v3 ^= v2
    l = (v2l + v3l) >>> 0; v2h = (v2h + v3h + (l < v2l ? 1 : 0)) >>> 0; v2l = l;
    t = (v3l << 16) | (v3h >>> 16); v3h = ((v3h << 16) | (v3l >>> 16)) >>> 0; v3l = t >>> 0;
    v3l ^= v2l; v3h ^= v2h;
    // v0 += v3; v3 <<<= 21; v3 ^= v0
    l = (v0l + v3l) >>> 0; v0h = (v0h + v3h + (l < v0l ? 1 : 0)) >>> 0; v0l = l;
    t = (v3l << 21) | (v3h >>> 11); v3h = ((v3h << 21) | (v3l >>> 11)) >>> 0; v3l = t >>> 0;
    v3l ^= v0l; v3h ^= v0h;
    // v2 += v1; v1 <<<= 17; v1 ^= v2; v2 <<<= 32
    l = (v2l + v1l) >>> 0; v2h = (v2h + v1h + (l < v2l ? 1 : 0)) >>> 0; v2l = l;
    t = (v1l << 17) | (v1h >>> 15); v1h = ((v1h << 17) | (v1l >>> 15)) >>> 0; v1l = t >>> 0;
    v1l ^= v2l; v1h ^= v2h;
    t = v2l; v2l = v2h; v2h = t;
  }
  s[0] = v0l; s[1] = v0h; s[2] = v1l; s[3] = v1h; s[4] = v2l; s[5] = v2h; s[6] = v3l; s[7] = v3h;
}

function block(lo: number, hi: number): void {
  s[6] ^= lo; s[7] ^= hi;
  rounds(2);
  s[0] ^= lo; s[1] ^= hi;
}

function finish(out: Out64): void {
  s[4] ^= 0xff;
  rounds(4);
  out[0] = (s[0] ^ s[2] ^ s[4] ^ s[6]) >>> 0;
  out[1] = (s[1] ^ s[3] ^ s[5] ^ s[7]) >>> 0;
}

/** SipHash-2-4 of a byte string (reference form, used by the tests against the paper's vectors). */
export function sipHashBytes(k: SipKey, m: Uint8Array, out: Out64): Out64 {
  init(k);
  const len = m.length;
  const end = len - (len % 8);
  for (let i = 0; i < end; i += 8) {
    block(
      (m[i] | (m[i + 1] << 8) | (m[i + 2] << 16) | (m[i + 3] << 24)) >>> 0,
      (m[i + 4] | (m[i + 5] << 8) | (m[i + 6] << 16) | (m[i + 7] << 24)) >>> 0,
    );
  }
  let lo = 0, hi = (len & 0xff) << 24;
  for (let i = end; i < len; i++) {
    const sh = (i - end) * 8;
    if (sh < 32) lo |= m[i] << sh; else hi |= m[i] << (sh - 32);
  }
  block(lo >>> 0, hi >>> 0);
  finish(out);
  return out;
}

/** SipHash-2-4 of the UTF-16LE bytes of `str`, without encoding it first; fully inlined. */
export function sipHashString(k: SipKey, str: string, out: Out64): Out64 {
  let v0l = (k[0] ^ 0x70736575) >>> 0, v0h = (k[1] ^ 0x736f6d65) >>> 0, v1l = k[2] ^ 0x6e646f6d, v1h = k[3] ^ 0x646f7261;
  let v2l = (k[0] ^ 0x6e657261) >>> 0, v2h = (k[1] ^ 0x6c796765) >>> 0, v3l = k[2] ^ 0x79746573, v3h = k[3] ^ 0x74656462;
  let t: number, l: number, mlo: number, mhi: number;
  const n = str.length;
  const end = n - (n % 4);
  for (let i = 0; i <= end; i += 4) {
    if (i < end) {
      mlo = (str.charCodeAt(i) | (str.charCodeAt(i + 1) << 16)) >>> 0;
      mhi = (str.charCodeAt(i + 2) | (str.charCodeAt(i + 3) << 16)) >>> 0;
    } else {
      // last block: the remaining 0..3 code units and the byte length in the top byte
      const rem = n - end;
      mlo = rem > 0 ? str.charCodeAt(end) : 0;
      if (rem > 1) mlo |= str.charCodeAt(end + 1) << 16;
      mhi = ((n * 2) & 0xff) << 24;
      if (rem > 2) mhi |= str.charCodeAt(end + 2);
      mlo >>>= 0; mhi >>>= 0;
    }
    v3l ^= mlo; v3h ^= mhi;
    for (let r = 0; r < 2; r++) {
    // v0 += v1; v1 <<<= 13; v1 ^= v0; v0 <<<= 32
    l = (v0l + v1l) >>> 0; v0h = (v0h + v1h + (l < v0l ? 1 : 0)) >>> 0; v0l = l;
    t = (v1l << 13) | (v1h >>> 19); v1h = ((v1h << 13) | (v1l >>> 19)) >>> 0; v1l = t >>> 0;
    v1l ^= v0l; v1h ^= v0h;
    t = v0l; v0l = v0h; v0h = t;
    // v2 += v3; v3 <<<= 16; v3 ^= v2
    l = (v2l + v3l) >>> 0; v2h = (v2h + v3h + (l < v2l ? 1 : 0)) >>> 0; v2l = l;
    t = (v3l << 16) | (v3h >>> 16); v3h = ((v3h << 16) | (v3l >>> 16)) >>> 0; v3l = t >>> 0;
    v3l ^= v2l; v3h ^= v2h;
    // v0 += v3; v3 <<<= 21; v3 ^= v0
    l = (v0l + v3l) >>> 0; v0h = (v0h + v3h + (l < v0l ? 1 : 0)) >>> 0; v0l = l;
    t = (v3l << 21) | (v3h >>> 11); v3h = ((v3h << 21) | (v3l >>> 11)) >>> 0; v3l = t >>> 0;
    v3l ^= v0l; v3h ^= v0h;
    // v2 += v1; v1 <<<= 17; v1 ^= v2; v2 <<<= 32
    l = (v2l + v1l) >>> 0; v2h = (v2h + v1h + (l < v2l ? 1 : 0)) >>> 0; v2l = l;
    t = (v1l << 17) | (v1h >>> 15); v1h = ((v1h << 17) | (v1l >>> 15)) >>> 0; v1l = t >>> 0;
    v1l ^= v2l; v1h ^= v2h;
    t = v2l; v2l = v2h; v2h = t;
  }
    v0l = (v0l ^ mlo) >>> 0; v0h = (v0h ^ mhi) >>> 0;
  }
  v2l = (v2l ^ 0xff) >>> 0;
  for (let r = 0; r < 4; r++) {
    // v0 += v1; v1 <<<= 13; v1 ^= v0; v0 <<<= 32
    l = (v0l + v1l) >>> 0; v0h = (v0h + v1h + (l < v0l ? 1 : 0)) >>> 0; v0l = l;
    t = (v1l << 13) | (v1h >>> 19); v1h = ((v1h << 13) | (v1l >>> 19)) >>> 0; v1l = t >>> 0;
    v1l ^= v0l; v1h ^= v0h;
    t = v0l; v0l = v0h; v0h = t;
    // v2 += v3; v3 <<<= 16; v3 ^= v2
    l = (v2l + v3l) >>> 0; v2h = (v2h + v3h + (l < v2l ? 1 : 0)) >>> 0; v2l = l;
    t = (v3l << 16) | (v3h >>> 16); v3h = ((v3h << 16) | (v3l >>> 16)) >>> 0; v3l = t >>> 0;
    v3l ^= v2l; v3h ^= v2h;
    // v0 += v3; v3 <<<= 21; v3 ^= v0
    l = (v0l + v3l) >>> 0; v0h = (v0h + v3h + (l < v0l ? 1 : 0)) >>> 0; v0l = l;
    t = (v3l << 21) | (v3h >>> 11); v3h = ((v3h << 21) | (v3l >>> 11)) >>> 0; v3l = t >>> 0;
    v3l ^= v0l; v3h ^= v0h;
    // v2 += v1; v1 <<<= 17; v1 ^= v2; v2 <<<= 32
    l = (v2l + v1l) >>> 0; v2h = (v2h + v1h + (l < v2l ? 1 : 0)) >>> 0; v2l = l;
    t = (v1l << 17) | (v1h >>> 15); v1h = ((v1h << 17) | (v1l >>> 15)) >>> 0; v1l = t >>> 0;
    v1l ^= v2l; v1h ^= v2h;
    t = v2l; v2l = v2h; v2h = t;
  }
  out[0] = (v0l ^ v1l ^ v2l ^ v3l) >>> 0;
  out[1] = (v0h ^ v1h ^ v2h ^ v3h) >>> 0;
  return out;
}

/**
 * SipHash-c-d of one 64-bit little-endian word (lo, hi); fully inlined, the hot path of
 * marking and tracing. c = 2, d = 4 is the paper's SipHash-2-4 (checked against its
 * vectors); the watermark uses c = 1, d = 3, the variant Rust's standard hasher uses.
 */
export function sipHash64(k: SipKey, mlo: number, mhi: number, out: Out64, c = 2, d = 4): Out64 {
  // v0 and v2 are the left operands of the carry tests below, so they must stay unsigned
  let v0l = (k[0] ^ 0x70736575) >>> 0, v0h = (k[1] ^ 0x736f6d65) >>> 0, v1l = k[2] ^ 0x6e646f6d, v1h = k[3] ^ 0x646f7261;
  let v2l = (k[0] ^ 0x6e657261) >>> 0, v2h = (k[1] ^ 0x6c796765) >>> 0, v3l = k[2] ^ 0x79746573, v3h = k[3] ^ 0x74656462;
  let t: number, l: number;
  v3l ^= mlo; v3h ^= mhi;
  for (let r = 0; r < c; r++) {
    // v0 += v1; v1 <<<= 13; v1 ^= v0; v0 <<<= 32
    l = (v0l + v1l) >>> 0; v0h = (v0h + v1h + (l < v0l ? 1 : 0)) >>> 0; v0l = l;
    t = (v1l << 13) | (v1h >>> 19); v1h = ((v1h << 13) | (v1l >>> 19)) >>> 0; v1l = t >>> 0;
    v1l ^= v0l; v1h ^= v0h;
    t = v0l; v0l = v0h; v0h = t;
    // v2 += v3; v3 <<<= 16; v3 ^= v2
    l = (v2l + v3l) >>> 0; v2h = (v2h + v3h + (l < v2l ? 1 : 0)) >>> 0; v2l = l;
    t = (v3l << 16) | (v3h >>> 16); v3h = ((v3h << 16) | (v3l >>> 16)) >>> 0; v3l = t >>> 0;
    v3l ^= v2l; v3h ^= v2h;
    // v0 += v3; v3 <<<= 21; v3 ^= v0
    l = (v0l + v3l) >>> 0; v0h = (v0h + v3h + (l < v0l ? 1 : 0)) >>> 0; v0l = l;
    t = (v3l << 21) | (v3h >>> 11); v3h = ((v3h << 21) | (v3l >>> 11)) >>> 0; v3l = t >>> 0;
    v3l ^= v0l; v3h ^= v0h;
    // v2 += v1; v1 <<<= 17; v1 ^= v2; v2 <<<= 32
    l = (v2l + v1l) >>> 0; v2h = (v2h + v1h + (l < v2l ? 1 : 0)) >>> 0; v2l = l;
    t = (v1l << 17) | (v1h >>> 15); v1h = ((v1h << 17) | (v1l >>> 15)) >>> 0; v1l = t >>> 0;
    v1l ^= v2l; v1h ^= v2h;
    t = v2l; v2l = v2h; v2h = t;
  }
  v0l = (v0l ^ mlo) >>> 0; v0h = (v0h ^ mhi) >>> 0;
  v3h ^= 8 << 24;
  for (let r = 0; r < c; r++) {
    // v0 += v1; v1 <<<= 13; v1 ^= v0; v0 <<<= 32
    l = (v0l + v1l) >>> 0; v0h = (v0h + v1h + (l < v0l ? 1 : 0)) >>> 0; v0l = l;
    t = (v1l << 13) | (v1h >>> 19); v1h = ((v1h << 13) | (v1l >>> 19)) >>> 0; v1l = t >>> 0;
    v1l ^= v0l; v1h ^= v0h;
    t = v0l; v0l = v0h; v0h = t;
    // v2 += v3; v3 <<<= 16; v3 ^= v2
    l = (v2l + v3l) >>> 0; v2h = (v2h + v3h + (l < v2l ? 1 : 0)) >>> 0; v2l = l;
    t = (v3l << 16) | (v3h >>> 16); v3h = ((v3h << 16) | (v3l >>> 16)) >>> 0; v3l = t >>> 0;
    v3l ^= v2l; v3h ^= v2h;
    // v0 += v3; v3 <<<= 21; v3 ^= v0
    l = (v0l + v3l) >>> 0; v0h = (v0h + v3h + (l < v0l ? 1 : 0)) >>> 0; v0l = l;
    t = (v3l << 21) | (v3h >>> 11); v3h = ((v3h << 21) | (v3l >>> 11)) >>> 0; v3l = t >>> 0;
    v3l ^= v0l; v3h ^= v0h;
    // v2 += v1; v1 <<<= 17; v1 ^= v2; v2 <<<= 32
    l = (v2l + v1l) >>> 0; v2h = (v2h + v1h + (l < v2l ? 1 : 0)) >>> 0; v2l = l;
    t = (v1l << 17) | (v1h >>> 15); v1h = ((v1h << 17) | (v1l >>> 15)) >>> 0; v1l = t >>> 0;
    v1l ^= v2l; v1h ^= v2h;
    t = v2l; v2l = v2h; v2h = t;
  }
  v0h = (v0h ^ (8 << 24)) >>> 0;
  v2l = (v2l ^ 0xff) >>> 0;
  for (let r = 0; r < d; r++) {
    // v0 += v1; v1 <<<= 13; v1 ^= v0; v0 <<<= 32
    l = (v0l + v1l) >>> 0; v0h = (v0h + v1h + (l < v0l ? 1 : 0)) >>> 0; v0l = l;
    t = (v1l << 13) | (v1h >>> 19); v1h = ((v1h << 13) | (v1l >>> 19)) >>> 0; v1l = t >>> 0;
    v1l ^= v0l; v1h ^= v0h;
    t = v0l; v0l = v0h; v0h = t;
    // v2 += v3; v3 <<<= 16; v3 ^= v2
    l = (v2l + v3l) >>> 0; v2h = (v2h + v3h + (l < v2l ? 1 : 0)) >>> 0; v2l = l;
    t = (v3l << 16) | (v3h >>> 16); v3h = ((v3h << 16) | (v3l >>> 16)) >>> 0; v3l = t >>> 0;
    v3l ^= v2l; v3h ^= v2h;
    // v0 += v3; v3 <<<= 21; v3 ^= v0
    l = (v0l + v3l) >>> 0; v0h = (v0h + v3h + (l < v0l ? 1 : 0)) >>> 0; v0l = l;
    t = (v3l << 21) | (v3h >>> 11); v3h = ((v3h << 21) | (v3l >>> 11)) >>> 0; v3l = t >>> 0;
    v3l ^= v0l; v3h ^= v0h;
    // v2 += v1; v1 <<<= 17; v1 ^= v2; v2 <<<= 32
    l = (v2l + v1l) >>> 0; v2h = (v2h + v1h + (l < v2l ? 1 : 0)) >>> 0; v2l = l;
    t = (v1l << 17) | (v1h >>> 15); v1h = ((v1h << 17) | (v1l >>> 15)) >>> 0; v1l = t >>> 0;
    v1l ^= v2l; v1h ^= v2h;
    t = v2l; v2l = v2h; v2h = t;
  }
  out[0] = (v0l ^ v1l ^ v2l ^ v3l) >>> 0;
  out[1] = (v0h ^ v1h ^ v2h ^ v3h) >>> 0;
  return out;
}

function murmur32(str: string, seed: number): number {
  let h = seed >>> 0;
  const n = str.length;
  const end = n & ~1;
  for (let i = 0; i < end; i += 2) {
    let k = (str.charCodeAt(i) | (str.charCodeAt(i + 1) << 16)) >>> 0;
    k = Math.imul(k, 0xcc9e2d51); k = (k << 15) | (k >>> 17); k = Math.imul(k, 0x1b873593);
    h ^= k; h = (h << 13) | (h >>> 19); h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  if (n & 1) {
    let k = str.charCodeAt(end);
    k = Math.imul(k, 0xcc9e2d51); k = (k << 15) | (k >>> 17); k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= n * 2;
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return h >>> 0;
}

/**
 * 64-bit digest of a carrier key: two MurmurHash3 (x86_32) passes with independent seeds.
 * It need not be secret (the export key does the keying, in sipHash64); it only has to
 * give distinct keys distinct digests, and an accidental collision among 10^6 keys has
 * probability ~3·10^-8. Detection deduplicates by digest, so even a collision only
 * merges two carriers and never counts one bit twice.
 */
export function cellDigest(seeds: Uint32Array, str: string, out: Out64): Out64 {
  out[0] = murmur32(str, seeds[0]);
  out[1] = murmur32(str, seeds[1]);
  return out;
}
