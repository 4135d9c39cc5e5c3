// Classification and grading under JR/T 0158-2018: review queue, decisions, history, rules, statistics.
import { builder, errorType } from './builder.ts';
import {
  GradingError, confirmGrades, overrideGrade, bulkConfirm, reviewQueue, assessmentHistory, gradeStats,
  type ReviewItem, type AssessmentRecord, type GradeStats, type Decision,
} from '../catalog/grading.ts';
import { listSources } from '../catalog/assets.ts';
import { currentRuleSet, saveRuleSet, ruleSetHistory } from '../catalog/rulesets.ts';
import { applyRuleChange, categoryCodes, loadRuleSet, validateRuleSet, RuleValidationError, type RuleSet } from '../classifiers/index.ts';
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
    kind: t.string({ required: true, description: 'concept, context, detector, patternDetector, modifier or aggregation' }),
    rule: t.field({ type: 'JSON', description: 'the rule (for upsert)' }),
    id: t.string({ description: 'the rule id (for remove)' }),
    note: t.string({ description: 'why the rule changes' }),
  }),
});

const steward = { steward: true, admin: true };

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
      const result = applyRuleChange(await rulesOf(ctx), { op: change.op, kind: change.kind, rule: change.rule, id: change.id ?? undefined } as Parameters<typeof applyRuleChange>[1]);
      const info = { version: result.rules.version, actor: ctx.user!.id, at: new Date().toISOString(), change: `${change.op} ${change.kind} ${(change.rule as { id?: string } | null)?.id ?? change.id ?? ''}${change.note ? ` — ${change.note}` : ''}`.trim() };
      await saveRuleSet(ctx.graph, { ...info, json: JSON.stringify(result.rules) });
      for (const s of await listSources(ctx.graph)) await ctx.ops.startHarvest(s.id, ctx.user!.id);
      return info;
    },
  }),
}));
