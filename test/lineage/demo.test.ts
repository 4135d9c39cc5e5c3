import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadDemoLineage, listReconciliations } from '../../lineage/index.ts';
import { smallCatalogue, ETL_SQL, cid } from './fixture.ts';

test('loadDemoLineage: ETL SQL, views, OpenLineage files and reconciliation definitions, idempotently', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lineage-demo-'));
  const g = await smallCatalogue();
  try {
    mkdirSync(join(dir, 'etl'));
    mkdirSync(join(dir, 'openlineage'));
    writeFileSync(join(dir, 'etl', '01_dw.sql'), ETL_SQL);
    copyFileSync(new URL('../fixtures/openlineage/dbt-column-lineage.json', import.meta.url).pathname, join(dir, 'openlineage', 'dbt.json'));
    writeFileSync(join(dir, 'demo.json'), JSON.stringify({ reconciliations: [{
      id: 'REC-1', name: 'shares', left: { sourceId: 'ta', schema: 'ta', table: 'shares', column: 'share_bal', agg: 'sum' },
      right: { sourceId: 'dw', schema: 'dw', table: 'fund_scale', column: 'total_share', agg: 'sum' }, groupBy: [['fund_code', 'fund_code']], tolerance: 0.01,
    }] }));
    const r = await loadDemoLineage(g, dir, { sourceIdOf: (id) => `src-${id}` });
    assert.equal(r.etlFiles, 1);
    assert.ok(r.sqlEdges > 5);
    assert.equal(r.viewEdges, 2);
    assert.equal(r.openLineageEvents, 1);
    assert.equal(r.openLineageEdges, 3);
    assert.equal(r.reconciliations, 1);
    assert.deepEqual(r.problems, []);
    const [rec] = await listReconciliations(g);
    assert.equal(rec.left.columnId, cid('src-ta', 'ta', 'shares', 'share_bal'));
    const n = (await g.read<{ n: number }>('MATCH ()-[e:FLOWS_TO]->() RETURN count(e) AS n'))[0].n;
    await loadDemoLineage(g, dir, { sourceIdOf: (id) => `src-${id}` });
    assert.equal((await g.read<{ n: number }>('MATCH ()-[e:FLOWS_TO]->() RETURN count(e) AS n'))[0].n, n);
  } finally {
    await g.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
