// End-to-end harvest as the service runs it: 2,000 tables / 40,000 columns from the real PostgreSQL,
// read + diff + graph write (embedded Grafeo) + classification with 20 samples per column; then a
// re-harvest of the unchanged source. Reference in the same run: the reader alone (harvest-pg).
// Prints one JSON line. Targets: < 30 s harvest, < 10 s re-harvest unchanged.
import { register } from 'tsx/esm/api';
register();
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const { default: pg } = await import('pg');
const { GrafeoGraph } = await import('../catalog/graph/grafeo.ts');
const { migrate } = await import('../catalog/migrations.ts');
const { upsertSource } = await import('../catalog/assets.ts');
const { harvestSource } = await import('../server/harvest.ts');
const { classifyHarvest } = await import('../server/classification.ts');
const { encryptCredential } = await import('../server/credentials.ts');
const { harvestPostgres } = await import('../sources/postgres.ts');

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TABLES = Number(process.env.BENCH_TABLES ?? 2000);
const COLUMNS = 20;
const schema = `fg_bench_e2e_${process.pid}`;
const client = new pg.Client(url);
await client.connect();
const names = ['c_custno', 'c_custname', 'c_identityno', 'c_mobile', 'f_balance', 'd_date', 'c_fundcode', 'c_status', 'c_memo', 'c_address'];
const types = ['varchar(20)', 'varchar(100)', 'varchar(30)', 'varchar(24)', 'numeric(16,2)', 'date', 'char(6)', 'char(1)', 'varchar(200)', 'varchar(200)'];
const dir = mkdtempSync(join(tmpdir(), 'fg-bench-harvest-'));
const key = Buffer.alloc(32, 7);
const graph = GrafeoGraph.open(join(dir, 'graph'));
try {
  const ddl = [`CREATE SCHEMA ${schema};`];
  for (let t = 0; t < TABLES; t++) {
    const cols = Array.from({ length: COLUMNS }, (_, c) => `${names[c % 10]}_${Math.floor(c / 10)} ${types[c % 10]}`);
    ddl.push(`CREATE TABLE ${schema}.t_${t} (${cols.join(', ')}); COMMENT ON TABLE ${schema}.t_${t} IS '客户信息表${t}';`);
    ddl.push(`INSERT INTO ${schema}.t_${t} (c_custno_0, c_custname_0, c_mobile_0) SELECT 'C' || g, '客户' || g, '1380013' || lpad(g::text, 4, '0') FROM generate_series(1, 20) g;`);
  }
  await client.query(ddl.join('\n'));
  await migrate(graph);
  await upsertSource(graph, { id: 'bench', name: 'bench', system: 'TA', kind: 'postgres', schemas: [schema], path: null, dialect: null, connectionEnc: encryptCredential(key, url) });
  const source = { id: 'bench', name: 'bench', system: 'TA', kind: 'postgres', schemas: [schema], path: null, dialect: null, connectionEnc: encryptCredential(key, url) };
  const deps = { graph, credentialKey: key, sampleSize: 20, afterWrite: (sid, ds, samples) => classifyHarvest(graph, sid, ds, samples) };
  const ctx = { signal: new AbortController().signal, progress() {} };

  let t0 = performance.now();
  const reader = await harvestPostgres(client, { schemas: [schema], sampleSize: 20 });
  const readerMs = performance.now() - t0;

  t0 = performance.now();
  const first = await harvestSource(source, deps, ctx);
  const harvestMs = performance.now() - t0;
  t0 = performance.now();
  const second = await harvestSource(source, deps, ctx);
  const reharvestMs = performance.now() - t0;
  if (first.columns !== TABLES * COLUMNS || second.changed !== 0 || second.added !== 0) throw new Error(`unexpected result ${JSON.stringify({ ...first, problems: [] })}`);
  console.log(JSON.stringify({
    bench: 'harvest', tables: first.datasets, columns: first.columns,
    harvest_ms: Math.round(harvestMs), reharvest_unchanged_ms: Math.round(reharvestMs),
    reference_reader_only_ms: Math.round(readerMs), reader_tables: reader.datasets.length,
    suggested: first.classified?.suggested ?? null,
    target_harvest_ms: 30000, target_reharvest_ms: 10000,
    within_target: harvestMs < 30000 && reharvestMs < 10000,
  }));
} finally {
  const { rows } = await client.query('SELECT quote_ident(relname) AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = $2', [schema, 'r']);
  for (let i = 0; i < rows.length; i += 100) await client.query(`DROP TABLE IF EXISTS ${rows.slice(i, i + 100).map((r) => `${schema}.${r.t}`).join(', ')} CASCADE`);
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
  await graph.close();
  rmSync(dir, { recursive: true, force: true });
}
