import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Graph } from '../../catalog/graph/port.ts';
import { applyHarvest } from '../../catalog/assets.ts';
import { ingestSql, ingestViews, addManualEdge, retireEdge, getEdge, upstream, LineageError, SQL_EXTERNAL_SOURCE } from '../../lineage/index.ts';
import { smallCatalogue, ETL_SQL, DW, cid } from './fixture.ts';

const edgeCount = async (g: Graph) => (await g.read<{ n: number }>('MATCH ()-[e:FLOWS_TO]->() RETURN count(e) AS n'))[0].n;

describe('SQL lineage into the graph', () => {
  let g: Graph;
  before(async () => { g = await smallCatalogue(); });
  after(() => g.close());

  test('ETL SQL gives resolved column edges with transforms and provenance', async () => {
    const r = await ingestSql(g, ETL_SQL, { dialect: 'postgres', file: 'etl/01.sql', actor: 'wangqiang' });
    assert.equal(r.statements, 2);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.placeholders, []);
    assert.equal(r.created, r.edges);
    const rows = await g.read<{ f: string; t: string; tr: string; via: string[]; p: string; file: string; line: number; sql: string; actor: string }>(
      'MATCH (a:Column)-[e:FLOWS_TO]->(b:Column) RETURN a.path AS f, b.path AS t, e.transform AS tr, e.via AS via, e.provenance AS p, e.file AS file, e.line AS line, e.sql AS sql, e.actor AS actor');
    const got = new Set(rows.map((x) => `${x.f}>${x.t} ${x.tr}`));
    for (const want of [
      'ta.customer.cust_id>dw.dim_cust.cust_id copy', 'ta.customer.id_no>dw.dim_cust.id_no_masked mask', 'ta.customer.name>dw.dim_cust.name copy',
      'ta.shares.share_bal>dw.fund_scale.total_share aggregate', 'ta.shares.d_cdate>dw.fund_scale.stat_dt copy', 'ta.shares.fund_code>dw.fund_scale.total_share filter',
    ]) assert.ok(got.has(want), `missing ${want}; got ${[...got].join(', ')}`);
    const mask = rows.find((x) => x.tr === 'mask')!;
    assert.deepEqual(mask.via, ['md5']);
    assert.equal(mask.p, 'sql');
    assert.equal(mask.file, 'etl/01.sql');
    assert.equal(mask.line, 2);
    assert.match(mask.sql, /md5\(id_no\)/);
    assert.equal(mask.actor, 'wangqiang');
  });

  test('ingesting the same SQL again adds nothing', async () => {
    const before = await edgeCount(g);
    const r = await ingestSql(g, ETL_SQL, { dialect: 'postgres', file: 'etl/01.sql', actor: 'someone-else' });
    assert.equal(r.created, 0);
    assert.ok(r.edges > 0);
    assert.equal(await edgeCount(g), before);
  });

  test('a statement that does not parse is reported with its line; the rest is stored', async () => {
    const sql = 'INSERT INTO dw.dim_cust (cust_id) SELECT cust_id FROM ta.shares;\nSELEC broken FROM;\nINSERT INTO dw.dim_cust (mobile) SELECT mobile FROM ta.customer WHERE branch = \'x\';';
    const r = await ingestSql(g, sql, { dialect: 'postgres', file: 'etl/bad.sql', actor: 't' });
    assert.equal(r.statements, 3);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].line, 2);
    assert.equal(r.problems[0].file, 'etl/bad.sql');
    assert.ok(r.created >= 3);
    const up = await upstream(g, cid('src-dw', 'dw', 'dim_cust', 'mobile'), 1);
    assert.ok(up.edges.some((e) => e.transform === 'filter' && e.fromId === cid('src-ta', 'ta', 'customer', 'branch')));
  });

  test('tables not in the catalogue become external placeholders, reported', async () => {
    const r = await ingestSql(g, 'INSERT INTO dw.dim_cust (name) SELECT full_name FROM crm.contacts;', { dialect: 'postgres', file: 'x.sql', actor: 't' });
    assert.deepEqual(r.placeholders, ['crm.contacts']);
    const [c] = await g.read<{ external: boolean; sourceId: string; path: string }>('MATCH (c:Column {path: $p}) RETURN c.external AS external, c.sourceId AS sourceId, c.path AS path', { p: 'crm.contacts.full_name' });
    assert.equal(c.external, true);
    assert.equal(c.sourceId, SQL_EXTERNAL_SOURCE);
    const [s] = await g.read<{ kind: string }>('MATCH (s:Source {id: $id}) RETURN s.kind AS kind', { id: SQL_EXTERNAL_SOURCE });
    assert.equal(s.kind, 'external');
    const again = await ingestSql(g, 'INSERT INTO dw.dim_cust (name) SELECT full_name FROM crm.contacts;', { dialect: 'postgres', file: 'x.sql', actor: 't' });
    assert.equal(again.created, 0);
    assert.equal((await g.read('MATCH (c:Column {path: $p}) RETURN c.id', { p: 'crm.contacts.full_name' })).length, 1);
  });

  test('MySQL dialect works against the same catalogue', async () => {
    const r = await ingestSql(g, 'INSERT INTO dw.fund_scale (fund_code) SELECT `fund_code` FROM ta.shares;', { dialect: 'mysql', file: 'm.sql', actor: 't' });
    assert.deepEqual(r.problems, []);
    assert.equal(r.edges, 1);
  });

  test('bad arguments are refused with a clear error and change nothing', async () => {
    const before = await edgeCount(g);
    await assert.rejects(ingestSql(g, '   ', { dialect: 'postgres', actor: 't' }), (e: Error) => e instanceof LineageError && /empty/.test(e.message));
    await assert.rejects(ingestSql(g, 'select 1', { dialect: 'oracle' as any, actor: 't' }), /dialect must be postgres or mysql/);
    assert.equal(await edgeCount(g), before);
  });
});

describe('views become lineage on their own', () => {
  let g: Graph;
  before(async () => { g = await smallCatalogue(); });
  after(() => g.close());

  test('view columns map positionally to the definition, idempotently', async () => {
    const r = await ingestViews(g, 'src-dw', { actor: 'harvest' });
    assert.equal(r.views, 1);
    assert.equal(r.created, 2);
    assert.deepEqual(r.problems, []);
    const up = await upstream(g, cid('src-dw', 'dw', 'v_cust', 'cust_name'), 1);
    assert.deepEqual(up.edges.map((e) => [e.fromId, e.transform, e.provenance]), [[cid('src-dw', 'dw', 'dim_cust', 'name'), 'copy', 'view']]);
    const again = await ingestViews(g, 'src-dw');
    assert.equal(again.created, 0);
    assert.equal(again.retired, 0);
  });

  test('a changed view definition retires the old edges and adds the new', async () => {
    const changed = DW.map((d) => (d.name === 'v_cust' ? { ...d, viewSql: 'SELECT c.cust_id, c.mobile FROM dw.dim_cust c' } : d));
    await applyHarvest(g, 'src-dw', changed, [], []);
    const r = await ingestViews(g, 'src-dw');
    assert.equal(r.created, 1);
    assert.equal(r.retired, 1);
    const up = await upstream(g, cid('src-dw', 'dw', 'v_cust', 'cust_name'), 1);
    assert.deepEqual(up.edges.map((e) => e.fromId), [cid('src-dw', 'dw', 'dim_cust', 'mobile')]);
  });

  test('an unknown source is an error', async () => {
    await assert.rejects(ingestViews(g, 'nope'), /source nope is not in the catalogue/);
  });
});

describe('manual edges', () => {
  let g: Graph;
  before(async () => { g = await smallCatalogue(); });
  after(() => g.close());

  const from = cid('src-ta', 'ta', 'customer', 'mobile');
  const to = cid('src-dw', 'dw', 'dim_cust', 'mobile');

  test('added by a person, with provenance, once', async () => {
    const e = await addManualEdge(g, { fromId: from, toId: to, transform: 'copy', note: 'vendor file TA_CUST.txt', actor: 'zhaomin' });
    assert.equal(e.provenance, 'manual');
    assert.equal(e.actor, 'zhaomin');
    assert.equal(e.note, 'vendor file TA_CUST.txt');
    const again = await addManualEdge(g, { fromId: from, toId: to, transform: 'copy', actor: 'zhaomin' });
    assert.equal(again.id, e.id);
    assert.equal(await edgeCount(g), 1);
  });

  test('retired with a reason; it no longer counts in traversal, and cannot be retired twice', async () => {
    const [e] = (await upstream(g, to, 1)).edges;
    await assert.rejects(retireEdge(g, e.id, { reason: '  ', actor: 'zhaomin' }), /reason/);
    const r = await retireEdge(g, e.id, { reason: 'the interface was switched off', actor: 'zhaomin' });
    assert.equal(r.retired, true);
    assert.equal(r.retiredBy, 'zhaomin');
    assert.equal(r.retiredReason, 'the interface was switched off');
    assert.equal((await upstream(g, to, 1)).edges.length, 0);
    assert.equal((await getEdge(g, e.id))!.retired, true);
    await assert.rejects(retireEdge(g, e.id, { reason: 'again', actor: 'x' }), /already retired/);
    await assert.rejects(retireEdge(g, 'no-such-edge', { reason: 'x', actor: 'x' }), /does not exist/);
  });

  test('bad input is refused', async () => {
    await assert.rejects(addManualEdge(g, { fromId: from, toId: 'nope', transform: 'copy', actor: 'x' }), /column nope is not in the catalogue/);
    await assert.rejects(addManualEdge(g, { fromId: from, toId: to, transform: 'teleport', actor: 'x' }), /transform must be one of/);
    await assert.rejects(addManualEdge(g, { fromId: from, toId: from, transform: 'copy', actor: 'x' }), /two different columns/);
  });
});
