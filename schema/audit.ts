// The audit trail: read, verify, head.
import { builder } from './builder.ts';
import type { AuditEvent as AuditEventRow, VerifyResult, AuditHead as AuditHeadRow } from '../audit/index.ts';

const AuditEvent = builder.objectRef<AuditEventRow>('AuditEvent').implement({
  description: 'One event of the append-only, hash-chained audit trail.',
  fields: (t) => ({
    seq: t.exposeInt('seq'),
    at: t.exposeString('at'),
    actor: t.exposeString('actor'),
    action: t.exposeString('action'),
    target: t.exposeString('target', { nullable: true }),
    grade: t.exposeInt('grade', { nullable: true }),
    requestId: t.exposeString('requestId', { nullable: true }),
    exportId: t.exposeString('exportId', { nullable: true }),
    outcome: t.exposeString('outcome'),
    details: t.field({ type: 'JSON', nullable: true, resolve: (e) => e.details ?? null }),
    prevHash: t.exposeString('prevHash'),
    hash: t.exposeString('hash'),
  }),
});

const AuditVerification = builder.objectRef<VerifyResult>('AuditVerification').implement({
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    checked: t.exposeInt('checked'),
    brokenAt: t.exposeInt('brokenAt', { nullable: true, description: 'sequence number of the first broken link' }),
    reason: t.exposeString('reason', { nullable: true }),
  }),
});

const AuditHead = builder.objectRef<AuditHeadRow>('AuditHead').implement({
  fields: (t) => ({ seq: t.exposeInt('seq'), hash: t.exposeString('hash'), at: t.exposeString('at') }),
});

const AuditFilter = builder.inputType('AuditFilter', {
  fields: (t) => ({
    actor: t.string(), action: t.string(), target: t.string(), outcome: t.string(),
    requestId: t.string(), exportId: t.string(),
    from: t.string({ description: 'ISO time, inclusive' }), to: t.string({ description: 'ISO time, exclusive' }),
  }),
});

const AuditEdge = builder.objectRef<{ node: AuditEventRow; cursor: string }>('AuditEventEdge').implement({
  fields: (t) => ({ node: t.field({ type: AuditEvent, resolve: (e) => e.node }), cursor: t.exposeString('cursor') }),
});
const AuditPageInfo = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('AuditPageInfo').implement({
  fields: (t) => ({ hasNextPage: t.exposeBoolean('hasNextPage'), endCursor: t.exposeString('endCursor', { nullable: true }) }),
});
const AuditConnection = builder.objectRef<{ edges: { node: AuditEventRow; cursor: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>('AuditEventConnection').implement({
  description: 'A page of audit events (Relay-style, forward pagination).',
  fields: (t) => ({
    edges: t.field({ type: [AuditEdge], resolve: (c) => c.edges }),
    pageInfo: t.field({ type: AuditPageInfo, resolve: (c) => c.pageInfo }),
  }),
});

const auditReaders = { auditor: true, governance: true, admin: true };

builder.queryFields((t) => ({
  auditVerify: t.field({
    type: AuditVerification,
    description: 'Recomputes the whole hash chain and names the first broken link.',
    authScopes: auditReaders,
    resolve: (_r, _a, ctx) => ctx.audit.verify(),
  }),
  auditHead: t.field({
    type: AuditHead,
    nullable: true,
    description: 'The latest sequence number and hash, to be written down outside the system.',
    authScopes: auditReaders,
    resolve: (_r, _a, ctx) => ctx.audit.head(),
  }),
  auditEvents: t.field({
    type: AuditConnection,
    description: 'The audit trail, newest first unless order is asc.',
    authScopes: auditReaders,
    args: {
      filter: t.arg({ type: AuditFilter }),
      first: t.arg.int({ defaultValue: 50 }),
      after: t.arg.string(),
      ascending: t.arg.boolean({ defaultValue: false }),
    },
    resolve: async (_r, a, ctx) => {
      const f = a.filter ?? {};
      const filters = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== null && v !== undefined));
      const page = await ctx.audit.list({ filters, after: a.after ?? null, first: Math.min(Math.max(a.first ?? 50, 1), 500), order: a.ascending ? 'asc' : 'desc' });
      return {
        edges: page.events.map((e) => ({ node: e, cursor: String(e.seq) })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      };
    },
  }),
}));
