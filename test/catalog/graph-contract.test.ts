// One contract for the Graph port: runs on embedded Grafeo always, on Neo4j when NEO4J_TEST_URL is set.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrafeoGraph, openGraph, GraphError, type Graph } from '../../catalog/graph/index.ts';
import { migrate, appliedMigrations, MIGRATIONS } from '../../catalog/migrations.ts';
import { addUser, getUser, setRoles, upsertDepartments, ensureAdmin, UserError } from '../../catalog/users.ts';

const engines: { name: string; open: () => Promise<Graph>; reopen?: () => Promise<Graph>; cleanup: () => Promise<void> }[] = [];
const dir = mkdtempSync(join(tmpdir(), 'fundgov-graph-'));
engines.push({
  name: 'grafeo',
  open: async () => GrafeoGraph.open(join(dir, 'g')),
  reopen: async () => GrafeoGraph.open(join(dir, 'g')),
  cleanup: async () => rmSync(dir, { recursive: true, force: true }),
});
if (process.env.NEO4J_TEST_URL) {
  const cfg = { kind: 'neo4j' as const, url: process.env.NEO4J_TEST_URL, user: process.env.NEO4J_TEST_USER ?? 'neo4j', password: process.env.NEO4J_TEST_PASSWORD ?? '' };
  engines.push({
    name: 'neo4j',
    open: async () => { const g = await openGraph(cfg); await g.write('MATCH (n) DETACH DELETE n'); return g; },
    reopen: () => openGraph(cfg),
    cleanup: async () => {},
  });
}

for (const engine of engines) {
  describe(`Graph contract on ${engine.name}`, () => {
    let g: Graph;
    before(async () => { g = await engine.open(); await migrate(g); });
    after(async () => { await g.close(); await engine.cleanup(); });

    test('migrations are recorded and idempotent', async () => {
      const applied = await appliedMigrations(g);
      assert.deepEqual(applied.map((m) => m.version), MIGRATIONS.map((m) => m.version));
      assert.deepEqual(await migrate(g), []);
    });

    test('MERGE and SET += give plain JSON back: numbers, strings, lists, maps, property maps', async () => {
      const [row] = await g.write<{ u: Record<string, unknown>; n: number; m: unknown }>(
        'MERGE (u:Dataset {id: $id}) SET u += $props RETURN u, 41 + 1 AS n, {a: 1, b: [1, "x"]} AS m',
        { id: 'ds1', props: { name: '客户表', rows: 3, ratio: 0.5, tags: ['a', 'b'] } },
      );
      assert.deepEqual(row.u, { id: 'ds1', name: '客户表', rows: 3, ratio: 0.5, tags: ['a', 'b'] });
      assert.equal(row.n, 42);
      assert.deepEqual(row.m, { a: 1, b: [1, 'x'] });
      await g.write('MERGE (u:Dataset {id: $id}) SET u += $props', { id: 'ds1', props: { rows: 4 } });
      const rows = await g.read<{ rows: number; name: string }>('MATCH (u:Dataset {id: $id}) RETURN u.rows AS rows, u.name AS name', { id: 'ds1' });
      assert.deepEqual(rows, [{ rows: 4, name: '客户表' }]);
    });

    test('relationships come back as property maps', async () => {
      await g.write('UNWIND $ids AS id MERGE (:Column {id: id})', { ids: ['a', 'b', 'c', 'd'] });
      const [r] = await g.write<{ r: unknown; t: string }>(
        'MATCH (a:Column {id: "a"}), (b:Column {id: "b"}) MERGE (a)-[r:FLOWS_TO {transform: "copy"}]->(b) RETURN r, type(r) AS t',
      );
      assert.deepEqual(r, { r: { transform: 'copy' }, t: 'FLOWS_TO' });
    });

    test('temporal values come back as ISO strings', async () => {
      const [r] = await g.read<{ d: string }>("RETURN date('2024-03-05') AS d");
      assert.match(String(r.d), /^2024-03-05/);
    });

    test('variable-length paths and cycles terminate', async () => {
      await g.write(`MATCH (b:Column {id: "b"}), (c:Column {id: "c"}), (d:Column {id: "d"}), (a:Column {id: "a"})
        MERGE (b)-[:FLOWS_TO {transform: "derive"}]->(c) MERGE (c)-[:FLOWS_TO {transform: "copy"}]->(d) MERGE (d)-[:FLOWS_TO {transform: "copy"}]->(a)`);
      const rows = await g.read<{ id: string; len: number }>(
        'MATCH p = (a:Column {id: "a"})-[:FLOWS_TO*1..3]->(x) RETURN x.id AS id, length(p) AS len ORDER BY len',
      );
      assert.deepEqual(rows, [{ id: 'b', len: 1 }, { id: 'c', len: 2 }, { id: 'd', len: 3 }]);
    });

    test('a transaction that throws rolls back everything it wrote', async () => {
      await assert.rejects(g.transaction(async (tx) => {
        await tx.run('CREATE (:Dataset {id: "rolled-back"})');
        throw new Error('boom');
      }), /boom/);
      assert.deepEqual(await g.read('MATCH (d:Dataset {id: "rolled-back"}) RETURN d.id AS id'), []);
      const out = await g.transaction(async (tx) => {
        await tx.run('CREATE (:Dataset {id: "committed"})');
        return (await tx.run<{ n: number }>('MATCH (d:Dataset {id: "committed"}) RETURN count(d) AS n'))[0].n;
      });
      assert.equal(out, 1);
    });

    test('a constraint violation is a GraphError and changes nothing', async () => {
      await g.write('CREATE (:Dataset {id: "dup"})');
      const err = await g.write('CREATE (:Dataset {id: "dup"})').catch((e) => e);
      assert.ok(err instanceof GraphError, 'GraphError expected');
      assert.ok(err.isConstraintViolation);
      const [r] = await g.read<{ n: number }>('MATCH (d:Dataset {id: "dup"}) RETURN count(d) AS n');
      assert.equal(r.n, 1);
      await assert.rejects(g.transaction(async (tx) => {
        await tx.run('CREATE (:Dataset {id: "first-of-two"})');
        await tx.run('CREATE (:Dataset {id: "dup"})');
      }), GraphError);
      assert.deepEqual(await g.read('MATCH (d:Dataset {id: "first-of-two"}) RETURN d'), []);
    });

    test('a syntax error is a GraphError', async () => {
      await assert.rejects(g.read('MATCH (n RETURN n'), GraphError);
    });

    test('users, departments and roles', async () => {
      await upsertDepartments(g, [{ id: 'ops', name: '运营部' }]);
      assert.equal(await ensureAdmin(g), true);
      assert.equal(await ensureAdmin(g), false);
      const u = await addUser(g, { id: 'li.na', name: '李娜', roles: ['steward'], department: 'ops' });
      assert.deepEqual(u, { id: 'li.na', name: '李娜', roles: ['steward'], department: 'ops', departmentName: '运营部', disabled: false });
      await assert.rejects(addUser(g, { id: 'li.na', name: 'x', roles: [] }), UserError);
      await assert.rejects(addUser(g, { id: 'x1', name: 'x', roles: ['root'] }), /unknown role root/);
      await assert.rejects(addUser(g, { id: "x'); DROP", name: 'x', roles: [] }), UserError);
      const after = await setRoles(g, 'li.na', { grant: ['approver'], revoke: ['steward'] });
      assert.deepEqual(after.roles, ['approver']);
      assert.equal((await getUser(g, 'admin'))?.roles[0], 'admin');
    });

    if (engine.reopen) {
      test('data persists across close and reopen', async () => {
        await g.close();
        g = await engine.reopen!();
        const rows = await g.read<{ id: string }>('MATCH (d:Dataset {id: "ds1"}) RETURN d.id AS id');
        assert.deepEqual(rows, [{ id: 'ds1' }]);
        assert.deepEqual(await migrate(g), []);
      });
    }
  });
}
