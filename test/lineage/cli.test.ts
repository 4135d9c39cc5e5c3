import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (...args: string[]) => spawnSync(process.execPath, ['bin/fundgov.mjs', 'lineage', ...args], { encoding: 'utf8', cwd: join(import.meta.dirname, '../..') });
const dir = mkdtempSync(join(tmpdir(), 'fundgov-lineage-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('lineage parse --json: one edge per line, problems on stderr with file:line, exit 0', () => {
  const f = join(dir, 'etl.sql');
  writeFileSync(f, "-- 日终\nINSERT INTO dw.fact (a, b) SELECT a, md5(b) FROM ods.t WHERE c = 1;\nselec nonsense;\nCREATE VIEW v AS SELECT x FROM y;\n");
  const r = run('parse', f, '--dialect', 'postgres', '--json');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines, [
    { from: 'ods.t.a', to: 'dw.fact.a', transform: 'copy' },
    { from: 'ods.t.c', to: 'dw.fact.a', transform: 'filter' },
    { from: 'ods.t.b', to: 'dw.fact.b', transform: 'mask' },
    { from: 'ods.t.c', to: 'dw.fact.b', transform: 'filter' },
    { from: 'public.y.x', to: 'public.v.x', transform: 'copy' },
  ]);
  assert.match(r.stderr, new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: statement does not parse`));
});

test('lineage parse mysql without --json prints a table; USE sets the schema', () => {
  const f = join(dir, 'm.sql');
  writeFileSync(f, 'USE ta;\nINSERT INTO t2 (a) SELECT a FROM t1;\n');
  const r = run('parse', f, '--dialect', 'mysql');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /ta\.t1\.a\s+ta\.t2\.a\s+copy/);
  const j = run('parse', f, '--dialect', 'mysql', '--json');
  assert.deepEqual(JSON.parse(j.stdout.trim()), { from: 'ta.t1.a', to: 'ta.t2.a', transform: 'copy' });
});

test('lineage parse: unreadable file and nothing parsed are non-zero', () => {
  assert.notEqual(run('parse', join(dir, 'missing.sql'), '--dialect', 'postgres', '--json').status, 0);
  const f = join(dir, 'bad.sql');
  writeFileSync(f, 'selec 1;\nnot sql at all;\n');
  const r = run('parse', f, '--dialect', 'postgres', '--json');
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.notEqual(run('parse', f, '--dialect', 'oracle').status, 0);
});

test('lineage openlineage --json over the fixtures', () => {
  const fx = new URL('../fixtures/openlineage/', import.meta.url).pathname;
  const r = run('openlineage', fx + 'spark-column-lineage.json', fx + 'airflow-bigquery-column-lineage.json', fx + 'dbt-column-lineage.json', '--json');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 6 + 8 + 3);
  assert.ok(lines.some((l) => l.to.field === 'sum(word_count)' && l.transform === 'aggregate' && l.transformations[0] === 'DIRECT:AGGREGATION'));
  assert.deepEqual(Object.keys(lines[0]), ['from', 'to', 'transformations', 'transform']);
  assert.deepEqual(Object.keys(lines[0].from), ['namespace', 'dataset', 'field']);
});

test('lineage openlineage reads JSON Lines and names the bad line', () => {
  const good = readFileSync(new URL('../fixtures/openlineage/dbt-column-lineage.json', import.meta.url).pathname, 'utf8').trim();
  const f = join(dir, 'events.jsonl');
  writeFileSync(f, `${good}\n{"eventTime": "2025-01-01T00:00:00Z"}\n\n{broken\n`);
  const r = run('openlineage', f, '--json');
  assert.equal(r.status, 2);
  assert.equal(r.stdout.trim().split('\n').length, 3);
  assert.match(r.stderr, /events\.jsonl:2: invalid RunEvent: producer is required/);
  assert.match(r.stderr, /events\.jsonl:4: invalid RunEvent: not valid JSON/);
});
