import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { applyHarvest, upsertSource } from '../../catalog/assets.ts';
import { registerLineageRoutes } from '../../server/routes/openlineage.ts';
import { OL_MAX_EVENT_BYTES } from '../../lineage/index.ts';
import { startTestService, type TestService } from '../helpers/service.ts';
import { TA, DW, ETL_SQL, cid } from '../lineage/fixture.ts';

const FIX = new URL('../fixtures/openlineage/', import.meta.url).pathname;
const spark = readFileSync(FIX + 'spark-column-lineage.json', 'utf8');

describe('lineage over HTTP and GraphQL', () => {
  let svc: TestService;
  let steward: string;
  let business: string;
  const post = (body: string, token?: string | null, headers: Record<string, string> = {}) =>
    fetch(`${svc.url}/api/v1/lineage`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, body });
  const edgeCount = async () => (await svc.graph.read<{ n: number }>('MATCH ()-[e:FLOWS_TO]->() RETURN count(e) AS n'))[0].n;

  before(async () => {
    registerLineageRoutes();
    svc = await startTestService();
    await svc.addUser('steward1', ['steward']);
    await svc.addUser('biz1', ['business']);
    steward = await svc.token('steward1');
    business = await svc.token('biz1');
    for (const [id, ds] of [['src-ta', TA], ['src-dw', DW]] as const) {
      await upsertSource(svc.graph, { id, name: id, system: 'x', kind: 'postgres', schemas: null, path: null, dialect: null, connectionEnc: null });
      await applyHarvest(svc.graph, id, ds, [], []);
    }
  });
  after(() => svc.stop());

  test('POST /api/v1/lineage: 201 with the edge counts, then idempotent', async () => {
    const r = await post(spark, steward);
    assert.equal(r.status, 201);
    const body = await r.json() as any;
    assert.equal(body.ok, true);
    assert.equal(body.edges, 6);
    assert.equal(body.new, 6);
    const n = await edgeCount();
    const again = await post(spark, steward);
    assert.equal(again.status, 201);
    assert.deepEqual(await again.json().then((b: any) => [b.edges, b.new]), [6, 0]);
    assert.equal(await edgeCount(), n);
    const page = await svc.audit.store.list({ filters: { action: 'lineage.openlineage', outcome: 'accepted' }, first: 10 });
    assert.equal(page.events.length, 2);
    assert.equal(page.events[0].actor, 'steward1');
    assert.equal((page.events[0].details as any).edges, 6);
  });

  test('401 without or with a bad token, 403 for a role that may not send lineage; nothing stored', async () => {
    const n = await edgeCount();
    const event = readFileSync(FIX + 'dbt-column-lineage.json', 'utf8');
    const none = await post(event, null);
    assert.equal(none.status, 401);
    assert.match((await none.json() as any).error, /Bearer/);
    assert.equal((await post(event, 'not-a-jwt')).status, 401);
    const forbidden = await post(event, business);
    assert.equal(forbidden.status, 403);
    assert.equal(await edgeCount(), n);
    const denied = await svc.audit.store.list({ filters: { action: 'lineage.openlineage', outcome: 'denied' }, first: 10 });
    assert.ok(denied.events.length >= 3);
  });

  test('400 with the reasons for invalid JSON or missing fields; 405 for GET', async () => {
    const n = await edgeCount();
    const bad = await post('{"eventTime": ', steward);
    assert.equal(bad.status, 400);
    const b = await bad.json() as any;
    assert.equal(b.error, 'not a valid OpenLineage RunEvent');
    assert.match(b.details[0], /not valid JSON/);
    const missing = await post(JSON.stringify({ eventTime: '2024-06-28T00:00:00Z', producer: 'p', schemaURL: 's', job: { namespace: 'a' } }), steward);
    assert.equal(missing.status, 400);
    const m = await missing.json() as any;
    assert.ok(m.details.some((d: string) => /run is required/.test(d)));
    assert.ok(m.details.some((d: string) => /job.name/.test(d)));
    const get = await fetch(`${svc.url}/api/v1/lineage`, { headers: { authorization: `Bearer ${steward}` } });
    assert.equal(get.status, 405);
    assert.equal(await edgeCount(), n);
  });

  test('413 for a body over the limit', async () => {
    const big = ' '.repeat(OL_MAX_EVENT_BYTES + 10);
    const r = await post(big, steward);
    assert.equal(r.status, 413);
    assert.match((await r.json() as any).error, /over the limit/);
  });

  test('GraphQL: a steward ingests SQL; anyone signed in walks it; a business user may not ingest', async () => {
    const ingest = `mutation($sql: String!) { ingestLineageSql(sql: $sql, dialect: postgres, file: "etl.sql") { __typename ... on LineageSqlIngest { statements edges created problems { line message } } ... on LineageError { message } } }`;
    const r = await svc.gql(ingest, { sql: ETL_SQL }, steward);
    assert.equal(r.body.errors, undefined);
    assert.equal(r.body.data.ingestLineageSql.statements, 2);
    assert.ok(r.body.data.ingestLineageSql.created > 0);
    const denied = await svc.gql(ingest, { sql: ETL_SQL }, business);
    assert.equal(denied.body.errors?.[0].extensions?.code, 'FORBIDDEN');
    const up = await svc.gql(`query($id: String!) { upstream(columnId: $id, depth: 2) { __typename ... on LineageGraph { nodes { path depth } edges { transform via provenance file } } } }`,
      { id: cid('src-dw', 'dw', 'dim_cust', 'id_no_masked') }, business);
    assert.deepEqual(up.body.data.upstream.nodes.map((n: any) => n.path).sort(), ['dw.dim_cust.id_no_masked', 'ta.customer.id_no']);
    assert.deepEqual(up.body.data.upstream.edges, [{ transform: 'mask', via: ['md5'], provenance: 'sql', file: 'etl.sql' }]);
    const err = await svc.gql(`{ downstream(columnId: "nope") { __typename ... on LineageError { message } } }`, {}, business);
    assert.equal(err.body.data.downstream.__typename, 'LineageError');
    const anon = await svc.gql(`{ gradeConflicts { conflicts { path } } }`);
    assert.equal(anon.body.errors?.[0].extensions?.code, 'UNAUTHENTICATED');
  });

  test('GraphQL: manual edge added and retired; impact, paths, table lineage, conflicts', async () => {
    const from = cid('src-ta', 'ta', 'customer', 'branch');
    const to = cid('src-dw', 'dw', 'dim_cust', 'cust_id');
    const add = await svc.gql(`mutation($f: String!, $t: String!) { addLineageEdge(from: $f, to: $t, transform: filter, note: "vendor file") { __typename ... on LineageEdge { id provenance actor note } } }`, { f: from, t: to }, steward);
    const edge = add.body.data.addLineageEdge;
    assert.deepEqual([edge.provenance, edge.actor, edge.note], ['manual', 'steward1', 'vendor file']);
    const imp = await svc.gql(`query($id: String!) { impact(columnId: $id) { __typename ... on LineageImpact { datasets { path } columns { path } } } }`, { id: from }, business);
    assert.deepEqual(imp.body.data.impact.datasets.map((d: any) => d.path), ['dw.dim_cust']);
    const ret = await svc.gql(`mutation($id: String!) { retireLineageEdge(id: $id, reason: "switched off") { __typename ... on LineageEdge { retired retiredReason } } }`, { id: edge.id }, steward);
    assert.deepEqual(ret.body.data.retireLineageEdge, { __typename: 'LineageEdge', retired: true, retiredReason: 'switched off' });
    const retAgain = await svc.gql(`mutation($id: String!) { retireLineageEdge(id: $id, reason: "again") { __typename ... on LineageError { message } } }`, { id: edge.id }, steward);
    assert.equal(retAgain.body.data.retireLineageEdge.__typename, 'LineageError');
    const paths = await svc.gql(`query($f: String!, $t: String!) { lineagePaths(from: $f, to: $t) { __typename ... on LineagePaths { paths { columns edges { transform } } } } }`,
      { f: cid('src-ta', 'ta', 'customer', 'name'), t: cid('src-dw', 'dw', 'v_cust', 'cust_name') }, business);
    assert.deepEqual(paths.body.data.lineagePaths.paths, []); // views not ingested on this service
    const tl = await svc.gql(`{ tableLineage(datasetId: "src-dw/dw/dim_cust") { __typename ... on TableLineage { datasets { path } edges { from to columnEdges } } } }`, {}, business);
    assert.deepEqual(tl.body.data.tableLineage.datasets.map((d: any) => d.path), ['dw.dim_cust', 'ta.customer']);
    await svc.graph.write('MATCH (c:Column {id: $id}) SET c.grade = 3', { id: cid('src-ta', 'ta', 'customer', 'mobile') });
    await svc.graph.write('MATCH (c:Column {id: $id}) SET c.grade = 1', { id: cid('src-dw', 'dw', 'dim_cust', 'mobile') });
    const gc = await svc.gql(`{ gradeConflicts { conflicts { path grade upstreamPath upstreamGrade steps { transform } } lowered { toPath rule } } lineageGradeSuggestions { path grade } }`, {}, business);
    assert.deepEqual(gc.body.data.gradeConflicts.conflicts, [{ path: 'dw.dim_cust.mobile', grade: 1, upstreamPath: 'ta.customer.mobile', upstreamGrade: 3, steps: [{ transform: 'copy' }] }]);
  });

  test('GraphQL: a hostile reconciliation is a typed error; an unknown check cannot run', async () => {
    const define = `mutation($input: ReconciliationInput!) { defineReconciliation(input: $input) { __typename ... on ReconciliationError { message } } }`;
    const r = await svc.gql(define, { input: { id: 'REC-EVIL', name: 'evil', left: { expression: 'sum(ta.shares.share_bal); DROP TABLE ta.shares' }, right: { columnId: cid('src-dw', 'dw', 'fund_scale', 'total_share'), agg: 'sum' } } }, steward);
    assert.equal(r.body.data.defineReconciliation.__typename, 'ReconciliationError');
    assert.match(r.body.data.defineReconciliation.message, /not accepted/);
    const ok = await svc.gql(define.replace('__typename', '__typename ... on Reconciliation { id left { column agg } }'), { input: { id: 'REC-OK', name: 'ok', left: { expression: 'sum(ta.shares.share_bal)' }, right: { columnId: cid('src-dw', 'dw', 'fund_scale', 'total_share'), agg: 'sum' }, groupBy: [{ left: 'fund_code', right: 'fund_code' }] } }, steward);
    assert.deepEqual(ok.body.data.defineReconciliation, { __typename: 'Reconciliation', id: 'REC-OK', left: { column: 'share_bal', agg: 'sum' } });
    const list = await svc.gql('{ reconciliations { id groupBy { left right } } }', {}, business);
    assert.deepEqual(list.body.data.reconciliations, [{ id: 'REC-OK', groupBy: [{ left: 'fund_code', right: 'fund_code' }] }]);
    const run = await svc.gql('mutation { runReconciliation(id: "NOPE") { __typename ... on ReconciliationError { message } } }', {}, steward);
    assert.match(run.body.data.runReconciliation.message, /does not exist/);
  });

  test('when the audit trail is down, an event is refused with 503 and nothing is stored', async () => {
    const n = await edgeCount();
    await svc.audit.store.close();
    const r = await post(readFileSync(FIX + 'airflow-bigquery-column-lineage.json', 'utf8'), steward);
    assert.equal(r.status, 503);
    assert.equal(await edgeCount(), n);
  });
});
