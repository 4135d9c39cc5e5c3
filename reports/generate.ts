// One entry point for both the service's report job and the offline CLI: a report spec in,
// a file out (written through a hash), the row count back.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import type { Graph } from '../catalog/graph/port.ts';
import { parsePeriod, parseScope, resolveScope, ReportError } from './scope.ts';
import { writeInventoryPdf, writeInventoryXlsx, type Progress, type ReportMeta } from './inventory.ts';
import { collectAuditReport, writeAuditPdf, writeAuditXlsx, type AuditReader } from './audit-report.ts';
import type { ReportFormat, ReportKind } from './store.ts';

export type ReportSpec =
  | { kind: 'inventory'; format: ReportFormat; scope: string }
  | { kind: 'audit'; format: ReportFormat; from: string; to: string };

/** Checks a spec before any job starts: the scope names something, the period is sane. Returns its scope text. */
export async function checkSpec(graph: Graph, spec: ReportSpec): Promise<string> {
  if (spec.format !== 'xlsx' && spec.format !== 'pdf') throw new ReportError('format is xlsx or pdf');
  if (spec.kind === 'inventory') {
    await resolveScope(graph, parseScope(spec.scope));
    return spec.scope.trim();
  }
  if (spec.kind === 'audit') {
    const p = parsePeriod(spec.from, spec.to);
    return `${p.from}/${p.to}`;
  }
  throw new ReportError(`unknown report kind ${(spec as { kind: string }).kind}`);
}

export const reportKindOf = (s: ReportSpec): ReportKind => s.kind;

export async function generateReport(graph: Graph, audit: AuditReader, spec: ReportSpec, meta: ReportMeta, path: string, progress?: Progress, signal?: AbortSignal): Promise<{ rows: number; bytes: number; fileHash: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const file = createWriteStream(path);
  const meter = new Transform({ transform(chunk: Buffer, _e, cb) { hash.update(chunk); bytes += chunk.length; cb(null, chunk); } });
  meter.pipe(file);
  const closed = new Promise<void>((resolve, reject) => { file.once('close', resolve); file.once('error', reject); });
  let rows = 0;
  try {
    if (spec.kind === 'inventory') {
      const scope = parseScope(spec.scope);
      const r = spec.format === 'xlsx' ? await writeInventoryXlsx(graph, scope, meter, meta, progress, signal) : await writeInventoryPdf(graph, scope, meter, meta, progress, signal);
      rows = r.rows;
    } else {
      const data = await collectAuditReport(graph, audit, parsePeriod(spec.from, spec.to), progress);
      if (spec.format === 'xlsx') await writeAuditXlsx(data, meter, meta); else await writeAuditPdf(data, meter, meta);
      rows = data.sections.reduce((n, s) => n + s.rows.length, 0);
    }
  } finally {
    if (!meter.writableEnded) meter.end();
  }
  await closed;
  return { rows, bytes, fileHash: hash.digest('hex') };
}
