// Parallel chain verification: each worker thread reads seq ranges over its own connection and checks
// them with checkChainRows; the caller links the ranges together in order.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { canonicalValue, checkChainRows, type RowsCheck } from './chain.ts';

export interface RangeResult {
  /** prev_hash of the range's first row (null for an empty range). */
  firstPrev: string | null;
  check: RowsCheck;
}

export interface RangeRunner {
  run(sql: string, lo: number): Promise<RangeResult>;
  close(): Promise<void>;
}

interface WorkerReply {
  id: number;
  firstPrev?: string | null;
  check?: RowsCheck;
  error?: { message: string; code?: string };
}

/**
 * The worker is plain JavaScript built from the source of the two pure functions it needs, so that
 * it runs wherever this module runs (tsx, a build, or type stripping) without a loader in the worker.
 */
function workerSource(): string {
  return `'use strict';
var __name = function (f) { return f; };
const { parentPort, workerData } = require('node:worker_threads');
const { createHmac, createSecretKey } = require('node:crypto');
const pg = require(workerData.pgPath);
${canonicalValue.toString()}
${checkChainRows.toString()}
const key = createSecretKey(Buffer.from(workerData.key));
const detailsMemo = new Map();
const client = new pg.Client(workerData.clientConfig);
client.on('error', function () {});
const types = { getTypeParser: function () { return function (v) { return v; }; } };
const ready = client.connect();
ready.catch(function () {});
parentPort.on('message', function (job) {
  if (job === 'stop') {
    ready.then(function () { return client.end(); }).catch(function () {}).then(function () { parentPort.close(); });
    return;
  }
  ready.then(function () { return client.query({ text: job.sql, rowMode: 'array', types: types }); }).then(function (res) {
    const rows = res.rows;
    const first = rows.length > 0 ? rows[0][10] : null;
    parentPort.postMessage({ id: job.id, firstPrev: first, check: checkChainRows(rows, job.lo, first === null ? '' : first, key, createHmac, detailsMemo) });
  }, function (err) {
    parentPort.postMessage({ id: job.id, error: { message: String((err && err.message) || err), code: err && err.code } });
  });
});
`;
}

/** Starts `count` workers, each with one connection; jobs go to the least busy one. */
export function startVerifyWorkers(count: number, key: Buffer, clientConfig: Record<string, unknown>): RangeRunner {
  const pgPath = createRequire(import.meta.url).resolve('pg');
  const source = workerSource();
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: RangeResult) => void; reject: (e: Error) => void }>();
  const load: number[] = [];
  let failure: Error | null = null;
  const fail = (err: Error) => {
    failure ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const workers = Array.from({ length: count }, (_, i) => {
    load.push(0);
    const w = new Worker(source, { eval: true, workerData: { pgPath, key: new Uint8Array(key), clientConfig } });
    w.on('message', (m: WorkerReply) => {
      load[i]! -= 1;
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error) {
        const err = new Error(m.error.message) as Error & { code?: string };
        if (m.error.code) err.code = m.error.code;
        p.reject(err);
      } else {
        p.resolve({ firstPrev: m.firstPrev ?? null, check: m.check! });
      }
    });
    w.on('error', (err) => fail(err as Error));
    w.on('exit', (code) => { if (code !== 0) fail(new Error(`audit verify worker exited with code ${code}`)); });
    return w;
  });
  return {
    run(sql, lo) {
      if (failure) return Promise.reject(failure);
      let best = 0;
      for (let i = 1; i < load.length; i++) if (load[i]! < load[best]!) best = i;
      load[best]! += 1;
      const id = nextId++;
      return new Promise<RangeResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        workers[best]!.postMessage({ id, sql, lo });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
        const timer = setTimeout(() => { void w.terminate().then(() => resolve()); }, 2000);
        w.once('exit', () => { clearTimeout(timer); resolve(); });
        w.postMessage('stop');
      })));
    },
  };
}
