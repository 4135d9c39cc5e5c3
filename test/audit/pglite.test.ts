// The embedded launcher: persistence, damaged or busy directories, and an unreachable store.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { AuditDataDirError, AuditStore, AuditUnavailableError, startEmbeddedPostgres } from '../../audit/index.ts';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'fundgov-audit-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// initdb takes seconds; tests that only need an empty cluster start from a copy of one made once.
const templateRoot = mkdtempSync(join(tmpdir(), 'fundgov-audit-template-'));
const template = join(templateRoot, 'audit');
before(async () => {
  await (await startEmbeddedPostgres(template)).close();
});
after(() => rmSync(templateRoot, { recursive: true, force: true }));

/** A fresh, empty PGlite cluster directory for one test. */
function clusterDir(t: { after(fn: () => void): void }): string {
  const dir = join(tempDir(t), 'audit');
  cpSync(template, dir, { recursive: true });
  return dir;
}

test('a PGlite trail reopened after close has its events and an intact chain', async (t) => {
  const dir = clusterDir(t);
  const key = randomBytes(32);
  let embedded = await startEmbeddedPostgres(dir);
  let store = await AuditStore.open({ connectionString: embedded.url, key });
  assert.equal(store.embedded, true);
  for (let i = 0; i < 25; i++) await store.append({ actor: 'alice', action: 'dataset.read', outcome: 'ok', details: { i } });
  const head = await store.head();
  await store.close();
  await embedded.close();
  await embedded.close(); // twice is harmless

  embedded = await startEmbeddedPostgres(dir);
  store = await AuditStore.open({ connectionString: embedded.url, key });
  assert.deepEqual(await store.head(), head);
  const next = await store.append({ actor: 'bob', action: 'dataset.read', outcome: 'ok' });
  assert.equal(next.seq, 26);
  const v = await store.verify({ expectHead: head! });
  assert.deepEqual({ ok: v.ok, checked: v.checked }, { ok: true, checked: 26 });
  await store.close();
  await embedded.close();
});

test('a PGlite trail survives kill -9 of the process that wrote it', async (t) => {
  const dir = clusterDir(t);
  const key = randomBytes(32);
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
    import { AuditStore, startEmbeddedPostgres } from ${JSON.stringify(new URL('../../audit/index.ts', import.meta.url).href)};
    const e = await startEmbeddedPostgres(${JSON.stringify(dir)});
    const s = await AuditStore.open({ connectionString: e.url, key: Buffer.from(${JSON.stringify(key.toString('hex'))}, 'hex') });
    for (let i = 0; i < 40; i++) await s.append({ actor: 'alice', action: 'a', outcome: 'ok', details: { i } });
    const h = await s.head();
    process.stdout.write(JSON.stringify(h) + '\\n');
    setInterval(() => {}, 1000);
  `], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; if (out.includes('\n')) resolve(out.trim()); });
    child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
  });
  const written = JSON.parse(line) as { seq: number; hash: string };
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  assert.equal(written.seq, 40);

  const embedded = await startEmbeddedPostgres(dir); // the dead writer's lock is stale and taken over
  const store = await AuditStore.open({ connectionString: embedded.url, key });
  const v = await store.verify({ expectHead: written });
  assert.deepEqual({ ok: v.ok, checked: v.checked }, { ok: true, checked: 40 });
  await store.close();
  await embedded.close();
});

test('a damaged PGlite directory fails with a message naming it, never starting empty', async (t) => {
  const dir = clusterDir(t);
  const embedded = await startEmbeddedPostgres(dir);
  const store = await AuditStore.open({ connectionString: embedded.url, key: randomBytes(32) });
  await store.append({ actor: 'a', action: 'b', outcome: 'ok' });
  await store.close();
  await embedded.close();

  const control = join(dir, 'global', 'pg_control');
  const original = readFileSync(control);
  writeFileSync(control, Buffer.alloc(original.length, 0x5a));
  await assert.rejects(startEmbeddedPostgres(dir), (err: Error) =>
    err instanceof AuditDataDirError && err.message.includes(dir) && /could not be opened/.test(err.message));

  writeFileSync(control, original);
  rmSync(join(dir, 'PG_VERSION'));
  await assert.rejects(startEmbeddedPostgres(dir), (err: Error) =>
    err instanceof AuditDataDirError && err.message.includes(dir) && /missing PG_VERSION/.test(err.message));
});

test('a directory holding something else is not initialised over', async (t) => {
  const dir = join(tempDir(t), 'audit');
  mkdirSync(dir);
  writeFileSync(join(dir, 'notes.txt'), 'not a database');
  await assert.rejects(startEmbeddedPostgres(dir), (err: Error) =>
    err instanceof AuditDataDirError && err.message.includes(dir) && /notes\.txt/.test(err.message));
  assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'not a database');
});

test('a directory already open in this process is refused; a stale lock of a dead process is taken over', async (t) => {
  const dir = clusterDir(t);
  const embedded = await startEmbeddedPostgres(dir);
  await assert.rejects(startEmbeddedPostgres(dir), (err: Error) =>
    err instanceof AuditDataDirError && /in use by process \d+ \(this process\)/.test(err.message));
  await embedded.close();

  writeFileSync(join(dir, 'fundgov-audit.lock'), '2147483646'); // no such process
  const again = await startEmbeddedPostgres(dir);
  assert.equal(readFileSync(join(dir, 'fundgov-audit.lock'), 'utf8'), String(process.pid));
  await again.close();
});

test('PGlite served on a unix socket works with pg, as a superuser (which the tamper tests assume)', async (t) => {
  const dir = clusterDir(t);
  const embedded = await startEmbeddedPostgres(dir, { socketPath: join(dir, '..', '.s.PGSQL.5432') });
  assert.match(embedded.url, /\?host=/);
  const store = await AuditStore.open({ connectionString: embedded.url, key: randomBytes(32) });
  await store.append({ actor: 'a', action: 'b', outcome: 'ok' });
  assert.equal((await store.verify()).ok, true);
  await store.close();
  const client = new pg.Client({ connectionString: embedded.url });
  await client.connect();
  const row = (await client.query<{ v: string; s: boolean }>('SELECT version() AS v, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS s')).rows[0]!;
  await client.end();
  assert.match(row.v, /PGlite/);
  assert.equal(row.s, true);
  await embedded.close();
});

test('an unreachable audit database gives AuditUnavailableError on open, append, verify and ping', async (t) => {
  await assert.rejects(
    AuditStore.open({ connectionString: 'postgres://postgres:secret@127.0.0.1:1/none', key: randomBytes(32), connectTimeoutMs: 500 }),
    (err: Error) => err instanceof AuditUnavailableError && /cannot connect/.test(err.message) && !err.message.includes('secret'),
  );
  await assert.rejects(
    AuditStore.open({ connectionString: 'postgres://postgres@10.255.255.1:5432/none', key: randomBytes(32), connectTimeoutMs: 500 }),
    AuditUnavailableError,
  );

  const embedded = await startEmbeddedPostgres(clusterDir(t));
  const store = await AuditStore.open({ connectionString: embedded.url, key: randomBytes(32), connectTimeoutMs: 500 });
  await store.append({ actor: 'a', action: 'b', outcome: 'ok' });
  await embedded.close(); // the database goes away under a running store
  await assert.rejects(store.append({ actor: 'a', action: 'c', outcome: 'ok' }), AuditUnavailableError);
  await assert.rejects(Promise.all([1, 2, 3].map((i) => store.append({ actor: 'a', action: 'd', outcome: 'ok', details: { i } }))), AuditUnavailableError);
  await assert.rejects(store.verify(), AuditUnavailableError);
  await assert.rejects(store.ping(), AuditUnavailableError);
  await store.close();
});
