// previewClassificationRule: a rule change applied in memory over the harvested metadata lists the
// columns it would regrade, stores nothing, and is for stewards, governance and admins only.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestService, type TestService } from '../helpers/service.ts';

const DDL = `
CREATE TABLE ta.tcustinfo (
  c_custno VARCHAR(20) COMMENT '客户编号',
  c_custname VARCHAR(100) COMMENT '客户姓名',
  c_memo VARCHAR(200) COMMENT '备注'
) COMMENT='客户信息表';
CREATE TABLE ta.tfundinfo (c_fundcode CHAR(6) COMMENT '基金代码', c_remark VARCHAR(200) COMMENT '备注') COMMENT='基金信息表';
`;
const PREVIEW = `query($c: RuleChangeInput!) { previewClassificationRule(change: $c) { __typename ... on RuleChangePreview { version total columnsChecked datasetsChecked all affectedConcepts changes { columnId path before after gradeStatus afterCategoryId } } ... on Error { message } } }`;
const memoRule = { id: 'col.memo_free_text', label: '备注（可能含个人信息）', category: 'C01', grade: 4, priority: 300, weight: 0.9, zh: ['备注'], en: ['memo', 'remark'] };

describe('previewClassificationRule', () => {
  let svc: TestService;
  let steward: string;
  let business: string;
  before(async () => {
    svc = await startTestService();
    await svc.addUser('st', ['steward']);
    await svc.addUser('biz', ['business']);
    steward = await svc.token('st');
    business = await svc.token('biz');
    writeFileSync(join(svc.dataDir, 'ta.sql'), DDL);
    const r = await svc.gql('mutation($i: SourceInput!) { registerSource(input: $i) { ... on Source { id } ... on Error { message } } }',
      { i: { id: 'ta', name: 'TA', system: 'TA', kind: 'ddl', path: join(svc.dataDir, 'ta.sql'), dialect: 'mysql' } }, steward);
    assert.equal(r.body.data.registerSource.id, 'ta', JSON.stringify(r.body));
    const job = await svc.harvest(steward, 'ta');
    assert.equal(job.status, 'succeeded', job.message);
  });
  after(() => svc.stop());

  test('a new concept for 备注 raises both memo columns to grade 4 and nothing else; nothing is stored', async () => {
    const r = await svc.gql(PREVIEW, { c: { op: 'upsert', kind: 'concept', rule: memoRule } }, steward);
    assert.equal(r.body.errors, undefined, JSON.stringify(r.body.errors));
    const p = r.body.data.previewClassificationRule;
    assert.equal(p.__typename, 'RuleChangePreview');
    assert.equal(p.datasetsChecked, 2);
    assert.equal(p.columnsChecked, 5);
    assert.deepEqual(p.affectedConcepts, ['col.memo_free_text']);
    assert.deepEqual(p.changes.map((c: any) => c.path).sort(), ['ta.tcustinfo.c_memo', 'ta.tfundinfo.c_remark']);
    for (const c of p.changes) {
      assert.ok(c.before < 4, `${c.path} was ${c.before}`);
      assert.equal(c.after, 4);
      assert.equal(c.afterCategoryId, 'C01');
    }
    assert.equal(p.total, 2);
    const h = await svc.gql('{ classificationRuleHistory { version } }', {}, steward);
    assert.deepEqual(h.body.data.classificationRuleHistory, [], 'a preview stores no rule version');
    const memo = await svc.gql('{ reviewQueue(first: 50, includeDecided: true) { items { path grade } } }', {}, steward);
    assert.ok(memo.body.data.reviewQueue.items.find((i: any) => i.path === 'ta.tcustinfo.c_memo').grade < 4, 'no grade changed');
  });

  test('editing an existing concept (its grade lowered) lists the column it carries; a bad rule is a RuleValidationError', async () => {
    const rules = (await svc.gql('{ classificationRules }', {}, steward)).body.data.classificationRules;
    const concept = rules.concepts.find((c: any) => c.id === 'col.customer_name');
    const r = await svc.gql(PREVIEW, { c: { op: 'upsert', kind: 'concept', rule: { ...concept, grade: 2, contexts: undefined } } }, steward);
    const p = r.body.data.previewClassificationRule;
    const row = p.changes.find((c: any) => c.path === 'ta.tcustinfo.c_custname');
    assert.ok(row, JSON.stringify(p));
    assert.ok(row.before > 2 && row.after === 2, JSON.stringify(row));
    assert.ok(!p.changes.some((c: any) => c.path.endsWith('c_fundcode')), 'an unrelated column does not move');
    const bad = await svc.gql(PREVIEW, { c: { op: 'upsert', kind: 'concept', rule: { ...memoRule, grade: 7 } } }, steward);
    assert.equal(bad.body.data.previewClassificationRule.__typename, 'RuleValidationError');
    assert.match(bad.body.data.previewClassificationRule.message, /grade/);
  });

  test('business users may not preview', async () => {
    const r = await svc.gql(PREVIEW, { c: { op: 'upsert', kind: 'concept', rule: memoRule } }, business);
    assert.equal(r.body.errors?.[0].extensions?.code, 'FORBIDDEN');
  });
});
