// Retirement and destruction of source data: a steward records that a dataset or column was
// retired (taken out of use) or destroyed (its values erased). For grade 3-4 the owner
// department's approver approves first. The asset stays in the catalogue, marked, with its
// history; the downstream impact from lineage is kept with the record.
//   (:Retirement)-[:RETIRES]->(:Dataset|:Column)
import { randomUUID } from 'node:crypto';
import type { Graph } from './graph/port.ts';
import { columnOwnership, datasetOwnership } from './ownership.ts';
import type { Actor } from './access.ts';

export class RetirementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetirementError';
  }
}

export type RetirementAction = 'retired' | 'destroyed';
export type RetirementStatus = 'pending_owner' | 'approved' | 'rejected';

export interface RetirementRecord {
  id: string;
  assetKind: 'Dataset' | 'Column';
  assetId: string;
  assetPath: string;
  sourceId: string;
  action: RetirementAction;
  reason: string;
  method: string | null;
  grade: number;
  ownerDepartment: string | null;
  status: RetirementStatus;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  /** the columns the record covers */
  columnIds: string[];
  /** JSON: downstream columns, datasets, reconciliations and exports affected (from lineage) */
  impact: string;
}

export interface ImpactSummary {
  columns: { id: string; path: string; grade: number | null; depth: number }[];
  datasets: { id: string; path: string; columns: number }[];
  reconciliations: string[];
  exports: string[];
  truncated: boolean;
}

/** Lineage impact, injected so that catalog/ does not import lineage/. */
export type ImpactOf = (columnId: string) => Promise<{
  columns: { id: string; path: string; grade: number | null; depth: number; datasetId: string }[];
  datasets: { id: string; path: string; columns: number }[];
  reconciliations: { id: string }[];
  exports: string[];
  truncated: boolean;
}>;

async function assetOf(graph: Graph, kind: 'Dataset' | 'Column', id: string) {
  const q = kind === 'Dataset'
    ? 'MATCH (a:Dataset {id: $id}) RETURN a.id AS id, a.path AS path, a.sourceId AS sourceId, a.grade AS grade, coalesce(a.retired, false) AS retired, a.destroyedAt AS destroyedAt'
    : 'MATCH (a:Column {id: $id}) RETURN a.id AS id, a.path AS path, a.sourceId AS sourceId, a.grade AS grade, coalesce(a.retired, false) AS retired, a.destroyedAt AS destroyedAt';
  const [a] = await graph.read<{ id: string; path: string; sourceId: string; grade: number | null; retired: boolean; destroyedAt: string | null }>(q, { id });
  return a ?? null;
}

/** A steward records a retirement or destruction. Grade 1-2 takes effect at once; grade 3-4 waits for the owner. */
export async function recordRetirement(graph: Graph, actor: Pick<Actor, 'id'>, input: { kind: 'Dataset' | 'Column'; id: string; action: RetirementAction; reason: string; method?: string | null }, impactOf: ImpactOf, now = new Date()): Promise<RetirementRecord> {
  if (input.kind !== 'Dataset' && input.kind !== 'Column') throw new RetirementError('kind is Dataset or Column');
  if (input.action !== 'retired' && input.action !== 'destroyed') throw new RetirementError('action is retired or destroyed');
  const reason = (input.reason ?? '').trim();
  if (reason.length < 4) throw new RetirementError('give the reason (at least 4 characters), e.g. the retention period under the archive rules has ended');
  if (reason.length > 2000) throw new RetirementError('a reason is at most 2,000 characters');
  const method = input.method?.trim() || null;
  if (input.action === 'destroyed' && !method) throw new RetirementError('say how the data was destroyed (method), e.g. DROP TABLE and purge of backups');
  const asset = await assetOf(graph, input.kind, input.id);
  if (!asset) throw new RetirementError(`${input.kind.toLowerCase()} ${input.id} does not exist`);
  if (asset.destroyedAt) throw new RetirementError(`${asset.path} is already recorded as destroyed`);
  if (asset.retired && input.action === 'retired') throw new RetirementError(`${asset.path} is already retired`);
  const [open] = await graph.read("MATCH (r:Retirement {assetId: $id}) WHERE r.status = 'pending_owner' RETURN r.id AS id", { id: input.id });
  if (open) throw new RetirementError(`a retirement of ${asset.path} already waits for its owner's approval`);
  const columns = input.kind === 'Dataset'
    ? await graph.read<{ id: string; grade: number | null }>('MATCH (c:Column {datasetId: $id}) WHERE coalesce(c.dropped, false) = false RETURN c.id AS id, c.grade AS grade', { id: input.id })
    : [{ id: asset.id, grade: asset.grade }];
  const grade = Math.max(asset.grade ?? 0, ...columns.map((c) => c.grade ?? 4), 1);
  const owner = (input.kind === 'Dataset' ? await datasetOwnership(graph, input.id) : await columnOwnership(graph, input.id)).owner;
  if (grade >= 3 && !owner) throw new RetirementError(`${asset.path} holds grade ${grade} data and has no owner department to approve its ${input.action === 'retired' ? 'retirement' : 'destruction'}; set its owner first`);
  const impact = await combinedImpact(columns.map((c) => c.id), new Set(columns.map((c) => c.id)), impactOf);
  const at = now.toISOString();
  const record: RetirementRecord = {
    id: randomUUID(), assetKind: input.kind, assetId: asset.id, assetPath: asset.path, sourceId: asset.sourceId, action: input.action, reason, method,
    grade, ownerDepartment: owner, status: grade >= 3 ? 'pending_owner' : 'approved', requestedBy: actor.id, requestedAt: at,
    decidedBy: grade >= 3 ? null : actor.id, decidedAt: grade >= 3 ? null : at, decisionReason: grade >= 3 ? null : 'grade 1-2: no owner approval needed',
    columnIds: columns.map((c) => c.id), impact: JSON.stringify(impact),
  };
  await graph.transaction(async (tx) => {
    await tx.run('CREATE (r:Retirement) SET r = $props', { props: record });
    await tx.run(input.kind === 'Dataset'
      ? 'MATCH (r:Retirement {id: $id}) MATCH (a:Dataset {id: $aid}) MERGE (r)-[:RETIRES]->(a)'
      : 'MATCH (r:Retirement {id: $id}) MATCH (a:Column {id: $aid}) MERGE (r)-[:RETIRES]->(a)', { id: record.id, aid: asset.id });
  });
  if (record.status === 'approved') await applyRetirement(graph, record, at);
  return (await getRetirement(graph, record.id))!;
}

async function combinedImpact(ids: string[], self: Set<string>, impactOf: ImpactOf): Promise<ImpactSummary> {
  const cols = new Map<string, ImpactSummary['columns'][number] & { datasetId: string }>();
  const datasets = new Map<string, { id: string; path: string; columns: number }>();
  const recs = new Set<string>();
  const exps = new Set<string>();
  let truncated = false;
  for (const id of ids) {
    const i = await impactOf(id);
    truncated ||= i.truncated;
    for (const c of i.columns) if (!self.has(c.id) && (!cols.has(c.id) || cols.get(c.id)!.depth > c.depth)) cols.set(c.id, { id: c.id, path: c.path, grade: c.grade, depth: c.depth, datasetId: c.datasetId });
    for (const d of i.datasets) if (!datasets.has(d.id)) datasets.set(d.id, { id: d.id, path: d.path, columns: 0 });
    for (const r of i.reconciliations) recs.add(r.id);
    for (const e of i.exports) exps.add(e);
  }
  for (const c of cols.values()) { const d = datasets.get(c.datasetId); if (d) d.columns++; }
  return {
    columns: [...cols.values()].map(({ datasetId: _d, ...c }) => c).sort((a, b) => a.depth - b.depth || a.path.localeCompare(b.path)),
    datasets: [...datasets.values()].filter((d) => d.columns > 0).sort((a, b) => a.path.localeCompare(b.path)),
    reconciliations: [...recs].sort(), exports: [...exps].sort(), truncated,
  };
}

async function applyRetirement(graph: Graph, r: RetirementRecord, at: string): Promise<void> {
  const destroyed = r.action === 'destroyed' ? at : null;
  await graph.transaction(async (tx) => {
    await tx.run('UNWIND $ids AS i MATCH (c:Column {id: i}) SET c.retired = true, c.retiredAt = coalesce(c.retiredAt, $at), c.destroyedAt = coalesce($destroyed, c.destroyedAt), c.retirementId = $rid',
      { ids: r.columnIds, at, destroyed, rid: r.id });
    if (r.assetKind === 'Dataset') {
      await tx.run('MATCH (d:Dataset {id: $id}) SET d.retired = true, d.retiredAt = coalesce(d.retiredAt, $at), d.destroyedAt = coalesce($destroyed, d.destroyedAt), d.retirementId = $rid', { id: r.assetId, at, destroyed, rid: r.id });
    }
  });
}

/** The owner department's approver approves or rejects a grade 3-4 retirement; the steward who asked cannot. */
export async function decideRetirement(graph: Graph, id: string, actor: Actor, approve: boolean, reason: string | null, now = new Date()): Promise<RetirementRecord> {
  const r = await getRetirement(graph, id);
  if (!r) throw new RetirementError(`retirement ${id} does not exist`);
  if (r.status !== 'pending_owner') throw new RetirementError(`retirement ${id} is already ${r.status} by ${r.decidedBy}`);
  if (actor.id === r.requestedBy) throw new RetirementError('nobody may approve their own retirement record');
  if (!actor.roles.includes('approver') || actor.department !== r.ownerDepartment) throw new RetirementError(`this needs an approver of the owner department ${r.ownerDepartment}`);
  const why = reason?.trim() || null;
  if (!approve && (!why || why.length < 3)) throw new RetirementError('give the reason for rejecting (at least 3 characters)');
  const at = now.toISOString();
  const rows = await graph.write("MATCH (r:Retirement {id: $id}) WHERE r.status = 'pending_owner' SET r.status = $status, r.decidedBy = $who, r.decidedAt = $at, r.decisionReason = $why RETURN r.id AS id",
    { id, status: approve ? 'approved' : 'rejected', who: actor.id, at, why });
  if (!rows.length) throw new RetirementError(`retirement ${id} was decided meanwhile; reload it`);
  const done = (await getRetirement(graph, id))!;
  if (approve) await applyRetirement(graph, done, at);
  return done;
}

export async function getRetirement(graph: Graph, id: string): Promise<RetirementRecord | null> {
  const [r] = await graph.read<{ r: RetirementRecord }>('MATCH (r:Retirement {id: $id}) RETURN r', { id });
  return r?.r ?? null;
}

/** The history: every record for an asset (or all, newest first), including those of its columns when a dataset is named. */
export async function listRetirements(graph: Graph, opts: { assetId?: string | null; status?: RetirementStatus | null; from?: string | null; to?: string | null; limit?: number } = {}): Promise<RetirementRecord[]> {
  const limit = Math.min(Math.max(opts.limit ?? 200, 1), 10_000);
  const rows = await graph.read<{ r: RetirementRecord }>(`MATCH (r:Retirement) WHERE r.requestedAt >= $from AND r.requestedAt < $to
    RETURN r ORDER BY r.requestedAt DESC`, { from: opts.from ?? '0000', to: opts.to ?? '9999' });
  return rows.map((x) => x.r)
    .filter((r) => !opts.assetId || r.assetId === opts.assetId || r.columnIds.includes(opts.assetId) || r.assetId.startsWith(`${opts.assetId}/`))
    .filter((r) => !opts.status || r.status === opts.status)
    .slice(0, limit);
}
