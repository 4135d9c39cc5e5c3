import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { olTransformKind, parseRunEvent, OL_MAX_EVENT_BYTES } from '../../lineage/parse/index.ts';

const FIX = new URL('../fixtures/openlineage/', import.meta.url).pathname;
const load = (f: string) => readFileSync(FIX + f, 'utf8');
const pairs = (edges: { from: { field: string; dataset: string }; to: { field: string } }[]) => new Set(edges.map((e) => `${e.from.dataset}.${e.from.field}>${e.to.field}`));

test('spark: 4 input-field edges, one edge per transform kind, column named sum(word_count)', () => {
  const r = parseRunEvent(load('spark-column-lineage.json'));
  assert.ok(r.ok);
  assert.equal(pairs(r.edges).size, 4);
  const got = r.edges.map((e) => `${e.from.field}>${e.to.field} ${e.transform} ${e.transformations.join('+')}`).sort();
  assert.deepEqual(got, [
    'word>sum(word_count) filter INDIRECT:GROUP_BY+INDIRECT:FILTER',
    'word>word copy DIRECT:IDENTITY',
    'word>word filter INDIRECT:GROUP_BY+INDIRECT:FILTER',
    'word_count>sum(word_count) aggregate DIRECT:AGGREGATION',
    'word_count>sum(word_count) filter INDIRECT:FILTER',
    'word_count>word filter INDIRECT:FILTER',
  ]);
  assert.equal(r.event.job.namespace, 'default');
  assert.equal(r.event.outputs[0].name, '/tmp/outputs/1729097570970');
  assert.equal(r.edges[0].to.namespace, 'file');
});

test('airflow: 8 edges from the legacy transformationType IDENTITY → copy', () => {
  const r = parseRunEvent(load('airflow-bigquery-column-lineage.json'));
  assert.ok(r.ok);
  assert.equal(r.edges.length, 8);
  assert.equal(pairs(r.edges).size, 8);
  for (const e of r.edges) { assert.equal(e.transform, 'copy'); assert.deepEqual(e.transformations, ['IDENTITY']); }
  assert.deepEqual([...new Set(r.edges.map((e) => e.from.dataset))].sort(), ['copied.csv', 'test.csv']);
});

test('dbt: exactly complex_id←complex_id, id←id, day←id, derive without transformation info', () => {
  const r = parseRunEvent(load('dbt-column-lineage.json'));
  assert.ok(r.ok);
  const got = r.edges.map((e) => `${e.from.namespace}|${e.from.dataset}.${e.from.field}>${e.to.dataset}.${e.to.field} ${e.transform}`).sort();
  assert.deepEqual(got, [
    'spark://localhost:10000|demo_schema.source_table.complex_id>demo_schema.target_table.complex_id derive',
    'spark://localhost:10000|demo_schema.source_table.id>demo_schema.target_table.day derive',
    'spark://localhost:10000|demo_schema.source_table.id>demo_schema.target_table.id derive',
  ]);
});

test('idempotency keys are stable and distinct', () => {
  const a = parseRunEvent(load('spark-column-lineage.json'));
  const b = parseRunEvent(JSON.parse(load('spark-column-lineage.json')));
  assert.ok(a.ok && b.ok);
  assert.equal(a.event.key, b.event.key);
  assert.deepEqual(a.edges.map((e) => e.key), b.edges.map((e) => e.key));
  assert.equal(new Set(a.edges.map((e) => e.key)).size, a.edges.length);
  const other = JSON.parse(load('spark-column-lineage.json'));
  other.eventType = 'START';
  const c = parseRunEvent(other);
  assert.ok(c.ok);
  assert.notEqual(c.event.key, a.event.key);
});

const TRANSFORM_TABLE: [Parameters<typeof olTransformKind>[0], string][] = [
  [{ type: 'DIRECT', subtype: 'IDENTITY' }, 'copy'],
  [{ type: 'DIRECT', subtype: 'TRANSFORMATION' }, 'derive'],
  [{ type: 'DIRECT', subtype: 'AGGREGATION' }, 'aggregate'],
  [{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }, 'mask'],
  [{ type: 'DIRECT', subtype: 'AGGREGATION', masking: true }, 'mask'],
  ...['JOIN', 'FILTER', 'GROUP_BY', 'SORT', 'WINDOW', 'CONDITIONAL'].map((s) => [{ type: 'INDIRECT', subtype: s }, 'filter'] as [Parameters<typeof olTransformKind>[0], string]),
];
for (const [t, kind] of TRANSFORM_TABLE) {
  test(`transformation ${t.type}:${t.subtype}${t.masking ? ' masking' : ''} → ${kind}`, () => assert.equal(olTransformKind(t), kind));
}

function minimal(extra: Record<string, unknown> = {}) {
  return {
    eventTime: '2025-01-02T03:04:05Z', eventType: 'COMPLETE', producer: 'https://example.com/p', schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId: '0196eccd-ebdc-70e3-b532-6e66f541ba29' }, job: { namespace: 'etl', name: 'nav_daily' },
    inputs: [{ namespace: 'postgres://ta', name: 'ta.share' }],
    outputs: [{
      namespace: 'postgres://dw', name: 'dw.holding', facets: {
        schema: { fields: [{ name: 'fund' }, { name: 'shares' }] },
        columnLineage: {
          fields: { shares: { inputFields: [{ namespace: 'postgres://ta', name: 'ta.share', field: 'id_no', transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }] }] } },
          dataset: [{ namespace: 'postgres://ta', name: 'ta.share', field: 'status', transformations: [{ type: 'INDIRECT', subtype: 'FILTER' }] }],
        },
      },
    }],
    ...extra,
  };
}

test('masking and dataset-level entries', () => {
  const r = parseRunEvent(minimal());
  assert.ok(r.ok);
  const got = r.edges.map((e) => `${e.from.field}>${e.to.field} ${e.transform}${e.datasetLevel ? ' dataset' : ''}`).sort();
  assert.deepEqual(got, ['id_no>shares mask', 'status>shares filter dataset']);
});

test('dataset-level entries reach every schema field when no field lineage exists', () => {
  const ev = minimal();
  (ev.outputs[0].facets.columnLineage as Record<string, unknown>).fields = {};
  const r = parseRunEvent(ev);
  assert.ok(r.ok);
  assert.deepEqual(r.edges.map((e) => e.to.field).sort(), ['fund', 'shares']);
});

const BAD: [string, unknown, RegExp][] = [
  ['not JSON', '{"eventTime":', /not valid JSON/],
  ['not an object', [1, 2], /must be a JSON object/],
  ['no eventTime', minimal({ eventTime: undefined }), /eventTime is required/],
  ['bad eventTime', minimal({ eventTime: 'yesterday' }), /ISO-8601/],
  ['no producer', minimal({ producer: '' }), /producer is required/],
  ['no schemaURL', minimal({ schemaURL: undefined }), /schemaURL is required/],
  ['no run', minimal({ run: undefined }), /run is required/],
  ['runId not a UUID', minimal({ run: { runId: 'abc' } }), /not a UUID/],
  ['no job name', minimal({ job: { namespace: 'x' } }), /job.name is required/],
  ['bad eventType', minimal({ eventType: 'DONE' }), /eventType must be one of/],
  ['dataset without name', minimal({ inputs: [{ namespace: 'x' }] }), /inputs\[0\]\.name is required/],
  ['input field without field', minimal({ outputs: [{ namespace: 'a', name: 'b', facets: { columnLineage: { fields: { x: { inputFields: [{ namespace: 'a', name: 'c' }] } } } } }] }), /inputFields\[0\]\.field is required/],
  ['too large', 'x'.repeat(OL_MAX_EVENT_BYTES + 1), /over the limit/],
];
for (const [name, doc, re] of BAD) {
  test(`invalid event: ${name}`, () => {
    const r = parseRunEvent(doc);
    assert.equal(r.ok, false);
    if (!r.ok) assert.ok(r.errors.some((e) => re.test(e)), r.errors.join('; '));
  });
}
