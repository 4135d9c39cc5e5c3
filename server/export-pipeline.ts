// The export pipeline: rows from a source → masked → watermarked → CSV or XLSX → a writable,
// hashed on the way, with backpressure. No database, no HTTP: server/exports.ts wires it to
// the download route; bench/export.mjs measures it.
import { createHash } from 'node:crypto';
import { PassThrough, Transform, type Writable } from 'node:stream';
import { maskerFor } from '../catalog/masking.ts';
import type { RowBatches } from '../sources/rows.ts';
import { copyBlockRows } from '../sources/copy-text.ts';
import { createCellMarker } from '../watermark/table.ts';
import { createXlsxRowWriter } from '../watermark/xlsx.ts';
import { csvBlockWriter, csvCellWriters, encodeCsv, type CsvEncoding, type CsvExportSpec, type ExportColumn } from './export-csv.ts';
import type { ConvertedBlock, ExportPool, ExportSession } from './export-pool.ts';

/**
 * Where an export's rows come from: batches of cells (CSV sources), or blocks of COPY text
 * lines from PostgreSQL that export workers can parse themselves.
 */
export type ExportSource =
  | { rows: RowBatches }
  | { copyBlocks: AsyncIterable<Buffer>; width: number };

export type { ExportColumn } from './export-csv.ts';

export class ExportStreamError extends Error {
  constructor(message: string, public readonly rowCount: number, public readonly bytes: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExportStreamError';
  }
}

export interface PipelineResult { rowCount: number; fileHash: string; bytes: number }

/** An export session for a service without export workers: blocks converted in this thread. */
function inThreadSession(spec: CsvExportSpec): ExportSession {
  const convert = csvBlockWriter(spec);
  return {
    convert: async (block) => convert(block),
    end() {},
  };
}

/**
 * Rows → masked → watermarked → CSV (UTF-8 with BOM, or GBK) or XLSX → `out`, with backpressure.
 * `beforeFirstByte` runs once the first rows are read and before anything is written. A CSV
 * export of COPY blocks goes through the worker pool when there is one (same bytes, every core).
 * Throws ExportStreamError with the rows written so far when the source or the output fails.
 */
export async function runExportPipeline(opts: {
  source: ExportSource;
  columns: ExportColumn[];
  format: 'csv' | 'xlsx';
  encoding: CsvEncoding;
  watermarkKey: Buffer | string;
  exportId: string;
  out: Writable;
  pool?: ExportPool | null;
  beforeFirstByte?: () => Promise<void>;
}): Promise<PipelineResult> {
  const { columns, out, source } = opts;
  const hash = createHash('sha256');
  let bytes = 0;
  let rowCount = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _e, cb) { hash.update(chunk); bytes += chunk.length; cb(null, chunk); },
  });
  let outError: Error | null = null;
  const onOutError = (e: Error) => { outError ??= e; };
  meter.on('error', onOutError);
  out.on('error', onOutError);
  out.on('close', () => { if (!out.writableFinished) outError ??= new Error('the client went away'); });

  const masks = columns.map((c) => (c.mask ? maskerFor(c.mask) : null));
  const maskBatch = (batch: string[][]) => {
    for (const row of batch) for (let i = 0; i < masks.length; i++) { const m = masks[i]; if (m && row[i] !== '') row[i] = m(row[i]); }
  };
  const drain = (w: Writable) => new Promise<void>((resolve) => {
    if (!w.writableNeedDrain || outError) return resolve();
    const done = () => { w.off('drain', done); w.off('close', done); w.off('error', done); resolve(); };
    w.on('drain', done); w.on('close', done); w.on('error', done);
  });
  // COPY blocks are parsed into cells in this thread for XLSX
  const batches: RowBatches = 'rows' in source ? source.rows : copyBlockRows(source.copyBlocks, source.width);

  let started = false;
  const header = columns.map((c) => c.header);
  try {
    if (opts.format === 'csv') {
      // rows → mask → mark → CSV text, one string and one write per batch, hashed inline
      const cells = csvCellWriters(columns, createCellMarker({ key: opts.watermarkKey, exportId: opts.exportId }));
      const gbk = opts.encoding === 'gbk';
      const write = async (buf: Buffer) => {
        hash.update(buf);
        bytes += buf.length;
        if (!out.write(buf)) await drain(out);
        if (outError) throw outError;
      };
      const start = async () => {
        await opts.beforeFirstByte?.();
        await write(encodeCsv((gbk ? '' : '\ufeff') + cells.header(header), opts.encoding));
      };
      if ('copyBlocks' in source) {
        // blocks go round the workers, or without workers are converted here (by the native
        // converter when it is built); either way their bytes are written in the order read
        const spec = { columns, watermarkKey: opts.watermarkKey, exportId: opts.exportId, encoding: opts.encoding };
        const session = opts.pool ? opts.pool.open(spec) : inThreadSession(spec);
        const depth = opts.pool ? opts.pool.size * 2 : 1;
        const inFlight: Promise<ConvertedBlock>[] = [];
        const writeOldest = async () => {
          const done = await inFlight.shift()!;
          await write(done.bytes);
          rowCount += done.rows;
        };
        try {
          try {
            for await (const block of source.copyBlocks) {
              if (!started) { started = true; await start(); }
              const job = session.convert(block);
              job.catch(() => undefined); // awaited in order below
              inFlight.push(job);
              if (inFlight.length >= depth) await writeOldest();
            }
          } catch (err) {
            // the source failed mid-stream: what was read still goes out, then the failure
            while (inFlight.length > 0) await writeOldest();
            throw err;
          }
          if (!started) await start();
          while (inFlight.length > 0) await writeOldest();
        } finally {
          session.end();
        }
      } else {
        for await (const batch of batches) {
          if (!started) { started = true; await start(); }
          await write(encodeCsv(cells.rows(batch), opts.encoding));
          rowCount += batch.length;
        }
        if (!started) await start();
      }
      await new Promise<void>((resolve, reject) => {
        if (outError) return reject(outError);
        out.once('finish', resolve);
        out.once('error', reject);
        out.end();
      });
    } else {
      meter.pipe(out);
      const sheet = new PassThrough();
      sheet.pipe(meter);
      let xlsx: ReturnType<typeof createXlsxRowWriter> | null = null;
      const open = async () => { await opts.beforeFirstByte?.(); xlsx = createXlsxRowWriter(sheet, { key: opts.watermarkKey, exportId: opts.exportId, sheetName: 'export' }); xlsx.addRow(header); };
      for await (const batch of batches) {
        if (!started) { started = true; await open(); }
        maskBatch(batch);
        for (const row of batch) xlsx!.addRow(row);
        rowCount += batch.length;
        if (outError) throw outError;
        await drain(sheet);
      }
      if (!started) await open();
      await xlsx!.finish();
      await new Promise<void>((resolve, reject) => { if (meter.writableFinished) resolve(); else { meter.once('finish', resolve); meter.once('error', reject); } });
    }
    if (outError) throw outError;
    await new Promise<void>((resolve) => (out.writableFinished ? resolve() : out.once('finish', resolve)));
    return { rowCount, fileHash: hash.digest('hex'), bytes };
  } catch (err) {
    throw new ExportStreamError((err as Error).message, rowCount, bytes, { cause: err });
  }
}

