// The approval policy: rules as data, chains from owners × steps, separation of duties, versions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RULES, PolicyError, buildChain, canFill, currentPolicy, dutyConflict, ruleFor, savePolicy, validateRules, policyHistory, type PolicyRule } from '../../catalog/policy.ts';
import { filterValueProblem } from '../../catalog/access.ts';
import { GrafeoGraph } from '../../catalog/graph/index.ts';
import { migrate } from '../../catalog/migrations.ts';

const col = (id: string, grade: number | null, owner: string | null, categoryId: string | null = null) => ({ id, path: id, grade, categoryId, ownerDepartment: owner });

test('grade 1 alone needs no approval', () => {
  assert.deepEqual(buildChain(DEFAULT_RULES, [col('a', 1, null)]).steps, []);
});

test('chain = policy steps × owner departments of every column', () => {
  const plan = buildChain(DEFAULT_RULES, [col('a', 2, 'ops'), col('b', 3, 'it'), col('c', 2, 'sales'), col('d', 3, 'ops')]);
  assert.deepEqual(plan.steps.map((s) => `${s.order}:${s.kind}:${s.department ?? ''}`), ['1:owner:it', '1:owner:ops', '1:owner:sales', '2:governance:']);
  assert.equal(plan.maxDays, 90);
  assert.equal(plan.grade, 3);
  const four = buildChain(DEFAULT_RULES, [col('x', 4, 'ops'), col('y', 1, null)]);
  assert.deepEqual(four.steps.map((s) => s.kind), ['owner', 'governance', 'senior']);
  assert.deepEqual(four.maskedByDefault, ['x']);
  assert.equal(four.maxDays, 30);
});

test('ungraded columns count as grade 4; a missing owner is a clear error', () => {
  assert.equal(buildChain(DEFAULT_RULES, [col('u', null, 'ops')]).grade, 4);
  assert.throws(() => buildChain(DEFAULT_RULES, [col('a', 2, null)]), /has no owner department/);
  assert.throws(() => buildChain(DEFAULT_RULES, []), PolicyError);
});

test('a category rule overrides its grade rule, the longest prefix first', () => {
  const rules = validateRules([...DEFAULT_RULES, { grade: 3, category: 'C01', steps: ['owner', 'governance', 'senior'], maxDays: 14, maskedByDefault: true }]);
  assert.equal(ruleFor(rules, 3, 'C0102').maxDays, 14);
  assert.equal(ruleFor(rules, 3, 'C03').maxDays, 90);
  assert.equal(ruleFor(rules, 2, 'C01').maxDays, 180);
});

test('bad rule sets are refused with the rule to fix', () => {
  const bad: [PolicyRule[], RegExp][] = [
    [DEFAULT_RULES.filter((r) => r.grade !== 2), /no general rule for grade 2/],
    [DEFAULT_RULES.map((r) => (r.grade === 4 ? { ...r, steps: [] } : r)), /cannot be approved automatically/],
    [DEFAULT_RULES.map((r) => (r.grade === 3 ? { ...r, steps: ['governance', 'owner'] as any } : r)), /order/],
    [DEFAULT_RULES.map((r) => (r.grade === 3 ? { ...r, steps: ['owner', 'owner'] as any } : r)), /twice/],
    [DEFAULT_RULES.map((r) => (r.grade === 3 ? { ...r, steps: ['boss'] as any } : r)), /unknown step/],
    [DEFAULT_RULES.map((r) => (r.grade === 3 ? { ...r, maxDays: 0 } : r)), /maxDays/],
    [[...DEFAULT_RULES, { ...DEFAULT_RULES[0], grade: 5 }], /grade must be/],
    [[...DEFAULT_RULES, { ...DEFAULT_RULES[1], category: 'c01; drop' }], /category code/],
  ];
  for (const [rules, re] of bad) assert.throws(() => validateRules(rules), re);
});

test('who may fill a step', () => {
  const step = { kind: 'owner' as const, department: 'ops' };
  assert.ok(canFill(step, { id: 'a', roles: ['approver'], department: 'ops' }));
  assert.ok(!canFill(step, { id: 'a', roles: ['approver'], department: 'it' }));
  assert.ok(!canFill(step, { id: 'a', roles: ['governance'], department: 'ops' }));
  assert.ok(canFill({ kind: 'governance', department: null }, { id: 'g', roles: ['governance'], department: null }));
  assert.ok(!canFill({ kind: 'senior', department: null }, { id: 's', roles: ['approver'], department: null }));
  assert.ok(canFill({ kind: 'senior', department: null }, { id: 's', roles: ['approver'], department: null, senior: true }));
});

test('separation of duties', () => {
  assert.match(dutyConflict('biz', ['biz'], [])!, /own request/);
  assert.match(dutyConflict('biz', ['deleg', 'biz'], [])!, /own request/, 'nor through a delegate');
  assert.match(dutyConflict('biz', ['g'], ['o', 'g'])!, /two steps/);
  assert.match(dutyConflict('biz', ['d', 'p'], ['p'])!, /two steps/, 'a delegate cannot fill a second step of the principal');
  assert.equal(dutyConflict('biz', ['g'], ['o']), null);
});

test('filter values: plain values only, typed by the column', () => {
  assert.equal(filterValueProblem('张伟', 'varchar'), null);
  assert.equal(filterValueProblem('100.5', 'numeric'), null);
  assert.equal(filterValueProblem('2024-02-29', 'date'), null);
  for (const v of ["O'Brien", 'a;b', 'a--b', '/*', 'a\\b', 'a\u0000', 'a\u202e', 'a\uD800', '']) assert.ok(filterValueProblem(v, 'text'), v);
  assert.match(filterValueProblem('1e5', 'numeric')!, /numeric/);
  assert.match(filterValueProblem('2024-13-01', 'date')!, /YYYY-MM-DD/);
});

test('the policy store: versions, history, stale edits refused', async () => {
  const graph = await GrafeoGraph.open(null);
  try {
    await migrate(graph);
    assert.equal((await currentPolicy(graph)).version, 0);
    const v1 = await savePolicy(graph, DEFAULT_RULES, 'gov', 'first');
    assert.equal(v1.version, 1);
    await assert.rejects(savePolicy(graph, DEFAULT_RULES, 'gov2', 'stale', 0), /changed meanwhile/);
    await assert.rejects(savePolicy(graph, DEFAULT_RULES, 'gov', ''), /reason/);
    await savePolicy(graph, DEFAULT_RULES.map((r) => ({ ...r, maxDays: Math.min(r.maxDays, 60) })), 'gov', 'shorter');
    assert.deepEqual((await policyHistory(graph)).map((p) => [p.version, p.actor]), [[2, 'gov'], [1, 'gov']]);
    assert.equal((await currentPolicy(graph)).rules[0].maxDays, 60);
  } finally {
    await graph.close();
  }
});
