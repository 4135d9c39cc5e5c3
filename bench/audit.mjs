// Audit trail throughput: sustained appends/s with 8 concurrent writers on PostgreSQL and on PGlite,
// and chain verification speed over 1,000,000 events (details repeating 1,000 ways, as
// audit details do, and details that never repeat). Prints one JSON line; progress on stderr.
//   node bench/audit.mjs            (TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
//   AUDIT_BENCH_EVENTS=200000 AUDIT_BENCH_SECONDS=3 node bench/audit.mjs
import { register } from 'tsx/esm/api';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

register();
const { AuditStore, startEmbeddedPostgres } = await import('../audit/index.ts');
const { GENESIS_HASH, eventHash, fastCanonicalEvent } = await import('../audit/chain.ts');

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const VERIFY_EVENTS = Number(process.env.AUDIT_BENCH_EVENTS ?? 1_000_000);
const PGLITE_VERIFY_EVENTS = Number(process.env.AUDIT_BENCH_PGLITE_EVENTS ?? 100_000);
const SECONDS = Number(process.env.AUDIT_BENCH_SECONDS ?? 5);
const WRITERS = 8;
const TARGET_APPENDS = 2000;
const TARGET_VERIFY = 200_000;
const log = (m) => process.stderr.write(`[bench/audit] ${m}\n`);

async function admin(connectionString, text) {
  const c = new pg.Client({ connectionString });
  await c.connect();
  try { return await c.query(text); } finally { await c.end(); }
}

/** 8 writers append as fast as each append resolves, for `seconds`; returns committed appends/s. */
async function sustainedAppends(store, seconds) {
  let count = 0;
  let running = true;
  const started = performance.now();
  const stopAt = started + seconds * 1000;
  await Promise.all(Array.from({ length: WRITERS }, async (_, w) => {
    let i = 0;
    while (running) {
      await store.append({ actor: `writer-${w}`, action: 'dataset.read', target: `dataset:ds${i % 97}`, grade: (i % 4) + 1,
        requestId: `req-${w}-${i}`, outcome: 'ok', details: { rows: i, purpose: 'bench', fields: ['id_no', 'name'] } });
      count += 1;
      i += 1;
      if (performance.now() >= stopAt) running = false;
    }
  }));
  return count / ((performance.now() - started) / 1000);
}

/** Writes a valid chain of n events straight into the table (multi-row INSERT, 10,000 per statement). */
async function bulkChain(connectionString, schema, key, n, uniqueDetails = false) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const t0 = Date.parse('2024-01-01T00:00:00.000Z');
  let prev = GENESIS_HASH;
  try {
    for (let start = 1; start <= n; start += 10_000) {
      const cols = Array.from({ length: 12 }, () => []);
      for (let seq = start; seq < Math.min(start + 10_000, n + 1); seq++) {
        const e = { seq, at: new Date(t0 + seq * 7).toISOString(), actor: `user-${seq % 211}`, action: seq % 5 ? 'dataset.read' : 'export.download',
          target: `column:ta.customer.c${seq % 50}`, grade: (seq % 4) + 1, request_id: seq % 3 ? null : `req-${seq}`,
          export_id: seq % 5 ? null : `exp-${seq}`, outcome: seq % 17 ? 'ok' : 'denied', details: { rows: uniqueDetails ? seq : seq % 1000, purpose: '月度报送', ip: '10.0.0.1' } };
        const hash = eventHash(key, prev, fastCanonicalEvent(e));
        const row = [String(seq), e.at, e.actor, e.action, e.target, e.grade, e.request_id, e.export_id, e.outcome, JSON.stringify(e.details), prev, hash];
        for (let i = 0; i < 12; i++) cols[i].push(row[i]);
        prev = hash;
      }
      await client.query(`INSERT INTO "${schema}".audit_event (seq, at, actor, action, target, grade, request_id, export_id, outcome, details, prev_hash, hash)
        SELECT * FROM unnest($1::int8[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::int2[], $7::text[], $8::text[], $9::text[], $10::jsonb[], $11::text[], $12::text[])`, cols);
      if ((start - 1) % 100_000 === 0) log(`  inserted ${start - 1 + cols[0].length} / ${n}`);
    }
  } finally {
    await client.end();
  }
}

async function timedVerify(store, n) {
  const started = performance.now();
  const v = await store.verify();
  const seconds = (performance.now() - started) / 1000;
  if (!v.ok || v.checked !== n) throw new Error(`verify did not pass over the bench chain: ${JSON.stringify(v)}`);
  return { events: n, seconds: +seconds.toFixed(2), events_per_s: Math.round(n / seconds) };
}

const os = await import('node:os');
// Other processes on the machine skew every figure; the load average is recorded beside them.
const result = { bench: 'audit', writers: WRITERS, seconds_per_run: SECONDS, cpus: os.availableParallelism(), loadavg_start: os.loadavg().map((x) => +x.toFixed(2)) };
const key = randomBytes(32);

// PostgreSQL
{
  const schema = `audit_bench_${process.pid}`;
  const batched = `${schema}_b`;
  const single = `${schema}_s`;
  const verifySchema = `${schema}_v`;
  try {
    log(`PostgreSQL ${url}: ${WRITERS} writers for ${SECONDS}s with group commit`);
    let store = await AuditStore.open({ connectionString: url, key, schema: batched });
    const groupCommit = await sustainedAppends(store, SECONDS);
    const v = await store.verify();
    if (!v.ok) throw new Error('chain broken after the append bench: ' + v.reason);
    await store.close();
    log(`PostgreSQL: ${WRITERS} writers for ${SECONDS}s, one transaction per event (reference)`);
    store = await AuditStore.open({ connectionString: url, key, schema: single, maxBatch: 1 });
    const perEvent = await sustainedAppends(store, SECONDS);
    await store.close();
    log(`PostgreSQL: writing a valid chain of ${VERIFY_EVENTS} events, then verifying it`);
    store = await AuditStore.open({ connectionString: url, key, schema: verifySchema });
    await bulkChain(url, verifySchema, key, VERIFY_EVENTS);
    await admin(url, `VACUUM ANALYZE "${verifySchema}".audit_event`);
    // a trail is verified long after it was written: flush the bulk load first, so that the
    // server's background writes of it do not share the two cores with the verification
    await admin(url, 'CHECKPOINT').catch(() => log('  (CHECKPOINT refused: not a superuser; figures include background writes)'));
    const verify = await timedVerify(store, VERIFY_EVENTS);
    await store.close();
    // the same, with details that never repeat (verify memoises repeated details)
    log(`PostgreSQL: a chain of ${VERIFY_EVENTS} events whose details never repeat, then verifying it`);
    await admin(url, `DROP SCHEMA "${verifySchema}" CASCADE`);
    store = await AuditStore.open({ connectionString: url, key, schema: verifySchema });
    await bulkChain(url, verifySchema, key, VERIFY_EVENTS, true);
    await admin(url, `VACUUM ANALYZE "${verifySchema}".audit_event`);
    // a trail is verified long after it was written: flush the bulk load first, so that the
    // server's background writes of it do not share the two cores with the verification
    await admin(url, 'CHECKPOINT').catch(() => log('  (CHECKPOINT refused: not a superuser; figures include background writes)'));
    const verifyUnique = await timedVerify(store, VERIFY_EVENTS);
    await store.close();
    result.postgres = {
      appends_per_s: Math.round(groupCommit),
      appends_per_s_one_tx_per_event: Math.round(perEvent),
      verify,
      verify_unique_details: verifyUnique,
    };
  } finally {
    for (const s of [batched, single, verifySchema]) await admin(url, `DROP SCHEMA IF EXISTS "${s}" CASCADE`).catch(() => {});
  }
}

// PGlite behind its socket
{
  const dir = mkdtempSync(join(tmpdir(), 'fundgov-audit-bench-'));
  try {
    log('PGlite: creating the embedded database');
    const embedded = await startEmbeddedPostgres(join(dir, 'audit'));
    try {
      log(`PGlite: ${WRITERS} writers for ${SECONDS}s with group commit`);
      let store = await AuditStore.open({ connectionString: embedded.url, key, schema: 'appends' });
      const groupCommit = await sustainedAppends(store, SECONDS);
      await store.close();
      log(`PGlite: writing a valid chain of ${PGLITE_VERIFY_EVENTS} events, then verifying it`);
      store = await AuditStore.open({ connectionString: embedded.url, key, schema: 'verify' });
      await bulkChain(embedded.url, 'verify', key, PGLITE_VERIFY_EVENTS);
      const verify = await timedVerify(store, PGLITE_VERIFY_EVENTS);
      await store.close();
      result.pglite = { appends_per_s: Math.round(groupCommit), verify };
    } finally {
      await embedded.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

result.loadavg_end = os.loadavg().map((x) => +x.toFixed(2));
result.targets = { postgres_appends_per_s: TARGET_APPENDS, verify_events_per_s: TARGET_VERIFY };
result.meets_targets = {
  postgres_appends: result.postgres.appends_per_s >= TARGET_APPENDS,
  postgres_verify: result.postgres.verify.events_per_s >= TARGET_VERIFY,
};
process.stdout.write(JSON.stringify(result) + '\n');
