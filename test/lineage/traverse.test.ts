import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Graph } from '../../catalog/graph/port.ts';
import { applyHarvest, upsertSource } from '../../catalog/assets.ts';
import { addManualEdge, downstream, upstream, impact, lineagePaths, tableLineage, defineReconciliation, ingestSql, LineageError, MAX_DEPTH } from '../../lineage/index.ts';
import { smallCatalogue, ETL_SQL, cid } from './fixture.ts';

const num = (name: string, ordinal: number) => ({ name, ordinal, dataType: 'numeric', baseType: 'NUMERIC', nullable: true });
const c = (i: number) => cid('src-x', 'x', 't', `c${i}`);
const u = (i: number) => cid('src-x', 'x', 'u', `u${i}`);
const byDepth = (nodes: { id: string; depth: number }[]) => Object.fromEntries(nodes.map((n) => [n.id, n.depth]));

describe('traversal', () => {
  let g: Graph;
  before(async () => {
    g = await smallCatalogue();
    await upsertSource(g, { id: 'src-x', name: 'x', system: '数仓', kind: 'postgres', schemas: null, path: null, dialect: null, connectionEnc: null });
    await applyHarvest(g, 'src-x', [
      { schema: 'x', name: 't', kind: 'table', columns: Array.from({ length: 10 }, (_, i) => num(`c${i}`, i + 1)) },
      { schema: 'x', name: 'u', kind: 'table', columns: [num('u0', 1), num('u1', 2)] },
    ], [], []);
    const add = (from: string, to: string, transform = 'copy') => addManualEdge(g, { fromId: from, toId: to, transform, actor: 'test' });
    for (let i = 0; i < 9; i++) await add(c(i), c(i + 1));
    await add(c(5), c(2)); // a cycle c2 → c3 → c4 → c5 → c2
    await add(c(0), c(9), 'mask');
    await add(c(1), c(2), 'filter'); // a parallel edge
    await add(c(9), u(0));
  });
  after(() => g.close());

  test('downstream to a depth, each column with its hop count', async () => {
    const r = await downstream(g, c(0), 3);
    assert.deepEqual(byDepth(r.nodes), { [c(0)]: 0, [c(1)]: 1, [c(9)]: 1, [c(2)]: 2, [u(0)]: 2, [c(3)]: 3 });
    assert.equal(r.truncated, false);
    assert.ok(r.edges.some((e) => e.fromId === c(0) && e.toId === c(9) && e.transform === 'mask'));
    assert.equal(r.nodes.find((n) => n.id === c(3))!.path, 'x.t.c3');
    assert.equal(r.nodes.find((n) => n.id === c(3))!.datasetPath, 'x.t');
  });

  test('cycles terminate: the whole component at the maximum depth, every column once', async () => {
    const r = await downstream(g, c(0), 50);
    assert.equal(r.depth, MAX_DEPTH);
    assert.equal(r.nodes.length, 11);
    assert.equal(new Set(r.nodes.map((n) => n.id)).size, 11);
    const up = await upstream(g, c(2), 20);
    assert.deepEqual(byDepth(up.nodes), { [c(2)]: 0, [c(1)]: 1, [c(5)]: 1, [c(0)]: 2, [c(4)]: 2, [c(3)]: 3 });
  });

  test('upstream follows edges backwards', async () => {
    const r = await upstream(g, c(3), 2);
    assert.deepEqual(byDepth(r.nodes), { [c(3)]: 0, [c(2)]: 1, [c(1)]: 2, [c(5)]: 2 });
  });

  test('bad depth and unknown columns are errors', async () => {
    await assert.rejects(downstream(g, c(0), 0), (e: Error) => e instanceof LineageError && /depth/.test(e.message));
    await assert.rejects(upstream(g, 'nope', 2), /column nope is not in the catalogue/);
  });

  test('paths between two columns, shortest first, parallel edges in one step', async () => {
    const r = await lineagePaths(g, c(0), c(9), { maxDepth: 10 });
    assert.deepEqual(r.paths.map((p) => p.columns.length - 1), [1, 9]);
    assert.equal(r.paths[0].edges[0].transform, 'mask');
    const long = r.paths[1];
    assert.deepEqual(long.columns, Array.from({ length: 10 }, (_, i) => c(i)));
    assert.deepEqual(long.edges.filter((e) => e.fromId === c(1)).map((e) => e.transform).sort(), ['copy', 'filter']);
    const short = await lineagePaths(g, c(0), c(9), { maxDepth: 5 });
    assert.equal(short.paths.length, 1);
    const none = await lineagePaths(g, c(9), c(0), {});
    assert.deepEqual(none.paths, []);
    const cyc = await lineagePaths(g, c(3), c(2), {});
    assert.deepEqual(cyc.paths.map((p) => p.columns), [[c(3), c(4), c(5), c(2)]]);
  });

  test('impact: downstream columns, datasets, reconciliation checks and exports that depend on a column', async () => {
    await defineReconciliation(g, { id: 'REC-X', name: 'x', left: { columnId: c(4), agg: 'sum' }, right: { columnId: u(1), agg: 'sum' } }, 'test');
    await g.write("MATCH (c:Column {id: $id}) CREATE (x:Export {id: 'exp-1'})-[:INCLUDES]->(c)", { id: u(0) });
    const r = await impact(g, c(6));
    assert.deepEqual(r.columns.map((n) => n.id).sort(), [c(7), c(8), c(9), u(0)].sort());
    assert.deepEqual(r.datasets.map((d) => [d.path, d.columns, d.minDepth]), [['x.t', 3, 1], ['x.u', 1, 4]]);
    assert.deepEqual(r.reconciliations, []);
    assert.deepEqual(r.exports, ['exp-1']);
    const r2 = await impact(g, c(2));
    assert.deepEqual(r2.reconciliations.map((x) => [x.id, x.columnIds]), [['REC-X', [c(4)]]]);
  });

  test('table lineage is the roll-up of column edges, both directions', async () => {
    await ingestSql(g, ETL_SQL, { dialect: 'postgres', file: 'etl.sql', actor: 't' });
    const r = await tableLineage(g, 'src-ta/ta/shares', 1);
    assert.deepEqual(r.datasets.map((d) => [d.path, d.depth]), [['ta.shares', 0], ['dw.fund_scale', 1]]);
    assert.equal(r.edges.length, 1);
    const e = r.edges[0];
    assert.equal(e.fromDatasetId, 'src-ta/ta/shares');
    assert.equal(e.toDatasetId, 'src-dw/dw/fund_scale');
    const t = Object.fromEntries(e.transforms.map((x) => [x.transform, x.count]));
    assert.equal(t.aggregate, 1);
    assert.equal(t.copy, 2);
    assert.ok(t.filter >= 2);
    assert.equal(e.columnEdges, e.transforms.reduce((s, x) => s + x.count, 0));
    const self = await tableLineage(g, 'src-x/x/t', 2);
    const selfEdge = self.edges.find((x) => x.fromDatasetId === 'src-x/x/t' && x.toDatasetId === 'src-x/x/t')!;
    assert.equal(selfEdge.columnEdges, 12); // c0…c9 chain (9) + cycle (1) + mask (1) + parallel filter (1), counted once
    await assert.rejects(tableLineage(g, 'nope'), /dataset nope/);
  });
});
