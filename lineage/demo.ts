// Lineage of the demo fund manager, after its sources are harvested: the warehouse ETL SQL
// (<dir>/etl/*.sql), the views of its PostgreSQL sources, its OpenLineage events
// (<dir>/openlineage/*.json) and its reconciliation checks (from <dir>/demo.json).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Graph } from '../catalog/graph/port.ts';
import type { LineageProblem } from './parse/index.ts';
import { ingestSql, ingestViews } from './store.ts';
import { ingestRunEventText } from './openlineage-intake.ts';
import { defineReconciliation, runReconciliation, type AuditSink, type ReconciliationResult, type SourceConnector } from './reconcile.ts';

/** The shape of a reconciliation in the demo estate (demo.json). */
export interface DemoReconciliationDef {
  id: string;
  name: string;
  description?: string;
  left: { sourceId: string; schema: string; table: string; column: string; agg: string };
  right: { sourceId: string; schema: string; table: string; column: string; agg: string };
  groupBy: [string, string][];
  tolerance: number;
}

export interface DemoLineageSummary {
  etlFiles: number;
  sqlEdges: number;
  viewEdges: number;
  openLineageEvents: number;
  openLineageEdges: number;
  reconciliations: number;
  results: Pick<ReconciliationResult, 'checkId' | 'ok' | 'failingCount' | 'error'>[];
  problems: LineageProblem[];
}

export interface DemoLineageOptions {
  actor?: string;
  /** Defaults to the `reconciliations` of <dir>/demo.json. */
  reconciliations?: DemoReconciliationDef[];
  /** Sources whose harvested views become lineage; default every postgres source in the catalogue. */
  viewSources?: string[];
  /** When given, each check runs once so that results (one failing) are there on first start. */
  connect?: SourceConnector | null;
  audit?: AuditSink | null;
  /** The catalogue's id of a demo source id (e.g. src-ta → demo-src-ta); a source not found is left out and the table found by schema.table. */
  sourceIdOf?: (demoSourceId: string) => string;
}

async function filesIn(dir: string, ext: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith(ext)).sort().map((f) => join(dir, f));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Loads the demo's lineage; safe to run again (everything is idempotent). */
export async function loadDemoLineage(graph: Graph, estateDir: string, opts: DemoLineageOptions = {}): Promise<DemoLineageSummary> {
  const actor = opts.actor ?? 'demo';
  const out: DemoLineageSummary = { etlFiles: 0, sqlEdges: 0, viewEdges: 0, openLineageEvents: 0, openLineageEdges: 0, reconciliations: 0, results: [], problems: [] };
  for (const path of await filesIn(join(estateDir, 'etl'), '.sql')) {
    const r = await ingestSql(graph, await readFile(path, 'utf8'), { dialect: 'postgres', file: `etl/${path.split('/').pop()}`, actor });
    out.etlFiles++;
    out.sqlEdges += r.edges;
    out.problems.push(...r.problems);
  }
  const viewSources = opts.viewSources
    ?? (await graph.read<{ id: string }>("MATCH (s:Source) WHERE s.kind = 'postgres' RETURN s.id AS id ORDER BY s.id")).map((s) => s.id);
  for (const id of viewSources) {
    const r = await ingestViews(graph, id, { actor });
    out.viewEdges += r.edges;
    out.problems.push(...r.problems);
  }
  for (const path of await filesIn(join(estateDir, 'openlineage'), '.json')) {
    const r = await ingestRunEventText(graph, await readFile(path, 'utf8'), { actor });
    out.openLineageEvents++;
    out.openLineageEdges += r.edges;
  }
  let recs = opts.reconciliations;
  if (!recs) {
    try {
      recs = (JSON.parse(await readFile(join(estateDir, 'demo.json'), 'utf8')).reconciliations ?? []) as DemoReconciliationDef[];
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      recs = [];
    }
  }
  const known = new Set((await graph.read<{ id: string }>('MATCH (s:Source) RETURN s.id AS id')).map((s) => s.id));
  const side = (x: DemoReconciliationDef['left']) => {
    const id = opts.sourceIdOf ? opts.sourceIdOf(x.sourceId) : x.sourceId;
    return { ...x, sourceId: known.has(id) ? id : null };
  };
  for (const r of recs) {
    await defineReconciliation(graph, { id: r.id, name: r.name, description: r.description ?? null, left: side(r.left), right: side(r.right), groupBy: r.groupBy, tolerance: r.tolerance }, actor);
    out.reconciliations++;
    if (opts.connect) {
      const res = await runReconciliation(graph, r.id, { connect: opts.connect, actor, audit: opts.audit ?? null });
      out.results.push({ checkId: res.checkId, ok: res.ok, failingCount: res.failingCount, error: res.error });
    }
  }
  return out;
}
