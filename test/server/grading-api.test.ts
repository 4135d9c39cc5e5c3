// Classification after harvest and the steward's workflow, through GraphQL, on a real PostgreSQL source.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startTestService, type TestService } from '../helpers/service.ts';
import { gb11643CheckChar } from '../../classifiers/checksums.ts';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `fg_grade_${process.pid}_${Date.now() % 100000}`;

function idNumber(i: number): string {
  const first17 = `1101011980${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(100 + i).slice(-3)}`;
  return first17 + gb11643CheckChar(first17);
}

describe('grading workflow', () => {
  let svc: TestService;
  let steward: string;
  let business: string;
  const db = new pg.Client({ connectionString: PG_URL });
  let pgUp = true;
  const ids = Array.from({ length: 40 }, (_, i) => idNumber(i));

  before(async () => {
    svc = await startTestService();
    await svc.addUser('st', ['steward']);
    await svc.addUser('biz', ['business']);
    steward = await svc.token('st');
    business = await svc.token('biz');
    try {
      await db.connect();
      await db.query(`CREATE SCHEMA ${schema}`);
      await db.query(`CREATE TABLE ${schema}.tcustinfo (c_custno varchar(20), c_custname varchar(100), c_identityno varchar(30), c_mobile varchar(24), c_memo varchar(200))`);
      await db.query(`COMMENT ON TABLE ${schema}.tcustinfo IS '客户信息表'`);
      await db.query(`COMMENT ON COLUMN ${schema}.tcustinfo.c_identityno IS '证件号码'`);
      await db.query(`CREATE TABLE ${schema}.tfundinfo (c_fundcode char(6), c_fundname varchar(100), d_lastmodify timestamp)`);
      await db.query(`COMMENT ON TABLE ${schema}.tfundinfo IS '基金信息表'`);
      for (let i = 0; i < 40; i++) {
        await db.query(`INSERT INTO ${schema}.tcustinfo VALUES ($1, $2, $3, $4, $5)`, [`C${100000 + i}`, ['陈静', '马超', '杨磊', '王芳'][i % 4], ids[i], `1380013${String(1000 + i)}`, i % 3 ? '' : 'VIP']);
      }
      await db.query(`INSERT INTO ${schema}.tfundinfo VALUES ('000001', '示例成长混合'), ('000002', '示例稳健债券')`);
      await svc.gql('mutation($i: SourceInput!) { registerSource(input: $i) { ... on Source { id } } }', { i: { id: 'ta', name: 'TA', system: 'TA', kind: 'postgres', connectionUrl: PG_URL, schemas: [schema] } }, steward);
    } catch {
      pgUp = false;
    }
  });
  after(async () => {
    if (pgUp) await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.end().catch(() => undefined);
    await svc.stop();
  });

  const colId = (table: string, col: string) => `ta/${schema}/${table}/${col}`;

  test('harvest classifies every column with evidence and never a sample value', async (t) => {
    if (!pgUp) return t.skip('no PostgreSQL');
    const job = await svc.harvest(steward, 'ta');
    assert.equal(job.status, 'succeeded', job.message);
    assert.ok(job.result.classified.suggested >= 7);
    const q = await svc.gql('{ reviewQueue(first: 100) { total items { columnId grade categoryId confidence evidence risk } } }', {}, steward);
    const byCol = new Map(q.body.data.reviewQueue.items.map((i: any) => [i.columnId, i]));
    assert.equal((byCol.get(colId('tcustinfo', 'c_identityno')) as any).grade, 3);
    assert.ok(((byCol.get(colId('tfundinfo', 'c_fundname')) as any).grade) <= 2);
    // a generic field takes the category of the source's system (registered as TA): 运营/登记过户(TA)
    const stamp = byCol.get(colId('tfundinfo', 'd_lastmodify')) as any;
    assert.equal(stamp.categoryId, 'O01', JSON.stringify(stamp));
    const text = JSON.stringify(q.body);
    for (const v of [ids[0], ids[7], '陈静', '13800131000']) assert.ok(!text.includes(v), `sample value ${v} leaked`);
    const ds = await svc.gql('query($id: String!) { dataset(id: $id) { grade } }', { id: `ta/${schema}/tcustinfo` }, steward);
    assert.ok(ds.body.data.dataset.grade >= 3, 'a table takes the highest grade of its columns');
  });

  test('confirm, override with a reason, history; bad decisions change nothing', async (t) => {
    if (!pgUp) return t.skip('no PostgreSQL');
    const idCol = colId('tcustinfo', 'c_identityno');
    const memo = colId('tcustinfo', 'c_memo');
    const c = await svc.gql('mutation($ids: [String!]!) { confirmGrades(columnIds: $ids) { ... on GradeDecisions { count } ... on Error { message } } }', { ids: [idCol] }, steward);
    assert.equal(c.body.data.confirmGrades.count, 1);
    const ov = (input: Record<string, unknown>, tok = steward) => svc.gql('mutation($i: OverrideGradeInput!) { overrideGrade(input: $i) { ... on GradeDecision { grade previousGrade } ... on Error { __typename message } } }', { i: input }, tok);
    assert.match((await ov({ columnId: memo, grade: 3, categoryId: 'nope', reason: '备注可能含证件号' })).body.data.overrideGrade.message, /unknown category/);
    const cats = (await svc.gql('{ categories { code path } }', {}, steward)).body.data.categories;
    const contact = cats.find((x: any) => x.path.startsWith('客户/联系方式'))?.code ?? cats[0].code;
    assert.match((await ov({ columnId: memo, grade: 5, categoryId: contact, reason: '备注可能含证件号' })).body.data.overrideGrade.message, /grade must be 1, 2, 3 or 4/);
    assert.match((await ov({ columnId: memo, grade: 3, categoryId: contact, reason: '' })).body.data.overrideGrade.message, /needs a reason/);
    assert.equal((await ov({ columnId: memo, grade: 3, categoryId: contact, reason: 'x' }, business)).body.errors?.[0].extensions?.code, 'FORBIDDEN');
    const before = (await svc.gql('query($id: String!) { column(id: $id) { gradeStatus grade } }', { id: memo }, steward)).body.data.column;
    assert.equal(before.gradeStatus, 'suggested', 'refused overrides changed nothing');
    const ok = await ov({ columnId: memo, grade: 3, categoryId: contact, reason: '客户表备注可能含证件号，就高' });
    assert.equal(ok.body.data.overrideGrade.grade, 3);
    const hist = await svc.gql('query($id: String!) { gradeHistory(columnId: $id) { kind actor reason grade } }', { id: memo }, steward);
    assert.deepEqual(hist.body.data.gradeHistory.map((h: any) => [h.kind, h.actor]), [['suggestion', 'classifier'], ['overridden', 'st']]);
  });

  test('a re-run never overwrites a decided grade; it flags the disagreement', async (t) => {
    if (!pgUp) return t.skip('no PostgreSQL');
    const fundname = colId('tfundinfo', 'c_fundname');
    const cats = (await svc.gql('{ categories { code path } }', {}, steward)).body.data.categories;
    await svc.gql('mutation($i: OverrideGradeInput!) { overrideGrade(input: $i) { __typename } }', { i: { columnId: fundname, grade: 4, categoryId: cats[0].code, reason: '测试：故意设为4' } }, steward);
    const job = await svc.harvest(steward, 'ta');
    assert.equal(job.status, 'succeeded');
    const col = (await svc.gql('query($id: String!) { column(id: $id) { grade gradeStatus } }', { id: fundname }, steward)).body.data.column;
    assert.deepEqual(col, { grade: 4, gradeStatus: 'overridden' });
    const q = await svc.gql('{ reviewQueue(first: 100, includeDecided: true) { items { columnId disagreement suggestedGrade } } }', {}, steward);
    const item = q.body.data.reviewQueue.items.find((i: any) => i.columnId === fundname);
    assert.ok(item?.disagreement);
  });

  test('bulk confirm on a filter, and statistics', async (t) => {
    if (!pgUp) return t.skip('no PostgreSQL');
    const r = await svc.gql('mutation($f: ReviewFilter!) { bulkConfirmGrades(filter: $f) { ... on GradeDecisions { count } } }', { f: { sourceId: 'ta' } }, steward);
    assert.ok(r.body.data.bulkConfirmGrades.count >= 3);
    const s = (await svc.gql('{ gradeStats(sourceId: "ta") { columns confirmed shareConfirmed byGrade { grade columns } } }', {}, steward)).body.data.gradeStats;
    assert.equal(s.columns, 8);
    assert.equal(s.shareConfirmed, 1);
  });

  test('rule changes are validated: a catastrophic pattern or grade 7 is refused and nothing is stored', async () => {
    const change = (c: Record<string, unknown>) => svc.gql('mutation($c: RuleChangeInput!) { changeClassificationRule(change: $c) { ... on RuleSetVersion { version } ... on Error { message } } }', { c }, steward);
    const bad = await change({ op: 'upsert', kind: 'patternDetector', rule: { id: 'evil', label: 'evil', pattern: '^(a+)+$' } });
    assert.match(bad.body.data.changeClassificationRule.message, /invalid classification rules/);
    const hist = await svc.gql('{ classificationRuleHistory { version } }', {}, steward);
    assert.deepEqual(hist.body.data.classificationRuleHistory, []);
  });
});
