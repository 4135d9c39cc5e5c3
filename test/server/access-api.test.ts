// Access requests end to end over HTTP against a real PostgreSQL source: policy, chains,
// separation of duties, concurrency, downloads (masked, watermarked, audited), links, failures.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import pg from 'pg';
import Papa from 'papaparse';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { startTestService, type TestService } from '../helpers/service.ts';
import { startupHooks } from '../../server/serve.ts';
import { exportsStartupHook } from '../../server/exports.ts';
import { readPostgresRows } from '../../sources/rows.ts';
import { detectTable } from '../../watermark/index.ts';

if (!startupHooks.includes(exportsStartupHook)) startupHooks.push(exportsStartupHook);

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `fg_access_${process.pid}_${Date.now() % 100000}`;
const ROWS = 1000;
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const REQ_FIELDS = '... on AccessRequest { id status grade revision reason clearColumnIds approvals { id kind department status decidedBy onBehalfOf order } exports { id status rowCount fileHash datasetId clearColumnIds } } ... on Error { __typename message }';

describe('access requests, approvals and exports', () => {
  let svc: TestService;
  const tok: Record<string, string> = {};
  const db = new pg.Client({ connectionString: PG_URL });
  let dsId = '';
  let failDsId = '';
  const col = (name: string) => `${dsId}/${name}`;

  before(async () => {
    svc = await startTestService();
    await svc.graph.write("UNWIND [['ops','运营部'],['it','信息技术部'],['sales','销售部'],['risk','风控部']] AS d MERGE (x:Department {id: d[0]}) SET x.name = d[1]");
    const users: [string, any[], string][] = [
      ['steward1', ['steward'], 'it'], ['biz1', ['business'], 'sales'], ['biz2', ['business'], 'sales'],
      ['ops1', ['approver'], 'ops'], ['ops2', ['approver'], 'ops'], ['it1', ['approver'], 'it'],
      ['gov1', ['governance'], 'risk'], ['govsenior', ['governance', 'approver'], 'risk'], ['senior1', ['approver'], 'risk'],
      ['aud1', ['auditor'], 'risk'], ['opsreq', ['approver', 'business'], 'ops'],
    ];
    for (const [id, roles, dep] of users) { await svc.addUser(id, roles, dep); tok[id] = await svc.token(id); }
    await svc.graph.write("MATCH (u:User) WHERE u.id IN ['govsenior', 'senior1'] SET u.senior = true");
    await db.connect();
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.query(`CREATE TABLE ${schema}.holders (id int PRIMARY KEY, cust_name varchar(50), id_no varchar(18), mobile varchar(11), email varchar(80), fund_code varchar(6), amount numeric(16,2), branch varchar(20))`);
    await db.query(`INSERT INTO ${schema}.holders
      SELECT i, (ARRAY['张伟','王芳','李娜','欧阳娜娜'])[1 + i % 4], '110105' || (19700101 + i)::text || lpad((i % 1000)::text, 3, '0') || (CASE WHEN i % 7 = 0 THEN 'X' ELSE (i % 10)::text END),
             '138' || lpad((10000000 + i)::text, 8, '0'), 'user' || i || '@example.com', lpad((i % 50)::text, 6, '0'), (i * 37 % 5000)::numeric / 10 + 0.05, '北京分公司'
      FROM generate_series(1, ${ROWS}) i`);
    await db.query(`CREATE VIEW ${schema}.holders_fail AS SELECT i AS id, (1000 / (i - 300000))::text AS boom FROM generate_series(1, 400000) i`);
    // (it fails after megabytes have flowed, as a real source does mid-export, not within the first network read)
    const reg = await svc.gql('mutation($i: SourceInput!) { registerSource(input: $i) { ... on Source { id } ... on Error { message } } }',
      { i: { id: 'ta-pg', name: 'TA', system: 'TA', kind: 'postgres', connectionUrl: PG_URL, schemas: [schema] } }, tok.steward1);
    assert.equal(reg.body.data.registerSource.id, 'ta-pg', JSON.stringify(reg.body));
    const h = await svc.gql('mutation { startHarvest(sourceId: "ta-pg") { ... on Job { id } } }', {}, tok.steward1);
    for (let i = 0; i < 200; i++) {
      const j = (await svc.gql('query($id: String!) { job(id: $id) { status message } }', { id: h.body.data.startHarvest.id }, tok.steward1)).body.data.job;
      if (j.status !== 'running') { assert.equal(j.status, 'succeeded', j.message); break; }
      await new Promise((r) => setTimeout(r, 100));
    }
    const ds = await svc.graph.read<{ id: string; name: string }>("MATCH (d:Dataset {sourceId: 'ta-pg'}) RETURN d.id AS id, d.name AS name");
    dsId = ds.find((d) => d.name === 'holders')!.id;
    failDsId = ds.find((d) => d.name === 'holders_fail')!.id;
    const grades: [string, number, string][] = [
      ['id', 2, 'M05'], ['cust_name', 4, 'C01'], ['id_no', 4, 'C01'], ['mobile', 4, 'C03'], ['email', 3, 'C03'],
      ['fund_code', 1, 'P01'], ['amount', 3, 'C05'], ['branch', 2, 'M02'],
    ];
    await svc.graph.write('UNWIND $rows AS r MATCH (c:Column {id: r[0]}) SET c.grade = r[1], c.categoryId = r[2], c.gradeStatus = "confirmed"', { rows: grades.map(([n, g, c]) => [col(n), g, c]) });
    await svc.graph.write('MATCH (c:Column {datasetId: $id}) SET c.grade = 1, c.categoryId = "D01", c.gradeStatus = "confirmed"', { id: failDsId });
    const own = (kind: string, id: string, parties: string[]) => svc.gql(
      'mutation($k: AssetKind!, $id: String!, $p: [String!]!) { setOwnership(kind: $k, id: $id, role: owner, parties: $p) { ... on Ownership { owner } ... on Error { message } } }', { k: kind, id, p: parties }, tok.steward1);
    assert.equal((await own('Dataset', dsId, ['ops'])).body.data.setOwnership.owner, 'ops');
    assert.equal((await own('Column', col('mobile'), ['it'])).body.data.setOwnership.owner, 'it');
  });

  after(async () => {
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.end().catch(() => undefined);
    await svc.stop();
  });

  const request = (who: string, input: Record<string, unknown>) =>
    svc.gql(`mutation($i: AccessRequestInput!) { requestAccess(input: $i) { ${REQ_FIELDS} } }`, { i: input }, tok[who]).then((r) => r.body.data?.requestAccess ?? r.body);
  const act = (who: string, mutation: 'approveAccessStep' | 'rejectAccessStep' | 'requestAccessChanges', approvalId: string, reason?: string) =>
    svc.gql(`mutation($a: String!, $r: String${mutation === 'approveAccessStep' ? '' : '!'}) { ${mutation}(approvalId: $a, reason: $r) { ${REQ_FIELDS} } }`, { a: approvalId, r: reason ?? null }, tok[who])
      .then((r) => r.body.data?.[mutation] ?? r.body);
  const link = (who: string, exportId: string) => svc.gql('mutation($e: String!) { createDownloadLink(exportId: $e) { ... on DownloadLink { url expiresAt } ... on Error { message } } }', { e: exportId }, tok[who])
    .then((r) => r.body.data?.createDownloadLink ?? r.body);
  const download = (url: string, who: string | null) => fetch(`${svc.url}${url}`, { headers: who ? { authorization: `Bearer ${tok[who]}` } : {} });
  const requestCount = async () => (await svc.graph.read<{ n: number }>('MATCH (r:AccessRequest) RETURN count(r) AS n'))[0].n;

  test('the policy: default, edited by governance only, versioned, bad rules refused', async () => {
    const p = await svc.gql('{ accessPolicy { version rules { grade steps maxDays maskedByDefault } } }', {}, tok.biz1);
    assert.equal(p.body.data.accessPolicy.version, 0);
    assert.deepEqual(p.body.data.accessPolicy.rules.map((r: any) => [r.grade, r.steps.join('+'), r.maxDays, r.maskedByDefault]),
      [[1, '', 365, false], [2, 'owner', 180, false], [3, 'owner+governance', 90, false], [4, 'owner+governance+senior', 30, true]]);
    const save = (who: string, rules: unknown[]) => svc.gql('mutation($r: [AccessPolicyRuleInput!]!) { saveAccessPolicy(rules: $r, reason: "grade 2 shorter") { ... on AccessPolicy { version actor } ... on Error { message } } }', { r: rules }, tok[who]);
    const rules = [
      { grade: 1, steps: [], maxDays: 365, maskedByDefault: false }, { grade: 2, steps: ['owner'], maxDays: 120, maskedByDefault: false },
      { grade: 3, steps: ['owner', 'governance'], maxDays: 90, maskedByDefault: false }, { grade: 4, steps: ['owner', 'governance', 'senior'], maxDays: 30, maskedByDefault: true },
    ];
    assert.equal((await save('biz1', rules)).body.errors?.[0].extensions?.code, 'FORBIDDEN');
    const bad = await save('gov1', rules.map((r) => (r.grade === 3 ? { ...r, steps: [] } : r)));
    assert.match(bad.body.data.saveAccessPolicy.message, /cannot be approved automatically/);
    const bad2 = await save('gov1', [...rules, { grade: 2, steps: ['owner'], maxDays: 5, maskedByDefault: false }]);
    assert.match(bad2.body.data.saveAccessPolicy.message, /already a rule/);
    assert.deepEqual((await save('gov1', rules)).body.data.saveAccessPolicy, { version: 1, actor: 'gov1' });
    const hist = await svc.gql('{ accessPolicyHistory { version } }', {}, tok.aud1);
    assert.deepEqual(hist.body.data.accessPolicyHistory.map((h: any) => h.version), [1]);
    const audit = await svc.audit.store.list({ filters: { action: 'mutation.saveAccessPolicy' }, first: 20 });
    assert.ok(audit.events.length >= 3, 'every policy mutation is audited');
  });

  test('bad requests get a clear error and change nothing', async () => {
    const before = await requestCount();
    const base = { columnIds: [col('id'), col('cust_name'), col('amount')], purpose: '季度客户分析', endDate: day(10) };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, endDate: day(-1) }, /not in the future/],
      [{ ...base, endDate: day(0) }, /not in the future/],
      [{ ...base, endDate: day(45) }, /beyond the policy's maximum of 30 days/],
      [{ ...base, endDate: '2025-13-45' }, /YYYY-MM-DD/],
      [{ ...base, purpose: 'x' }, /purpose/],
      [{ ...base, columnIds: ['nope/nope'] }, /not in the catalogue/],
      [{ ...base, filter: [{ columnId: col('branch'), op: 'eq', value: '北京' }] }, /not among the requested columns/],
      [{ ...base, filter: [{ columnId: 'ta-pg/x/nope', op: 'eq', value: '1' }] }, /not among the requested columns/],
      [{ ...base, clearColumnIds: [col('cust_name')] }, /justification/],
      [{ ...base, clearColumnIds: [col('branch')], clearJustification: 'needed for the audit' }, /not in the request/],
    ];
    const hostile = ["x' OR '1'='1", '1; DROP TABLE holders', 'abc -- comment', 'a /* b */', 'a"b', 'a\\b', '\u202Eevil', 'zero\u200Bwidth', 'bell\u0007', ' padded', 'x'.repeat(201)];
    for (const v of hostile) cases.push([{ ...base, filter: [{ columnId: col('cust_name'), op: 'eq', value: v }] }, /filter condition 1/]);
    cases.push([{ ...base, filter: [{ columnId: col('amount'), op: 'gt', value: '1e3; --' }] }, /filter condition 1/]);
    cases.push([{ ...base, filter: [{ columnId: col('amount'), op: 'gt', value: 'abc' }] }, /numeric/]);
    cases.push([{ ...base, filter: [{ columnId: col('amount'), op: 'in', values: ['1', "2'"] }] }, /quotes/]);
    for (const [input, re] of cases) {
      const r = await request('biz1', input);
      assert.equal(r.__typename, 'AccessError', `${JSON.stringify(input).slice(0, 200)} → ${JSON.stringify(r)}`);
      assert.match(r.message, re);
    }
    assert.equal(await requestCount(), before, 'no request was stored');
  });

  test('hostile values passed straight to the row reader are only parameters', async () => {
    for (const v of ["x' OR '1'='1", `'; DROP TABLE ${schema}.holders; --`, '张伟\u0000']) {
      let n = 0;
      try {
        for await (const b of readPostgresRows({ url: PG_URL, schema, table: 'holders', columns: ['id'], filter: [{ column: 'cust_name', op: 'eq', value: v }] })) n += b.length;
      } catch (err) { assert.match((err as Error).message, /invalid byte sequence|0x00/); }
      assert.equal(n, 0);
    }
    const rows = await db.query(`SELECT count(*)::int AS n FROM ${schema}.holders`);
    assert.equal(rows.rows[0].n, ROWS, 'the table is untouched');
    let n = 0;
    for await (const b of readPostgresRows({ url: PG_URL, schema, table: 'holders', columns: ['id'], filter: [{ column: 'cust_name', op: 'in', values: ['张伟', "x'"] }, { column: 'branch', op: 'prefix', value: '北京%' }] })) n += b.length;
    assert.equal(n, 0, 'LIKE wildcards in a prefix are literal');
  });

  let mainReq: any;
  test('a request over two departments builds owner × policy chain; SoD and one winner of concurrent approvals', async () => {
    const r = await request('biz1', {
      columnIds: [col('id'), col('cust_name'), col('id_no'), col('mobile'), col('fund_code'), col('amount')],
      purpose: '季度客户分析（份额变动）', endDate: day(20), filter: [{ columnId: col('amount'), op: 'ge', value: '100' }],
      clearColumnIds: [col('mobile')], clearJustification: '回访客户需要完整手机号码',
    });
    assert.equal(r.status, 'pending', JSON.stringify(r));
    assert.equal(r.grade, 4);
    assert.deepEqual(r.approvals.map((a: any) => [a.order, a.kind, a.department]), [[1, 'owner', 'it'], [1, 'owner', 'ops'], [2, 'governance', null], [3, 'senior', null]]);
    assert.deepEqual([...r.clearColumnIds].sort(), [col('id'), col('mobile'), col('fund_code'), col('amount')].sort());
    const [itStep, opsStep, govStep, seniorStep] = r.approvals;

    // waiting lists: owners now; governance later
    const waits = async (who: string) => (await svc.gql('{ approvalsWaitingForMe { approval { id } onBehalfOf } }', {}, tok[who])).body.data.approvalsWaitingForMe.map((w: any) => w.approval.id);
    assert.deepEqual(await waits('it1'), [itStep.id]);
    assert.deepEqual(await waits('ops1'), [opsStep.id]);
    assert.deepEqual(await waits('gov1'), []);
    assert.equal((await act('biz1', 'approveAccessStep', opsStep.id)).errors[0].extensions.code, 'FORBIDDEN');
    assert.match((await act('gov1', 'approveAccessStep', govStep.id)).message, /waits until the earlier steps/);
    assert.match((await act('it1', 'approveAccessStep', opsStep.id)).message, /approver of department ops/);
    assert.equal((await svc.gql('query($id: String!) { accessRequest(id: $id) { id } }', { id: r.id }, tok.biz2)).body.data.accessRequest, null, 'another business user cannot see it');

    // two approvers of ops at once: exactly one wins
    const both = await Promise.all([act('ops1', 'approveAccessStep', opsStep.id), act('ops2', 'approveAccessStep', opsStep.id)]);
    const wins = both.filter((x) => x.approvals);
    assert.equal(wins.length, 1, JSON.stringify(both));
    assert.match(both.find((x) => !x.approvals).message, /already approved/);
    assert.match((await act('ops1', 'approveAccessStep', opsStep.id)).message, /already approved/, 'approving twice');
    assert.equal((await act('it1', 'approveAccessStep', itStep.id)).approvals[0].status, 'approved');
    assert.deepEqual(await waits('gov1'), [govStep.id]);

    // one person cannot fill two steps
    const g = await act('govsenior', 'approveAccessStep', govStep.id);
    assert.equal(g.approvals[2].decidedBy, 'govsenior');
    assert.match((await act('govsenior', 'approveAccessStep', seniorStep.id)).message, /one person cannot fill two steps/);
    assert.deepEqual(await waits('govsenior'), []);
    const done = await act('senior1', 'approveAccessStep', seniorStep.id);
    assert.equal(done.status, 'approved');
    assert.equal(done.exports.length, 1);
    assert.deepEqual([...done.exports[0].clearColumnIds].sort(), [col('id'), col('mobile'), col('fund_code'), col('amount')].sort());
    mainReq = done;
  });

  test('nobody approves their own request', async () => {
    const r = await request('opsreq', { columnIds: [col('branch')], purpose: '分支机构统计', endDate: day(5) });
    assert.equal(r.approvals.length, 1);
    assert.match((await act('opsreq', 'approveAccessStep', r.approvals[0].id)).message, /own request/);
    assert.equal((await svc.gql('{ approvalsWaitingForMe { approval { id } } }', {}, tok.opsreq)).body.data.approvalsWaitingForMe.length, 0);
  });

  test('download: requester only, once; masked columns, filter, row count, file hash and audit records', async () => {
    const exportId = mainReq.exports[0].id;
    assert.match((await link('biz2', exportId)).message, /only the requester/);
    assert.match((await link('aud1', exportId)).message, /only the requester/);
    const l = await link('biz1', exportId);
    assert.match(l.url, /^\/api\/v1\/exports\/.+\/download\?token=/);
    const auditorView = await svc.gql('{ exports { id requester status } accessRequests { id } }', {}, tok.aud1);
    assert.ok(auditorView.body.data.exports.some((e: any) => e.id === exportId));
    assert.ok(!JSON.stringify(auditorView.body).includes(l.url.split('token=')[1]), 'nobody else sees the link');
    assert.equal((await download(l.url, null)).status, 401);
    assert.equal((await download(l.url, 'biz2')).status, 403);
    assert.equal((await download(l.url.replace(/token=.*/, 'token=forged'), 'biz1')).status, 403);

    const res = await download(l.url, 'biz1');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-export-id'), exportId);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM for Excel');
    const rows = Papa.parse<string[]>(bytes.toString('utf8').slice(1), { skipEmptyLines: true }).data;
    assert.deepEqual(rows[0], ['id', 'cust_name', 'id_no', 'mobile', 'fund_code', 'amount']);
    const truth = new Map((await db.query(`SELECT id::text, cust_name, id_no, mobile, fund_code, amount::text FROM ${schema}.holders WHERE amount >= 100`)).rows.map((r) => [r.id, r]));
    assert.equal(rows.length - 1, truth.size);
    for (const row of rows.slice(1)) {
      const t = truth.get(row[0])!;
      assert.ok(t, `row ${row[0]} is one the filter selects`);
      assert.match(row[1], new RegExp(`^${[...t.cust_name][0]}\\*+$`), 'name masked 张*');
      assert.match(row[2], new RegExp(`^${t.id_no.slice(0, 6)}\\*+${t.id_no.slice(-4, -1)}[${t.id_no.slice(-1)}${t.id_no.slice(-1).toLowerCase()}]$`), 'ID 110105********123X');
      assert.equal(row[3].replace(/\s/g, ''), t.mobile, 'mobile justified in clear');
      assert.equal(row[4], t.fund_code);
      assert.equal(Number(row[5].replace(/,/g, '')), Number(t.amount));
    }
    const text = bytes.toString('utf8');
    for (const t of [...truth.values()].slice(0, 50)) assert.ok(!text.includes(t.id_no.slice(6, 14)), 'no clear ID digits');

    assert.equal((await download(l.url, 'biz1')).status, 410, 'a link works once');
    const e = (await svc.gql('{ myExports { id status rowCount fileHash } }', {}, tok.biz1)).body.data.myExports.find((x: any) => x.id === exportId);
    const hash = createHash('sha256').update(bytes).digest('hex');
    assert.deepEqual(e, { id: exportId, status: 'completed', rowCount: truth.size, fileHash: hash });

    const events = (await svc.audit.store.list({ filters: { exportId }, first: 100, order: 'asc' })).events;
    const start = events.find((x) => x.action === 'export.download.start')!;
    const end = events.find((x) => x.action === 'export.download.complete')!;
    assert.ok(start && end && start.seq < end.seq);
    assert.equal(start.actor, 'biz1');
    assert.equal(start.grade, 4);
    assert.equal(start.requestId, mainReq.id);
    const d = start.details as any;
    assert.deepEqual(d.approvers.map((a: any) => a.by).sort(), ['govsenior', 'it1', 'senior1', wins1(mainReq)].sort());
    assert.deepEqual(d.columns.filter((c: any) => c.masked).map((c: any) => c.path.split('.').pop()), ['cust_name', 'id_no']);
    assert.equal(d.filter[0].value, '100');
    assert.equal(d.watermarkId, exportId);
    assert.deepEqual([(end.details as any).rowCount, (end.details as any).fileHash], [truth.size, hash]);
    assert.ok(!JSON.stringify(events).includes(truth.values().next().value!.id_no), 'no value in the audit trail');
    const denied = events.filter((x) => x.action === 'export.download' && x.outcome === 'denied').map((x) => x.actor);
    assert.ok(denied.includes('biz2') && denied.includes('anonymous'));

    const wm = await detectTable(bytes, [exportId, 'some-other-export'], svc.config.watermarkKey);
    assert.equal(wm.exportId, exportId, 'the file carries its export watermark');
  });

  test('link after expiry gets 410; grade 1 is approved at once; XLSX and GBK formats', async () => {
    const r = await request('biz1', { columnIds: [col('id'), col('fund_code')], purpose: '公开基金代码清单', endDate: day(30), format: 'xlsx' });
    assert.equal(r.status, 'pending', 'id is grade 2: its owner approves');
    const r1 = await request('biz1', { columnIds: [col('fund_code')], purpose: '公开基金代码清单', endDate: day(30), format: 'xlsx', filter: [{ columnId: col('fund_code'), op: 'in', values: ['000001', '000002'] }] });
    assert.equal(r1.status, 'approved');
    const l = await link('biz1', r1.exports[0].id);
    const res = await download(l.url, 'biz1');
    assert.equal(res.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
    const values = wb.worksheets[0].getSheetValues().filter(Boolean).map((v: any) => v[1]);
    assert.equal(values[0], 'fund_code');
    assert.equal(values.length - 1, 40, '2 codes × 20 rows each');

    const r2 = await request('biz1', { columnIds: [col('fund_code')], purpose: '公开基金代码清单', endDate: day(30), encoding: 'gbk' });
    const l2 = await link('biz1', r2.exports[0].id);
    await svc.graph.write('MATCH (e:Export {id: $id}) SET e.linkExpiresAt = $t', { id: r2.exports[0].id, t: new Date(Date.now() - 1000).toISOString() });
    assert.equal((await download(l2.url, 'biz1')).status, 410, 'expired link');
    const l3 = await link('biz1', r2.exports[0].id);
    const res3 = await download(l3.url, 'biz1');
    assert.equal(res3.headers.get('content-type'), 'text/csv; charset=gbk');
    const gbk = iconv.decode(Buffer.from(await res3.arrayBuffer()), 'gbk');
    assert.equal(gbk.split('\n').filter(Boolean).length, ROWS + 1);
  });

  test('reject with reason, ask for changes and amend, withdraw, revoke, expiry', async () => {
    const mk = () => request('biz1', { columnIds: [col('branch')], purpose: '分支机构统计', endDate: day(5) });
    const a = await mk();
    const sent = await act('ops1', 'requestAccessChanges', a.approvals[0].id, '请缩小范围');
    assert.equal(sent.status, 'changes_requested');
    const am = await svc.gql(`mutation($id: String!, $i: AccessRequestInput!) { amendAccessRequest(id: $id, input: $i) { ${REQ_FIELDS} } }`,
      { id: a.id, i: { columnIds: [col('branch'), col('fund_code')], purpose: '分支机构统计（缩小）', endDate: day(4) } }, tok.biz1);
    const amended = am.body.data.amendAccessRequest;
    assert.deepEqual([amended.status, amended.revision, amended.approvals.length], ['pending', 2, 1]);
    assert.match((await act('ops1', 'approveAccessStep', a.approvals[0].id)).message, /changes requested|earlier version/);
    assert.match((await act('ops1', 'rejectAccessStep', amended.approvals[0].id, ' ')).message, /reason/);
    const rej = await act('ops1', 'rejectAccessStep', amended.approvals[0].id, '不符合最小必要原则');
    assert.deepEqual([rej.status, rej.reason], ['rejected', '不符合最小必要原则']);
    assert.match((await act('ops2', 'approveAccessStep', amended.approvals[0].id)).message, /rejected/);

    const w = await mk();
    const wd = await svc.gql(`mutation($id: String!) { withdrawAccessRequest(id: $id) { ${REQ_FIELDS} } }`, { id: w.id }, tok.biz2);
    assert.match(wd.body.data.withdrawAccessRequest.message, /only the requester/);
    await svc.gql(`mutation($id: String!) { withdrawAccessRequest(id: $id) { ${REQ_FIELDS} } }`, { id: w.id }, tok.biz1);
    assert.match((await act('ops1', 'approveAccessStep', w.approvals[0].id)).message, /withdrawn/);

    const v = await mk();
    const ok = await act('ops1', 'approveAccessStep', v.approvals[0].id);
    assert.equal(ok.status, 'approved');
    const rv = await svc.gql(`mutation($id: String!) { revokeAccessRequest(id: $id, reason: "用途已结束") { ${REQ_FIELDS} } }`, { id: v.id }, tok.gov1);
    assert.equal(rv.body.data.revokeAccessRequest.exports[0].status, 'revoked');
    assert.match((await link('biz1', v.exports?.[0]?.id ?? ok.exports[0].id)).message, /revoked/);

    const x = await mk();
    await svc.graph.write('MATCH (r:AccessRequest {id: $id}) SET r.endDate = $d', { id: x.id, d: day(0) });
    assert.match((await act('ops1', 'approveAccessStep', x.approvals[0].id)).message, /expired/);
    const exp = await svc.audit.store.list({ filters: { action: 'access.request.expire', requestId: x.id }, first: 5 });
    assert.equal(exp.events.length, 1, 'the expiry is audited');
  });

  test('delegation: a delegate decides on behalf of an away approver, recorded as such', async () => {
    const r = await request('biz1', { columnIds: [col('branch')], purpose: '分支机构统计', endDate: day(5) });
    const set = await svc.gql('mutation { setApprovalDelegation(delegateId: "it1", until: "' + day(3) + '") { ... on Delegation { delegateTo } ... on Error { message } } }', {}, tok.ops1);
    assert.equal(set.body.data.setApprovalDelegation.delegateTo, 'it1');
    const w = (await svc.gql('{ approvalsWaitingForMe { approval { id } onBehalfOf } }', {}, tok.it1)).body.data.approvalsWaitingForMe;
    assert.deepEqual(w.find((x: any) => x.approval.id === r.approvals[0].id)?.onBehalfOf, 'ops1');
    const ok = await act('it1', 'approveAccessStep', r.approvals[0].id);
    assert.deepEqual([ok.status, ok.approvals[0].decidedBy, ok.approvals[0].onBehalfOf], ['approved', 'it1', 'ops1']);
    await svc.gql('mutation { clearApprovalDelegation { ... on Delegation { delegateTo } } }', {}, tok.ops1);
    const r2 = await request('biz1', { columnIds: [col('branch')], purpose: '分支机构统计', endDate: day(5) });
    assert.match((await act('it1', 'approveAccessStep', r2.approvals[0].id)).message, /department ops/);
  });

  test('a source failing mid-stream: the user gets an error, the audit trail the partial row count', async () => {
    const r = await request('biz1', { datasetIds: [failDsId], purpose: '故障演练导出', endDate: day(5) });
    assert.equal(r.status, 'approved', JSON.stringify(r));
    const exportId = r.exports[0].id;
    const l = await link('biz1', exportId);
    const res = await download(l.url, 'biz1');
    assert.equal(res.status, 200);
    await assert.rejects(res.arrayBuffer(), 'the body breaks off: the user sees an error, not a short file');
    let e: any;
    for (let i = 0; i < 50; i++) {
      e = (await svc.gql('{ myExports { id status rowCount error } }', {}, tok.biz1)).body.data.myExports.find((x: any) => x.id === exportId);
      if (e.status !== 'streaming') break;
      await new Promise((res2) => setTimeout(res2, 50));
    }
    assert.equal(e.status, 'failed');
    assert.ok(e.rowCount > 0 && e.rowCount < 300000, `partial row count ${e.rowCount}`);
    assert.match(e.error, /division by zero/);
    const ev = (await svc.audit.store.list({ filters: { exportId, action: 'export.download.partial' }, first: 5 })).events[0];
    assert.equal((ev.details as any).rowCount, e.rowCount);
    assert.equal(ev.outcome, 'error');
  });

  test('when the audit trail cannot record the download, it is refused and the link stays unused', async () => {
    const r = await request('biz1', { columnIds: [col('fund_code')], purpose: '公开基金代码清单', endDate: day(5) });
    const l = await link('biz1', r.exports[0].id);
    await svc.audit.close();
    const res = await download(l.url, 'biz1');
    assert.equal(res.status, 503);
    assert.match((await res.json() as any).error, /audit trail/);
    const [e] = await svc.graph.read<{ status: string }>('MATCH (e:Export {id: $id}) RETURN e.status AS status', { id: r.exports[0].id });
    assert.equal(e.status, 'ready');
  });
});

function wins1(req: any): string {
  return req.approvals.find((a: any) => a.department === 'ops').decidedBy;
}
