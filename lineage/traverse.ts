// Walking the lineage: upstream / downstream of a column to a depth, impact, paths between two
// columns, table-level roll-up. Breadth-first, one indexed query per level (engine-neutral and
// bounded by what is reached: cycles terminate because a column is expanded once).
import type { Graph } from '../catalog/graph/port.ts';
import { edgeFromRow, LineageError, type LineageEdge } from './store.ts';
import type { TransformKind } from './parse/index.ts';

export const MAX_DEPTH = 20;
/** Largest number of columns a traversal returns; beyond it the answer says truncated. */
export const MAX_NODES = 5000;

export type Direction = 'upstream' | 'downstream';

export interface LineageNode {
  id: string;
  name: string;
  path: string;
  datasetId: string;
  datasetPath: string | null;
  sourceId: string;
  grade: number | null;
  gradeStatus: string | null;
  categoryId: string | null;
  external: boolean;
  /** Hops from the column asked about (0 for itself). */
  depth: number;
}

export interface LineageGraph {
  root: string;
  direction: Direction;
  depth: number;
  nodes: LineageNode[];
  edges: EdgeSummary[];
  truncated: boolean;
}

// Traversals return edge summaries (id, ends, transform, provenance): the embedded engine's cost
// grows with every value returned. The rest of an edge (file, line, job, via, sql…) is loaded for
// the edges a caller shows, in one batched query (edgeDetails / createEdgeDetailLoader).
export type EdgeSummary = Pick<LineageEdge, 'id' | 'fromId' | 'toId' | 'transform' | 'provenance'> & Partial<LineageEdge>;

const Q_DOWN = `
UNWIND $ids AS id
MATCH (a:Column {id: id})-[e:FLOWS_TO]->(b:Column)
WHERE coalesce(e.retired, false) = false
RETURN id AS fromId, b.id AS toId, e.id AS id, e.transform AS transform, e.provenance AS provenance`;

// The indexed node is written first: Grafeo (0.6) plans `(x)-[]->(c {id})` as a scan.
const Q_UP = `
UNWIND $ids AS id
MATCH (b:Column {id: id})<-[e:FLOWS_TO]-(a:Column)
WHERE coalesce(e.retired, false) = false
RETURN a.id AS fromId, id AS toId, e.id AS id, e.transform AS transform, e.provenance AS provenance`;

const Q_EDGE_DETAILS = `
UNWIND $refs AS r
MATCH (a:Column {id: r.fromId})-[e:FLOWS_TO]->(b:Column)
WHERE e.id = r.id
RETURN properties(e) AS e, a.id AS fromId, b.id AS toId`;

/** Full edges for summaries (looked up through their indexed source column), by id. */
export async function edgeDetails(graph: Graph, refs: { id: string; fromId: string }[]): Promise<Map<string, LineageEdge>> {
  const out = new Map<string, LineageEdge>();
  const unique = [...new Map(refs.map((r) => [r.id, { id: r.id, fromId: r.fromId }])).values()];
  for (let i = 0; i < unique.length; i += 2000) {
    for (const row of await graph.read<{ e: Record<string, any>; fromId: string; toId: string }>(Q_EDGE_DETAILS, { refs: unique.slice(i, i + 2000) })) out.set(row.e.id, edgeFromRow(row));
  }
  return out;
}

/** A per-request batcher: every edge asked for in the same tick is loaded by one query. */
export function createEdgeDetailLoader(graph: Graph): (e: { id: string; fromId: string }) => Promise<LineageEdge | null> {
  const cache = new Map<string, Promise<LineageEdge | null>>();
  let queue: { ref: { id: string; fromId: string }; resolve: (v: LineageEdge | null) => void; reject: (e: unknown) => void }[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    edgeDetails(graph, batch.map((b) => b.ref)).then(
      (m) => { for (const b of batch) b.resolve(m.get(b.ref.id) ?? null); },
      (err) => { for (const b of batch) b.reject(err); },
    );
  };
  return (e) => {
    let p = cache.get(e.id);
    if (!p) {
      p = new Promise((resolve, reject) => {
        queue.push({ ref: { id: e.id, fromId: e.fromId }, resolve, reject });
        if (queue.length === 1) setImmediate(flush);
      });
      cache.set(e.id, p);
    }
    return p;
  };
}

type EdgeRow = { fromId: string; toId: string; id: string; transform: TransformKind; provenance: LineageEdge['provenance'] };

const Q_NODES = `
UNWIND $ids AS id
MATCH (c:Column {id: id})
RETURN c.id AS id, c.name AS name, c.path AS path, c.datasetId AS datasetId, c.sourceId AS sourceId, c.grade AS grade,
  c.gradeStatus AS gradeStatus, c.categoryId AS categoryId, c.external AS external`;

const Q_DATASETS = `
UNWIND $ids AS id
MATCH (d:Dataset {id: id})
RETURN d.id AS id, d.path AS path, d.name AS name, d.kind AS kind, d.sourceId AS sourceId, d.external AS external, d.grade AS grade`;

const clampDepth = (depth: number | null | undefined, dflt: number) => {
  const d = depth ?? dflt;
  if (!Number.isInteger(d) || d < 1) throw new LineageError(`depth must be a whole number from 1 to ${MAX_DEPTH}`);
  return Math.min(d, MAX_DEPTH);
};

async function assertColumn(graph: Graph, id: string): Promise<void> {
  const [c] = await graph.read('MATCH (c:Column {id: $id}) RETURN c.id AS id', { id });
  if (!c) throw new LineageError(`column ${id} is not in the catalogue`);
}

/** Breadth-first walk; returns the edges met and each reached column's depth. */
export async function walk(graph: Graph, start: string, direction: Direction, depth: number, maxNodes = MAX_NODES): Promise<{ depthOf: Map<string, number>; edges: EdgeSummary[]; truncated: boolean }> {
  const q = direction === 'downstream' ? Q_DOWN : Q_UP;
  const depthOf = new Map<string, number>([[start, 0]]);
  const edges = new Map<string, EdgeSummary>();
  let frontier = [start];
  let truncated = false;
  for (let d = 1; d <= depth && frontier.length; d++) {
    const rows = await graph.read<EdgeRow>(q, { ids: frontier });
    const next: string[] = [];
    for (const r of rows) {
      const other = direction === 'downstream' ? r.toId : r.fromId;
      if (!depthOf.has(other)) {
        if (depthOf.size >= maxNodes) { truncated = true; continue; }
        depthOf.set(other, d);
        next.push(other);
      }
      if (!edges.has(r.id)) edges.set(r.id, { id: r.id, fromId: r.fromId, toId: r.toId, transform: r.transform, provenance: r.provenance });
    }
    frontier = next;
  }
  return { depthOf, edges: [...edges.values()], truncated };
}

/** Column details of the ids, in the order given (ids not found are left out). */
export async function describeColumns(graph: Graph, depthOf: Map<string, number>): Promise<LineageNode[]> {
  const ids = [...depthOf.keys()];
  const rows: Record<string, any>[] = [];
  for (let i = 0; i < ids.length; i += 2000) rows.push(...await graph.read<Record<string, any>>(Q_NODES, { ids: ids.slice(i, i + 2000) }));
  const dsIds = [...new Set(rows.map((r) => r.datasetId).filter(Boolean))];
  const dsPath = new Map<string, string>();
  for (let i = 0; i < dsIds.length; i += 2000) {
    for (const d of await graph.read<{ id: string; path: string }>(Q_DATASETS, { ids: dsIds.slice(i, i + 2000) })) dsPath.set(d.id, d.path);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [{
      id, name: r.name, path: r.path, datasetId: r.datasetId, datasetPath: dsPath.get(r.datasetId) ?? null, sourceId: r.sourceId,
      grade: r.grade ?? null, gradeStatus: r.gradeStatus ?? null, categoryId: r.categoryId ?? null, external: !!r.external, depth: depthOf.get(id)!,
    }];
  });
}

async function neighbourhood(graph: Graph, columnId: string, direction: Direction, depth?: number | null): Promise<LineageGraph> {
  const d = clampDepth(depth, 3);
  await assertColumn(graph, columnId);
  const w = await walk(graph, columnId, direction, d);
  return { root: columnId, direction, depth: d, nodes: await describeColumns(graph, w.depthOf), edges: w.edges, truncated: w.truncated };
}

/** Where a column's values come from, to `depth` hops (default 3, at most 20). */
export const upstream = (graph: Graph, columnId: string, depth?: number | null) => neighbourhood(graph, columnId, 'upstream', depth);
/** Where a column's values go, to `depth` hops (default 3, at most 20). */
export const downstream = (graph: Graph, columnId: string, depth?: number | null) => neighbourhood(graph, columnId, 'downstream', depth);

// ---------- impact ----------

export interface ImpactDataset { id: string; path: string; name: string; kind: string | null; sourceId: string; external: boolean; columns: number; minDepth: number }
export interface ImpactReconciliation { id: string; name: string; columnIds: string[] }

export interface Impact {
  column: string;
  depth: number;
  /** Downstream columns (not the column itself). */
  columns: LineageNode[];
  /** Tables, views, files and reports (external datasets) that receive the column's values. */
  datasets: ImpactDataset[];
  /** Reconciliation checks that read the column or anything downstream of it. */
  reconciliations: ImpactReconciliation[];
  /** Exports that contain the column or anything downstream of it. */
  exports: string[];
  /** OpenLineage jobs that move the values. */
  jobs: string[];
  edges: EdgeSummary[];
  truncated: boolean;
}

const Q_RECONCILIATIONS_READING = `
UNWIND $ids AS id
MATCH (c:Column {id: id})<-[:READS]-(r:Reconciliation)
RETURN r.id AS id, r.name AS name, c.id AS columnId`;

const Q_EXPORTS_WITH = `
UNWIND $ids AS id
MATCH (c:Column {id: id})--(x:Export)
RETURN DISTINCT x.id AS id`;

/** What depends on a column: downstream columns, datasets, reports, reconciliation checks, exports. */
export async function impact(graph: Graph, columnId: string, depth?: number | null): Promise<Impact> {
  const d = clampDepth(depth, MAX_DEPTH);
  await assertColumn(graph, columnId);
  const w = await walk(graph, columnId, 'downstream', d, MAX_NODES * 2);
  const nodes = await describeColumns(graph, w.depthOf);
  const ids = [...w.depthOf.keys()];
  const recRows: { id: string; name: string; columnId: string }[] = [];
  const exportIds = new Set<string>();
  for (let i = 0; i < ids.length; i += 2000) {
    recRows.push(...await graph.read<{ id: string; name: string; columnId: string }>(Q_RECONCILIATIONS_READING, { ids: ids.slice(i, i + 2000) }));
    for (const x of await graph.read<{ id: string }>(Q_EXPORTS_WITH, { ids: ids.slice(i, i + 2000) })) exportIds.add(x.id);
  }
  const recs = new Map<string, ImpactReconciliation>();
  for (const r of recRows) {
    const cur = recs.get(r.id) ?? { id: r.id, name: r.name, columnIds: [] };
    if (!cur.columnIds.includes(r.columnId)) cur.columnIds.push(r.columnId);
    recs.set(r.id, cur);
  }
  const downstreamCols = nodes.filter((n) => n.id !== columnId);
  const dsAgg = new Map<string, { columns: number; minDepth: number }>();
  for (const n of downstreamCols) {
    const a = dsAgg.get(n.datasetId) ?? { columns: 0, minDepth: Infinity };
    a.columns++;
    a.minDepth = Math.min(a.minDepth, n.depth);
    dsAgg.set(n.datasetId, a);
  }
  const dsRows = await graph.read<Record<string, any>>(Q_DATASETS, { ids: [...dsAgg.keys()] });
  const datasets: ImpactDataset[] = dsRows.map((r) => ({
    id: r.id, path: r.path, name: r.name, kind: r.kind ?? null, sourceId: r.sourceId, external: !!r.external,
    columns: dsAgg.get(r.id)!.columns, minDepth: dsAgg.get(r.id)!.minDepth,
  })).sort((a, b) => a.minDepth - b.minDepth || a.path.localeCompare(b.path));
  return {
    column: columnId, depth: d, columns: downstreamCols, datasets,
    reconciliations: [...recs.values()].sort((a, b) => a.id.localeCompare(b.id)),
    exports: [...exportIds].sort(),
    jobs: [...new Set([...(await edgeDetails(graph, w.edges.filter((e) => e.provenance === 'openlineage'))).values()].map((e) => e.job).filter((j): j is string => !!j))].sort(),
    edges: w.edges, truncated: w.truncated,
  };
}

// ---------- paths ----------

export interface LineagePath { columns: string[]; edges: EdgeSummary[] }
export interface LineagePaths { from: string; to: string; maxDepth: number; paths: LineagePath[]; nodes: LineageNode[]; truncated: boolean }

/**
 * The paths from one column to another, shortest first, up to `maxDepth` hops and `limit` paths.
 * Parallel edges between the same two columns (several transforms) belong to the same path.
 */
export async function lineagePaths(graph: Graph, fromId: string, toId: string, opts: { maxDepth?: number | null; limit?: number | null } = {}): Promise<LineagePaths> {
  const maxDepth = clampDepth(opts.maxDepth, 10);
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 200);
  await assertColumn(graph, fromId);
  await assertColumn(graph, toId);
  const empty: LineagePaths = { from: fromId, to: toId, maxDepth, paths: [], nodes: [], truncated: false };
  if (fromId === toId) return empty;
  const down = await walk(graph, fromId, 'downstream', maxDepth, MAX_NODES * 4);
  if (!down.depthOf.has(toId)) return { ...empty, truncated: down.truncated };
  const up = await walk(graph, toId, 'upstream', maxDepth, MAX_NODES * 4);
  const df = down.depthOf;
  const dt = up.depthOf;
  // Only edges on some path of at most maxDepth hops.
  const out = new Map<string, Map<string, EdgeSummary[]>>();
  for (const e of down.edges) {
    const a = df.get(e.fromId);
    const b = dt.get(e.toId);
    if (a === undefined || b === undefined || a + 1 + b > maxDepth) continue;
    const m = out.get(e.fromId) ?? new Map<string, EdgeSummary[]>();
    const list = m.get(e.toId) ?? [];
    list.push(e);
    m.set(e.toId, list);
    out.set(e.fromId, m);
  }
  const paths: LineagePath[] = [];
  let truncated = down.truncated || up.truncated;
  const shortest = df.get(toId)!;
  for (let len = shortest; len <= maxDepth && paths.length < limit; len++) {
    const stack: string[] = [fromId];
    const onPath = new Set([fromId]);
    const dfs = (node: string, left: number): void => {
      if (paths.length >= limit) { truncated = true; return; }
      if (left === 0) {
        if (node === toId) paths.push({ columns: [...stack], edges: stack.slice(1).flatMap((c, i) => out.get(stack[i])!.get(c)!) });
        return;
      }
      for (const next of out.get(node)?.keys() ?? []) {
        if (onPath.has(next) || (dt.get(next) ?? Infinity) > left - 1) continue;
        if (next === toId && left - 1 !== 0) continue;
        stack.push(next); onPath.add(next);
        dfs(next, left - 1);
        stack.pop(); onPath.delete(next);
      }
    };
    dfs(fromId, len);
  }
  const onAny = new Map<string, number>();
  for (const p of paths) for (const c of p.columns) if (!onAny.has(c)) onAny.set(c, df.get(c)!);
  return { from: fromId, to: toId, maxDepth, paths, nodes: await describeColumns(graph, onAny), truncated };
}

// ---------- table level ----------

export interface TableNode { id: string; path: string; name: string; kind: string | null; sourceId: string; external: boolean; grade: number | null; depth: number }
export interface TableEdge { fromDatasetId: string; toDatasetId: string; columnEdges: number; transforms: { transform: TransformKind; count: number }[] }
export interface TableLineage { root: string; depth: number; datasets: TableNode[]; edges: TableEdge[]; truncated: boolean }

const Q_TABLE_DOWN = `
UNWIND $ids AS id
MATCH (a:Column {datasetId: id})-[e:FLOWS_TO]->(b:Column)
WHERE coalesce(e.retired, false) = false
RETURN a.datasetId AS fromDs, b.datasetId AS toDs, e.transform AS transform, count(e) AS n`;

const Q_TABLE_UP = `
UNWIND $ids AS id
MATCH (b:Column {datasetId: id})<-[e:FLOWS_TO]-(a:Column)
WHERE coalesce(e.retired, false) = false
RETURN a.datasetId AS fromDs, b.datasetId AS toDs, e.transform AS transform, count(e) AS n`;

/** Dataset-level lineage: the roll-up of column edges, both directions, to `depth` hops (default 1). */
export async function tableLineage(graph: Graph, datasetId: string, depth?: number | null): Promise<TableLineage> {
  const d = clampDepth(depth, 1);
  const [root] = await graph.read('MATCH (d:Dataset {id: $id}) RETURN d.id AS id', { id: datasetId });
  if (!root) throw new LineageError(`dataset ${datasetId} is not in the catalogue`);
  const depthOf = new Map<string, number>([[datasetId, 0]]);
  const agg = new Map<string, Map<TransformKind, number>>();
  let truncated = false;
  for (const [q, dirDown] of [[Q_TABLE_DOWN, true], [Q_TABLE_UP, false]] as const) {
    const seen = new Set([datasetId]);
    // A pair both walks meet (a cycle through the root) is counted by the first one only.
    const countedBefore = new Set(agg.keys());
    let frontier = [datasetId];
    for (let level = 1; level <= d && frontier.length; level++) {
      const rows = await graph.read<{ fromDs: string; toDs: string; transform: TransformKind; n: number }>(q, { ids: frontier });
      const next: string[] = [];
      for (const r of rows) {
        const k = `${r.fromDs}\u0000${r.toDs}`;
        if (!countedBefore.has(k)) {
          const m = agg.get(k) ?? new Map<TransformKind, number>();
          m.set(r.transform, (m.get(r.transform) ?? 0) + r.n);
          agg.set(k, m);
        }
        const other = dirDown ? r.toDs : r.fromDs;
        if (!seen.has(other)) {
          if (depthOf.size >= MAX_NODES) { truncated = true; continue; }
          seen.add(other);
          next.push(other);
          depthOf.set(other, Math.min(depthOf.get(other) ?? Infinity, level));
        }
      }
      frontier = next;
    }
  }
  const edges: TableEdge[] = [...agg.entries()].map(([k, m]) => {
    const [fromDatasetId, toDatasetId] = k.split('\u0000');
    const transforms = [...m.entries()].map(([transform, count]) => ({ transform, count })).sort((a, b) => a.transform.localeCompare(b.transform));
    return { fromDatasetId, toDatasetId, columnEdges: transforms.reduce((s, t) => s + t.count, 0), transforms };
  });
  const rows = await graph.read<Record<string, any>>(Q_DATASETS, { ids: [...depthOf.keys()] });
  const datasets = rows.map((r) => ({
    id: r.id, path: r.path, name: r.name, kind: r.kind ?? null, sourceId: r.sourceId, external: !!r.external, grade: r.grade ?? null, depth: depthOf.get(r.id)!,
  })).sort((a, b) => a.depth - b.depth || a.path.localeCompare(b.path));
  return { root: datasetId, depth: d, datasets, edges, truncated };
}
