// Collects tables, views, comments and constraints read from DDL statements into HarvestedDatasets.
import type { HarvestedColumn, HarvestedDataset, ReadProblem } from '../catalog/types.ts';

export interface ForeignKeyDef {
  columns: string[];
  refSchema: string | null;
  refTable: string;
  refColumns: string[];
}

export class DdlModel {
  private readonly byKey = new Map<string, HarvestedDataset>();
  readonly problems: ReadProblem[] = [];

  constructor(readonly file: string, private readonly defaultSchema: string | null = null) {}

  private key(schema: string | null, name: string): string {
    return JSON.stringify([schema ?? this.defaultSchema, name]);
  }

  problem(line: number, message: string, statement?: string, kind?: ReadProblem['kind']): void {
    const p: ReadProblem = { file: this.file, line, message };
    if (statement !== undefined) p.statement = statement.length > 500 ? `${statement.slice(0, 500)}…` : statement;
    if (kind) p.kind = kind;
    this.problems.push(p);
  }

  /** Adds or replaces a table or view (a later CREATE OR REPLACE wins). */
  put(ds: HarvestedDataset): HarvestedDataset {
    ds.schema = ds.schema ?? this.defaultSchema;
    ds.columns.forEach((c, i) => (c.ordinal = i + 1));
    this.byKey.set(this.key(ds.schema, ds.name), ds);
    return ds;
  }

  find(schema: string | null, name: string): HarvestedDataset | undefined {
    const exact = this.byKey.get(this.key(schema, name));
    if (exact || schema) return exact;
    // unqualified reference: unique match by name in any schema
    const matches = [...this.byKey.values()].filter((d) => d.name === name);
    return matches.length === 1 ? matches[0] : undefined;
  }

  column(ds: HarvestedDataset, name: string): HarvestedColumn | undefined {
    return ds.columns.find((c) => c.name === name);
  }

  addColumn(ds: HarvestedDataset, col: HarvestedColumn): void {
    col.ordinal = ds.columns.length + 1;
    ds.columns.push(col);
  }

  setPrimaryKey(ds: HarvestedDataset, columns: string[]): string | null {
    const missing = columns.filter((c) => !this.column(ds, c));
    if (missing.length) return `primary key names unknown column(s) ${missing.join(', ')}`;
    ds.primaryKey = columns;
    for (const c of columns) {
      const col = this.column(ds, c)!;
      col.primaryKey = true;
      col.nullable = false;
    }
    return null;
  }

  addUnique(ds: HarvestedDataset, columns: string[]): string | null {
    const missing = columns.filter((c) => !this.column(ds, c));
    if (missing.length) return `unique constraint names unknown column(s) ${missing.join(', ')}`;
    ds.uniques = [...(ds.uniques ?? []), columns];
    if (columns.length === 1) this.column(ds, columns[0])!.unique = true;
    return null;
  }

  addForeignKey(ds: HarvestedDataset, fk: ForeignKeyDef): string | null {
    const missing = fk.columns.filter((c) => !this.column(ds, c));
    if (missing.length) return `foreign key names unknown column(s) ${missing.join(', ')}`;
    ds.foreignKeys = [...(ds.foreignKeys ?? []), fk];
    const refSchema = fk.refSchema ?? ds.schema;
    fk.columns.forEach((c, i) => {
      const ref = fk.refColumns[i];
      if (ref !== undefined) this.column(ds, c)!.references = `${refSchema ?? ''}${refSchema ? '.' : ''}${fk.refTable}.${ref}`;
    });
    return null;
  }

  datasets(): HarvestedDataset[] {
    return [...this.byKey.values()];
  }
}

export function newColumn(name: string, facts: { dataType: string; baseType: string; length: number | null; precision: number | null; scale: number | null }): HarvestedColumn {
  return {
    name,
    ordinal: 0,
    dataType: facts.dataType,
    baseType: facts.baseType,
    length: facts.length,
    precision: facts.precision,
    scale: facts.scale,
    nullable: true,
    defaultValue: null,
    comment: null,
  };
}

export function viewColumn(name: string): HarvestedColumn {
  return newColumn(name, { dataType: '', baseType: 'UNKNOWN', length: null, precision: null, scale: null });
}
