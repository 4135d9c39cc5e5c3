// The audit report of a period: who requested, approved, exported, transferred, traced and
// destroyed which graded data, and the exceptions (self-approvals attempted, refused downloads,
// denied actions, overdue destructions, failed reconciliations) with the audit chain's
// verification result and head hash. Reads the graph for the records and the audit trail,
// page by page, for what only the trail knows.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Graph } from '../catalog/graph/port.ts';
import type { AuditEvent, AuditStore } from '../audit/index.ts';
import { destructionsBetween, overdueDestructions } from '../catalog/retention.ts';
import { listTransfers } from '../catalog/transfers.ts';
import { listRetirements } from '../catalog/retirement.ts';
import { createCellMarker } from '../watermark/index.ts';
import type { ReportMeta, Progress } from './inventory.ts';
import { finishPdf, heading, newPdf, paragraph, table } from './pdf.ts';

export type AuditReader = Pick<AuditStore, 'list' | 'verify' | 'head'>;

export interface Section {
  key: string;
  title: string;
  columns: { header: string; width: number }[];
  rows: (string | number | null)[][];
  truncated: boolean;
}

export interface AuditReportData {
  from: string;
  to: string;
  sections: Section[];
  verification: { ok: boolean; checked: number; brokenAt: number | null; reason: string | null };
  head: { seq: number; hash: string; at: string } | null;
  eventsRead: number;
}

const MAX_ROWS = 50_000;
const col = (header: string, width = 14) => ({ header, width });

function section(key: string, title: string, columns: { header: string; width: number }[]): Section {
  return { key, title, columns, rows: [], truncated: false };
}
const push = (s: Section, row: (string | number | null)[]) => { if (s.rows.length < MAX_ROWS) s.rows.push(row); else s.truncated = true; };

const SELF_APPROVAL = /own request|own retirement|countersign their own/;

export async function collectAuditReport(graph: Graph, audit: AuditReader, period: { from: string; to: string }, progress?: Progress, now = new Date()): Promise<AuditReportData> {
  const { from, to } = period;
  const requests = section('requests', '申请 Requests', [col('申请 Request', 30), col('申请人 Requester'), col('时间 At', 18), col('级别 Grade', 6), col('状态 Status', 10), col('目的 Purpose', 30), col('字段数 Columns', 8), col('截止 End date', 10)]);
  for (const { r } of await graph.read<{ r: Record<string, any> }>('MATCH (r:AccessRequest) WHERE r.createdAt >= $from AND r.createdAt < $to RETURN r ORDER BY r.createdAt', { from, to })) {
    push(requests, [r.id, r.requester, r.createdAt, r.grade, r.status, r.purpose, (r.columnIds ?? []).length, r.endDate]);
  }
  progress?.(1, 8, 'approvals');
  const approvals = section('approvals', '审批 Approvals', [col('申请 Request', 30), col('环节 Step', 10), col('部门 Department', 10), col('决定 Decision', 12), col('审批人 By'), col('代理 On behalf of'), col('时间 At', 18), col('意见 Reason', 24)]);
  for (const { a } of await graph.read<{ a: Record<string, any> }>('MATCH (a:Approval) WHERE a.decidedAt >= $from AND a.decidedAt < $to RETURN a ORDER BY a.decidedAt', { from, to })) {
    push(approvals, [a.requestId, a.kind, a.department ?? null, a.status, a.decidedBy, a.onBehalfOf ?? null, a.decidedAt, a.reason ?? null]);
  }
  progress?.(2, 8, 'exports');
  const exportsS = section('exports', '导出 Exports', [col('导出 Export', 30), col('申请人 Requester'), col('申请 Request', 30), col('数据集 Dataset', 30), col('开始 Started', 18), col('状态 Status', 10), col('行数 Rows', 8), col('文件哈希 File SHA-256', 40)]);
  for (const { e } of await graph.read<{ e: Record<string, any> }>('MATCH (e:Export) WHERE e.startedAt >= $from AND e.startedAt < $to RETURN e ORDER BY e.startedAt', { from, to })) {
    push(exportsS, [e.id, e.requester, e.requestId, e.datasetId, e.startedAt, e.status, e.rowCount ?? null, e.fileHash ?? null]);
  }
  progress?.(3, 8, 'transfers');
  const transfers = section('transfers', '对外提供 Transfers', [col('编号 Id', 30), col('接收方类型 Kind', 10), col('接收方 Recipient', 20), col('法律依据 Legal basis', 30), col('渠道 Channel', 12), col('级别 Grade', 6), col('核查人 Checker'), col('登记人 By'), col('时间 At', 18), col('导出 Export', 30)]);
  for (const t of await listTransfers(graph, { from, to, limit: MAX_ROWS })) {
    push(transfers, [t.id, t.recipientKind, t.recipient, t.legalBasis, t.channel, t.grade, t.checker, t.registeredBy, t.transferredAt, t.exportId]);
  }
  progress?.(4, 8, 'destructions');
  const destructions = section('destructions', '销毁 Destructions', [col('导出 Export', 30), col('级别 Grade', 6), col('方式 Method', 14), col('销毁时间 Destroyed at', 18), col('确认人 Confirmed by'), col('确认时间 Confirmed at', 18), col('会签人 Countersigned by'), col('哈希一致 Hash matches', 10)]);
  for (const d of await destructionsBetween(graph, from, to)) {
    push(destructions, [d.exportId, d.grade, d.method, d.destroyedAt, d.confirmedBy, d.confirmedAt, d.countersignedBy ?? (d.countersignRequired ? '待会签 pending' : '不需要 n/a'), d.hashMatches === null ? null : d.hashMatches ? '是' : '否']);
  }
  const retirements = section('retirements', '源数据退役与销毁 Retirements', [col('资产 Asset', 34), col('动作 Action', 10), col('级别 Grade', 6), col('状态 Status', 12), col('申请人 By'), col('审批人 Decided by'), col('时间 At', 18), col('下游受影响字段 Downstream', 10)]);
  for (const r of await listRetirements(graph, { from, to, limit: MAX_ROWS })) {
    push(retirements, [r.assetPath, r.action, r.grade, r.status, r.requestedBy, r.decidedBy, r.requestedAt, (JSON.parse(r.impact || '{}').columns ?? []).length]);
  }
  progress?.(5, 8, 'audit trail');
  const traces = section('traces', '溯源 Leak traces', [col('序号 Seq', 8), col('时间 At', 18), col('操作人 Actor'), col('动作 Action', 16), col('结果 Outcome', 10), col('导出 Export', 30)]);
  const exceptions = section('exceptions', '异常 Exceptions', [col('类别 Kind', 18), col('时间 At', 18), col('操作人 Actor'), col('对象 Target', 30), col('说明 Details', 50)]);
  let after: string | null = null;
  let eventsRead = 0;
  for (;;) {
    const page = await audit.list({ filters: { from, to }, order: 'asc', first: 500, after });
    for (const e of page.events) classify(e, traces, exceptions);
    eventsRead += page.events.length;
    if (!page.hasNextPage) break;
    after = page.endCursor;
  }
  progress?.(6, 8, 'overdue destructions and reconciliations');
  for (const o of await overdueDestructions(graph, now)) {
    push(exceptions, [o.state === 'escalated' ? '逾期未销毁(已升级) escalated destruction' : '逾期未销毁 overdue destruction', o.retentionEnd, o.export.requester, o.export.id, `grade ${o.grade}; ${o.daysOverdue} days overdue; approvers ${o.approvers.join(', ') || '—'}`]);
  }
  for (const { x } of await graph.read<{ x: Record<string, any> }>('MATCH (x:ReconciliationResult) WHERE x.at >= $from AND x.at < $to AND x.ok = false RETURN x ORDER BY x.at', { from, to })) {
    push(exceptions, ['勾稽核对失败 failed reconciliation', x.at, x.actor ?? null, x.checkId, x.error ? `error: ${x.error}` : `${x.failingCount ?? 0} failing groups; left ${x.leftTotal ?? '—'} right ${x.rightTotal ?? '—'}`]);
  }
  progress?.(7, 8, 'verifying the audit chain');
  const v = await audit.verify();
  const head = await audit.head();
  progress?.(8, 8, null);
  return {
    from, to, sections: [requests, approvals, exportsS, transfers, traces, destructions, retirements, exceptions],
    verification: { ok: v.ok, checked: v.checked, brokenAt: v.brokenAt, reason: v.reason ?? null }, head, eventsRead,
  };
}

function classify(e: AuditEvent, traces: Section, exceptions: Section): void {
  if (e.action === 'trace.upload' || e.action === 'mutation.traceLeak') {
    if (e.outcome !== 'attempt') push(traces, [e.seq, e.at, e.actor, e.action, e.outcome, e.exportId]);
    return;
  }
  const errors = Array.isArray(e.details?.errors) ? (e.details.errors as string[]).join('; ') : '';
  if (e.action.startsWith('mutation.') && e.outcome === 'rejected' && SELF_APPROVAL.test(errors)) {
    push(exceptions, ['自我审批尝试 self-approval attempted', e.at, e.actor, e.action.slice(9), errors.slice(0, 300)]);
  } else if (e.action === 'export.download' && e.outcome === 'denied') {
    push(exceptions, ['下载被拒 refused download', e.at, e.actor, e.exportId ?? e.target, String(e.details?.reason ?? '').slice(0, 300)]);
  } else if (e.outcome === 'denied') {
    push(exceptions, ['越权操作被拒 denied action', e.at, e.actor, e.action, String(e.details?.reason ?? errors).slice(0, 300)]);
  } else if (e.action === 'export.download.partial') {
    push(exceptions, ['导出中断 partial export', e.at, e.actor, e.exportId, String(e.details?.reason ?? '').slice(0, 300)]);
  }
}

function verificationLines(d: AuditReportData): string[][] {
  return [
    ['期间 Period', `${d.from} — ${d.to}`],
    ['审计链校验 Audit chain verification', d.verification.ok ? `完整 intact (${d.verification.checked} events checked)` : `断裂 BROKEN at event ${d.verification.brokenAt}: ${d.verification.reason}`],
    ['链头 Head', d.head ? `seq ${d.head.seq} hash ${d.head.hash} at ${d.head.at}` : 'empty trail'],
    ['期间事件数 Events in period', String(d.eventsRead)],
    ...d.sections.map((s) => [s.title, `${s.rows.length}${s.truncated ? ` (first ${MAX_ROWS} shown)` : ''}`]),
  ];
}

export async function writeAuditXlsx(data: AuditReportData, out: Writable, meta: ReportMeta): Promise<void> {
  const marker = createCellMarker({ key: meta.watermarkKey, exportId: meta.reportId });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'fundgov';
  const summary = wb.addWorksheet('概要');
  summary.columns = [{ width: 36 }, { width: 100 }];
  for (const r of [['报告 Report', '审计报告 Audit report'], ['生成时间 Generated at', meta.generatedAt], ['生成人 Generated by', meta.actor], ['报告编号 Report id', meta.reportId], ...verificationLines(data)]) summary.addRow(r).commit();
  summary.commit();
  for (const s of data.sections) {
    const ws = wb.addWorksheet(s.title.split(' ')[0]);
    ws.columns = s.columns.map((c) => ({ header: c.header, width: c.width }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for (const r of s.rows) ws.addRow(r.map((v, i) => (typeof v === 'string' && v.length > 1 && i === r.length - 1 ? marker.markCell(v) : v))).commit();
    ws.commit();
  }
  await wb.commit();
}

export async function writeAuditPdf(data: AuditReportData, out: Writable, meta: ReportMeta): Promise<void> {
  const doc = newPdf({ title: '审计报告 Audit report', footer: `fundgov 审计报告 · ${data.from.slice(0, 10)} — ${data.to.slice(0, 10)} · 报告 ${meta.reportId} · ${meta.actor}`, subject: meta.reportId, landscape: true });
  doc.pipe(out);
  doc.font('cjk').fontSize(22).fillColor('#1a237e').text('审计报告', { align: 'center' });
  doc.fontSize(12).fillColor('#000000').text('Audit report: requests, approvals, exports, transfers, traces, destructions and exceptions', { align: 'center' }).moveDown(0.5);
  paragraph(doc, `生成时间: ${meta.generatedAt}    生成人: ${meta.actor}    报告编号: ${meta.reportId}`);
  doc.moveDown(0.3);
  const t = table(doc, [{ header: '项目', width: 16 }, { header: '结果', width: 60 }]);
  for (const [k, v] of verificationLines(data)) t.row([k, v]);
  for (const s of data.sections) {
    heading(doc, `${s.title} (${s.rows.length})`, 12);
    if (!s.rows.length) { paragraph(doc, '本期无记录 none in this period'); continue; }
    const st = table(doc, s.columns, { size: 6.5 });
    for (const r of s.rows) st.row(r);
  }
  await finishPdf(doc, out);
}
