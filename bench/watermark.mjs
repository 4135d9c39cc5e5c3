// Watermark bench: marking cost against a plain papaparse parse-and-write of the same
// 1,000,000-row CSV (same run, alternating, best of 2 each), tracing a 50-row fragment
// against 10,000 candidate exports, and the false-positive rate on unmarked fragments.
// Prints one JSON line. ROWS=… and FP_FRAGMENTS=… override the sizes.
import { register } from 'tsx/esm/api';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import Papa from 'papaparse';

register();
const { createCsvMarker, detectTable, observeRows, scoreObservation } = await import('../watermark/index.ts');
const { holderTable, holderRow, rng, HOLDER_HEADER } = await import('../test/watermark/holders.ts');

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const FP_FRAGMENTS = Number(process.env.FP_FRAGMENTS ?? 1000);
const FP_CANDIDATES = 1000;
const KEY = 'bench-watermark-key-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'fundgov-wm-bench-'));
const src = join(dir, 'holders.csv');

// the 1M-row file, written in batches
{
  const out = createWriteStream(src);
  const r = rng(424242);
  out.write(Papa.unparse([HOLDER_HEADER]) + '\r\n');
  for (let done = 0; done < ROWS;) {
    const batch = [];
    for (let i = 0; i < 10_000 && done < ROWS; i++, done++) batch.push(holderRow(r));
    if (!out.write(Papa.unparse(batch) + '\r\n')) await new Promise((res) => out.once('drain', res));
  }
  await new Promise((res) => out.end(res));
}

async function plainPapaparse() {
  const out = createWriteStream(join(dir, 'plain.csv'));
  const t0 = performance.now();
  await new Promise((resolve, reject) => {
    Papa.parse(createReadStream(src, { highWaterMark: 1 << 20 }), {
      skipEmptyLines: true,
      chunk(results, parser) {
        const text = Papa.unparse(results.data) + '\r\n';
        if (!out.write(text)) { parser.pause(); out.once('drain', () => parser.resume()); }
      },
      complete: resolve,
      error: reject,
    });
  });
  await new Promise((res) => out.end(res));
  return performance.now() - t0;
}

async function marking() {
  const t0 = performance.now();
  await pipeline(createReadStream(src, { highWaterMark: 1 << 20 }), createCsvMarker({ key: KEY, exportId: 'EXP-BENCH-1' }), createWriteStream(join(dir, 'marked.csv')));
  return performance.now() - t0;
}

const base = [], mark = [];
for (let i = 0; i < 2; i++) {
  base.push(await plainPapaparse());
  mark.push(await marking());
}
const baseMs = Math.min(...base), markMs = Math.min(...mark);

// tracing: a 50-row fragment of export #7,777 among 10,000 candidates
const candidates = Array.from({ length: 10_000 }, (_, i) => `EXP-${String(i).padStart(6, '0')}`);
const leaker = candidates[7777];
const table = holderTable(2000, 99);
const { Readable } = await import('node:stream');
const { buffer } = await import('node:stream/consumers');
const markedSmall = (await buffer(Readable.from([Buffer.from(Papa.unparse(table))]).pipe(createCsvMarker({ key: KEY, exportId: leaker })))).toString();
const markedRows = Papa.parse(markedSmall, { skipEmptyLines: true }).data.slice(1);
const fragment = Papa.unparse(markedRows.filter((_, i) => i % 40 === 3).slice(0, 50));
const traceTimes = [];
let trace;
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  trace = await detectTable(fragment, candidates, KEY);
  traceTimes.push(performance.now() - t0);
}
traceTimes.sort((a, b) => a - b);

// false positives: unmarked 50-row fragments, each scored against 1,000 candidates
const fpCandidates = candidates.slice(0, FP_CANDIDATES);
let fpMatches = 0, below01 = 0, tests = 0, minLog10P = 0;
for (let f = 0; f < FP_FRAGMENTS; f++) {
  const rows = holderTable(50, 5_000_000 + f).slice(1);
  const res = scoreObservation(observeRows(rows, KEY), fpCandidates, KEY, { rowStatsFor: 1 });
  if (res.match) fpMatches++;
  for (const s of res.scores) {
    tests++;
    if (s.log10P < -2) below01++;
    if (s.log10P < minLog10P) minLog10P = s.log10P;
  }
}
rmSync(dir, { recursive: true, force: true });

console.log(JSON.stringify({
  rows: ROWS,
  embedMs: Math.round(markMs),
  papaparseParseWriteMs: Math.round(baseMs),
  embedVsPapaparse: Number((markMs / baseMs).toFixed(3)),
  embedTarget: 1.5,
  traceFragmentRows: 50,
  traceCandidates: candidates.length,
  traceMs: Math.round(traceTimes[1]),
  traceTargetMs: 2000,
  traceMatched: trace.match && trace.exportId === leaker,
  traceFalsePositiveProbability: trace.best.falsePositiveProbability,
  traceCarrierBits: trace.best.carrierBits,
  fpFragments: FP_FRAGMENTS,
  fpCandidatesEach: FP_CANDIDATES,
  fpMatches,
  fpRate: fpMatches / FP_FRAGMENTS,
  nullRateP_below_0_01: Number((below01 / tests).toFixed(5)),
  nullMinLog10P: Number(minLog10P.toFixed(2)),
}));
