// Transfers of graded data outside the firm (对外报送 / 对外提供): to a regulator, custodian bank,
// distributor, auditor or vendor, with the legal basis, the recipient, the channel, the columns
// and grades involved, the reporting checker (对外报送核查人) who signed it off, and the
// watermarked export it was made from, where there is one.
//   (:Transfer)-[:INCLUDES]->(:Column), (:Transfer)-[:COPY_OF]->(:Export)
import { randomUUID } from 'node:crypto';
import type { Graph } from './graph/port.ts';
import { getExport } from './access.ts';
import { columnOwnership } from './ownership.ts';

export class TransferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransferError';
  }
}

export const RECIPIENT_KINDS = ['regulator', 'custodian', 'distributor', 'auditor', 'vendor', 'other'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

export interface TransferInput {
  recipientKind: RecipientKind;
  recipient: string;
  legalBasis: string;
  channel: string;
  columnIds: string[];
  checker?: string | null;
  exportId?: string | null;
  purpose?: string | null;
  /** when the data went out; defaults to now */
  transferredAt?: string | null;
}

export interface TransferColumn { id: string; path: string; grade: number | null; categoryId: string | null }

export interface TransferRecord {
  id: string;
  recipientKind: RecipientKind;
  recipient: string;
  legalBasis: string;
  channel: string;
  purpose: string | null;
  columnIds: string[];
  /** JSON of TransferColumn[] as they were graded when the transfer was registered */
  columns: string;
  grade: number;
  checker: string | null;
  /** whether the checker is the designated reporting checker of every column involved */
  checkerDesignated: boolean;
  exportId: string | null;
  registeredBy: string;
  transferredAt: string;
  recordedAt: string;
}

const text = (v: string | null | undefined, what: string, min: number, max: number): string => {
  const t = (v ?? '').trim();
  if (t.length < min) throw new TransferError(`${what} is required (at least ${min} characters)`);
  if (t.length > max) throw new TransferError(`${what} is at most ${max} characters`);
  return t;
};

/** Registers a transfer. Grade 3-4 data without a named checker, or with no legal basis, is refused. */
export async function registerTransfer(graph: Graph, actor: string, input: TransferInput, now = new Date()): Promise<TransferRecord> {
  if (!RECIPIENT_KINDS.includes(input.recipientKind)) throw new TransferError(`unknown recipient kind ${input.recipientKind}; use one of ${RECIPIENT_KINDS.join(', ')}`);
  const recipient = text(input.recipient, 'the recipient', 2, 200);
  const legalBasis = text(input.legalBasis, 'the legal basis (the regulation, contract or agreement that allows the transfer)', 4, 1000);
  const channel = text(input.channel, 'the channel (e.g. 监管报送系统, 加密邮件, SFTP)', 2, 200);
  const purpose = input.purpose?.trim() ? text(input.purpose, 'the purpose', 2, 1000) : null;
  const ids = [...new Set(input.columnIds ?? [])];
  if (!ids.length) throw new TransferError('name the columns transferred (at least one)');
  if (ids.length > 5000) throw new TransferError('a transfer names at most 5,000 columns');
  const cols = await graph.read<TransferColumn>('UNWIND $ids AS i MATCH (c:Column {id: i}) RETURN c.id AS id, c.path AS path, c.grade AS grade, c.categoryId AS categoryId', { ids });
  const missing = ids.filter((i) => !cols.some((c) => c.id === i));
  if (missing.length) throw new TransferError(`column ${missing.slice(0, 3).join(', ')} is not in the catalogue`);
  const grade = Math.max(...cols.map((c) => c.grade ?? 4));
  const checker = input.checker?.trim() || null;
  if (grade >= 3 && !checker) throw new TransferError(`the transfer holds grade ${grade} data; name the reporting checker (对外报送核查人) who signed it off`);
  let checkerDesignated = false;
  if (checker) {
    const [u] = await graph.read('MATCH (u:User {id: $id}) RETURN u.id AS id', { id: checker });
    if (!u) throw new TransferError(`checker ${checker} is not a user`);
    if (grade >= 3 && checker === actor) throw new TransferError('the reporting checker must be someone other than the person registering the transfer');
    checkerDesignated = true;
    for (const c of cols) if ((await columnOwnership(graph, c.id)).reportingChecker !== checker) { checkerDesignated = false; break; }
  }
  const exportId = input.exportId?.trim() || null;
  if (exportId) {
    const e = await getExport(graph, exportId);
    if (!e) throw new TransferError(`export ${exportId} does not exist`);
    if (!e.startedAt) throw new TransferError(`export ${exportId} was never downloaded; name the export the transferred copy was made from`);
  }
  let transferredAt = now.toISOString();
  if (input.transferredAt) {
    if (Number.isNaN(Date.parse(input.transferredAt))) throw new TransferError('transferredAt must be a date or time, e.g. 2026-03-31');
    transferredAt = new Date(input.transferredAt.length === 10 ? `${input.transferredAt}T00:00:00Z` : input.transferredAt).toISOString();
    if (transferredAt > now.toISOString()) throw new TransferError('transferredAt is in the future; register a transfer when it is made');
  }
  const record: TransferRecord = {
    id: randomUUID(), recipientKind: input.recipientKind, recipient, legalBasis, channel, purpose, columnIds: ids,
    columns: JSON.stringify(ids.map((i) => cols.find((c) => c.id === i)!)), grade, checker, checkerDesignated, exportId,
    registeredBy: actor, transferredAt, recordedAt: now.toISOString(),
  };
  await graph.transaction(async (tx) => {
    await tx.run('CREATE (t:Transfer) SET t = $props', { props: record });
    await tx.run('MATCH (t:Transfer {id: $id}) UNWIND $ids AS cid MATCH (c:Column {id: cid}) MERGE (t)-[:INCLUDES]->(c)', { id: record.id, ids });
    if (exportId) await tx.run('MATCH (t:Transfer {id: $id}) MATCH (e:Export {id: $eid}) MERGE (t)-[:COPY_OF]->(e)', { id: record.id, eid: exportId });
  });
  return (await getTransfer(graph, record.id))!;
}

export async function getTransfer(graph: Graph, id: string): Promise<TransferRecord | null> {
  const [r] = await graph.read<{ t: TransferRecord }>('MATCH (t:Transfer {id: $id}) RETURN t', { id });
  return r?.t ?? null;
}

/** Transfers recorded in [from, to), newest first. */
export async function listTransfers(graph: Graph, opts: { from?: string | null; to?: string | null; limit?: number } = {}): Promise<TransferRecord[]> {
  const limit = Math.min(Math.max(opts.limit ?? 200, 1), 10_000);
  const rows = await graph.read<{ t: TransferRecord }>(`MATCH (t:Transfer) WHERE t.recordedAt >= $from AND t.recordedAt < $to RETURN t ORDER BY t.recordedAt DESC LIMIT $limit`,
    { from: opts.from ?? '0000', to: opts.to ?? '9999', limit });
  return rows.map((r) => r.t);
}
