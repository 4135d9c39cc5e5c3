// Shapes shared by harvesters (sources/), the catalogue writer and classifiers' callers.
// Sample values never appear here: they stay in memory inside sources/ and classifiers/.

export type DatasetKind = 'table' | 'view' | 'file';

export interface HarvestedColumn {
  name: string;
  ordinal: number;
  /** The type as the source writes it, e.g. `VARCHAR2(100)`, `numeric(16,2)`, `text`. */
  dataType: string;
  /** Base type without arguments, upper case: `VARCHAR2`, `NUMERIC`, `TEXT`. */
  baseType: string;
  length?: number | null;
  precision?: number | null;
  scale?: number | null;
  nullable: boolean;
  defaultValue?: string | null;
  comment?: string | null;
  primaryKey?: boolean;
  unique?: boolean;
  /** `schema.table.column` this column references, when it is a foreign key. */
  references?: string | null;
}

export interface HarvestedDataset {
  /** Schema (PostgreSQL schema, MySQL database, Oracle owner); null for files. */
  schema: string | null;
  name: string;
  kind: DatasetKind;
  comment?: string | null;
  columns: HarvestedColumn[];
  /** SQL definition of a view, kept for lineage. */
  viewSql?: string | null;
  rowEstimate?: number | null;
  primaryKey?: string[];
  uniques?: string[][];
  foreignKeys?: { columns: string[]; refSchema: string | null; refTable: string; refColumns: string[] }[];
  /** For files: the path, detected encoding and delimiter. */
  file?: { path: string; encoding: string; delimiter: string; hasHeader: boolean } | null;
}

/** A statement or file part that could not be read: reported, never dropped silently. */
export interface ReadProblem {
  file: string;
  line: number;
  message: string;
  statement?: string;
  /** What kind of problem: unreadable syntax, a construct not supported, procedural code skipped, bad data. */
  kind?: 'syntax' | 'unsupported' | 'skipped-not-DDL' | 'encoding' | 'ragged-row' | 'bad-value';
}

/** Sampled values for classification, held in memory only: column name → values. */
export type ColumnSamples = Map<string, string[]>;

/** The key under which a dataset's samples travel from a reader to the classifier. */
export function sampleKey(schema: string | null, name: string): string {
  return `${schema ?? ''}.${name}`;
}
