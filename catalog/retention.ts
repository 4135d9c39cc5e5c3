// Retention and destruction of exports. Every export that left the server (its download started)
// must be destroyed when its retention ends: the request's end date plus the grade's retention
// days. The requester confirms the destruction of every copy (how, when, optionally the file's
// hash); for grade 3-4 one of the request's approvers countersigns. Overdue exports escalate to
// governance after a configurable grace period. Settings are versioned data like the access policy.
//   (:Export)-[:DESTROYED_BY]->(:Destruction)
import { randomUUID } from 'node:crypto';
import type { Graph } from './graph/port.ts';
import { approvalsOf, getExport, getRequest, type Actor, type ExportRecord } from './access.ts';

export class RetentionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetentionError';
  }
}

export const DESTRUCTION_METHODS = ['secure_delete', 'overwrite', 'physical_destruction', 'returned_to_owner', 'other'] as const;
export type DestructionMethod = (typeof DESTRUCTION_METHODS)[number];

export interface RetentionRule {
  grade: number;
  /** days after the request's end date that copies may still be kept */
  retentionDays: number;
  /** days after the retention end before an unconfirmed destruction escalates to governance */
  graceDays: number;
}

export interface RetentionPolicy {
  version: number;
  rules: RetentionRule[];
  actor: string | null;
  at: string | null;
}

export const DEFAULT_RETENTION: RetentionRule[] = [
  { grade: 1, retentionDays: 30, graceDays: 14 },
  { grade: 2, retentionDays: 7, graceDays: 7 },
  { grade: 3, retentionDays: 0, graceDays: 3 },
  { grade: 4, retentionDays: 0, graceDays: 1 },
];

export interface DestructionRecord {
  id: string;
  exportId: string;
  requestId: string;
  grade: number;
  method: DestructionMethod;
  /** free text: where the copies were and how each was destroyed */
  description: string;
  /** when the requester says the copies were destroyed */
  destroyedAt: string;
  copies: number;
  fileHash: string | null;
  /** null when no hash was given or the export's hash is unknown */
  hashMatches: boolean | null;
  confirmedBy: string;
  confirmedAt: string;
  countersignRequired: boolean;
  countersignedBy: string | null;
  countersignedAt: string | null;
}

export type RetentionState = 'retained' | 'overdue' | 'escalated' | 'awaiting_countersign' | 'destroyed';

export interface RetentionItem {
  export: ExportRecord;
  grade: number;
  retentionEnd: string;
  escalatesOn: string;
  state: RetentionState;
  daysOverdue: number;
  approvers: string[];
  destruction: DestructionRecord | null;
}

const DAY = 86_400_000;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY));

// ---------- the settings ----------

export function validateRetentionRules(rules: RetentionRule[]): RetentionRule[] {
  if (!Array.isArray(rules) || rules.length !== 4) throw new RetentionError('give exactly one retention rule for each grade 1-4');
  const out = rules.map((r, i) => {
    const where = `rule ${i + 1} (grade ${r.grade})`;
    if (!Number.isInteger(r.grade) || r.grade < 1 || r.grade > 4) throw new RetentionError(`${where}: grade must be 1, 2, 3 or 4`);
    if (!Number.isInteger(r.retentionDays) || r.retentionDays < 0 || r.retentionDays > 3650) throw new RetentionError(`${where}: retentionDays must be a whole number 0-3650`);
    if (!Number.isInteger(r.graceDays) || r.graceDays < 0 || r.graceDays > 365) throw new RetentionError(`${where}: graceDays must be a whole number 0-365`);
    return { grade: r.grade, retentionDays: r.retentionDays, graceDays: r.graceDays };
  }).sort((a, b) => a.grade - b.grade);
  if (new Set(out.map((r) => r.grade)).size !== 4) throw new RetentionError('each grade 1-4 needs exactly one rule');
  for (let g = 1; g < 4; g++) {
    if (out[g].retentionDays > out[g - 1].retentionDays) throw new RetentionError(`grade ${g + 1} data may not be kept longer than grade ${g} data`);
  }
  return out;
}

export async function currentRetentionPolicy(graph: Graph): Promise<RetentionPolicy> {
  const [row] = await graph.read<{ version: number; rules: string; actor: string; at: string }>(
    'MATCH (p:RetentionPolicy) RETURN p.version AS version, p.rules AS rules, p.actor AS actor, p.at AS at ORDER BY p.version DESC LIMIT 1');
  return row ? { version: row.version, rules: JSON.parse(row.rules), actor: row.actor, at: row.at } : { version: 0, rules: DEFAULT_RETENTION, actor: null, at: null };
}

export async function saveRetentionPolicy(graph: Graph, rules: RetentionRule[], actor: string, expectedVersion?: number): Promise<RetentionPolicy> {
  const clean = validateRetentionRules(rules);
  const expected = expectedVersion ?? (await currentRetentionPolicy(graph)).version;
  const rows = await graph.write(`OPTIONAL MATCH (p:RetentionPolicy) WITH coalesce(max(p.version), 0) AS v WHERE v = $expected
    CREATE (n:RetentionPolicy {version: v + 1, rules: $rules, actor: $actor, at: $at}) RETURN n.version AS version`,
  { expected, rules: JSON.stringify(clean), actor, at: new Date().toISOString() });
  if (!rows.length) throw new RetentionError('the retention settings changed meanwhile; reload and edit again');
  return currentRetentionPolicy(graph);
}

// ---------- reading ----------

export async function destructionRecord(graph: Graph, exportId: string): Promise<DestructionRecord | null> {
  const [r] = await graph.read<{ d: DestructionRecord }>('MATCH (d:Destruction {exportId: $id}) RETURN d', { id: exportId });
  return r?.d ?? null;
}

/** For leak tracing: whether, when, how and by whom the export's copies were confirmed destroyed. */
export async function destructionOf(graph: Graph, exportId: string): Promise<{ confirmedAt: string; confirmedBy: string; countersignedBy: string | null; method: string; destroyedAt: string } | null> {
  const d = await destructionRecord(graph, exportId);
  return d ? { confirmedAt: d.confirmedAt, confirmedBy: d.confirmedBy, countersignedBy: d.countersignedBy, method: d.method, destroyedAt: d.destroyedAt } : null;
}

/** Exports whose bytes left the server: only those have copies to destroy. */
const Q_TAKEN = `
MATCH (e:Export) WHERE e.startedAt IS NOT NULL
MATCH (r:AccessRequest {id: e.requestId})
OPTIONAL MATCH (d:Destruction {exportId: e.id})
RETURN e, r.grade AS grade, d ORDER BY e.endDate, e.id`;

/** Every export that left the server, with its retention end and state on `now`. */
export async function retentionItems(graph: Graph, now = new Date()): Promise<RetentionItem[]> {
  const policy = await currentRetentionPolicy(graph);
  const rule = (g: number) => policy.rules.find((r) => r.grade === g) ?? DEFAULT_RETENTION[3];
  const today = dayOf(now);
  const rows = await graph.read<{ e: ExportRecord; grade: number | null; d: DestructionRecord | null }>(Q_TAKEN);
  const items: RetentionItem[] = [];
  for (const { e, grade: g, d } of rows) {
    const grade = g ?? 4;
    const r = rule(grade);
    const retentionEnd = addDays(e.endDate, r.retentionDays);
    const escalatesOn = addDays(retentionEnd, r.graceDays);
    const daysOverdue = Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${retentionEnd}T00:00:00Z`)) / DAY));
    let state: RetentionState;
    if (d) state = d.countersignRequired && !d.countersignedBy ? 'awaiting_countersign' : 'destroyed';
    else if (today < retentionEnd) state = 'retained';
    else state = today >= escalatesOn && today > retentionEnd ? 'escalated' : 'overdue';
    items.push({ export: e, grade, retentionEnd, escalatesOn, state, daysOverdue: d ? 0 : daysOverdue, approvers: [], destruction: d ?? null });
  }
  for (const it of items) it.approvers = await approversOf(graph, it.export.requestId);
  return items;
}

async function approversOf(graph: Graph, requestId: string): Promise<string[]> {
  const req = await getRequest(graph, requestId);
  if (!req) return [];
  const steps = await approvalsOf(graph, requestId, req.revision);
  return [...new Set(steps.filter((s) => s.status === 'approved').flatMap((s) => [s.decidedBy, s.onBehalfOf]).filter((x): x is string => !!x))].sort();
}

/** Overdue and escalated exports, worst first: the governance list. */
export async function overdueDestructions(graph: Graph, now = new Date()): Promise<RetentionItem[]> {
  return (await retentionItems(graph, now)).filter((i) => i.state === 'overdue' || i.state === 'escalated')
    .sort((a, b) => b.daysOverdue - a.daysOverdue || b.grade - a.grade);
}

/** A person's to-do list: their own overdue exports, and as approver the overdue exports and countersignatures of requests they approved. */
export async function destructionTodos(graph: Graph, userId: string, now = new Date()): Promise<{ role: 'requester' | 'approver'; item: RetentionItem }[]> {
  const out: { role: 'requester' | 'approver'; item: RetentionItem }[] = [];
  for (const item of await retentionItems(graph, now)) {
    if (item.export.requester === userId && (item.state === 'overdue' || item.state === 'escalated')) out.push({ role: 'requester', item });
    else if (item.approvers.includes(userId) && item.export.requester !== userId
      && (item.state === 'overdue' || item.state === 'escalated' || item.state === 'awaiting_countersign')) out.push({ role: 'approver', item });
  }
  return out;
}

/** Marks exports that passed their grace period as escalated, once; returns the ones newly escalated (for the audit trail). */
export async function escalateOverdue(graph: Graph, now = new Date()): Promise<RetentionItem[]> {
  const due = (await retentionItems(graph, now)).filter((i) => i.state === 'escalated' && !(i.export as ExportRecord & { retentionEscalatedAt?: string }).retentionEscalatedAt);
  const fresh: RetentionItem[] = [];
  for (const i of due) {
    const rows = await graph.write('MATCH (e:Export {id: $id}) WHERE e.retentionEscalatedAt IS NULL SET e.retentionEscalatedAt = $at RETURN e.id AS id', { id: i.export.id, at: now.toISOString() });
    if (rows.length) fresh.push(i);
  }
  return fresh;
}

// ---------- confirming and countersigning ----------

export interface DestructionInput {
  method: DestructionMethod;
  description: string;
  destroyedAt: string;
  copies?: number | null;
  fileHash?: string | null;
}

/** The requester confirms that every copy of the export was destroyed. Refused for anyone else, or twice. */
export async function confirmDestruction(graph: Graph, exportId: string, actor: Pick<Actor, 'id'>, input: DestructionInput, now = new Date()): Promise<DestructionRecord> {
  const e = await getExport(graph, exportId);
  if (!e) throw new RetentionError(`export ${exportId} does not exist`);
  if (e.requester !== actor.id) throw new RetentionError(`only the requester of export ${exportId} (${e.requester}) may confirm its destruction`);
  if (!e.startedAt) throw new RetentionError(`export ${exportId} was never downloaded (it is ${e.status}); there is no copy to destroy`);
  const prior = await destructionRecord(graph, exportId);
  if (prior) throw new RetentionError(`the destruction of export ${exportId} was already confirmed by ${prior.confirmedBy} at ${prior.confirmedAt}`);
  if (!DESTRUCTION_METHODS.includes(input.method)) throw new RetentionError(`unknown method ${input.method}; use one of ${DESTRUCTION_METHODS.join(', ')}`);
  const description = (input.description ?? '').trim();
  if (description.length < 4) throw new RetentionError('describe where the copies were and how each was destroyed (at least 4 characters)');
  if (description.length > 2000) throw new RetentionError('a description is at most 2,000 characters');
  if (!input.destroyedAt || Number.isNaN(Date.parse(input.destroyedAt))) throw new RetentionError('destroyedAt must be a date or time, e.g. 2026-03-01 or 2026-03-01T17:30:00+08:00');
  const destroyedAt = new Date(input.destroyedAt.length === 10 ? `${input.destroyedAt}T00:00:00Z` : input.destroyedAt).toISOString();
  if (destroyedAt > now.toISOString()) throw new RetentionError('destroyedAt is in the future; confirm a destruction after it happened');
  if (destroyedAt.slice(0, 10) < e.startedAt.slice(0, 10)) throw new RetentionError(`destroyedAt is before the export was downloaded (${e.startedAt}); give the real time`);
  const copies = input.copies ?? 1;
  if (!Number.isInteger(copies) || copies < 1 || copies > 1000) throw new RetentionError('copies must be a whole number 1-1000');
  let fileHash: string | null = null;
  if (input.fileHash) {
    fileHash = input.fileHash.trim().toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(fileHash)) throw new RetentionError('fileHash must be the SHA-256 of the file as 64 hexadecimal digits');
  }
  const req = await getRequest(graph, e.requestId);
  const grade = req?.grade ?? 4;
  const at = now.toISOString();
  const record: DestructionRecord = {
    id: randomUUID(), exportId, requestId: e.requestId, grade, method: input.method, description, destroyedAt, copies, fileHash,
    hashMatches: fileHash && e.fileHash ? fileHash === e.fileHash : null,
    confirmedBy: actor.id, confirmedAt: at, countersignRequired: grade >= 3, countersignedBy: null, countersignedAt: null,
  };
  const won = await graph.transaction(async (tx) => {
    // the export's write lock first, so that of two confirmations exactly one wins
    await tx.run('MATCH (e:Export {id: $id}) SET e.lockedAt = $at', { id: exportId, at });
    const rows = await tx.run<{ id: string }>('MATCH (e:Export {id: $id}) WHERE e.destroyedAt IS NULL SET e.destroyedAt = $at, e.destructionId = $did RETURN e.id AS id', { id: exportId, at, did: record.id });
    if (rows.length !== 1) return false;
    await tx.run('MATCH (e:Export {id: $id}) CREATE (d:Destruction) SET d = $props CREATE (e)-[:DESTROYED_BY]->(d)', { id: exportId, props: record });
    return true;
  });
  if (!won) {
    const again = await destructionRecord(graph, exportId);
    throw new RetentionError(`the destruction of export ${exportId} was already confirmed${again ? ` by ${again.confirmedBy} at ${again.confirmedAt}` : ''}`);
  }
  return (await destructionRecord(graph, exportId))!;
}

/** For grade 3-4: one of the request's approvers (or a governance officer) countersigns the requester's confirmation. */
export async function countersignDestruction(graph: Graph, exportId: string, actor: Pick<Actor, 'id' | 'roles'>, now = new Date()): Promise<DestructionRecord> {
  const d = await destructionRecord(graph, exportId);
  if (!d) throw new RetentionError(`the destruction of export ${exportId} is not confirmed yet; its requester confirms first`);
  if (!d.countersignRequired) throw new RetentionError(`export ${exportId} holds grade ${d.grade} data; its destruction needs no countersignature`);
  if (d.countersignedBy) throw new RetentionError(`the destruction of export ${exportId} was already countersigned by ${d.countersignedBy} at ${d.countersignedAt}`);
  if (actor.id === d.confirmedBy) throw new RetentionError('nobody may countersign their own confirmation');
  const approvers = await approversOf(graph, d.requestId);
  if (!approvers.includes(actor.id) && !actor.roles.includes('governance')) throw new RetentionError(`only an approver of request ${d.requestId} (${approvers.join(', ') || 'none'}) or a governance officer may countersign`);
  const rows = await graph.write('MATCH (d:Destruction {exportId: $id}) WHERE d.countersignedBy IS NULL SET d.countersignedBy = $who, d.countersignedAt = $at RETURN d.id AS id', { id: exportId, who: actor.id, at: now.toISOString() });
  if (!rows.length) throw new RetentionError(`the destruction of export ${exportId} was countersigned meanwhile`);
  return (await destructionRecord(graph, exportId))!;
}

/** Confirmed destructions recorded in [from, to): for audit reports. */
export async function destructionsBetween(graph: Graph, from: string, to: string): Promise<DestructionRecord[]> {
  return (await graph.read<{ d: DestructionRecord }>('MATCH (d:Destruction) WHERE d.confirmedAt >= $from AND d.confirmedAt < $to RETURN d ORDER BY d.confirmedAt', { from, to })).map((r) => r.d);
}
