import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Graph } from '../../catalog/graph/port.ts';
import { gradeConflicts, suggestFromLineage, ingestSql, ingestViews, addManualEdge } from '../../lineage/index.ts';
import { smallCatalogue, ETL_SQL, cid, setGrade } from './fixture.ts';

const ta = (t: string, c: string) => cid('src-ta', 'ta', t, c);
const dw = (t: string, c: string) => cid('src-dw', 'dw', t, c);

describe('grades along lineage', () => {
  let g: Graph;
  before(async () => {
    g = await smallCatalogue();
    await ingestSql(g, ETL_SQL, { dialect: 'postgres', file: 'etl.sql', actor: 't' });
    await ingestViews(g, 'src-dw');
    await setGrade(g, ta('customer', 'id_no'), 4);
    await setGrade(g, ta('customer', 'name'), 3);
    await setGrade(g, ta('customer', 'mobile'), 3);
    await setGrade(g, ta('shares', 'share_bal'), 3);
    await setGrade(g, ta('shares', 'fund_code'), 1);
    await setGrade(g, dw('dim_cust', 'name'), 2);          // copied from a grade-3 column: conflict
    await setGrade(g, dw('dim_cust', 'id_no_masked'), 1);  // md5 of a grade-4 column: lowered by a rule
    await setGrade(g, dw('fund_scale', 'total_share'), 2); // sum of a grade-3 column: lowered by a rule
  });
  after(() => g.close());

  test('a column graded below an upstream column reached by copy is a conflict, with its path', async () => {
    const r = await gradeConflicts(g);
    assert.deepEqual(r.conflicts.map((c) => [c.path, c.grade, c.upstreamPath, c.upstreamGrade]), [['dw.dim_cust.name', 2, 'ta.customer.name', 3]]);
    assert.deepEqual(r.conflicts[0].steps.map((s) => [s.fromId, s.toId, s.transform]), [[ta('customer', 'name'), dw('dim_cust', 'name'), 'copy']]);
  });

  test('mask and aggregate lower grades without conflict, and the rule is reported', async () => {
    const r = await gradeConflicts(g);
    const lowered = Object.fromEntries(r.lowered.map((l) => [l.toPath, [l.fromGrade, l.toGrade, l.transform, l.rule]]));
    assert.deepEqual(lowered['dw.dim_cust.id_no_masked'], [4, 1, 'mask', 'md5']);
    assert.deepEqual(lowered['dw.fund_scale.total_share'], [3, 2, 'aggregate', 'sum']);
    assert.ok(!r.conflicts.some((c) => c.path === 'dw.dim_cust.id_no_masked' || c.path === 'dw.fund_scale.total_share'));
  });

  test('unclassified downstream columns get the highest upstream grade through non-desensitising paths', async () => {
    const s = await suggestFromLineage(g);
    const by = Object.fromEntries(s.map((x) => [x.path, x]));
    assert.equal(by['dw.dim_cust.mobile'].grade, 3);
    assert.equal(by['dw.dim_cust.mobile'].fromPath, 'ta.customer.mobile');
    // Through the view: ta.customer.name (3) → dw.dim_cust.name (2) → dw.v_cust.cust_name: the grade 3 flows on.
    assert.equal(by['dw.v_cust.cust_name'].grade, 3);
    assert.equal(by['dw.v_cust.cust_name'].fromPath, 'ta.customer.name');
    assert.deepEqual(by['dw.v_cust.cust_name'].steps.map((x) => x.toId), [dw('dim_cust', 'name'), dw('v_cust', 'cust_name')]);
    assert.match(by['dw.v_cust.cust_name'].reason, /copy → copy from ta.customer.name \(grade 3\)/);
    // Filter edges carry no values: fund_code only decides which rows of total_share flow.
    assert.equal(by['dw.fund_scale.stat_dt'], undefined);
    // Graded columns get no suggestion.
    assert.equal(by['dw.dim_cust.name'], undefined);
  });

  test('a higher grade reaching through a derive edge becomes the conflict\'s upstream', async () => {
    await addManualEdge(g, { fromId: ta('customer', 'id_no'), toId: dw('dim_cust', 'name'), transform: 'derive', actor: 't' });
    const r = await gradeConflicts(g);
    const c = r.conflicts.find((x) => x.path === 'dw.dim_cust.name')!;
    assert.equal(c.upstreamGrade, 4);
    assert.equal(c.upstreamPath, 'ta.customer.id_no');
    assert.equal(c.steps[0].transform, 'derive');
  });
});
