// `fundgov watermark embed|detect|embed-image|detect-image`: offline table and image marks,
// keyed by FUNDGOV_WATERMARK_KEY. Output files appear only when the whole job succeeded.
import type { Command } from 'commander';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import {
  createCsvMarker, createCsvRewriter, createXlsxRowWriter, detectImage, detectTable, embedImage, keyBytes, markXlsxStream, WatermarkError, type ImageFormat,
} from '../../../watermark/index.ts';

function watermarkKey(): Buffer {
  const raw = process.env.FUNDGOV_WATERMARK_KEY;
  if (raw === undefined || raw === '') {
    throw new WatermarkError('KEY', 'FUNDGOV_WATERMARK_KEY is not set; export the watermark key (at least 16 bytes) the service uses');
  }
  return keyBytes(raw);
}

function readInput(path: string): Buffer {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new WatermarkError('INPUT', `cannot read ${path}: no such file`);
  }
  if (!st.isFile()) throw new WatermarkError('INPUT', `cannot read ${path}: not a regular file`);
  try {
    const buf = readFileSync(path);
    if (buf.length === 0) throw new WatermarkError('EMPTY', `${path} is empty`);
    return buf;
  } catch (err) {
    if (err instanceof WatermarkError) throw err;
    throw new WatermarkError('INPUT', `cannot read ${path}: ${(err as Error).message}`);
  }
}

function readCandidates(path: string): string[] {
  const lines = readInput(path).toString('utf8').replace(/^\ufeff/, '').split(/\r?\n/)
    .map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0) throw new WatermarkError('CANDIDATES', `${path} lists no export ids; put one export id per line`);
  const seen = new Set<string>();
  for (const id of lines) {
    if (seen.has(id)) throw new WatermarkError('CANDIDATES', `${path} lists export id "${id}" twice; list each export once`);
    seen.add(id);
  }
  return lines;
}

/** Writes through a temporary file renamed into place on success, so a failure leaves nothing. */
async function writeAtomically(out: string, work: (stream: Writable) => Promise<void>): Promise<void> {
  const target = resolve(out);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
  const stream = createWriteStream(tmp);
  try {
    await work(stream);
    renameSync(tmp, target);
  } catch (err) {
    stream.destroy();
    rmSync(tmp, { force: true });
    throw err;
  }
}

function isXlsx(path: string): boolean {
  return extname(path).toLowerCase() === '.xlsx';
}

function registryPath(): string {
  return join(resolve(process.env.FUNDGOV_DATA_DIR || './data'), 'watermark-images.json');
}

function readRegistry(): string[] {
  const p = registryPath();
  if (!existsSync(p)) return [];
  try {
    const parsed = JSON.parse(readFileSync(p, 'utf8')) as { exportIds?: unknown };
    return Array.isArray(parsed.exportIds) ? parsed.exportIds.filter((x): x is string => typeof x === 'string') : [];
  } catch (err) {
    throw new WatermarkError('INPUT', `the image registry ${p} is not valid JSON (${(err as Error).message}); restore or delete it`);
  }
}

function addToRegistry(exportId: string): void {
  const ids = readRegistry();
  if (ids.includes(exportId)) return;
  const p = registryPath();
  mkdirSync(dirname(p), { recursive: true });
  const tmp = `${p}.${process.pid}.partial`;
  writeFileSync(tmp, JSON.stringify({ version: 1, exportIds: [...ids, exportId] }, null, 2) + '\n');
  renameSync(tmp, p);
}

const FORMATS: Record<string, ImageFormat> = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg', '.webp': 'webp', '.tif': 'tiff', '.tiff': 'tiff' };

function fmtP(p: number, log10: number): string {
  return p > 0 ? p.toExponential(2) : `1e${log10.toFixed(0)}`;
}

export function register(program: Command): void {
  const wm = program.command('watermark').description('invisible watermarks on exported tables (CSV, XLSX) and images; needs FUNDGOV_WATERMARK_KEY');

  wm.command('embed <IN>')
    .description('mark a CSV (UTF-8, UTF-8 BOM, GBK; any delimiter) or XLSX for one export; CSV goes to stdout unless -o')
    .requiredOption('--export-id <ID>', 'the export this copy belongs to')
    .option('-o, --output <OUT>', 'write here (XLSX when the name ends in .xlsx)')
    .option('--numeric-lsb', 'also mark decimal values in their last digit (±1 unit of the last place); only where policy allows')
    .action(async (input: string, opts: { exportId: string; output?: string; numericLsb?: boolean }) => {
      const key = watermarkKey();
      const source = resolve(input);
      readInput(source).subarray(0, 0); // clear error now for a missing, unreadable or empty file
      const markOpts = { key, exportId: opts.exportId, numericLsb: opts.numericLsb === true };
      if (isXlsx(source) || (opts.output && isXlsx(opts.output))) {
        if (!opts.output || !isXlsx(opts.output)) throw new WatermarkError('OPTIONS', 'XLSX output is binary; give -o OUT.xlsx');
        if (!isXlsx(source)) {
          // CSV in, XLSX out: rows stream from the CSV parser into the workbook writer
          await writeAtomically(opts.output, async (out) => {
            const done = new Promise<void>((res, rej) => { out.on('finish', res); out.on('error', rej); });
            const writer = createXlsxRowWriter(out, markOpts);
            const reader = createCsvRewriter((row) => { writer.addRow(row); return row; });
            await pipeline(createReadStream(source), reader, new Writable({ write: (_c, _e, cb) => cb() }));
            await writer.finish();
            await done;
            process.stderr.write(`marked ${reader.info.rows} rows into XLSX for export ${opts.exportId}\n`);
          });
          return;
        }
        await writeAtomically(opts.output, async (out) => {
          const done = new Promise<void>((res, rej) => { out.on('finish', res); out.on('error', rej); });
          const info = await markXlsxStream(createReadStream(source), out, markOpts);
          await done;
          process.stderr.write(`marked ${info.rows} rows in ${info.sheets} sheet(s) for export ${opts.exportId}\n`);
        });
        return;
      }
      const marker = createCsvMarker(markOpts);
      if (opts.output) {
        await writeAtomically(opts.output, (out) => pipeline(createReadStream(source), marker, out));
      } else {
        await pipeline(createReadStream(source), marker, process.stdout as unknown as Writable, { end: false });
      }
      process.stderr.write(`marked ${marker.info.rows} rows (${marker.info.encoding}, delimiter ${JSON.stringify(marker.info.delimiter)}) for export ${opts.exportId}\n`);
    });

  wm.command('detect <FILE>')
    .description('trace a leaked CSV, XLSX or pasted-text fragment to one of the candidate exports')
    .requiredOption('--candidates <IDS.txt>', 'file with one candidate export id per line')
    .option('--numeric-lsb', 'also count LSB marks (for exports made with --numeric-lsb)')
    .option('--json', 'one JSON object per line: the top candidates, then the verdict on the last line')
    .action(async (file: string, opts: { candidates: string; json?: boolean; numericLsb?: boolean }) => {
      const key = watermarkKey();
      const candidates = readCandidates(opts.candidates);
      const res = await detectTable(readInput(file), candidates, key, { numericLsb: opts.numericLsb === true });
      const best = res.best!;
      const verdict = {
        match: res.match, exportId: res.match ? res.exportId : null,
        agreeingRows: best.agreeingRows ?? 0, falsePositiveProbability: best.falsePositiveProbability,
      };
      if (opts.json) {
        for (const s of res.scores.slice(0, 10)) process.stdout.write(JSON.stringify({ candidate: s.exportId, carrierBits: s.carrierBits, agreeingBits: s.agreeingBits, rows: s.rows, agreeingRows: s.agreeingRows, log10FalsePositiveProbability: s.log10CorrectedP }) + '\n');
        process.stdout.write(JSON.stringify(verdict) + '\n');
        return;
      }
      process.stdout.write(`${res.rowsRead} rows read, ${res.carrierCells} carrier cells, ${candidates.length} candidates\n`);
      for (const s of res.scores.slice(0, 5)) {
        process.stdout.write(`  ${s.exportId}: ${s.agreeingBits}/${s.carrierBits} bits, ${s.agreeingRows ?? '?'}/${s.rows ?? '?'} rows agree, P(chance) ${fmtP(s.falsePositiveProbability, s.log10CorrectedP)}\n`);
      }
      process.stdout.write(res.match
        ? `MATCH: export ${res.exportId} (false-positive probability ${fmtP(best.falsePositiveProbability, best.log10CorrectedP)} < 1e-9)\n`
        : `no match: no candidate reaches a false-positive probability below 1e-9\n`);
    });

  wm.command('embed-image <IN>')
    .description('mark a PNG, JPEG, WebP or TIFF image for one export (format from the output name)')
    .requiredOption('--export-id <ID>', 'the export this copy belongs to')
    .requiredOption('-o, --output <OUT>', 'marked image (.png, .jpg, .webp, .tif)')
    .option('--quality <Q>', 'JPEG/WebP quality', '92')
    .action(async (input: string, opts: { exportId: string; output: string; quality: string }) => {
      const key = watermarkKey();
      const format = FORMATS[extname(opts.output).toLowerCase()];
      if (!format) throw new WatermarkError('OPTIONS', `cannot tell the image format of ${opts.output}; end it in .png, .jpg, .webp or .tif`);
      const quality = Number(opts.quality);
      if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw new WatermarkError('OPTIONS', '--quality must be an integer from 1 to 100');
      const res = await embedImage(readInput(input), { key, exportId: opts.exportId, format, quality });
      await writeAtomically(opts.output, async (out) => {
        await new Promise<void>((ok, fail) => { out.on('error', fail); out.end(res.data, () => ok()); });
      });
      addToRegistry(opts.exportId);
      process.stderr.write(`marked ${res.width}×${res.height} ${res.format} for export ${opts.exportId} (PSNR ${res.psnr.toFixed(1)} dB)\n`);
    });

  wm.command('detect-image <FILE>')
    .description('trace an image to an export this CLI marked (ids from $FUNDGOV_DATA_DIR/watermark-images.json)')
    .option('--candidates <IDS.txt>', 'use these export ids instead of the registry')
    .option('--json', 'print {"match":…,"exportId":…} on one line')
    .action(async (file: string, opts: { json?: boolean; candidates?: string }) => {
      const key = watermarkKey();
      const candidates = opts.candidates ? readCandidates(opts.candidates) : readRegistry();
      if (candidates.length === 0) {
        throw new WatermarkError('CANDIDATES', `no marked images are registered in ${registryPath()}; mark one with embed-image or pass --candidates IDS.txt`);
      }
      const res = await detectImage(readInput(file), { key, candidates });
      const best = res.best!;
      if (opts.json) {
        process.stdout.write(JSON.stringify({ match: res.match, exportId: res.exportId, agreeingBits: best.agreeingBits, payloadBits: res.payloadBits, falsePositiveProbability: best.falsePositiveProbability }) + '\n');
        return;
      }
      process.stdout.write(res.match
        ? `MATCH: export ${res.exportId} (${best.agreeingBits}/${res.payloadBits} payload bits, false-positive probability ${fmtP(best.falsePositiveProbability, best.log10CorrectedP)})\n`
        : `no match (best ${best.exportId}: ${best.agreeingBits}/${res.payloadBits} payload bits)\n`);
    });
}
