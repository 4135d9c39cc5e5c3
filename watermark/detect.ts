// Detection and leak tracing for tables. A suspect file (or fragment, or pasted rows) is
// read into cells; every cell that has a carrier contributes its observed bits once per
// distinct normalised content; each candidate export is scored by how many of those bits
// agree with the bits it would have written, against the exact null Binomial(n, 1/2).
import ExcelJS from 'exceljs';
import { newScan, scanCell } from './carriers.ts';
import { WatermarkError } from './errors.ts';
import { decodeBuffer, isZip, textToRows } from './input.ts';
import { cellSeeds, exportIdError, exportKey, type KeyInput } from './keys.ts';
import { cellDigest, sipHash13 } from './siphash.ts';
import { log10Corrected, logBinomialTail, popcount } from './stats.ts';

/** A match needs P(agreement this good by chance) · (number of candidates) below this. */
export const MATCH_THRESHOLD = 1e-9;

export type TableCandidate = string | { exportId: string; numericLsb?: boolean };

export interface CandidateScore {
  exportId: string;
  /** distinct carrier bits considered and how many show this export's bits */
  carrierBits: number;
  agreeingBits: number;
  /** rows with at least one carrier, and rows where most carrier bits agree */
  rows?: number;
  agreeingRows?: number;
  /** P(an unmarked or differently marked file agrees at least this well), uncorrected */
  log10P: number;
  /** Bonferroni-corrected for the number of candidates: min(1, P · candidates) */
  log10CorrectedP: number;
  falsePositiveProbability: number;
}

export interface TableDetection {
  match: boolean;
  exportId: string | null;
  best: CandidateScore | null;
  /** every candidate, best first */
  scores: CandidateScore[];
  candidates: number;
  threshold: number;
  rowsRead: number;
  carrierCells: number;
}

export interface TableObservation {
  rowsRead: number;
  carrierCells: number;
  /** per distinct carrier: digest, majority bits, mask of decided positions, LSB flag */
  digestLo: Uint32Array;
  digestHi: Uint32Array;
  bits: Int32Array;
  mask: Int32Array;
  lsb: Uint8Array;
  /** rows each distinct carrier occurs in */
  rowsOf: number[][];
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return cellText(o.text);
    if (o.result !== undefined) return cellText(o.result);
  }
  return '';
}

/** Reads any supported table input into rows of cell texts. */
export async function readTableRows(input: Buffer | Uint8Array | string, what = 'the input'): Promise<string[][]> {
  if (typeof input === 'string') {
    if (input.trim() === '') throw new WatermarkError('EMPTY', `${what} is empty; paste rows or pass a CSV or XLSX file`);
    return textToRows(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
  }
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (buf.length === 0) throw new WatermarkError('EMPTY', `${what} is empty; pass a CSV, XLSX or pasted text rows`);
  if (isZip(buf)) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
    } catch (err) {
      throw new WatermarkError('INPUT', `${what} is a zip file but not a readable XLSX workbook (${(err as Error).message})`);
    }
    const rows: string[][] = [];
    wb.eachSheet((ws) => {
      ws.eachRow({ includeEmpty: false }, (row) => {
        const values = row.values as unknown[];
        const out: string[] = [];
        for (let i = 1; i < values.length; i++) out.push(cellText(values[i]));
        rows.push(out);
      });
    });
    if (rows.length === 0) throw new WatermarkError('EMPTY', `${what} is a workbook without any rows`);
    return rows;
  }
  const { text } = decodeBuffer(buf, what);
  if (text.trim() === '') throw new WatermarkError('EMPTY', `${what} has no text; pass a CSV, XLSX or pasted text rows`);
  return textToRows(text);
}

/** Collects the carriers of a table once; score it against any number of candidates. */
export function observeRows(rows: readonly (readonly string[])[], key: KeyInput): TableObservation {
  const seeds = cellSeeds(key);
  const scan = newScan();
  const index = new Map<string, number>();
  const ones: number[][] = [];
  const seen: number[] = [];
  const rowsOf: number[][] = [];
  const isLsb: number[] = [];
  let carrierCells = 0;
  const add = (k: string, n: number, bits: number, row: number, lsbFlag: number) => {
    let id = index.get(k);
    if (id === undefined) {
      id = ones.length;
      index.set(k, id);
      ones.push(new Array(n).fill(0));
      seen.push(0);
      rowsOf.push([]);
      isLsb.push(lsbFlag);
    }
    const counts = ones[id];
    for (let p = 0; p < n; p++) counts[p] += (bits >>> p) & 1;
    seen[id]++;
    const rs = rowsOf[id];
    if (rs[rs.length - 1] !== row) rs.push(row);
  };
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v !== 'string' || v.length < 2 || !scanCell(v, true, scan)) continue;
      carrierCells++;
      if (scan.key) add(scan.key, scan.n, scan.bits, r, 0);
      if (scan.lsbKey) add(scan.lsbKey, 1, scan.lsbBit, r, 1);
    }
  }
  // one entry per distinct digest (a digest collision merges, never double-counts)
  const digest = new Uint32Array(2);
  const byDigest = new Set<string>();
  const keep: number[] = [];
  const dLo: number[] = [], dHi: number[] = [];
  for (const [k, id] of index) {
    cellDigest(seeds, k, digest);
    const dk = digest[0] + ':' + digest[1];
    if (byDigest.has(dk)) continue;
    byDigest.add(dk);
    keep.push(id);
    dLo.push(digest[0]); dHi.push(digest[1]);
  }
  const m = keep.length;
  const obs: TableObservation = {
    rowsRead: rows.length, carrierCells,
    digestLo: Uint32Array.from(dLo), digestHi: Uint32Array.from(dHi),
    bits: new Int32Array(m), mask: new Int32Array(m), lsb: new Uint8Array(m), rowsOf: [],
  };
  for (let j = 0; j < m; j++) {
    const id = keep[j];
    let bits = 0, mask = 0;
    const counts = ones[id];
    for (let p = 0; p < counts.length; p++) {
      const twice = 2 * counts[p];
      if (twice === seen[id]) continue; // a tie decides nothing
      mask |= 1 << p;
      if (twice > seen[id]) bits |= 1 << p;
    }
    obs.bits[j] = bits; obs.mask[j] = mask; obs.lsb[j] = isLsb[id];
    obs.rowsOf.push(rowsOf[id]);
  }
  return obs;
}

function normaliseCandidates(candidates: readonly TableCandidate[]): Array<{ exportId: string; numericLsb: boolean }> {
  if (!Array.isArray(candidates) || candidates.length === 0) {
    throw new WatermarkError('CANDIDATES', 'the candidate list is empty; give at least one export id');
  }
  const seen = new Set<string>();
  return candidates.map((c, i) => {
    const exportId = typeof c === 'string' ? c : c?.exportId;
    const err = exportIdError(exportId);
    if (err) throw new WatermarkError('CANDIDATES', `candidate ${i + 1}: ${err}`);
    if (seen.has(exportId)) throw new WatermarkError('CANDIDATES', `candidate export id "${exportId}" is listed twice; list each export once`);
    seen.add(exportId);
    return { exportId, numericLsb: typeof c === 'object' && c.numericLsb === true };
  });
}

export interface ScoreOptions {
  /** count the LSB carriers for every candidate (else only for candidates that say so) */
  numericLsb?: boolean;
  /** how many candidates get row statistics (best first); default 10 */
  rowStatsFor?: number;
}

export function scoreObservation(obs: TableObservation, candidates: readonly TableCandidate[], key: KeyInput, opts: ScoreOptions = {}): TableDetection {
  const list = normaliseCandidates(candidates);
  const m = list.length;
  const out = new Uint32Array(2);
  const count = obs.bits.length;
  const scores: CandidateScore[] = [];
  const keys = list.map((c) => exportKey(key, c.exportId));
  for (let ci = 0; ci < m; ci++) {
    const ke = keys[ci];
    const useLsb = opts.numericLsb === true || list[ci].numericLsb;
    let n = 0, k = 0;
    for (let j = 0; j < count; j++) {
      if (obs.lsb[j] && !useLsb) continue;
      sipHash13(ke, obs.digestLo[j], obs.digestHi[j], out);
      const mask = obs.mask[j];
      n += popcount(mask);
      k += popcount(~(out[0] ^ obs.bits[j]) & mask);
    }
    const lnP = logBinomialTail(n, k);
    const log10C = log10Corrected(lnP, m);
    scores.push({
      exportId: list[ci].exportId, carrierBits: n, agreeingBits: k,
      log10P: lnP / Math.LN10, log10CorrectedP: log10C, falsePositiveProbability: Math.pow(10, log10C),
    });
  }
  const order = scores.map((_, i) => i).sort((a, b) => scores[a].log10P - scores[b].log10P || scores[b].agreeingBits - scores[a].agreeingBits);
  const rowStats = Math.min(opts.rowStatsFor ?? 10, m);
  for (let r = 0; r < rowStats; r++) {
    const ci = order[r];
    const useLsb = opts.numericLsb === true || list[ci].numericLsb;
    const balance = new Map<number, number>();
    for (let j = 0; j < count; j++) {
      if (obs.lsb[j] && !useLsb) continue;
      sipHash13(keys[ci], obs.digestLo[j], obs.digestHi[j], out);
      const mask = obs.mask[j];
      const agree = popcount(~(out[0] ^ obs.bits[j]) & mask);
      const delta = 2 * agree - popcount(mask);
      for (const row of obs.rowsOf[j]) balance.set(row, (balance.get(row) ?? 0) + delta);
    }
    let agreeing = 0;
    for (const v of balance.values()) if (v > 0) agreeing++;
    scores[ci].rows = balance.size;
    scores[ci].agreeingRows = agreeing;
  }
  const sorted = order.map((i) => scores[i]);
  const best = sorted[0] ?? null;
  const match = best !== null && best.log10CorrectedP < Math.log10(MATCH_THRESHOLD);
  return {
    match, exportId: match ? best.exportId : null, best, scores: sorted, candidates: m,
    threshold: MATCH_THRESHOLD, rowsRead: obs.rowsRead, carrierCells: obs.carrierCells,
  };
}

/** Traces a table file, fragment or pasted rows to the candidate export that marked it. */
export async function detectTable(
  input: Buffer | Uint8Array | string, candidates: readonly TableCandidate[], key: KeyInput, opts: ScoreOptions = {},
): Promise<TableDetection> {
  normaliseCandidates(candidates);
  const rows = await readTableRows(input);
  return scoreObservation(observeRows(rows, key), candidates, key, opts);
}
