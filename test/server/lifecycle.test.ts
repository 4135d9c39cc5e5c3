// The real server over HTTP as a child process: start, query, SIGTERM, kill -9 and restart,
// and the start-up failures that must name what is wrong.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestService } from '../helpers/service.ts';

const BIN = join(import.meta.dirname, '../../bin/fundgov.mjs');
const dirs: string[] = [];
const tmp = () => { const d = mkdtempSync(join(tmpdir(), 'fundgov-life-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function env(dataDir: string, extra: Record<string, string> = {}) {
  return { ...process.env, FUNDGOV_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', FUNDGOV_DEMO: '0', LOG_LEVEL: 'warn', DATABASE_URL: '', GRAPH_URL: '', ...extra };
}

async function startChild(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [BIN, 'serve'], { env: env(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => { err += d; });
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no start within 60 s: ' + err)), 60_000);
    child.stderr!.on('data', () => {
      const m = /listening on http:\/\/localhost:(\d+)/.exec(err);
      if (m) { clearTimeout(t); resolve(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(t); reject(new Error(`exited ${code}: ${err}`)); });
  });
  return { child, port };
}

function cli(dataDir: string, args: string[], extra: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { env: env(dataDir, extra), encoding: 'utf8' });
}

async function me(port: number, token: string) {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ me { id roles } }' }) });
  return (await res.json()) as { data?: { me: { id: string; roles: string[] } } };
}

describe('the server process', () => {
  test('starts, answers, drains on SIGTERM, and survives kill -9 with its data intact', async () => {
    const dir = tmp();
    let { child, port } = await startChild(dir);
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
    assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/readyz`)).json(), { status: 'ready', graph: true, audit: true });
    assert.match(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text(), /fundgov_http_requests_total/);
    const token = cli(dir, ['token', '--user', 'admin']).stdout.trim();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.deepEqual((await me(port, token)).data, { me: { id: 'admin', roles: ['admin'] } });
    // users CLI goes through the running service while it holds the embedded stores
    const add = cli(dir, ['users', 'add', 'li.lei', '--name', '李雷', '--roles', 'auditor', '--json']);
    assert.equal(add.status, 0, add.stderr);
    assert.equal(JSON.parse(add.stdout).id, 'li.lei');

    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.ok(!existsSync(join(dir, 'run', 'service.json')), 'run note removed');

    ({ child, port } = await startChild(dir));
    const t2 = cli(dir, ['token', '--user', 'li.lei']).stdout.trim();
    assert.deepEqual((await me(port, t2)).data, { me: { id: 'li.lei', roles: ['auditor'] } });
    const killed = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await killed;

    ({ child, port } = await startChild(dir));
    assert.deepEqual((await me(port, t2)).data, { me: { id: 'li.lei', roles: ['auditor'] } });
    const done = new Promise((r) => child.on('exit', r));
    child.kill('SIGTERM');
    await done;
    const verify = cli(dir, ['audit', 'verify', '--json']);
    assert.equal(verify.status, 0, verify.stderr);
    const v = JSON.parse(verify.stdout);
    assert.equal(v.ok, true);
    assert.ok(v.checked >= 2);
    const head = cli(dir, ['audit', 'head', '--json']);
    assert.equal(JSON.parse(head.stdout).seq, v.checked);
  });

  test('a bad environment value stops the start and names the variable', () => {
    const r = cli(tmp(), ['serve'], { PORT: 'eighty' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /PORT: must be a whole number/);
    const r2 = cli(tmp(), ['serve'], { GRAPH_URL: 'http://neo4j.example' });
    assert.match(r2.stderr, /GRAPH_URL: must start with neo4j:\/\//);
    const r3 = cli(tmp(), ['serve'], { FUNDGOV_JWT_SECRET: 'short' });
    assert.match(r3.stderr, /FUNDGOV_JWT_SECRET: must be at least 32 bytes/);
  });

  test('an unreachable GRAPH_URL stops the start with a clear message', () => {
    const r = cli(tmp(), ['serve'], { GRAPH_URL: 'bolt://127.0.0.1:1' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /GRAPH_URL .* unreachable/);
  });

  test('a corrupted data directory is reported, never silently started empty', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'graph'), 'this is not a graph store');
    const r = cli(dir, ['serve']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /graph store at .*graph could not be opened/);
    const dir2 = tmp();
    writeFileSync(join(dir2, 'audit.key'), 'zz-not-hex');
    const r2 = cli(dir2, ['serve']);
    assert.match(r2.stderr, /FUNDGOV_AUDIT_KEY: .*corrupted/);
  });
});

describe('query cost limit', () => {
  test('a query over the cost limit is refused before it runs', async () => {
    const svc = await startTestService({ FUNDGOV_MAX_COST: '30' });
    try {
      const admin = await svc.token('admin');
      assert.ok((await svc.gql('{ me { id name roles } }', {}, admin)).body.data?.me);
      const r = await svc.gql('{ auditEvents(first: 5) { edges { node { seq at actor action target outcome hash prevHash } } } }', {}, admin);
      assert.match(r.body.errors?.[0].message ?? '', /cost/i);
      assert.equal(r.body.data, undefined);
    } finally {
      await svc.stop();
    }
  });
});

describe('failing closed', () => {
  test('when the audit store is unreachable, mutations are refused and nothing changes', async () => {
    const svc = await startTestService();
    try {
      const admin = await svc.token('admin');
      const q = 'mutation { addUser(input: {id: "ghost", name: "鬼", roles: [business]}) { ... on User { id } ... on Error { message } } }';
      await svc.audit.embedded!.close(); // the audit database goes away under the running service
      const r = await svc.gql(q, {}, admin);
      assert.equal(r.body.errors?.[0].extensions?.code, 'AUDIT_UNAVAILABLE');
      assert.match(r.body.errors![0].message, /nothing was changed/);
      assert.deepEqual(await svc.graph.read('MATCH (u:User {id: "ghost"}) RETURN u.id AS id'), []);
      const ready = await fetch(`${svc.url}/readyz`);
      assert.equal(ready.status, 503);
    } finally {
      await svc.stop().catch(() => undefined);
    }
  });
});
