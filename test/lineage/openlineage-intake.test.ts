import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Graph } from '../../catalog/graph/port.ts';
import { applyHarvest, upsertSource } from '../../catalog/assets.ts';
import { ingestRunEventText, RunEventError, externalSourceId, upstream, edgeDetails, olDatasetPath, OL_MAX_EVENT_BYTES } from '../../lineage/index.ts';

const full = async (g: Graph, id: string) => [...(await edgeDetails(g, (await upstream(g, id, 1)).edges)).values()];
import { smallCatalogue, cid } from './fixture.ts';

const FIX = new URL('../fixtures/openlineage/', import.meta.url).pathname;
const load = (f: string) => readFileSync(FIX + f, 'utf8');
const count = async (g: Graph, q: string) => (await g.read<{ n: number }>(q))[0].n;
const edges = (g: Graph) => count(g, 'MATCH ()-[e:FLOWS_TO]->() RETURN count(e) AS n');
const nodes = (g: Graph) => count(g, 'MATCH (n) RETURN count(n) AS n');

describe('OpenLineage events into the graph', () => {
  let g: Graph;
  before(async () => {
    g = await smallCatalogue();
    // dbt's input dataset is harvested; its output is not.
    await upsertSource(g, { id: 'src-spark', name: 'spark warehouse', system: '数仓', kind: 'postgres', schemas: null, path: null, dialect: null, connectionEnc: null });
    await applyHarvest(g, 'src-spark', [{ schema: 'demo_schema', name: 'source_table', kind: 'table', columns: [
      { name: 'id', ordinal: 1, dataType: 'int', baseType: 'INT', nullable: false },
      { name: 'complex_id', ordinal: 2, dataType: 'text', baseType: 'TEXT', nullable: true },
    ] }], [], []);
  });
  after(() => g.close());

  test('spark: unknown datasets become external placeholders under a source per namespace', async () => {
    const r = await ingestRunEventText(g, load('spark-column-lineage.json'), { actor: 'ol-client' });
    assert.equal(r.edges, 6);
    assert.equal(r.created, 6);
    assert.deepEqual(r.matchedDatasets, []);
    assert.deepEqual(r.placeholderDatasets, ['bigquery bigquery-public-data.samples.shakespeare', 'file /tmp/outputs/1729097570970']);
    const [src] = await g.read<{ kind: string; external: boolean; namespace: string }>('MATCH (s:Source {id: $id}) RETURN s.kind AS kind, s.external AS external, s.namespace AS namespace', { id: externalSourceId('bigquery') });
    assert.deepEqual(src, { kind: 'external', external: true, namespace: 'bigquery' });
    const cols = await g.read<{ name: string; external: boolean }>("MATCH (c:Column) WHERE c.sourceId = $s RETURN c.name AS name, c.external AS external ORDER BY c.name", { s: externalSourceId('file') });
    assert.deepEqual(cols.map((c) => c.name), ['sum(word_count)', 'word']);
    assert.ok(cols.every((c) => c.external));
    const target = cols.length && (await g.read<{ id: string }>("MATCH (c:Column {name: 'sum(word_count)'}) RETURN c.id AS id"))[0].id;
    const upEdges = await full(g, target as string);
    const kinds = upEdges.map((e) => `${e.transform} ${e.transformations.join('+')} ${e.provenance} ${e.job}`).sort();
    assert.deepEqual(kinds, [
      'aggregate DIRECT:AGGREGATION openlineage default/shakespeare_on_spark.adaptive_spark_plan.outputs_1729097570970',
      'filter INDIRECT:FILTER openlineage default/shakespeare_on_spark.adaptive_spark_plan.outputs_1729097570970',
      'filter INDIRECT:GROUP_BY+INDIRECT:FILTER openlineage default/shakespeare_on_spark.adaptive_spark_plan.outputs_1729097570970',
    ]);
    assert.ok(upEdges.every((e) => e.runId && /^[0-9a-f-]{36}$/.test(e.runId)));
  });

  test('the same event twice adds nothing', async () => {
    const n = await nodes(g);
    const e = await edges(g);
    const r = await ingestRunEventText(g, load('spark-column-lineage.json'), { actor: 'ol-client' });
    assert.equal(r.created, 0);
    assert.equal(r.edges, 6);
    assert.equal(await nodes(g), n);
    assert.equal(await edges(g), e);
  });

  test('job and run are kept, with the datasets the run read and wrote', async () => {
    const rows = await g.read<{ job: string; run: string; read: string[]; wrote: string[] }>(
      'MATCH (j:LineageJob)-[:HAS_RUN]->(r:LineageRun) OPTIONAL MATCH (r)-[:READ]->(i:Dataset) OPTIONAL MATCH (r)-[:WROTE]->(o:Dataset) RETURN j.name AS job, r.lastEventType AS run, collect(DISTINCT i.name) AS read, collect(DISTINCT o.name) AS wrote');
    assert.deepEqual(rows, [{ job: 'shakespeare_on_spark.adaptive_spark_plan.outputs_1729097570970', run: 'COMPLETE', read: ['bigquery-public-data.samples.shakespeare'], wrote: ['/tmp/outputs/1729097570970'] }]);
  });

  test('airflow: legacy IDENTITY edges from two files, schema-facet columns created for the output', async () => {
    const r = await ingestRunEventText(g, load('airflow-bigquery-column-lineage.json'), { actor: 'ol-client' });
    assert.equal(r.edges, 8);
    assert.equal(r.created, 8);
    const cols = await g.read<{ name: string }>('MATCH (c:Column) WHERE c.sourceId = $s RETURN c.name AS name ORDER BY c.name', { s: externalSourceId('bigquery') });
    assert.ok(['a', 'b', 'c', 'd'].every((n) => cols.some((c) => c.name === n)));
  });

  test('dbt: an input named schema.table is matched to the harvested dataset; the output is a placeholder', async () => {
    const r = await ingestRunEventText(g, load('dbt-column-lineage.json'), { actor: 'ol-client' });
    assert.deepEqual(r.matchedDatasets, ['src-spark/demo_schema/source_table']);
    assert.deepEqual(r.placeholderDatasets, ['spark://localhost:10000 demo_schema.target_table']);
    assert.equal(r.created, 3);
    const dayId = (await g.read<{ id: string }>("MATCH (c:Column {path: 'demo_schema.target_table.day'}) RETURN c.id AS id"))[0].id;
    const up = await upstream(g, dayId, 1);
    assert.deepEqual(up.edges.map((e) => [e.fromId, e.transform]), [[cid('src-spark', 'demo_schema', 'source_table', 'id'), 'derive']]);
  });

  test('db.schema.table names match the catalogue path; file namespaces never do', () => {
    assert.deepEqual(olDatasetPath('postgres.ta.customer', 'postgres://db:5432'), { schema: 'ta', table: 'customer' });
    assert.deepEqual(olDatasetPath('ta.customer', 'postgres://db:5432'), { schema: 'ta', table: 'customer' });
    assert.equal(olDatasetPath('customer', 'postgres://db:5432'), null);
    assert.equal(olDatasetPath('copied.csv', 'gs://mock-bucket'), null);
    assert.equal(olDatasetPath('/reports/a.xlsx', 'file://report-server'), null);
  });

  test('an event with a masking transformation gives a mask edge whose rule is kept', async () => {
    const event = {
      eventType: 'COMPLETE', eventTime: '2024-06-28T20:15:42.318Z', producer: 'https://example.test/producer', schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      run: { runId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' }, job: { namespace: 'dingxin-airflow', name: 'mask.customers' },
      inputs: [{ namespace: 'postgres://db:5432', name: 'postgres.ta.customer' }],
      outputs: [{ namespace: 'postgres://db:5432', name: 'postgres.dw.dim_cust', facets: { columnLineage: { _producer: 'x', _schemaURL: 'y', fields: {
        id_no_masked: { inputFields: [{ namespace: 'postgres://db:5432', name: 'postgres.ta.customer', field: 'id_no', transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', description: 'sha256(id_no)', masking: true }] }] },
      } } } }],
    };
    const r = await ingestRunEventText(g, JSON.stringify(event), { actor: 'ol-client' });
    assert.deepEqual(r.matchedDatasets, ['src-dw/dw/dim_cust', 'src-ta/ta/customer']);
    const upEdges = await full(g, cid('src-dw', 'dw', 'dim_cust', 'id_no_masked'));
    assert.deepEqual(upEdges.map((e) => [e.fromId, e.transform, e.via]), [[cid('src-ta', 'ta', 'customer', 'id_no'), 'mask', ['sha256(id_no)']]]);
  });

  test('invalid events are refused with every reason and change nothing', async () => {
    const n = await nodes(g);
    await assert.rejects(ingestRunEventText(g, '{not json', { actor: 'x' }), (e: Error) => e instanceof RunEventError && /not valid JSON/.test(e.message));
    await assert.rejects(ingestRunEventText(g, JSON.stringify({ eventTime: 'yesterday', run: {}, job: { namespace: 'a' } }), { actor: 'x' }), (e: Error) => {
      const d = (e as RunEventError).details;
      return d.some((m) => /producer/.test(m)) && d.some((m) => /run.runId/.test(m)) && d.some((m) => /job.name/.test(m)) && d.some((m) => /eventTime/.test(m));
    });
    await assert.rejects(ingestRunEventText(g, 'x'.repeat(OL_MAX_EVENT_BYTES + 1), { actor: 'x' }), /over the limit/);
    assert.equal(await nodes(g), n);
  });
});
