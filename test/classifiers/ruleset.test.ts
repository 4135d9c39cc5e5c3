import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  applyRuleChange, classifyTable, loadRuleSet, RuleValidationError, validateRule, validateRuleSet,
} from '../../classifiers/index.ts';

const RULES_PATH = new URL('../../classifiers/rules/fund-manager.json', import.meta.url);

test('the default profile loads, validates and carries the README category tree with codes', () => {
  const rules = loadRuleSet();
  assert.equal(rules.profile, 'fund-manager');
  assert.ok(Number.isInteger(rules.version) && rules.version >= 1);
  const top = rules.categories.map((c) => c.name);
  assert.deepEqual(top, ['客户', '产品', '投资', '运营', '销售', '风险合规', '经营管理', '参考数据']);
  const customer = rules.categories[0].children!.map((c) => c.name);
  assert.deepEqual(customer, ['个人身份', '机构信息', '联系方式', '账户', '资产与份额', '交易记录', '适当性与风险测评', '反洗钱与税务', '鉴别信息']);
  assert.ok(rules.concepts.length > 50 && rules.detectors.length > 20);
});

const expectProblem = (fn: () => unknown, re: RegExp) => {
  assert.throws(fn, (e: unknown) => e instanceof RuleValidationError && e.problems.some((p) => re.test(p)));
};

test('validateRule rejects bad regexes, catastrophic patterns, unknown categories and grades outside 1-4', () => {
  const rules = loadRuleSet();
  expectProblem(() => validateRule({ id: 'pat.bad', label: 'x', pattern: '([a-z]' }, { rules }), /does not compile/);
  expectProblem(() => validateRule({ id: 'pat.redos', label: 'x', pattern: '^(a+)+$' }, { rules }), /backtrack catastrophically/);
  expectProblem(() => validateRule({ id: 'pat.flags', label: 'x', pattern: '^a$', flags: 'g' }, { rules }), /flags/);
  expectProblem(() => validateRule({ id: 'col.x', label: 'x', category: 'Z99', grade: 3, priority: 50, zh: ['某'] }, { rules }), /unknown category code "Z99"/);
  expectProblem(() => validateRule({ id: 'col.x', label: 'x', category: 'C01', grade: 5, priority: 50 }, { rules }), /outside 1-4/);
  expectProblem(() => validateRule({ id: 'col.x', label: 'x', category: 'C01', grade: 0, priority: 50 }, { rules }), /outside 1-4/);
  expectProblem(() => validateRule({ id: 'col.x', label: 'x', category: 'C01', grade: 3, priority: 50, contexts: { nowhere: { grade: 2 } } }, { rules }), /unknown context "nowhere"/);
  expectProblem(() => validateRule({ id: 'det.x', detector: 'no_such', concept: 'col.phone', minHitRatio: 0.5, strength: 'strong' }, { rules }), /unknown detector/);
  expectProblem(() => validateRule({ id: 'agg.x', label: 'x', requireTags: [], grade: 4 }, { rules }), /requireTags/);
  expectProblem(() => validateRule({ id: 'Bad Id', label: 'x', category: 'C01', grade: 3, priority: 1 }, { rules }), /id "Bad Id"/);
  // a sound rule passes
  validateRule({ id: 'pat.member_card', label: '会员卡号', pattern: '^VIP\\d{8}$' }, { rules });
  validateRule({ id: 'col.member_card', label: '会员卡号', category: 'C04', grade: 3, priority: 60, zh: ['会员卡号'], en: ['member card'] }, { rules });
});

test('validateRuleSet lists every problem of a broken rule set with what to fix', () => {
  const raw = JSON.parse(readFileSync(RULES_PATH, 'utf8'));
  raw.concepts[0].grade = 7;
  raw.concepts[1].category = 'X01';
  raw.detectors[0].concept = 'col.nope';
  raw.patternDetectors = [{ id: 'pat.evil', label: 'evil', pattern: '(x+x+)+y' }];
  try {
    validateRuleSet(raw);
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof RuleValidationError);
    assert.equal(e.problems.length, 4, e.problems.join('\n'));
    assert.match(e.message, /outside 1-4/);
    assert.match(e.message, /unknown category code "X01"/);
    assert.match(e.message, /unknown concept "col.nope"/);
    assert.match(e.message, /backtrack/);
  }
  assert.throws(() => validateRuleSet(null), RuleValidationError);
  assert.throws(() => validateRuleSet({ profile: 'x', version: 0 }), /version must be a positive integer/);
});

test('applyRuleChange is pure, versions the rule set, and changes what classification suggests', () => {
  const rules = loadRuleSet();
  const before = JSON.stringify(rules);
  const table = { name: 'member', comment: '会员资料', columns: [{ name: 'vip_card', dataType: 'varchar(11)', comment: '会员卡' }] };
  const samples = new Map([['vip_card', ['VIP00000001', 'VIP00000002']]]);
  assert.equal(classifyTable(table, samples, rules).columns[0].grade, 2);

  const r1 = applyRuleChange(rules, { op: 'upsert', kind: 'concept', rule: { id: 'col.member_card', label: '会员卡号', category: 'C04', grade: 3, priority: 60, zh: ['会员卡'], en: ['vip card'] } });
  assert.equal(r1.rules.version, rules.version + 1);
  assert.deepEqual(r1.affectedConcepts, ['col.member_card']);
  assert.equal(r1.previous, null);
  const s1 = classifyTable(table, samples, r1.rules).columns[0];
  assert.equal(s1.grade, 3);
  assert.equal(s1.categoryId, 'C04');
  assert.ok(s1.evidence.some((e) => e.ruleId === 'col.member_card' && e.matched === '会员卡'));

  const r2 = applyRuleChange(r1.rules, { op: 'upsert', kind: 'patternDetector', rule: { id: 'pat.vip', label: 'VIP 卡号', pattern: '^VIP\\d{8}$' } });
  const r3 = applyRuleChange(r2.rules, { op: 'upsert', kind: 'detector', rule: { id: 'det.vip', detector: 'pat.vip', concept: 'col.member_card', minHitRatio: 0.5, strength: 'strong' } });
  assert.equal(r3.rules.version, rules.version + 3);
  const s3 = classifyTable({ ...table, columns: [{ name: 'c1', dataType: 'varchar(11)', comment: null }] }, new Map([['c1', ['VIP00000001']]]), r3.rules).columns[0];
  assert.equal(s3.conceptId, 'col.member_card');
  assert.ok(s3.evidence.some((e) => e.kind === 'detector' && e.matched === 'pat.vip' && e.hitRatio === 1));

  // invalid changes throw and leave everything as it was
  assert.throws(() => applyRuleChange(r3.rules, { op: 'upsert', kind: 'patternDetector', rule: { id: 'pat.vip', label: 'x', pattern: '^(\\w+\\s?)*$' } }), RuleValidationError);
  assert.throws(() => applyRuleChange(r3.rules, { op: 'remove', kind: 'concept', id: 'col.member_card' }), /unknown concept "col.member_card"/);
  assert.throws(() => applyRuleChange(r3.rules, { op: 'remove', kind: 'concept', id: 'col.nothing' }), /does not exist/);
  assert.equal(JSON.stringify(rules), before, 'the input rule set is untouched');
});
