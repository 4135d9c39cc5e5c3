import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { Graph } from '../../catalog/graph/port.ts';
import { GrafeoGraph } from '../../catalog/graph/grafeo.ts';
import { migrate } from '../../catalog/migrations.ts';
import { applyHarvest, upsertSource } from '../../catalog/assets.ts';
import {
  defineReconciliation, runReconciliation, reconciliationResults, listReconciliations, runDueChecks, parseAggregateExpression,
  ReconciliationError, type SourceConnector, type AuditSink,
} from '../../lineage/index.ts';
import { cid, setGrade } from './fixture.ts';

const URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `lin_rec_${process.pid}_${Date.now().toString(36)}`;

const col = (name: string, ordinal: number, dataType: string) => ({ name, ordinal, dataType, baseType: dataType.replace(/\(.*$/, '').toUpperCase(), nullable: true });

describe('reconciliation checks against PostgreSQL', () => {
  let g: Graph;
  let admin: pg.Client;
  const opened: pg.Client[] = [];
  const connect: SourceConnector = async () => { const c = new pg.Client({ connectionString: URL }); await c.connect(); opened.push(c); return c; };
  const audited: Parameters<AuditSink['append']>[0][] = [];
  const audit: AuditSink = { append: async (e) => { audited.push(e); return { seq: audited.length }; } };

  before(async () => {
    admin = new pg.Client({ connectionString: URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${SCHEMA}`);
    await admin.query(`CREATE TABLE ${SCHEMA}.ta_shares (fund_code text, cdate date, shares numeric(18,2))`);
    await admin.query(`CREATE TABLE ${SCHEMA}.gz_nav (jjdm text, ywrq date, total numeric(18,2))`);
    await admin.query(`CREATE TABLE ${SCHEMA}."Odd ""Name""" ("Fund Code" text, amount numeric)`);
    await admin.query(`INSERT INTO ${SCHEMA}.ta_shares VALUES ('F1','2024-06-27',100),('F1','2024-06-27',50),('F1','2024-06-28',200),('F2','2024-06-28',10),(NULL,'2024-06-28',1)`);
    await admin.query(`INSERT INTO ${SCHEMA}.gz_nav VALUES ('F1','2024-06-27',150),('F1','2024-06-28',200),('F2','2024-06-28',10),(NULL,'2024-06-28',1)`);
    await admin.query(`INSERT INTO ${SCHEMA}."Odd ""Name""" VALUES ('F1', 150), ('F1', 200), ('F2', 10)`);

    g = GrafeoGraph.open(null);
    await migrate(g);
    for (const id of ['src-ta', 'src-gz']) await upsertSource(g, { id, name: id, system: 'x', kind: 'postgres', schemas: [SCHEMA], path: null, dialect: null, connectionEnc: null });
    await upsertSource(g, { id: 'src-csv', name: 'csv', system: 'x', kind: 'csv', schemas: null, path: '/tmp/x', dialect: null, connectionEnc: null });
    await applyHarvest(g, 'src-ta', [
      { schema: SCHEMA, name: 'ta_shares', kind: 'table', columns: [col('fund_code', 1, 'text'), col('cdate', 2, 'date'), col('shares', 3, 'numeric(18,2)')] },
      { schema: SCHEMA, name: 'Odd "Name"', kind: 'table', columns: [col('Fund Code', 1, 'text'), col('amount', 2, 'numeric')] },
    ], [], []);
    await applyHarvest(g, 'src-gz', [{ schema: SCHEMA, name: 'gz_nav', kind: 'table', columns: [col('jjdm', 1, 'text'), col('ywrq', 2, 'date'), col('total', 3, 'numeric(18,2)')] }], [], []);
    await applyHarvest(g, 'src-csv', [{ schema: null, name: 'f.csv', kind: 'file', columns: [col('amount', 1, 'numeric')] }], [], []);
  });

  after(async () => {
    for (const c of opened) await c.end().catch(() => {});
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.end();
    await g.close();
  });

  const defineTaGz = () => defineReconciliation(g, {
    id: 'REC-TA-GZ', name: 'TA份额 = 估值总份额', description: 'per fund and date',
    left: { sourceId: 'src-ta', schema: SCHEMA, table: 'ta_shares', column: 'shares', agg: 'sum' },
    right: { expression: `sum(${SCHEMA}.gz_nav.total)` },
    groupBy: [['fund_code', 'jjdm'], ['cdate', 'ywrq']], tolerance: 0.01,
  }, 'chenjing');

  test('a check is stored, linked to the columns it reads', async () => {
    const r = await defineTaGz();
    assert.equal(r.left.columnId, cid('src-ta', SCHEMA, 'ta_shares', 'shares'));
    assert.equal(r.right.columnId, cid('src-gz', SCHEMA, 'gz_nav', 'total'));
    assert.equal(r.right.agg, 'sum');
    assert.deepEqual(r.groupBy.map((x) => [x.left.column, x.right.column]), [['fund_code', 'jjdm'], ['cdate', 'ywrq']]);
    const reads = await g.read<{ role: string; id: string }>('MATCH (r:Reconciliation {id: $id})-[x:READS]->(c:Column) RETURN x.role AS role, c.id AS id ORDER BY role, id', { id: 'REC-TA-GZ' });
    assert.deepEqual(reads.map((x) => x.role), ['group-left', 'group-left', 'group-right', 'group-right', 'left', 'right']);
    await defineTaGz(); // redefining replaces, never duplicates
    assert.equal((await g.read('MATCH (r:Reconciliation {id: $id})-[x:READS]->() RETURN x', { id: 'REC-TA-GZ' })).length, 6);
    assert.equal((await listReconciliations(g)).length, 1);
  });

  test('passing run across two sources (NULL groups match), kept as a result; nothing audited', async () => {
    const r = await runReconciliation(g, 'REC-TA-GZ', { connect, actor: 'chenjing', audit });
    assert.equal(r.error, null);
    assert.equal(r.ok, true);
    assert.equal(r.groups, 4);
    assert.equal(r.leftTotal, 361);
    assert.equal(r.rightTotal, 361);
    assert.equal(audited.length, 0);
    const stored = await reconciliationResults(g, 'REC-TA-GZ');
    assert.equal(stored.length, 1);
    assert.equal(stored[0].id, r.id);
    assert.equal(stored[0].ok, true);
  });

  test('failing run: differing and one-sided groups, masked group values, stored and audited', async () => {
    await admin.query(`INSERT INTO ${SCHEMA}.gz_nav VALUES ('F3','2024-06-28',5), ('F2','2024-06-28',0.5)`);
    const r = await runReconciliation(g, 'REC-TA-GZ', { connect, actor: 'chenjing', audit });
    assert.equal(r.ok, false);
    assert.equal(r.failingCount, 2);
    assert.deepEqual(r.failingGroups.map((f) => [f.left, f.right, f.difference, f.missing]), [[0, 5, -5, 'left'], [10, 10.5, -0.5, null]]);
    // fund_code has no grade yet: its values are masked; the date column neither is graded.
    assert.match(r.failingGroups[0].key.fund_code!, /^\*\*\*[0-9a-f]{8}$/);
    assert.equal(audited.length, 1);
    assert.equal(audited[0].action, 'reconciliation.failed');
    assert.equal(audited[0].target, 'REC-TA-GZ');
    assert.equal(audited[0].outcome, 'failed');
    assert.equal((audited[0].details as any).failingCount, 2);
    const [latest] = await reconciliationResults(g, 'REC-TA-GZ');
    assert.equal(latest.id, r.id);
    assert.equal(latest.failingGroups.length, 2);
    const [check] = await listReconciliations(g);
    assert.equal(check.lastOk, false);
  });

  test('group values of columns graded 1-2 are shown', async () => {
    await setGrade(g, cid('src-ta', SCHEMA, 'ta_shares', 'fund_code'), 1);
    await setGrade(g, cid('src-ta', SCHEMA, 'ta_shares', 'cdate'), 1);
    await defineTaGz();
    const r = await runReconciliation(g, 'REC-TA-GZ', { connect, actor: 'chenjing', audit });
    assert.deepEqual(r.failingGroups[0].key, { fund_code: 'F3', cdate: '2024-06-28' });
  });

  test('one source: a single full outer join, with quoted odd identifiers, no groups', async () => {
    await defineReconciliation(g, {
      id: 'REC-ODD', name: 'odd names',
      left: { columnId: cid('src-ta', SCHEMA, 'Odd "Name"', 'amount'), agg: 'sum' },
      right: { columnId: cid('src-ta', SCHEMA, 'ta_shares', 'shares'), agg: 'sum' },
      tolerance: 1,
    }, 'chenjing');
    const r = await runReconciliation(g, 'REC-ODD', { connect, actor: 't', audit });
    assert.equal(r.error, null);
    assert.equal(r.groups, 1);
    assert.equal(r.leftTotal, 360);
    assert.equal(r.rightTotal, 361);
    assert.equal(r.ok, true);
    await defineReconciliation(g, {
      id: 'REC-ODD-G', name: 'odd names grouped',
      left: { columnId: cid('src-ta', SCHEMA, 'Odd "Name"', 'amount'), agg: 'count' },
      right: { columnId: cid('src-ta', SCHEMA, 'ta_shares', 'shares'), agg: 'count' },
      groupBy: [['Fund Code', 'fund_code']],
    }, 'chenjing');
    const g2 = await runReconciliation(g, 'REC-ODD-G', { connect, actor: 't', audit });
    assert.equal(g2.error, null);
    assert.equal(g2.ok, false); // F1: 2 vs 3, plus the NULL group only on the right
    assert.equal(g2.failingCount, 2);
  });

  test('the check runs read-only; a source error is kept as a failed result', async () => {
    await admin.query(`ALTER TABLE ${SCHEMA}.gz_nav RENAME COLUMN total TO total_old`);
    try {
      const r = await runReconciliation(g, 'REC-TA-GZ', { connect, actor: 't', audit });
      assert.equal(r.ok, false);
      assert.match(r.error!, /total/);
      assert.equal((audited.at(-1)!.details as any).error, r.error);
    } finally {
      await admin.query(`ALTER TABLE ${SCHEMA}.gz_nav RENAME COLUMN total_old TO total`);
    }
  });

  test('when the audit trail refuses the failure, no result is stored', async () => {
    const before = (await reconciliationResults(g, 'REC-TA-GZ', 1000)).length;
    const broken: AuditSink = { append: async () => { throw new Error('audit down'); } };
    await assert.rejects(runReconciliation(g, 'REC-TA-GZ', { connect, actor: 't', audit: broken }), /audit down/);
    assert.equal((await reconciliationResults(g, 'REC-TA-GZ', 1000)).length, before);
  });

  test('hostile or malformed definitions are refused with a clear error, and nothing is stored', async () => {
    const base = { id: 'REC-BAD', name: 'bad', right: { columnId: cid('src-gz', SCHEMA, 'gz_nav', 'total'), agg: 'sum' } };
    const bad: [any, RegExp][] = [
      [{ ...base, left: { expression: `sum(${SCHEMA}.ta_shares.shares) FROM ${SCHEMA}.ta_shares; DELETE FROM ${SCHEMA}.ta_shares` } }, /more than one statement|more than an aggregate/],
      [{ ...base, left: { expression: `sum(${SCHEMA}.ta_shares.shares) + (SELECT 1)` } }, /not a single aggregate/],
      [{ ...base, left: { expression: `pg_sleep(${SCHEMA}.ta_shares.shares)` } }, /must be one of sum, count, min, max, avg/],
      [{ ...base, left: { expression: `sum(shares)` } }, /schema.table.column/],
      [{ ...base, left: { expression: `sum(${SCHEMA}.ta_shares.shares) FILTER (WHERE true)` } }, /filter is not supported/],
      [{ ...base, left: { sourceId: 'src-ta', schema: SCHEMA, table: 'ta_shares', column: 'shares', agg: 'sum); DROP TABLE x; --' } }, /aggregate must be one of/],
      [{ ...base, left: { schema: SCHEMA, table: 'ta_shares; DROP TABLE gz_nav', column: 'shares', agg: 'sum' } }, /is not a catalogue table/],
      [{ ...base, left: { schema: 'pg_catalog', table: 'pg_authid', column: 'rolpassword', agg: 'count' } }, /is not a catalogue table/],
      [{ ...base, left: { sourceId: 'src-ta', schema: SCHEMA, table: 'ta_shares', column: 'fund_code', agg: 'sum' } }, /needs a numeric column/],
      [{ ...base, left: { columnId: cid('src-csv', '', 'f.csv', 'amount'), agg: 'sum' } }, /not in the catalogue|file datasets cannot be queried/],
      [{ ...base, left: { columnId: cid('src-ta', SCHEMA, 'ta_shares', 'shares'), agg: 'sum' }, groupBy: [['fund_code; drop', 'jjdm']] }, /no column .* to group on/],
      [{ ...base, id: "x'; MATCH (n) DETACH DELETE n //", left: { columnId: cid('src-ta', SCHEMA, 'ta_shares', 'shares'), agg: 'sum' } }, /check id/],
      [{ ...base, left: { columnId: cid('src-ta', SCHEMA, 'ta_shares', 'shares'), agg: 'sum' }, tolerance: -1 }, /tolerance/],
    ];
    for (const [input, re] of bad) {
      await assert.rejects(defineReconciliation(g, input, 'mallory'), (e: Error) => e instanceof ReconciliationError && re.test(e.message), `expected ${re} for ${JSON.stringify(input.left)}`);
    }
    assert.equal((await g.read("MATCH (r:Reconciliation) WHERE r.createdBy = 'mallory' RETURN r.id")).length, 0);
    await assert.rejects(runReconciliation(g, 'NOPE', { connect, actor: 't' }), /does not exist/);
    const [{ n }] = await admin.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.ta_shares`).then((r) => r.rows);
    assert.equal(n, 5);
  });

  test('the expression parser accepts exactly one aggregate of one qualified column', async () => {
    assert.deepEqual(await parseAggregateExpression('SUM("ta"."Shares T".f_realshares)'), { agg: 'sum', schema: 'ta', table: 'Shares T', column: 'f_realshares' });
    await assert.rejects(parseAggregateExpression('count(*)'), /star is not supported|schema.table.column/);
    await assert.rejects(parseAggregateExpression('sum(a.b.c'), /does not parse/);
  });

  test('scheduled checks run when due, once', async () => {
    await defineReconciliation(g, {
      id: 'REC-SCHED', name: 'scheduled', scheduleMinutes: 60,
      left: { columnId: cid('src-ta', SCHEMA, 'ta_shares', 'shares'), agg: 'count' },
      right: { columnId: cid('src-gz', SCHEMA, 'gz_nav', 'total'), agg: 'count' },
      tolerance: 100,
    }, 'chenjing');
    const first = await runDueChecks(g, { connect, audit });
    assert.deepEqual(first.map((r) => [r.checkId, r.ok]), [['REC-SCHED', true]]);
    assert.deepEqual(await runDueChecks(g, { connect, audit }), []);
    const later = await runDueChecks(g, { connect, audit, now: new Date(Date.now() + 61 * 60_000) });
    assert.deepEqual(later.map((r) => r.checkId), ['REC-SCHED']);
  });
});
