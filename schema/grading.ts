// Classification and grading under JR/T 0158-2018: review queue, decisions, history, rules, statistics.
import { builder, errorType } from './builder.ts';
import {
  GradingError, confirmGrades, overrideGrade, bulkConfirm, reviewQueue, assessmentHistory, gradeStats,
  type ReviewItem, type AssessmentRecord, type GradeStats, type Decision,
} from '../catalog/grading.ts';
import { listSources } from '../catalog/assets.ts';
import { currentRuleSet, saveRuleSet, ruleSetHistory } from '../catalog/rulesets.ts';
import { applyRuleChange, categoryCodes, classifyTable, loadRuleSet, validateRuleSet, RuleValidationError, type RuleSet } from '../classifiers/index.ts';
import { JobRef } from './catalog.ts';
import { getJob, type JobRecord } from '../catalog/jobs.ts';
import type { Context } from './context.ts';

errorType(GradingError, 'GradingError', 'A grade outside 1-4, an unknown category, an override without a reason, a column without a suggestion.');
errorType(RuleValidationError, 'RuleValidationError', 'A rule with an invalid or catastrophic pattern, an unknown category code or a grade outside 1-4.');

async function rulesOf(ctx: Context): Promise<RuleSet> {
  const stored = await currentRuleSet(ctx.graph);
  return stored ? validateRuleSet(JSON.parse(stored.json)) : loadRuleSet();
}

const ReviewItemRef = builder.objectRef<ReviewItem>('ReviewItem').implement({
  description: 'A suggested grade waiting for a steward, with its evidence (rule ids, matched names, detector hit ratios; never sample values).',
  fields: (t) => ({
    columnId: t.exposeString('id'), path: t.exposeString('path'), sourceId: t.exposeString('sourceId'), datasetId: t.exposeString('datasetId'),
    grade: t.exposeInt('grade'), categoryId: t.exposeString('categoryId'), categoryPath: t.exposeString('categoryPath', { nullable: true }),
    confidence: t.exposeFloat('confidence'), disagreement: t.exposeBoolean('disagreement'),
    suggestedGrade: t.exposeInt('suggestedGrade', { nullable: true }), needsReview: t.exposeBoolean('needsReview'),
    risk: t.exposeInt('risk', { description: '3 possible under-grading, 2 low-confidence low grade, 1 changed at harvest, 0 routine' }),
    evidence: t.field({ type: 'JSON', nullable: true, resolve: (i) => (i.evidence ? JSON.parse(i.evidence) : null) }),
  }),
});

const ReviewPage = builder.objectRef<{ items: ReviewItem[]; total: number }>('ReviewPage').implement({
  fields: (t) => ({ items: t.field({ type: [ReviewItemRef], resolve: (p) => p.items }), total: t.exposeInt('total') }),
});

const AssessmentRef = builder.objectRef<AssessmentRecord>('Assessment').implement({
  description: 'One immutable grading event of a column: who, when, what, why.',
  fields: (t) => ({
    id: t.exposeID('id'), kind: t.exposeString('kind'), grade: t.exposeInt('grade'), categoryId: t.exposeString('categoryId'),
    previousGrade: t.exposeInt('previousGrade', { nullable: true }), confidence: t.exposeFloat('confidence', { nullable: true }),
    ruleIds: t.exposeStringList('ruleIds', { nullable: true }), actor: t.exposeString('actor'),
    reason: t.exposeString('reason', { nullable: true }), at: t.exposeString('at'),
    evidence: t.field({ type: 'JSON', nullable: true, resolve: (a) => (a.evidence ? JSON.parse(a.evidence) : null) }),
  }),
});

const DecisionRef = builder.objectRef<Decision>('GradeDecision').implement({
  fields: (t) => ({ columnId: t.exposeString('columnId'), grade: t.exposeInt('grade'), previousGrade: t.exposeInt('before', { nullable: true }) }),
});
const DecisionsRef = builder.objectRef<{ decisions: Decision[] }>('GradeDecisions').implement({
  fields: (t) => ({ count: t.int({ resolve: (d) => d.decisions.length }), decisions: t.field({ type: [DecisionRef], resolve: (d) => d.decisions }) }),
});

const CountRef = builder.objectRef<{ grade: number; columns: number }>('GradeCount').implement({ fields: (t) => ({ grade: t.exposeInt('grade'), columns: t.exposeInt('columns') }) });
const CatCountRef = builder.objectRef<{ categoryId: string; columns: number }>('CategoryCount').implement({ fields: (t) => ({ categoryId: t.exposeString('categoryId'), columns: t.exposeInt('columns') }) });
const StatsRef = builder.objectRef<GradeStats>('GradeStats').implement({
  fields: (t) => ({
    scope: t.exposeString('scope'), columns: t.exposeInt('columns'), confirmed: t.exposeInt('confirmed'),
    shareConfirmed: t.exposeFloat('shareConfirmed'), unclassified: t.exposeInt('unclassified'),
    byGrade: t.field({ type: [CountRef], resolve: (s) => s.byGrade }), byCategory: t.field({ type: [CatCountRef], resolve: (s) => s.byCategory }),
  }),
});

const CategoryRef = builder.objectRef<{ code: string; path: string }>('Category').implement({ fields: (t) => ({ code: t.exposeString('code'), path: t.exposeString('path') }) });
const RuleSetInfo = builder.objectRef<{ version: number; actor: string; at: string; change: string }>('RuleSetVersion').implement({
  fields: (t) => ({ version: t.exposeInt('version'), actor: t.exposeString('actor'), at: t.exposeString('at'), change: t.exposeString('change') }),
});

const ReviewFilterInput = builder.inputType('ReviewFilter', {
  fields: (t) => ({
    sourceId: t.string(), datasetId: t.string(), grade: t.intList(), maxConfidence: t.float(), categoryPrefix: t.string(),
  }),
});

const OverrideInput = builder.inputType('OverrideGradeInput', {
  fields: (t) => ({
    columnId: t.string({ required: true }), grade: t.int({ required: true }), categoryId: t.string({ required: true }),
    reason: t.string({ required: true, description: 'why the steward disagrees; required' }),
  }),
});

const RuleChangeInput = builder.inputType('RuleChangeInput', {
  fields: (t) => ({
    op: t.string({ required: true, description: 'upsert or remove' }),
    kind: t.string({ required: true, description: 'concept, context, detector, patternDetector, modifier, aggregation or system' }),
    rule: t.field({ type: 'JSON', description: 'the rule (for upsert)' }),
    id: t.string({ description: 'the rule id (for remove)' }),
    note: t.string({ description: 'why the rule changes' }),
  }),
});

const steward = { steward: true, admin: true };

interface RegradeRow {
  columnId: string; path: string; datasetId: string; currentGrade: number | null; gradeStatus: string;
  beforeGrade: number; afterGrade: number; beforeCategoryId: string; afterCategoryId: string; afterCategoryPath: string;
}
interface RegradePreview { version: number; datasetsChecked: number; columnsChecked: number; total: number; changes: RegradeRow[]; all: boolean; affectedConcepts: string[] }

type ChangeArgs = { op: string; kind: string; rule?: unknown; id?: string | null };
const toChange = (c: ChangeArgs) => ({ op: c.op, kind: c.kind, rule: c.rule, id: c.id ?? undefined }) as Parameters<typeof applyRuleChange>[1];

/**
 * What a rule change would regrade: the catalogue's harvested metadata (names, comments, types) is
 * classified with the current and the changed rules, in memory; nothing is stored. No samples are
 * kept, so value detectors are not re-run: a change that only acts through detector hits shows no difference here.
 */
async function previewRuleChange(ctx: Context, change: ChangeArgs, limit: number): Promise<RegradePreview> {
  const current = await rulesOf(ctx);
  const result = applyRuleChange(current, toChange(change));
  const datasets = (await ctx.graph.read<{ id: string; sourceId: string; schema: string | null; name: string; comment: string | null }>(
    'MATCH (d:Dataset) WHERE coalesce(d.dropped, false) = false RETURN d.id AS id, d.sourceId AS sourceId, d.schema AS schema, d.name AS name, d.comment AS comment ORDER BY d.path'));
  const systems = new Map((await ctx.graph.read<{ id: string; system: string | null }>('MATCH (s:Source) RETURN s.id AS id, s.system AS system')).map((x) => [x.id, x.system]));
  const cols = await ctx.graph.read<{ id: string; datasetId: string; name: string; path: string; dataType: string | null; comment: string | null; grade: number | null; gradeStatus: string | null; ordinal: number }>(
    'MATCH (c:Column) WHERE coalesce(c.dropped, false) = false RETURN c.id AS id, c.datasetId AS datasetId, c.name AS name, c.path AS path, c.dataType AS dataType, c.comment AS comment, c.grade AS grade, c.gradeStatus AS gradeStatus, c.ordinal AS ordinal');
  const byDataset = new Map<string, typeof cols>();
  for (const c of cols) (byDataset.get(c.datasetId) ?? byDataset.set(c.datasetId, []).get(c.datasetId)!).push(c);
  const changes: RegradeRow[] = [];
  let columnsChecked = 0;
  for (const d of datasets) {
    const columns = (byDataset.get(d.id) ?? []).sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0));
    if (!columns.length) continue;
    const table = { system: systems.get(d.sourceId) ?? null, schema: d.schema, name: d.name, comment: d.comment, columns: columns.map((c) => ({ name: c.name, dataType: c.dataType ?? undefined, comment: c.comment })) };
    const before = classifyTable(table, undefined, current).columns;
    const after = classifyTable(table, undefined, result.rules).columns;
    columnsChecked += columns.length;
    columns.forEach((c, i) => {
      const b = before[i], a = after[i];
      if (b.grade === a.grade && b.categoryId === a.categoryId) return;
      changes.push({ columnId: c.id, path: c.path, datasetId: d.id, currentGrade: c.grade ?? null, gradeStatus: c.gradeStatus ?? 'suggested',
        beforeGrade: b.grade, afterGrade: a.grade, beforeCategoryId: b.categoryId, afterCategoryId: a.categoryId, afterCategoryPath: a.categoryPath });
    });
  }
  // Raised grades first (under-grading is the worst error), then by path.
  changes.sort((x, y) => (y.afterGrade - y.beforeGrade) - (x.afterGrade - x.beforeGrade) || x.path.localeCompare(y.path));
  return { version: result.rules.version, datasetsChecked: datasets.length, columnsChecked, total: changes.length, changes: changes.slice(0, limit), all: result.all, affectedConcepts: result.affectedConcepts };
}

const RegradeRowRef = builder.objectRef<RegradeRow>('RuleRegrade').implement({
  description: 'A column whose metadata-based suggestion would change under a rule change.',
  fields: (t) => ({
    columnId: t.exposeString('columnId'), path: t.exposeString('path'), datasetId: t.exposeString('datasetId'),
    currentGrade: t.exposeInt('currentGrade', { nullable: true, description: 'the grade stored now (may be confirmed or overridden: a decided grade is kept)' }),
    gradeStatus: t.exposeString('gradeStatus'),
    before: t.exposeInt('beforeGrade', { description: 'suggested grade from names, comments and types under the current rules' }),
    after: t.exposeInt('afterGrade', { description: 'suggested grade under the changed rules' }),
    beforeCategoryId: t.exposeString('beforeCategoryId'), afterCategoryId: t.exposeString('afterCategoryId'), afterCategoryPath: t.exposeString('afterCategoryPath'),
  }),
});
const RegradePreviewRef = builder.objectRef<RegradePreview>('RuleChangePreview').implement({
  description: 'What a rule change would regrade, computed in memory over the harvested metadata; value detectors are not re-run (no samples are stored).',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'the rule-set version the change would create' }),
    datasetsChecked: t.exposeInt('datasetsChecked'), columnsChecked: t.exposeInt('columnsChecked'),
    total: t.exposeInt('total', { description: 'columns whose suggestion would change (changes lists the first `first`)' }),
    all: t.exposeBoolean('all', { description: 'the change kind can touch any column' }),
    affectedConcepts: t.exposeStringList('affectedConcepts'),
    changes: t.field({ type: [RegradeRowRef], resolve: (p) => p.changes }),
  }),
});

builder.queryFields((t) => ({
  reviewQueue: t.field({
    type: ReviewPage, authScopes: { steward: true, governance: true, admin: true },
    args: { filter: t.arg({ type: ReviewFilterInput }), first: t.arg.int({ defaultValue: 50 }), offset: t.arg.int({ defaultValue: 0 }), includeDecided: t.arg.boolean({ defaultValue: false }) },
    resolve: (_r, a, ctx) => reviewQueue(ctx.graph, { ...(a.filter ?? {}), includeDecided: a.includeDecided ?? false }, Math.min(Math.max(a.first ?? 50, 1), 500), Math.max(a.offset ?? 0, 0)),
  }),
  gradeHistory: t.field({
    type: [AssessmentRef], authScopes: { authenticated: true }, args: { columnId: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => assessmentHistory(ctx.graph, a.columnId),
  }),
  gradeStats: t.field({
    type: StatsRef, authScopes: { authenticated: true }, args: { sourceId: t.arg.string() },
    resolve: (_r, a, ctx) => gradeStats(ctx.graph, a.sourceId ?? null),
  }),
  gradeStatsBySource: t.field({
    type: [StatsRef], authScopes: { authenticated: true },
    resolve: async (_r, _a, ctx) => Promise.all((await listSources(ctx.graph)).map((s) => gradeStats(ctx.graph, s.id))),
  }),
  categories: t.field({
    type: [CategoryRef], authScopes: { authenticated: true },
    resolve: async (_r, _a, ctx) => [...categoryCodes((await rulesOf(ctx)).categories)].map(([code, path]) => ({ code, path })),
  }),
  classificationRules: t.field({
    type: 'JSON', authScopes: { steward: true, governance: true, admin: true },
    description: 'The current rule set (category tree, keywords, detector mappings, grades, weights).',
    resolve: (_r, _a, ctx) => rulesOf(ctx),
  }),
  previewClassificationRule: t.field({
    type: RegradePreviewRef, authScopes: { steward: true, governance: true, admin: true }, errors: { types: [RuleValidationError] },
    description: 'Applies a rule change in memory and lists the columns whose suggested grade or category would change. Stores nothing. Only names, comments and types are re-read: value detectors are not re-run, as no samples are stored.',
    args: { change: t.arg({ type: RuleChangeInput, required: true }), first: t.arg.int({ defaultValue: 200 }) },
    resolve: (_r, a, ctx) => previewRuleChange(ctx, a.change, Math.min(Math.max(a.first ?? 200, 1), 2000)),
  }),
  classificationRuleHistory: t.field({ type: [RuleSetInfo], authScopes: { steward: true, governance: true, admin: true, auditor: true }, resolve: (_r, _a, ctx) => ruleSetHistory(ctx.graph) }),
}));

builder.mutationFields((t) => ({
  confirmGrades: t.field({
    type: DecisionsRef, authScopes: steward, errors: { types: [GradingError] },
    args: { columnIds: t.arg.stringList({ required: true }) },
    resolve: async (_r, a, ctx) => ({ decisions: await confirmGrades(ctx.graph, a.columnIds, ctx.user!.id) }),
  }),
  bulkConfirmGrades: t.field({
    type: DecisionsRef, authScopes: steward, errors: { types: [GradingError] },
    description: 'Confirms every suggested column that matches the filter.',
    args: { filter: t.arg({ type: ReviewFilterInput, required: true }) },
    resolve: async (_r, a, ctx) => ({ decisions: await bulkConfirm(ctx.graph, a.filter, ctx.user!.id) }),
  }),
  overrideGrade: t.field({
    type: DecisionRef, authScopes: steward, errors: { types: [GradingError] },
    args: { input: t.arg({ type: OverrideInput, required: true }) },
    resolve: async (_r, { input }, ctx) => overrideGrade(ctx.graph, { ...input, categoryPath: null }, ctx.user!.id, categoryCodes((await rulesOf(ctx)).categories)),
  }),
  classifySource: t.field({
    type: JobRef, authScopes: steward, errors: { types: [GradingError] },
    description: 'Re-reads the source (fresh samples, in memory) and classifies every column; decided grades are kept.',
    args: { sourceId: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => (await getJob(ctx.graph, (await ctx.ops.startHarvest(a.sourceId, ctx.user!.id)).jobId)) as JobRecord,
  }),
  changeClassificationRule: t.field({
    type: RuleSetInfo, authScopes: { steward: true, governance: true, admin: true }, errors: { types: [RuleValidationError] },
    description: 'Validates, versions and stores a rule change, then re-classifies every source (decided grades are kept; disagreements flagged).',
    args: { change: t.arg({ type: RuleChangeInput, required: true }) },
    resolve: async (_r, { change }, ctx) => {
      const result = applyRuleChange(await rulesOf(ctx), toChange(change));
      const info = { version: result.rules.version, actor: ctx.user!.id, at: new Date().toISOString(), change: `${change.op} ${change.kind} ${(change.rule as { id?: string } | null)?.id ?? change.id ?? ''}${change.note ? ` — ${change.note}` : ''}`.trim() };
      await saveRuleSet(ctx.graph, { ...info, json: JSON.stringify(result.rules) });
      for (const s of await listSources(ctx.graph)) await ctx.ops.startHarvest(s.id, ctx.user!.id);
      return info;
    },
  }),
}));
