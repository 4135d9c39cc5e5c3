// Lineage traversal speed: a synthetic graph of 100,000 columns and 300,000 FLOWS_TO edges in
// the embedded graph (Grafeo, in memory), upstream + downstream at depth 10 from random columns
// through lineage/traverse.ts (what GraphQL calls: one indexed query per level, plus column
// details). Compared in the same run with a variable-length Cypher pattern on the same graph,
// and with a recursive CTE over the same edges in the real PostgreSQL (temp table, indexed).
// Prints one JSON line. Env: BENCH_COLUMNS, BENCH_EDGES, BENCH_SAMPLES, TEST_DATABASE_URL.
import { register } from 'tsx/esm/api';
register();
const { GrafeoGraph } = await import('../catalog/graph/grafeo.ts');
const { migrate } = await import('../catalog/migrations.ts');
const { upstream, downstream } = await import('../lineage/traverse.ts');
const { default: pg } = await import('pg');

const COLUMNS = Number(process.env.BENCH_COLUMNS ?? 100_000);
const EDGES = Number(process.env.BENCH_EDGES ?? 300_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const DEPTH = 10;
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PER_TABLE = 20;
// Share of edges that jump anywhere (shared dimensions, feedback loads): they make cycles and a small world.
const LONG_RANGE = Number(process.env.BENCH_LONG_RANGE ?? 0.002);
const TRANSFORMS = ['copy', 'copy', 'derive', 'derive', 'filter', 'aggregate', 'mask'];

// mulberry32: deterministic, 32-bit safe.
let seed = 20240628;
const rnd = () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const colId = (i) => `bench/s/t${Math.floor(i / PER_TABLE)}/c${i}`;

// Pipelines flow forward through nearby tables (ETL layers); a few edges jump anywhere.
const edges = [];
for (let j = 0; j < EDGES; j++) {
  const a = Math.floor(rnd() * COLUMNS);
  const b = rnd() < LONG_RANGE ? Math.floor(rnd() * COLUMNS) : Math.min(COLUMNS - 1, a + 1 + Math.floor(rnd() * 60));
  if (a === b) { j--; continue; }
  edges.push({ id: `e${j}`, f: colId(a), t: colId(b), tr: TRANSFORMS[j % TRANSFORMS.length] });
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(2); };
const starts = Array.from({ length: SAMPLES }, () => colId(Math.floor(rnd() * COLUMNS)));

// ---------- embedded graph ----------
const graph = GrafeoGraph.open(null);
await migrate(graph);
let t0 = performance.now();
const BATCH = 10_000;
for (let i = 0; i < COLUMNS / PER_TABLE; i += BATCH / PER_TABLE) {
  const rows = [];
  for (let k = i; k < Math.min(COLUMNS / PER_TABLE, i + BATCH / PER_TABLE); k++) rows.push({ id: `bench/s/t${k}`, path: `s.t${k}` });
  await graph.write("UNWIND $rows AS r CREATE (:Dataset {id: r.id, sourceId: 'bench', schema: 's', name: r.path, path: r.path, kind: 'table'})", { rows });
}
for (let i = 0; i < COLUMNS; i += BATCH) {
  const rows = [];
  for (let k = i; k < Math.min(COLUMNS, i + BATCH); k++) rows.push({ id: colId(k), ds: `bench/s/t${Math.floor(k / PER_TABLE)}`, name: `c${k}`, path: `s.t${Math.floor(k / PER_TABLE)}.c${k}`, grade: k % 4 + 1 });
  await graph.write("UNWIND $rows AS r CREATE (:Column {id: r.id, datasetId: r.ds, sourceId: 'bench', name: r.name, path: r.path, grade: r.grade, gradeStatus: 'confirmed'})", { rows });
}
for (let i = 0; i < edges.length; i += BATCH) {
  await graph.write(`UNWIND $rows AS r MATCH (a:Column {id: r.f}) MATCH (b:Column {id: r.t})
    CREATE (a)-[:FLOWS_TO {id: r.id, transform: r.tr, transformations: [], provenance: 'sql', via: [], retired: false, createdAt: '2024-06-28T00:00:00Z'}]->(b)`, { rows: edges.slice(i, i + BATCH) });
}
const graphLoadMs = Math.round(performance.now() - t0);

for (const s of starts.slice(0, 10)) { await upstream(graph, s, DEPTH); await downstream(graph, s, DEPTH); }
const bfsMs = [];
const parMs = [];
const oneMs = [];
let reached = 0;
let edgesSeen = 0;
for (const s of starts) {
  const t = performance.now();
  const u = await upstream(graph, s, DEPTH);
  const t1 = performance.now();
  const d = await downstream(graph, s, DEPTH);
  const t2 = performance.now();
  bfsMs.push(t2 - t);
  oneMs.push(t1 - t, t2 - t1);
  // As a GraphQL query asking for both directions resolves them: side by side.
  const t3 = performance.now();
  await Promise.all([upstream(graph, s, DEPTH), downstream(graph, s, DEPTH)]);
  parMs.push(performance.now() - t3);
  reached += u.nodes.length + d.nodes.length;
  edgesSeen += u.edges.length + d.edges.length;
}

// The alternative: one variable-length pattern per direction for the reached set, then its edges.
const VAR_DOWN = `MATCH (a:Column {id: $id})-[:FLOWS_TO*1..${DEPTH}]->(x:Column) RETURN DISTINCT x.id AS id`;
const VAR_UP = `MATCH (a:Column {id: $id})<-[:FLOWS_TO*1..${DEPTH}]-(x:Column) RETURN DISTINCT x.id AS id`;
const EDGES_OF = 'UNWIND $ids AS id MATCH (a:Column {id: id})-[e:FLOWS_TO]->(b:Column) RETURN properties(e) AS e, a.id AS fromId, b.id AS toId';
const varMs = [];
let varReached = 0;
for (const s of starts) {
  const t = performance.now();
  for (const q of [VAR_DOWN, VAR_UP]) {
    const ids = (await graph.read(q, { id: s })).map((r) => r.id);
    varReached += ids.length + 1;
    await graph.read(EDGES_OF, { ids: [s, ...ids] });
  }
  varMs.push(performance.now() - t);
}
await graph.close();

// ---------- PostgreSQL, recursive CTE ----------
let postgres = null;
const client = new pg.Client({ connectionString: PG_URL });
try {
  await client.connect();
  t0 = performance.now();
  await client.query('CREATE TEMP TABLE flows (id text, src text, dst text, transform text)');
  for (let i = 0; i < edges.length; i += 50_000) {
    const part = edges.slice(i, i + 50_000);
    await client.query('INSERT INTO flows SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])', [part.map((e) => e.id), part.map((e) => e.f), part.map((e) => e.t), part.map((e) => e.tr)]);
  }
  await client.query('CREATE INDEX ON flows (src)');
  await client.query('CREATE INDEX ON flows (dst)');
  await client.query('ANALYZE flows');
  const pgLoadMs = Math.round(performance.now() - t0);
  const cte = (from, to) => `WITH RECURSIVE r(node, depth) AS (SELECT $1::text, 0 UNION SELECT f.${to}, r.depth + 1 FROM r JOIN flows f ON f.${from} = r.node WHERE r.depth < ${DEPTH})
    SELECT f.id, f.src, f.dst, f.transform FROM flows f WHERE f.${from} IN (SELECT node FROM r WHERE depth < ${DEPTH})`;
  const DOWN = cte('src', 'dst');
  const UP = cte('dst', 'src');
  for (const s of starts.slice(0, 10)) { await client.query(DOWN, [s]); await client.query(UP, [s]); }
  const pgMs = [];
  const pgOne = [];
  for (const s of starts) {
    const t = performance.now();
    await client.query(DOWN, [s]);
    const t1 = performance.now();
    await client.query(UP, [s]);
    const t2 = performance.now();
    pgMs.push(t2 - t);
    pgOne.push(t1 - t, t2 - t1);
  }
  postgres = { p50: pct(pgMs, 50), p95: pct(pgMs, 95), perTraversal: { p50: pct(pgOne, 50), p95: pct(pgOne, 95) }, loadMs: pgLoadMs, query: 'recursive CTE (UNION on node,depth) + the edges out of the reached set, both directions' };
} catch (err) {
  postgres = { error: err.message };
} finally {
  await client.end().catch(() => {});
}

const embedded = { p50: pct(bfsMs, 50), p95: pct(bfsMs, 95), perTraversal: { p50: pct(oneMs, 50), p95: pct(oneMs, 95) }, pairSideBySide: { p50: pct(parMs, 50), p95: pct(parMs, 95) }, avgColumnsReached: Math.round(reached / SAMPLES), avgEdges: Math.round(edgesSeen / SAMPLES), loadMs: graphLoadMs, query: 'lineage/traverse.ts: breadth-first, one indexed UNWIND query per level, plus column details' };
console.log(JSON.stringify({
  bench: 'lineage-traversal',
  columns: COLUMNS, edges: EDGES, depth: DEPTH, samples: SAMPLES, unit: 'ms per upstream+downstream pair',
  embedded,
  embeddedVariableLength: { p50: pct(varMs, 50), p95: pct(varMs, 95), avgColumnsReached: Math.round(varReached / SAMPLES), query: '-[:FLOWS_TO*1..10]- DISTINCT + edges of the reached set (no retired filter)' },
  postgres,
  target: { embeddedP95Ms: 50, pairMet: embedded.p95 < 50, pairSideBySideMet: embedded.pairSideBySide.p95 < 50, perTraversalMet: embedded.perTraversal.p95 < 50 },
}));
