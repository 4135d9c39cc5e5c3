// Report jobs and their download route, the retention sweep that escalates overdue exports,
// and the destruction lookup that leak tracing uses. GET /api/v1/reports/<id>/download?token=…
// serves a generated report once, to the person who generated it; the audit record comes first.
import { createReadStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Graph } from '../catalog/graph/port.ts';
import type { AuditTrail } from '../schema/context.ts';
import { checkSpec, claimReport, createReport, generateReport, getReport, releaseReport, updateReport, type ReportSpec } from '../reports/index.ts';
import { destructionOf, escalateOverdue } from '../catalog/retention.ts';
import { json, type RouteHandler } from './app.ts';
import { createAuthenticator } from './auth.ts';
import { openDownload } from './downloads.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { StartupHook } from './serve.ts';
import { startJob } from './jobs.ts';
import { setDestructionLookup } from './trace.ts';

export const REPORTS_PATH = '/api/v1/reports/';
export const reportsDir = (config: Pick<Config, 'dataDir'>) => join(config.dataDir, 'reports');
export const reportFile = (config: Pick<Config, 'dataDir'>, id: string, format: string) => join(reportsDir(config), `${id}.${format}`);

/** Starts a report job: checks the spec, audits the generation (refused when the trail is down), then writes the file. */
export async function startReportJob(deps: { config: Config; graph: Graph; audit: AuditTrail; log: Logger }, spec: ReportSpec, actor: string): Promise<{ jobId: string; reportId: string }> {
  const { config, graph, audit, log } = deps;
  const scope = await checkSpec(graph, spec);
  const id = randomUUID();
  await audit.append({ actor, action: 'report.generate', target: `${spec.kind}:${scope}`, outcome: 'started', details: { reportId: id, kind: spec.kind, format: spec.format, scope, watermarkId: id } });
  await createReport(graph, { id, kind: spec.kind, format: spec.format, scope, actor });
  mkdirSync(reportsDir(config), { recursive: true });
  const path = reportFile(config, id, spec.format);
  const meta = { reportId: id, actor, generatedAt: new Date().toISOString(), watermarkKey: config.watermarkKey };
  const { job, done } = await startJob(graph, `report.${spec.kind}`, id, actor, (ctx) => generateReport(graph, audit, spec, meta, path, ctx.progress, ctx.signal), (r) => ({ reportId: id, ...r }));
  await updateReport(graph, id, { jobId: job.id });
  done.then(async (j) => {
    const result = j.result ? JSON.parse(j.result) : null;
    if (j.status === 'succeeded') await updateReport(graph, id, { status: 'ready', finishedAt: j.finishedAt, rows: result.rows, bytes: result.bytes, fileHash: result.fileHash });
    else { rmSync(path, { force: true }); await updateReport(graph, id, { status: 'failed', finishedAt: j.finishedAt, error: j.message }); }
    await audit.append({ actor, action: 'report.generate', target: `${spec.kind}:${scope}`, outcome: j.status === 'succeeded' ? 'ok' : 'error', details: { reportId: id, rows: result?.rows ?? null, fileHash: result?.fileHash ?? null, message: j.message } })
      .catch((e) => log.error({ err: (e as Error).message, reportId: id }, 'report outcome not audited'));
  }).catch((e) => log.error({ err: (e as Error).message, reportId: id }, 'report bookkeeping failed'));
  return { jobId: job.id, reportId: id };
}

export function reportDownloadHandler(deps: { config: Config; graph: Graph; audit: Pick<AuditTrail, 'append'> }): RouteHandler {
  const { config, graph, audit } = deps;
  const authenticator = createAuthenticator(config, graph);
  return async (req, res, { requestId, log }) => {
    const open = await openDownload(req, res, requestId, { kind: 'reports', link: 'a report link', action: 'report.download', authenticator, audit });
    if (!open) return;
    const { id, token, user } = open;
    const claim = await claimReport(graph, id, user.id, token);
    if (!claim.ok) {
      await audit.append({ actor: user.id, action: 'report.download', target: id, outcome: 'denied', details: { status: claim.status, reason: claim.message, requestId } }).catch(() => undefined);
      return json(res, claim.status, { error: claim.message });
    }
    const r = claim.report;
    const path = reportFile(config, r.id, r.format);
    try {
      statSync(path);
      await audit.append({ actor: user.id, action: 'report.download', target: r.id, outcome: 'started', details: { kind: r.kind, format: r.format, scope: r.scope, fileHash: r.fileHash, watermarkId: r.watermarkId, rows: r.rows } });
    } catch (err) {
      await releaseReport(graph, r.id, token);
      log.warn({ reportId: r.id, err: (err as Error).message }, 'report download refused before the first byte');
      return json(res, 503, { error: 'the report cannot be served now (the audit trail or the file is unavailable); try again' });
    }
    res.writeHead(200, {
      'content-type': r.format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="fundgov-${r.kind}-${r.id}.${r.format}"`,
      'cache-control': 'no-store', 'x-report-id': r.id, 'x-watermark-id': r.watermarkId,
    });
    await new Promise<void>((resolve) => {
      const s = createReadStream(path);
      s.on('error', () => { res.destroy(); resolve(); });
      res.on('close', () => resolve());
      s.pipe(res);
    });
    // the file is offered once and not kept
    rmSync(path, { force: true });
  };
}

/** Registers the report route, the escalation sweep and the destruction lookup for leak tracing. */
export const reportsStartupHook: StartupHook = async ({ config, graph, audit, log }) => {
  setDestructionLookup(destructionOf);
  const sweep = async () => {
    for (const i of await escalateOverdue(graph)) {
      await audit.store.append({ actor: 'system', action: 'export.retention.escalate', target: i.export.id, exportId: i.export.id, requestId: i.export.requestId, grade: i.grade, outcome: 'ok', details: { retentionEnd: i.retentionEnd, daysOverdue: i.daysOverdue, requester: i.export.requester, approvers: i.approvers } });
    }
  };
  const timer = setInterval(() => { sweep().catch((e) => log.error({ err: (e as Error).message }, 'retention sweep failed')); }, 3_600_000);
  timer.unref();
  return { routes: { [REPORTS_PATH]: reportDownloadHandler({ config, graph, audit: audit.store }) }, close: async () => clearInterval(timer) };
};

export { getReport };
