// GET /api/v1/exports/<id>/download?token=…: the single-use, expiring download of an approved
// export. Rows stream from the source, through masking and the watermark, into the response;
// the file is never kept on the server. The audit record is written before the first byte
// (no record, no download) and a final record carries the row count and the file's hash.
import type { ServerResponse } from 'node:http';
import type { Graph } from '../catalog/graph/port.ts';
import type { AuditTrail } from '../schema/context.ts';
import { getColumn, getDataset, getSource, type ColumnRecord } from '../catalog/assets.ts';
import {
  claimExport, releaseExport, finishExport, expireDue, type AccessRequestRecord, type ApprovalRecord, type ExportRecord, type FilterCondition,
} from '../catalog/access.ts';
import { maskRuleFor } from '../catalog/masking.ts';
import { readCsvRows, readPostgresCopyBlocks, type RowFilter } from '../sources/rows.ts';
import type { ExportColumn } from './export-csv.ts';
import { startExportPool, type ExportPool } from './export-pool.ts';
import { nativeCsv } from '../native/index.ts';
import { ExportStreamError, runExportPipeline, type ExportSource } from './export-pipeline.ts';
import { decryptCredential } from './credentials.ts';
import { json, type RouteHandler } from './app.ts';
import { createAuthenticator } from './auth.ts';
import { openDownload } from './downloads.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { StartupHook } from './serve.ts';

export const EXPORTS_PATH = '/api/v1/exports/';
/** A worker gets COPY text in blocks of about this size: big enough that handing one over costs nothing next to its work. */
const COPY_BLOCK_BYTES = 256 * 1024;
export const downloadPath = (exportId: string, token: string) => `${EXPORTS_PATH}${encodeURIComponent(exportId)}/download?token=${encodeURIComponent(token)}`;

/** Opens the row stream of an export from its source, with its filter, in catalogue column order. */
export async function exportPlan(graph: Graph, config: Pick<Config, 'credentialKey'>, e: ExportRecord, req: AccessRequestRecord): Promise<{ columns: (ColumnRecord & { masked: boolean })[]; open: () => ExportSource }> {
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
    return {
      columns: cols,
      open: () => ({ copyBlocks: readPostgresCopyBlocks({ url, schema: ds.schema, table: ds.name, columns: cols.map((c) => c.name), filter, minBlockBytes: COPY_BLOCK_BYTES }), width: cols.length }),
    };
  }
  if (src.kind === 'csv' && ds.kind === 'file') {
    const file = JSON.parse((ds as unknown as { file: string }).file) as { path: string; encoding: string; delimiter: string; hasHeader: boolean };
    const all = await graph.read<{ name: string }>('MATCH (c:Column {datasetId: $id}) WHERE coalesce(c.dropped, false) = false RETURN c.name AS name ORDER BY c.ordinal', { id: ds.id });
    const index = (c: ColumnRecord) => all.findIndex((a) => a.name === c.name);
    return {
      columns: cols,
      open: () => ({ rows: readCsvRows({
        path: file.path, encoding: file.encoding.replace(/-bom$/, ''), delimiter: file.delimiter, hasHeader: file.hasHeader,
        columnIndexes: cols.map(index), filter: conditions.map((f) => ({ index: index(byId.get(f.columnId)!), op: f.op, value: f.value ?? null, values: f.values ?? null })),
      }) }),
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

export function exportDownloadHandler(deps: { config: Config; graph: Graph; audit: Pick<AuditTrail, 'append'>; pool?: ExportPool | null }): RouteHandler {
  const { config, graph, audit } = deps;
  const authenticator = createAuthenticator(config, graph);
  return async (req, res, { requestId, log }) => {
    const open = await openDownload(req, res, requestId, {
      kind: 'exports', link: 'a download link', action: 'export.download', refs: (exportId) => ({ exportId }), authenticator, audit,
    });
    if (!open) return;
    const { id: exportId, token, user } = open;
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
    await streamDownload({ config, graph, audit, log, requestId, res, e, ar, approvals, userId: user.id, token, pool: deps.pool ?? null });
  };
}

async function streamDownload(x: { config: Config; graph: Graph; audit: Pick<AuditTrail, 'append'>; log: Logger; requestId: string; res: ServerResponse; e: ExportRecord; ar: AccessRequestRecord; approvals: ApprovalRecord[]; userId: string; token: string; pool: ExportPool | null }): Promise<void> {
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
  const columns: ExportColumn[] = plan.columns.map((c) => ({ header: c.name, mask: c.masked ? maskRuleFor(c.categoryId) : null }));
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
      source: plan.open(), columns, pool: x.pool, format: e.format, encoding: e.encoding, watermarkKey: config.watermarkKey, exportId: e.id, out: res, beforeFirstByte,
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

/** Registers the download route, starts the export workers and a sweep that expires requests past their end date. */
export const exportsStartupHook: StartupHook = async ({ config, graph, audit, log }) => {
  let pool: ExportPool | null = null;
  if (config.exportWorkers > 0) {
    try {
      pool = await startExportPool(config.exportWorkers);
    } catch (err) {
      // exports still work, on the request thread
      log.error({ err: (err as Error).message }, 'export workers could not start; exports run on the request thread');
    }
  }
  const native = nativeCsv() !== null;
  log.info({ exportWorkers: pool?.size ?? 0, nativeConverter: native },
    native ? 'CSV exports use the native converter' : 'CSV exports use the TypeScript converter (the native one is not built: npm run build:native)');
  const timer = setInterval(() => { sweepExpired(graph, audit.store, log).catch((e) => log.error({ err: (e as Error).message }, 'expiry sweep failed')); }, 60_000);
  timer.unref();
  return {
    routes: { [EXPORTS_PATH]: exportDownloadHandler({ config, graph, audit: audit.store, pool }) },
    close: async () => { clearInterval(timer); await pool?.close(); },
  };
};
