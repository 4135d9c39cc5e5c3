// Column edges in the graph: (:Column)-[:FLOWS_TO {id, transform, provenance, …}]->(:Column).
// Every edge has an identity key (`id`) derived from what produced it, and is MERGEd on it, so
// ingesting the same SQL, view or OpenLineage event again adds nothing. Names that the
// catalogue does not know become placeholder (external) sources, datasets and columns.
import { createHash, randomUUID } from 'node:crypto';
import type { Graph, GraphTx } from '../catalog/graph/port.ts';
import { columnId, columnPath, datasetId } from '../catalog/ids.ts';
import { extractLineage, type CatalogResolver, type ColumnEdge, type LineageProblem, type SqlDialect, type TransformKind } from './parse/index.ts';

/** Bad input to a lineage operation (unknown column, bad transform, missing reason). */
export class LineageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LineageError';
  }
}

export type Provenance = 'sql' | 'openlineage' | 'manual' | 'view';
export const TRANSFORM_KINDS: readonly TransformKind[] = ['copy', 'derive', 'aggregate', 'mask', 'filter'];
/** Transforms after which the value no longer carries its source's sensitivity. */
export const DESENSITISING: ReadonlySet<TransformKind> = new Set(['mask', 'aggregate']);

/** An edge as stored and returned. */
export interface LineageEdge {
  id: string;
  fromId: string;
  toId: string;
  transform: TransformKind;
  /** The producer's own transformations (OpenLineage "DIRECT:IDENTITY", …); empty for SQL. */
  transformations: string[];
  provenance: Provenance;
  /** OpenLineage job `namespace/name`, or null. */
  job: string | null;
  runId: string | null;
  /** The statement; undefined when a traversal left it out (edgeSql loads it). */
  sql?: string | null;
  file: string | null;
  statementIndex: number | null;
  line: number | null;
  /** Functions that desensitised the value (mask/aggregate): the rule that may lower a grade. */
  via: string[];
  note: string | null;
  actor: string | null;
  createdAt: string;
  retired: boolean;
  retiredAt: string | null;
  retiredBy: string | null;
  retiredReason: string | null;
}

/** What a writer hands to `storeFlows`: a stored edge before its creation and retirement stamps. */
export type FlowRow = Omit<LineageEdge, 'createdAt' | 'retired' | 'retiredAt' | 'retiredBy' | 'retiredReason' | 'sql'> & { sql: string | null };

export const sha = (...parts: (string | number | null | undefined)[]) => createHash('sha256').update(parts.map((p) => String(p ?? '')).join('\u0000')).digest('hex');
export const edgeKeyOf = (...parts: (string | number | null | undefined)[]) => sha(...parts).slice(0, 40);

/** Longest statement text kept on an edge; the file and line point to the rest. */
const MAX_SQL_ON_EDGE = 8000;
const BATCH = 2000;

export function edgeFromRow(r: { e: Record<string, any>; fromId: string; toId: string }): LineageEdge {
  const e = r.e;
  return {
    id: e.id, fromId: r.fromId, toId: r.toId, transform: e.transform, transformations: e.transformations ?? [],
    provenance: e.provenance, job: e.job ?? null, runId: e.runId ?? null, sql: e.sql ?? null, file: e.file ?? null,
    statementIndex: e.statementIndex ?? null, line: e.line ?? null, via: e.via ?? [], note: e.note ?? null,
    actor: e.actor ?? null, createdAt: e.createdAt, retired: !!e.retired, retiredAt: e.retiredAt ?? null,
    retiredBy: e.retiredBy ?? null, retiredReason: e.retiredReason ?? null,
  };
}

const Q_MERGE_FLOWS = `
UNWIND $rows AS r
MATCH (a:Column {id: r.fromId})
MATCH (b:Column {id: r.toId})
MERGE (a)-[e:FLOWS_TO {id: r.id}]->(b)
ON CREATE SET e.transform = r.transform, e.transformations = r.transformations, e.provenance = r.provenance,
  e.job = r.job, e.runId = r.runId, e.sql = r.sql, e.file = r.file, e.statementIndex = r.statementIndex,
  e.line = r.line, e.via = r.via, e.note = r.note, e.actor = r.actor, e.createdAt = $at, e.batch = $batch,
  e.retired = false
RETURN e.batch = $batch AS created`;

/** MERGEs the edges (deduplicated by id) inside `tx`; returns how many exist and how many are new. */
export async function storeFlows(tx: GraphTx, rows: FlowRow[]): Promise<{ edges: number; created: number }> {
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  const at = new Date().toISOString();
  const batch = randomUUID();
  let edges = 0;
  let created = 0;
  for (let i = 0; i < unique.length; i += BATCH) {
    const out = await tx.run<{ created: boolean }>(Q_MERGE_FLOWS, { rows: unique.slice(i, i + BATCH), at, batch });
    edges += out.length;
    created += out.filter((o) => o.created).length;
  }
  return { edges, created };
}

// ---------- placeholders for what the catalogue does not know ----------

export interface PlaceholderColumn {
  sourceId: string;
  sourceName: string;
  namespace: string | null;
  schema: string | null;
  table: string;
  /** null: the dataset only (an OpenLineage input or output without known fields). */
  column: string | null;
}

const Q_PLACEHOLDER_SOURCES = `
UNWIND $rows AS r
MERGE (s:Source {id: r.id})
ON CREATE SET s.name = r.name, s.system = 'external', s.kind = 'external', s.external = true,
  s.namespace = r.namespace, s.createdAt = $at, s.removed = false`;

const Q_PLACEHOLDER_DATASETS = `
UNWIND $rows AS r
MERGE (d:Dataset {id: r.id})
ON CREATE SET d.sourceId = r.sourceId, d.schema = r.schema, d.name = r.name, d.path = r.path, d.kind = 'external',
  d.external = true, d.namespace = r.namespace, d.createdAt = $at, d.dropped = false
WITH d, r
MATCH (s:Source {id: r.sourceId})
MERGE (s)-[:CONTAINS]->(d)`;

const Q_PLACEHOLDER_COLUMNS = `
UNWIND $rows AS r
MERGE (c:Column {id: r.id})
ON CREATE SET c.datasetId = r.datasetId, c.sourceId = r.sourceId, c.name = r.name, c.path = r.path,
  c.external = true, c.gradeStatus = 'unclassified', c.dropped = false, c.createdAt = $at
WITH c, r
MATCH (d:Dataset {id: r.datasetId})
MERGE (d)-[:HAS_COLUMN]->(c)`;

/** Creates (idempotently) the placeholder nodes; returns the column id (the dataset id when column is null) of each input, in order. */
export async function ensurePlaceholders(tx: GraphTx, cols: PlaceholderColumn[]): Promise<string[]> {
  const at = new Date().toISOString();
  const sources = new Map<string, { id: string; name: string; namespace: string | null }>();
  const datasets = new Map<string, Record<string, unknown>>();
  const columns = new Map<string, Record<string, unknown>>();
  const ids = cols.map((c) => {
    sources.set(c.sourceId, { id: c.sourceId, name: c.sourceName, namespace: c.namespace });
    const dsId = datasetId(c.sourceId, c.schema, c.table);
    datasets.set(dsId, { id: dsId, sourceId: c.sourceId, schema: c.schema, name: c.table, path: [c.schema, c.table].filter(Boolean).join('.'), namespace: c.namespace });
    if (c.column === null) return dsId;
    const id = columnId(dsId, c.column);
    columns.set(id, { id, datasetId: dsId, sourceId: c.sourceId, name: c.column, path: columnPath(c.schema, c.table, c.column) });
    return id;
  });
  const run = async (q: string, rows: unknown[]) => { for (let i = 0; i < rows.length; i += BATCH) await tx.run(q, { rows: rows.slice(i, i + BATCH), at }); };
  await run(Q_PLACEHOLDER_SOURCES, [...sources.values()]);
  await run(Q_PLACEHOLDER_DATASETS, [...datasets.values()]);
  await run(Q_PLACEHOLDER_COLUMNS, [...columns.values()]);
  return ids;
}

/** Id of the placeholder source for an OpenLineage namespace (a valid source id: lower case, ≤ 63). */
export function externalSourceId(namespace: string): string {
  const slug = namespace.toLowerCase().replace(/^[a-z0-9+.-]+:\/\//, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'ns';
  return `ext-${slug}-${sha(namespace).slice(0, 8)}`;
}

/** Placeholder source for SQL names that the catalogue does not know. */
export const SQL_EXTERNAL_SOURCE = 'ext-sql-unresolved';

// ---------- the catalogue as a resolver ----------

interface CatalogTable { datasetId: string; sourceId: string; schema: string | null; name: string; kind: string; columns: { name: string; id: string; ordinal: number }[] }

const Q_CATALOG = `
MATCH (d:Dataset)-[:HAS_COLUMN]->(c:Column)
WHERE coalesce(d.external, false) = false AND coalesce(d.dropped, false) = false AND coalesce(c.dropped, false) = false
RETURN d.id AS datasetId, d.sourceId AS sourceId, d.schema AS schema, d.name AS name, d.kind AS kind,
  c.id AS columnId, c.name AS column, c.ordinal AS ordinal`;

const tkey = (schema: string | null, table: string) => `${schema ?? ''}\u0000${table}`;

/** An in-memory snapshot of the harvested catalogue: tables by schema and name, exact first, then case-insensitive. */
export class CatalogSnapshot {
  private exact = new Map<string, CatalogTable[]>();
  private folded = new Map<string, CatalogTable[]>();
  private byName = new Map<string, CatalogTable[]>();

  constructor(tables: CatalogTable[]) {
    const add = (m: Map<string, CatalogTable[]>, k: string, t: CatalogTable) => { const l = m.get(k); if (l) l.push(t); else m.set(k, [t]); };
    for (const t of tables) {
      t.columns.sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0));
      add(this.exact, tkey(t.schema, t.name), t);
      add(this.folded, tkey(t.schema?.toLowerCase() ?? null, t.name.toLowerCase()), t);
      add(this.byName, t.name.toLowerCase(), t);
    }
  }

  static async load(graph: Graph | GraphTx): Promise<CatalogSnapshot> {
    const rows = 'run' in graph ? await graph.run<Record<string, any>>(Q_CATALOG) : await graph.read<Record<string, any>>(Q_CATALOG);
    const tables = new Map<string, CatalogTable>();
    for (const r of rows) {
      let t = tables.get(r.datasetId);
      if (!t) { t = { datasetId: r.datasetId, sourceId: r.sourceId, schema: r.schema ?? null, name: r.name, kind: r.kind, columns: [] }; tables.set(r.datasetId, t); }
      t.columns.push({ name: r.column, id: r.columnId, ordinal: r.ordinal ?? 0 });
    }
    return new CatalogSnapshot([...tables.values()]);
  }

  /** The table, preferring `preferSource` when several sources hold the same schema.table. */
  table(schema: string | null, table: string, preferSource?: string | null): CatalogTable | null {
    let hits = this.exact.get(tkey(schema, table)) ?? this.folded.get(tkey(schema?.toLowerCase() ?? null, table.toLowerCase()));
    if (!hits && schema === null) hits = this.byName.get(table.toLowerCase());
    if (!hits?.length) return null;
    if (hits.length === 1) return hits[0];
    return hits.find((t) => t.sourceId === preferSource) ?? [...hits].sort((a, b) => a.datasetId.localeCompare(b.datasetId))[0];
  }

  columnId(schema: string | null, table: string, column: string, preferSource?: string | null): string | null {
    const t = this.table(schema, table, preferSource);
    if (!t) return null;
    return (t.columns.find((c) => c.name === column) ?? t.columns.find((c) => c.name.toLowerCase() === column.toLowerCase()))?.id ?? null;
  }

  resolver(preferSource?: string | null): CatalogResolver {
    return { columnsOf: (schema, table) => this.table(schema, table, preferSource)?.columns.map((c) => c.name) ?? null };
  }
}

// ---------- SQL ----------

export interface SqlIngestOptions {
  dialect: SqlDialect;
  file?: string | null;
  actor: string;
  /** Prefer this source's tables when a name exists in several sources. */
  sourceId?: string | null;
  searchPath?: string[];
  maskFunctions?: string[];
  /** Stored provenance: 'sql' (default) or 'view' for harvested view definitions. */
  provenance?: 'sql' | 'view';
  /** Key prefix that scopes edge identity (default: the file name). */
  scope?: string;
}

export interface SqlIngestResult {
  statements: number;
  /** Column edges found in the SQL (after de-duplication). */
  edges: number;
  /** Edges that were not stored before. */
  created: number;
  problems: LineageProblem[];
  /** `schema.table` names not in the catalogue, stored as external placeholders. */
  placeholders: string[];
  edgeIds: string[];
}

/** Turns parsed SQL edges into stored edges, resolving names against the catalogue. */
async function storeSqlEdges(graph: Graph, edges: ColumnEdge[], snap: CatalogSnapshot, opts: SqlIngestOptions): Promise<{ edges: number; created: number; placeholders: string[]; edgeIds: string[] }> {
  const unresolved = new Map<string, PlaceholderColumn>();
  const resolved = new Map<string, string>();
  const ref = (c: ColumnEdge['from']) => {
    const k = `${c.schema ?? ''}\u0000${c.table}\u0000${c.column}`;
    if (resolved.has(k) || unresolved.has(k)) return k;
    const id = snap.columnId(c.schema, c.table, c.column, opts.sourceId);
    if (id) resolved.set(k, id);
    else unresolved.set(k, { sourceId: SQL_EXTERNAL_SOURCE, sourceName: 'SQL names not in the catalogue', namespace: null, schema: c.schema, table: c.table, column: c.column });
    return k;
  };
  const pairs = edges.map((e) => ({ e, from: ref(e.from), to: ref(e.to) }));
  const provenance = opts.provenance ?? 'sql';
  const scope = opts.scope ?? opts.file ?? '';
  return graph.transaction(async (tx) => {
    const keys = [...unresolved.keys()];
    const ids = await ensurePlaceholders(tx, keys.map((k) => unresolved.get(k)!));
    keys.forEach((k, i) => resolved.set(k, ids[i]));
    const rows: FlowRow[] = pairs.map(({ e, from, to }) => {
      const fromId = resolved.get(from)!;
      const toId = resolved.get(to)!;
      // A view's flows are keyed by the view alone, so an unchanged flow keeps its edge when the definition changes.
      const stmtHash = provenance === 'view' ? '' : sha(e.sql ?? `#${e.statementIndex}`);
      return {
        id: edgeKeyOf(provenance, scope, stmtHash, fromId, toId, e.transform),
        fromId, toId, transform: e.transform, transformations: [], provenance, job: null, runId: null,
        sql: e.sql ? e.sql.slice(0, MAX_SQL_ON_EDGE) : null, file: opts.file ?? null, statementIndex: e.statementIndex,
        line: e.line, via: e.via ?? [], note: null, actor: opts.actor,
      };
    });
    const r = await storeFlows(tx, rows);
    return { ...r, placeholders: [...new Set([...unresolved.values()].map((p) => [p.schema, p.table].filter(Boolean).join('.')))].sort(), edgeIds: [...new Set(rows.map((x) => x.id))] };
  });
}

/**
 * Column lineage of a SQL file into the graph. A statement that does not parse is reported
 * (with its line) and skipped; the others are stored. Re-ingesting the same SQL adds nothing.
 */
export async function ingestSql(graph: Graph, sql: string, opts: SqlIngestOptions): Promise<SqlIngestResult> {
  if (typeof sql !== 'string' || !sql.trim()) throw new LineageError('the SQL text is empty');
  if (sql.length > 5_000_000) throw new LineageError('the SQL text is over 5,000,000 characters; split the file');
  if (opts.dialect !== 'postgres' && opts.dialect !== 'mysql') throw new LineageError(`dialect must be postgres or mysql, got ${JSON.stringify(opts.dialect)}`);
  if (opts.file && opts.file.length > 500) throw new LineageError('a file name is at most 500 characters');
  const snap = await CatalogSnapshot.load(graph);
  const result = await extractLineage(sql, {
    dialect: opts.dialect, file: opts.file ?? undefined, catalog: snap.resolver(opts.sourceId),
    searchPath: opts.searchPath, maskFunctions: opts.maskFunctions,
  });
  const stored = result.edges.length ? await storeSqlEdges(graph, result.edges, snap, opts) : { edges: 0, created: 0, placeholders: [], edgeIds: [] };
  return { statements: result.statements, edges: stored.edges, created: stored.created, problems: result.problems, placeholders: stored.placeholders, edgeIds: stored.edgeIds };
}

const Q_SOURCE_VIEWS = `
MATCH (d:Dataset {sourceId: $sourceId})
WHERE d.viewSql IS NOT NULL AND coalesce(d.dropped, false) = false
OPTIONAL MATCH (d)-[:HAS_COLUMN]->(c:Column)
WHERE coalesce(c.dropped, false) = false
RETURN d.id AS id, d.schema AS schema, d.name AS name, d.viewSql AS viewSql, collect({name: c.name, ordinal: c.ordinal}) AS columns`;

const Q_RETIRE_STALE_VIEW_EDGES = `
MATCH (c:Column {datasetId: $datasetId})<-[e:FLOWS_TO]-()
WHERE e.provenance = 'view' AND coalesce(e.retired, false) = false AND NOT e.id IN $keep
SET e.retired = true, e.retiredAt = $at, e.retiredBy = $actor, e.retiredReason = 'the view definition changed'
RETURN count(e) AS n`;

export interface ViewIngestResult { views: number; edges: number; created: number; retired: number; problems: LineageProblem[] }

/**
 * Lineage of the views harvested from a source (Dataset.viewSql): each view's definition is
 * read as `CREATE VIEW schema.name (columns…) AS <definition>`. Edges of a view whose
 * definition changed since are retired, not deleted.
 */
export async function ingestViews(graph: Graph, sourceId: string, opts: { actor?: string } = {}): Promise<ViewIngestResult> {
  const [src] = await graph.read<{ kind: string | null; dialect: string | null }>('MATCH (s:Source {id: $id}) RETURN s.kind AS kind, s.dialect AS dialect', { id: sourceId });
  if (!src) throw new LineageError(`source ${sourceId} is not in the catalogue`);
  const dialect: SqlDialect = src.dialect === 'mysql' ? 'mysql' : 'postgres';
  const quote = dialect === 'mysql' ? (s: string) => '`' + s.replace(/`/g, '``') + '`' : (s: string) => '"' + s.replace(/"/g, '""') + '"';
  const views = await graph.read<{ id: string; schema: string | null; name: string; viewSql: string; columns: { name: string | null; ordinal: number | null }[] }>(Q_SOURCE_VIEWS, { sourceId });
  const snap = await CatalogSnapshot.load(graph);
  const actor = opts.actor ?? 'system';
  const out: ViewIngestResult = { views: views.length, edges: 0, created: 0, retired: 0, problems: [] };
  for (const v of views) {
    const cols = v.columns.filter((c) => c.name).sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0)).map((c) => quote(c.name!));
    const target = v.schema ? `${quote(v.schema)}.${quote(v.name)}` : quote(v.name);
    const sql = `CREATE VIEW ${target}${cols.length ? ` (${cols.join(', ')})` : ''} AS\n${v.viewSql.trim().replace(/;\s*$/, '')}`;
    const file = `view:${[v.schema, v.name].filter(Boolean).join('.')}`;
    const r = await extractLineage(sql, { dialect, file, catalog: snap.resolver(sourceId), searchPath: v.schema ? [v.schema, 'public'] : ['public'] });
    out.problems.push(...r.problems);
    const stored = r.edges.length
      ? await storeSqlEdges(graph, r.edges, snap, { dialect, file, actor, sourceId, provenance: 'view', scope: v.id })
      : { edges: 0, created: 0, placeholders: [], edgeIds: [] };
    out.edges += stored.edges;
    out.created += stored.created;
    const [ret] = await graph.write<{ n: number }>(Q_RETIRE_STALE_VIEW_EDGES, { datasetId: v.id, keep: stored.edgeIds, at: new Date().toISOString(), actor });
    out.retired += ret?.n ?? 0;
  }
  return out;
}

// ---------- manual edges ----------

const EDGE_RETURN = 'RETURN properties(e) AS e, a.id AS fromId, b.id AS toId';

const Q_MERGE_MANUAL = `
MATCH (a:Column {id: $fromId})
MATCH (b:Column {id: $toId})
MERGE (a)-[e:FLOWS_TO {id: $id}]->(b)
ON CREATE SET e.transform = $transform, e.transformations = [], e.provenance = 'manual', e.job = null, e.runId = null,
  e.sql = null, e.file = null, e.statementIndex = null, e.line = null, e.via = $via, e.note = $note, e.actor = $actor,
  e.createdAt = $at, e.retired = false
ON MATCH SET e.retired = false, e.retiredAt = null, e.retiredBy = null, e.retiredReason = null, e.note = $note, e.actor = $actor
${EDGE_RETURN}`;

/**
 * A flow no parser sees (a vendor interface file, a manual upload), added by a person. Adding
 * the same flow again returns the existing edge (re-activated if it had been retired).
 */
export async function addManualEdge(graph: Graph, input: { fromId: string; toId: string; transform: string; note?: string | null; via?: string[] | null; actor: string }): Promise<LineageEdge> {
  if (!TRANSFORM_KINDS.includes(input.transform as TransformKind)) throw new LineageError(`transform must be one of ${TRANSFORM_KINDS.join(', ')}`);
  if (input.fromId === input.toId) throw new LineageError('an edge needs two different columns');
  const note = input.note?.trim() || null;
  if (note && note.length > 2000) throw new LineageError('a note is at most 2,000 characters');
  const via = (input.via ?? []).map((v) => v.trim()).filter(Boolean);
  if (via.length > 20 || via.some((v) => v.length > 200)) throw new LineageError('via lists at most 20 rule names of at most 200 characters');
  const found = await graph.read<{ id: string; external: boolean | null }>('UNWIND $ids AS id MATCH (c:Column {id: id}) RETURN c.id AS id, c.external AS external', { ids: [input.fromId, input.toId] });
  for (const id of [input.fromId, input.toId]) if (!found.some((f) => f.id === id)) throw new LineageError(`column ${id} is not in the catalogue`);
  const id = edgeKeyOf('manual', input.fromId, input.toId, input.transform);
  const [row] = await graph.write<{ e: Record<string, any>; fromId: string; toId: string }>(Q_MERGE_MANUAL, {
    id, fromId: input.fromId, toId: input.toId, transform: input.transform, via, note, actor: input.actor, at: new Date().toISOString(),
  });
  return edgeFromRow(row);
}

// Edges have no index of their own: an id lookup walks the FLOWS_TO relationships (rare: retiring by hand).
const Q_EDGE_BY_ID = `MATCH (a:Column)-[e:FLOWS_TO]->(b:Column) WHERE e.id = $id ${EDGE_RETURN}`;
const Q_RETIRE = `
MATCH (a:Column {id: $fromId})-[e:FLOWS_TO]->(b:Column {id: $toId})
WHERE e.id = $id
SET e.retired = true, e.retiredAt = $at, e.retiredBy = $actor, e.retiredReason = $reason
${EDGE_RETURN}`;

export async function getEdge(graph: Graph, id: string): Promise<LineageEdge | null> {
  const [row] = await graph.read<{ e: Record<string, any>; fromId: string; toId: string }>(Q_EDGE_BY_ID, { id });
  return row ? edgeFromRow(row) : null;
}

/** Retires an edge of any provenance: it stays, with who retired it, when and why, but no longer counts. */
export async function retireEdge(graph: Graph, id: string, input: { reason: string; actor: string }): Promise<LineageEdge> {
  const reason = input.reason?.trim();
  if (!reason) throw new LineageError('say why the edge is retired (reason)');
  if (reason.length > 1000) throw new LineageError('a reason is at most 1,000 characters');
  const edge = await getEdge(graph, id);
  if (!edge) throw new LineageError(`lineage edge ${id} does not exist`);
  if (edge.retired) throw new LineageError(`lineage edge ${id} is already retired (${edge.retiredAt} by ${edge.retiredBy})`);
  const [row] = await graph.write<{ e: Record<string, any>; fromId: string; toId: string }>(Q_RETIRE, { id, fromId: edge.fromId, toId: edge.toId, reason, actor: input.actor, at: new Date().toISOString() });
  return edgeFromRow(row);
}
