// Registers every domain's startup hooks, post-harvest steps and demo steps, once, in one place.
import pg from 'pg';
import { startupHooks } from './serve.ts';
import { demoStartupHook, demoSteps } from './demo.ts';
import { exportsStartupHook } from './exports.ts';
import { lineageStartupHook } from './routes/openlineage.ts';
import { webStartupHook } from './routes/web.ts';
import { traceStartupHook } from './routes/trace.ts';
import { afterHarvestHooks } from './operations.ts';
import { decryptCredential } from './credentials.ts';
import { getSource } from '../catalog/assets.ts';
import { saveStandard, mapColumn, suggestForColumn } from '../catalog/standards.ts';
import { ingestViews, loadDemoLineage, setSourceConnector, type SourceConnector } from '../lineage/index.ts';
import type { Graph } from '../catalog/graph/port.ts';
import type { Config } from './config.ts';

/** Opens a read connection to a registered PostgreSQL source (credentials decrypted only here). */
function sourceConnector(config: Config, graph: Graph): SourceConnector {
  return async (sourceId) => {
    const s = await getSource(graph, sourceId);
    if (!s?.connectionEnc) throw new Error(`source ${sourceId} has no stored PostgreSQL connection`);
    const client = new pg.Client({ connectionString: decryptCredential(config.credentialKey, s.connectionEnc), connectionTimeoutMillis: 5000 });
    await client.connect();
    return client;
  };
}

startupHooks.push(async ({ config, graph }) => {
  setSourceConnector(sourceConnector(config, graph));
  // View definitions harvested from a source become lineage on their own.
  afterHarvestHooks.push(async (sourceId) => { await ingestViews(graph, sourceId); });
});
startupHooks.push(demoStartupHook);
startupHooks.push(lineageStartupHook);
startupHooks.push(exportsStartupHook);
startupHooks.push(traceStartupHook);
startupHooks.push(webStartupHook); // last: '/' is the fallback route

// Demo: the data office's standards, a few columns mapped to them, then the warehouse lineage,
// OpenLineage events and reconciliation checks (one fails on purpose).
demoSteps.push(async ({ graph, estate, log }) => {
  for (const s of estate.standards) {
    await saveStandard(graph, {
      code: s.code, nameZh: s.nameZh, nameEn: s.nameEn, definition: s.definition, dataType: s.dataType, length: s.length, precision: s.precision,
      valueRange: s.valueRange, codeList: s.codeList?.map((c) => ({ code: c.code, label: c.name })) ?? null, defaultCategory: s.categoryPath,
      defaultGrade: s.grade, ownerDepartment: s.ownerDepartmentId, status: s.status,
    }, 'demo').catch((err) => log.warn({ code: s.code, err: (err as Error).message }, 'demo standard skipped'));
  }
  const cols = await graph.read<{ id: string }>("MATCH (c:Column) WHERE c.sourceId STARTS WITH 'demo-src-' RETURN c.id AS id");
  for (const c of cols) {
    const [best] = await suggestForColumn(graph, c.id, 1);
    if (best && best.score >= 0.8) await mapColumn(graph, c.id, best.code, 'demo').catch(() => undefined);
  }
});
demoSteps.push(async ({ graph, estate, config, log, audit }) => {
  const summary = await loadDemoLineage(graph, estate.dir, {
    reconciliations: estate.reconciliations,
    sourceIdOf: (id) => (id.startsWith('demo-') ? id : `demo-${id}`.slice(0, 63)),
    connect: sourceConnector(config, graph),
    audit,
  });
  log.info({ sqlEdges: summary.sqlEdges, viewEdges: summary.viewEdges, openLineageEdges: summary.openLineageEdges, reconciliations: summary.reconciliations, problems: summary.problems.length }, 'demo lineage loaded');
});

// Issue 10: report downloads, the retention escalation sweep, destructions in leak traces.
import { reportsStartupHook } from './reports.ts';
startupHooks.splice(Math.max(0, startupHooks.indexOf(webStartupHook)), 0, reportsStartupHook); // before the web fallback route
