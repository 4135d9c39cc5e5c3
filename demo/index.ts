// Builds the synthetic demo fund manager: PostgreSQL schemas per system (ta, valuation,
// invest, crm, dw) filled with fake but checksummed data, warehouse ETL run from etl/*.sql,
// exchange files, vendor DDL, OpenLineage events, and the governance data as plain JSON.
// Harvesting and loading into the graph is the caller's job.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { Faker, zh_CN, en, base } from '@faker-js/faker';
import { generateDemoData, COMPANY, type DemoTables } from './model.ts';
import { ALL_TABLES, DW_TABLES, SCHEMAS, postgresDdl, postgresForeignKeys, postgresViews, type TableDef } from './tables.ts';
import { ETL_SCRIPTS } from './etl.ts';
import { writeDemoFiles } from './files.ts';
import { demoOpenLineageEvents, openLineageNaming } from './openlineage.ts';
import { DEPARTMENTS, USERS, STANDARDS, OWNERSHIP, RECONCILIATIONS, type DemoDepartment, type DemoUser, type DemoStandard, type DemoOwnership, type DemoReconciliation } from './governance.ts';

export type { DemoDepartment, DemoUser, DemoStandard, DemoOwnership, DemoReconciliation, DemoRole, DemoReconciliationSide, DemoCode } from './governance.ts';

export class DemoError extends Error {
  constructor(message: string) { super(message); this.name = 'DemoError'; }
}

export interface DemoOptions {
  /** PostgreSQL URL (embedded PGlite served over its socket, or DEMO_DATABASE_URL). Never written anywhere. */
  pgUrl: string;
  /** Folder for the files; created if missing. */
  dir: string;
  rowsPerCoreTable?: number;
  seed?: number;
  /** OpenLineage dataset namespace of the demo database; default `postgres://host:port` from pgUrl. */
  openLineageNamespace?: string;
  /** Called with the name of each step as it starts (for a progress display). */
  onProgress?: (step: string) => void;
}

export type DemoSystem = 'TA' | '估值' | '投资' | '直销' | '数仓' | '信息披露';
export type DemoSource =
  | { id: string; name: string; system: DemoSystem; kind: 'postgres'; schema: string }
  | { id: string; name: string; system: DemoSystem; kind: 'csv'; path: string; encoding: 'GBK' | 'UTF-8-BOM'; delimiter: string }
  | { id: string; name: string; system: DemoSystem; kind: 'ddl'; path: string; dialect: 'oracle' | 'mysql' };

export interface DemoEtlFile { path: string; file: string; description: string; targets: string[] }

export interface DemoEstate {
  company: string;
  seed: number;
  rowsPerCoreTable: number;
  dir: string;
  schemas: string[];
  /** `schema.table` → rows loaded (dw tables after the ETL ran). */
  rowCounts: Record<string, number>;
  sources: DemoSource[];
  departments: DemoDepartment[];
  users: DemoUser[];
  standards: DemoStandard[];
  ownership: DemoOwnership[];
  reconciliations: DemoReconciliation[];
  /** Warehouse ETL scripts in the order they ran. */
  etl: DemoEtlFile[];
  /** OpenLineage RunEvent files; dataset namespace/name follow OpenLineage naming for this database. */
  openLineage: { namespace: string; database: string; files: string[] };
  /** The deliberate break behind the failing reconciliation. */
  injectedBreak: { reconciliationId: string; fundCode: string; date: string; difference: number };
  /** Milliseconds per step; not written to demo.json. */
  timings: Record<string, number>;
}

const SCHEMA_COMMENTS: Record<string, string> = {
  ta: 'TA注册登记系统', valuation: '估值核算系统', invest: '投资交易管理系统（未公开信息）', crm: '直销及客户关系管理系统', dw: '数据仓库',
};

/** Rows inserted per statement: stays far below PostgreSQL's 65,535 bind parameters. */
async function insertRows(client: pg.Client, def: TableDef, rows: DemoTables[string]): Promise<void> {
  const cols = def.columns.filter((c) => c.type !== 'bigserial').map((c) => c.name);
  const batch = Math.max(1, Math.floor(20000 / cols.length));
  for (let start = 0; start < rows.length; start += batch) {
    const chunk = rows.slice(start, start + batch);
    const params: unknown[] = [];
    const tuples = chunk.map((r) => `(${cols.map((c) => { params.push(r[c] ?? null); return `$${params.length}`; }).join(',')})`);
    await client.query(`INSERT INTO ${def.schema}.${def.name} (${cols.join(',')}) VALUES ${tuples.join(',')}`, params);
  }
}

export async function buildDemoEstate(options: DemoOptions): Promise<DemoEstate> {
  const rows = options.rowsPerCoreTable ?? 2000;
  const seed = options.seed ?? 20240628;
  if (!Number.isInteger(rows) || rows < 20 || rows > 1_000_000) throw new DemoError(`rowsPerCoreTable must be an integer between 20 and 1000000, got ${rows}`);
  if (!Number.isInteger(seed)) throw new DemoError(`seed must be an integer, got ${seed}`);
  if (!options.dir) throw new DemoError('dir is required: the folder the demo files are written to');
  let naming: { namespace: string; database: string };
  try { naming = openLineageNaming(options.pgUrl); } catch { throw new DemoError('pgUrl is not a valid postgres:// URL'); }
  if (options.openLineageNamespace) naming = { ...naming, namespace: options.openLineageNamespace };
  const dir = resolve(options.dir);
  const progress = options.onProgress ?? (() => {});
  const timings: Record<string, number> = {};
  const t0 = Date.now();
  let t = t0;
  const lap = (name: string) => { const now = Date.now(); timings[name] = now - t; t = now; };

  progress('generate');
  const data = generateDemoData(seed, rows);
  lap('generate');

  const client = new pg.Client({ connectionString: options.pgUrl });
  try {
    await client.connect();
  } catch (e) {
    // The URL may carry a password: name the failure, never the URL.
    throw new DemoError(`cannot connect to the demo database: ${(e as Error).message.replace(options.pgUrl, '<url>')}`);
  }
  const rowCounts: Record<string, number> = {};
  try {
    await client.query('BEGIN');
    progress('schema');
    await client.query(`DROP SCHEMA IF EXISTS ${[...SCHEMAS].reverse().join(', ')} CASCADE`);
    for (const s of SCHEMAS) {
      await client.query(`CREATE SCHEMA ${s}`);
      await client.query(`COMMENT ON SCHEMA ${s} IS '${SCHEMA_COMMENTS[s]}'`);
    }
    for (const stmt of postgresDdl(ALL_TABLES)) await client.query(stmt);
    lap('schema');

    progress('load');
    for (const def of ALL_TABLES) {
      const key = `${def.schema}.${def.name}`;
      if (def.schema === 'dw') continue;
      const tableRows = data.tables[key];
      if (!tableRows) throw new DemoError(`internal: no generated rows for ${key}`);
      try {
        await insertRows(client, def, tableRows);
      } catch (e) {
        throw new DemoError(`loading ${key} failed: ${(e as Error).message}`);
      }
      rowCounts[key] = tableRows.length;
    }
    for (const stmt of postgresForeignKeys(ALL_TABLES)) await client.query(stmt);
    for (const stmt of postgresViews()) await client.query(stmt);
    lap('load');

    progress('etl');
    for (const script of ETL_SCRIPTS) {
      try {
        await client.query(script.sql);
      } catch (e) {
        throw new DemoError(`ETL script etl/${script.file} failed: ${(e as Error).message}`);
      }
    }
    for (const def of DW_TABLES) {
      const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${def.schema}.${def.name}`);
      rowCounts[`${def.schema}.${def.name}`] = Number(r.rows[0].n);
    }
    await client.query('ANALYZE');
    await client.query('COMMIT');
    lap('etl');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    await client.end().catch(() => {});
  }

  progress('files');
  await mkdir(dir, { recursive: true });
  const files = await writeDemoFiles(dir, data);
  await mkdir(join(dir, 'etl'), { recursive: true });
  const etl: DemoEtlFile[] = [];
  for (const script of ETL_SCRIPTS) {
    const path = join(dir, 'etl', script.file);
    await writeFile(path, script.sql);
    etl.push({ path, file: script.file, description: script.description, targets: script.targets });
  }
  const olFaker = new Faker({ locale: [zh_CN, en, base] });
  olFaker.seed(seed + 1);
  await mkdir(join(dir, 'openlineage'), { recursive: true });
  const olFiles: string[] = [];
  for (const doc of demoOpenLineageEvents(olFaker, naming)) {
    const path = join(dir, 'openlineage', doc.file);
    await writeFile(path, JSON.stringify(doc.event, null, 2) + '\n');
    olFiles.push(path);
  }

  const sources: DemoSource[] = [
    { id: 'src-ta', name: 'TA注册登记系统', system: 'TA', kind: 'postgres', schema: 'ta' },
    { id: 'src-valuation', name: '估值核算系统', system: '估值', kind: 'postgres', schema: 'valuation' },
    { id: 'src-invest', name: '投资交易管理系统', system: '投资', kind: 'postgres', schema: 'invest' },
    { id: 'src-crm', name: '直销CRM系统', system: '直销', kind: 'postgres', schema: 'crm' },
    { id: 'src-dw', name: '数据仓库', system: '数仓', kind: 'postgres', schema: 'dw' },
    ...files.map((fl): DemoSource => fl.kind === 'csv'
      ? { id: fl.id, name: fl.name, system: fl.system as DemoSystem, kind: 'csv', path: join(dir, fl.relPath), encoding: fl.encoding!, delimiter: fl.delimiter! }
      : { id: fl.id, name: fl.name, system: fl.system as DemoSystem, kind: 'ddl', path: join(dir, fl.relPath), dialect: fl.dialect! }),
  ];
  const estate: DemoEstate = {
    company: COMPANY, seed, rowsPerCoreTable: rows, dir, schemas: [...SCHEMAS], rowCounts, sources,
    departments: DEPARTMENTS, users: USERS, standards: STANDARDS, ownership: OWNERSHIP, reconciliations: RECONCILIATIONS,
    etl, openLineage: { ...naming, files: olFiles },
    injectedBreak: { reconciliationId: 'REC-TA-GZ-001', fundCode: data.injectedBreak.fundCode, date: data.injectedBreak.date, difference: data.injectedBreak.differenceCents / 100 },
    timings,
  };
  const { timings: _omit, ...plain } = estate;
  await writeFile(join(dir, 'demo.json'), JSON.stringify(plain, null, 2) + '\n');
  lap('files');
  timings.total = Date.now() - t0;
  return estate;
}
