// Harvests a live PostgreSQL database from pg_catalog in a few batched queries (all relations,
// all columns, all constraints at once), in one read-only snapshot, then optionally samples
// values with bounded scans. Samples are returned in memory only and never logged.
import pg from 'pg';
import { sampleKey, type ColumnSamples, type HarvestedColumn, type HarvestedDataset, type ReadProblem } from '../catalog/types.ts';
import { HarvestCancelledError, SourceInputError } from './errors.ts';
import { parseTypeString, typeFacts } from './sql-types.ts';

export interface PostgresHarvestOptions {
  /** Schemas to harvest; default every schema except pg_catalog, information_schema, pg_toast and temp schemas. */
  schemas?: string[];
  /** Values sampled per column (tables and materialized views); 0 samples nothing. Default 0. */
  sampleSize?: number;
  /** Tables with more estimated rows than this are sampled with TABLESAMPLE SYSTEM (default 100,000). */
  tablesampleAbove?: number;
  /** Per-query timeout for sampling, in ms (default 30,000). */
  sampleTimeoutMs?: number;
  onProgress?: (done: number, total: number, current: string) => void;
  signal?: AbortSignal;
}

export interface PostgresHarvestResult {
  datasets: HarvestedDataset[];
  /** `schema.table` → column samples. */
  samples: Map<string, ColumnSamples>;
  problems: ReadProblem[];
}

type Queryable = Pick<pg.ClientBase, 'query'>;

const RELATIONS_SQL = `
SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind AS kind,
       d.description AS comment, c.reltuples::float8 AS reltuples,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS viewdef
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
   AND NOT c.relispartition
   AND (CASE WHEN $1::text[] IS NULL
             THEN n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
             ELSE n.nspname = ANY($1::text[]) END)
 ORDER BY n.nspname, c.relname`;

const COLUMNS_SQL = `
SELECT a.attrelid::int8 AS oid, a.attnum AS ordinal, a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS data_type, format_type(a.atttypid, NULL) AS base_type,
       a.attnotnull AS not_null, pg_get_expr(ad.adbin, ad.adrelid) AS default_value, d.description AS comment,
       a.attidentity AS identity, a.attgenerated AS generated
  FROM pg_attribute a
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN pg_description d ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
 WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attrelid, a.attnum`;

const CONSTRAINTS_SQL = `
SELECT con.conrelid::int8 AS oid, con.contype AS type, con.conname AS name,
       ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
       fn.nspname AS ref_schema, fc.relname AS ref_table,
       ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_columns
  FROM pg_constraint con
  LEFT JOIN pg_class fc ON fc.oid = con.confrelid
  LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
 WHERE con.conrelid = ANY($1::oid[]) AND con.contype IN ('p', 'u', 'f')
 ORDER BY con.conrelid, con.contype, con.conname`;

// unique indexes that are not constraints (CREATE UNIQUE INDEX on plain columns)
const UNIQUE_INDEXES_SQL = `
SELECT i.indrelid::int8 AS oid,
       ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
  FROM pg_index i
 WHERE i.indrelid = ANY($1::oid[]) AND i.indisunique AND NOT i.indisprimary AND i.indexprs IS NULL AND i.indpred IS NULL
   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u'))`;

const KINDS: Record<string, HarvestedDataset['kind']> = { r: 'table', p: 'table', f: 'table', v: 'view', m: 'view' };

export async function harvestPostgres(client: Queryable, opts: PostgresHarvestOptions = {}): Promise<PostgresHarvestResult> {
  const sampleSize = Math.max(0, Math.floor(opts.sampleSize ?? 0));
  if (opts.schemas && !opts.schemas.every((s) => typeof s === 'string')) throw new SourceInputError('schemas must be a list of schema names');
  const checkCancel = (): void => {
    if (opts.signal?.aborted) throw new HarvestCancelledError();
  };
  checkCancel();
  const problems: ReadProblem[] = [];
  const samples = new Map<string, ColumnSamples>();
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  let inTransaction = true;
  try {
    const rels = (await client.query(RELATIONS_SQL, [opts.schemas?.length ? opts.schemas : null])).rows as Array<{ oid: string; schema: string; name: string; kind: string; comment: string | null; reltuples: number; viewdef: string | null }>;
    checkCancel();
    const oids = rels.map((r) => r.oid);
    const cols = (await client.query(COLUMNS_SQL, [oids])).rows;
    const cons = (await client.query(CONSTRAINTS_SQL, [oids])).rows;
    const uniq = (await client.query(UNIQUE_INDEXES_SQL, [oids])).rows;
    checkCancel();

    const byOid = new Map<string, HarvestedDataset>();
    const datasets: HarvestedDataset[] = [];
    for (const r of rels) {
      const ds: HarvestedDataset = {
        schema: r.schema,
        name: r.name,
        kind: KINDS[r.kind] ?? 'table',
        comment: r.comment,
        columns: [],
        viewSql: r.viewdef ? r.viewdef.trim().replace(/;$/, '') : null,
        rowEstimate: r.kind === 'v' || r.reltuples < 0 ? null : Math.round(r.reltuples),
      };
      byOid.set(String(r.oid), ds);
      datasets.push(ds);
    }
    for (const c of cols as Array<{ oid: string; ordinal: number; name: string; data_type: string; base_type: string; not_null: boolean; default_value: string | null; comment: string | null; identity: string; generated: string }>) {
      const ds = byOid.get(String(c.oid));
      if (!ds) continue;
      ds.columns.push(toColumn(c));
    }
    for (const k of cons as Array<{ oid: string; type: string; columns: string[]; ref_schema: string | null; ref_table: string | null; ref_columns: string[] }>) {
      const ds = byOid.get(String(k.oid));
      if (!ds) continue;
      const colOf = (n: string): HarvestedColumn | undefined => ds.columns.find((c) => c.name === n);
      if (k.type === 'p') {
        ds.primaryKey = k.columns;
        for (const n of k.columns) {
          const c = colOf(n);
          if (c) c.primaryKey = true;
        }
      } else if (k.type === 'u') {
        ds.uniques = [...(ds.uniques ?? []), k.columns];
        if (k.columns.length === 1) {
          const c = colOf(k.columns[0]);
          if (c) c.unique = true;
        }
      } else if (k.type === 'f' && k.ref_table) {
        ds.foreignKeys = [...(ds.foreignKeys ?? []), { columns: k.columns, refSchema: k.ref_schema, refTable: k.ref_table, refColumns: k.ref_columns }];
        k.columns.forEach((n, i) => {
          const c = colOf(n);
          if (c && k.ref_columns[i] !== undefined) c.references = `${k.ref_schema}.${k.ref_table}.${k.ref_columns[i]}`;
        });
      }
    }
    for (const u of uniq as Array<{ oid: string; columns: string[] }>) {
      const ds = byOid.get(String(u.oid));
      if (!ds || !u.columns.length) continue;
      ds.uniques = [...(ds.uniques ?? []), u.columns];
      if (u.columns.length === 1) {
        const c = ds.columns.find((x) => x.name === u.columns[0]);
        if (c) c.unique = true;
      }
    }

    // the catalog snapshot ends here: sampling runs outside it, so no lock is held on every table at once
    await client.query('COMMIT');
    inTransaction = false;

    const total = datasets.length;
    let restoreTimeout: string | null = null;
    if (sampleSize > 0) {
      restoreTimeout = String((await client.query('SHOW statement_timeout')).rows[0].statement_timeout);
      await client.query(`SET statement_timeout = ${Math.max(1, Math.floor(opts.sampleTimeoutMs ?? 30_000))}`);
    }
    try {
      for (let i = 0; i < total; i++) {
        checkCancel();
        const ds = datasets[i];
        const key = sampleKey(ds.schema, ds.name);
        opts.onProgress?.(i, total, key);
        const rel = rels[i];
        if (sampleSize > 0 && ds.columns.length && (rel.kind === 'r' || rel.kind === 'p' || rel.kind === 'm')) {
          try {
            samples.set(key, await sampleTable(client, ds, sampleSize, rel.reltuples, opts.tablesampleAbove ?? 100_000));
          } catch (e) {
            // a table we may not read is reported; the rest of the harvest goes on
            problems.push({ file: `postgres:${key}`, line: 0, message: `could not sample ${key}: ${(e as Error).message}`, kind: 'unsupported' });
          }
        }
      }
    } finally {
      if (restoreTimeout !== null) await client.query(`SELECT set_config('statement_timeout', $1, false)`, [restoreTimeout]).catch(() => undefined);
    }
    opts.onProgress?.(total, total, '');
    return { datasets, samples, problems };
  } catch (e) {
    if (inTransaction) await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

function toColumn(c: { ordinal: number; name: string; data_type: string; base_type: string; not_null: boolean; default_value: string | null; comment: string | null; identity: string; generated: string }): HarvestedColumn {
  const parsed = parseTypeString(c.data_type);
  const args = parsed.length != null ? [String(parsed.length)] : parsed.precision != null ? [String(parsed.precision), ...(parsed.scale != null ? [String(parsed.scale)] : [])] : [];
  const facts = typeFacts(c.base_type.replace(/\[\]$/, ''), args, c.data_type);
  let defaultValue = c.default_value;
  if (c.identity === 'a' || c.identity === 'd') defaultValue = 'generated as identity';
  if (c.generated === 's') defaultValue = `generated always as (${c.default_value})`;
  return {
    name: c.name,
    ordinal: c.ordinal,
    dataType: c.data_type,
    baseType: c.base_type.toUpperCase(),
    length: facts.length,
    precision: facts.precision,
    scale: facts.scale,
    nullable: !c.not_null,
    defaultValue,
    comment: c.comment,
  };
}

async function sampleTable(client: Queryable, ds: HarvestedDataset, size: number, reltuples: number, tablesampleAbove: number): Promise<ColumnSamples> {
  const table = `${pg.escapeIdentifier(ds.schema ?? 'public')}.${pg.escapeIdentifier(ds.name)}`;
  const list = ds.columns.map((c, i) => `left(${pg.escapeIdentifier(c.name)}::text, 1000) AS c${i}`).join(', ');
  // big tables: read a few random pages instead of the head of the heap
  const pct = reltuples > tablesampleAbove ? Math.min(100, Math.max(0.001, ((size * 20) / reltuples) * 100)) : null;
  const sql = `SELECT ${list} FROM ${table}${pct ? ` TABLESAMPLE SYSTEM (${pct.toFixed(4)})` : ''} LIMIT $1`;
  const res = await client.query({ text: sql, values: [size], rowMode: 'array' });
  const out: ColumnSamples = new Map();
  ds.columns.forEach((c, i) => {
    const values: string[] = [];
    for (const row of res.rows as unknown[][]) if (row[i] != null) values.push(String(row[i]));
    out.set(c.name, values);
  });
  return out;
}
