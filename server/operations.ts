// The operations resolvers may start (harvest jobs, credential sealing, path checks),
// composed here so that schema/ never imports server/.
import { existsSync, realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Graph } from '../catalog/graph/port.ts';
import { CatalogError, getSource } from '../catalog/assets.ts';
import type { Operations } from '../schema/context.ts';
import type { Config } from './config.ts';
import { encryptCredential } from './credentials.ts';
import { cancelJob, startJob } from './jobs.ts';
import { harvestSource, type HarvestDeps } from './harvest.ts';
import type { Logger } from './logger.ts';
import { classifyHarvest } from './classification.ts';
import { rescoreSource } from '../catalog/standards.ts';
import { traceLeak } from './trace.ts';
import { SearchIndexKeeper } from './search-index.ts';
import { startReportJob } from './reports.ts';

export type AfterHarvest = HarvestDeps['afterWrite'];

/** Hooks later domains add to run after each harvest write (classification, search index, lineage of views). */
export const afterHarvestHooks: NonNullable<AfterHarvest>[] = [];

export function harvestDeps(config: Config, graph: Graph, search?: SearchIndexKeeper): HarvestDeps {
  return {
    graph,
    credentialKey: config.credentialKey,
    sampleSize: config.sampleSize,
    afterWrite: async (sourceId, datasets, samples, ctx) => {
      const classified = await classifyHarvest(graph, sourceId, datasets, samples, ctx);
      await rescoreSource(graph, sourceId);
      for (const hook of afterHarvestHooks) await hook(sourceId, datasets, samples, ctx);
      await search?.refreshSource(sourceId);
      return classified;
    },
  };
}

export function checkSourcePath(config: Config, path: string): string {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new CatalogError(`path ${path} does not exist on the server`);
  const real = realpathSync(abs);
  const ok = config.sourceRoots.some((root) => {
    const r = existsSync(root) ? realpathSync(root) : root;
    return real === r || real.startsWith(r + sep);
  });
  if (!ok) throw new CatalogError(`path ${path} is outside the folders sources may be registered from (FUNDGOV_SOURCE_ROOTS)`);
  return real;
}

export function createOperations(config: Config, graph: Graph, log: Logger, search: SearchIndexKeeper = new SearchIndexKeeper(graph, log)): Operations {
  return {
    async startHarvest(sourceId, actor) {
      const source = await getSource(graph, sourceId);
      if (!source) throw new CatalogError(`source ${sourceId} does not exist`);
      const { job, done } = await startJob(graph, 'harvest', sourceId, actor, (ctx) => harvestSource(source, harvestDeps(config, graph, search), ctx), (r) => ({ ...r, problems: r.problems.slice(0, 50) }));
      done.then((j) => log.info({ jobId: j.id, status: j.status, sourceId }, 'harvest finished'), () => undefined);
      return { jobId: job.id };
    },
    cancelJob,
    sealCredential: (plain) => encryptCredential(config.credentialKey, plain),
    checkSourcePath: (p) => checkSourcePath(config, p),
    traceLeak: (input, opts) => traceLeak(graph, config, input, opts),
    search: (query, opts) => search.current.search(query, opts),
    catalogChanged: () => search.touch(),
    startReport: (spec, actor, audit) => startReportJob({ config, graph, audit, log }, spec, actor),
  };
}
