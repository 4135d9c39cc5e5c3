// Startup of the stores: the catalogue graph (Grafeo embedded or Neo4j) and the audit trail
// (PGlite embedded or PostgreSQL). A running service leaves a note in $FUNDGOV_DATA_DIR/run
// so that CLI commands can reach its embedded stores instead of fighting over their locks.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openGraph, type Graph } from '../catalog/graph/index.ts';
import { migrate } from '../catalog/migrations.ts';
import { ensureAdmin } from '../catalog/users.ts';
import { AuditStore, startEmbeddedPostgres, type EmbeddedPostgres } from '../audit/index.ts';
import type { Config } from './config.ts';

export interface RunNote { pid: number; port: number; auditUrl: string | null; startedAt: string }

const runNotePath = (config: Config) => join(config.dataDir, 'run', 'service.json');

/** The note of a live service on this data directory, or null. */
export function liveService(config: Config): RunNote | null {
  const p = runNotePath(config);
  if (!existsSync(p)) return null;
  try {
    const note = JSON.parse(readFileSync(p, 'utf8')) as RunNote;
    process.kill(note.pid, 0);
    return note;
  } catch {
    return null;
  }
}

export function writeRunNote(config: Config, note: RunNote): void {
  mkdirSync(join(config.dataDir, 'run'), { recursive: true });
  writeFileSync(runNotePath(config), JSON.stringify(note), { mode: 0o600 });
}

export function removeRunNote(config: Config): void {
  rmSync(runNotePath(config), { force: true });
}

export async function openCatalogGraph(config: Config): Promise<Graph> {
  const graph = await openGraph(config.graph);
  await migrate(graph);
  await ensureAdmin(graph);
  return graph;
}

export interface AuditHandle {
  store: AuditStore;
  embedded: EmbeddedPostgres | null;
  url: string;
  close(): Promise<void>;
}

/** Opens the audit trail: DATABASE_URL, a running service's embedded store, or our own PGlite. */
export async function openAudit(config: Config, opts: { viaService?: boolean } = {}): Promise<AuditHandle> {
  let embedded: EmbeddedPostgres | null = null;
  let url = config.databaseUrl;
  if (!url && opts.viaService) url = liveService(config)?.auditUrl ?? null;
  if (!url) {
    embedded = await startEmbeddedPostgres(join(config.dataDir, 'audit'));
    url = embedded.url;
  }
  let store: AuditStore;
  try {
    store = await AuditStore.open({ connectionString: url, key: config.auditKey, poolSize: embedded || !config.databaseUrl ? 1 : 10 });
  } catch (err) {
    await embedded?.close();
    throw err;
  }
  return {
    store, embedded, url,
    async close() {
      await store.close();
      await embedded?.close();
    },
  };
}
