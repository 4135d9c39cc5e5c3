// Compares two harvests of the same source: datasets and columns added, changed, dropped; a change
// is a "meaning" change when type, length/precision/scale or comment moved, cosmetic otherwise.
import type { HarvestedColumn, HarvestedDataset } from '../catalog/types.ts';

export type ColumnAttribute = 'dataType' | 'baseType' | 'length' | 'precision' | 'scale' | 'comment' | 'nullable' | 'defaultValue' | 'primaryKey' | 'unique' | 'references' | 'ordinal';
export type DatasetAttribute = 'kind' | 'comment' | 'viewSql' | 'primaryKey';

/** Attributes whose change alters what a column means: a confirmed grade must be reviewed. */
export const MEANING_ATTRIBUTES: ReadonlySet<ColumnAttribute> = new Set(['dataType', 'baseType', 'length', 'precision', 'scale', 'comment']);
/** Attributes whose change alters the data a column carries (type or size), as opposed to its description. */
export const TYPE_ATTRIBUTES: ReadonlySet<ColumnAttribute> = new Set(['dataType', 'baseType', 'length', 'precision', 'scale']);

export interface AttributeChange<A extends string> {
  attribute: A;
  before: unknown;
  after: unknown;
}

export interface ColumnChange {
  column: string;
  before: HarvestedColumn;
  after: HarvestedColumn;
  changes: AttributeChange<ColumnAttribute>[];
  /** Type, length/precision/scale or comment changed. */
  meaningChange: boolean;
  /** Type or size changed (a subset of meaning changes). */
  typeChange: boolean;
}

export interface DatasetChange {
  schema: string | null;
  name: string;
  before: HarvestedDataset;
  after: HarvestedDataset;
  changes: AttributeChange<DatasetAttribute>[];
  addedColumns: HarvestedColumn[];
  droppedColumns: HarvestedColumn[];
  changedColumns: ColumnChange[];
  /** Any dataset or column meaning change, or a column added or dropped. */
  meaningChange: boolean;
}

export interface DatasetDiff {
  added: HarvestedDataset[];
  dropped: HarvestedDataset[];
  changed: DatasetChange[];
  unchanged: number;
}

const COLUMN_ATTRIBUTES: ColumnAttribute[] = ['dataType', 'baseType', 'length', 'precision', 'scale', 'comment', 'nullable', 'defaultValue', 'primaryKey', 'unique', 'references', 'ordinal'];

export function datasetKey(d: Pick<HarvestedDataset, 'schema' | 'name'>): string {
  return JSON.stringify([d.schema ?? null, d.name]);
}

function norm(v: unknown): unknown {
  if (v === undefined || v === null || v === '') return null;
  if (v === false) return null; // primaryKey/unique absent or false mean the same
  return v;
}

function normComment(v: unknown): unknown {
  return typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : norm(v);
}

export function diffColumns(before: HarvestedColumn, after: HarvestedColumn): AttributeChange<ColumnAttribute>[] {
  const out: AttributeChange<ColumnAttribute>[] = [];
  for (const a of COLUMN_ATTRIBUTES) {
    const b = a === 'comment' ? normComment(before[a]) : a === 'dataType' || a === 'baseType' ? String(before[a] ?? '').replace(/\s+/g, ' ').toLowerCase() : norm(before[a]);
    const c = a === 'comment' ? normComment(after[a]) : a === 'dataType' || a === 'baseType' ? String(after[a] ?? '').replace(/\s+/g, ' ').toLowerCase() : norm(after[a]);
    if (b !== c) out.push({ attribute: a, before: before[a] ?? null, after: after[a] ?? null });
  }
  return out;
}

export function diffDatasets(previous: HarvestedDataset[], current: HarvestedDataset[]): DatasetDiff {
  const prev = new Map(previous.map((d) => [datasetKey(d), d]));
  const curr = new Map(current.map((d) => [datasetKey(d), d]));
  const result: DatasetDiff = { added: [], dropped: [], changed: [], unchanged: 0 };
  for (const [k, d] of curr) if (!prev.has(k)) result.added.push(d);
  for (const [k, d] of prev) if (!curr.has(k)) result.dropped.push(d);
  for (const [k, after] of curr) {
    const before = prev.get(k);
    if (!before) continue;
    const changes: AttributeChange<DatasetAttribute>[] = [];
    if (before.kind !== after.kind) changes.push({ attribute: 'kind', before: before.kind, after: after.kind });
    if (normComment(before.comment) !== normComment(after.comment)) changes.push({ attribute: 'comment', before: before.comment ?? null, after: after.comment ?? null });
    if (normSql(before.viewSql) !== normSql(after.viewSql)) changes.push({ attribute: 'viewSql', before: before.viewSql ?? null, after: after.viewSql ?? null });
    if (JSON.stringify(before.primaryKey ?? []) !== JSON.stringify(after.primaryKey ?? [])) changes.push({ attribute: 'primaryKey', before: before.primaryKey ?? [], after: after.primaryKey ?? [] });
    const bCols = new Map(before.columns.map((c) => [c.name, c]));
    const aCols = new Map(after.columns.map((c) => [c.name, c]));
    const addedColumns = after.columns.filter((c) => !bCols.has(c.name));
    const droppedColumns = before.columns.filter((c) => !aCols.has(c.name));
    const changedColumns: ColumnChange[] = [];
    for (const c of after.columns) {
      const b = bCols.get(c.name);
      if (!b) continue;
      const ch = diffColumns(b, c);
      if (!ch.length) continue;
      changedColumns.push({
        column: c.name,
        before: b,
        after: c,
        changes: ch,
        meaningChange: ch.some((x) => MEANING_ATTRIBUTES.has(x.attribute)),
        typeChange: ch.some((x) => TYPE_ATTRIBUTES.has(x.attribute)),
      });
    }
    if (!changes.length && !addedColumns.length && !droppedColumns.length && !changedColumns.length) {
      result.unchanged++;
      continue;
    }
    const meaningChange = changes.some((x) => x.attribute !== 'primaryKey') || addedColumns.length > 0 || droppedColumns.length > 0 || changedColumns.some((c) => c.meaningChange);
    result.changed.push({ schema: after.schema, name: after.name, before, after, changes, addedColumns, droppedColumns, changedColumns, meaningChange });
  }
  return result;
}

function normSql(s: string | null | undefined): string | null {
  return s ? s.replace(/\s+/g, ' ').replace(/;\s*$/, '').trim() : null;
}
