// Image watermarks: a blind, spread-spectrum mark in the luminance of a periodic tile
// (after Kutter, Jordan & Bossen 1998 "Digital signature of colour images using amplitude
// modulation" and Kutter 1999 "Watermarking resisting to translation, rotation and
// scaling"; Cox et al. 1997 for spread spectrum). The tile is TILE × TILE pixels made of
// CHIP × CHIP chips, each ±1 from a keyed sequence: a quarter of the chips form a fixed
// synchronisation pattern, the rest spread the 64-bit payload of the export (3 chips per
// bit per tile, repeated over every tile of the image). Detection folds the suspect's
// high-passed luminance onto one tile (which undoes cropping up to a cyclic shift),
// finds the shift by correlating with the sync pattern, reads the 64 payload bits, and
// tries a small set of scale factors (1, 2, 1.5, …) to undo resizing.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { WatermarkError } from './errors.ts';
import { exportIdError, imagePayload, imageSeed, keyBytes, type KeyInput } from './keys.ts';
import { log10Corrected, logBinomialTail } from './stats.ts';

export const TILE = 64;
export const CHIP = 4;
const CHIPS_PER_SIDE = TILE / CHIP;
const CHIPS = CHIPS_PER_SIDE * CHIPS_PER_SIDE;
const SYNC_CHIPS = CHIPS / 4;
export const PAYLOAD_BITS = 64;
/** Scale factors tried at detection (the inverse of common resizes: 50 %, 75 %, 80 %, 150 % …). */
export const DETECTION_SCALES = [1, 2, 4 / 3, 1.25, 1.5, 0.8, 0.75, 0.5];
const DEFAULT_STRENGTH = 3;
const MIN_SIDE = 2 * TILE;

interface Layout {
  /** per pixel of the tile: chip sign (±1) */
  sign: Int8Array;
  /** per pixel of the tile: -1 for sync, else payload bit index */
  role: Int16Array;
}

const layouts = new Map<string, Layout>();

function layoutFor(key: KeyInput): Layout {
  const seed = imageSeed(key);
  const id = seed.toString('hex');
  const cached = layouts.get(id);
  if (cached) return cached;
  // keyed stream: SHA-256(seed || counter)
  let pool = Buffer.alloc(0);
  let counter = 0;
  const next32 = () => {
    if (pool.length < 4) {
      const c = Buffer.alloc(4);
      c.writeUInt32LE(counter++);
      pool = Buffer.concat([pool, createHash('sha256').update(seed).update(c).digest()]);
    }
    const v = pool.readUInt32LE(0);
    pool = pool.subarray(4);
    return v;
  };
  const order = Array.from({ length: CHIPS }, (_, i) => i);
  for (let i = CHIPS - 1; i > 0; i--) {
    const j = next32() % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const chipRole = new Int16Array(CHIPS);
  const chipSign = new Int8Array(CHIPS);
  for (let r = 0; r < CHIPS; r++) {
    const chip = order[r];
    chipRole[chip] = r < SYNC_CHIPS ? -1 : (r - SYNC_CHIPS) % PAYLOAD_BITS;
    chipSign[chip] = next32() & 1 ? 1 : -1;
  }
  const sign = new Int8Array(TILE * TILE);
  const role = new Int16Array(TILE * TILE);
  for (let y = 0; y < TILE; y++) {
    for (let x = 0; x < TILE; x++) {
      const chip = Math.floor(y / CHIP) * CHIPS_PER_SIDE + Math.floor(x / CHIP);
      sign[y * TILE + x] = chipSign[chip];
      role[y * TILE + x] = chipRole[chip];
    }
  }
  const layout = { sign, role };
  layouts.set(id, layout);
  return layout;
}

function payloadSigns(key: KeyInput, exportId: string): Int8Array {
  const p = imagePayload(key, exportId);
  const out = new Int8Array(PAYLOAD_BITS);
  for (let b = 0; b < PAYLOAD_BITS; b++) out[b] = (p[b >> 3] >> (b & 7)) & 1 ? 1 : -1;
  return out;
}

async function decodeImage(input: Buffer | Uint8Array, what: string) {
  if (!input || input.length === 0) throw new WatermarkError('EMPTY', `${what} is empty; pass a PNG, JPEG, WebP, TIFF or GIF image`);
  try {
    const img = sharp(Buffer.from(input), { failOn: 'error' });
    const meta = await img.metadata();
    const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
    return { data, info, format: meta.format ?? 'png' };
  } catch (err) {
    throw new WatermarkError('IMAGE', `${what} is not an image sharp can read (${(err as Error).message}); pass a PNG, JPEG, WebP, TIFF or GIF file`);
  }
}

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'tiff';

export interface EmbedImageOptions {
  key: KeyInput;
  exportId: string;
  /** output format; default: the input's (PNG when sharp cannot write it) */
  format?: ImageFormat;
  /** JPEG/WebP quality of the output; default 92 */
  quality?: number;
  /** luminance amplitude in grey levels; default 3 (PSNR ≈ 38.6 dB) */
  strength?: number;
}

export interface EmbedImageResult {
  data: Buffer;
  format: ImageFormat;
  width: number;
  height: number;
  /** PSNR of the marked pixels against the original, before any lossy output encoding */
  psnr: number;
}

export async function embedImage(input: Buffer | Uint8Array, opts: EmbedImageOptions): Promise<EmbedImageResult> {
  keyBytes(opts.key);
  const idErr = exportIdError(opts.exportId);
  if (idErr) throw new WatermarkError('OPTIONS', idErr);
  const { data, info, format } = await decodeImage(input, 'the image');
  const { width, height, channels } = info;
  if (width < MIN_SIDE || height < MIN_SIDE) {
    throw new WatermarkError('IMAGE', `the image is ${width}×${height}; an image mark needs at least ${MIN_SIDE}×${MIN_SIDE} pixels`);
  }
  const { sign, role } = layoutFor(opts.key);
  const bits = payloadSigns(opts.key, opts.exportId);
  const a = opts.strength ?? DEFAULT_STRENGTH;
  const colour = Math.min(channels, 3) === 3 ? 3 : 1;
  const out = Buffer.from(data);
  let se = 0;
  for (let y = 0; y < height; y++) {
    const ty = (y % TILE) * TILE;
    for (let x = 0; x < width; x++) {
      const t = ty + (x % TILE);
      const r = role[t];
      const d = Math.round(a * sign[t] * (r < 0 ? 1 : bits[r]));
      const base = (y * width + x) * channels;
      for (let c = 0; c < colour; c++) {
        const v = data[base + c] + d;
        const clamped = v < 0 ? 0 : v > 255 ? 255 : v;
        out[base + c] = clamped;
        const e = clamped - data[base + c];
        se += e * e;
      }
    }
  }
  const mse = se / (width * height * colour);
  const psnr = mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
  const fmt: ImageFormat = opts.format ?? (['png', 'jpeg', 'webp', 'tiff'].includes(format) ? (format as ImageFormat) : 'png');
  const quality = opts.quality ?? 92;
  let pipeline = sharp(out, { raw: { width, height, channels } });
  pipeline = fmt === 'jpeg' ? pipeline.jpeg({ quality }) : fmt === 'webp' ? pipeline.webp({ quality }) : fmt === 'tiff' ? pipeline.tiff() : pipeline.png();
  return { data: await pipeline.toBuffer(), format: fmt, width, height, psnr };
}

/** PSNR (dB) between two images of the same size, over their colour channels. */
export async function imagePsnr(a: Buffer, b: Buffer): Promise<number> {
  const A = await sharp(a).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const B = await sharp(b).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (A.info.width !== B.info.width || A.info.height !== B.info.height || A.info.channels !== B.info.channels) {
    throw new WatermarkError('IMAGE', 'PSNR needs two images of the same size');
  }
  let se = 0;
  for (let i = 0; i < A.data.length; i++) { const d = A.data[i] - B.data[i]; se += d * d; }
  const mse = se / A.data.length;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/** High-pass: luminance minus its 9×9 box mean, clipped so strong edges do not dominate. */
function residual(y: Float32Array, w: number, h: number): Float32Array {
  const R = 4;
  const integ = new Float64Array((w + 1) * (h + 1));
  for (let j = 0; j < h; j++) {
    let row = 0;
    for (let i = 0; i < w; i++) {
      row += y[j * w + i];
      integ[(j + 1) * (w + 1) + i + 1] = integ[j * (w + 1) + i + 1] + row;
    }
  }
  const out = new Float32Array(w * h);
  for (let j = 0; j < h; j++) {
    const y0 = Math.max(0, j - R), y1 = Math.min(h, j + R + 1);
    for (let i = 0; i < w; i++) {
      const x0 = Math.max(0, i - R), x1 = Math.min(w, i + R + 1);
      const sum = integ[y1 * (w + 1) + x1] - integ[y0 * (w + 1) + x1] - integ[y1 * (w + 1) + x0] + integ[y0 * (w + 1) + x0];
      const d = y[j * w + i] - sum / ((y1 - y0) * (x1 - x0));
      out[j * w + i] = d > 12 ? 12 : d < -12 ? -12 : d;
    }
  }
  return out;
}

interface Reading {
  scale: number;
  offset: [number, number];
  syncScore: number;
  /** soft payload values; sign is the bit */
  soft: Float64Array;
}

function readAtScale(yPlane: Float32Array, w: number, h: number, scale: number, layout: Layout): Reading {
  const res = residual(yPlane, w, h);
  const fold = new Float64Array(TILE * TILE);
  for (let j = 0; j < h; j++) {
    const ty = (j % TILE) * TILE;
    for (let i = 0; i < w; i++) fold[ty + (i % TILE)] += res[j * w + i];
  }
  // sync pixels of the tile
  const syncIdx: number[] = [];
  for (let t = 0; t < TILE * TILE; t++) if (layout.role[t] < 0) syncIdx.push(t);
  let best = -Infinity, bdx = 0, bdy = 0;
  const corr = new Float64Array(TILE * TILE);
  let sum = 0, sum2 = 0;
  for (let dy = 0; dy < TILE; dy++) {
    for (let dx = 0; dx < TILE; dx++) {
      let c = 0;
      for (const t of syncIdx) {
        const u = t % TILE, v = (t - u) / TILE;
        c += layout.sign[t] * fold[((v + dy) % TILE) * TILE + ((u + dx) % TILE)];
      }
      corr[dy * TILE + dx] = c;
      sum += c; sum2 += c * c;
      if (c > best) { best = c; bdx = dx; bdy = dy; }
    }
  }
  const n = TILE * TILE;
  const sd = Math.sqrt(Math.max(sum2 / n - (sum / n) ** 2, 1e-12));
  const soft = new Float64Array(PAYLOAD_BITS);
  for (let t = 0; t < TILE * TILE; t++) {
    const r = layout.role[t];
    if (r < 0) continue;
    const u = t % TILE, v = (t - u) / TILE;
    soft[r] += layout.sign[t] * fold[((v + bdy) % TILE) * TILE + ((u + bdx) % TILE)];
  }
  return { scale, offset: [bdx, bdy], syncScore: (best - sum / n) / sd, soft };
}

export interface ImageCandidateScore {
  exportId: string;
  agreeingBits: number;
  log10CorrectedP: number;
  falsePositiveProbability: number;
}

export interface ImageDetection {
  match: boolean;
  exportId: string | null;
  best: ImageCandidateScore | null;
  scores: ImageCandidateScore[];
  /** the reading the best score came from */
  scale: number;
  offset: [number, number];
  syncScore: number;
  payloadBits: number;
  threshold: number;
}

export interface DetectImageOptions {
  key: KeyInput;
  candidates: readonly string[];
  scales?: readonly number[];
}

export async function detectImage(input: Buffer | Uint8Array, opts: DetectImageOptions): Promise<ImageDetection> {
  keyBytes(opts.key);
  const cands = opts.candidates;
  if (!Array.isArray(cands) || cands.length === 0) throw new WatermarkError('CANDIDATES', 'the candidate list is empty; give at least one export id');
  if (new Set(cands).size !== cands.length) throw new WatermarkError('CANDIDATES', 'the candidate list has duplicate export ids; list each export once');
  for (const c of cands) { const e = exportIdError(c); if (e) throw new WatermarkError('CANDIDATES', e); }
  const { info } = await decodeImage(input, 'the image');
  const layout = layoutFor(opts.key);
  const scales = opts.scales ?? DETECTION_SCALES;
  const payloads = cands.map((c) => payloadSigns(opts.key, c));
  const tests = scales.length * cands.length;
  let bestOverall: { reading: Reading; scores: ImageCandidateScore[] } | null = null;
  for (const scale of scales) {
    const w = Math.round(info.width * scale), h = Math.round(info.height * scale);
    if (w < TILE || h < TILE) continue;
    const { data } = await sharp(Buffer.from(input)).greyscale().resize(w, h, { kernel: scale === 1 ? 'nearest' : 'cubic', fit: 'fill' })
      .raw().toBuffer({ resolveWithObject: true });
    const plane = new Float32Array(w * h);
    for (let i = 0; i < w * h; i++) plane[i] = data[i];
    const reading = readAtScale(plane, w, h, scale, layout);
    const scores = cands.map((exportId, ci) => {
      let k = 0;
      for (let b = 0; b < PAYLOAD_BITS; b++) if ((reading.soft[b] > 0 ? 1 : -1) === payloads[ci][b]) k++;
      const l10 = log10Corrected(logBinomialTail(PAYLOAD_BITS, k), tests);
      return { exportId, agreeingBits: k, log10CorrectedP: l10, falsePositiveProbability: Math.pow(10, l10) };
    }).sort((x, y) => x.log10CorrectedP - y.log10CorrectedP);
    if (!bestOverall || scores[0].log10CorrectedP < bestOverall.scores[0].log10CorrectedP) bestOverall = { reading, scores };
  }
  if (!bestOverall) throw new WatermarkError('IMAGE', `the image is ${info.width}×${info.height}; too small to carry a mark`);
  const best = bestOverall.scores[0];
  const match = best.log10CorrectedP < -9;
  return {
    match, exportId: match ? best.exportId : null, best, scores: bestOverall.scores,
    scale: bestOverall.reading.scale, offset: bestOverall.reading.offset, syncScore: bestOverall.reading.syncScore,
    payloadBits: PAYLOAD_BITS, threshold: 1e-9,
  };
}
