// Quality gate: the classifier over the labelled columns of the grading reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyLabelled, confusionMatrix, readLabelled } from './labelled.ts';

test('labelled columns: ≥ 95% exact grade agreement and no grade 3-4 column suggested below 3', () => {
  const rows = readLabelled();
  assert.equal(rows.length, 545, 'the labelled set has 545 columns');
  const outcomes = classifyLabelled(rows);
  const agree = outcomes.filter((o) => o.got.grade === o.expected).length;
  const under = outcomes.filter((o) => o.expected >= 3 && o.got.grade < 3);
  const pct = (100 * agree) / outcomes.length;
  console.log(`grade agreement ${pct.toFixed(1)}% (${agree}/${outcomes.length}); under-graded 3-4 columns: ${under.length}`);
  for (const line of confusionMatrix(outcomes).split('\n')) console.log(`${line}`);
  for (const o of outcomes.filter((x) => x.got.grade !== x.expected)) {
    console.log(`mismatch ${o.row.system}.${o.row.table}.${o.row.column}: expected ${o.expected}, suggested ${o.got.grade} (${o.got.conceptId})`);
  }
  assert.deepEqual(under.map((o) => `${o.row.table}.${o.row.column}`), []);
  assert.ok(pct >= 95, `grade agreement ${pct.toFixed(1)}% is below 95%`);
});

test('labelled columns: ≥ 75% category agreement (generic fields take their system\'s category)', () => {
  const outcomes = classifyLabelled(readLabelled());
  const agree = outcomes.filter((o) => o.got.categoryPath === o.row.category).length;
  const pct = (100 * agree) / outcomes.length;
  console.log(`category agreement ${pct.toFixed(1)}% (${agree}/${outcomes.length})`);
  assert.ok(pct >= 75, `category agreement ${pct.toFixed(1)}% is below 75%`);
});

test('evidence names rules and keywords, never a sampled value', () => {
  const rows = readLabelled();
  const outcomes = classifyLabelled(rows);
  for (const o of outcomes) {
    assert.ok(o.got.evidence.length > 0, `${o.row.column} has evidence`);
    const text = JSON.stringify(o.got);
    for (const v of o.row.samples.split('|').filter((s) => s.length >= 4)) {
      assert.ok(!text.includes(v), `${o.row.table}.${o.row.column}: a sample value leaked into the suggestion`);
    }
    assert.ok(o.got.confidence > 0 && o.got.confidence <= 1);
  }
});
