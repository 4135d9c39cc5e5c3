// Streaming row readers for exports: rows arrive in batches of string cells, never the whole
// result in memory. SQL is built only from catalogue identifiers (quoted with
// escapeIdentifier); every filter value travels as a query parameter.
import { createReadStream } from 'node:fs';
import pg from 'pg';
import QueryStream from 'pg-query-stream';
import Papa from 'papaparse';
import iconv from 'iconv-lite';
import { SourceInputError } from './errors.ts';

export type RowFilterOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'in' | 'prefix' | 'is_null' | 'not_null';

/** One condition on a column, by the column's name in the source. */
export interface RowFilter {
  column: string;
  op: RowFilterOp;
  value?: string | null;
  values?: string[] | null;
}

export type RowBatches = AsyncGenerator<string[][], void, undefined>;

const SQL_OPS: Record<'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge', string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };
const escapeIdentifier = (s: string) => pg.escapeIdentifier(s);

/** `SELECT "a", "b" FROM "schema"."table" WHERE "a" = $1 …` with its parameters. */
export function buildSelect(schema: string | null, table: string, columns: string[], filter: RowFilter[]): { text: string; values: unknown[] } {
  if (columns.length === 0) throw new SourceInputError('an export needs at least one column');
  const values: unknown[] = [];
  const param = (v: unknown) => { values.push(v); return `$${values.length}`; };
  const where = filter.map((f) => {
    const col = escapeIdentifier(f.column);
    switch (f.op) {
      case 'is_null': return `${col} IS NULL`;
      case 'not_null': return `${col} IS NOT NULL`;
      case 'in': return `${col}::text = ANY(${param(f.values ?? [])}::text[])`;
      case 'prefix': return `${col}::text LIKE ${param((f.value ?? '').replace(/[\\%_]/g, (c) => '\\' + c) + '%')}`;
      default: {
        const op = SQL_OPS[f.op];
        if (!op) throw new SourceInputError(`unknown filter operator ${String(f.op)}`);
        return `${col} ${op} ${param(f.value ?? '')}`;
      }
    }
  });
  const from = (schema ? `${escapeIdentifier(schema)}.` : '') + escapeIdentifier(table);
  const text = `SELECT ${columns.map(escapeIdentifier).join(', ')} FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
  return { text, values };
}

const RAW_TEXT = { getTypeParser: () => (v: string) => v };

export interface PostgresRowSpec {
  url: string;
  schema: string | null;
  table: string;
  columns: string[];
  filter?: RowFilter[];
  /** rows per batch handed to the caller (and per cursor fetch) */
  batchSize?: number;
}

/**
 * Streams the rows of one table or view through a server-side cursor, as text exactly as
 * PostgreSQL writes it; NULL becomes ''. The connection is closed when the generator ends,
 * fails or is abandoned (`return()`).
 */
export async function* readPostgresRows(spec: PostgresRowSpec): RowBatches {
  const { text, values } = buildSelect(spec.schema, spec.table, spec.columns, spec.filter ?? []);
  const batchSize = spec.batchSize ?? 2000;
  const client = new pg.Client({ connectionString: spec.url, application_name: 'fundgov-export' });
  await client.connect();
  let stream: QueryStream | null = null;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    stream = client.query(new QueryStream(text, values, { rowMode: 'array', batchSize, highWaterMark: batchSize, types: RAW_TEXT }));
    const width = spec.columns.length;
    let batch: string[][] = [];
    for await (const row of stream as AsyncIterable<(string | null)[]>) {
      for (let i = 0; i < width; i++) if (row[i] === null) row[i] = '';
      batch.push(row as string[]);
      if (batch.length >= batchSize) { yield batch; batch = []; }
    }
    if (batch.length) yield batch;
    await client.query('COMMIT');
  } finally {
    stream?.destroy();
    await client.end().catch(() => undefined);
  }
}

export interface CsvRowSpec {
  path: string;
  encoding: string;
  delimiter: string;
  hasHeader: boolean;
  /** zero-based positions of the exported columns in the file */
  columnIndexes: number[];
  /** filter conditions by zero-based position */
  filter?: (Omit<RowFilter, 'column'> & { index: number })[];
  batchSize?: number;
}

const NUM = /^-?\d+(\.\d+)?$/;
function compare(a: string, b: string): number {
  if (NUM.test(a) && NUM.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The same conditions as the SQL filter, for sources that are files. */
export function rowMatches(row: string[], filter: (Omit<RowFilter, 'column'> & { index: number })[]): boolean {
  for (const f of filter) {
    const v = (row[f.index] ?? '').trim();
    const x = f.value ?? '';
    let ok: boolean;
    switch (f.op) {
      case 'is_null': ok = v === ''; break;
      case 'not_null': ok = v !== ''; break;
      case 'in': ok = (f.values ?? []).includes(v); break;
      case 'prefix': ok = v.startsWith(x); break;
      case 'eq': ok = v !== '' && compare(v, x) === 0; break;
      case 'ne': ok = v !== '' && compare(v, x) !== 0; break;
      case 'lt': ok = v !== '' && compare(v, x) < 0; break;
      case 'le': ok = v !== '' && compare(v, x) <= 0; break;
      case 'gt': ok = v !== '' && compare(v, x) > 0; break;
      case 'ge': ok = v !== '' && compare(v, x) >= 0; break;
      default: throw new SourceInputError(`unknown filter operator ${String(f.op)}`);
    }
    if (!ok) return false;
  }
  return true;
}

/** Streams a CSV source file (any encoding iconv knows), picking and filtering columns. */
export async function* readCsvRows(spec: CsvRowSpec): RowBatches {
  if (!iconv.encodingExists(spec.encoding)) throw new SourceInputError(`unknown encoding ${spec.encoding} of ${spec.path}`);
  const batchSize = spec.batchSize ?? 2000;
  const filter = spec.filter ?? [];
  const file = createReadStream(spec.path);
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter: spec.delimiter, skipEmptyLines: true });
  const decoded = file.pipe(iconv.decodeStream(spec.encoding)).pipe(parser);
  file.on('error', (e) => decoded.destroy(e));
  let first = true;
  let batch: string[][] = [];
  try {
    for await (const raw of decoded as AsyncIterable<string[]>) {
      if (first) {
        first = false;
        if (raw.length && raw[0].charCodeAt(0) === 0xfeff) raw[0] = raw[0].slice(1);
        if (spec.hasHeader) continue;
      }
      if (filter.length && !rowMatches(raw, filter)) continue;
      batch.push(spec.columnIndexes.map((i) => raw[i] ?? ''));
      if (batch.length >= batchSize) { yield batch; batch = []; }
    }
    if (batch.length) yield batch;
  } finally {
    file.destroy();
    decoded.destroy();
  }
}
