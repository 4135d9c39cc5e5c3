// The audit store contract, run against real PostgreSQL and against PGlite behind its socket.
import { test as nodeTest, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { AuditStore, AuditEventError, type AuditStoreOptions } from '../../audit/index.ts';

export interface Backend {
  /** Connection string of the database under test. */
  url(): string;
  /** Why the suite cannot run here, or false. */
  skip: string | false;
}

let counter = 0;
function freshSchema(): string {
  counter += 1;
  return `audit_t_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

/** Runs SQL outside the store, as a database administrator would (simple protocol only). */
export async function sql(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** A store in a new schema, dropped again when the test ends. */
async function withStore(
  backend: Backend,
  t: { after(fn: () => Promise<void>): void },
  options: Partial<AuditStoreOptions> = {},
): Promise<{ store: AuditStore; schema: string; key: Buffer; table: string }> {
  const schema = freshSchema();
  const key = options.key ?? randomBytes(32);
  const store = await AuditStore.open({ connectionString: backend.url(), key, schema, ...options });
  t.after(async () => {
    await store.close();
    await sql(backend.url(), `DROP SCHEMA "${schema}" CASCADE`);
  });
  return { store, schema, key, table: `"${schema}".audit_event` };
}

async function appendN(store: AuditStore, n: number, actor = 'alice'): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await store.append({ actor, action: 'dataset.read', target: `dataset:d${i}`, grade: (i % 4) + 1, outcome: 'ok', details: { i } });
  }
}

/** Runs a statement with the append-only trigger switched off, as a superuser tampering would. */
async function tamper(url: string, table: string, statement: string): Promise<void> {
  await sql(url, `BEGIN; ALTER TABLE ${table} DISABLE TRIGGER ALL; ${statement}; ALTER TABLE ${table} ENABLE ALWAYS TRIGGER audit_event_append_only; COMMIT`);
}

export function auditStoreSuite(name: string, backend: Backend): void {
  const test = (title: string, fn: (t: TestContext) => Promise<void>) => nodeTest(title, { skip: backend.skip }, fn);
  test(`${name}: append returns gapless seqs and linked hashes; verify and head agree`, async (t) => {
    const { store } = await withStore(backend, t);
    assert.equal(await store.head(), null);
    assert.deepEqual(await store.verify(), { ok: true, checked: 0, brokenAt: null, head: null });
    const a = await store.append({ actor: 'alice', action: 'access.request', target: 'column:ta.customer.id_no', grade: 4, requestId: 'req-1', outcome: 'ok', details: { purpose: '月度报送' } });
    const b = await store.append({ actor: 'bob', action: 'access.approve', requestId: 'req-1', outcome: 'denied' });
    const c = await store.append({ actor: 'carol', action: 'export.download', exportId: 'exp-9', grade: 3, outcome: 'error', details: { bytes: 0 } });
    assert.deepEqual([a.seq, b.seq, c.seq], [1, 2, 3]);
    assert.match(a.hash, /^[0-9a-f]{64}$/);
    assert.match(a.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(await store.head(), { seq: 3, hash: c.hash, at: c.at });
    const page = await store.list({ order: 'asc' });
    assert.deepEqual(page.events.map((e) => e.prevHash), ['0'.repeat(64), a.hash, b.hash]);
    assert.deepEqual(page.events[0], {
      seq: 1, at: a.at, actor: 'alice', action: 'access.request', target: 'column:ta.customer.id_no', grade: 4,
      requestId: 'req-1', exportId: null, outcome: 'ok', details: { purpose: '月度报送' }, prevHash: '0'.repeat(64), hash: a.hash,
    });
    const progress: number[] = [];
    assert.deepEqual(await store.verify({ onProgress: (n) => progress.push(n) }), { ok: true, checked: 3, brokenAt: null, head: { seq: 3, hash: c.hash } });
    assert.deepEqual(progress, [3]);
  });

  test(`${name}: 8 concurrent writers x 500 events make one unbroken chain of 4,000`, async (t) => {
    const { store, table } = await withStore(backend, t);
    const results = await Promise.all(Array.from({ length: 8 }, async (_, w) => {
      const mine = [];
      for (let i = 0; i < 500; i++) mine.push(await store.append({ actor: `writer-${w}`, action: 'catalog.update', outcome: 'ok', details: { i } }));
      return mine;
    }));
    const seqs = results.flat().map((r) => r.seq).sort((x, y) => x - y);
    assert.deepEqual(seqs, Array.from({ length: 4000 }, (_, i) => i + 1));
    for (const mine of results) {
      for (let i = 1; i < mine.length; i++) assert.ok(mine[i]!.seq > mine[i - 1]!.seq, 'one writer\'s events keep their order');
    }
    const v = await store.verify({ pageSize: 1000 });
    assert.deepEqual({ ok: v.ok, checked: v.checked, brokenAt: v.brokenAt }, { ok: true, checked: 4000, brokenAt: null });
    const counts = (await sql(backend.url(), `SELECT count(*)::int AS n, count(DISTINCT prev_hash)::int AS p, max(seq)::int AS m FROM ${table}`)).rows[0];
    assert.deepEqual(counts, { n: 4000, p: 4000, m: 4000 });
  });

  test(`${name}: two stores on one schema (two service instances) still write one chain`, async (t) => {
    const { store, schema, key } = await withStore(backend, t);
    const other = await AuditStore.open({ connectionString: backend.url(), key, schema });
    t.after(() => other.close());
    await Promise.all([appendN(store, 150, 'one'), appendN(other, 150, 'two'), appendN(store, 100, 'three')]);
    const v = await other.verify();
    assert.equal(v.ok, true, v.reason ?? "chain broken");
    assert.equal(v.checked, 400);
  });

  test(`${name}: the database refuses UPDATE, DELETE and TRUNCATE, even for a superuser in replica mode`, async (t) => {
    const { store, table } = await withStore(backend, t);
    await appendN(store, 3);
    const url = backend.url();
    await assert.rejects(sql(url, `UPDATE ${table} SET actor = 'mallory' WHERE seq = 2`), /append-only: UPDATE/);
    await assert.rejects(sql(url, `UPDATE ${table} SET actor = 'mallory' WHERE false`), /append-only: UPDATE/);
    await assert.rejects(sql(url, `DELETE FROM ${table} WHERE seq = 3`), /append-only: DELETE/);
    await assert.rejects(sql(url, `TRUNCATE ${table}`), /append-only: TRUNCATE/);
    await assert.rejects(sql(url, `SET session_replication_role = replica; DELETE FROM ${table}`), /append-only: DELETE/);
    await sql(url, 'SET session_replication_role = origin');
    const rows = (await sql(url, `SELECT seq::int, actor FROM ${table} ORDER BY seq`)).rows;
    assert.deepEqual(rows, [{ seq: 1, actor: 'alice' }, { seq: 2, actor: 'alice' }, { seq: 3, actor: 'alice' }]);
    assert.equal((await store.verify()).ok, true);
  });

  test(`${name}: an edited row is named by verify`, async (t) => {
    const { store, table } = await withStore(backend, t);
    await appendN(store, 20);
    await tamper(backend.url(), table, `UPDATE ${table} SET details = '{"i": 999}' WHERE seq = 13`);
    const v = await store.verify({ pageSize: 5 });
    assert.deepEqual({ ok: v.ok, checked: v.checked, brokenAt: v.brokenAt }, { ok: false, checked: 12, brokenAt: 13 });
    assert.match(v.reason!, /event 13 does not match its hash/);
  });

  test(`${name}: an edited time, grade or outcome is named by verify`, async (t) => {
    const { store, table } = await withStore(backend, t);
    await appendN(store, 6);
    await tamper(backend.url(), table, `UPDATE ${table} SET at = at + interval '1 microsecond' WHERE seq = 6`);
    assert.equal((await store.verify()).brokenAt, 6);
    await tamper(backend.url(), table, `UPDATE ${table} SET at = at + interval '1 millisecond' WHERE seq = 5`);
    assert.equal((await store.verify()).brokenAt, 5);
    await tamper(backend.url(), table, `UPDATE ${table} SET outcome = 'denied' WHERE seq = 4`);
    assert.equal((await store.verify()).brokenAt, 4);
    await tamper(backend.url(), table, `UPDATE ${table} SET grade = NULL WHERE seq = 2`);
    assert.equal((await store.verify()).brokenAt, 2);
  });

  test(`${name}: verify over parallel seq ranges names the same first break as verify in one thread`, async (t) => {
    const { store, schema, key, table } = await withStore(backend, t, { verifyWorkers: 2 });
    const single = await AuditStore.open({ connectionString: backend.url(), key, schema, verifyWorkers: 0 });
    t.after(() => single.close());
    await appendN(store, 40);
    const both = async (pageSize: number) => {
      const [a, b] = [await store.verify({ pageSize }), await single.verify({ pageSize })];
      assert.deepEqual(a, b);
      return a;
    };
    assert.deepEqual(await both(5), { ok: true, checked: 40, brokenAt: null, head: (({ seq, hash }) => ({ seq, hash }))((await store.head())!) });
    // ranges of 5: 36..40 is the last; 26 opens a range, 30 closes one
    await tamper(backend.url(), table, `UPDATE ${table} SET target = 'x' WHERE seq = 38`);
    assert.equal((await both(5)).brokenAt, 38);
    await tamper(backend.url(), table, `DELETE FROM ${table} WHERE seq = 30`);
    assert.deepEqual([(await both(5)).brokenAt, (await both(5)).checked], [30, 29]);
    await tamper(backend.url(), table, `DELETE FROM ${table} WHERE seq = 26`);
    const v = await both(5);
    assert.deepEqual([v.brokenAt, v.checked], [26, 25]);
    assert.match(v.reason!, /event 26 missing/);
    await tamper(backend.url(), table, `UPDATE ${table} SET prev_hash = hash WHERE seq = 11`);
    const w = await both(5);
    assert.deepEqual([w.brokenAt, w.checked], [11, 10]);
    assert.match(w.reason!, /does not link to event 10/);
  });

  test(`${name}: a deleted row is named by verify, also the first one`, async (t) => {
    const { store, table } = await withStore(backend, t);
    await appendN(store, 10);
    await tamper(backend.url(), table, `DELETE FROM ${table} WHERE seq = 7`);
    const v = await store.verify();
    assert.deepEqual({ ok: v.ok, checked: v.checked, brokenAt: v.brokenAt }, { ok: false, checked: 6, brokenAt: 7 });
    assert.match(v.reason!, /event 7 missing/);
    await tamper(backend.url(), table, `DELETE FROM ${table} WHERE seq = 1`);
    assert.equal((await store.verify()).brokenAt, 1);
  });

  test(`${name}: rows deleted from the end are caught against a head written down earlier`, async (t) => {
    const { store, table } = await withStore(backend, t);
    await appendN(store, 8);
    const recorded = (await store.head())!;
    assert.equal((await store.verify({ expectHead: recorded })).ok, true);
    await appendN(store, 2);
    assert.equal((await store.verify({ expectHead: recorded })).ok, true, 'later events do not break an older head');
    await tamper(backend.url(), table, `DELETE FROM ${table} WHERE seq >= 7`);
    assert.equal((await store.verify()).ok, true, 'the chain alone cannot see a cut tail');
    const v = await store.verify({ expectHead: recorded });
    assert.deepEqual({ ok: v.ok, brokenAt: v.brokenAt }, { ok: false, brokenAt: 7 });
    assert.match(v.reason!, /ends at event 6 but the recorded head is event 8/);
  });

  test(`${name}: reordered rows and a forged row are named by verify`, async (t) => {
    const { store, table } = await withStore(backend, t);
    await appendN(store, 6);
    // swap the contents of events 3 and 4, keeping each seq in place
    await tamper(backend.url(), table, `UPDATE ${table} a SET actor = b.actor, action = b.action, target = b.target, grade = b.grade,
      details = b.details, prev_hash = b.prev_hash, hash = b.hash, at = b.at
      FROM ${table} b WHERE (a.seq, b.seq) IN ((3, 4), (4, 3))`);
    const v = await store.verify();
    assert.deepEqual({ ok: v.ok, brokenAt: v.brokenAt }, { ok: false, brokenAt: 3 });
    assert.match(v.reason!, /does not link to event 2/);

    const { store: s2, table: t2 } = await withStore(backend, t);
    await appendN(s2, 4);
    const head = (await s2.head())!;
    // someone with INSERT rights but without the key appends a plausible event
    await sql(backend.url(), `INSERT INTO ${t2} (seq, at, actor, action, outcome, details, prev_hash, hash)
      VALUES (5, now(), 'mallory', 'user.grant', 'ok', '{}', '${head.hash}', '${'ab'.repeat(32)}')`);
    assert.equal((await s2.verify()).brokenAt, 5);
  });

  test(`${name}: the wrong key breaks the chain at event 1`, async (t) => {
    const { store, schema } = await withStore(backend, t);
    await appendN(store, 3);
    const wrong = await AuditStore.open({ connectionString: backend.url(), key: randomBytes(32), schema });
    t.after(() => wrong.close());
    const v = await wrong.verify();
    assert.deepEqual({ ok: v.ok, checked: v.checked, brokenAt: v.brokenAt }, { ok: false, checked: 0, brokenAt: 1 });
    assert.match(v.reason!, /audit key/);
  });

  test(`${name}: details survive jsonb exactly as hashed (numbers, unicode, key order)`, async (t) => {
    const { store } = await withStore(backend, t);
    const details = {
      big: 1e21, small: 1e-7, sum: 0.1 + 0.2, neg0: -0, tiny: 5e-324, unsafe: 9007199254740993,
      '\u00e9': 'é', E: 'E', '\ud83d\ude00': '😀', '10': [1, 2], '9': { z: null, a: true }, cjk: '基金 身份证号',
      esc: 'a"b\\c\nd\u2028', when: new Date('2024-01-02T03:04:05.678Z'), dropped: undefined,
    };
    await store.append({ actor: 'alice', action: 'tricky', outcome: 'ok', details });
    const v = await store.verify();
    assert.equal(v.ok, true, v.reason ?? "chain broken");
    const stored = (await store.list()).events[0]!.details;
    assert.deepEqual(stored, JSON.parse(JSON.stringify(details)));
  });

  test(`${name}: a bad event is refused with a message naming the field, and nothing is stored`, async (t) => {
    const { store } = await withStore(backend, t);
    const bad: Array<[unknown, RegExp]> = [
      [{ action: 'a', outcome: 'ok' }, /"actor"/],
      [{ actor: 'a', action: '', outcome: 'ok' }, /"action" must not be empty/],
      [{ actor: 'a', action: 'b', outcome: 'ok', grade: 7 }, /"grade" must be an integer 1..4/],
      [{ actor: 'a', action: 'b', outcome: 'ok', details: [1] }, /"details" must be a JSON object/],
      [{ actor: 'a', action: 'b', outcome: 'ok', details: { x: 'nul\u0000' } }, /NUL/],
      [{ actor: 'a', action: 'b', outcome: 'ok', details: { x: '\ud800' } }, /canonical JSON/],
      [{ actor: 'a\u0000', action: 'b', outcome: 'ok' }, /"actor" contains a NUL/],
      [{ actor: 'a', action: 'b', outcome: 'ok', details: { n: 10n } }, /BigInt/],
    ];
    for (const [event, message] of bad) {
      await assert.rejects(store.append(event as never), (err: Error) => err instanceof AuditEventError && message.test(err.message));
    }
    assert.equal(await store.head(), null);
    await store.append({ actor: 'a', action: 'b', outcome: 'ok' });
    assert.equal((await store.head())!.seq, 1);
  });

  test(`${name}: list filters by actor, action, target, outcome, ids and time, and pages with a cursor`, async (t) => {
    const { store } = await withStore(backend, t);
    const first = await store.append({ actor: 'alice', action: 'dataset.read', target: 'dataset:a', outcome: 'ok' });
    await new Promise((r) => setTimeout(r, 5));
    const cut = new Date();
    await store.append({ actor: 'bob', action: 'dataset.read', target: 'dataset:b', outcome: 'denied', requestId: 'req-7' });
    await store.append({ actor: 'alice', action: 'export.download', target: 'dataset:a', outcome: 'ok', exportId: 'exp-1' });
    for (let i = 0; i < 5; i++) await store.append({ actor: 'carol', action: 'dataset.read', target: 'dataset:c', outcome: 'ok' });
    const seqs = async (o: Parameters<AuditStore['list']>[0]) => (await store.list(o)).events.map((e) => e.seq);
    assert.deepEqual(await seqs({ filters: { actor: 'alice' } }), [3, 1]);
    assert.deepEqual(await seqs({ filters: { action: 'dataset.read', outcome: 'denied' } }), [2]);
    assert.deepEqual(await seqs({ filters: { target: 'dataset:a' }, order: 'asc' }), [1, 3]);
    assert.deepEqual(await seqs({ filters: { requestId: 'req-7' } }), [2]);
    assert.deepEqual(await seqs({ filters: { exportId: 'exp-1' } }), [3]);
    assert.deepEqual(await seqs({ filters: { to: cut } }), [1]);
    assert.deepEqual(await seqs({ filters: { from: cut.toISOString(), actor: 'alice' } }), [3]);
    assert.deepEqual(await seqs({ filters: { to: first.at } }), []);
    const p1 = await store.list({ first: 3 });
    assert.deepEqual([p1.events.map((e) => e.seq), p1.hasNextPage, p1.endCursor], [[8, 7, 6], true, '6']);
    const p2 = await store.list({ first: 3, after: p1.endCursor });
    assert.deepEqual(p2.events.map((e) => e.seq), [5, 4, 3]);
    const p3 = await store.list({ first: 3, after: p2.endCursor });
    assert.deepEqual([p3.events.map((e) => e.seq), p3.hasNextPage], [[2, 1], false]);
    await assert.rejects(store.list({ first: 0 }), /"first" must be an integer 1..500/);
    await assert.rejects(store.list({ after: 'abc' }), /cursor/);
    await assert.rejects(store.list({ filters: { from: 'yesterday' } }), /"from" is not a valid time/);
  });

  test(`${name}: opening again migrates nothing twice and keeps the trail`, async (t) => {
    const { store, schema, key } = await withStore(backend, t);
    await appendN(store, 2);
    const again = await AuditStore.open({ connectionString: backend.url(), key, schema });
    t.after(() => again.close());
    await again.append({ actor: 'x', action: 'y', outcome: 'ok' });
    assert.deepEqual((await again.verify()).checked, 3);
    const m = (await sql(backend.url(), `SELECT version FROM "${schema}".audit_migration`)).rows;
    assert.deepEqual(m, [{ version: 1 }]);
    await again.ping();
  });

  test(`${name}: close writes what is queued, then appends are refused`, async (t) => {
    const { store } = await withStore(backend, t);
    const queued = Array.from({ length: 50 }, (_, i) => store.append({ actor: 'a', action: 'b', outcome: 'ok', details: { i } }));
    await store.close();
    const done = await Promise.all(queued);
    assert.deepEqual(done.map((r) => r.seq), Array.from({ length: 50 }, (_, i) => i + 1));
    await assert.rejects(store.append({ actor: 'a', action: 'b', outcome: 'ok' }), { name: 'AuditUnavailableError', message: /closed/ });
    await assert.rejects(store.ping(), { name: 'AuditUnavailableError' });
  });
}
