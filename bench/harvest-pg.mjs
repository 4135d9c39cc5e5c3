// Harvest 2,000 tables x 20 columns from the real PostgreSQL: catalog only (sampleSize 0) and with
// 20 sampled values per column; prints one JSON line with the figures and the 30 s target.
import { register } from 'tsx/esm/api';
register();
const { default: pg } = await import('pg');
const { harvestPostgres } = await import('../sources/postgres.ts');

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TABLES = Number(process.env.BENCH_TABLES ?? 2000);
const COLUMNS = 20;
const schema = `fg_bench_${process.pid}`;
const client = new pg.Client(url);
await client.connect();
const types = ['bigint', 'varchar(100)', 'numeric(16,2)', 'date', 'text', 'char(1)', 'timestamp(3)', 'integer', 'varchar(32)', 'boolean'];
try {
  const t0 = performance.now();
  const ddl = [`CREATE SCHEMA ${schema};`];
  for (let t = 0; t < TABLES; t++) {
    const cols = Array.from({ length: COLUMNS }, (_, c) => `c_${c} ${types[c % types.length]}${c === 0 ? ' PRIMARY KEY' : ''}`);
    ddl.push(`CREATE TABLE ${schema}.t_${t} (${cols.join(', ')});`);
    ddl.push(`COMMENT ON TABLE ${schema}.t_${t} IS '表${t}'; COMMENT ON COLUMN ${schema}.t_${t}.c_1 IS '客户姓名';`);
    ddl.push(`INSERT INTO ${schema}.t_${t} (c_0, c_1, c_2) SELECT g, '客户' || g, g * 1.5 FROM generate_series(1, 30) g;`);
  }
  await client.query(ddl.join('\n'));
  const setupMs = performance.now() - t0;

  let t1 = performance.now();
  const catalogOnly = await harvestPostgres(client, { schemas: [schema], sampleSize: 0 });
  const catalogMs = performance.now() - t1;
  t1 = performance.now();
  const again = await harvestPostgres(client, { schemas: [schema], sampleSize: 0 });
  const reharvestMs = performance.now() - t1;
  t1 = performance.now();
  const sampled = await harvestPostgres(client, { schemas: [schema], sampleSize: 20 });
  const sampledMs = performance.now() - t1;
  const columns = catalogOnly.datasets.reduce((n, d) => n + d.columns.length, 0);
  if (catalogOnly.datasets.length !== TABLES || columns !== TABLES * COLUMNS || again.datasets.length !== TABLES) throw new Error('harvest incomplete');
  console.log(JSON.stringify({
    bench: 'harvest-pg',
    tables: catalogOnly.datasets.length,
    columns,
    setup_ms: Math.round(setupMs),
    harvest_sample0_ms: Math.round(catalogMs),
    reharvest_sample0_ms: Math.round(reharvestMs),
    harvest_sample20_ms: Math.round(sampledMs),
    sampled_tables: sampled.samples.size,
    target_ms: 30000,
    within_target: catalogMs < 30000 && sampledMs < 30000,
  }));
} finally {
  await dropSchema(schema);
  await client.end();
}

// one DROP of 2,000 tables exceeds the lock table (max_locks_per_transaction): drop in batches
async function dropSchema(name) {
  const { rows } = await client.query('SELECT quote_ident(relname) AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = $2', [name, 'r']);
  for (let i = 0; i < rows.length; i += 100) {
    await client.query(`DROP TABLE IF EXISTS ${rows.slice(i, i + 100).map((r) => `${name}.${r.t}`).join(', ')} CASCADE`);
  }
  await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
}
