// Grades in the graph. The current label sits on the column (grade, categoryId, gradeStatus =
// unclassified | suggested | confirmed | overridden); every change is an immutable
// (:Assessment) linked to the column. A suggestion never overwrites a steward's decision:
// a disagreement is flagged instead.
import { randomUUID } from 'node:crypto';
import type { Graph } from './graph/port.ts';

export class GradingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GradingError';
  }
}

export interface EvidenceItem {
  ruleId: string;
  kind: string;
  matched: string;
  hitRatio?: number;
}

export interface ColumnSuggestionInput {
  columnId: string;
  grade: number;
  categoryId: string;
  categoryPath: string;
  confidence: number;
  evidence: EvidenceItem[];
}

export interface DatasetGradeInput {
  datasetId: string;
  grade: number;
  categoryId: string;
  evidence: EvidenceItem[];
}

export interface SuggestionSummary {
  suggested: number;
  unchanged: number;
  disagreements: number;
}

const Q_CURRENT = `
UNWIND $ids AS id
MATCH (c:Column {id: id})
RETURN c.id AS id, c.grade AS grade, c.categoryId AS categoryId, c.gradeStatus AS status, c.confidence AS confidence`;

const Q_APPLY_SUGGESTIONS = `
UNWIND $rows AS r
MATCH (c:Column {id: r.columnId})
SET c.grade = r.grade, c.categoryId = r.categoryId, c.categoryPath = r.categoryPath, c.confidence = r.confidence,
    c.evidence = r.evidence, c.gradeStatus = 'suggested', c.suggestedGrade = r.grade, c.suggestedCategoryId = r.categoryId,
    c.disagreement = false, c.ruleVersion = $ruleVersion, c.assessedAt = $at`;

// The immutable record, in a statement of its own (faster on Grafeo than in the SET above).
const Q_RECORD_SUGGESTIONS = `
UNWIND $rows AS r
MATCH (c:Column {id: r.columnId})
CREATE (c)-[:ASSESSED]->(a:Assessment {id: r.assessmentId, columnId: r.columnId, kind: 'suggestion', grade: r.grade, categoryId: r.categoryId,
    confidence: r.confidence, evidence: r.evidence, ruleIds: r.ruleIds, actor: $actor, reason: null, at: $at, ruleVersion: $ruleVersion})`;

const Q_FLAG_DISAGREEMENT = `
UNWIND $rows AS r
MATCH (c:Column {id: r.columnId})
SET c.suggestedGrade = r.grade, c.suggestedCategoryId = r.categoryId, c.disagreement = true, c.ruleVersion = $ruleVersion
CREATE (a:Assessment {id: r.assessmentId, columnId: r.columnId, kind: 'disagreement', grade: r.grade, categoryId: r.categoryId,
    confidence: r.confidence, evidence: r.evidence, ruleIds: r.ruleIds, actor: $actor, reason: 'a re-run disagrees with the steward decision; not applied', at: $at, ruleVersion: $ruleVersion})
CREATE (c)-[:ASSESSED]->(a)`;

const Q_DATASET_GRADES = `
UNWIND $rows AS r
MATCH (d:Dataset {id: r.datasetId})
OPTIONAL MATCH (d)-[:HAS_COLUMN]->(c:Column)
WHERE coalesce(c.dropped, false) = false
WITH d, r, max(c.grade) AS colMax
SET d.grade = CASE WHEN colMax IS NULL OR r.grade > colMax THEN r.grade ELSE colMax END,
    d.categoryId = r.categoryId, d.gradeEvidence = r.evidence, d.gradedAt = $at`;

/** Stores classifier suggestions; confirmed and overridden grades are kept and a disagreement flagged. */
export async function recordSuggestions(graph: Graph, columns: ColumnSuggestionInput[], datasets: DatasetGradeInput[], opts: { actor: string; ruleVersion: number }): Promise<SuggestionSummary> {
  const at = new Date().toISOString();
  const current = new Map<string, { grade: number | null; categoryId: string | null; status: string | null }>();
  for (let i = 0; i < columns.length; i += 5000) {
    for (const r of await graph.read<{ id: string; grade: number | null; categoryId: string | null; status: string | null }>(Q_CURRENT, { ids: columns.slice(i, i + 5000).map((c) => c.columnId) })) current.set(r.id, r);
  }
  const apply: Record<string, unknown>[] = [];
  const disagree: Record<string, unknown>[] = [];
  let unchanged = 0;
  for (const s of columns) {
    const cur = current.get(s.columnId);
    if (!cur) continue;
    const row = { ...s, evidence: JSON.stringify(s.evidence), ruleIds: [...new Set(s.evidence.map((e) => e.ruleId))], assessmentId: randomUUID() };
    const decided = cur.status === 'confirmed' || cur.status === 'overridden';
    if (decided) {
      if (cur.grade !== s.grade || cur.categoryId !== s.categoryId) disagree.push(row);
      else unchanged++;
    } else if (cur.status === 'suggested' && cur.grade === s.grade && cur.categoryId === s.categoryId) {
      unchanged++;
    } else apply.push(row);
  }
  await graph.transaction(async (tx) => {
    for (let i = 0; i < apply.length; i += 2000) await tx.run(Q_APPLY_SUGGESTIONS, { rows: apply.slice(i, i + 2000), at, ruleVersion: opts.ruleVersion });
    for (let i = 0; i < apply.length; i += 2000) await tx.run(Q_RECORD_SUGGESTIONS, { rows: apply.slice(i, i + 2000), actor: opts.actor, at, ruleVersion: opts.ruleVersion });
    for (let i = 0; i < disagree.length; i += 2000) await tx.run(Q_FLAG_DISAGREEMENT, { rows: disagree.slice(i, i + 2000), actor: opts.actor, at, ruleVersion: opts.ruleVersion });
    const rows = datasets.map((d) => ({ ...d, evidence: JSON.stringify(d.evidence) }));
    for (let i = 0; i < rows.length; i += 2000) await tx.run(Q_DATASET_GRADES, { rows: rows.slice(i, i + 2000), at });
  });
  return { suggested: apply.length, unchanged, disagreements: disagree.length };
}

const Q_DECIDE = `
UNWIND $rows AS r
MATCH (c:Column {id: r.columnId})
WITH c, r, c.grade AS before, c.datasetId AS dsId
SET c.grade = r.grade, c.categoryId = r.categoryId, c.categoryPath = coalesce(r.categoryPath, c.categoryPath),
    c.gradeStatus = r.status, c.disagreement = false, c.needsReview = false, c.decidedBy = $actor, c.decidedAt = $at
CREATE (a:Assessment {id: r.assessmentId, columnId: c.id, kind: r.status, grade: r.grade, categoryId: r.categoryId,
    previousGrade: before, actor: $actor, reason: r.reason, at: $at})
CREATE (c)-[:ASSESSED]->(a)
RETURN c.id AS id, dsId, before, c.grade AS grade`;

const Q_ROLLUP = `
UNWIND $ids AS id
MATCH (d:Dataset {id: id})-[:HAS_COLUMN]->(c:Column)
WHERE coalesce(c.dropped, false) = false
WITH d, max(c.grade) AS colMax
SET d.grade = CASE WHEN d.grade IS NULL OR colMax > d.grade THEN colMax ELSE d.grade END`;

export interface Decision {
  columnId: string;
  grade: number;
  before: number | null;
}

async function decide(graph: Graph, rows: { columnId: string; grade: number; categoryId: string; categoryPath?: string | null; status: 'confirmed' | 'overridden'; reason: string | null }[], actor: string): Promise<Decision[]> {
  const at = new Date().toISOString();
  return graph.transaction(async (tx) => {
    const out = await tx.run<{ id: string; dsId: string; before: number | null; grade: number }>(Q_DECIDE, { rows: rows.map((r) => ({ ...r, categoryPath: r.categoryPath ?? null, assessmentId: randomUUID() })), actor, at });
    await tx.run(Q_ROLLUP, { ids: [...new Set(out.map((o) => o.dsId))] });
    return out.map((o) => ({ columnId: o.id, grade: o.grade, before: o.before }));
  });
}

/** Confirms the current suggestion of each column. A column without a suggestion cannot be confirmed. */
export async function confirmGrades(graph: Graph, columnIds: string[], actor: string): Promise<Decision[]> {
  if (!columnIds.length) throw new GradingError('no column to confirm');
  const rows = await graph.read<{ id: string; grade: number | null; categoryId: string | null; status: string | null }>(Q_CURRENT, { ids: columnIds });
  const found = new Map(rows.map((r) => [r.id, r]));
  const missing = columnIds.filter((id) => !found.has(id));
  if (missing.length) throw new GradingError(`column ${missing.slice(0, 3).join(', ')} does not exist`);
  const ungraded = rows.filter((r) => r.grade === null || r.categoryId === null);
  if (ungraded.length) throw new GradingError(`column ${ungraded[0].id} has no suggestion to confirm; classify it or override with a reason`);
  return decide(graph, rows.map((r) => ({ columnId: r.id, grade: r.grade!, categoryId: r.categoryId!, status: 'confirmed', reason: null })), actor);
}

/** A steward's override: a grade 1-4, a known category and a reason. */
export async function overrideGrade(graph: Graph, input: { columnId: string; grade: number; categoryId: string; categoryPath: string | null; reason: string }, actor: string, knownCategories: Map<string, string>): Promise<Decision> {
  if (!Number.isInteger(input.grade) || input.grade < 1 || input.grade > 4) throw new GradingError(`grade must be 1, 2, 3 or 4 (JR/T 0158-2018), got ${input.grade}`);
  if (!knownCategories.has(input.categoryId)) throw new GradingError(`unknown category code ${input.categoryId}`);
  if (!input.reason || input.reason.trim().length < 4) throw new GradingError('an override needs a reason of at least 4 characters');
  if (input.reason.length > 2000) throw new GradingError('a reason is at most 2,000 characters');
  const [c] = await graph.read(Q_CURRENT, { ids: [input.columnId] });
  if (!c) throw new GradingError(`column ${input.columnId} does not exist`);
  const [d] = await decide(graph, [{ columnId: input.columnId, grade: input.grade, categoryId: input.categoryId, categoryPath: knownCategories.get(input.categoryId) ?? input.categoryPath, status: 'overridden', reason: input.reason.trim() }], actor);
  return d;
}

export interface ReviewFilter {
  sourceId?: string | null;
  datasetId?: string | null;
  grade?: number[] | null;
  maxConfidence?: number | null;
  categoryPrefix?: string | null;
}

function filterClause(f: ReviewFilter): string {
  const w = ["c.gradeStatus = 'suggested'", 'coalesce(c.dropped, false) = false'];
  if (f.sourceId) w.push('c.sourceId = $f.sourceId');
  if (f.datasetId) w.push('c.datasetId = $f.datasetId');
  if (f.grade?.length) w.push('c.grade IN $f.grade');
  if (f.maxConfidence !== undefined && f.maxConfidence !== null) w.push('c.confidence <= $f.maxConfidence');
  if (f.categoryPrefix) w.push('c.categoryId STARTS WITH $f.categoryPrefix');
  return w.join(' AND ');
}

/** Confirms every suggested column that matches the filter. */
export async function bulkConfirm(graph: Graph, filter: ReviewFilter, actor: string, limit = 10_000): Promise<Decision[]> {
  const ids = (await graph.read<{ id: string }>(`MATCH (c:Column) WHERE ${filterClause(filter)} RETURN c.id AS id LIMIT $limit`, { f: filter, limit })).map((r) => r.id);
  if (!ids.length) return [];
  return confirmGrades(graph, ids, actor);
}

export interface ReviewItem {
  id: string; path: string; sourceId: string; datasetId: string; grade: number; categoryId: string; categoryPath: string | null;
  confidence: number; evidence: string | null; disagreement: boolean; suggestedGrade: number | null; needsReview: boolean; risk: number;
}

/**
 * The review queue ordered by risk: possible under-grading first (a re-run or detector suggests
 * more than the current label, or a low-confidence low grade), then low confidence, then grade.
 */
export async function reviewQueue(graph: Graph, filter: ReviewFilter & { includeDecided?: boolean }, first: number, offset: number): Promise<{ items: ReviewItem[]; total: number }> {
  const where = filter.includeDecided
    ? `((${filterClause(filter)}) OR c.disagreement = true OR c.needsReview = true)`
    : `((${filterClause(filter)}) OR (c.disagreement = true AND c.suggestedGrade > c.grade))`;
  const q = `
MATCH (c:Column) WHERE ${where}
WITH c,
  CASE WHEN c.disagreement = true AND c.suggestedGrade > c.grade THEN 3
       WHEN c.grade <= 2 AND c.confidence < 0.6 THEN 2
       WHEN c.needsReview = true THEN 1 ELSE 0 END AS risk
RETURN c.id AS id, c.path AS path, c.sourceId AS sourceId, c.datasetId AS datasetId, c.grade AS grade, c.categoryId AS categoryId,
  c.categoryPath AS categoryPath, c.confidence AS confidence, c.evidence AS evidence, coalesce(c.disagreement, false) AS disagreement,
  c.suggestedGrade AS suggestedGrade, coalesce(c.needsReview, false) AS needsReview, risk
ORDER BY risk DESC, c.confidence ASC, c.grade DESC, c.path ASC`;
  const all = await graph.read<ReviewItem>(q, { f: filter });
  return { items: all.slice(offset, offset + first), total: all.length };
}

export interface AssessmentRecord {
  id: string; kind: string; grade: number; categoryId: string; confidence: number | null; evidence: string | null;
  ruleIds: string[] | null; actor: string; reason: string | null; at: string; previousGrade: number | null;
}

export async function assessmentHistory(graph: Graph, columnId: string): Promise<AssessmentRecord[]> {
  return (await graph.read<{ a: AssessmentRecord }>('MATCH (a:Assessment {columnId: $id}) RETURN a ORDER BY a.at, a.id', { id: columnId })).map((r) => r.a);
}

export interface GradeStats {
  scope: string;
  columns: number;
  byGrade: { grade: number; columns: number }[];
  byCategory: { categoryId: string; columns: number }[];
  confirmed: number;
  shareConfirmed: number;
  unclassified: number;
}

/** Columns per grade and per category, and the share confirmed, for one source or for all. */
export async function gradeStats(graph: Graph, sourceId: string | null): Promise<GradeStats> {
  const where = 'coalesce(c.dropped, false) = false' + (sourceId ? ' AND c.sourceId = $sourceId' : '');
  const rows = await graph.read<{ grade: number | null; categoryId: string | null; status: string | null; n: number }>(
    `MATCH (c:Column) WHERE ${where} RETURN c.grade AS grade, c.categoryId AS categoryId, c.gradeStatus AS status, count(c) AS n`, { sourceId });
  const byGrade = new Map<number, number>();
  const byCat = new Map<string, number>();
  let columns = 0, confirmed = 0, unclassified = 0;
  for (const r of rows) {
    columns += r.n;
    if (r.grade !== null) byGrade.set(r.grade, (byGrade.get(r.grade) ?? 0) + r.n);
    else unclassified += r.n;
    if (r.categoryId) byCat.set(r.categoryId, (byCat.get(r.categoryId) ?? 0) + r.n);
    if (r.status === 'confirmed' || r.status === 'overridden') confirmed += r.n;
  }
  return {
    scope: sourceId ?? 'all',
    columns,
    byGrade: [...byGrade].sort((a, b) => b[0] - a[0]).map(([grade, n]) => ({ grade, columns: n })),
    byCategory: [...byCat].sort((a, b) => b[1] - a[1]).map(([categoryId, n]) => ({ categoryId, columns: n })),
    confirmed,
    shareConfirmed: columns ? confirmed / columns : 0,
    unclassified,
  };
}
