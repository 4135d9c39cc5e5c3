// Composition root of the running service: stores, app, graceful shutdown.
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import { createApp, type RouteHandler } from './app.ts';
import { createLogger, type Logger } from './logger.ts';
import { openAudit, openCatalogGraph, removeRunNote, writeRunNote, liveService } from './services.ts';
import type { Graph } from '../catalog/graph/port.ts';
import type { AuditHandle } from './services.ts';
import { createOperations } from './operations.ts';
import { SearchIndexKeeper } from './search-index.ts';
import { failOrphanedJobs } from '../catalog/jobs.ts';

export interface RunningService {
  url: string;
  port: number;
  graph: Graph;
  audit: AuditHandle;
  log: Logger;
  close(): Promise<void>;
}

export type StartupHook = (ctx: { config: Config; graph: Graph; audit: AuditHandle; log: Logger }) => Promise<{ routes?: Record<string, RouteHandler>; close?: () => Promise<void> } | void>;

/** Hooks later domains register: demo build on first start, extra routes. */
export const startupHooks: StartupHook[] = [];

export async function startService(config: Config, opts: { log?: Logger } = {}): Promise<RunningService> {
  const log = opts.log ?? createLogger(config.logLevel);
  const other = liveService(config);
  if (other && other.pid !== process.pid) {
    throw new Error(`another fundgov service (pid ${other.pid}, port ${other.port}) is running on ${config.dataDir}`);
  }
  const graph = await openCatalogGraph(config);
  let audit: AuditHandle;
  try {
    audit = await openAudit(config);
  } catch (err) {
    await graph.close();
    throw err;
  }
  const routes: Record<string, RouteHandler> = {};
  const closers: (() => Promise<void>)[] = [];
  try {
    await failOrphanedJobs(graph);
    for (const hook of startupHooks) {
      const out = await hook({ config, graph, audit, log });
      if (out?.routes) Object.assign(routes, out.routes);
      if (out?.close) closers.push(out.close);
    }
  } catch (err) {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    await audit.close();
    await graph.close();
    throw err;
  }
  const search = new SearchIndexKeeper(graph, log);
  await search.rebuild();
  closers.push(async () => search.stop());
  const { server } = createApp({ config, services: { graph, audit: audit.store, ops: createOperations(config, graph, log, search) }, log, routes });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  writeRunNote(config, { pid: process.pid, port, auditUrl: audit.embedded ? audit.url : null, startedAt: new Date().toISOString() });
  log.info({ port, graph: graph.engine, audit: audit.embedded ? 'pglite' : 'postgresql', dataDir: config.dataDir }, 'fundgov is listening');

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      // Stop accepting, let running requests finish, then close the stores.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      });
      removeRunNote(config);
      for (const c of closers.reverse()) await c().catch((e) => log.error({ err: (e as Error).message }, 'close failed'));
      await audit.close();
      await graph.close();
      log.info('fundgov stopped');
    })();
    return closing;
  };
  return { url: `http://127.0.0.1:${port}`, port, graph, audit, log, close };
}
