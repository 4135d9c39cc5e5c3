// Sources, datasets, columns, ownership and harvest jobs.
import { resolveArrayConnection } from '@pothos/plugin-relay';
import { builder, errorType, DoneRef } from './builder.ts';
import {
  CatalogError, upsertSource, getSource, listSources, removeSource, listDatasets, getDataset, columnsOf,
  getColumn, columnVersions, describeAsset, assertSourceId, type SourceRecord, type DatasetRecord, type ColumnRecord,
} from '../catalog/assets.ts';
import { setOwnership, datasetOwnership, columnOwnership, ownershipGaps, OWNERSHIP_ROLES, type Ownership, type OwnershipGap } from '../catalog/ownership.ts';
import { getJob, listJobs, type JobRecord } from '../catalog/jobs.ts';

errorType(CatalogError, 'CatalogError', 'A source, dataset, column or owner that is unknown or malformed.');

const SourceKindEnum = builder.enumType('SourceKind', { values: ['postgres', 'csv', 'ddl'] as const });
const OwnershipRoleEnum = builder.enumType('OwnershipRole', { values: OWNERSHIP_ROLES });
const AssetKindEnum = builder.enumType('AssetKind', { values: ['Dataset', 'Column'] as const });

export const OwnershipRef = builder.objectRef<Ownership>('Ownership').implement({
  description: 'Owner department (属主), custodian (日常管理保管者), external-reporting checker (对外报送核查人), consumers (数据使用者).',
  fields: (t) => ({
    owner: t.exposeString('owner', { nullable: true }),
    custodian: t.exposeString('custodian', { nullable: true }),
    reportingChecker: t.exposeString('reportingChecker', { nullable: true }),
    consumers: t.exposeStringList('consumers'),
    inherited: t.field({ type: [OwnershipRoleEnum], resolve: (o) => o.inherited }),
  }),
});

const ColumnVersionRef = builder.objectRef<Awaited<ReturnType<typeof columnVersions>>[number]>('ColumnVersion').implement({
  fields: (t) => ({
    version: t.exposeInt('version'),
    kind: t.exposeString('kind'),
    attributes: t.exposeStringList('attributes'),
    before: t.field({ type: 'JSON', nullable: true, resolve: (v) => (v.before ? JSON.parse(v.before) : null) }),
    after: t.field({ type: 'JSON', nullable: true, resolve: (v) => (v.after ? JSON.parse(v.after) : null) }),
    at: t.exposeString('at'),
  }),
});

export const ColumnRef = builder.objectRef<ColumnRecord>('Column').implement({
  description: 'A field of a dataset, with its grade under JR/T 0158-2018.',
  fields: (t) => ({
    id: t.exposeID('id'),
    datasetId: t.exposeString('datasetId'),
    sourceId: t.exposeString('sourceId'),
    name: t.exposeString('name'),
    path: t.exposeString('path'),
    ordinal: t.exposeInt('ordinal'),
    dataType: t.exposeString('dataType'),
    length: t.exposeInt('length', { nullable: true }),
    precision: t.exposeInt('precision', { nullable: true }),
    scale: t.exposeInt('scale', { nullable: true }),
    nullable: t.exposeBoolean('nullable'),
    defaultValue: t.exposeString('defaultValue', { nullable: true }),
    comment: t.exposeString('comment', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    primaryKey: t.exposeBoolean('primaryKey'),
    references: t.exposeString('references', { nullable: true }),
    dropped: t.boolean({ resolve: (c) => !!c.dropped }),
    version: t.int({ resolve: (c) => c.version ?? 1 }),
    grade: t.exposeInt('grade', { nullable: true }),
    categoryId: t.exposeString('categoryId', { nullable: true }),
    categoryPath: t.exposeString('categoryPath', { nullable: true }),
    gradeStatus: t.string({ resolve: (c) => c.gradeStatus ?? 'unclassified' }),
    confidence: t.exposeFloat('confidence', { nullable: true }),
    needsReview: t.boolean({ resolve: (c) => !!c.needsReview }),
    versions: t.field({ type: [ColumnVersionRef], resolve: (c, _a, ctx) => columnVersions(ctx.graph, c.id) }),
    ownership: t.field({ type: OwnershipRef, resolve: (c, _a, ctx) => columnOwnership(ctx.graph, c.id) }),
  }),
});

export const DatasetRef = builder.objectRef<DatasetRecord>('Dataset').implement({
  description: 'A table, view or file of a source.',
  fields: (t) => ({
    id: t.exposeID('id'),
    sourceId: t.exposeString('sourceId'),
    schema: t.exposeString('schema', { nullable: true }),
    name: t.exposeString('name'),
    path: t.exposeString('path'),
    kind: t.exposeString('kind'),
    comment: t.exposeString('comment', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    viewSql: t.exposeString('viewSql', { nullable: true }),
    rowEstimate: t.exposeInt('rowEstimate', { nullable: true }),
    columnCount: t.exposeInt('columnCount'),
    dropped: t.boolean({ resolve: (d) => !!d.dropped }),
    grade: t.exposeInt('grade', { nullable: true, description: 'highest grade of its columns (就高), raised by aggregation rules' }),
    categoryId: t.exposeString('categoryId', { nullable: true }),
    columns: t.field({ type: [ColumnRef], resolve: (d, _a, ctx) => columnsOf(ctx.graph, d.id) }),
    ownership: t.field({ type: OwnershipRef, resolve: (d, _a, ctx) => datasetOwnership(ctx.graph, d.id) }),
  }),
});

export const SourceRef = builder.objectRef<SourceRecord>('Source').implement({
  description: 'A system fundgov harvests: a PostgreSQL database, a CSV file or folder, DDL files. Credentials are never returned.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    system: t.exposeString('system'),
    kind: t.exposeString('kind'),
    schemas: t.exposeStringList('schemas', { nullable: true }),
    path: t.exposeString('path', { nullable: true }),
    dialect: t.exposeString('dialect', { nullable: true }),
    hasCredentials: t.boolean({ resolve: (s) => !!s.connectionEnc }),
    createdAt: t.exposeString('createdAt'),
    lastHarvestAt: t.exposeString('lastHarvestAt', { nullable: true }),
    lastHarvestStatus: t.exposeString('lastHarvestStatus', { nullable: true }),
    datasets: t.connection({ type: DatasetRef, resolve: async (s, args, ctx) => resolveArrayConnection({ args }, await listDatasets(ctx.graph, s.id)) }),
  }),
});

export const JobRef = builder.objectRef<JobRecord>('Job').implement({
  description: 'Long work (harvest, classification) with its progress.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.exposeString('kind'),
    target: t.exposeString('target'),
    actor: t.exposeString('actor'),
    status: t.exposeString('status'),
    done: t.exposeInt('done'),
    total: t.exposeInt('total'),
    current: t.exposeString('current', { nullable: true }),
    message: t.exposeString('message', { nullable: true }),
    result: t.field({ type: 'JSON', nullable: true, resolve: (j) => (j.result ? JSON.parse(j.result) : null) }),
    startedAt: t.exposeString('startedAt'),
    finishedAt: t.exposeString('finishedAt', { nullable: true }),
  }),
});

const OwnershipGapRef = builder.objectRef<OwnershipGap>('OwnershipGap').implement({
  fields: (t) => ({
    kind: t.exposeString('kind'), id: t.exposeString('id'), path: t.exposeString('path'),
    grade: t.exposeInt('grade'), missing: t.exposeStringList('missing'),
  }),
});

const reader = { authenticated: true };
const steward = { steward: true, admin: true };

builder.queryFields((t) => ({
  sources: t.field({ type: [SourceRef], authScopes: reader, resolve: (_r, _a, ctx) => listSources(ctx.graph) }),
  source: t.field({ type: SourceRef, nullable: true, authScopes: reader, args: { id: t.arg.string({ required: true }) }, resolve: (_r, a, ctx) => getSource(ctx.graph, a.id) }),
  dataset: t.field({ type: DatasetRef, nullable: true, authScopes: reader, args: { id: t.arg.string({ required: true }) }, resolve: (_r, a, ctx) => getDataset(ctx.graph, a.id) }),
  column: t.field({ type: ColumnRef, nullable: true, authScopes: reader, args: { id: t.arg.string({ required: true }) }, resolve: (_r, a, ctx) => getColumn(ctx.graph, a.id) }),
  jobs: t.field({ type: [JobRef], authScopes: reader, args: { limit: t.arg.int({ defaultValue: 50 }) }, resolve: (_r, a, ctx) => listJobs(ctx.graph, Math.min(a.limit ?? 50, 500)) }),
  job: t.field({ type: JobRef, nullable: true, authScopes: reader, args: { id: t.arg.string({ required: true }) }, resolve: (_r, a, ctx) => getJob(ctx.graph, a.id) }),
  ownershipGaps: t.field({
    type: [OwnershipGapRef], authScopes: { steward: true, governance: true, admin: true, auditor: true },
    description: 'Graded datasets and columns without an owner or custodian, worst grade first.',
    args: { includeColumns: t.arg.boolean({ defaultValue: true }) },
    resolve: (_r, a, ctx) => ownershipGaps(ctx.graph, { includeColumns: a.includeColumns ?? true }),
  }),
}));

const SourceInput = builder.inputType('SourceInput', {
  fields: (t) => ({
    id: t.string({ required: true }),
    name: t.string({ required: true }),
    system: t.string({ required: true, description: 'TA, 估值, 投资, 直销, CRM, 数仓 …' }),
    kind: t.field({ type: SourceKindEnum, required: true }),
    connectionUrl: t.string({ description: 'postgres://user:password@host/db — stored encrypted, never returned' }),
    schemas: t.stringList(),
    path: t.string({ description: 'CSV file or folder, DDL file or folder, on the server' }),
    dialect: t.string({ description: 'DDL dialect: mysql, postgres or oracle (detected when empty)' }),
  }),
});

builder.mutationFields((t) => ({
  registerSource: t.field({
    type: SourceRef, authScopes: steward, errors: { types: [CatalogError] },
    args: { input: t.arg({ type: SourceInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      assertSourceId(input.id);
      if (input.kind === 'postgres') {
        if (!input.connectionUrl) throw new CatalogError('a postgres source needs connectionUrl');
        if (!/^postgres(ql)?:\/\//.test(input.connectionUrl)) throw new CatalogError('connectionUrl must start with postgres:// or postgresql://');
      } else if (!input.path) throw new CatalogError(`a ${input.kind} source needs a path`);
      if (input.dialect && !['mysql', 'postgres', 'oracle'].includes(input.dialect)) throw new CatalogError('dialect is mysql, postgres or oracle');
      const existing = await getSource(ctx.graph, input.id);
      return upsertSource(ctx.graph, {
        id: input.id, name: input.name, system: input.system, kind: input.kind,
        schemas: input.schemas ?? null,
        path: input.path ? ctx.ops.checkSourcePath(input.path) : null,
        dialect: input.dialect ?? null,
        connectionEnc: input.connectionUrl ? ctx.ops.sealCredential(input.connectionUrl) : existing?.connectionEnc ?? null,
      });
    },
  }),
  removeSource: t.field({
    type: DoneRef, authScopes: steward, errors: { types: [CatalogError] },
    description: 'Hides a source; its datasets, lineage and history stay.',
    args: { id: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => { if (!(await removeSource(ctx.graph, a.id))) throw new CatalogError(`source ${a.id} does not exist`); return { ok: true as const, id: a.id }; },
  }),
  startHarvest: t.field({
    type: JobRef, authScopes: steward, errors: { types: [CatalogError] },
    args: { sourceId: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => {
      if (!(await getSource(ctx.graph, a.sourceId))) throw new CatalogError(`source ${a.sourceId} does not exist`);
      const { jobId } = await ctx.ops.startHarvest(a.sourceId, ctx.user!.id);
      return (await getJob(ctx.graph, jobId))!;
    },
  }),
  cancelJob: t.field({
    type: DoneRef, authScopes: steward, errors: { types: [CatalogError] },
    args: { id: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => { if (!ctx.ops.cancelJob(a.id)) throw new CatalogError(`job ${a.id} is not running`); return { ok: true as const, id: a.id }; },
  }),
  describeAsset: t.field({
    type: DoneRef, authScopes: steward, errors: { types: [CatalogError] },
    args: { kind: t.arg({ type: AssetKindEnum, required: true }), id: t.arg.string({ required: true }), description: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => { if (!(await describeAsset(ctx.graph, a.kind, a.id, a.description))) throw new CatalogError(`${a.kind} ${a.id} does not exist`); return { ok: true as const, id: a.id }; },
  }),
  setOwnership: t.field({
    type: OwnershipRef, authScopes: steward, errors: { types: [CatalogError] },
    description: 'Replaces the parties of one ownership role (departments; a user for reporting_checker). Empty clears it.',
    args: { kind: t.arg({ type: AssetKindEnum, required: true }), id: t.arg.string({ required: true }), role: t.arg({ type: OwnershipRoleEnum, required: true }), parties: t.arg.stringList({ required: true }) },
    resolve: (_r, a, ctx) => setOwnership(ctx.graph, a.kind, a.id, a.role, a.parties),
  }),
}));
