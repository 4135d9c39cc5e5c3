// The whole story in a real browser (Debian's Chromium through playwright-core) against a real
// in-process fundgov service and a real PostgreSQL source: a steward searches khxm, confirms and
// overrides grades; a business user requests a grade-3 dataset with a row filter; the owner
// department's approver and governance approve from their inboxes; the requester downloads the
// watermarked file; an auditor uploads 50 rows of it and learns whose export it was, verifies the
// audit chain and opens the lineage of the leaked column.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import Papa from 'papaparse';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startupHooks } from '../../server/serve.ts';
import { webStartupHook, WEB_DIST } from '../../server/routes/web.ts';
import { exportsStartupHook } from '../../server/exports.ts';
import { traceStartupHook } from '../../server/routes/trace.ts';
import { startTestService, type TestService } from '../helpers/service.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SHOTS = process.env.TEST_OUTPUT_DIR ? join(process.env.TEST_OUTPUT_DIR, 'web-story') : join(tmpdir(), 'fundgov-web-story');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const zh = JSON.parse(readFileSync(join(ROOT, 'web/src/locales/zh-CN.json'), 'utf8'));
const schema = `fg_story_${process.pid}_${Date.now() % 100000}`;
const ROWS = 400;
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('the whole story in Chromium', { skip: hasChromium ? false : `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the browser tests` }, () => {
  let svc: TestService;
  let context: BrowserContext;
  let browser: Browser | null = null;
  let page: Page;
  let userDir: string;
  const tok: Record<string, string> = {};
  const db = new pg.Client({ connectionString: PG_URL });
  let dsId = '';
  const col = (name: string) => `${dsId}/${name}`;
  let requestId = '';
  let exportId = '';
  let downloaded = '';

  const shot = async (name: string) => { await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true }); };
  const gql = async (who: string, query: string, variables: Record<string, unknown> = {}) => {
    const r = await svc.gql(query, variables, tok[who]);
    assert.equal(r.body.errors, undefined, JSON.stringify(r.body.errors));
    return r.body.data;
  };
  const failShot = (name: string) => async (err: unknown) => { await shot(`FAIL-${name}`).catch(() => undefined); throw err; };
  const dropdown = () => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
  async function signIn(who: string) {
    await page.goto(`${svc.url}/`);
    await page.locator('[data-testid="token"], [data-testid="signout"]').first().waitFor();
    if (await page.getByTestId('signout').isVisible()) await page.getByTestId('signout').click();
    await page.getByTestId('token').fill(tok[who]);
    await page.getByTestId('signin').click();
    await page.getByTestId('me').filter({ hasText: who }).waitFor();
  }

  before(async () => {
    if (!existsSync(join(WEB_DIST, 'index.html'))) {
      const r = spawnSync(process.execPath, ['web/scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
      assert.equal(r.status, 0, 'the web UI must build');
    }
    mkdirSync(SHOTS, { recursive: true });
    for (const hook of [exportsStartupHook, traceStartupHook, webStartupHook]) if (!startupHooks.includes(hook)) startupHooks.push(hook);
    svc = await startTestService();
    await svc.graph.write("UNWIND [['ops','运营部'],['sales','销售部'],['risk','风控部']] AS d MERGE (x:Department {id: d[0]}) SET x.name = d[1]");
    for (const [id, roles, dep] of [['zhao', ['steward'], 'ops'], ['li', ['business'], 'sales'], ['ops1', ['approver'], 'ops'], ['gov1', ['governance'], 'risk'], ['aud1', ['auditor'], 'risk']] as const) {
      await svc.addUser(id, [...roles], dep);
      tok[id] = await svc.token(id, 1800);
    }
    await db.connect();
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.query(`CREATE TABLE ${schema}.tcustinfo (c_custno varchar(20) PRIMARY KEY, c_custname varchar(50), c_identityno varchar(18), c_fundcode char(6), c_amount numeric(16,2), c_shares numeric(16,2), c_branch varchar(20))`);
    await db.query(`COMMENT ON TABLE ${schema}.tcustinfo IS '客户持有信息表'`);
    for (const [c, text] of [['c_custno', '客户编号'], ['c_custname', '客户姓名'], ['c_identityno', '证件号码'], ['c_fundcode', '基金代码'], ['c_amount', '持有金额'], ['c_shares', '持有份额'], ['c_branch', '营业网点']]) {
      await db.query(`COMMENT ON COLUMN ${schema}.tcustinfo.${c} IS '${text}'`);
    }
    await db.query(`INSERT INTO ${schema}.tcustinfo
      SELECT 'C' || (100000 + i), (ARRAY['张伟','王芳','李娜','欧阳娜娜','陈静'])[1 + i % 5], '110105' || (19700101 + i)::text || lpad((i % 1000)::text, 4, '0'),
             lpad((i % 40)::text, 6, '0'), (i * 37 % 9000)::numeric * 10 + 1000.05, (i * 53 % 7000)::numeric * 10 + 1000.01, (ARRAY['北京分公司','上海分公司','深圳分公司'])[1 + i % 3]
      FROM generate_series(1, ${ROWS}) i`);
    await db.query(`CREATE TABLE ${schema}.dw_cust_amount (c_custno varchar(20), total_amount numeric(18,2))`);
    await db.query(`COMMENT ON COLUMN ${schema}.dw_cust_amount.total_amount IS '客户持有总金额'`);
    const reg = await gql('zhao', 'mutation($i: SourceInput!) { registerSource(input: $i) { ... on Source { id } ... on Error { message } } }',
      { i: { id: 'ta', name: 'TA 注册登记', system: 'TA', kind: 'postgres', connectionUrl: PG_URL, schemas: [schema] } });
    assert.equal(reg.registerSource.id, 'ta', JSON.stringify(reg));
    const job = await svc.harvest(tok.zhao, 'ta');
    assert.equal(job.status, 'succeeded', job.message);
    dsId = (await svc.graph.read<{ id: string }>("MATCH (d:Dataset {sourceId: 'ta', name: 'tcustinfo'}) RETURN d.id AS id"))[0].id;
    const own = await gql('zhao', 'mutation($id: String!) { setOwnership(kind: Dataset, id: $id, role: owner, parties: ["ops"]) { ... on Ownership { owner } ... on Error { message } } }', { id: dsId });
    assert.equal(own.setOwnership.owner, 'ops');
    const lin = await gql('zhao', 'mutation($sql: String!) { ingestLineageSql(sql: $sql, dialect: postgres, file: "dw_load.sql") { __typename ... on LineageSqlIngest { statements created } ... on Error { message } } }',
      { sql: `INSERT INTO ${schema}.dw_cust_amount (c_custno, total_amount) SELECT c_custno, sum(c_amount) FROM ${schema}.tcustinfo GROUP BY c_custno;` });
    assert.ok(lin.ingestLineageSql.created > 0, JSON.stringify(lin));

    const { chromium } = await import('playwright-core');
    userDir = mkdtempSync(join(tmpdir(), 'fundgov-chromium-'));
    context = await chromium.launchPersistentContext(userDir, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1366, height: 768 }, locale: 'zh-CN', acceptDownloads: true,
    });
    browser = context.browser();
    page = context.pages()[0] ?? await context.newPage();
    page.setDefaultTimeout(20_000);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.end().catch(() => undefined);
    await svc?.stop();
    if (userDir) rmSync(userDir, { recursive: true, force: true });
    console.log(`screenshots in ${SHOTS}`);
  });

  test('1. the steward finds 客户姓名 by khxm, confirms one grade and overrides another with a reason', async () => {
    await signIn('zhao');
    await page.getByTestId('menu-search').click();
    await page.getByTestId('search-input').locator('input').fill('khxm');
    await page.getByTestId('search-input').locator('input').press('Enter');
    await page.getByTestId('search-results').getByText(`${schema}.tcustinfo.c_custname`).waitFor();
    await shot('01-search');

    const { reviewQueue } = await gql('zhao', '{ reviewQueue(first: 100) { items { columnId path grade } } }');
    const custno = reviewQueue.items.find((i: any) => i.path.endsWith('tcustinfo.c_custno'));
    const amount = reviewQueue.items.find((i: any) => i.path.endsWith('tcustinfo.c_amount'));
    assert.ok(custno && amount, `suggestions for c_custno and c_amount: ${JSON.stringify(reviewQueue.items.map((i: any) => i.path))}`);
    await page.getByTestId('menu-review').click();
    await page.getByTestId(`confirm-${custno.columnId}`).click();
    await page.getByTestId(`confirm-${custno.columnId}`).waitFor({ state: 'detached' });
    await page.getByTestId(`override-${amount.columnId}`).click();
    await page.locator('.ant-modal .ant-select').first().click();
    await dropdown().filter({ hasText: '3级' }).click();
    await page.getByTestId('override-reason').fill('持有金额属于客户资产信息，按3级管理');
    await page.getByTestId('override-ok').click();
    await page.getByTestId(`override-${amount.columnId}`).waitFor({ state: 'detached' });
    await shot('02-review');
    const c = await gql('zhao', 'query($a: String!, $b: String!) { a: column(id: $a) { gradeStatus } b: column(id: $b) { gradeStatus grade } }', { a: custno.columnId, b: amount.columnId });
    assert.equal(c.a.gradeStatus, 'confirmed');
    assert.deepEqual([c.b.gradeStatus, c.b.grade], ['overridden', 3]);
  });

  test('2. the steward previews a rule change before saving it', async () => {
    await page.getByTestId('menu-rules').click();
    await page.getByTestId('rule-json').fill(JSON.stringify({ id: 'col.branch_private', label: '营业网点（内部）', category: 'M02', grade: 3, priority: 300, weight: 0.9, zh: ['营业网点'], en: ['branch'] }, null, 2));
    await page.getByTestId('rule-preview').click();
    const result = page.getByTestId('rule-preview-result');
    await result.getByText(`${schema}.tcustinfo.c_branch`).waitFor().catch(failShot('preview'));
    assert.equal(await result.getAttribute('data-total'), '1');
    await shot('03-rule-preview');
  });

  let columns: string[] = [];
  test('3. a business user requests a grade-3 dataset with a row filter, a purpose and an end date', async () => {
    const grades = await gql('li', 'query($id: String!) { dataset(id: $id) { columns { name grade } } }', { id: dsId });
    columns = grades.dataset.columns.filter((c: any) => c.grade != null && c.grade <= 3 && c.name !== 'c_branch').map((c: any) => c.name);
    assert.ok(columns.includes('c_amount') && columns.includes('c_custno'), JSON.stringify(grades));
    await signIn('li');
    assert.equal(await page.getByTestId('menu-review').count(), 0);
    await page.getByTestId('menu-requests').click();
    await page.getByRole('tab', { name: zh.requests.new }).click();
    await page.getByTestId('request-dataset').click();
    await dropdown().filter({ hasText: `${schema}.tcustinfo` }).click();
    await page.getByTestId('request-columns').click();
    for (const name of columns) await dropdown().filter({ hasText: new RegExp(`^${name} `) }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('request-policy').filter({ hasText: '3级' }).waitFor();
    await page.getByTestId('filter-add').click();
    await page.getByTestId('filter-column-0').click();
    await dropdown().filter({ hasText: /^c_amount$/ }).click();
    await page.getByTestId('filter-op-0').click();
    await dropdown().filter({ hasText: zh.requests.op.ge }).click();
    await page.getByTestId('filter-value-0').fill('20000');
    const picker = page.locator('[data-testid="new-request"] .ant-picker input');
    await picker.fill(day(30));
    await page.getByTestId('request-purpose').click(); // blur commits the typed date (Enter would submit the form)
    await page.getByTestId('request-purpose').fill('季度大额持有客户分析');
    await shot('04-request');
    await page.getByTestId('request-submit').click();
    await page.getByText(zh.requests.submitted).waitFor();
    const mine = (await gql('li', '{ myAccessRequests { id status grade purpose endDate filter { columnId op value } approvals { kind department status } } }')).myAccessRequests;
    assert.equal(mine.length, 1);
    const r = mine[0];
    requestId = r.id;
    assert.deepEqual([r.status, r.grade, r.purpose, r.endDate], ['pending', 3, '季度大额持有客户分析', day(30)]);
    assert.deepEqual(r.filter, [{ columnId: col('c_amount'), op: 'ge', value: '20000' }]);
    assert.deepEqual(r.approvals.map((a: any) => [a.kind, a.department, a.status]), [['owner', 'ops', 'pending'], ['governance', null, 'pending']]);
  });

  async function approveFromInbox(who: string, shotName: string) {
    await signIn(who);
    await page.getByTestId('menu-requests').click();
    await page.getByRole('tab', { name: zh.requests.inbox }).click();
    const row = page.locator('.ant-table-row').filter({ hasText: '季度大额持有客户分析' });
    await row.waitFor();
    await shot(shotName);
    await row.getByRole('button', { name: new RegExp([...zh.requests.approve].join('\\s*')) }).click();
    await page.getByText(zh.requests.decided).waitFor();
    await row.waitFor({ state: 'detached' });
  }

  test('4. the owner department approves first, then governance, each from their inbox', async () => {
    await approveFromInbox('ops1', '05-inbox-owner');
    const mid = (await gql('gov1', 'query($id: String!) { accessRequest(id: $id) { status approvals { kind status decidedBy } } }', { id: requestId })).accessRequest;
    assert.deepEqual(mid.approvals.map((a: any) => [a.kind, a.status, a.decidedBy]), [['owner', 'approved', 'ops1'], ['governance', 'pending', null]]);
    await approveFromInbox('gov1', '06-inbox-governance');
    const done = (await gql('gov1', 'query($id: String!) { accessRequest(id: $id) { status exports { id status } } }', { id: requestId })).accessRequest;
    assert.equal(done.status, 'approved');
    assert.equal(done.exports.length, 1);
    exportId = done.exports[0].id;
  });

  test('5. the requester downloads the approved, watermarked export once', async () => {
    await signIn('li');
    await page.getByTestId('menu-requests').click();
    const row = page.locator('.ant-table-row').filter({ hasText: '季度大额持有客户分析' });
    await row.locator('.ant-table-row-expand-icon').click();
    const button = page.getByTestId(`download-${exportId}`);
    await button.waitFor();
    await shot('07-download');
    const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
    downloaded = readFileSync(await file.path()).toString('utf8').replace(/^\uFEFF/, '');
    const rows = Papa.parse<string[]>(downloaded, { skipEmptyLines: true }).data;
    assert.deepEqual(rows[0], columns);
    const expected = (await db.query(`SELECT count(*)::int AS n FROM ${schema}.tcustinfo WHERE c_amount >= 20000`)).rows[0].n;
    assert.equal(rows.length - 1, expected, 'the row filter was applied');
    const at = columns.indexOf('c_amount');
    assert.ok(rows.slice(1).every((r) => Number(r[at].replace(/,/g, '')) >= 20000));
    await button.and(page.locator('[disabled]')).waitFor();
    const e = (await gql('li', '{ myExports { id status rowCount } }')).myExports.find((x: any) => x.id === exportId);
    assert.deepEqual([e.status, e.rowCount], ['completed', expected]);
  });

  test('6. an auditor uploads 50 rows of the file and is told whose export it was', async () => {
    await signIn('aud1');
    await page.getByTestId('menu-leak').click();
    // Amounts of 1000 and more carry the watermark (thousands separators or not).
    const lines = downloaded.trim().split(/\r?\n/);
    const leaked = [lines[0], ...lines.slice(1).reverse().slice(0, 50)].join('\n');
    await page.locator('[data-testid="leak"] input[type="file"]').setInputFiles({ name: 'leaked.csv', mimeType: 'text/csv', buffer: Buffer.from(leaked, 'utf8') });
    const result = page.getByTestId('leak-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-match'), 'true', await result.innerText());
    const text = await result.innerText();
    assert.ok(text.includes(exportId), text);
    assert.match(text, /li/);
    assert.match(text, /ops1/);
    assert.match(text, /gov1/);
    assert.ok(text.includes('季度大额持有客户分析'));
    await shot('08-leak');
  });

  test('7. the audit trail verifies intact, then the lineage of the leaked column opens as a graph', async () => {
    await page.getByTestId('menu-audit').click();
    await page.locator('.ant-table-row').filter({ hasText: 'trace.upload' }).first().waitFor();
    await page.getByTestId('verify').click();
    const verify = page.getByTestId('verify-result');
    await verify.waitFor();
    assert.equal(await verify.getAttribute('data-ok'), 'true', await verify.innerText());
    await shot('09-audit');

    await page.getByTestId('menu-lineage').click();
    await page.getByTestId('lineage-column').locator('input').fill('c_amount');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: `tcustinfo.c_amount` }).click();
    await page.getByTestId('lineage-current').filter({ hasText: 'tcustinfo.c_amount' }).waitFor();
    await page.locator('[data-testid="lineage-graph"][data-edges="1"]').waitFor();
    assert.equal(await page.getByTestId('lineage-graph').getAttribute('data-nodes'), '2');
    await page.locator('.ant-table-row').filter({ hasText: 'dw_cust_amount' }).first().waitFor();
    await page.waitForTimeout(300); // let the dagre layout draw before the screenshot
    await shot('10-lineage');
  });

  test('8. the dashboard shows open requests, recent exports and the charts for governance', async () => {
    await signIn('gov1');
    await page.getByTestId('chart-requests').locator('svg').first().waitFor();
    await page.getByTestId('recent-exports').locator('.ant-table-row').filter({ hasText: 'li' }).first().waitFor().catch(failShot('dashboard'));
    await shot('11-dashboard');
  });
});
