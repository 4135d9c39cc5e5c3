// The whole life of graded data: retention and destruction of exports, transfers outside the
// firm, retirement of source data, and the inventory and audit reports.
import { builder, errorType } from './builder.ts';
import type { Context } from './context.ts';
import { actorOf, type Actor } from '../catalog/access.ts';
import {
  RetentionError, DESTRUCTION_METHODS, confirmDestruction, countersignDestruction, currentRetentionPolicy, destructionTodos, overdueDestructions,
  retentionItems, saveRetentionPolicy, escalateOverdue, type DestructionRecord, type RetentionItem, type RetentionPolicy, type RetentionRule,
} from '../catalog/retention.ts';
import { TransferError, RECIPIENT_KINDS, getTransfer, listTransfers, registerTransfer, type TransferRecord } from '../catalog/transfers.ts';
import { RetirementError, decideRetirement, getRetirement, listRetirements, recordRetirement, type RetirementRecord } from '../catalog/retirement.ts';
import { impact } from '../lineage/index.ts';
import { ReportError, getReport, issueReportLink, listReports, type ReportRecord } from '../reports/index.ts';

errorType(RetentionError, 'RetentionError', 'A destruction confirmation, countersignature or retention setting that is not allowed or malformed.');
errorType(TransferError, 'TransferError', 'A transfer outside the firm that cannot be registered as given.');
errorType(RetirementError, 'RetirementError', 'A retirement or destruction of source data that cannot be recorded or decided.');
errorType(ReportError, 'ReportError', 'A report that cannot be generated or downloaded as asked: a scope that names nothing, a bad period, a used link.');

async function actor(ctx: Context): Promise<Actor> {
  const a = await actorOf(ctx.graph, ctx.user!.id);
  if (!a) throw new RetentionError('your user no longer exists');
  return a;
}

/** Exports past their grace period escalate once; each escalation is an audit event. */
async function sweep(ctx: Context): Promise<void> {
  for (const i of await escalateOverdue(ctx.graph)) {
    await ctx.audit.append({ actor: 'system', action: 'export.retention.escalate', target: i.export.id, exportId: i.export.id, requestId: i.export.requestId, grade: i.grade, outcome: 'ok', details: { retentionEnd: i.retentionEnd, daysOverdue: i.daysOverdue, requester: i.export.requester, approvers: i.approvers } });
  }
}

const MethodEnum = builder.enumType('DestructionMethod', { values: DESTRUCTION_METHODS });
const RetentionStateEnum = builder.enumType('RetentionState', { values: ['retained', 'overdue', 'escalated', 'awaiting_countersign', 'destroyed'] as const });
const RecipientKindEnum = builder.enumType('TransferRecipientKind', { values: RECIPIENT_KINDS });
const RetireKindEnum = builder.enumType('RetirementAssetKind', { values: ['Dataset', 'Column'] as const });
const RetireActionEnum = builder.enumType('RetirementAction', { values: ['retired', 'destroyed'] as const });
const ReportFormatEnum = builder.enumType('ReportFormat', { values: ['xlsx', 'pdf'] as const });

const DestructionRef = builder.objectRef<DestructionRecord>('ExportDestruction').implement({
  description: 'The requester’s confirmation that every copy of an export was destroyed, and the approver’s countersignature for grade 3-4.',
  fields: (t) => ({
    id: t.exposeID('id'), exportId: t.exposeString('exportId'), requestId: t.exposeString('requestId'), grade: t.exposeInt('grade'),
    method: t.field({ type: MethodEnum, resolve: (d) => d.method }), description: t.exposeString('description'), destroyedAt: t.exposeString('destroyedAt'),
    copies: t.exposeInt('copies'), fileHash: t.string({ nullable: true, resolve: (d) => d.fileHash ?? null }),
    hashMatches: t.boolean({ nullable: true, resolve: (d) => d.hashMatches ?? null, description: 'whether the given hash is the export’s file hash; null when none was given' }),
    confirmedBy: t.exposeString('confirmedBy'), confirmedAt: t.exposeString('confirmedAt'), countersignRequired: t.exposeBoolean('countersignRequired'),
    countersignedBy: t.string({ nullable: true, resolve: (d) => d.countersignedBy ?? null }), countersignedAt: t.string({ nullable: true, resolve: (d) => d.countersignedAt ?? null }),
  }),
});

const RetentionItemRef = builder.objectRef<RetentionItem>('ExportRetention').implement({
  description: 'An export that left the server, its retention end and where its destruction stands.',
  fields: (t) => ({
    exportId: t.string({ resolve: (i) => i.export.id }), requestId: t.string({ resolve: (i) => i.export.requestId }), requester: t.string({ resolve: (i) => i.export.requester }),
    datasetId: t.string({ resolve: (i) => i.export.datasetId }), downloadedAt: t.string({ nullable: true, resolve: (i) => i.export.startedAt ?? null }),
    endDate: t.string({ resolve: (i) => i.export.endDate }), grade: t.exposeInt('grade'), retentionEnd: t.exposeString('retentionEnd'), escalatesOn: t.exposeString('escalatesOn'),
    state: t.field({ type: RetentionStateEnum, resolve: (i) => i.state }), daysOverdue: t.exposeInt('daysOverdue'), approvers: t.exposeStringList('approvers'),
    destruction: t.field({ type: DestructionRef, nullable: true, resolve: (i) => i.destruction }),
  }),
});

const TodoRef = builder.objectRef<{ role: 'requester' | 'approver'; item: RetentionItem }>('DestructionTodo').implement({
  fields: (t) => ({ role: t.exposeString('role', { description: 'requester: confirm the destruction; approver: chase it or countersign' }), item: t.field({ type: RetentionItemRef, resolve: (x) => x.item }) }),
});

const RetentionRuleRef = builder.objectRef<RetentionRule>('RetentionRule').implement({
  fields: (t) => ({ grade: t.exposeInt('grade'), retentionDays: t.exposeInt('retentionDays'), graceDays: t.exposeInt('graceDays') }),
});
const RetentionPolicyRef = builder.objectRef<RetentionPolicy>('RetentionPolicy').implement({
  description: 'How long copies of exports may be kept after the request’s end date, and the grace before an overdue destruction escalates, per grade.',
  fields: (t) => ({ version: t.exposeInt('version'), rules: t.field({ type: [RetentionRuleRef], resolve: (p) => p.rules }), actor: t.exposeString('actor', { nullable: true }), at: t.exposeString('at', { nullable: true }) }),
});
const RetentionRuleInput = builder.inputType('RetentionRuleInput', {
  fields: (t) => ({ grade: t.int({ required: true }), retentionDays: t.int({ required: true }), graceDays: t.int({ required: true }) }),
});

const TransferRef = builder.objectRef<TransferRecord>('Transfer').implement({
  description: 'Graded data given to a party outside the firm (对外报送/对外提供).',
  fields: (t) => ({
    id: t.exposeID('id'), recipientKind: t.field({ type: RecipientKindEnum, resolve: (x) => x.recipientKind }), recipient: t.exposeString('recipient'),
    legalBasis: t.exposeString('legalBasis'), channel: t.exposeString('channel'), purpose: t.string({ nullable: true, resolve: (x) => x.purpose ?? null }),
    columnIds: t.exposeStringList('columnIds'), columns: t.field({ type: 'JSON', resolve: (x) => JSON.parse(x.columns) }), grade: t.exposeInt('grade'),
    checker: t.string({ nullable: true, resolve: (x) => x.checker ?? null }), checkerDesignated: t.exposeBoolean('checkerDesignated', { description: 'the checker is the designated reporting checker of every column' }),
    exportId: t.string({ nullable: true, resolve: (x) => x.exportId ?? null }), registeredBy: t.exposeString('registeredBy'),
    transferredAt: t.exposeString('transferredAt'), recordedAt: t.exposeString('recordedAt'),
  }),
});
const TransferInput = builder.inputType('TransferInput', {
  fields: (t) => ({
    recipientKind: t.field({ type: RecipientKindEnum, required: true }), recipient: t.string({ required: true }),
    legalBasis: t.string({ required: true, description: 'the regulation, contract or agreement that allows it' }), channel: t.string({ required: true }),
    columnIds: t.stringList({ required: true }), checker: t.string({ description: 'user id of the reporting checker (对外报送核查人); required for grade 3-4' }),
    exportId: t.string({ description: 'the watermarked export the copy was made from' }), purpose: t.string(), transferredAt: t.string(),
  }),
});

const RetirementRef = builder.objectRef<RetirementRecord>('Retirement').implement({
  description: 'A retirement or destruction of a dataset or column in a source, with its approval and its downstream impact.',
  fields: (t) => ({
    id: t.exposeID('id'), assetKind: t.exposeString('assetKind'), assetId: t.exposeString('assetId'), assetPath: t.exposeString('assetPath'), sourceId: t.exposeString('sourceId'),
    action: t.exposeString('action'), reason: t.exposeString('reason'), method: t.string({ nullable: true, resolve: (r) => r.method ?? null }), grade: t.exposeInt('grade'),
    ownerDepartment: t.string({ nullable: true, resolve: (r) => r.ownerDepartment ?? null }), status: t.exposeString('status'),
    requestedBy: t.exposeString('requestedBy'), requestedAt: t.exposeString('requestedAt'),
    decidedBy: t.string({ nullable: true, resolve: (r) => r.decidedBy ?? null }), decidedAt: t.string({ nullable: true, resolve: (r) => r.decidedAt ?? null }),
    decisionReason: t.string({ nullable: true, resolve: (r) => r.decisionReason ?? null }), columnIds: t.exposeStringList('columnIds'),
    impact: t.field({ type: 'JSON', description: 'downstream columns, datasets, reconciliations and exports affected, from lineage', resolve: (r) => JSON.parse(r.impact) }),
  }),
});

const ReportRef = builder.objectRef<ReportRecord>('Report').implement({
  description: 'A generated inventory or audit report; offered once to the person who generated it.',
  fields: (t) => ({
    id: t.exposeID('id'), kind: t.exposeString('kind'), format: t.exposeString('format'), scope: t.exposeString('scope'), actor: t.exposeString('actor'),
    status: t.exposeString('status'), jobId: t.string({ nullable: true, resolve: (r) => r.jobId ?? null }), createdAt: t.exposeString('createdAt'),
    finishedAt: t.string({ nullable: true, resolve: (r) => r.finishedAt ?? null }), rows: t.int({ nullable: true, resolve: (r) => r.rows ?? null }),
    bytes: t.int({ nullable: true, resolve: (r) => r.bytes ?? null }), fileHash: t.string({ nullable: true, resolve: (r) => r.fileHash ?? null }),
    watermarkId: t.exposeString('watermarkId'), error: t.string({ nullable: true, resolve: (r) => r.error ?? null }),
  }),
});
const ReportJobRef = builder.objectRef<{ jobId: string; reportId: string }>('ReportJob').implement({
  description: 'Follow the job with job(id) for progress; then ask createReportDownloadLink(reportId).',
  fields: (t) => ({ jobId: t.exposeString('jobId'), reportId: t.exposeString('reportId') }),
});
const ReportLinkRef = builder.objectRef<{ reportId: string; url: string; expiresAt: string }>('ReportDownloadLink').implement({
  fields: (t) => ({ reportId: t.exposeString('reportId'), url: t.exposeString('url'), expiresAt: t.exposeString('expiresAt') }),
});

const reader = { authenticated: true };
const overseer = { governance: true, auditor: true, admin: true };

builder.queryFields((t) => ({
  retentionPolicy: t.field({ type: RetentionPolicyRef, authScopes: reader, resolve: (_r, _a, ctx) => currentRetentionPolicy(ctx.graph) }),
  exportRetention: t.field({
    type: [RetentionItemRef], authScopes: overseer, args: { state: t.arg({ type: RetentionStateEnum }) },
    description: 'Every export that left the server with its retention state.',
    resolve: async (_r, a, ctx) => (await retentionItems(ctx.graph)).filter((i) => !a.state || i.state === a.state),
  }),
  overdueExportDestructions: t.field({
    type: [RetentionItemRef], authScopes: overseer, description: 'Exports past their retention end whose destruction is not confirmed, worst first.',
    resolve: async (_r, _a, ctx) => { await sweep(ctx); return overdueDestructions(ctx.graph); },
  }),
  myDestructionTodos: t.field({
    type: [TodoRef], authScopes: reader, description: 'Your overdue exports to confirm destroyed, and as approver the ones to chase or countersign.',
    resolve: async (_r, _a, ctx) => { await sweep(ctx); return destructionTodos(ctx.graph, ctx.user!.id); },
  }),
  transfers: t.field({
    type: [TransferRef], authScopes: { ...overseer, steward: true }, args: { from: t.arg.string(), to: t.arg.string(), limit: t.arg.int({ defaultValue: 200 }) },
    resolve: (_r, a, ctx) => listTransfers(ctx.graph, { from: a.from, to: a.to, limit: a.limit ?? 200 }),
  }),
  transfer: t.field({ type: TransferRef, nullable: true, authScopes: { ...overseer, steward: true }, args: { id: t.arg.string({ required: true }) }, resolve: (_r, a, ctx) => getTransfer(ctx.graph, a.id) }),
  retirements: t.field({
    type: [RetirementRef], authScopes: reader, args: { assetId: t.arg.string(), status: t.arg.string(), limit: t.arg.int({ defaultValue: 200 }) },
    description: 'The history of retirements and destructions of source data.',
    resolve: (_r, a, ctx) => listRetirements(ctx.graph, { assetId: a.assetId, status: (a.status as RetirementRecord['status'] | null) ?? null, limit: a.limit ?? 200 }),
  }),
  retirement: t.field({ type: RetirementRef, nullable: true, authScopes: reader, args: { id: t.arg.string({ required: true }) }, resolve: (_r, a, ctx) => getRetirement(ctx.graph, a.id) }),
  reports: t.field({
    type: [ReportRef], authScopes: reader, args: { all: t.arg.boolean({ defaultValue: false, description: 'every report (auditors, governance, admins); yours otherwise' }) },
    resolve: (_r, a, ctx) => listReports(ctx.graph, a.all && ctx.user!.roles.some((r) => r === 'auditor' || r === 'governance' || r === 'admin') ? null : ctx.user!.id),
  }),
  report: t.field({
    type: ReportRef, nullable: true, authScopes: reader, args: { id: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => { const r = await getReport(ctx.graph, a.id); return r && (r.actor === ctx.user!.id || ctx.user!.roles.some((x) => x === 'auditor' || x === 'governance' || x === 'admin')) ? r : null; },
  }),
}));

builder.mutationFields((t) => ({
  confirmExportDestruction: t.field({
    type: DestructionRef, authScopes: reader, errors: { types: [RetentionError] },
    description: 'The requester confirms that every copy of an export was destroyed (how, when, optionally the file’s SHA-256). Audited.',
    args: {
      exportId: t.arg.string({ required: true }), method: t.arg({ type: MethodEnum, required: true }), description: t.arg.string({ required: true }),
      destroyedAt: t.arg.string({ required: true }), copies: t.arg.int(), fileHash: t.arg.string(),
    },
    resolve: async (_r, a, ctx) => {
      const d = await confirmDestruction(ctx.graph, a.exportId, await actor(ctx), { method: a.method, description: a.description, destroyedAt: a.destroyedAt, copies: a.copies, fileHash: a.fileHash });
      await ctx.audit.append({ actor: ctx.user!.id, action: 'export.destroy.confirm', target: d.exportId, exportId: d.exportId, requestId: d.requestId, grade: d.grade, outcome: 'ok',
        details: { method: d.method, destroyedAt: d.destroyedAt, copies: d.copies, hashMatches: d.hashMatches, countersignRequired: d.countersignRequired } });
      return d;
    },
  }),
  countersignExportDestruction: t.field({
    type: DestructionRef, authScopes: { approver: true, governance: true }, errors: { types: [RetentionError] },
    description: 'For grade 3-4: an approver of the request (or governance) countersigns the requester’s confirmation. Audited.',
    args: { exportId: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => {
      const d = await countersignDestruction(ctx.graph, a.exportId, await actor(ctx));
      await ctx.audit.append({ actor: ctx.user!.id, action: 'export.destroy.countersign', target: d.exportId, exportId: d.exportId, requestId: d.requestId, grade: d.grade, outcome: 'ok', details: { confirmedBy: d.confirmedBy } });
      return d;
    },
  }),
  saveRetentionPolicy: t.field({
    type: RetentionPolicyRef, authScopes: { governance: true, admin: true }, errors: { types: [RetentionError] },
    args: { rules: t.arg({ type: [RetentionRuleInput], required: true }), expectedVersion: t.arg.int() },
    resolve: (_r, a, ctx) => saveRetentionPolicy(ctx.graph, a.rules, ctx.user!.id, a.expectedVersion ?? undefined),
  }),
  registerTransfer: t.field({
    type: TransferRef, authScopes: { steward: true, governance: true, business: true, admin: true }, errors: { types: [TransferError] },
    description: 'Registers a transfer of graded data outside the firm; grade 3-4 needs a named reporting checker. Audited.',
    args: { input: t.arg({ type: TransferInput, required: true }) },
    resolve: async (_r, a, ctx) => {
      const x = await registerTransfer(ctx.graph, ctx.user!.id, a.input);
      await ctx.audit.append({ actor: ctx.user!.id, action: 'transfer.register', target: x.recipient, exportId: x.exportId, grade: x.grade, outcome: 'ok',
        details: { transferId: x.id, recipientKind: x.recipientKind, legalBasis: x.legalBasis, channel: x.channel, checker: x.checker, columns: x.columnIds.length } });
      return x;
    },
  }),
  recordRetirement: t.field({
    type: RetirementRef, authScopes: { steward: true, admin: true }, errors: { types: [RetirementError] },
    description: 'Records the retirement or destruction of a dataset or column; grade 3-4 waits for its owner department’s approval. Audited.',
    args: { kind: t.arg({ type: RetireKindEnum, required: true }), id: t.arg.string({ required: true }), action: t.arg({ type: RetireActionEnum, required: true }), reason: t.arg.string({ required: true }), method: t.arg.string() },
    resolve: async (_r, a, ctx) => {
      const r = await recordRetirement(ctx.graph, await actor(ctx), { kind: a.kind, id: a.id, action: a.action, reason: a.reason, method: a.method }, (cid) => impact(ctx.graph, cid));
      await ctx.audit.append({ actor: ctx.user!.id, action: 'asset.retirement.record', target: r.assetId, grade: r.grade, outcome: r.status, details: { retirementId: r.id, action: r.action, downstreamColumns: JSON.parse(r.impact).columns.length } });
      return r;
    },
  }),
  approveRetirement: t.field({
    type: RetirementRef, authScopes: { approver: true }, errors: { types: [RetirementError] },
    args: { id: t.arg.string({ required: true }), reason: t.arg.string() },
    resolve: async (_r, a, ctx) => {
      const r = await decideRetirement(ctx.graph, a.id, await actor(ctx), true, a.reason ?? null);
      await ctx.audit.append({ actor: ctx.user!.id, action: 'asset.retirement.approve', target: r.assetId, grade: r.grade, outcome: 'ok', details: { retirementId: r.id, action: r.action } });
      return r;
    },
  }),
  rejectRetirement: t.field({
    type: RetirementRef, authScopes: { approver: true }, errors: { types: [RetirementError] },
    args: { id: t.arg.string({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => {
      const r = await decideRetirement(ctx.graph, a.id, await actor(ctx), false, a.reason);
      await ctx.audit.append({ actor: ctx.user!.id, action: 'asset.retirement.reject', target: r.assetId, grade: r.grade, outcome: 'ok', details: { retirementId: r.id } });
      return r;
    },
  }),
  generateInventoryReport: t.field({
    type: ReportJobRef, authScopes: { steward: true, governance: true, auditor: true, admin: true }, errors: { types: [ReportError] },
    description: 'The classification inventory (数据分类分级清单) of a scope: firm, system:NAME, source:ID or department:ID. Runs as a job; audited and watermarked.',
    args: { scope: t.arg.string({ required: true }), format: t.arg({ type: ReportFormatEnum, required: true }) },
    resolve: (_r, a, ctx) => ctx.ops.startReport({ kind: 'inventory', format: a.format, scope: a.scope }, ctx.user!.id, ctx.audit),
  }),
  generateAuditReport: t.field({
    type: ReportJobRef, authScopes: overseer, errors: { types: [ReportError] },
    description: 'The audit report of a period (from, to: YYYY-MM-DD, both inclusive). Runs as a job; audited and watermarked.',
    args: { from: t.arg.string({ required: true }), to: t.arg.string({ required: true }), format: t.arg({ type: ReportFormatEnum, required: true }) },
    resolve: (_r, a, ctx) => ctx.ops.startReport({ kind: 'audit', format: a.format, from: a.from, to: a.to }, ctx.user!.id, ctx.audit),
  }),
  createReportDownloadLink: t.field({
    type: ReportLinkRef, authScopes: reader, errors: { types: [ReportError] },
    description: 'A single-use link to a report you generated; GET it with your Authorization header.',
    args: { reportId: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => {
      const l = await issueReportLink(ctx.graph, a.reportId, ctx.user!.id);
      return { reportId: a.reportId, expiresAt: l.expiresAt, url: `/api/v1/reports/${encodeURIComponent(a.reportId)}/download?token=${encodeURIComponent(l.token)}` };
    },
  }),
}));
