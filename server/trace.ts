// Leak tracing for auditors: a leaked file or pasted rows are scored against every export the
// service has made (narrowed by time where asked), and the match is answered with the export,
// its requester, approvers and purpose, and the statistics behind it.
import type { Graph } from '../catalog/graph/port.ts';
import { approvalsOf, getExport, getRequest } from '../catalog/access.ts';
import { detectTable, WatermarkError } from '../watermark/index.ts';
import type { Config } from './config.ts';
import type { TraceAnswer, TraceOptions } from '../schema/context.ts';
import { TraceError } from '../schema/trace-error.ts';

type JsonObject = Record<string, unknown>;

export { type TraceAnswer, type TraceOptions, TraceError };


/** Destruction lookup supplied by the retention module once it exists. */
export let destructionLookup: ((graph: Graph, exportId: string) => Promise<JsonObject | null>) | null = null;
export function setDestructionLookup(fn: typeof destructionLookup): void { destructionLookup = fn; }

const ISO = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

export async function traceLeak(graph: Graph, config: Pick<Config, 'watermarkKey' | 'maxUploadBytes'>, input: Buffer, opts: TraceOptions = {}): Promise<TraceAnswer> {
  if (!input.length) throw new TraceError('the leaked file or pasted text is empty');
  if (input.length > config.maxUploadBytes) throw new TraceError(`the upload is larger than ${Math.round(config.maxUploadBytes / 1024 / 1024)} MB (FUNDGOV_MAX_UPLOAD_MB)`);
  for (const [k, v] of [['from', opts.from], ['to', opts.to]] as const) {
    if (v && !ISO.test(v)) throw new TraceError(`${k} must be an ISO date or time, e.g. 2026-01-31`);
  }
  const where = ['e.startedAt IS NOT NULL'];
  if (opts.from) where.push('e.createdAt >= $from');
  if (opts.to) where.push('e.createdAt < $to');
  if (opts.datasetIds?.length) where.push('e.datasetId IN $datasetIds');
  const rows = await graph.read<{ id: string; numericLsb: boolean | null }>(
    `MATCH (e:Export) WHERE ${where.join(' AND ')} RETURN e.id AS id, e.numericLsb AS numericLsb`,
    { from: opts.from ?? null, to: opts.to ?? null, datasetIds: opts.datasetIds ?? [] });
  // Generated workbooks (inventory, audit report) carry a mark keyed to their report id; a
  // dataset filter names exports only, so reports are candidates only without one.
  const reportIds = new Set<string>();
  if (!opts.datasetIds?.length) {
    const rw = ["r.format = 'xlsx'", "r.status IN ['ready', 'downloaded']"];
    if (opts.from) rw.push('r.createdAt >= $from');
    if (opts.to) rw.push('r.createdAt < $to');
    for (const r of await graph.read<{ id: string }>(`MATCH (r:Report) WHERE ${rw.join(' AND ')} RETURN r.id AS id`, { from: opts.from ?? null, to: opts.to ?? null })) {
      reportIds.add(r.id);
      rows.push({ id: r.id, numericLsb: false });
    }
  }
  const empty: TraceAnswer = { match: false, kind: null, exportId: null, reportId: null, falsePositiveProbability: null, agreeingRows: null, rows: null, carrierBits: null, agreeingBits: null, candidates: 0, rowsRead: 0, threshold: 1e-9, export: null, report: null, request: null, approvers: [], destroyed: null, runnerUp: null };
  if (!rows.length) return empty;
  let det;
  try {
    det = await detectTable(input, rows.map((r) => ({ exportId: r.id, numericLsb: !!r.numericLsb })), config.watermarkKey);
  } catch (err) {
    if (err instanceof WatermarkError) throw new TraceError(err.message);
    throw err;
  }
  const best = det.best;
  const second = det.scores[1];
  const answer: TraceAnswer = {
    ...empty,
    match: det.match,
    exportId: det.match ? det.exportId : null,
    falsePositiveProbability: best?.falsePositiveProbability ?? null,
    agreeingRows: best?.agreeingRows ?? null,
    rows: best?.rows ?? null,
    carrierBits: best?.carrierBits ?? null,
    agreeingBits: best?.agreeingBits ?? null,
    candidates: det.candidates,
    rowsRead: det.rowsRead,
    threshold: det.threshold,
    runnerUp: second ? { exportId: second.exportId, falsePositiveProbability: second.falsePositiveProbability } : null,
  };
  if (!det.match || !det.exportId) return answer;
  if (reportIds.has(det.exportId)) return { ...answer, kind: 'report', exportId: null, reportId: det.exportId, report: await reportAnswer(graph, det.exportId) };
  const exp = await getExport(graph, det.exportId);
  if (!exp) return answer;
  const req = await getRequest(graph, exp.requestId);
  const approvals = req ? (await approvalsOf(graph, req.id)).filter((a) => a.status === 'approved') : [];
  const { tokenHash: _t, ...safeExport } = exp;
  return {
    ...answer,
    kind: 'export',
    export: safeExport as unknown as JsonObject,
    request: req ? { id: req.id, requester: req.requester, purpose: req.purpose, endDate: req.endDate, grade: req.grade, status: req.status, createdAt: req.createdAt } : null,
    approvers: approvals.map((a) => ({ step: a.order, kind: a.kind, department: a.department, decidedBy: a.decidedBy, onBehalfOf: a.onBehalfOf, decidedAt: a.decidedAt })),
    destroyed: destructionLookup ? await destructionLookup(graph, exp.id) : null,
  };
}

/** Who generated a traced report, when, of what scope; never its link token. */
async function reportAnswer(graph: Graph, id: string): Promise<JsonObject | null> {
  const [r] = await graph.read<{ r: Record<string, unknown> }>('MATCH (r:Report {id: $id}) RETURN r', { id });
  if (!r) return null;
  const x = r.r;
  return { id: x.id, kind: x.kind, format: x.format, scope: x.scope, generatedBy: x.actor, generatedAt: x.createdAt, finishedAt: x.finishedAt ?? null, status: x.status, downloadedAt: x.downloadedAt ?? null, rows: x.rows ?? null, fileHash: x.fileHash ?? null };
}
