// Long work (harvest, classification) as (:Job) nodes: status, progress, failure message.
import { randomUUID } from 'node:crypto';
import type { Graph } from './graph/port.ts';

export type JobStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobRecord {
  id: string;
  kind: string;
  target: string;
  actor: string;
  status: JobStatus;
  done: number;
  total: number;
  current: string | null;
  message: string | null;
  result: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export async function createJob(graph: Graph, kind: string, target: string, actor: string): Promise<JobRecord> {
  const job: JobRecord = { id: randomUUID(), kind, target, actor, status: 'running', done: 0, total: 0, current: null, message: null, result: null, startedAt: new Date().toISOString(), finishedAt: null };
  await graph.write('CREATE (j:Job) SET j = $job', { job });
  return job;
}

export async function updateJob(graph: Graph, id: string, patch: Partial<Omit<JobRecord, 'id'>>): Promise<void> {
  await graph.write('MATCH (j:Job {id: $id}) SET j += $patch', { id, patch });
}

export async function getJob(graph: Graph, id: string): Promise<JobRecord | null> {
  const [r] = await graph.read<{ j: JobRecord }>('MATCH (j:Job {id: $id}) RETURN j', { id });
  return r?.j ?? null;
}

export async function listJobs(graph: Graph, limit = 50): Promise<JobRecord[]> {
  return (await graph.read<{ j: JobRecord }>('MATCH (j:Job) RETURN j ORDER BY j.startedAt DESC LIMIT $limit', { limit })).map((r) => r.j);
}

/** Jobs left 'running' by a crash are marked failed at start; a re-run completes their work. */
export async function failOrphanedJobs(graph: Graph): Promise<number> {
  const rows = await graph.write<{ n: number }>("MATCH (j:Job {status: 'running'}) SET j.status = 'failed', j.message = 'the service stopped while this job ran; run it again', j.finishedAt = $at RETURN count(j) AS n", { at: new Date().toISOString() });
  return rows[0]?.n ?? 0;
}
