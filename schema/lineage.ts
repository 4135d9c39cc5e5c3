// Column lineage: upstream/downstream, impact, paths, table roll-up, grade conflicts along
// lineage, manual edges, SQL ingestion, reconciliation checks (勾稽关系).
import { builder, errorType } from './builder.ts';
import type { Context } from './context.ts';
import {
  LineageError, ReconciliationError, ingestSql, addManualEdge, retireEdge, upstream, downstream, impact, lineagePaths, tableLineage,
  gradeConflicts, suggestFromLineage, defineReconciliation, listReconciliations, getReconciliation, runReconciliation,
  reconciliationResults, TRANSFORM_KINDS, createEdgeDetailLoader, type EdgeSummary,
  type LineageEdge, type LineageNode, type LineageGraph, type Impact, type ImpactDataset, type ImpactReconciliation, type LineagePath,
  type LineagePaths, type TableLineage, type TableNode, type TableEdge, type GradeConflict, type GradeLowering, type GradeSuggestion,
  type PathStep, type GradeConflictReport, type Reconciliation, type ReconciliationResult, type ResolvedSide, type SqlIngestResult,
  type LineageProblem,
} from '../lineage/index.ts';

errorType(LineageError, 'LineageError', 'A lineage request naming an unknown column, edge or dataset, or with a bad transform, depth or reason.');
errorType(ReconciliationError, 'ReconciliationError', 'A reconciliation check that is not a read-only aggregate over catalogue columns, unknown, or cannot run.');

const TransformKindEnum = builder.enumType('TransformKind', { values: TRANSFORM_KINDS as unknown as readonly ['copy', 'derive', 'aggregate', 'mask', 'filter'] });
const SqlDialectEnum = builder.enumType('SqlDialect', { values: ['postgres', 'mysql'] as const });

// Traversals return edge summaries; the other fields are loaded for the edges a query shows,
// one batched lookup per request.
const detailLoaders = new WeakMap<object, ReturnType<typeof createEdgeDetailLoader>>();
function detail<K extends keyof LineageEdge>(key: K) {
  return async (e: EdgeSummary, _a: unknown, ctx: Context): Promise<LineageEdge[K] | null> => {
    if (e[key] !== undefined) return e[key] as LineageEdge[K];
    let load = detailLoaders.get(ctx);
    if (!load) { load = createEdgeDetailLoader(ctx.graph); detailLoaders.set(ctx, load); }
    return ((await load(e))?.[key] ?? null) as LineageEdge[K] | null;
  };
}

const LineageEdgeRef = builder.objectRef<EdgeSummary>('LineageEdge').implement({
  description: 'A column-to-column flow, with its transform and where it was learnt (SQL file and statement, OpenLineage job and run, a view, or a person).',
  fields: (t) => ({
    id: t.exposeID('id'),
    from: t.exposeString('fromId', { description: 'column id the values come from' }),
    to: t.exposeString('toId', { description: 'column id the values go to' }),
    transform: t.field({ type: TransformKindEnum, resolve: (e) => e.transform }),
    provenance: t.exposeString('provenance', { description: 'sql, view, openlineage or manual' }),
    transformations: t.stringList({ description: 'the producer\'s own transformations, e.g. DIRECT:IDENTITY', resolve: async (e, a, ctx) => (await detail('transformations')(e, a, ctx)) ?? [] }),
    via: t.stringList({ description: 'for mask/aggregate: the functions that desensitised the value', resolve: async (e, a, ctx) => (await detail('via')(e, a, ctx)) ?? [] }),
    job: t.string({ nullable: true, resolve: detail('job') }),
    runId: t.string({ nullable: true, resolve: detail('runId') }),
    file: t.string({ nullable: true, resolve: detail('file') }),
    statementIndex: t.int({ nullable: true, resolve: detail('statementIndex') }),
    line: t.int({ nullable: true, resolve: detail('line') }),
    sql: t.string({ nullable: true, resolve: detail('sql') }),
    note: t.string({ nullable: true, resolve: detail('note') }),
    actor: t.string({ nullable: true, resolve: detail('actor') }),
    createdAt: t.string({ resolve: async (e, a, ctx) => (await detail('createdAt')(e, a, ctx)) ?? '' }),
    retired: t.boolean({ resolve: async (e, a, ctx) => !!(await detail('retired')(e, a, ctx)) }),
    retiredAt: t.string({ nullable: true, resolve: detail('retiredAt') }),
    retiredBy: t.string({ nullable: true, resolve: detail('retiredBy') }),
    retiredReason: t.string({ nullable: true, resolve: detail('retiredReason') }),
  }),
});

const LineageColumnRef = builder.objectRef<LineageNode>('LineageColumn').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    path: t.exposeString('path'),
    datasetId: t.exposeString('datasetId'),
    datasetPath: t.exposeString('datasetPath', { nullable: true }),
    sourceId: t.exposeString('sourceId'),
    grade: t.exposeInt('grade', { nullable: true }),
    gradeStatus: t.exposeString('gradeStatus', { nullable: true }),
    categoryId: t.exposeString('categoryId', { nullable: true }),
    external: t.exposeBoolean('external', { description: 'a placeholder for a column the catalogue has not harvested' }),
    depth: t.exposeInt('depth', { description: 'hops from the column asked about' }),
  }),
});

const LineageGraphRef = builder.objectRef<LineageGraph>('LineageGraph').implement({
  fields: (t) => ({
    root: t.exposeString('root'),
    direction: t.exposeString('direction'),
    depth: t.exposeInt('depth'),
    nodes: t.field({ type: [LineageColumnRef], resolve: (g) => g.nodes }),
    edges: t.field({ type: [LineageEdgeRef], resolve: (g) => g.edges }),
    truncated: t.exposeBoolean('truncated'),
  }),
});

const ImpactDatasetRef = builder.objectRef<ImpactDataset>('ImpactDataset').implement({
  fields: (t) => ({
    id: t.exposeID('id'), path: t.exposeString('path'), name: t.exposeString('name'), kind: t.exposeString('kind', { nullable: true }),
    sourceId: t.exposeString('sourceId'), external: t.exposeBoolean('external'), columns: t.exposeInt('columns'), minDepth: t.exposeInt('minDepth'),
  }),
});

const ImpactReconciliationRef = builder.objectRef<ImpactReconciliation>('ImpactReconciliation').implement({
  fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name'), columnIds: t.exposeStringList('columnIds') }),
});

const ImpactRef = builder.objectRef<Impact>('LineageImpact').implement({
  description: 'What depends on a column: downstream columns, tables and reports, reconciliation checks, exports, jobs.',
  fields: (t) => ({
    column: t.exposeString('column'),
    depth: t.exposeInt('depth'),
    columns: t.field({ type: [LineageColumnRef], resolve: (i) => i.columns }),
    datasets: t.field({ type: [ImpactDatasetRef], resolve: (i) => i.datasets }),
    reconciliations: t.field({ type: [ImpactReconciliationRef], resolve: (i) => i.reconciliations }),
    exports: t.exposeStringList('exports'),
    jobs: t.exposeStringList('jobs'),
    edges: t.field({ type: [LineageEdgeRef], resolve: (i) => i.edges }),
    truncated: t.exposeBoolean('truncated'),
  }),
});

const LineagePathRef = builder.objectRef<LineagePath>('LineagePath').implement({
  fields: (t) => ({ columns: t.exposeStringList('columns'), edges: t.field({ type: [LineageEdgeRef], resolve: (p) => p.edges }) }),
});

const LineagePathsRef = builder.objectRef<LineagePaths>('LineagePaths').implement({
  fields: (t) => ({
    from: t.exposeString('from'), to: t.exposeString('to'), maxDepth: t.exposeInt('maxDepth'),
    paths: t.field({ type: [LineagePathRef], resolve: (p) => p.paths }),
    nodes: t.field({ type: [LineageColumnRef], resolve: (p) => p.nodes }),
    truncated: t.exposeBoolean('truncated'),
  }),
});

const TableNodeRef = builder.objectRef<TableNode>('LineageDataset').implement({
  fields: (t) => ({
    id: t.exposeID('id'), path: t.exposeString('path'), name: t.exposeString('name'), kind: t.exposeString('kind', { nullable: true }),
    sourceId: t.exposeString('sourceId'), external: t.exposeBoolean('external'), grade: t.exposeInt('grade', { nullable: true }), depth: t.exposeInt('depth'),
  }),
});

const TransformCountRef = builder.objectRef<{ transform: string; count: number }>('TransformCount').implement({
  fields: (t) => ({ transform: t.exposeString('transform'), count: t.exposeInt('count') }),
});

const TableEdgeRef = builder.objectRef<TableEdge>('TableLineageEdge').implement({
  fields: (t) => ({
    from: t.exposeString('fromDatasetId'), to: t.exposeString('toDatasetId'), columnEdges: t.exposeInt('columnEdges'),
    transforms: t.field({ type: [TransformCountRef], resolve: (e) => e.transforms }),
  }),
});

const TableLineageRef = builder.objectRef<TableLineage>('TableLineage').implement({
  description: 'Dataset-level lineage: the roll-up of column edges.',
  fields: (t) => ({
    root: t.exposeString('root'), depth: t.exposeInt('depth'),
    datasets: t.field({ type: [TableNodeRef], resolve: (l) => l.datasets }),
    edges: t.field({ type: [TableEdgeRef], resolve: (l) => l.edges }),
    truncated: t.exposeBoolean('truncated'),
  }),
});

const PathStepRef = builder.objectRef<PathStep>('LineagePathStep').implement({
  fields: (t) => ({ edgeId: t.exposeString('edgeId'), from: t.exposeString('fromId'), to: t.exposeString('toId'), transform: t.exposeString('transform') }),
});

const GradeConflictRef = builder.objectRef<GradeConflict>('LineageGradeConflict').implement({
  description: 'A column graded below an upstream column that reaches it without masking or aggregation.',
  fields: (t) => ({
    columnId: t.exposeString('columnId'), path: t.exposeString('path'), grade: t.exposeInt('grade'),
    upstreamId: t.exposeString('upstreamId'), upstreamPath: t.exposeString('upstreamPath'), upstreamGrade: t.exposeInt('upstreamGrade'),
    steps: t.field({ type: [PathStepRef], resolve: (c) => c.steps }),
  }),
});

const GradeLoweringRef = builder.objectRef<GradeLowering>('LineageGradeLowering').implement({
  description: 'A mask or aggregate edge into a lower-graded column, with the rule that allowed the lower grade.',
  fields: (t) => ({
    edgeId: t.exposeString('edgeId'), fromId: t.exposeString('fromId'), fromPath: t.exposeString('fromPath'), fromGrade: t.exposeInt('fromGrade'),
    toId: t.exposeString('toId'), toPath: t.exposeString('toPath'), toGrade: t.exposeInt('toGrade', { nullable: true }),
    transform: t.exposeString('transform'), rule: t.exposeString('rule'),
  }),
});

const GradeConflictReportRef = builder.objectRef<GradeConflictReport>('LineageGradeReport').implement({
  fields: (t) => ({
    conflicts: t.field({ type: [GradeConflictRef], resolve: (r) => r.conflicts }),
    lowered: t.field({ type: [GradeLoweringRef], resolve: (r) => r.lowered }),
  }),
});

const GradeSuggestionRef = builder.objectRef<GradeSuggestion>('LineageGradeSuggestion').implement({
  fields: (t) => ({
    columnId: t.exposeString('columnId'), path: t.exposeString('path'), grade: t.exposeInt('grade'), categoryId: t.exposeString('categoryId', { nullable: true }),
    fromId: t.exposeString('fromId'), fromPath: t.exposeString('fromPath'), reason: t.exposeString('reason'),
    steps: t.field({ type: [PathStepRef], resolve: (s) => s.steps }),
  }),
});

const ReconciliationColumnRef = builder.objectRef<ResolvedSide>('ReconciliationSide').implement({
  fields: (t) => ({
    columnId: t.exposeString('columnId'), column: t.exposeString('column'), sourceId: t.exposeString('sourceId'), datasetId: t.exposeString('datasetId'),
    schema: t.exposeString('schema'), table: t.exposeString('table'), agg: t.exposeString('agg'),
  }),
});

const GroupPairRef = builder.objectRef<Reconciliation['groupBy'][number]>('ReconciliationGroupPair').implement({
  fields: (t) => ({ left: t.string({ resolve: (g) => g.left.column }), right: t.string({ resolve: (g) => g.right.column }) }),
});

const ReconciliationResultRef = builder.objectRef<ReconciliationResult>('ReconciliationResult').implement({
  fields: (t) => ({
    id: t.exposeID('id'), checkId: t.exposeString('checkId'), at: t.exposeString('at'), ok: t.exposeBoolean('ok'),
    leftTotal: t.exposeFloat('leftTotal', { nullable: true }), rightTotal: t.exposeFloat('rightTotal', { nullable: true }),
    groups: t.exposeInt('groups'), failingCount: t.exposeInt('failingCount'),
    failingGroups: t.field({ type: 'JSON', description: 'worst groups first (at most 100); values of group columns graded 3-4 or not graded are masked', resolve: (r) => r.failingGroups }),
    error: t.exposeString('error', { nullable: true }), actor: t.exposeString('actor'),
  }),
});

const ReconciliationRef = builder.objectRef<Reconciliation>('Reconciliation').implement({
  description: 'A reconciliation check (勾稽关系): two aggregates that must agree per group within a tolerance.',
  fields: (t) => ({
    id: t.exposeID('id'), name: t.exposeString('name'), description: t.exposeString('description', { nullable: true }),
    left: t.field({ type: ReconciliationColumnRef, resolve: (r) => r.left }),
    right: t.field({ type: ReconciliationColumnRef, resolve: (r) => r.right }),
    groupBy: t.field({ type: [GroupPairRef], resolve: (r) => r.groupBy }),
    tolerance: t.exposeFloat('tolerance'), scheduleMinutes: t.exposeInt('scheduleMinutes', { nullable: true }),
    createdBy: t.exposeString('createdBy'), createdAt: t.exposeString('createdAt'), updatedAt: t.exposeString('updatedAt'),
    lastRunAt: t.exposeString('lastRunAt', { nullable: true }), lastOk: t.exposeBoolean('lastOk', { nullable: true }),
    results: t.field({ type: [ReconciliationResultRef], args: { first: t.arg.int({ defaultValue: 10 }) }, resolve: (r, a, ctx) => reconciliationResults(ctx.graph, r.id, a.first ?? 10) }),
  }),
});

const LineageProblemRef = builder.objectRef<LineageProblem>('LineageProblem').implement({
  fields: (t) => ({ file: t.exposeString('file', { nullable: true }), line: t.exposeInt('line'), message: t.exposeString('message') }),
});

const SqlIngestResultRef = builder.objectRef<SqlIngestResult>('LineageSqlIngest').implement({
  fields: (t) => ({
    statements: t.exposeInt('statements'), edges: t.exposeInt('edges'), created: t.exposeInt('created'),
    problems: t.field({ type: [LineageProblemRef], resolve: (r) => r.problems }),
    placeholders: t.exposeStringList('placeholders', { description: 'schema.table names not in the catalogue, stored as external placeholders' }),
  }),
});

const ReconciliationSideInput = builder.inputType('ReconciliationSideInput', {
  description: 'One side: a columnId, or schema + table + column (+ sourceId), with agg; or an expression like sum(ta.tstaticshares.f_realshares).',
  fields: (t) => ({
    columnId: t.string(), sourceId: t.string(), schema: t.string(), table: t.string(), column: t.string(),
    agg: t.string({ description: 'sum, count, min, max or avg' }), expression: t.string(),
  }),
});

const ReconciliationGroupInput = builder.inputType('ReconciliationGroupInput', {
  description: 'A pair of columns the two sides are grouped and matched on: column names of each side\'s table, or column ids.',
  fields: (t) => ({ left: t.string({ required: true }), right: t.string({ required: true }) }),
});

const ReconciliationInputType = builder.inputType('ReconciliationInput', {
  fields: (t) => ({
    id: t.string({ required: true }), name: t.string({ required: true }), description: t.string(),
    left: t.field({ type: ReconciliationSideInput, required: true }),
    right: t.field({ type: ReconciliationSideInput, required: true }),
    groupBy: t.field({ type: [ReconciliationGroupInput] }),
    tolerance: t.float(), scheduleMinutes: t.int(),
  }),
});

const readers = { authenticated: true };

builder.queryFields((t) => ({
  upstream: t.field({
    type: LineageGraphRef, authScopes: readers, errors: { types: [LineageError] },
    description: 'Where a column\'s values come from, to a depth (default 3, at most 20).',
    args: { columnId: t.arg.string({ required: true }), depth: t.arg.int() },
    resolve: (_r, a, ctx) => upstream(ctx.graph, a.columnId, a.depth),
  }),
  downstream: t.field({
    type: LineageGraphRef, authScopes: readers, errors: { types: [LineageError] },
    description: 'Where a column\'s values go, to a depth (default 3, at most 20).',
    args: { columnId: t.arg.string({ required: true }), depth: t.arg.int() },
    resolve: (_r, a, ctx) => downstream(ctx.graph, a.columnId, a.depth),
  }),
  impact: t.field({
    type: ImpactRef, authScopes: readers, errors: { types: [LineageError] },
    args: { columnId: t.arg.string({ required: true }), depth: t.arg.int() },
    resolve: (_r, a, ctx) => impact(ctx.graph, a.columnId, a.depth),
  }),
  lineagePaths: t.field({
    type: LineagePathsRef, authScopes: readers, errors: { types: [LineageError] },
    args: { from: t.arg.string({ required: true }), to: t.arg.string({ required: true }), maxDepth: t.arg.int(), limit: t.arg.int() },
    resolve: (_r, a, ctx) => lineagePaths(ctx.graph, a.from, a.to, { maxDepth: a.maxDepth, limit: a.limit }),
  }),
  tableLineage: t.field({
    type: TableLineageRef, authScopes: readers, errors: { types: [LineageError] },
    args: { datasetId: t.arg.string({ required: true }), depth: t.arg.int() },
    resolve: (_r, a, ctx) => tableLineage(ctx.graph, a.datasetId, a.depth),
  }),
  gradeConflicts: t.field({
    type: GradeConflictReportRef, authScopes: readers,
    resolve: (_r, _a, ctx) => gradeConflicts(ctx.graph),
  }),
  lineageGradeSuggestions: t.field({
    type: [GradeSuggestionRef], authScopes: readers,
    description: 'Grades lineage suggests for columns without one (not stored).',
    resolve: (_r, _a, ctx) => suggestFromLineage(ctx.graph),
  }),
  reconciliations: t.field({
    type: [ReconciliationRef], authScopes: readers,
    resolve: (_r, _a, ctx) => listReconciliations(ctx.graph),
  }),
  reconciliation: t.field({
    type: ReconciliationRef, nullable: true, authScopes: readers,
    args: { id: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => getReconciliation(ctx.graph, a.id),
  }),
  reconciliationResults: t.field({
    type: [ReconciliationResultRef], authScopes: readers,
    args: { checkId: t.arg.string({ required: true }), first: t.arg.int({ defaultValue: 50 }) },
    resolve: (_r, a, ctx) => reconciliationResults(ctx.graph, a.checkId, a.first ?? 50),
  }),
}));

const editors = { steward: true, admin: true };
const checkers = { steward: true, governance: true, admin: true };

builder.mutationFields((t) => ({
  ingestLineageSql: t.field({
    type: SqlIngestResultRef, authScopes: editors, errors: { types: [LineageError] },
    description: 'Column lineage of a SQL file; statements that do not parse are reported with their line, the rest stored. Idempotent.',
    args: { sql: t.arg.string({ required: true }), dialect: t.arg({ type: SqlDialectEnum, required: true }), file: t.arg.string() },
    resolve: (_r, a, ctx) => ingestSql(ctx.graph, a.sql, { dialect: a.dialect, file: a.file ?? null, actor: ctx.user!.id }),
  }),
  addLineageEdge: t.field({
    type: LineageEdgeRef, authScopes: editors, errors: { types: [LineageError] },
    description: 'A flow no parser sees (vendor interface file, manual upload), by column id.',
    args: { from: t.arg.string({ required: true }), to: t.arg.string({ required: true }), transform: t.arg({ type: TransformKindEnum, required: true }), note: t.arg.string(), via: t.arg.stringList() },
    resolve: (_r, a, ctx) => addManualEdge(ctx.graph, { fromId: a.from, toId: a.to, transform: a.transform, note: a.note, via: a.via, actor: ctx.user!.id }),
  }),
  retireLineageEdge: t.field({
    type: LineageEdgeRef, authScopes: editors, errors: { types: [LineageError] },
    args: { id: t.arg.string({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => retireEdge(ctx.graph, a.id, { reason: a.reason, actor: ctx.user!.id }),
  }),
  defineReconciliation: t.field({
    type: ReconciliationRef, authScopes: checkers, errors: { types: [ReconciliationError] },
    args: { input: t.arg({ type: ReconciliationInputType, required: true }) },
    resolve: (_r, { input }, ctx) => defineReconciliation(ctx.graph, {
      ...input, groupBy: input.groupBy?.map((g) => [g.left, g.right] as [string, string]) ?? null,
    }, ctx.user!.id),
  }),
  runReconciliation: t.field({
    type: ReconciliationResultRef, authScopes: checkers, errors: { types: [ReconciliationError] },
    description: 'Runs a check now against its sources (read-only); failures also go to the audit trail.',
    args: { id: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => runReconciliation(ctx.graph, a.id, { actor: ctx.user!.id, audit: ctx.audit }),
  }),
}));
