// A pool of export worker threads (server/export-worker.ts). A CSV export from PostgreSQL reads
// COPY text in blocks on the request's thread and hands each block to a worker, which parses,
// masks, watermarks and encodes it; the bytes come back in order. The request's thread only
// moves bytes, hashes and writes them, so an export uses every core the pool has. Workers are
// started with the service and shared by all exports; one export's blocks go round the pool.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { nativeAddonPath, nativeCsv } from '../native/index.ts';
import { ownedBytes, type CsvExportSpec } from './export-csv.ts';

export type ToWorker =
  | { type: 'open'; session: number; spec: CsvExportSpec }
  | { type: 'end'; session: number }
  | { type: 'block'; id: number; session: number; block: Uint8Array };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; id: number; bytes: Uint8Array; rows: number }
  | { type: 'error'; id: number; message: string };

export interface ConvertedBlock { bytes: Buffer; rows: number }

/** One export's use of the pool. */
export interface ExportSession {
  /** Parses, masks, marks and encodes one block in some worker. */
  convert(block: Buffer): Promise<ConvertedBlock>;
  /** Frees the export's state (memos, marker) in every worker. */
  end(): void;
}

export interface ExportPool {
  readonly size: number;
  open(spec: CsvExportSpec): ExportSession;
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, { resolve: (r: ConvertedBlock) => void; reject: (e: Error) => void }>;
  sessions: Set<number>;
}

let source: Promise<string> | null = null;

/**
 * The worker's code as one CommonJS script, bundled from export-worker.ts by esbuild when the
 * first pool starts (tens of milliseconds), so it is always the code of this checkout. A plain
 * script needs no TypeScript loader in the worker: a worker that loads tsx itself costs a
 * loader thread and ~30 MB more, this one ~9 MB. Packages stay outside the bundle and are
 * required from this folder.
 */
function workerSource(): Promise<string> {
  source ??= (async () => {
    const entry = fileURLToPath(new URL('./export-worker.ts', import.meta.url));
    const esbuild = await import('esbuild');
    try {
      const out = await esbuild.build({
        entryPoints: [entry], bundle: true, format: 'cjs', platform: 'node', target: 'node20', packages: 'external', write: false, logLevel: 'silent',
      });
      return `(function (require) {\n${out.outputFiles[0]!.text}\n})(require('node:module').createRequire(${JSON.stringify(entry)}));`;
    } finally {
      await esbuild.stop();
    }
  })();
  source.catch(() => { source = null; });
  return source;
}

/** Starts `size` workers (at least 1) and waits until each has loaded its code. */
export async function startExportPool(size: number): Promise<ExportPool> {
  let closed = false;
  let nextId = 1;
  let nextSession = 1;
  let turn = 0;
  const slots: Slot[] = [];

  const code = await workerSource();
  const spawn = (index: number): Slot => {
    // the native converter, when built, is loaded by each worker from where this thread found it
    const worker = new Worker(code, { eval: true, stdout: false, stderr: false, workerData: { nativeAddon: nativeCsv() ? nativeAddonPath() : null } });
    worker.unref();
    const slot: Slot = { worker, ready: Promise.resolve(), pending: new Map(), sessions: new Set() };
    let started = false;
    slot.ready = new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => {
        reject(err);
        for (const p of slot.pending.values()) p.reject(err);
        slot.pending.clear();
        // a worker that died is replaced, so one bad export cannot take the pool down (one
        // that never started is not: its code would fail again)
        if (started && !closed && slots[index] === slot) slots[index] = spawn(index);
      };
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') { started = true; return resolve(); }
        const p = slot.pending.get(m.id);
        if (!p) return;
        slot.pending.delete(m.id);
        if (m.type === 'done') p.resolve({ bytes: Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength), rows: m.rows });
        else p.reject(new Error(m.message));
      });
      worker.on('error', (err) => fail(err instanceof Error ? err : new Error(String(err))));
      worker.on('exit', (code) => { if (!closed) fail(new Error(`an export worker stopped (exit code ${code})`)); });
    });
    slot.ready.catch(() => undefined);
    return slot;
  };

  for (let i = 0; i < Math.max(1, size); i++) slots.push(spawn(i));
  await Promise.all(slots.map((s) => s.ready));

  return {
    size: slots.length,
    open(spec) {
      if (closed) throw new Error('the export pool is closed');
      const session = nextSession++;
      const used = new Set<Slot>();
      return {
        convert(block) {
          const slot = slots[turn++ % slots.length]!;
          if (!slot.sessions.has(session)) {
            slot.sessions.add(session);
            used.add(slot);
            slot.worker.postMessage({ type: 'open', session, spec } satisfies ToWorker);
          }
          const id = nextId++;
          // the block's memory goes to the worker
          const data = ownedBytes(block);
          return new Promise<ConvertedBlock>((resolve, reject) => {
            slot.pending.set(id, { resolve, reject });
            slot.worker.postMessage({ type: 'block', id, session, block: data } satisfies ToWorker, [data.buffer as ArrayBuffer]);
          });
        },
        end() {
          for (const slot of used) {
            slot.sessions.delete(session);
            slot.worker.postMessage({ type: 'end', session } satisfies ToWorker);
          }
        },
      };
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
