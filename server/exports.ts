// GET /api/v1/exports/<id>/download?token=…: the single-use, expiring download of an approved
// export. Rows stream from the source, through masking and the watermark, into the response;
// the file is never kept on the server. The audit record is written before the first byte
// (no record, no download) and a final record carries the row count and the file's hash.
import { createHash } from 'node:crypto';
import { PassThrough, Transform, type Writable } from 'node:stream';
import type { ServerResponse } from 'node:http';
import type { Graph } from '../catalog/graph/port.ts';
import type { AuditTrail } from '../schema/context.ts';
import { getColumn, getDataset, getSource, type ColumnRecord } from '../catalog/assets.ts';
import {
  claimExport, releaseExport, finishExport, expireDue, type AccessRequestRecord, type ApprovalRecord, type ExportRecord, type FilterCondition,
} from '../catalog/access.ts';
import { maskRuleFor, maskerFor } from '../catalog/masking.ts';
import { readCsvRows, readPostgresRows, type RowBatches, type RowFilter } from '../sources/rows.ts';
import { createCellMarker, createXlsxRowWriter, type CellMarker } from '../watermark/index.ts';
import iconv from 'iconv-lite';
import { decryptCredential } from './credentials.ts';
import { json, type RouteHandler } from './app.ts';
import { AuthError, bearerToken, createAuthenticator } from './auth.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { StartupHook } from './serve.ts';

export const EXPORTS_PATH = '/api/v1/exports/';
export const downloadPath = (exportId: string, token: string) => `${EXPORTS_PATH}${encodeURIComponent(exportId)}/download?token=${encodeURIComponent(token)}`;

/** Seam for the watermark: takes a row (the header first) and returns it marked. */
export type RowMarker = (row: string[], header: string[]) => string[];

export interface ExportColumn {
  header: string;
  /** null: exported in clear */
  mask: ((v: string) => string) | null;
}

export class ExportStreamError extends Error {
  constructor(message: string, public readonly rowCount: number, public readonly bytes: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExportStreamError';
  }
}

export interface PipelineResult { rowCount: number; fileHash: string; bytes: number }

/**
 * Rows → masked → watermarked → CSV (UTF-8 with BOM, or GBK) or XLSX → `out`, with backpressure.
 * `beforeFirstByte` runs once the first batch is read and before anything is written.
 * Throws ExportStreamError with the rows written so far when the source or the output fails.
 */
export async function runExportPipeline(opts: {
  batches: RowBatches;
  columns: ExportColumn[];
  format: 'csv' | 'xlsx';
  encoding: 'utf8-bom' | 'gbk';
  watermarkKey: Buffer | string;
  exportId: string;
  out: Writable;
  beforeFirstByte?: () => Promise<void>;
}): Promise<PipelineResult> {
  const { columns, out } = opts;
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

  const masks = columns.map((c) => c.mask);
  const maskBatch = (batch: string[][]) => {
    for (const row of batch) for (let i = 0; i < masks.length; i++) { const m = masks[i]; if (m && row[i] !== '') row[i] = m(row[i]); }
  };
  const drain = (w: Writable) => new Promise<void>((resolve) => {
    if (!w.writableNeedDrain || outError) return resolve();
    const done = () => { w.off('drain', done); w.off('close', done); w.off('error', done); resolve(); };
    w.on('drain', done); w.on('close', done); w.on('error', done);
  });

  let started = false;
  const header = columns.map((c) => c.header);
  try {
    if (opts.format === 'csv') {
      // rows → mask → mark → CSV text, one string and one write per batch, hashed inline
      const cells = csvCellWriters(columns, createCellMarker({ key: opts.watermarkKey, exportId: opts.exportId }));
      const gbk = opts.encoding === 'gbk';
      const write = async (text: string) => {
        const buf = gbk ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
        hash.update(buf);
        bytes += buf.length;
        if (!out.write(buf)) await drain(out);
        if (outError) throw outError;
      };
      const start = async () => {
        await opts.beforeFirstByte?.();
        await write((gbk ? '' : '\ufeff') + cells.header(header));
      };
      for await (const batch of opts.batches) {
        if (!started) { started = true; await start(); }
        await write(cells.rows(batch));
        rowCount += batch.length;
      }
      if (!started) await start();
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
      for await (const batch of opts.batches) {
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

/**
 * A cell's final CSV text (masked, marked, quoted like Papa.unparse) depends only on its
 * value, so repeated values (codes, dates, names, masked IDs) are memoised per column. A
 * memo that does not pay (mostly distinct values) switches itself off; each holds at most
 * MEMO_MAX entries, so memory stays bounded whatever the export's size.
 */
const MEMO_MAX = 4096;
const MEMO_WINDOW = 8192;
class Memo {
  map: Map<string, string> | null = new Map();
  private lookups = 0;
  private hits = 0;
  get(k: string): string | undefined {
    const v = this.map!.get(k);
    if (v !== undefined) this.hits++;
    if (++this.lookups === MEMO_WINDOW) {
      // once full, a memo that mostly misses is dropped
      if (this.map!.size >= MEMO_MAX && this.hits < MEMO_WINDOW / 2) this.map = null;
      this.lookups = 0; this.hits = 0;
    }
    return v;
  }
  set(k: string, v: string): void {
    if (this.map && this.map.size < MEMO_MAX) this.map.set(k, v);
  }
}

/** Papa.unparse's quoting (delimiter ',', quote '"'), written out for speed. */
const NEEDS_QUOTES = /[",\r\n\ufeff]|^ | $/;
const QUOTE = /"/g;
export function csvCell(v: string): string {
  return NEEDS_QUOTES.test(v) ? '"' + v.replace(QUOTE, '""') + '"' : v;
}

function csvCellWriters(columns: ExportColumn[], marker: CellMarker) {
  const width = columns.length;
  const masks = columns.map((c) => c.mask);
  const raw = columns.map(() => new Memo());
  const masked = columns.map((c) => (c.mask ? new Memo() : null));
  const cell = (v: string, i: number): string => {
    const r = raw[i];
    let out = r.map ? r.get(v) : undefined;
    if (out !== undefined) return out;
    const key = v;
    const m = masks[i];
    if (m && v !== '') {
      v = m(v);
      const mm = masked[i]!;
      if (mm.map) {
        out = mm.get(v);
        if (out !== undefined) { r.set(key, out); return out; }
      }
      out = csvCell(v.length > 1 ? marker.markCell(v) : v);
      mm.set(v, out);
    } else {
      out = csvCell(v.length > 1 ? marker.markCell(v) : v);
    }
    r.set(key, out);
    return out;
  };
  return {
    header: (h: string[]) => h.map((v) => csvCell(v.length > 1 ? marker.markCell(v) : v)).join(',') + '\n',
    rows(batch: string[][]): string {
      let text = '';
      for (let r = 0; r < batch.length; r++) {
        const row = batch[r];
        let line = cell(row[0] ?? '', 0);
        for (let i = 1; i < width; i++) line += ',' + cell(row[i] ?? '', i);
        text += line + '\n';
      }
      return text;
    },
  };
}

/** Opens the row stream of an export from its source, with its filter, in catalogue column order. */
export async function exportPlan(graph: Graph, config: Pick<Config, 'credentialKey'>, e: ExportRecord, req: AccessRequestRecord): Promise<{ columns: (ColumnRecord & { masked: boolean })[]; open: () => RowBatches }> {
  const cols: (ColumnRecord & { masked: boolean })[] = [];
  for (const id of e.columnIds) {
    const c = await getColumn(graph, id);
    if (!c || c.dropped) throw new Error(`column ${id} is no longer in the catalogue`);
    cols.push({ ...c, masked: !e.clearColumnIds.includes(id) });
  }
  const ds = await getDataset(graph, e.datasetId);
  const src = await getSource(graph, e.sourceId);
  if (!ds || !src || src.removed) throw new Error(`the source of dataset ${e.datasetId} is no longer registered`);
  const conditions = (JSON.parse(req.filter || '[]') as FilterCondition[]).filter((f) => e.columnIds.includes(f.columnId));
  const byId = new Map(cols.map((c) => [c.id, c]));
  if (src.kind === 'postgres') {
    if (!src.connectionEnc) throw new Error(`source ${src.id} has no stored credentials`);
    const url = decryptCredential(config.credentialKey, src.connectionEnc);
    const filter: RowFilter[] = conditions.map((f) => ({ column: byId.get(f.columnId)!.name, op: f.op, value: f.value ?? null, values: f.values ?? null }));
    return { columns: cols, open: () => readPostgresRows({ url, schema: ds.schema, table: ds.name, columns: cols.map((c) => c.name), filter }) };
  }
  if (src.kind === 'csv' && ds.kind === 'file') {
    const file = JSON.parse((ds as unknown as { file: string }).file) as { path: string; encoding: string; delimiter: string; hasHeader: boolean };
    const all = await graph.read<{ name: string }>('MATCH (c:Column {datasetId: $id}) WHERE coalesce(c.dropped, false) = false RETURN c.name AS name ORDER BY c.ordinal', { id: ds.id });
    const index = (c: ColumnRecord) => all.findIndex((a) => a.name === c.name);
    return {
      columns: cols,
      open: () => readCsvRows({
        path: file.path, encoding: file.encoding.replace(/-bom$/, ''), delimiter: file.delimiter, hasHeader: file.hasHeader,
        columnIndexes: cols.map(index), filter: conditions.map((f) => ({ index: index(byId.get(f.columnId)!), op: f.op, value: f.value ?? null, values: f.values ?? null })),
      }),
    };
  }
  throw new Error(`source ${src.id} is a ${src.kind} source; only PostgreSQL and CSV sources can be exported`);
}

const CONTENT_TYPE = { csv: { 'utf8-bom': 'text/csv; charset=utf-8', gbk: 'text/csv; charset=gbk' }, xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

async function sweepExpired(graph: Graph, audit: Pick<AuditTrail, 'append'>, log: Logger): Promise<void> {
  for (const id of await expireDue(graph)) {
    await audit.append({ actor: 'system', action: 'access.request.expire', target: id, requestId: id, outcome: 'ok', details: { reason: 'end date reached' } })
      .catch((e) => log.error({ err: (e as Error).message, requestId: id }, 'could not audit an expiry'));
  }
}

export function exportDownloadHandler(deps: { config: Config; graph: Graph; audit: Pick<AuditTrail, 'append'> }): RouteHandler {
  const { config, graph, audit } = deps;
  const authenticator = createAuthenticator(config, graph);
  return async (req, res, { requestId, log }) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/api\/v1\/exports\/([^/]+)\/download$/.exec(url.pathname);
    if (!m) return json(res, 404, { error: 'use GET /api/v1/exports/<exportId>/download?token=…' });
    if (req.method !== 'GET') { res.setHeader('allow', 'GET'); return json(res, 405, { error: 'use GET' }); }
    const exportId = decodeURIComponent(m[1]);
    const token = url.searchParams.get('token') ?? '';
    let user;
    try {
      const t = bearerToken(req.headers.authorization);
      if (!t) throw new AuthError('send Authorization: Bearer <token>; a download link works only for the user who requested it', 'missing');
      user = await authenticator.authenticate(t);
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      await audit.append({ actor: 'anonymous', action: 'export.download', target: exportId, exportId, outcome: 'denied', details: { reason: err.reason, requestId } }).catch(() => undefined);
      return json(res, 401, { error: err.message });
    }
    await sweepExpired(graph, audit, log);
    const claim = await claimExport(graph, exportId, user.id, token);
    if (!claim.ok) {
      await audit.append({
        actor: user.id, action: 'export.download', target: exportId, exportId: claim.export ? exportId : null, requestId: claim.export?.requestId ?? null,
        outcome: 'denied', details: { status: claim.status, reason: claim.message, httpRequestId: requestId },
      }).catch((e) => log.error({ err: (e as Error).message, requestId }, 'could not audit a refused download'));
      return json(res, claim.status, { error: claim.message });
    }
    const { export: e, request: ar, approvals } = claim;
    await streamDownload({ config, graph, audit, log, requestId, res, e, ar, approvals, userId: user.id, token });
  };
}

async function streamDownload(x: { config: Config; graph: Graph; audit: Pick<AuditTrail, 'append'>; log: Logger; requestId: string; res: ServerResponse; e: ExportRecord; ar: AccessRequestRecord; approvals: ApprovalRecord[]; userId: string; token: string }): Promise<void> {
  const { config, graph, audit, log, res, e, ar, userId } = x;
  let plan;
  try {
    plan = await exportPlan(graph, config, e, ar);
  } catch (err) {
    await releaseExport(graph, e.id, x.token);
    await audit.append({ actor: userId, action: 'export.download', target: e.id, exportId: e.id, requestId: ar.id, grade: ar.grade, outcome: 'error', details: { reason: (err as Error).message, rowCount: 0 } }).catch(() => undefined);
    return json(res, 409, { error: `the export cannot be produced: ${(err as Error).message}` });
  }
  const grade = Math.max(...plan.columns.map((c) => c.grade ?? 4));
  const record = {
    requester: ar.requester, purpose: ar.purpose, endDate: ar.endDate, format: e.format, encoding: e.encoding, watermarkId: e.watermarkId, datasetId: e.datasetId,
    approvers: x.approvals.filter((a) => a.status === 'approved').map((a) => ({ step: a.kind, department: a.department ?? null, by: a.decidedBy, onBehalfOf: a.onBehalfOf ?? null, at: a.decidedAt })),
    columns: plan.columns.map((c) => ({ id: c.id, path: c.path, grade: c.grade ?? null, category: c.categoryId ?? null, masked: c.masked })),
    filter: JSON.parse(ar.filter || '[]'),
  };
  const columns: ExportColumn[] = plan.columns.map((c) => ({ header: c.name, mask: c.masked ? maskerFor(maskRuleFor(c.categoryId)) : null }));
  const filename = `fundgov-export-${e.id}.${e.format}`;
  let audited = false;
  let auditFailed = false;
  const beforeFirstByte = async () => {
    // the record of who takes what is stored before any byte leaves; without it, no download
    try {
      await audit.append({ actor: userId, action: 'export.download.start', target: e.datasetId, grade, requestId: ar.id, exportId: e.id, outcome: 'started', details: record });
    } catch (err) {
      auditFailed = true;
      throw err;
    }
    audited = true;
    res.writeHead(200, {
      'content-type': e.format === 'xlsx' ? CONTENT_TYPE.xlsx : CONTENT_TYPE.csv[e.encoding],
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      'x-export-id': e.id,
      'x-watermark-id': e.watermarkId,
    });
  };
  try {
    const result = await runExportPipeline({
      batches: plan.open(), columns, format: e.format, encoding: e.encoding, watermarkKey: config.watermarkKey, exportId: e.id, out: res, beforeFirstByte,
    });
    await finishExport(graph, e.id, { status: 'completed', rowCount: result.rowCount, fileHash: result.fileHash, bytes: result.bytes });
    await audit.append({ actor: userId, action: 'export.download.complete', target: e.datasetId, grade, requestId: ar.id, exportId: e.id, outcome: 'ok', details: { rowCount: result.rowCount, fileHash: result.fileHash, bytes: result.bytes, watermarkId: e.watermarkId } })
      .catch((err) => log.error({ err: (err as Error).message, exportId: e.id }, 'the export was delivered but its final audit record could not be written'));
  } catch (err) {
    const rows = err instanceof ExportStreamError ? err.rowCount : 0;
    const bytes = err instanceof ExportStreamError ? err.bytes : 0;
    const reason = ((err as Error).cause as Error | undefined)?.message ?? (err as Error).message;
    if (!audited) {
      // nothing left the server: the link stays usable
      await releaseExport(graph, e.id, x.token);
      await audit.append({ actor: userId, action: 'export.download', target: e.datasetId, grade, requestId: ar.id, exportId: e.id, outcome: 'error', details: { reason, rowCount: 0 } }).catch(() => undefined);
      log.warn({ exportId: e.id, err: reason }, 'download refused before the first byte');
      if (!res.headersSent) {
        json(res, auditFailed ? 503 : 502, { error: auditFailed ? 'the audit trail cannot record this download, so it is refused; try again later' : `the source could not be read: ${reason}` });
      }
      return;
    }
    await finishExport(graph, e.id, { status: 'failed', rowCount: rows, fileHash: null, bytes, error: reason });
    await audit.append({ actor: userId, action: 'export.download.partial', target: e.datasetId, grade, requestId: ar.id, exportId: e.id, outcome: 'error', details: { rowCount: rows, bytes, reason, watermarkId: e.watermarkId } })
      .catch((e2) => log.error({ err: (e2 as Error).message, exportId: e.id }, 'could not audit a partial export'));
    log.warn({ exportId: e.id, rows, err: reason }, 'export failed mid-stream');
    // the client must not mistake a cut file for a whole one: break the chunked response
    res.destroy(new Error('export failed mid-stream'));
  }
}

/** Registers the download route and a sweep that expires requests past their end date. */
export const exportsStartupHook: StartupHook = async ({ config, graph, audit, log }) => {
  const timer = setInterval(() => { sweepExpired(graph, audit.store, log).catch((e) => log.error({ err: (e as Error).message }, 'expiry sweep failed')); }, 60_000);
  timer.unref();
  return {
    routes: { [EXPORTS_PATH]: exportDownloadHandler({ config, graph, audit: audit.store }) },
    close: async () => clearInterval(timer),
  };
};
