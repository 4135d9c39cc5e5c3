// `fundgov report inventory|audit`: the classification inventory of a scope or the audit report
// of a period, as XLSX or PDF, written to a file. Through the running service's API when there
// is one (generated as a job, downloaded once); on the data directory's stores otherwise.
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../config.ts';
import type { ReportSpec } from '../../../reports/generate.ts';

interface Common { format: string; output: string; as: string; json?: boolean }

async function run(spec: ReportSpec, o: Common): Promise<void> {
  if (spec.format !== 'xlsx' && spec.format !== 'pdf') throw new Error('--format is xlsx or pdf');
  const out = resolve(o.output);
  const config = loadConfig();
  const { liveService, openCatalogGraph, openAudit } = await import('../../services.ts');
  const progress = (done: number, total: number) => { if (!o.json && process.stderr.isTTY) process.stderr.write(`\rreport ${done}/${total}   `); };
  let result: { reportId: string; rows: number | null; bytes: number | null; fileHash: string | null };
  const svc = liveService(config);
  if (svc) {
    const { base, token, gql } = await (await import('../remote.ts')).serviceClient(config, svc.port, o.as, 3600);
    const started = spec.kind === 'inventory'
      ? (await gql('mutation($s: String!, $f: ReportFormat!) { r: generateInventoryReport(scope: $s, format: $f) { ... on ReportJob { jobId reportId } ... on Error { message } } }', { s: spec.scope, f: spec.format })).r
      : (await gql('mutation($a: String!, $b: String!, $f: ReportFormat!) { r: generateAuditReport(from: $a, to: $b, format: $f) { ... on ReportJob { jobId reportId } ... on Error { message } } }', { a: spec.from, b: spec.to, f: spec.format })).r;
    if (started.message) throw new Error(started.message);
    for (;;) {
      const j = (await gql('query($id: String!) { job(id: $id) { status done total message } }', { id: started.jobId })).job;
      progress(j.done, j.total);
      if (j.status === 'succeeded') break;
      if (j.status !== 'running') throw new Error(`the report job ${j.status}: ${j.message}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    const link = (await gql('mutation($r: String!) { l: createReportDownloadLink(reportId: $r) { ... on ReportDownloadLink { url } ... on Error { message } } }', { r: started.reportId })).l;
    if (link.message) throw new Error(link.message);
    const res = await fetch(`${base}${link.url}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`download refused (${res.status}): ${await res.text()}`);
    writeFileSync(out, Buffer.from(await res.arrayBuffer()));
    const rep = (await gql('query($id: String!) { report(id: $id) { rows bytes fileHash } }', { id: started.reportId })).report;
    result = { reportId: started.reportId, ...rep };
  } else {
    const graph = await openCatalogGraph(config);
    const audit = await openAudit(config);
    try {
      const { checkSpec, generateReport } = await import('../../../reports/generate.ts');
      const { createReport, updateReport } = await import('../../../reports/store.ts');
      const scope = await checkSpec(graph, spec);
      const id = randomUUID();
      const details = { reportId: id, kind: spec.kind, format: spec.format, scope, via: 'cli', watermarkId: id };
      await audit.store.append({ actor: o.as, action: 'report.generate', target: `${spec.kind}:${scope}`, outcome: 'started', details });
      await createReport(graph, { id, kind: spec.kind, format: spec.format, scope, actor: o.as });
      const r = await generateReport(graph, audit.store, spec, { reportId: id, actor: o.as, generatedAt: new Date().toISOString(), watermarkKey: config.watermarkKey }, out, progress);
      await updateReport(graph, id, { status: 'downloaded', finishedAt: new Date().toISOString(), downloadedAt: new Date().toISOString(), rows: r.rows, bytes: r.bytes, fileHash: r.fileHash });
      await audit.store.append({ actor: o.as, action: 'report.generate', target: `${spec.kind}:${scope}`, outcome: 'ok', details: { ...details, rows: r.rows, fileHash: r.fileHash, file: out } });
      result = { reportId: id, ...r };
    } finally {
      await audit.close();
      await graph.close();
    }
  }
  if (!o.json && process.stderr.isTTY) process.stderr.write('\n');
  if (o.json) process.stdout.write(JSON.stringify({ ...result, file: out }) + '\n');
  else process.stdout.write(`${out}: ${spec.kind} report ${result.reportId}, ${result.rows} rows, ${result.bytes} bytes, sha256 ${result.fileHash}\n`);
}

export function register(program: Command): void {
  const report = program.command('report').description('the classification inventory and audit reports, as XLSX or PDF');
  const common = (c: Command) => c
    .option('--format <format>', 'xlsx or pdf', 'xlsx')
    .requiredOption('-o, --output <file>', 'where to write the report')
    .option('--as <id>', 'acting user', 'admin')
    .option('--json', 'print the result as one JSON object');
  common(report.command('inventory').description('数据分类分级清单 of a scope')
    .option('--scope <scope>', 'firm | system:NAME | source:ID | department:ID', 'firm'))
    .action((o: Common & { scope: string }) => run({ kind: 'inventory', format: o.format as 'xlsx', scope: o.scope }, o));
  common(report.command('audit').description('audit report of a period')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (inclusive)'))
    .action((o: Common & { from: string; to: string }) => run({ kind: 'audit', format: o.format as 'xlsx', from: o.from, to: o.to }, o));
}
