// The demo fund manager: builds the synthetic estate (demo/), then registers, harvests,
// classifies and annotates it like a data office would, so a first start shows a living catalogue.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Graph } from '../catalog/graph/port.ts';
import { upsertSource, getSource, listSources } from '../catalog/assets.ts';
import { datasetId, columnId } from '../catalog/ids.ts';
import { upsertDepartments, getUser, addUser, setRoles } from '../catalog/users.ts';
import { setOwnership } from '../catalog/ownership.ts';
import { buildDemoEstate, type DemoEstate } from '../demo/index.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../audit/index.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { AuditTrail } from '../schema/context.ts';
import { encryptCredential } from './credentials.ts';
import { startJob } from './jobs.ts';
import { harvestSource } from './harvest.ts';
import { harvestDeps } from './operations.ts';

/** Steps later domains add to the demo (standards, lineage, reconciliations). */
export const demoSteps: ((ctx: { graph: Graph; estate: DemoEstate; config: Config; log: Logger; audit: AuditTrail | null }) => Promise<void>)[] = [];

export async function demoBuilt(graph: Graph): Promise<boolean> {
  return (await graph.read("MATCH (m:Migration {version: 1}) WHERE m.demoBuiltAt IS NOT NULL RETURN m.demoBuiltAt AS at")).length > 0;
}

export async function openDemoDatabase(config: Config): Promise<{ url: string; embedded: EmbeddedPostgres | null }> {
  if (config.demoDatabaseUrl) return { url: config.demoDatabaseUrl, embedded: null };
  const embedded = await startEmbeddedPostgres(join(config.dataDir, 'demo-pg'));
  return { url: embedded.url, embedded };
}

/** The demo's PostgreSQL sources point at the demo database's current address (an embedded one moves port). */
export async function resealDemoSources(graph: Graph, config: Config, url: string): Promise<void> {
  for (const s of await listSources(graph)) {
    if (s.kind === 'postgres' && s.id.startsWith('demo-')) {
      await upsertSource(graph, { id: s.id, name: s.name, system: s.system, kind: s.kind, schemas: s.schemas, path: s.path, dialect: s.dialect, connectionEnc: encryptCredential(config.credentialKey, url) });
    }
  }
}

export async function buildDemo(graph: Graph, config: Config, log: Logger, pgUrl: string, onStep: (s: string) => void = () => undefined, audit: AuditTrail | null = null): Promise<DemoEstate> {
  onStep('building the synthetic estate');
  const estate = await buildDemoEstate({ pgUrl, dir: join(config.dataDir, 'demo'), onProgress: (s) => onStep(`estate: ${s}`) });
  onStep('departments and users');
  await upsertDepartments(graph, estate.departments.map((d) => ({ id: d.id, name: d.name })));
  for (const u of estate.users) {
    const existing = await getUser(graph, u.id);
    if (existing) await setRoles(graph, u.id, { grant: u.roles });
    else await addUser(graph, { id: u.id, name: u.name, roles: u.roles, department: u.departmentId });
    if (u.senior) await graph.write('MATCH (x:User {id: $id}) SET x.senior = true, x.title = $title', { id: u.id, title: u.title });
  }
  onStep('registering sources');
  const sealed = encryptCredential(config.credentialKey, pgUrl);
  for (const s of estate.sources) {
    const id = s.id.startsWith('demo-') ? s.id : `demo-${s.id}`.slice(0, 63);
    await upsertSource(graph, {
      id, name: s.name, system: s.system, kind: s.kind,
      schemas: s.kind === 'postgres' ? [s.schema] : null,
      path: s.kind === 'postgres' ? null : s.path,
      dialect: s.kind === 'ddl' ? s.dialect : null,
      connectionEnc: s.kind === 'postgres' ? sealed : null,
    });
  }
  const sourceIdOf = (id: string) => (id.startsWith('demo-') ? id : `demo-${id}`.slice(0, 63));
  for (const s of estate.sources) {
    onStep(`harvesting ${s.name}`);
    const src = (await getSource(graph, sourceIdOf(s.id)))!;
    const { done } = await startJob(graph, 'harvest', src.id, 'demo', (ctx) => harvestSource(src, harvestDeps(config, graph), ctx), (r) => ({ ...r, problems: r.problems.slice(0, 20) }));
    const job = await done;
    if (job.status !== 'succeeded') log.warn({ source: src.id, message: job.message }, 'demo harvest did not succeed');
  }
  onStep('ownership');
  for (const o of estate.ownership) {
    const sid = sourceIdOf(o.sourceId);
    const [schema, table] = o.dataset.includes('.') ? o.dataset.split('.') : [null, null];
    const dsIds = schema
      ? [datasetId(sid, schema, table!)]
      : (await graph.read<{ id: string }>('MATCH (d:Dataset {sourceId: $sid}) RETURN d.id AS id', { sid })).map((r) => r.id);
    for (const dsId of dsIds) {
      try {
        if (o.owner) await setOwnership(graph, 'Dataset', dsId, 'owner', [o.owner]);
        if (o.custodian) await setOwnership(graph, 'Dataset', dsId, 'custodian', [o.custodian]);
        if (o.reportingChecker) await setOwnership(graph, 'Dataset', dsId, 'reporting_checker', [o.reportingChecker]);
        if (o.consumers.length) await setOwnership(graph, 'Dataset', dsId, 'consumer', o.consumers);
        for (const c of o.columns ?? []) {
          const cid = columnId(dsId, c.column);
          if (c.owner) await setOwnership(graph, 'Column', cid, 'owner', [c.owner]);
          if (c.custodian) await setOwnership(graph, 'Column', cid, 'custodian', [c.custodian]);
          if (c.reportingChecker) await setOwnership(graph, 'Column', cid, 'reporting_checker', [c.reportingChecker]);
          if (c.consumers) await setOwnership(graph, 'Column', cid, 'consumer', c.consumers);
        }
      } catch (err) {
        log.warn({ dataset: dsId, err: (err as Error).message }, 'demo ownership skipped');
      }
    }
  }
  for (const step of demoSteps) await step({ graph, estate, config, log, audit });
  await graph.write('MATCH (m:Migration {version: 1}) SET m.demoBuiltAt = $at', { at: new Date().toISOString() });
  onStep('done');
  return estate;
}

/** On start: build the demo on an empty catalogue (unless FUNDGOV_DEMO=0), and keep its database served. */
export async function demoStartupHook({ config, graph, log, audit }: { config: Config; graph: Graph; log: Logger; audit: { store: AuditTrail } }) {
  const built = await demoBuilt(graph);
  const empty = (await graph.read('MATCH (s:Source) RETURN s.id LIMIT 1')).length === 0;
  const wanted = built || (config.demo && empty);
  if (!wanted) return;
  if (built && !config.demoDatabaseUrl && !existsSync(join(config.dataDir, 'demo-pg'))) return;
  const db = await openDemoDatabase(config);
  try {
    if (!built) {
      log.info('building the demo fund manager (first start on an empty catalogue; FUNDGOV_DEMO=0 skips it)');
      await buildDemo(graph, config, log, db.url, (s) => log.info({ step: s }, 'demo'), audit.store);
    } else await resealDemoSources(graph, config, db.url);
  } catch (err) {
    await db.embedded?.close();
    throw err;
  }
  return { close: async () => { await db.embedded?.close(); } };
}
