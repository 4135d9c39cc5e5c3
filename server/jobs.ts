// Runs long work as a job: progress written to the graph (throttled), cancel through an
// AbortSignal, a clear failure message.
import type { Graph } from '../catalog/graph/port.ts';
import { createJob, updateJob, type JobRecord } from '../catalog/jobs.ts';

export interface JobContext {
  signal: AbortSignal;
  progress(done: number, total: number, current?: string | null): void;
}

const running = new Map<string, AbortController>();

export function cancelJob(id: string): boolean {
  const c = running.get(id);
  if (!c) return false;
  c.abort(new Error('cancelled'));
  return true;
}

/** Starts `work` as a job; resolves with the job record at once, `done` when it finishes. */
export async function startJob<T>(graph: Graph, kind: string, target: string, actor: string, work: (ctx: JobContext) => Promise<T>, summarise: (r: T) => unknown = (r) => r): Promise<{ job: JobRecord; done: Promise<JobRecord> }> {
  const job = await createJob(graph, kind, target, actor);
  const controller = new AbortController();
  running.set(job.id, controller);
  let last = 0;
  let pending: Promise<void> = Promise.resolve();
  const ctx: JobContext = {
    signal: controller.signal,
    progress(done, total, current = null) {
      const now = Date.now();
      if (now - last < 250 && done < total) return;
      last = now;
      pending = pending.then(() => updateJob(graph, job.id, { done, total, current })).catch(() => undefined);
    },
  };
  const done = (async () => {
    let patch: Partial<JobRecord>;
    try {
      const r = await work(ctx);
      patch = { status: 'succeeded', result: JSON.stringify(summarise(r)) };
    } catch (err) {
      patch = controller.signal.aborted
        ? { status: 'cancelled', message: 'cancelled; nothing of this run was kept — run it again to complete it' }
        : { status: 'failed', message: (err as Error).message };
    } finally {
      running.delete(job.id);
    }
    await pending;
    patch.finishedAt = new Date().toISOString();
    await updateJob(graph, job.id, patch);
    return { ...job, ...patch } as JobRecord;
  })();
  return { job, done };
}
