// Data standards (数据标准) in the graph: (:Standard {code…}) with every change kept as a
// (:StandardVersion); columns mapped with (:Column)-[:CONFORMS_TO]->(:Standard) and scored.
import type { Graph } from './graph/port.ts';
import {
  validateStandard, standardChanges, scoreConformance, suggestStandards, rollupConformance, StandardError,
  type Standard, type ConformanceResult, type ConformanceRollup,
} from './standards-model.ts';

export { StandardError, type Standard };

function toNode(s: Standard) {
  return { ...s, id: s.code, codeList: s.codeList ? JSON.stringify(s.codeList) : null };
}

function fromNode(n: Record<string, any>): Standard {
  const { id: _id, updatedAt: _u, updatedBy: _b, ...rest } = n;
  return validateStandard({ ...rest, codeList: rest.codeList ? JSON.parse(rest.codeList) : null }, { allowUnknown: true });
}

export async function getStandard(graph: Graph, code: string): Promise<Standard | null> {
  const [r] = await graph.read<{ s: Record<string, any> }>('MATCH (s:Standard {id: $code}) RETURN s', { code: code.toUpperCase() });
  return r ? fromNode(r.s) : null;
}

export async function listStandards(graph: Graph): Promise<Standard[]> {
  return (await graph.read<{ s: Record<string, any> }>('MATCH (s:Standard) RETURN s ORDER BY s.code')).map((r) => fromNode(r.s));
}

/** Creates or changes a standard; a change bumps the version and is kept as a StandardVersion. */
export async function saveStandard(graph: Graph, input: unknown, actor: string): Promise<{ standard: Standard; changes: { field: string; before: unknown; after: unknown }[] }> {
  const next = validateStandard(input);
  const prev = await getStandard(graph, next.code);
  const changes = prev ? standardChanges(prev, next) : [{ field: 'created', before: null, after: next.code }];
  if (prev && !changes.length) return { standard: prev, changes: [] };
  const standard = { ...next, version: prev ? prev.version + 1 : Math.max(next.version, 1) };
  const at = new Date().toISOString();
  await graph.transaction(async (tx) => {
    await tx.run('MERGE (s:Standard {id: $id}) SET s += $props, s.updatedAt = $at, s.updatedBy = $actor', { id: standard.code, props: toNode(standard), at, actor });
    await tx.run(`MATCH (s:Standard {id: $id})
      CREATE (v:StandardVersion {id: $vid, code: $id, version: $version, json: $json, changes: $changes, actor: $actor, at: $at})
      CREATE (s)-[:HAS_VERSION]->(v)`, { id: standard.code, vid: `${standard.code}@${standard.version}`, version: standard.version, json: JSON.stringify(standard), changes: JSON.stringify(changes), actor, at });
  });
  await rescoreStandard(graph, standard);
  return { standard, changes };
}

export async function standardVersions(graph: Graph, code: string): Promise<{ version: number; actor: string; at: string; changes: string }[]> {
  return graph.read('MATCH (v:StandardVersion {code: $code}) RETURN v.version AS version, v.actor AS actor, v.at AS at, v.changes AS changes ORDER BY v.version', { code: code.toUpperCase() });
}

type ColumnRow = { id: string; name: string; dataType: string; length: number | null; precision: number | null; scale: number | null; comment: string | null; codeListHits: number | null; sampled: number | null };
const COLUMN_FIELDS = 'c.id AS id, c.name AS name, c.dataType AS dataType, c.length AS length, c.precision AS precision, c.scale AS scale, c.comment AS comment, c.codeListHits AS codeListHits, c.sampledValues AS sampled';

function score(c: ColumnRow, s: Standard): ConformanceResult {
  return scoreConformance(c, s, c.sampled ? { codeListHits: c.codeListHits ?? 0, sampled: c.sampled } : undefined);
}

const Q_STORE_SCORE = `
UNWIND $rows AS r
MATCH (c:Column {id: r.id})
SET c.standardCode = r.code, c.conformance = r.status, c.conformanceScore = r.score, c.conformanceReasons = r.reasons`;

async function storeScores(graph: Graph, rows: { id: string; code: string; result: ConformanceResult }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await graph.write(Q_STORE_SCORE, { rows: rows.slice(i, i + 2000).map((r) => ({ id: r.id, code: r.code, status: r.result.status, score: r.result.score, reasons: JSON.stringify(r.result.reasons) })) });
  }
}

async function rescoreStandard(graph: Graph, s: Standard): Promise<void> {
  const cols = await graph.read<ColumnRow>(`MATCH (c:Column)-[:CONFORMS_TO]->(:Standard {id: $code}) RETURN ${COLUMN_FIELDS}`, { code: s.code });
  await storeScores(graph, cols.map((c) => ({ id: c.id, code: s.code, result: score(c, s) })));
}

/** Maps a column to a standard (replacing an earlier mapping) and scores its conformance. */
export async function mapColumn(graph: Graph, columnId: string, code: string, actor: string): Promise<ConformanceResult> {
  const s = await getStandard(graph, code);
  if (!s) throw new StandardError(`standard ${code} does not exist`, 'code');
  if (s.status === 'retired') throw new StandardError(`standard ${s.code} is retired; map the column to its successor`, 'status');
  const [c] = await graph.read<ColumnRow>(`MATCH (c:Column {id: $id}) RETURN ${COLUMN_FIELDS}`, { id: columnId });
  if (!c) throw new StandardError(`column ${columnId} does not exist`, 'columnId');
  await graph.transaction(async (tx) => {
    await tx.run('MATCH (:Column {id: $id})-[r:CONFORMS_TO]->() DELETE r', { id: columnId });
    await tx.run('MATCH (c:Column {id: $id}), (s:Standard {id: $code}) CREATE (c)-[:CONFORMS_TO {by: $actor, at: $at}]->(s)', { id: columnId, code: s.code, actor, at: new Date().toISOString() });
  });
  const result = score(c, s);
  await storeScores(graph, [{ id: columnId, code: s.code, result }]);
  return result;
}

export async function unmapColumn(graph: Graph, columnId: string): Promise<boolean> {
  const r = await graph.write('MATCH (c:Column {id: $id})-[r:CONFORMS_TO]->() DELETE r SET c.standardCode = null, c.conformance = null, c.conformanceScore = null, c.conformanceReasons = null RETURN c.id AS id', { id: columnId });
  return r.length > 0;
}

export async function suggestForColumn(graph: Graph, columnId: string, k = 3) {
  const [c] = await graph.read<ColumnRow>(`MATCH (c:Column {id: $id}) RETURN ${COLUMN_FIELDS}`, { id: columnId });
  if (!c) throw new StandardError(`column ${columnId} does not exist`, 'columnId');
  return suggestStandards(c, await listStandards(graph), k);
}

/** Re-scores every mapped column of a source (after a harvest changed types or lengths). */
export async function rescoreSource(graph: Graph, sourceId: string): Promise<number> {
  const rows = await graph.read<ColumnRow & { code: string }>(`MATCH (c:Column {sourceId: $sourceId})-[:CONFORMS_TO]->(s:Standard) RETURN ${COLUMN_FIELDS}, s.id AS code`, { sourceId });
  const stds = new Map((await listStandards(graph)).map((s) => [s.code, s]));
  await storeScores(graph, rows.filter((r) => stds.has(r.code)).map((r) => ({ id: r.id, code: r.code, result: score(r, stds.get(r.code)!) })));
  return rows.length;
}

/** Conformance per source and per system, over every non-dropped column. */
export async function conformanceBySource(graph: Graph): Promise<({ sourceId: string; system: string } & ConformanceRollup)[]> {
  const rows = await graph.read<{ sourceId: string; system: string; status: string | null; score: number | null }>(`
    MATCH (s:Source)-[:CONTAINS]->(:Dataset)-[:HAS_COLUMN]->(c:Column)
    WHERE coalesce(c.dropped, false) = false
    RETURN s.id AS sourceId, s.system AS system, c.conformance AS status, c.conformanceScore AS score`);
  const groups = new Map<string, { system: string; results: (ConformanceResult | null)[] }>();
  for (const r of rows) {
    const g = groups.get(r.sourceId) ?? { system: r.system, results: [] };
    g.results.push(r.status ? { status: r.status as ConformanceResult['status'], score: r.score ?? 0, reasons: [] } : null);
    groups.set(r.sourceId, g);
  }
  return [...groups].map(([sourceId, g]) => ({ sourceId, system: g.system, ...rollupConformance(g.results) })).sort((a, b) => a.sourceId.localeCompare(b.sourceId));
}
