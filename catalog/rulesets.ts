// Versioned classification rule sets, stored whole as (:RuleSet {version, json, actor, at, change}).
// The newest version is current; the built-in profile is version 1 when none is stored.
import type { Graph } from './graph/port.ts';

export interface StoredRuleSet {
  version: number;
  json: string;
  actor: string;
  at: string;
  change: string;
}

export async function currentRuleSet(graph: Graph): Promise<StoredRuleSet | null> {
  const [r] = await graph.read<{ r: StoredRuleSet }>('MATCH (r:RuleSet) RETURN r ORDER BY r.version DESC LIMIT 1');
  return r?.r ?? null;
}

export async function saveRuleSet(graph: Graph, rs: StoredRuleSet): Promise<void> {
  // The unique key on version refuses a concurrent writer of the same version.
  await graph.write('CREATE (r:RuleSet) SET r = $rs', { rs });
}

export async function ruleSetHistory(graph: Graph, limit = 50): Promise<Omit<StoredRuleSet, 'json'>[]> {
  return graph.read('MATCH (r:RuleSet) RETURN r.version AS version, r.actor AS actor, r.at AS at, r.change AS change ORDER BY r.version DESC LIMIT $limit', { limit });
}
