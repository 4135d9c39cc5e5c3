// Generated reports as (:Report) nodes: what was generated, for whom, its watermark id, its
// file's hash, and its single-use download link (only the hash of the token is kept).
import { createHash, randomBytes } from 'node:crypto';
import type { Graph } from '../catalog/graph/port.ts';
import { ReportError } from './scope.ts';

export type ReportKind = 'inventory' | 'audit';
export type ReportFormat = 'xlsx' | 'pdf';
export type ReportStatus = 'generating' | 'ready' | 'downloaded' | 'failed' | 'expired';

export interface ReportRecord {
  id: string;
  kind: ReportKind;
  format: ReportFormat;
  /** inventory: the scope text; audit: from/to */
  scope: string;
  actor: string;
  status: ReportStatus;
  jobId: string | null;
  createdAt: string;
  finishedAt: string | null;
  rows: number | null;
  bytes: number | null;
  fileHash: string | null;
  watermarkId: string;
  tokenHash: string | null;
  linkExpiresAt: string | null;
  downloadedAt: string | null;
  error: string | null;
}

export const hashToken = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');

export async function createReport(graph: Graph, r: Pick<ReportRecord, 'id' | 'kind' | 'format' | 'scope' | 'actor'>, now = new Date()): Promise<ReportRecord> {
  const rec: ReportRecord = { ...r, status: 'generating', jobId: null, createdAt: now.toISOString(), finishedAt: null, rows: null, bytes: null, fileHash: null, watermarkId: r.id, tokenHash: null, linkExpiresAt: null, downloadedAt: null, error: null };
  await graph.write('CREATE (r:Report) SET r = $props', { props: rec });
  return rec;
}

export async function updateReport(graph: Graph, id: string, patch: Partial<ReportRecord>): Promise<void> {
  await graph.write('MATCH (r:Report {id: $id}) SET r += $patch', { id, patch });
}

export async function getReport(graph: Graph, id: string): Promise<ReportRecord | null> {
  const [r] = await graph.read<{ r: ReportRecord }>('MATCH (r:Report {id: $id}) RETURN r', { id });
  return r?.r ?? null;
}

export async function listReports(graph: Graph, actor: string | null, limit = 100): Promise<ReportRecord[]> {
  const rows = actor
    ? await graph.read<{ r: ReportRecord }>('MATCH (r:Report {actor: $actor}) RETURN r ORDER BY r.createdAt DESC LIMIT $limit', { actor, limit })
    : await graph.read<{ r: ReportRecord }>('MATCH (r:Report) RETURN r ORDER BY r.createdAt DESC LIMIT $limit', { limit });
  return rows.map((x) => x.r);
}

/** A single-use link for the person who generated the report. */
export async function issueReportLink(graph: Graph, id: string, actor: string, now = new Date(), ttlMs = 3_600_000): Promise<{ token: string; expiresAt: string }> {
  const r = await getReport(graph, id);
  if (!r) throw new ReportError(`report ${id} does not exist`);
  if (r.actor !== actor) throw new ReportError('only the person who generated a report may download it');
  if (r.status !== 'ready') throw new ReportError(`report ${id} is ${r.status}; a link is given once the report is ready and until it is downloaded`);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await graph.write("MATCH (r:Report {id: $id}) WHERE r.status = 'ready' SET r.tokenHash = $h, r.linkExpiresAt = $exp", { id, h: hashToken(token), exp: expiresAt });
  return { token, expiresAt };
}

/** Claims the report for download: its generator, the current token, once. */
export async function claimReport(graph: Graph, id: string, userId: string, token: string, now = new Date()): Promise<{ ok: true; report: ReportRecord } | { ok: false; status: 403 | 404 | 410; message: string }> {
  const r = await getReport(graph, id);
  if (!r) return { ok: false, status: 404, message: `report ${id} does not exist` };
  if (r.actor !== userId) return { ok: false, status: 403, message: 'this link belongs to another user' };
  if (r.status !== 'ready') return { ok: false, status: 410, message: `this report is ${r.status}: a link works once` };
  if (!r.tokenHash || hashToken(token) !== r.tokenHash) return { ok: false, status: 403, message: 'this link is not valid (a newer link may have replaced it)' };
  if (!r.linkExpiresAt || r.linkExpiresAt <= now.toISOString()) return { ok: false, status: 410, message: 'this link has expired; ask for a new one' };
  const rows = await graph.write("MATCH (r:Report {id: $id}) WHERE r.status = 'ready' AND r.tokenHash = $h SET r.status = 'downloaded', r.downloadedAt = $at, r.tokenHash = null RETURN r.id AS id", { id, h: r.tokenHash, at: now.toISOString() });
  if (!rows.length) return { ok: false, status: 410, message: 'this report is already downloaded: a link works once' };
  return { ok: true, report: (await getReport(graph, id))! };
}

/** Gives a claimed report back (nothing left the server). */
export async function releaseReport(graph: Graph, id: string, token: string): Promise<void> {
  await graph.write("MATCH (r:Report {id: $id}) WHERE r.status = 'downloaded' SET r.status = 'ready', r.tokenHash = $h, r.downloadedAt = null", { id, h: hashToken(token) });
}
