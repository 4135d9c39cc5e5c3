// Sources, datasets and columns in the graph:
// (:Source)-[:CONTAINS]->(:Dataset)-[:HAS_COLUMN]->(:Column), with versions of every change.
// No sample value is ever written here: only metadata, counts and detector hit ratios.
import type { Graph, GraphTx } from './graph/port.ts';
import type { HarvestedDataset, HarvestedColumn } from './types.ts';
import { columnId, columnPath, datasetId } from './ids.ts';

export type SourceKind = 'postgres' | 'csv' | 'ddl';

export interface SourceRecord {
  id: string;
  name: string;
  system: string;
  kind: SourceKind;
  /** postgres: schemas to harvest; csv/ddl: the path; never a password. */
  schemas: string[] | null;
  path: string | null;
  dialect: string | null;
  /** AES-GCM ciphertext of the connection string; never returned by the API. */
  connectionEnc: string | null;
  createdAt: string;
  lastHarvestAt: string | null;
  lastHarvestStatus: string | null;
  removed: boolean;
}

export class CatalogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogError';
  }
}

const SOURCE_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function assertSourceId(id: string): void {
  if (!SOURCE_ID.test(id)) throw new CatalogError('a source id is 1-63 lower-case letters, digits, _ or -, starting with a letter or digit');
}

const Q_UPSERT_SOURCE = `
MERGE (s:Source {id: $id})
ON CREATE SET s.createdAt = $at, s.removed = false
SET s += $props
RETURN s`;

export async function upsertSource(graph: Graph, input: Omit<SourceRecord, 'createdAt' | 'lastHarvestAt' | 'lastHarvestStatus' | 'removed'>): Promise<SourceRecord> {
  assertSourceId(input.id);
  if (!input.name.trim() || input.name.length > 200) throw new CatalogError('a source name is 1-200 characters');
  if (!input.system.trim() || input.system.length > 100) throw new CatalogError('a source system is 1-100 characters, e.g. TA, 估值, 投资, 直销, 数仓');
  const { id, ...props } = input;
  const [row] = await graph.write<{ s: SourceRecord }>(Q_UPSERT_SOURCE, { id, props: { ...props, removed: false }, at: new Date().toISOString() });
  return row.s;
}

export async function getSource(graph: Graph, id: string): Promise<SourceRecord | null> {
  const [row] = await graph.read<{ s: SourceRecord }>('MATCH (s:Source {id: $id}) RETURN s', { id });
  return row?.s ?? null;
}

export async function listSources(graph: Graph): Promise<SourceRecord[]> {
  return (await graph.read<{ s: SourceRecord }>('MATCH (s:Source) WHERE coalesce(s.removed, false) = false RETURN s ORDER BY s.id')).map((r) => r.s);
}

/** A removed source keeps its datasets, columns, lineage and history; it is only hidden. */
export async function removeSource(graph: Graph, id: string): Promise<boolean> {
  const rows = await graph.write('MATCH (s:Source {id: $id}) SET s.removed = true, s.connectionEnc = null RETURN s.id AS id', { id });
  return rows.length > 0;
}

export async function recordHarvestStatus(graph: Graph, id: string, status: string): Promise<void> {
  await graph.write('MATCH (s:Source {id: $id}) SET s.lastHarvestAt = $at, s.lastHarvestStatus = $status', { id, status, at: new Date().toISOString() });
}

export interface ColumnChangeRecord {
  schema: string | null;
  table: string;
  column: string;
  kind: 'added' | 'changed' | 'dropped';
  attributes: string[];
  before: Partial<HarvestedColumn> | null;
  after: Partial<HarvestedColumn> | null;
  /** type, length/precision/scale or comment changed: a confirmed grade goes back to review */
  meaningChange: boolean;
}

export interface HarvestSummary {
  datasets: number;
  columns: number;
  added: number;
  changed: number;
  dropped: number;
  flaggedForReview: number;
}

function datasetProps(sourceId: string, d: HarvestedDataset) {
  return {
    id: datasetId(sourceId, d.schema, d.name),
    sourceId,
    schema: d.schema,
    name: d.name,
    path: [d.schema, d.name].filter(Boolean).join('.'),
    kind: d.kind,
    comment: d.comment ?? null,
    viewSql: d.viewSql ?? null,
    rowEstimate: d.rowEstimate ?? null,
    primaryKey: d.primaryKey ?? [],
    file: d.file ? JSON.stringify(d.file) : null,
    foreignKeys: d.foreignKeys?.length ? JSON.stringify(d.foreignKeys) : null,
    columnCount: d.columns.length,
    dropped: false,
  };
}

function columnProps(sourceId: string, d: HarvestedDataset, c: HarvestedColumn) {
  const dsId = datasetId(sourceId, d.schema, d.name);
  return {
    id: columnId(dsId, c.name),
    datasetId: dsId,
    sourceId,
    name: c.name,
    path: columnPath(d.schema, d.name, c.name),
    ordinal: c.ordinal,
    dataType: c.dataType,
    baseType: c.baseType,
    length: c.length ?? null,
    precision: c.precision ?? null,
    scale: c.scale ?? null,
    nullable: c.nullable,
    defaultValue: c.defaultValue ?? null,
    comment: c.comment ?? null,
    primaryKey: !!c.primaryKey,
    unique: !!c.unique,
    references: c.references ?? null,
    dropped: false,
  };
}

// Nodes and their edges are written by separate statements: on Grafeo a MATCH after a MERGE in
// the same statement loses the index (measured 2.3 s vs 0.7 s for 10,000 columns).
const Q_MERGE_DATASETS = `
UNWIND $rows AS r
MERGE (d:Dataset {id: r.id})
ON CREATE SET d.createdAt = $at, d.version = 1
SET d += r, d.harvestedAt = $at`;

const Q_LINK_DATASETS = `
UNWIND $rows AS r
MATCH (s:Source {id: r.sourceId})
MATCH (d:Dataset {id: r.id})
MERGE (s)-[:CONTAINS]->(d)`;

const Q_MERGE_COLUMNS = `
UNWIND $rows AS r
MERGE (c:Column {id: r.id})
ON CREATE SET c.createdAt = $at, c.version = 1, c.gradeStatus = 'unclassified'
SET c += r, c.harvestedAt = $at`;

const Q_LINK_COLUMNS = `
UNWIND $rows AS r
MATCH (d:Dataset {id: r.datasetId})
MATCH (c:Column {id: r.id})
MERGE (d)-[:HAS_COLUMN]->(c)`;

const Q_VERSIONS = `
UNWIND $rows AS r
MATCH (c:Column {id: r.columnId})
SET c.version = coalesce(c.version, 1) + CASE WHEN r.kind = 'added' THEN 0 ELSE 1 END
CREATE (v:ColumnVersion {id: r.id, columnId: r.columnId, kind: r.kind, attributes: r.attributes, before: r.before, after: r.after, at: $at, version: c.version})
CREATE (c)-[:HAS_VERSION]->(v)`;

const Q_DROP_COLUMNS = `
UNWIND $ids AS id
MATCH (c:Column {id: id})
SET c.dropped = true, c.droppedAt = $at`;

const Q_DROP_DATASETS = `
UNWIND $ids AS id
MATCH (d:Dataset {id: id})
SET d.dropped = true, d.droppedAt = $at`;

const Q_FLAG_REVIEW = `
UNWIND $ids AS id
MATCH (c:Column {id: id})
SET c.needsReview = true,
    c.reviewReason = 'type or meaning changed at harvest',
    c.gradeStatus = CASE WHEN c.gradeStatus IN ['confirmed', 'overridden'] THEN 'suggested' ELSE c.gradeStatus END
RETURN count(c) AS n`;

const BATCH = 2000;

async function inBatches<T>(rows: T[], fn: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await fn(rows.slice(i, i + BATCH));
}

/**
 * Writes one harvest of a source in a single transaction: a crash or cancel leaves the
 * previous state, and a re-run completes it. Dropped assets are marked, never erased.
 * `touched` names the datasets the diff found added or changed; the others are left as they
 * are (an unchanged re-harvest writes nothing). Without it every dataset is written.
 */
export async function applyHarvest(graph: Graph, sourceId: string, datasets: HarvestedDataset[], changes: ColumnChangeRecord[], droppedDatasets: { schema: string | null; name: string }[], touched?: { schema: string | null; name: string }[]): Promise<HarvestSummary> {
  const at = new Date().toISOString();
  const touchedKeys = touched ? new Set(touched.map((t) => datasetId(sourceId, t.schema, t.name))) : null;
  const toWrite = touchedKeys ? datasets.filter((d) => touchedKeys.has(datasetId(sourceId, d.schema, d.name))) : datasets;
  const dsRows = toWrite.map((d) => datasetProps(sourceId, d));
  const colRows = toWrite.flatMap((d) => d.columns.map((c) => columnProps(sourceId, d, c)));
  const totalColumns = datasets.reduce((n, d) => n + d.columns.length, 0);
  const idOf = (c: ColumnChangeRecord) => columnId(datasetId(sourceId, c.schema, c.table), c.column);
  const versionRows = changes.map((c, i) => ({
    id: `${idOf(c)}@${at}#${i}`,
    columnId: idOf(c),
    kind: c.kind,
    attributes: c.attributes,
    before: c.before ? JSON.stringify(c.before) : null,
    after: c.after ? JSON.stringify(c.after) : null,
  }));
  const droppedColumnIds = changes.filter((c) => c.kind === 'dropped').map(idOf);
  const review = changes.filter((c) => c.kind === 'changed' && c.meaningChange).map(idOf);
  let flagged = 0;
  await graph.transaction(async (tx: GraphTx) => {
    await inBatches(dsRows, (rows) => tx.run(Q_MERGE_DATASETS, { rows, at }));
    await inBatches(dsRows, (rows) => tx.run(Q_LINK_DATASETS, { rows }));
    await inBatches(colRows, (rows) => tx.run(Q_MERGE_COLUMNS, { rows, at }));
    await inBatches(colRows.map((r) => ({ id: r.id, datasetId: r.datasetId })), (rows) => tx.run(Q_LINK_COLUMNS, { rows }));
    await inBatches(versionRows, (rows) => tx.run(Q_VERSIONS, { rows, at }));
    await inBatches(droppedColumnIds, (ids) => tx.run(Q_DROP_COLUMNS, { ids, at }));
    await inBatches(droppedDatasets.map((d) => datasetId(sourceId, d.schema, d.name)), (ids) => tx.run(Q_DROP_DATASETS, { ids, at }));
    await inBatches(review, async (ids) => { flagged += (await tx.run<{ n: number }>(Q_FLAG_REVIEW, { ids }))[0]?.n ?? 0; });
  });
  return {
    datasets: datasets.length,
    columns: totalColumns,
    added: changes.filter((c) => c.kind === 'added').length,
    changed: changes.filter((c) => c.kind === 'changed').length,
    dropped: droppedColumnIds.length,
    flaggedForReview: flagged,
  };
}

const Q_SOURCE_DATASETS = `
MATCH (d:Dataset {sourceId: $sourceId})
WHERE coalesce(d.dropped, false) = false
OPTIONAL MATCH (d)-[:HAS_COLUMN]->(c:Column)
WHERE coalesce(c.dropped, false) = false
RETURN d, collect(c) AS columns`;

/** The source's current datasets as a harvester returns them, for the incremental diff. */
export async function harvestedState(graph: Graph, sourceId: string): Promise<HarvestedDataset[]> {
  const rows = await graph.read<{ d: Record<string, any>; columns: Record<string, any>[] }>(Q_SOURCE_DATASETS, { sourceId });
  return rows.map(({ d, columns }) => ({
    schema: d.schema ?? null,
    name: d.name,
    kind: d.kind,
    comment: d.comment ?? null,
    viewSql: d.viewSql ?? null,
    rowEstimate: d.rowEstimate ?? null,
    primaryKey: d.primaryKey ?? [],
    columns: columns
      .map((c) => ({
        name: c.name, ordinal: c.ordinal, dataType: c.dataType, baseType: c.baseType,
        length: c.length ?? null, precision: c.precision ?? null, scale: c.scale ?? null,
        nullable: c.nullable, defaultValue: c.defaultValue ?? null, comment: c.comment ?? null,
        primaryKey: !!c.primaryKey, unique: !!c.unique, references: c.references ?? null,
      }))
      .sort((a, b) => a.ordinal - b.ordinal),
  }));
}

export interface ColumnRecord {
  id: string; datasetId: string; sourceId: string; name: string; path: string; ordinal: number;
  dataType: string; baseType: string; length: number | null; precision: number | null; scale: number | null;
  nullable: boolean; defaultValue: string | null; comment: string | null; description: string | null;
  primaryKey: boolean; unique: boolean; references: string | null; dropped: boolean; version: number;
  grade: number | null; categoryId: string | null; categoryPath: string | null; gradeStatus: string;
  confidence: number | null; needsReview: boolean | null;
}

export interface DatasetRecord {
  id: string; sourceId: string; schema: string | null; name: string; path: string; kind: string;
  comment: string | null; description: string | null; viewSql: string | null; rowEstimate: number | null;
  columnCount: number; dropped: boolean; version: number; grade: number | null; categoryId: string | null;
}

export async function getDataset(graph: Graph, id: string): Promise<DatasetRecord | null> {
  const [r] = await graph.read<{ d: DatasetRecord }>('MATCH (d:Dataset {id: $id}) RETURN d', { id });
  return r?.d ?? null;
}

export async function listDatasets(graph: Graph, sourceId: string | null): Promise<DatasetRecord[]> {
  const rows = sourceId
    ? await graph.read<{ d: DatasetRecord }>('MATCH (d:Dataset {sourceId: $sourceId}) RETURN d ORDER BY d.path', { sourceId })
    : await graph.read<{ d: DatasetRecord }>('MATCH (d:Dataset) RETURN d ORDER BY d.path');
  return rows.map((r) => r.d);
}

export async function columnsOf(graph: Graph, dsId: string): Promise<ColumnRecord[]> {
  return (await graph.read<{ c: ColumnRecord }>('MATCH (c:Column {datasetId: $id}) RETURN c ORDER BY c.ordinal', { id: dsId })).map((r) => r.c);
}

export async function getColumn(graph: Graph, id: string): Promise<ColumnRecord | null> {
  const [r] = await graph.read<{ c: ColumnRecord }>('MATCH (c:Column {id: $id}) RETURN c', { id });
  return r?.c ?? null;
}

export async function columnVersions(graph: Graph, id: string): Promise<{ id: string; kind: string; attributes: string[]; before: string | null; after: string | null; at: string; version: number }[]> {
  return (await graph.read<{ v: any }>('MATCH (v:ColumnVersion {columnId: $id}) RETURN v ORDER BY v.at', { id })).map((r) => r.v);
}

/** Steward-written description of a dataset or column (the source's own comment stays as harvested). */
export async function describeAsset(graph: Graph, kind: 'Dataset' | 'Column', id: string, description: string): Promise<boolean> {
  if (description.length > 4000) throw new CatalogError('a description is at most 4,000 characters');
  const q = kind === 'Dataset'
    ? 'MATCH (n:Dataset {id: $id}) SET n.description = $description RETURN n.id AS id'
    : 'MATCH (n:Column {id: $id}) SET n.description = $description RETURN n.id AS id';
  return (await graph.write(q, { id, description })).length > 0;
}
