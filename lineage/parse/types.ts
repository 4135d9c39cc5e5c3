// Public shapes of SQL lineage extraction, and the small dialect-neutral query model (IR)
// that both parsers' ASTs are converted into before the one lineage engine walks it.

export type TransformKind = 'copy' | 'derive' | 'aggregate' | 'mask' | 'filter';
export type SqlDialect = 'postgres' | 'mysql';

export interface ColumnName {
  /** PostgreSQL schema / MySQL database; null when neither the SQL, the catalogue nor the search path says. */
  schema: string | null;
  table: string;
  column: string;
}

export interface ColumnEdge {
  from: ColumnName;
  to: ColumnName;
  transform: TransformKind;
  /** 0-based index of the statement in the file (every statement counts, also those without lineage). */
  statementIndex: number;
  /** 1-based line where the statement starts. */
  line: number;
  /** The statement text. */
  sql?: string;
  /** For mask / aggregate edges: the functions that desensitised the value, e.g. ['md5'] (the rule that lowered a grade). */
  via?: string[];
}

export interface LineageProblem {
  file?: string;
  line: number;
  message: string;
}

/** What the catalogue knows about tables. Both methods answer from memory (no I/O). */
export interface CatalogResolver {
  /** Column names in order, or null when the table is unknown. schema null: the caller has no schema. */
  columnsOf(schema: string | null, table: string): string[] | null;
  /** Optional: the schema an unqualified table resolves to on this search path, or null. */
  resolveTable?(schema: string | null, table: string, searchPath: string[]): { schema: string | null; table: string } | null;
}

export interface ExtractOptions {
  dialect: SqlDialect;
  file?: string;
  catalog?: CatalogResolver;
  /** PostgreSQL search_path, or for MySQL the default database first. `SET search_path` / `USE db` in the file change it. */
  searchPath?: string[];
  /** Extra masking functions registered by a steward (name or schema.name, case-insensitive). */
  maskFunctions?: string[];
  /** Keep the statement text on each edge (default true). */
  includeSql?: boolean;
}

export interface ExtractResult {
  edges: ColumnEdge[];
  problems: LineageProblem[];
  statements: number;
}

// ---------- the intermediate query model ----------

export type Expr =
  | { k: 'col'; parts: string[]; line: number }
  | { k: 'star'; qual: string[] | null; line: number }
  | { k: 'const'; str: string | null; int?: number }
  | {
      k: 'func'; name: string; schema: string | null; args: Expr[]; agg: boolean;
      filter: Expr | null; order: Expr[]; over: { partition: Expr[]; order: Expr[]; ref: string | null } | null;
    }
  | { k: 'cast'; arg: Expr; type: string; typmod: boolean }
  | { k: 'op'; name: string; args: Expr[] }
  | { k: 'case'; arg: Expr | null; whens: { cond: Expr; result: Expr }[]; else: Expr | null }
  | { k: 'sub'; query: Query; test: Expr | null; kind: 'scalar' | 'exists' | 'in' | 'array' }
  /** value passes unchanged (COLLATE, parentheses, row constructors of one value) */
  | { k: 'pass'; args: Expr[] }
  /** anything else: an expression of its children */
  | { k: 'other'; args: Expr[] };

export interface Target { name: string | null; expr: Expr; line: number }
export interface Cte { name: string; columns: string[] | null; query: Query; recursive: boolean }
export interface WindowSpec { partition: Expr[]; order: Expr[] }

export interface SelectQ {
  k: 'select';
  with: Cte[] | null;
  targets: Target[];
  from: From[];
  where: Expr | null;
  groupBy: Expr[];
  having: Expr | null;
  orderBy: Expr[];
  /** LIMIT/OFFSET present: ORDER BY then decides which rows flow. */
  limited: boolean;
  distinctOn: Expr[];
  windows: Record<string, WindowSpec>;
  /** SELECT … INTO new_table (PostgreSQL). */
  into: TableRef | null;
  line: number;
}
export interface SetOpQ { k: 'setop'; op: string; left: Query; right: Query; with: Cte[] | null; orderBy: Expr[]; limited: boolean; line: number }
export interface ValuesQ { k: 'values'; rows: Expr[][]; line: number }
export type Query = SelectQ | SetOpQ | ValuesQ;

export interface TableRef { schema: string | null; name: string; line: number }

export type From =
  | { k: 'table'; schema: string | null; name: string; alias: string | null; line: number }
  | { k: 'sub'; query: Query; alias: string | null; columns: string[] | null; line: number }
  | { k: 'join'; left: From; right: From; on: Expr | null; using: string[] | null; natural: boolean; line: number }
  /** table functions (unnest, generate_series…): their arguments derive every column of them */
  | { k: 'func'; args: Expr[]; alias: string | null; columns: string[] | null; line: number };

export interface SetClause { col: string; expr: Expr }

export type Stmt =
  | { k: 'insert'; target: TableRef; columns: string[] | null; query: Query; with: Cte[] | null; onConflictSet: SetClause[] | null; onConflictWhere: Expr | null }
  | { k: 'create'; target: TableRef; columns: string[] | null; query: Query; kind: 'table' | 'view' | 'matview' }
  /** targetInFrom: the target table is itself one of the FROM items (MySQL multi-table UPDATE … JOIN). */
  | { k: 'update'; target: TableRef; alias: string | null; set: SetClause[]; from: From[]; where: Expr | null; with: Cte[] | null; targetInFrom?: boolean }
  | {
      k: 'merge'; target: TableRef; alias: string | null; source: From; on: Expr; with: Cte[] | null;
      whens: { matched: boolean; cond: Expr | null; action: 'update' | 'insert' | 'delete' | 'nothing'; set: SetClause[]; columns: string[] | null; values: Expr[] | null }[];
    }
  | { k: 'select'; query: Query }
  | { k: 'searchPath'; schemas: string[] }
  | { k: 'none' };

/** A statement converted from a dialect AST, with its place in the file. */
export interface ConvertedStmt { stmt: Stmt; line: number; text: string; problems: { line: number; message: string }[] }

/** Raised by the public functions for bad arguments (not for bad SQL, which is a problem, not an error). */
export class LineageInputError extends Error {
  constructor(message: string) { super(message); this.name = 'LineageInputError'; }
}
