// Streaming row readers for exports: rows arrive in batches of string cells, never the whole
// result in memory. SQL is built only from catalogue identifiers (quoted with
// escapeIdentifier); every filter value travels as a query parameter.
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import pg from 'pg';
import Papa from 'papaparse';
import iconv from 'iconv-lite';
import { SourceInputError } from './errors.ts';
import { copyBlockRows } from './copy-text.ts';

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

export interface PostgresRowSpec {
  url: string;
  schema: string | null;
  table: string;
  columns: string[];
  filter?: RowFilter[];
  /** unused by the COPY reader (a batch is the rows of one network chunk); kept for callers */
  batchSize?: number;
}

/** pg-copy-streams has no type declarations; this is the part used here. */
const copyStreams = createRequire(import.meta.url)('pg-copy-streams') as { to(text: string): Readable & pg.Submittable };

/**
 * The same SELECT as buildSelect, for `COPY (…) TO STDOUT`, which takes no parameters: each
 * filter value is first stored in a transaction-local setting with
 * `set_config('fundgov.fN', $1, true)` (a bound parameter), and the query reads it back with
 * `(SELECT current_setting('fundgov.fN')::<the column's type>)`. Nothing but catalogue
 * identifiers (quoted) and type names read from pg_attribute is spliced into the SQL text.
 */
export function buildCopySelect(
  schema: string | null, table: string, columns: string[], filter: RowFilter[], types: ReadonlyMap<string, string>,
): { text: string; settings: { name: string; value: string; array: boolean }[] } {
  if (columns.length === 0) throw new SourceInputError('an export needs at least one column');
  const settings: { name: string; value: string; array: boolean }[] = [];
  const setting = (value: string, array = false) => {
    const name = `fundgov.f${settings.length + 1}`;
    settings.push({ name, value, array });
    return `current_setting('${name}')`;
  };
  const where = filter.map((f) => {
    const col = escapeIdentifier(f.column);
    switch (f.op) {
      case 'is_null': return `${col} IS NULL`;
      case 'not_null': return `${col} IS NOT NULL`;
      case 'in': return `${col}::text = ANY (SELECT unnest(${setting(JSON.stringify(f.values ?? []), true)}::text[]))`;
      case 'prefix': return `${col}::text LIKE (SELECT ${setting((f.value ?? '').replace(/[\\%_]/g, (c) => '\\' + c) + '%')})`;
      default: {
        const op = SQL_OPS[f.op];
        if (!op) throw new SourceInputError(`unknown filter operator ${String(f.op)}`);
        const type = types.get(f.column);
        if (!type) throw new SourceInputError(`column ${f.column} is not in ${schema ? schema + '.' : ''}${table}`);
        return `${col} ${op} (SELECT ${setting(f.value ?? '')}::${type})`;
      }
    }
  });
  const from = (schema ? `${escapeIdentifier(schema)}.` : '') + escapeIdentifier(table);
  const text = `SELECT ${columns.map(escapeIdentifier).join(', ')} FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
  return { text, settings };
}

/**
 * Streams the rows of one table or view with `COPY (SELECT …) TO STDOUT` (text format) as
 * blocks of whole lines, undecoded: each block holds complete rows separated by '\n' (no
 * trailing one), at least `minBlockBytes` of them unless the stream ends. A line break byte
 * never occurs inside a UTF-8 sequence, and COPY escapes the ones inside values, so a block
 * can be decoded and split anywhere, in any thread (parseCopyLines). Memory stays bounded: the
 * COPY stream is paused while the caller works on a block. The connection is closed when the
 * generator ends, fails or is abandoned (`return()`).
 */
export async function* readPostgresCopyBlocks(spec: PostgresRowSpec & { minBlockBytes?: number }): AsyncGenerator<Buffer, void, undefined> {
  const filter = spec.filter ?? [];
  if (spec.columns.length === 0) throw new SourceInputError('an export needs at least one column');
  const minBytes = spec.minBlockBytes ?? 0;
  const client = new pg.Client({ connectionString: spec.url, application_name: 'fundgov-export' });
  await client.connect();
  let stream: (Readable & pg.Submittable) | null = null;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const types = new Map<string, string>();
    if (filter.some((f) => SQL_OPS[f.op as keyof typeof SQL_OPS])) {
      const rel = (spec.schema ? `${escapeIdentifier(spec.schema)}.` : '') + escapeIdentifier(spec.table);
      const r = await client.query<{ name: string; type: string }>(
        'SELECT attname AS name, format_type(atttypid, -1) AS type FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped', [rel]);
      for (const row of r.rows) types.set(row.name, row.type);
    }
    const { text, settings } = buildCopySelect(spec.schema, spec.table, spec.columns, filter, types);
    for (const s of settings) {
      // the value travels only as a bound parameter; arrays are turned into their literal by PostgreSQL itself
      await client.query(s.array ? "SELECT set_config($1, array(SELECT jsonb_array_elements_text($2::jsonb))::text, true)" : 'SELECT set_config($1, $2, true)', [s.name, s.value]);
    }
    stream = client.query(copyStreams.to(`COPY (${text}) TO STDOUT`));
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    /**
     * The whole lines pending, as one block; what follows the last line break stays pending.
     * The block is allocated at its exact size, so it owns its memory and can be handed to an
     * export worker without another copy.
     */
    const takeLines = (): Buffer | null => {
      let last = pending.length - 1, cut = -1;
      for (; last >= 0; last--) if ((cut = pending[last]!.lastIndexOf(10)) >= 0) break;
      if (cut < 0) return null;
      let size = cut;
      for (let i = 0; i < last; i++) size += pending[i]!.length;
      const block = Buffer.allocUnsafeSlow(size);
      let at = 0;
      for (let i = 0; i < last; i++) at += pending[i]!.copy(block, at);
      pending[last]!.copy(block, at, 0, cut);
      pending = [pending[last]!.subarray(cut + 1), ...pending.slice(last + 1)].filter((b) => b.length > 0);
      pendingBytes = pending.reduce((n, b) => n + b.length, 0);
      return block;
    };
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes < minBytes || chunk.lastIndexOf(10) < 0) continue;
        yield takeLines()!;
      }
    } catch (err) {
      // the source failed mid-stream: the rows read so far still go out, then the failure
      const lines = pendingBytes > 0 ? takeLines() : null;
      if (lines) yield lines;
      throw err;
    }
    if (pendingBytes > 0) {
      // the last rows: all that is pending, which must end with a line break
      const lines = takeLines();
      if (lines === null || pendingBytes > 0) throw new Error('the COPY stream ended in the middle of a row');
      yield lines;
    }
    await client.query('COMMIT');
  } finally {
    // abandoned or failed: pg closes the socket of a connection with a COPY still running,
    // and the server rolls the read-only transaction back
    stream?.destroy();
    await client.end().catch(() => undefined);
  }
}

/** The rows of readPostgresCopyBlocks as batches of string cells (NULL becomes ''), one batch per block. */
export function readPostgresRows(spec: PostgresRowSpec): RowBatches {
  return copyBlockRows(readPostgresCopyBlocks(spec), spec.columns.length);
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
