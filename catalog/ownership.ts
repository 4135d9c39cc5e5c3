// The four ownership roles the industry uses, set on a dataset and inherited by its columns
// unless a column overrides them: owner department (属主), custodian (日常管理保管者),
// external-reporting checker (对外报送核查人, a person), consumers (数据使用者).
import type { Graph } from './graph/port.ts';
import { CatalogError } from './assets.ts';

export const OWNERSHIP_ROLES = ['owner', 'custodian', 'reporting_checker', 'consumer'] as const;
export type OwnershipRole = (typeof OWNERSHIP_ROLES)[number];

export interface Ownership {
  owner: string | null;
  custodian: string | null;
  reportingChecker: string | null;
  consumers: string[];
  /** Where each role came from: the column itself or its dataset. */
  inherited: OwnershipRole[];
}

const Q_CLEAR = {
  Dataset: 'MATCH (a:Dataset {id: $id})-[r:OWNED_BY {role: $role}]->() DELETE r',
  Column: 'MATCH (a:Column {id: $id})-[r:OWNED_BY {role: $role}]->() DELETE r',
};
const Q_SET_DEPT = {
  Dataset: 'MATCH (a:Dataset {id: $id}) UNWIND $parties AS p MATCH (d:Department {id: p}) MERGE (a)-[:OWNED_BY {role: $role}]->(d) RETURN count(d) AS n',
  Column: 'MATCH (a:Column {id: $id}) UNWIND $parties AS p MATCH (d:Department {id: p}) MERGE (a)-[:OWNED_BY {role: $role}]->(d) RETURN count(d) AS n',
};
const Q_SET_USER = {
  Dataset: 'MATCH (a:Dataset {id: $id}) UNWIND $parties AS p MATCH (u:User {id: p}) MERGE (a)-[:OWNED_BY {role: $role}]->(u) RETURN count(u) AS n',
  Column: 'MATCH (a:Column {id: $id}) UNWIND $parties AS p MATCH (u:User {id: p}) MERGE (a)-[:OWNED_BY {role: $role}]->(u) RETURN count(u) AS n',
};

/** Replaces the parties of one role on a dataset or column. An empty list clears the role (a column then inherits). */
export async function setOwnership(graph: Graph, kind: 'Dataset' | 'Column', id: string, role: OwnershipRole, parties: string[]): Promise<Ownership> {
  if (!OWNERSHIP_ROLES.includes(role)) throw new CatalogError(`unknown ownership role ${role}; roles are ${OWNERSHIP_ROLES.join(', ')}`);
  if (role !== 'consumer' && parties.length > 1) throw new CatalogError(`${role} takes one party`);
  const unique = [...new Set(parties)];
  const [exists] = await graph.read(kind === 'Dataset' ? 'MATCH (a:Dataset {id: $id}) RETURN a.id AS id' : 'MATCH (a:Column {id: $id}) RETURN a.id AS id', { id });
  if (!exists) throw new CatalogError(`${kind.toLowerCase()} ${id} does not exist`);
  const userRole = role === 'reporting_checker';
  if (unique.length) {
    const q = userRole ? 'UNWIND $ids AS i MATCH (u:User {id: i}) RETURN u.id AS id' : 'UNWIND $ids AS i MATCH (d:Department {id: i}) RETURN d.id AS id';
    const found = new Set((await graph.read<{ id: string }>(q, { ids: unique })).map((r) => r.id));
    const missing = unique.filter((p) => !found.has(p));
    if (missing.length) throw new CatalogError(`${userRole ? 'user' : 'department'} ${missing.join(', ')} does not exist`);
  }
  await graph.transaction(async (tx) => {
    await tx.run(Q_CLEAR[kind], { id, role });
    if (unique.length) await tx.run((userRole ? Q_SET_USER : Q_SET_DEPT)[kind], { id, role, parties: unique });
  });
  return kind === 'Dataset' ? datasetOwnership(graph, id) : columnOwnership(graph, id);
}

type Edge = { role: OwnershipRole; party: string };

function fold(own: Edge[], inherited: Edge[]): Ownership {
  const pick = (role: OwnershipRole) => {
    const mine = own.filter((e) => e.role === role).map((e) => e.party);
    if (mine.length) return { parties: mine, inherited: false };
    return { parties: inherited.filter((e) => e.role === role).map((e) => e.party), inherited: true };
  };
  const o = pick('owner'), c = pick('custodian'), r = pick('reporting_checker'), u = pick('consumer');
  return {
    owner: o.parties[0] ?? null,
    custodian: c.parties[0] ?? null,
    reportingChecker: r.parties[0] ?? null,
    consumers: u.parties.sort(),
    inherited: ([['owner', o], ['custodian', c], ['reporting_checker', r], ['consumer', u]] as const)
      .filter(([, x]) => x.inherited && x.parties.length).map(([k]) => k),
  };
}

export async function datasetOwnership(graph: Graph, id: string): Promise<Ownership> {
  const edges = await graph.read<Edge>('MATCH (:Dataset {id: $id})-[r:OWNED_BY]->(p) RETURN r.role AS role, p.id AS party', { id });
  return { ...fold(edges, []), inherited: [] };
}

export async function columnOwnership(graph: Graph, id: string): Promise<Ownership> {
  const own = await graph.read<Edge>('MATCH (:Column {id: $id})-[r:OWNED_BY]->(p) RETURN r.role AS role, p.id AS party', { id });
  const inh = await graph.read<Edge>('MATCH (c:Column {id: $id}) MATCH (d:Dataset {id: c.datasetId})-[r:OWNED_BY]->(p) RETURN r.role AS role, p.id AS party', { id });
  return fold(own, inh);
}

export interface OwnershipGap {
  kind: 'Dataset' | 'Column';
  id: string;
  path: string;
  grade: number;
  missing: ('owner' | 'custodian')[];
}

const Q_DATASET_GAPS = `
MATCH (d:Dataset)
WHERE coalesce(d.dropped, false) = false AND d.grade IS NOT NULL
OPTIONAL MATCH (d)-[r:OWNED_BY]->()
WITH d, collect(r.role) AS roles
WHERE NOT 'owner' IN roles OR NOT 'custodian' IN roles
RETURN d.id AS id, d.path AS path, d.grade AS grade, roles`;

const Q_COLUMN_GAPS = `
MATCH (c:Column)
WHERE coalesce(c.dropped, false) = false AND c.grade IS NOT NULL
OPTIONAL MATCH (c)-[r:OWNED_BY]->()
WITH c, collect(r.role) AS own
OPTIONAL MATCH (d:Dataset {id: c.datasetId})-[r2:OWNED_BY]->()
WITH c, own, collect(r2.role) AS inh
WITH c, own + inh AS roles
WHERE NOT 'owner' IN roles OR NOT 'custodian' IN roles
RETURN c.id AS id, c.path AS path, c.grade AS grade, roles`;

/** Graded datasets and columns without an owner or custodian, worst grade first. */
export async function ownershipGaps(graph: Graph, opts: { includeColumns?: boolean } = {}): Promise<OwnershipGap[]> {
  const toGap = (kind: 'Dataset' | 'Column') => (r: { id: string; path: string; grade: number; roles: string[] }): OwnershipGap => ({
    kind, id: r.id, path: r.path, grade: r.grade,
    missing: (['owner', 'custodian'] as const).filter((x) => !r.roles.includes(x)),
  });
  const gaps = (await graph.read<any>(Q_DATASET_GAPS)).map(toGap('Dataset'));
  if (opts.includeColumns !== false) gaps.push(...(await graph.read<any>(Q_COLUMN_GAPS)).map(toGap('Column')));
  return gaps.sort((a, b) => b.grade - a.grade || a.kind.localeCompare(b.kind) || a.path.localeCompare(b.path));
}
