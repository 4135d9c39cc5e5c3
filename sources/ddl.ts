// Reads DDL files of MySQL, PostgreSQL and Oracle into HarvestedDatasets. Every statement that
// could not be read is reported with file and line; statements that parsed are kept.
import { readFile, stat } from 'node:fs/promises';
import type { HarvestedDataset, ReadProblem } from '../catalog/types.ts';
import { DdlModel } from './ddl-model.ts';
import { readMysqlStatement } from './ddl-mysql.ts';
import { readOracleStatement } from './ddl-oracle.ts';
import { loadPgParser, readPostgresStatement } from './ddl-postgres.ts';
import { decodeText } from './encoding.ts';
import { SourceInputError } from './errors.ts';
import { splitSql, type SqlDialect } from './sql-lexer.ts';

export type { SqlDialect } from './sql-lexer.ts';

export interface DdlReadOptions {
  dialect?: SqlDialect;
  /** Schema for unqualified names (MySQL database, Oracle owner); default none. */
  defaultSchema?: string | null;
  /** Largest file accepted, in bytes (default 256 MiB). */
  maxBytes?: number;
}

export interface DdlStatementCounts {
  total: number;
  read: number;
  skipped: number;
  failed: number;
}

export interface DdlReadResult {
  datasets: HarvestedDataset[];
  problems: ReadProblem[];
  dialect: SqlDialect;
  /** How the dialect was chosen. */
  dialectSource: 'given' | 'detected';
  statements: DdlStatementCounts;
  encoding?: string;
}

const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

export async function readDdlFile(path: string, opts: DdlReadOptions = {}): Promise<DdlReadResult> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    throw new SourceInputError(`cannot read DDL file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (size > max) throw new SourceInputError(`DDL file ${path} is ${size} bytes, over the ${max}-byte limit; split it or raise the limit`);
  const buf = await readFile(path);
  const { text, encoding } = decodeText(buf);
  if (encoding === 'binary') throw new SourceInputError(`${path} is not a text file (binary content); give a .sql DDL file`);
  const result = await readDdlText(text, path, opts);
  result.encoding = encoding;
  return result;
}

export async function readDdlText(text: string, file: string, opts: DdlReadOptions = {}): Promise<DdlReadResult> {
  const dialect = opts.dialect ?? detectDialect(text);
  if (!['mysql', 'postgres', 'oracle'].includes(dialect)) throw new SourceInputError(`unknown SQL dialect "${dialect}": use mysql, postgres or oracle`);
  if (dialect === 'postgres') await loadPgParser();
  const model = new DdlModel(file, opts.defaultSchema ?? null);
  const split = splitSql(text, dialect);
  for (const p of split.problems) model.problem(p.line, p.message, undefined, 'syntax');
  const counts: DdlStatementCounts = { total: split.statements.length, read: 0, skipped: 0, failed: 0 };
  const reader = dialect === 'postgres' ? readPostgresStatement : dialect === 'mysql' ? readMysqlStatement : readOracleStatement;
  for (const stmt of split.statements) {
    let outcome: 'read' | 'skipped' | 'failed';
    try {
      outcome = reader(model, stmt);
    } catch (e) {
      // a parser crash on one statement must not lose the others
      model.problem(stmt.line, `could not read statement: ${(e as Error).message}`, stmt.text, 'syntax');
      outcome = 'failed';
    }
    counts[outcome]++;
  }
  const problems = model.problems.sort((a, b) => a.line - b.line);
  return { datasets: model.datasets(), problems, dialect, dialectSource: opts.dialect ? 'given' : 'detected', statements: counts };
}

/**
 * Guesses the dialect from vendor markers: backticks, ENGINE=, /*!40101 for MySQL; VARCHAR2,
 * NUMBER(p,s), '/' lines, TABLESPACE for Oracle; ::, $$, SERIAL, COPY, OWNER TO for PostgreSQL.
 */
export function detectDialect(text: string): SqlDialect {
  const sample = text.length > 2_000_000 ? text.slice(0, 2_000_000) : text;
  const count = (re: RegExp): number => (sample.match(re) ?? []).length;
  const mysql = count(/`[^`\n]{1,200}`/g) + 5 * count(/\bENGINE\s*=/gi) + 5 * count(/\/\*!\d{5}/g) + 3 * count(/\bAUTO_INCREMENT\b/gi) + 3 * count(/\bLOCK TABLES\b/gi) + 2 * count(/\b(TINYINT|MEDIUMINT|LONGTEXT|DATETIME)\b/gi) + 3 * count(/DEFAULT CHARSET/gi);
  const oracle = 3 * count(/\bN?VARCHAR2\b/gi) + 3 * count(/\bNUMBER\s*\(/gi) + 2 * count(/^\s*\/\s*$/gm) + 2 * count(/\bTABLESPACE\b/gi) + 2 * count(/\bPCTFREE\b/gi) + 3 * count(/\bCLOB\b/gi) + 3 * count(/\bSYSDATE\b/gi) + 3 * count(/\bCREATE\s+OR\s+REPLACE\s+(PACKAGE|PROCEDURE|TRIGGER)\b/gi) + 2 * count(/^\s*prompt\b/gim);
  const postgres = 2 * count(/::[a-z]/gi) + 3 * count(/\$[A-Za-z_]*\$/g) + 3 * count(/\b(BIG)?SERIAL\b/gi) + 3 * count(/\bCOPY\b[^;]*\bFROM stdin/gi) + 3 * count(/\bOWNER TO\b/gi) + 3 * count(/\bpg_catalog\b/g) + 2 * count(/\b(TIMESTAMPTZ|BYTEA|JSONB)\b/gi) + 2 * count(/\bCREATE EXTENSION\b/gi) + 2 * count(/\bcharacter varying\b/gi) + 2 * count(/^\\[a-z]+/gm);
  if (mysql > oracle && mysql > postgres) return 'mysql';
  if (oracle > postgres && oracle >= mysql && oracle > 0) return 'oracle';
  return 'postgres';
}
