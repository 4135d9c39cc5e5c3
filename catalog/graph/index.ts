import type { Graph } from './port.ts';
import { GrafeoGraph } from './grafeo.ts';
import { Neo4jGraph } from './neo4j.ts';

export * from './port.ts';
export { GrafeoGraph } from './grafeo.ts';

export type GraphConfig = { kind: 'grafeo'; path: string | null } | { kind: 'neo4j'; url: string; user: string; password: string };

/** Opens the configured engine: Neo4j when GRAPH_URL is set, embedded Grafeo otherwise. */
export async function openGraph(cfg: GraphConfig): Promise<Graph> {
  return cfg.kind === 'neo4j' ? Neo4jGraph.open(cfg.url, cfg.user, cfg.password) : GrafeoGraph.open(cfg.path);
}
