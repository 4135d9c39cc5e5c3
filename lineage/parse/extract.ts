// extractLineage: SQL text → column edges with transform kinds, problems with lines, statement count.

import { LineageEngine } from './engine.ts';
import { convertMysql, parseMysqlFile } from './mysql.ts';
import { convertPostgres, loadPostgresParser, parsePostgresFile } from './postgres.ts';
import { MaskRules } from './transforms.ts';
import type { ColumnEdge, ConvertedStmt, ExtractOptions, ExtractResult, LineageProblem } from './types.ts';
import { LineageInputError } from './types.ts';

/**
 * Column-level lineage of every statement of a SQL file. A statement that does not parse is
 * reported with its line and skipped; the others still give edges. Never throws on bad SQL.
 */
export async function extractLineage(sql: string, opts: ExtractOptions): Promise<ExtractResult> {
  if (typeof sql !== 'string') throw new LineageInputError('extractLineage: sql must be a string');
  if (opts?.dialect !== 'postgres' && opts?.dialect !== 'mysql') {
    throw new LineageInputError(`extractLineage: dialect must be 'postgres' or 'mysql', got ${JSON.stringify(opts?.dialect)}`);
  }
  if (opts.dialect === 'postgres') await loadPostgresParser();
  return extractLineageSync(sql, opts);
}

/** The same, for callers that already awaited `loadPostgresParser()` (or use MySQL). */
export function extractLineageSync(sql: string, opts: ExtractOptions): ExtractResult {
  const problems: LineageProblem[] = [];
  const file = opts.file;
  const problem = (line: number, message: string) => problems.push(file ? { file, line, message } : { line, message });
  const converted: (ConvertedStmt | null)[] = [];

  if (opts.dialect === 'postgres') {
    const { statements, lineAt } = parsePostgresFile(sql);
    for (const raw of statements) {
      if (raw.error) { problem(raw.errorLine, `statement does not parse: ${raw.error}`); converted.push(null); continue; }
      converted.push(convertPostgres(raw, lineAt));
    }
  } else {
    for (const piece of parseMysqlFile(sql)) {
      if (piece.error) { problem(piece.errorLine, `statement does not parse: ${piece.error}`); converted.push(null); continue; }
      converted.push(convertMysql(piece));
    }
  }

  const engine = new LineageEngine(
    { dialect: opts.dialect, catalog: opts.catalog, maskRules: new MaskRules(opts.maskFunctions) },
    opts.searchPath ?? [],
  );
  const edges: ColumnEdge[] = [];
  const includeSql = opts.includeSql !== false;
  converted.forEach((c, statementIndex) => {
    if (!c) return;
    for (const p of c.problems) problem(p.line, p.message);
    const r = engine.run(c.stmt, c.line);
    for (const p of r.problems) problem(p.line, p.message);
    for (const e of r.edges) {
      const edge: ColumnEdge = { from: e.from, to: e.to, transform: e.transform, statementIndex, line: c.line };
      if (includeSql) edge.sql = c.text;
      if (e.via.length) edge.via = e.via;
      edges.push(edge);
    }
  });
  const seen = new Set<string>();
  const unique = problems.filter((p) => { const k = `${p.line}\u0000${p.message}`; if (seen.has(k)) return false; seen.add(k); return true; });
  return { edges, problems: unique, statements: converted.length };
}

/** `schema.table.column`, with `fallbackSchema` for a column whose schema is unknown. */
export function formatColumn(c: { schema: string | null; table: string; column: string }, fallbackSchema: string): string {
  return `${c.schema ?? fallbackSchema}.${c.table}.${c.column}`;
}
