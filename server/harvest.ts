// Harvest of one source: read it (sources/), diff against the catalogue, write the change
// in one transaction (catalog/), then hand the in-memory samples to the classifier.
// Samples never leave this function's memory.
import { readdirSync, statSync } from 'node:fs';
import pg from 'pg';
import type { Graph } from '../catalog/graph/port.ts';
import { sampleKey, type HarvestedDataset, type ColumnSamples, type ReadProblem } from '../catalog/types.ts';
import { applyHarvest, harvestedState, recordHarvestStatus, type ColumnChangeRecord, type HarvestSummary, type SourceRecord, CatalogError } from '../catalog/assets.ts';
import { readCsvFile, readCsvFolder, readDdlFile, harvestPostgres, diffDatasets, type DatasetDiff } from '../sources/index.ts';
import { decryptCredential, redactUrl, scrubPassword } from './credentials.ts';
import type { JobContext } from './jobs.ts';

export interface HarvestDeps {
  graph: Graph;
  credentialKey: Buffer;
  sampleSize: number;
  /** Called with each harvested dataset and its samples (classification plugs in here). */
  afterWrite?: (sourceId: string, datasets: HarvestedDataset[], samples: Map<string, ColumnSamples>, ctx: JobContext) => Promise<unknown>;
}

export interface HarvestOutcome extends HarvestSummary {
  sourceId: string;
  problems: ReadProblem[];
  classified?: unknown;
}

export function changeRecords(diff: DatasetDiff): ColumnChangeRecord[] {
  const out: ColumnChangeRecord[] = [];
  for (const d of diff.added) {
    for (const c of d.columns) out.push({ schema: d.schema, table: d.name, column: c.name, kind: 'added', attributes: [], before: null, after: c, meaningChange: false });
  }
  for (const ch of diff.changed) {
    for (const c of ch.addedColumns) out.push({ schema: ch.schema, table: ch.name, column: c.name, kind: 'added', attributes: [], before: null, after: c, meaningChange: false });
    for (const c of ch.droppedColumns) out.push({ schema: ch.schema, table: ch.name, column: c.name, kind: 'dropped', attributes: [], before: c, after: null, meaningChange: true });
    for (const c of ch.changedColumns) {
      out.push({ schema: ch.schema, table: ch.name, column: c.column, kind: 'changed', attributes: c.changes.map((x) => x.attribute), before: c.before, after: c.after, meaningChange: c.meaningChange });
    }
  }
  for (const d of diff.dropped) {
    for (const c of d.columns) out.push({ schema: d.schema, table: d.name, column: c.name, kind: 'dropped', attributes: [], before: c, after: null, meaningChange: true });
  }
  return out;
}

async function read(source: SourceRecord, deps: HarvestDeps, ctx: JobContext): Promise<{ datasets: HarvestedDataset[]; samples: Map<string, ColumnSamples>; problems: ReadProblem[] }> {
  if (source.kind === 'postgres') {
    if (!source.connectionEnc) throw new CatalogError(`source ${source.id} has no stored connection`);
    const url = decryptCredential(deps.credentialKey, source.connectionEnc);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
    } catch (err) {
      // The message names the host, never the password.
      throw new CatalogError(`cannot connect to ${redactUrl(url)}: ${scrubPassword((err as Error).message, url)}`);
    }
    try {
      const r = await harvestPostgres(client, { schemas: source.schemas ?? undefined, sampleSize: deps.sampleSize, onProgress: (d, t, c) => ctx.progress(d, t, c), signal: ctx.signal });
      return { datasets: r.datasets, samples: r.samples, problems: r.problems };
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  if (!source.path) throw new CatalogError(`source ${source.id} has no path`);
  const samples = new Map<string, ColumnSamples>();
  if (source.kind === 'csv') {
    const isDir = statSync(source.path).isDirectory();
    const results = isDir ? (await readCsvFolder(source.path, { sampleSize: deps.sampleSize, signal: ctx.signal })) : { files: [await readCsvFile(source.path, { sampleSize: deps.sampleSize, signal: ctx.signal })], problems: [] };
    for (const f of results.files) samples.set(sampleKey(f.dataset.schema, f.dataset.name), f.samples);
    return { datasets: results.files.map((f) => f.dataset), samples, problems: [...results.problems, ...results.files.flatMap((f) => f.problems)] };
  }
  const paths = statSync(source.path).isDirectory() ? readdirSync(source.path).filter((f) => /\.(sql|ddl)$/i.test(f)).sort().map((f) => `${source.path}/${f}`) : [source.path];
  const datasets: HarvestedDataset[] = [];
  const problems: ReadProblem[] = [];
  for (const [i, p] of paths.entries()) {
    ctx.progress(i, paths.length, p);
    const r = await readDdlFile(p, { dialect: (source.dialect as 'mysql' | 'postgres' | 'oracle' | null) ?? undefined });
    datasets.push(...r.datasets);
    problems.push(...r.problems);
  }
  return { datasets, samples, problems };
}

/** Harvests one registered source and records the outcome on it. */
export async function harvestSource(source: SourceRecord, deps: HarvestDeps, ctx: JobContext): Promise<HarvestOutcome> {
  try {
    const { datasets, samples, problems } = await read(source, deps, ctx);
    ctx.signal.throwIfAborted();
    const previous = await harvestedState(deps.graph, source.id);
    const diff = diffDatasets(previous, datasets);
    const touched = [...diff.added, ...diff.changed].map((d) => ({ schema: d.schema, name: d.name }));
    const summary = await applyHarvest(deps.graph, source.id, datasets, changeRecords(diff), diff.dropped.map((d) => ({ schema: d.schema, name: d.name })), touched);
    const classified = deps.afterWrite ? await deps.afterWrite(source.id, datasets, samples, ctx) : undefined;
    samples.clear();
    await recordHarvestStatus(deps.graph, source.id, problems.length ? `ok with ${problems.length} problems` : 'ok');
    return { sourceId: source.id, ...summary, problems, classified };
  } catch (err) {
    await recordHarvestStatus(deps.graph, source.id, ctx.signal.aborted ? 'cancelled' : `failed: ${(err as Error).message}`).catch(() => undefined);
    throw err;
  }
}
