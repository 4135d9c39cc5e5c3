// Reconciliation checks (勾稽关系): two aggregates over catalogue columns that must agree, per
// group, within a tolerance (e.g. SUM(ta.tstaticshares.f_realshares) = SUM(valuation.tgz_jzxx.en_jjzfe)
// per fund and date). A check is stored as (:Reconciliation)-[:READS]->(:Column); every run is kept
// as a (:ReconciliationResult). The SQL is built only from the parsed, checked definition: identifiers
// quoted with pg's escapeIdentifier, values as parameters, and it runs inside BEGIN READ ONLY.
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { parseSync } from 'libpg-query';
import type { Graph } from '../catalog/graph/port.ts';
import { loadPostgresParser } from './parse/index.ts';

export class ReconciliationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReconciliationError';
  }
}

export const AGGREGATES = ['sum', 'count', 'min', 'max', 'avg'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** A fresh client connected to a source's database; the caller (reconciliation) ends it. */
export type SourceConnector = (sourceId: string) => Promise<pg.Client>;

/** Where failures go besides the result: the audit trail (ctx.audit / AuditStore). */
export interface AuditSink { append(e: { actor: string; action: string; target?: string | null; outcome: string; details?: Record<string, unknown> | null }): Promise<unknown> }

let registeredConnector: SourceConnector | null = null;
/** The server registers how to reach a source (its decrypted connection) once at startup. */
export function setSourceConnector(connect: SourceConnector | null): void { registeredConnector = connect; }
export function sourceConnector(): SourceConnector | null { return registeredConnector; }

export interface ReconciliationSideInput {
  /** A catalogue column id, or … */
  columnId?: string | null;
  /** … schema, table, column (and the source when several hold that table), or … */
  sourceId?: string | null;
  schema?: string | null;
  table?: string | null;
  column?: string | null;
  agg?: string | null;
  /** … an expression `sum(schema.table.column)`: one aggregate of one column, nothing else. */
  expression?: string | null;
}

export interface ReconciliationInput {
  id: string;
  name: string;
  description?: string | null;
  left: ReconciliationSideInput;
  right: ReconciliationSideInput;
  /** Pairs [left column, right column] to group and match on: column names of each side's table, or column ids. */
  groupBy?: [string, string][] | null;
  /** Largest absolute difference per group that still passes (default 0). */
  tolerance?: number | null;
  /** Run every this many minutes (runDueChecks); null: on demand only. */
  scheduleMinutes?: number | null;
}

export interface ResolvedColumn { columnId: string; column: string; grade: number | null }
export interface ResolvedSide extends ResolvedColumn { sourceId: string; datasetId: string; schema: string; table: string; agg: Aggregate }

export interface Reconciliation {
  id: string;
  name: string;
  description: string | null;
  left: ResolvedSide;
  right: ResolvedSide;
  groupBy: { left: ResolvedColumn; right: ResolvedColumn }[];
  tolerance: number;
  scheduleMinutes: number | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  lastRunAt: string | null;
  lastOk: boolean | null;
}

export interface FailingGroup { key: Record<string, string | null>; left: number; right: number; difference: number; missing: 'left' | 'right' | null }

export interface ReconciliationResult {
  id: string;
  checkId: string;
  at: string;
  ok: boolean;
  leftTotal: number | null;
  rightTotal: number | null;
  groups: number;
  failingCount: number;
  /** Worst groups first, at most MAX_FAILING_KEPT. Values of group columns graded 3-4 or ungraded are masked. */
  failingGroups: FailingGroup[];
  error: string | null;
  actor: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const NUMERIC_TYPES = /^(INT|INTEGER|SMALLINT|BIGINT|INT2|INT4|INT8|NUMERIC|DECIMAL|NUMBER|REAL|FLOAT|FLOAT4|FLOAT8|DOUBLE|DOUBLE PRECISION|MONEY|TINYINT|MEDIUMINT|SERIAL|BIGSERIAL)$/i;
export const MAX_FAILING_KEPT = 100;
const MAX_GROUPS = 1_000_000;
const NULL_KEY = '\u2400NULL\u2400';
const STATEMENT_TIMEOUT_MS = 120_000;

// ---------- the expression ----------

/** `sum(schema.table.column)` → its parts; anything else (operators, sub-queries, several statements, FROM, DISTINCT, FILTER, OVER) is refused. */
export async function parseAggregateExpression(expression: string): Promise<{ agg: Aggregate; schema: string; table: string; column: string }> {
  const refuse = (why: string) => new ReconciliationError(`the expression ${JSON.stringify(expression.slice(0, 200))} is not accepted: ${why}. Write one aggregate of one catalogue column, e.g. sum(ta.tstaticshares.f_realshares)`);
  if (typeof expression !== 'string' || !expression.trim()) throw refuse('it is empty');
  if (expression.length > 500) throw refuse('it is over 500 characters');
  await loadPostgresParser();
  let tree: any;
  try {
    tree = parseSync(`SELECT ${expression}`);
  } catch (err) {
    throw refuse(`it does not parse (${(err as Error).message})`);
  }
  const stmts = tree?.stmts ?? [];
  if (stmts.length !== 1) throw refuse('it holds more than one statement');
  const sel = stmts[0].stmt?.SelectStmt;
  if (!sel) throw refuse('it is not a read-only aggregate');
  const allowed = new Set(['targetList', 'limitOption', 'op']);
  const extra = Object.keys(sel).filter((k) => !allowed.has(k));
  if (extra.length) throw refuse(`it has more than an aggregate (${extra.join(', ')})`);
  if (sel.targetList?.length !== 1) throw refuse('it must be exactly one aggregate');
  const fc = sel.targetList[0].ResTarget?.val?.FuncCall;
  if (!fc) throw refuse('it is not a single aggregate function call');
  const fname = (fc.funcname ?? []).map((n: any) => n.String?.sval);
  if (fname.length !== 1 || !AGGREGATES.includes(fname[0])) throw refuse(`the function must be one of ${AGGREGATES.join(', ')}`);
  for (const k of ['agg_filter', 'over', 'agg_order', 'agg_star', 'agg_distinct', 'agg_within_group', 'func_variadic']) if (fc[k]) throw refuse(`${k.replace('agg_', '')} is not supported`);
  if (fc.args?.length !== 1) throw refuse('the aggregate takes exactly one column');
  const ref = fc.args[0].ColumnRef;
  const parts = (ref?.fields ?? []).map((f: any) => f.String?.sval);
  if (!ref || parts.length !== 3 || parts.some((p: unknown) => typeof p !== 'string')) throw refuse('the argument must be a column written schema.table.column');
  return { agg: fname[0], schema: parts[0], table: parts[1], column: parts[2] };
}

// ---------- definition ----------

interface ColumnRow { id: string; name: string; datasetId: string; sourceId: string; baseType: string | null; grade: number | null; dropped: boolean | null; external: boolean | null }

const Q_COLUMN = 'MATCH (c:Column {id: $id}) RETURN c.id AS id, c.name AS name, c.datasetId AS datasetId, c.sourceId AS sourceId, c.baseType AS baseType, c.grade AS grade, c.dropped AS dropped, c.external AS external';
const Q_COLUMNS_OF = 'MATCH (c:Column {datasetId: $datasetId}) RETURN c.id AS id, c.name AS name, c.datasetId AS datasetId, c.sourceId AS sourceId, c.baseType AS baseType, c.grade AS grade, c.dropped AS dropped, c.external AS external';
const Q_DATASET = 'MATCH (d:Dataset {id: $id}) RETURN d.id AS id, d.schema AS schema, d.name AS name, d.kind AS kind, d.sourceId AS sourceId, d.dropped AS dropped, d.external AS external';
const Q_DATASETS_BY_PATH = 'MATCH (d:Dataset {path: $path}) RETURN d.id AS id, d.schema AS schema, d.name AS name, d.kind AS kind, d.sourceId AS sourceId, d.dropped AS dropped, d.external AS external';
const Q_SOURCE_KIND = 'MATCH (s:Source {id: $id}) RETURN s.kind AS kind';

async function resolveSide(graph: Graph, side: ReconciliationSideInput | null | undefined, label: string): Promise<ResolvedSide> {
  if (!side || typeof side !== 'object') throw new ReconciliationError(`${label}: give a column (columnId, or schema, table and column) and an aggregate`);
  let { columnId, sourceId, schema, table, column, agg } = side;
  if (side.expression) {
    if (columnId || table || column || agg) throw new ReconciliationError(`${label}: give either an expression or the column and aggregate, not both`);
    ({ agg, schema, table, column } = await parseAggregateExpression(side.expression));
  }
  const aggregate = String(agg ?? '').toLowerCase();
  if (!AGGREGATES.includes(aggregate as Aggregate)) throw new ReconciliationError(`${label}: the aggregate must be one of ${AGGREGATES.join(', ')} (got ${JSON.stringify(String(agg ?? '').slice(0, 50))})`);
  let col: ColumnRow | undefined;
  if (columnId) {
    [col] = await graph.read<ColumnRow>(Q_COLUMN, { id: columnId });
    if (!col) throw new ReconciliationError(`${label}: column ${columnId} is not in the catalogue`);
  } else {
    if (!schema || !table || !column) throw new ReconciliationError(`${label}: give columnId, or schema, table and column of a catalogue column`);
    let datasets = (await graph.read<Record<string, any>>(Q_DATASETS_BY_PATH, { path: `${schema}.${table}` })).filter((d) => !d.external && !d.dropped && d.schema === schema && d.name === table);
    if (sourceId) datasets = datasets.filter((d) => d.sourceId === sourceId);
    if (!datasets.length) throw new ReconciliationError(`${label}: ${schema}.${table} is not a catalogue table${sourceId ? ` of source ${sourceId}` : ''}`);
    if (datasets.length > 1) throw new ReconciliationError(`${label}: ${schema}.${table} exists in several sources (${datasets.map((d) => d.sourceId).join(', ')}); say which with sourceId`);
    col = (await graph.read<ColumnRow>(Q_COLUMNS_OF, { datasetId: datasets[0].id })).find((c) => c.name === column);
    if (!col) throw new ReconciliationError(`${label}: ${schema}.${table} has no column ${JSON.stringify(column)} in the catalogue`);
  }
  if (col.dropped) throw new ReconciliationError(`${label}: column ${col.id} was dropped at the source`);
  if (col.external) throw new ReconciliationError(`${label}: column ${col.id} is an external lineage placeholder, not a harvested column`);
  const [ds] = await graph.read<Record<string, any>>(Q_DATASET, { id: col.datasetId });
  if (!ds || ds.dropped) throw new ReconciliationError(`${label}: the table of column ${col.id} is not in the catalogue`);
  if (ds.kind !== 'table' && ds.kind !== 'view') throw new ReconciliationError(`${label}: ${ds.kind} datasets cannot be queried; a check reads tables or views`);
  if (!ds.schema) throw new ReconciliationError(`${label}: the table of column ${col.id} has no schema`);
  const [src] = await graph.read<{ kind: string }>(Q_SOURCE_KIND, { id: ds.sourceId });
  if (src?.kind !== 'postgres') throw new ReconciliationError(`${label}: source ${ds.sourceId} is a ${src?.kind ?? 'unknown'} source; checks run against PostgreSQL sources`);
  if (aggregate !== 'count' && col.baseType && !NUMERIC_TYPES.test(col.baseType)) throw new ReconciliationError(`${label}: ${aggregate} needs a numeric column; ${ds.schema}.${ds.name}.${col.name} is ${col.baseType} (use count)`);
  return { columnId: col.id, column: col.name, grade: col.grade ?? null, sourceId: ds.sourceId, datasetId: ds.id, schema: ds.schema, table: ds.name, agg: aggregate as Aggregate };
}

async function resolveGroupColumn(graph: Graph, side: ResolvedSide, ref: string, label: string): Promise<ResolvedColumn> {
  if (typeof ref !== 'string' || !ref) throw new ReconciliationError(`${label}: a group column is empty`);
  const cols = await graph.read<ColumnRow>(Q_COLUMNS_OF, { datasetId: side.datasetId });
  const c = cols.find((x) => x.id === ref) ?? cols.find((x) => x.name === ref);
  if (!c || c.dropped) throw new ReconciliationError(`${label}: ${side.schema}.${side.table} has no column ${JSON.stringify(ref.slice(0, 200))} to group on`);
  return { columnId: c.id, column: c.name, grade: c.grade ?? null };
}

const Q_STORE_CHECK = `
MERGE (r:Reconciliation {id: $id})
ON CREATE SET r.createdAt = $at, r.createdBy = $actor
SET r.name = $name, r.description = $description, r.definition = $definition, r.tolerance = $tolerance,
    r.scheduleMinutes = $scheduleMinutes, r.updatedAt = $at, r.updatedBy = $actor
RETURN r.id AS id`;
const Q_CLEAR_READS = 'MATCH (r:Reconciliation {id: $id})-[x:READS]->(:Column) DELETE x';
const Q_READS = `
UNWIND $reads AS x
MATCH (r:Reconciliation {id: $id})
MATCH (c:Column {id: x.columnId})
CREATE (r)-[:READS {role: x.role}]->(c)`;

/** Defines (or redefines, by id) a check after resolving and checking every part against the catalogue. */
export async function defineReconciliation(graph: Graph, input: ReconciliationInput, actor: string): Promise<Reconciliation> {
  if (!input || typeof input !== 'object') throw new ReconciliationError('a reconciliation definition is required');
  if (typeof input.id !== 'string' || !ID.test(input.id)) throw new ReconciliationError('a check id is 1-100 letters, digits, _ . : or -, e.g. REC-TA-GZ-001');
  const name = input.name?.trim();
  if (!name || name.length > 200) throw new ReconciliationError('a check name is 1-200 characters');
  const description = input.description?.trim() || null;
  if (description && description.length > 2000) throw new ReconciliationError('a description is at most 2,000 characters');
  const tolerance = input.tolerance ?? 0;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) throw new ReconciliationError('tolerance is a number ≥ 0');
  const scheduleMinutes = input.scheduleMinutes ?? null;
  if (scheduleMinutes !== null && (!Number.isInteger(scheduleMinutes) || scheduleMinutes < 1 || scheduleMinutes > 44640)) throw new ReconciliationError('scheduleMinutes is a whole number of minutes from 1 to 44640 (31 days), or null');
  const left = await resolveSide(graph, input.left, 'left');
  const right = await resolveSide(graph, input.right, 'right');
  const pairs = input.groupBy ?? [];
  if (!Array.isArray(pairs) || pairs.length > 10) throw new ReconciliationError('groupBy holds at most 10 [left column, right column] pairs');
  const groupBy: { left: ResolvedColumn; right: ResolvedColumn }[] = [];
  for (const [i, p] of pairs.entries()) {
    if (!Array.isArray(p) || p.length !== 2) throw new ReconciliationError(`groupBy[${i}] must be a pair [left column, right column]`);
    groupBy.push({ left: await resolveGroupColumn(graph, left, p[0], `groupBy[${i}] left`), right: await resolveGroupColumn(graph, right, p[1], `groupBy[${i}] right`) });
  }
  const definition = { left, right, groupBy };
  const at = new Date().toISOString();
  const reads = [
    { columnId: left.columnId, role: 'left' }, { columnId: right.columnId, role: 'right' },
    ...groupBy.flatMap((g) => [{ columnId: g.left.columnId, role: 'group-left' }, { columnId: g.right.columnId, role: 'group-right' }]),
  ];
  await graph.transaction(async (tx) => {
    await tx.run(Q_STORE_CHECK, { id: input.id, name, description, definition: JSON.stringify(definition), tolerance, scheduleMinutes, at, actor });
    await tx.run(Q_CLEAR_READS, { id: input.id });
    await tx.run(Q_READS, { id: input.id, reads });
  });
  return (await getReconciliation(graph, input.id))!;
}

function checkFromRow(r: Record<string, any>): Reconciliation {
  const def = JSON.parse(r.definition);
  return {
    id: r.id, name: r.name, description: r.description ?? null, left: def.left, right: def.right, groupBy: def.groupBy,
    tolerance: r.tolerance ?? 0, scheduleMinutes: r.scheduleMinutes ?? null, createdBy: r.createdBy, createdAt: r.createdAt,
    updatedAt: r.updatedAt, lastRunAt: r.lastRunAt ?? null, lastOk: r.lastOk ?? null,
  };
}

export async function getReconciliation(graph: Graph, id: string): Promise<Reconciliation | null> {
  const [row] = await graph.read<{ r: Record<string, any> }>('MATCH (r:Reconciliation {id: $id}) RETURN r', { id });
  return row ? checkFromRow(row.r) : null;
}

export async function listReconciliations(graph: Graph): Promise<Reconciliation[]> {
  return (await graph.read<{ r: Record<string, any> }>('MATCH (r:Reconciliation) RETURN r ORDER BY r.id')).map((x) => checkFromRow(x.r));
}

// ---------- running ----------

const q = (s: string) => pg.escapeIdentifier(s);

/** SELECT of one side: group keys as text (NULL → a marker, so NULL groups match), the aggregate as exact text. */
export function sideQuery(side: ResolvedSide, groups: ResolvedColumn[]): string {
  const keys = groups.map((g, i) => `coalesce(${q(g.column)}::text, $1) AS g${i}`);
  const value = `${side.agg}(${q(side.column)})::numeric::text AS v`;
  return `SELECT ${[...keys, value].join(', ')} FROM ${q(side.schema)}.${q(side.table)}${groups.length ? ` GROUP BY ${groups.map((_, i) => i + 1).join(', ')}` : ''}`;
}

/** Both sides in one source: one statement, full outer join of the grouped sides, a missing side counts 0. */
export function joinedQuery(check: Reconciliation): string {
  const n = check.groupBy.length;
  const join = n ? `FULL OUTER JOIN r ON ${Array.from({ length: n }, (_, i) => `l.g${i} = r.g${i}`).join(' AND ')}` : 'CROSS JOIN r';
  const keys = Array.from({ length: n }, (_, i) => `coalesce(l.g${i}, r.g${i}) AS g${i}`);
  return `WITH l AS (${sideQuery(check.left, check.groupBy.map((g) => g.left))}), r AS (${sideQuery(check.right, check.groupBy.map((g) => g.right))}) `
    + `SELECT ${[...keys, 'coalesce(l.v, \'0\') AS lv', 'coalesce(r.v, \'0\') AS rv', 'l.v IS NULL AS lmissing', 'r.v IS NULL AS rmissing'].join(', ')} `
    + `FROM l ${join}`;
}

async function readOnly<T extends pg.QueryResultRow>(client: pg.Client, sql: string, params: unknown[]): Promise<T[]> {
  await client.query('BEGIN READ ONLY');
  try {
    await client.query(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
    const r = await client.query<T>(sql, params);
    if (r.rows.length > MAX_GROUPS) throw new ReconciliationError(`more than ${MAX_GROUPS} groups: group on fewer columns`);
    return r.rows;
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
}

interface Row { keys: (string | null)[]; lv: string; rv: string; lmissing: boolean; rmissing: boolean }

async function evaluate(check: Reconciliation, connect: SourceConnector): Promise<Row[]> {
  const n = check.groupBy.length;
  const keysOf = (r: Record<string, any>) => Array.from({ length: n }, (_, i) => (r[`g${i}`] === NULL_KEY ? null : r[`g${i}`]));
  if (check.left.sourceId === check.right.sourceId) {
    const client = await connect(check.left.sourceId);
    try {
      const rows = await readOnly<Record<string, any>>(client, joinedQuery(check), n ? [NULL_KEY] : []);
      return rows.map((r) => ({ keys: keysOf(r), lv: r.lv, rv: r.rv, lmissing: r.lmissing, rmissing: r.rmissing }));
    } finally {
      await client.end().catch(() => {});
    }
  }
  // Two sources, possibly two databases: each side grouped at its source, the full outer join here.
  const side = async (s: ResolvedSide, groups: ResolvedColumn[]) => {
    const client = await connect(s.sourceId);
    try { return await readOnly<Record<string, any>>(client, sideQuery(s, groups), n ? [NULL_KEY] : []); } finally { await client.end().catch(() => {}); }
  };
  const [l, r] = await Promise.all([side(check.left, check.groupBy.map((g) => g.left)), side(check.right, check.groupBy.map((g) => g.right))]);
  const joined = new Map<string, Row>();
  const k = (row: Record<string, any>) => JSON.stringify(Array.from({ length: n }, (_, i) => row[`g${i}`]));
  for (const row of l) joined.set(k(row), { keys: keysOf(row), lv: row.v ?? '0', rv: '0', lmissing: row.v === null, rmissing: true });
  for (const row of r) {
    const cur = joined.get(k(row));
    if (cur) { cur.rv = row.v ?? '0'; cur.rmissing = row.v === null; } else joined.set(k(row), { keys: keysOf(row), lv: '0', rv: row.v ?? '0', lmissing: true, rmissing: row.v === null });
  }
  return [...joined.values()];
}

const maskValue = (v: string | null) => (v === null ? null : `***${createHash('sha256').update(v).digest('hex').slice(0, 8)}`);

function summarise(check: Reconciliation, rows: Row[]): Pick<ReconciliationResult, 'ok' | 'leftTotal' | 'rightTotal' | 'groups' | 'failingCount' | 'failingGroups'> {
  let leftTotal = 0;
  let rightTotal = 0;
  const failing: FailingGroup[] = [];
  // Group values are shown only for columns graded 1-2; others (3-4, or not graded yet) are masked.
  const shown = check.groupBy.map((g) => g.left.grade !== null && g.left.grade <= 2);
  for (const r of rows) {
    const lv = Number(r.lv);
    const rv = Number(r.rv);
    leftTotal += lv;
    rightTotal += rv;
    const difference = lv - rv;
    if (Math.abs(difference) > check.tolerance) {
      const key: Record<string, string | null> = {};
      check.groupBy.forEach((g, i) => { key[g.left.column] = shown[i] ? r.keys[i] : maskValue(r.keys[i]); });
      failing.push({ key, left: lv, right: rv, difference, missing: r.lmissing && !r.rmissing ? 'left' : r.rmissing && !r.lmissing ? 'right' : null });
    }
  }
  failing.sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference));
  return { ok: failing.length === 0, leftTotal, rightTotal, groups: rows.length, failingCount: failing.length, failingGroups: failing.slice(0, MAX_FAILING_KEPT) };
}

const Q_STORE_RESULT = `
MATCH (r:Reconciliation {id: $checkId})
CREATE (x:ReconciliationResult {id: $id, checkId: $checkId, at: $at, ok: $ok, leftTotal: $leftTotal, rightTotal: $rightTotal,
  groups: $groups, failingCount: $failingCount, failingGroups: $failingGroups, error: $error, actor: $actor})
CREATE (r)-[:HAS_RESULT]->(x)
SET r.lastRunAt = $at, r.lastOk = $ok
RETURN x.id AS id`;

/** Keeps connection details out of stored and audited messages. */
const safeMessage = (err: unknown) => String((err as Error)?.message ?? err).replace(/postgres(ql)?:\/\/\S+/gi, '<connection>').slice(0, 500);

/**
 * Runs a check against its source(s) and stores the result. A failing or erroring run is appended
 * to the audit trail first (`reconciliation.failed`); if that append fails, nothing is stored and
 * the error is thrown.
 */
export async function runReconciliation(graph: Graph, checkId: string, opts: { connect?: SourceConnector | null; actor: string; audit?: AuditSink | null }): Promise<ReconciliationResult> {
  const check = await getReconciliation(graph, checkId);
  if (!check) throw new ReconciliationError(`reconciliation check ${checkId} does not exist`);
  const connect = opts.connect ?? registeredConnector;
  if (!connect) throw new ReconciliationError('no connection to the sources is configured on this server, so checks cannot run');
  const at = new Date().toISOString();
  let result: ReconciliationResult;
  try {
    const rows = await evaluate(check, connect);
    result = { id: randomUUID(), checkId, at, ...summarise(check, rows), error: null, actor: opts.actor };
  } catch (err) {
    result = { id: randomUUID(), checkId, at, ok: false, leftTotal: null, rightTotal: null, groups: 0, failingCount: 0, failingGroups: [], error: safeMessage(err), actor: opts.actor };
  }
  if (!result.ok && opts.audit) {
    await opts.audit.append({
      actor: opts.actor, action: 'reconciliation.failed', target: checkId, outcome: 'failed',
      details: {
        resultId: result.id, name: check.name, leftTotal: result.leftTotal, rightTotal: result.rightTotal, tolerance: check.tolerance,
        groups: result.groups, failingCount: result.failingCount, failingGroups: result.failingGroups.slice(0, 20), error: result.error,
      },
    });
  }
  await graph.write(Q_STORE_RESULT, { ...result, failingGroups: JSON.stringify(result.failingGroups) });
  return result;
}

function resultFromRow(x: Record<string, any>): ReconciliationResult {
  return {
    id: x.id, checkId: x.checkId, at: x.at, ok: !!x.ok, leftTotal: x.leftTotal ?? null, rightTotal: x.rightTotal ?? null,
    groups: x.groups ?? 0, failingCount: x.failingCount ?? 0, failingGroups: x.failingGroups ? JSON.parse(x.failingGroups) : [],
    error: x.error ?? null, actor: x.actor,
  };
}

/** Results of a check, newest first. */
export async function reconciliationResults(graph: Graph, checkId: string, limit = 50): Promise<ReconciliationResult[]> {
  const rows = await graph.read<{ x: Record<string, any> }>('MATCH (x:ReconciliationResult {checkId: $checkId}) RETURN x', { checkId });
  return rows.map((r) => resultFromRow(r.x)).sort((a, b) => b.at.localeCompare(a.at)).slice(0, Math.max(1, Math.min(limit, 1000)));
}

/** Runs every scheduled check whose interval has passed since its last run; for a server timer. */
export async function runDueChecks(graph: Graph, opts: { connect?: SourceConnector | null; audit?: AuditSink | null; now?: Date; actor?: string } = {}): Promise<ReconciliationResult[]> {
  const now = (opts.now ?? new Date()).getTime();
  const rows = await graph.read<{ id: string; minutes: number | null; lastRunAt: string | null }>(
    'MATCH (r:Reconciliation) WHERE r.scheduleMinutes IS NOT NULL RETURN r.id AS id, r.scheduleMinutes AS minutes, r.lastRunAt AS lastRunAt ORDER BY r.id');
  const due = rows.filter((r) => r.minutes && (!r.lastRunAt || Date.parse(r.lastRunAt) + r.minutes * 60_000 <= now));
  const results: ReconciliationResult[] = [];
  for (const r of due) results.push(await runReconciliation(graph, r.id, { connect: opts.connect, audit: opts.audit, actor: opts.actor ?? 'scheduler' }));
  return results;
}
