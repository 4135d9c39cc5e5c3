// Register, harvest and re-harvest real sources through GraphQL: PostgreSQL and GBK CSV.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import iconv from 'iconv-lite';
import { startTestService, type TestService } from '../helpers/service.ts';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `fg_cat_${process.pid}_${Date.now() % 100000}`;

describe('catalogue API', () => {
  let svc: TestService;
  let admin: string;
  let steward: string;
  let business: string;
  const db = new pg.Client({ connectionString: PG_URL });
  let pgUp = true;

  before(async () => {
    svc = await startTestService();
    await svc.addUser('steward1', ['steward']);
    await svc.addUser('biz1', ['business']);
    admin = await svc.token('admin');
    steward = await svc.token('steward1');
    business = await svc.token('biz1');
    try {
      await db.connect();
      await db.query(`CREATE SCHEMA ${schema}`);
      await db.query(`CREATE TABLE ${schema}.tcustinfo (c_custno varchar(20) PRIMARY KEY, c_custname varchar(100), c_identityno varchar(30), f_balance numeric(16,2))`);
      await db.query(`COMMENT ON TABLE ${schema}.tcustinfo IS '客户信息表'`);
      await db.query(`COMMENT ON COLUMN ${schema}.tcustinfo.c_custname IS '客户名称'`);
    } catch {
      pgUp = false;
    }
  });
  after(async () => {
    if (pgUp) await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.end().catch(() => undefined);
    await svc.stop();
  });

  const register = (token: string, input: Record<string, unknown>) => svc.gql(
    'mutation($i: SourceInput!) { registerSource(input: $i) { ... on Source { id kind hasCredentials } ... on Error { message } } }', { i: input }, token);

  test('a business user may not register a source', async () => {
    const r = await register(business, { id: 'x', name: 'x', system: 'TA', kind: 'csv', path: '/tmp' });
    assert.equal(r.body.errors?.[0].extensions?.code, 'FORBIDDEN');
  });

  test('PostgreSQL: harvest, credentials never returned nor audited, re-harvest records versions', async (t) => {
    if (!pgUp) return t.skip('no PostgreSQL');
    const url = PG_URL.replace('postgres://postgres@', 'postgres://postgres:s3cret-pw@');
    const reg = await register(steward, { id: 'ta-pg', name: 'TA 注册登记', system: 'TA', kind: 'postgres', connectionUrl: url, schemas: [schema] });
    assert.deepEqual(reg.body.data?.registerSource, { id: 'ta-pg', kind: 'postgres', hasCredentials: true });
    const h = await svc.gql('mutation { startHarvest(sourceId: "ta-pg") { ... on Job { id status } } }', {}, steward);
    const job = await svc.waitJob(steward, h.body.data.startHarvest.id);
    assert.equal(job.status, 'succeeded', job.message);
    const ds = await svc.gql('{ source(id: "ta-pg") { lastHarvestStatus datasets(first: 10) { edges { node { id path comment columns { name dataType length precision scale comment primaryKey version } } } } } }', {}, steward);
    const d = ds.body.data.source.datasets.edges[0].node;
    assert.equal(d.path, `${schema}.tcustinfo`);
    assert.equal(d.comment, '客户信息表');
    assert.deepEqual(d.columns.map((c: any) => [c.name, c.length ?? c.precision]), [['c_custno', 20], ['c_custname', 100], ['c_identityno', 30], ['f_balance', 16]]);
    assert.equal(d.columns[3].scale, 2);
    assert.equal(d.columns[0].primaryKey, true);

    await db.query(`ALTER TABLE ${schema}.tcustinfo ALTER COLUMN c_custname TYPE varchar(200)`);
    await db.query(`ALTER TABLE ${schema}.tcustinfo DROP COLUMN f_balance`);
    await db.query(`ALTER TABLE ${schema}.tcustinfo ADD COLUMN c_mobile varchar(24)`);
    const h2 = await svc.gql('mutation { startHarvest(sourceId: "ta-pg") { ... on Job { id } } }', {}, steward);
    const job2 = await svc.waitJob(steward, h2.body.data.startHarvest.id);
    assert.equal(job2.status, 'succeeded', job2.message);
    assert.equal(job2.result.added, 1);
    assert.equal(job2.result.changed, 1);
    assert.equal(job2.result.dropped, 1);
    const colId = `${d.id}/c_custname`;
    const col = await svc.gql('query($id: String!) { column(id: $id) { length version versions { kind attributes before after } } }', { id: colId }, steward);
    assert.equal(col.body.data.column.length, 200);
    assert.equal(col.body.data.column.version, 2);
    assert.deepEqual(col.body.data.column.versions.map((v: any) => v.kind), ['added', 'changed']);
    const dropped = await svc.gql('query($id: String!) { column(id: $id) { dropped } }', { id: `${d.id}/f_balance` }, steward);
    assert.equal(dropped.body.data.column.dropped, true, 'a dropped column is marked, not erased');

    const all = await svc.audit.store.list({ first: 500 });
    assert.ok(!JSON.stringify(all.events).includes('s3cret-pw'), 'the password never reaches the audit trail');
    const src = await svc.gql('{ source(id: "ta-pg") { id name system kind path schemas } }', {}, admin);
    assert.ok(!JSON.stringify(src.body).includes('s3cret-pw'));
  });

  test('a wrong password fails the job with a message that does not echo it', async (t) => {
    if (!pgUp) return t.skip('no PostgreSQL');
    const bad = 'postgres://nosuchuser:Pa55-leak@127.0.0.1:5432/nosuchdb';
    await register(steward, { id: 'bad-pg', name: 'bad', system: 'TA', kind: 'postgres', connectionUrl: bad });
    const h = await svc.gql('mutation { startHarvest(sourceId: "bad-pg") { ... on Job { id } } }', {}, steward);
    const job = await svc.waitJob(steward, h.body.data.startHarvest.id);
    assert.equal(job.status, 'failed');
    assert.match(job.message, /cannot connect/);
    assert.ok(!job.message.includes('Pa55-leak'));
  });

  test('GBK CSV folder: harvested with comments-free columns; paths outside the roots are refused', async () => {
    const dir = join(svc.dataDir, 'files', 'exchange');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'ta_confirm.csv'), iconv.encode('基金账号,客户名称,确认份额\n101093023038,陈静,1000.00\n101058641172,马超,250.50\n', 'gbk'));
    const reg = await register(steward, { id: 'ta-files', name: 'TA 交换文件', system: 'TA', kind: 'csv', path: dir });
    assert.equal(reg.body.data.registerSource.id, 'ta-files');
    const h = await svc.gql('mutation { startHarvest(sourceId: "ta-files") { ... on Job { id } } }', {}, steward);
    const job = await svc.waitJob(steward, h.body.data.startHarvest.id);
    assert.equal(job.status, 'succeeded', job.message);
    const ds = await svc.gql('{ source(id: "ta-files") { datasets(first: 5) { edges { node { name kind columns { name dataType } } } } } }', {}, steward);
    const node = ds.body.data.source.datasets.edges[0].node;
    assert.equal(node.kind, 'file');
    assert.deepEqual(node.columns.map((c: any) => c.name), ['基金账号', '客户名称', '确认份额']);
    const outside = await register(steward, { id: 'etc', name: 'etc', system: 'x', kind: 'csv', path: '/etc' });
    assert.match(outside.body.data.registerSource.message, /outside the folders/);
  });

  test('ownership: set on a dataset, inherited by columns, overridden per column; gaps listed', async () => {
    await svc.graph.write("UNWIND [['ops','运营部'],['it','信息技术部']] AS d MERGE (x:Department {id: d[0]}) SET x.name = d[1]");
    const [{ id: dsId }] = await svc.graph.read<{ id: string }>("MATCH (d:Dataset {sourceId: 'ta-files'}) RETURN d.id AS id");
    await svc.graph.write('MATCH (d:Dataset {id: $id}) SET d.grade = 3', { id: dsId });
    let gaps = await svc.gql('{ ownershipGaps(includeColumns: false) { id missing grade } }', {}, steward);
    assert.deepEqual(gaps.body.data.ownershipGaps.find((g: any) => g.id === dsId).missing, ['owner', 'custodian']);
    const set = (kind: string, id: string, role: string, parties: string[]) => svc.gql(
      'mutation($k: AssetKind!, $id: String!, $r: OwnershipRole!, $p: [String!]!) { setOwnership(kind: $k, id: $id, role: $r, parties: $p) { ... on Ownership { owner custodian consumers inherited } ... on Error { message } } }',
      { k: kind, id, r: role, p: parties }, steward);
    assert.equal((await set('Dataset', dsId, 'owner', ['ops'])).body.data.setOwnership.owner, 'ops');
    await set('Dataset', dsId, 'custodian', ['it']);
    const colId = `${dsId}/${encodeURIComponent('客户名称')}`;
    const inherited = await svc.gql('query($id: String!) { column(id: $id) { ownership { owner custodian inherited } } }', { id: colId }, steward);
    assert.deepEqual(inherited.body.data.column.ownership, { owner: 'ops', custodian: 'it', inherited: ['owner', 'custodian'] });
    const over = await set('Column', colId, 'owner', ['it']);
    assert.deepEqual(over.body.data.setOwnership.inherited, ['custodian']);
    assert.equal(over.body.data.setOwnership.owner, 'it');
    const bad = await set('Column', colId, 'owner', ['nope']);
    assert.match(bad.body.data.setOwnership.message, /department nope does not exist/);
    gaps = await svc.gql('{ ownershipGaps(includeColumns: false) { id } }', {}, steward);
    assert.ok(!gaps.body.data.ownershipGaps.some((g: any) => g.id === dsId));
  });
});
