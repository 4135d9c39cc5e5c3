// Access requests, approval chains, the approval policy, delegation and exports.
import { builder, errorType } from './builder.ts';
import type { Context } from './context.ts';
import { ColumnRef } from './catalog.ts';
import { getColumn, type ColumnRecord } from '../catalog/assets.ts';
import {
  AccessError, FILTER_OPS, actorOf, amendRequest, approvalsOf, createRequest, decideStep, expireDue, exportsOf, getRequest,
  issueDownloadLink, listExports, listRequests, maySeeRequest, revokeRequest, setDelegation, waitingFor, withdrawRequest,
  type AccessRequestRecord, type Actor, type ApprovalRecord, type Decision, type ExportRecord, type RequestInput, type WaitingStep,
} from '../catalog/access.ts';
import { PolicyError, STEP_KINDS, currentPolicy, policyHistory, savePolicy, type AccessPolicy, type PolicyRule } from '../catalog/policy.ts';

errorType(AccessError, 'AccessError', 'An access request, approval or export action that is not allowed or malformed; the message says why.');
errorType(PolicyError, 'PolicyError', 'An approval policy that cannot be saved as given.');

const StepKindEnum = builder.enumType('ApprovalStepKind', { values: STEP_KINDS });
const FilterOpEnum = builder.enumType('FilterOp', { values: FILTER_OPS });
const ExportFormatEnum = builder.enumType('ExportFormat', { values: ['csv', 'xlsx'] as const });
const ExportEncodingEnum = builder.enumType('ExportEncoding', { values: ['utf8_bom', 'gbk'] as const });

const encodingIn = (e: string | null | undefined) => (e === 'utf8_bom' ? 'utf8-bom' : e === 'gbk' ? 'gbk' : null);
const encodingOut = (e: string) => (e === 'gbk' ? 'gbk' : 'utf8_bom');

async function actor(ctx: Context): Promise<Actor> {
  const a = await actorOf(ctx.graph, ctx.user!.id);
  if (!a) throw new AccessError('your user no longer exists');
  return a;
}

/** Requests past their end date expire; each expiry is an audit event. */
async function sweep(ctx: Context): Promise<void> {
  for (const id of await expireDue(ctx.graph)) {
    await ctx.audit.append({ actor: 'system', action: 'access.request.expire', target: id, requestId: id, outcome: 'ok', details: { reason: 'end date reached' } });
  }
}

const PolicyRuleRef = builder.objectRef<PolicyRule>('AccessPolicyRule').implement({
  fields: (t) => ({
    grade: t.exposeInt('grade'),
    category: t.exposeString('category', { nullable: true }),
    steps: t.field({ type: [StepKindEnum], resolve: (r) => r.steps }),
    maxDays: t.exposeInt('maxDays'),
    maskedByDefault: t.exposeBoolean('maskedByDefault'),
  }),
});

const PolicyRef = builder.objectRef<AccessPolicy>('AccessPolicy').implement({
  description: 'Who must approve access to data of each grade (and optionally category), in what order, for how long, masked or not.',
  fields: (t) => ({
    version: t.exposeInt('version'),
    rules: t.field({ type: [PolicyRuleRef], resolve: (p) => p.rules }),
    actor: t.exposeString('actor', { nullable: true }),
    at: t.exposeString('at', { nullable: true }),
    reason: t.exposeString('reason', { nullable: true }),
  }),
});

const ApprovalRef = builder.objectRef<ApprovalRecord>('Approval').implement({
  description: 'One step of an approval chain.',
  fields: (t) => ({
    id: t.exposeID('id'),
    requestId: t.exposeString('requestId'),
    revision: t.exposeInt('revision'),
    order: t.exposeInt('order'),
    kind: t.field({ type: StepKindEnum, resolve: (a) => a.kind }),
    department: t.string({ nullable: true, resolve: (a) => a.department ?? null }),
    status: t.exposeString('status'),
    decidedBy: t.string({ nullable: true, resolve: (a) => a.decidedBy ?? null }),
    onBehalfOf: t.string({ nullable: true, resolve: (a) => a.onBehalfOf ?? null }),
    decidedAt: t.string({ nullable: true, resolve: (a) => a.decidedAt ?? null }),
    reason: t.string({ nullable: true, resolve: (a) => a.reason ?? null }),
  }),
});

const ExportRef = builder.objectRef<ExportRecord>('Export').implement({
  description: 'A file an approved request yields, per dataset; produced on download, never kept. Its link is given only to its requester.',
  fields: (t) => ({
    id: t.exposeID('id'),
    requestId: t.exposeString('requestId'),
    requester: t.exposeString('requester'),
    datasetId: t.exposeString('datasetId'),
    sourceId: t.exposeString('sourceId'),
    columnIds: t.exposeStringList('columnIds'),
    clearColumnIds: t.exposeStringList('clearColumnIds', { description: 'columns exported in clear; the others are masked' }),
    format: t.field({ type: ExportFormatEnum, resolve: (e) => e.format }),
    encoding: t.field({ type: ExportEncodingEnum, resolve: (e) => encodingOut(e.encoding) }),
    status: t.exposeString('status'),
    createdAt: t.exposeString('createdAt'),
    endDate: t.exposeString('endDate'),
    retentionUntil: t.exposeString('retentionUntil'),
    linkExpiresAt: t.string({ nullable: true, resolve: (e) => e.linkExpiresAt ?? null }),
    startedAt: t.string({ nullable: true, resolve: (e) => e.startedAt ?? null }),
    finishedAt: t.string({ nullable: true, resolve: (e) => e.finishedAt ?? null }),
    rowCount: t.int({ nullable: true, resolve: (e) => e.rowCount ?? null }),
    fileHash: t.string({ nullable: true, resolve: (e) => e.fileHash ?? null }),
    bytes: t.int({ nullable: true, resolve: (e) => e.bytes ?? null }),
    error: t.string({ nullable: true, resolve: (e) => e.error ?? null }),
    watermarkId: t.exposeString('watermarkId'),
  }),
});

const FilterConditionRef = builder.objectRef<{ columnId: string; op: string; value?: string | null; values?: string[] | null }>('FilterCondition').implement({
  fields: (t) => ({
    columnId: t.exposeString('columnId'),
    op: t.exposeString('op'),
    value: t.string({ nullable: true, resolve: (f) => f.value ?? null }),
    values: t.stringList({ nullable: true, resolve: (f) => f.values ?? null }),
  }),
});

const AccessRequestRef = builder.objectRef<AccessRequestRecord>('AccessRequest').implement({
  description: 'A request for data: columns or datasets, a purpose, an end date, a format, an optional row filter.',
  fields: (t) => ({
    id: t.exposeID('id'),
    requester: t.exposeString('requester'),
    purpose: t.exposeString('purpose'),
    endDate: t.exposeString('endDate'),
    format: t.field({ type: ExportFormatEnum, resolve: (r) => r.format }),
    encoding: t.field({ type: ExportEncodingEnum, resolve: (r) => encodingOut(r.encoding) }),
    status: t.exposeString('status'),
    grade: t.exposeInt('grade', { description: 'highest grade requested (ungraded counts as 4)' }),
    revision: t.exposeInt('revision'),
    columnIds: t.exposeStringList('columnIds'),
    datasetIds: t.exposeStringList('datasetIds'),
    clearColumnIds: t.exposeStringList('clearColumnIds'),
    clearJustification: t.string({ nullable: true, resolve: (r) => r.clearJustification ?? null }),
    filter: t.field({ type: [FilterConditionRef], resolve: (r) => JSON.parse(r.filter || '[]') }),
    reason: t.string({ nullable: true, resolve: (r) => r.reason ?? null, description: 'why it was rejected, sent back or revoked' }),
    createdAt: t.exposeString('createdAt'),
    updatedAt: t.exposeString('updatedAt'),
    columns: t.field({ type: [ColumnRef], resolve: async (r, _a, ctx) => (await Promise.all(r.columnIds.map((id) => getColumn(ctx.graph, id)))).filter((c): c is ColumnRecord => !!c) }),
    approvals: t.field({ type: [ApprovalRef], description: 'the chain of the current revision', resolve: (r, _a, ctx) => approvalsOf(ctx.graph, r.id, r.revision) }),
    history: t.field({ type: [ApprovalRef], description: 'every step of every revision', resolve: (r, _a, ctx) => approvalsOf(ctx.graph, r.id) }),
    exports: t.field({ type: [ExportRef], resolve: (r, _a, ctx) => exportsOf(ctx.graph, r.id) }),
  }),
});

const WaitingStepRef = builder.objectRef<WaitingStep>('WaitingStep').implement({
  fields: (t) => ({
    approval: t.field({ type: ApprovalRef, resolve: (w) => w.approval }),
    request: t.field({ type: AccessRequestRef, resolve: (w) => w.request }),
    onBehalfOf: t.string({ nullable: true, resolve: (w) => w.onBehalfOf ?? null, description: 'set when you act as delegate' }),
  }),
});

const DownloadLinkRef = builder.objectRef<{ exportId: string; url: string; expiresAt: string }>('DownloadLink').implement({
  description: 'A single-use link; GET it with your own Authorization header. It dies after one download or at expiresAt.',
  fields: (t) => ({ exportId: t.exposeString('exportId'), url: t.exposeString('url'), expiresAt: t.exposeString('expiresAt') }),
});

const DelegationRef = builder.objectRef<{ delegateTo: string | null; delegateUntil: string | null }>('Delegation').implement({
  fields: (t) => ({ delegateTo: t.exposeString('delegateTo', { nullable: true }), delegateUntil: t.exposeString('delegateUntil', { nullable: true }) }),
});

const PolicyRuleInput = builder.inputType('AccessPolicyRuleInput', {
  fields: (t) => ({
    grade: t.int({ required: true }),
    category: t.string({ description: 'category code prefix such as C01; omit for the grade’s general rule' }),
    steps: t.field({ type: [StepKindEnum], required: true }),
    maxDays: t.int({ required: true }),
    maskedByDefault: t.boolean({ required: true }),
  }),
});

const FilterInput = builder.inputType('FilterConditionInput', {
  description: 'A structured condition on a requested column; values are plain values, never SQL.',
  fields: (t) => ({
    columnId: t.string({ required: true }),
    op: t.field({ type: FilterOpEnum, required: true }),
    value: t.string(),
    values: t.stringList(),
  }),
});

const RequestInputType = builder.inputType('AccessRequestInput', {
  fields: (t) => ({
    columnIds: t.stringList(),
    datasetIds: t.stringList({ description: 'whole datasets: every current column' }),
    purpose: t.string({ required: true }),
    endDate: t.string({ required: true, description: 'YYYY-MM-DD, within the policy’s maximum for the grades requested' }),
    format: t.field({ type: ExportFormatEnum }),
    encoding: t.field({ type: ExportEncodingEnum, description: 'CSV only: UTF-8 with BOM (default, for Excel) or GBK' }),
    filter: t.field({ type: [FilterInput] }),
    clearColumnIds: t.stringList({ description: 'masked-by-default columns wanted in clear (needs clearJustification)' }),
    clearJustification: t.string(),
  }),
});

type RequestArgs = { columnIds?: string[] | null; datasetIds?: string[] | null; purpose: string; endDate: string; format?: 'csv' | 'xlsx' | null; encoding?: string | null;
  filter?: { columnId: string; op: (typeof FILTER_OPS)[number]; value?: string | null; values?: string[] | null }[] | null; clearColumnIds?: string[] | null; clearJustification?: string | null };
const toInput = (i: RequestArgs): RequestInput => ({ ...i, encoding: encodingIn(i.encoding) });

const reader = { authenticated: true };
const overseer = { governance: true, auditor: true, admin: true };
const deciders = { approver: true, governance: true };

builder.queryFields((t) => ({
  accessPolicy: t.field({ type: PolicyRef, authScopes: reader, resolve: (_r, _a, ctx) => currentPolicy(ctx.graph) }),
  accessPolicyHistory: t.field({ type: [PolicyRef], authScopes: overseer, resolve: (_r, _a, ctx) => policyHistory(ctx.graph) }),
  accessRequest: t.field({
    type: AccessRequestRef, nullable: true, authScopes: reader, args: { id: t.arg.string({ required: true }) },
    description: 'Null when it does not exist or is not yours to see (requester, its approvers, governance, auditors, admins).',
    resolve: async (_r, a, ctx) => {
      const req = await getRequest(ctx.graph, a.id);
      return req && (await maySeeRequest(ctx.graph, await actor(ctx), req)) ? req : null;
    },
  }),
  myAccessRequests: t.field({ type: [AccessRequestRef], authScopes: reader, resolve: (_r, _a, ctx) => listRequests(ctx.graph, { requester: ctx.user!.id }) }),
  accessRequests: t.field({
    type: [AccessRequestRef], authScopes: overseer, args: { status: t.arg.string(), limit: t.arg.int({ defaultValue: 200 }) },
    resolve: (_r, a, ctx) => listRequests(ctx.graph, { status: a.status ?? undefined, limit: a.limit ?? 200 }),
  }),
  approvalsWaitingForMe: t.field({
    type: [WaitingStepRef], authScopes: reader, description: 'Steps you may decide now, yourself or as a delegate.',
    resolve: async (_r, _a, ctx) => waitingFor(ctx.graph, await actor(ctx)),
  }),
  myExports: t.field({ type: [ExportRef], authScopes: reader, resolve: (_r, _a, ctx) => listExports(ctx.graph, { requester: ctx.user!.id }) }),
  exports: t.field({
    type: [ExportRef], authScopes: overseer, args: { limit: t.arg.int({ defaultValue: 200 }) },
    description: 'Every export, for auditors and governance; links are never shown.',
    resolve: (_r, a, ctx) => listExports(ctx.graph, { limit: a.limit ?? 200 }),
  }),
}));

const decide = (decision: Decision) => async (_r: unknown, a: { approvalId: string; reason?: string | null }, ctx: Context) => {
  await sweep(ctx);
  return (await decideStep(ctx.graph, a.approvalId, await actor(ctx), decision, a.reason ?? null)).request;
};

builder.mutationFields((t) => ({
  saveAccessPolicy: t.field({
    type: PolicyRef, authScopes: { governance: true, admin: true }, errors: { types: [PolicyError] },
    description: 'Saves a new version of the approval policy; earlier versions stay readable.',
    args: { rules: t.arg({ type: [PolicyRuleInput], required: true }), reason: t.arg.string({ required: true }), expectedVersion: t.arg.int() },
    resolve: (_r, a, ctx) => savePolicy(ctx.graph, a.rules.map((r) => ({ ...r, category: r.category ?? null, steps: r.steps })), ctx.user!.id, a.reason, a.expectedVersion ?? undefined),
  }),
  requestAccess: t.field({
    type: AccessRequestRef, authScopes: reader, errors: { types: [AccessError] },
    args: { input: t.arg({ type: RequestInputType, required: true }) },
    resolve: (_r, a, ctx) => createRequest(ctx.graph, ctx.user!.id, toInput(a.input as RequestArgs)),
  }),
  amendAccessRequest: t.field({
    type: AccessRequestRef, authScopes: reader, errors: { types: [AccessError] },
    description: 'After changes were asked for: edit the request; a fresh chain starts.',
    args: { id: t.arg.string({ required: true }), input: t.arg({ type: RequestInputType, required: true }) },
    resolve: async (_r, a, ctx) => { await sweep(ctx); return amendRequest(ctx.graph, ctx.user!.id, a.id, toInput(a.input as RequestArgs)); },
  }),
  approveAccessStep: t.field({
    type: AccessRequestRef, authScopes: deciders, errors: { types: [AccessError] },
    args: { approvalId: t.arg.string({ required: true }), reason: t.arg.string({ description: 'optional comment' }) },
    resolve: decide('approve'),
  }),
  rejectAccessStep: t.field({
    type: AccessRequestRef, authScopes: deciders, errors: { types: [AccessError] },
    args: { approvalId: t.arg.string({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: decide('reject'),
  }),
  requestAccessChanges: t.field({
    type: AccessRequestRef, authScopes: deciders, errors: { types: [AccessError] },
    args: { approvalId: t.arg.string({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: decide('changes'),
  }),
  withdrawAccessRequest: t.field({
    type: AccessRequestRef, authScopes: reader, errors: { types: [AccessError] },
    args: { id: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => withdrawRequest(ctx.graph, a.id, await actor(ctx)),
  }),
  revokeAccessRequest: t.field({
    type: AccessRequestRef, authScopes: { approver: true, governance: true, admin: true }, errors: { types: [AccessError] },
    args: { id: t.arg.string({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => revokeRequest(ctx.graph, a.id, await actor(ctx), a.reason),
  }),
  setApprovalDelegation: t.field({
    type: DelegationRef, authScopes: deciders, errors: { types: [AccessError] },
    description: 'While you are away, another user decides your steps (recorded as on behalf of you).',
    args: { delegateId: t.arg.string({ required: true }), until: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => setDelegation(ctx.graph, await actor(ctx), a.delegateId, a.until),
  }),
  clearApprovalDelegation: t.field({
    type: DelegationRef, authScopes: deciders, errors: { types: [AccessError] },
    resolve: async (_r, _a, ctx) => setDelegation(ctx.graph, await actor(ctx), null, null),
  }),
  createDownloadLink: t.field({
    type: DownloadLinkRef, authScopes: reader, errors: { types: [AccessError] },
    description: 'A single-use, expiring link to your own export; a new link replaces the previous one.',
    args: { exportId: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => {
      await sweep(ctx);
      const link = await issueDownloadLink(ctx.graph, a.exportId, await actor(ctx));
      return { exportId: link.exportId, expiresAt: link.expiresAt, url: `/api/v1/exports/${encodeURIComponent(link.exportId)}/download?token=${encodeURIComponent(link.token)}` };
    },
  }),
}));
