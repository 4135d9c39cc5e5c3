// Grades along lineage (JR/T 0158: derived data is graded at least as high as its sources unless
// the transform desensitises it). Grades follow `copy` and `derive` edges; `mask` and
// `aggregate` stop them (and the rule that allowed the lower grade is reported); `filter`
// edges carry no values, only decide which rows flow, so grades do not follow them either.
import type { Graph } from '../catalog/graph/port.ts';
import type { TransformKind } from './parse/index.ts';

const CARRYING: TransformKind[] = ['copy', 'derive'];

export interface PathStep { edgeId: string; fromId: string; toId: string; transform: TransformKind }

export interface GradeConflict {
  columnId: string;
  path: string;
  grade: number;
  /** The highest-graded upstream column that reaches this one without desensitising. */
  upstreamId: string;
  upstreamPath: string;
  upstreamGrade: number;
  /** The edges from the upstream column to this one (shortest such path). */
  steps: PathStep[];
}

/** A mask or aggregate edge into a lower-graded column: the grade was lowered, and this is the rule. */
export interface GradeLowering {
  edgeId: string;
  fromId: string;
  fromPath: string;
  fromGrade: number;
  toId: string;
  toPath: string;
  toGrade: number | null;
  transform: TransformKind;
  /** The functions or producer transformations that desensitised the value. */
  rule: string;
}

export interface GradeSuggestion {
  columnId: string;
  path: string;
  grade: number;
  categoryId: string | null;
  fromId: string;
  fromPath: string;
  steps: PathStep[];
  reason: string;
}

interface Col { id: string; path: string; grade: number | null; gradeStatus: string | null; categoryId: string | null }

const Q_CARRYING_EDGES = `
MATCH (a:Column)-[e:FLOWS_TO]->(b:Column)
WHERE e.transform IN $kinds AND coalesce(e.retired, false) = false
RETURN a.id AS f, b.id AS t, e.id AS id, e.transform AS transform`;

const Q_DESENSITISING_EDGES = `
MATCH (a:Column)-[e:FLOWS_TO]->(b:Column)
WHERE e.transform IN ['mask', 'aggregate'] AND coalesce(e.retired, false) = false AND a.grade IS NOT NULL
RETURN a.id AS f, b.id AS t, e.id AS id, e.transform AS transform, e.via AS via, e.transformations AS transformations,
  a.grade AS fromGrade, a.path AS fromPath, b.grade AS toGrade, b.path AS toPath`;

const Q_COLUMNS = `
UNWIND $ids AS id
MATCH (c:Column {id: id})
RETURN c.id AS id, c.path AS path, c.grade AS grade, c.gradeStatus AS gradeStatus, c.categoryId AS categoryId`;

interface Propagation {
  cols: Map<string, Col>;
  /** Highest upstream grade reaching each column (not counting the column's own grade), with the edge it came by. */
  best: Map<string, { grade: number; source: string; via: PathStep | null }>;
}

/** Max-grade propagation over carrying edges, highest grades first: each column is settled once per grade level. */
async function propagate(graph: Graph): Promise<Propagation> {
  const edges = await graph.read<{ f: string; t: string; id: string; transform: TransformKind }>(Q_CARRYING_EDGES, { kinds: CARRYING });
  const out = new Map<string, { t: string; id: string; transform: TransformKind }[]>();
  const ids = new Set<string>();
  for (const e of edges) {
    const l = out.get(e.f);
    if (l) l.push(e); else out.set(e.f, [e]);
    ids.add(e.f); ids.add(e.t);
  }
  const cols = new Map<string, Col>();
  const list = [...ids];
  for (let i = 0; i < list.length; i += 2000) {
    for (const c of await graph.read<Col>(Q_COLUMNS, { ids: list.slice(i, i + 2000) })) cols.set(c.id, c);
  }
  const best = new Map<string, { grade: number; source: string; via: PathStep | null }>();
  const graded = [...cols.values()].filter((c) => typeof c.grade === 'number' && out.has(c.id)).sort((a, b) => b.grade! - a.grade! || a.id.localeCompare(b.id));
  for (const src of graded) {
    const g = src.grade!;
    // Breadth-first from this source; a column already reached at g or above is not entered again.
    let frontier = [src.id];
    const visited = new Set([src.id]);
    while (frontier.length) {
      const next: string[] = [];
      for (const n of frontier) {
        for (const e of out.get(n) ?? []) {
          if (visited.has(e.t)) continue;
          visited.add(e.t);
          const cur = best.get(e.t);
          if (cur && cur.grade >= g) continue;
          best.set(e.t, { grade: g, source: src.id, via: { edgeId: e.id, fromId: n, toId: e.t, transform: e.transform } });
          next.push(e.t);
        }
      }
      frontier = next;
    }
  }
  return { cols, best };
}

function stepsTo(p: Propagation, columnId: string): PathStep[] {
  const steps: PathStep[] = [];
  const target = p.best.get(columnId);
  if (!target) return steps;
  let cur = columnId;
  const guard = new Set<string>();
  while (cur !== target.source && !guard.has(cur)) {
    guard.add(cur);
    const b = p.best.get(cur);
    if (!b?.via || b.source !== target.source) break;
    steps.unshift(b.via);
    cur = b.via.fromId;
  }
  return steps;
}

export interface GradeConflictReport { conflicts: GradeConflict[]; lowered: GradeLowering[] }

/**
 * Columns graded below an upstream column that reaches them through copy/derive edges only,
 * each with the path that causes it; and the mask/aggregate edges that lowered a grade, with their rule.
 */
export async function gradeConflicts(graph: Graph): Promise<GradeConflictReport> {
  const p = await propagate(graph);
  const conflicts: GradeConflict[] = [];
  for (const [id, b] of p.best) {
    const c = p.cols.get(id);
    if (!c || typeof c.grade !== 'number' || c.grade >= b.grade) continue;
    const up = p.cols.get(b.source)!;
    conflicts.push({ columnId: id, path: c.path, grade: c.grade, upstreamId: up.id, upstreamPath: up.path, upstreamGrade: b.grade, steps: stepsTo(p, id) });
  }
  conflicts.sort((a, b) => (b.upstreamGrade - b.grade) - (a.upstreamGrade - a.grade) || a.path.localeCompare(b.path));
  const lowered = (await graph.read<Record<string, any>>(Q_DESENSITISING_EDGES))
    .filter((r) => r.toGrade === null || r.toGrade === undefined || r.toGrade < r.fromGrade)
    .map((r): GradeLowering => ({
      edgeId: r.id, fromId: r.f, fromPath: r.fromPath, fromGrade: r.fromGrade, toId: r.t, toPath: r.toPath, toGrade: r.toGrade ?? null,
      transform: r.transform,
      rule: (r.via?.length ? r.via : r.transformations?.length ? r.transformations : [r.transform]).join(', '),
    }))
    .sort((a, b) => a.toPath.localeCompare(b.toPath) || a.fromPath.localeCompare(b.fromPath));
  return { conflicts, lowered };
}

/**
 * For columns without a grade: the highest grade of an upstream column that reaches them
 * without desensitising, and where it comes from. Suggestions only; nothing is stored here.
 */
export async function suggestFromLineage(graph: Graph): Promise<GradeSuggestion[]> {
  const p = await propagate(graph);
  const out: GradeSuggestion[] = [];
  for (const [id, b] of p.best) {
    const c = p.cols.get(id);
    if (!c || (c.grade !== null && c.grade !== undefined)) continue;
    const src = p.cols.get(b.source)!;
    const steps = stepsTo(p, id);
    out.push({
      columnId: id, path: c.path, grade: b.grade, categoryId: src.categoryId ?? null, fromId: src.id, fromPath: src.path, steps,
      reason: `lineage: ${steps.map((s) => s.transform).join(' → ')} from ${src.path} (grade ${b.grade}) without masking or aggregation`,
    });
  }
  return out.sort((a, b) => b.grade - a.grade || a.path.localeCompare(b.path));
}
