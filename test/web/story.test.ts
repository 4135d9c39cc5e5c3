// The whole story in a real browser (Debian's Chromium through playwright-core) on the DEMO fund
// manager: the demo is built once over a fresh database of the real PostgreSQL, then its own users
// walk the story. The steward 王强 finds 客户姓名 by khxm in the CRM, confirms one grade and
// overrides another with a reason, and previews a rule change; the TA operations clerk 冯佳 requests
// the grade-3 TA 账户信息 (ta.taccoinfo) with a row filter; the owner department's approver 杨帆
// (运营部) and governance's 孙丽 approve from their inboxes; 冯佳 downloads the watermarked file; the
// auditor 马杰 uploads 50 rows of it and learns whose export it was, verifies the audit chain and
// opens the lineage of the leaked column (ta.taccoinfo.c_custname → dw.dim_cust.cust_name_mask).
// Screenshots of each main screen go to $TEST_OUTPUT_DIR/web-story (or the temp folder).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import Papa from 'papaparse';
import type { Locator, Page } from 'playwright-core';
import '../../server/domains.ts';
import { chromiumSkip, ensureWebBuilt, launchChromium } from '../helpers/chromium.ts';
import { startTestService, type TestService } from '../helpers/service.ts';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `fg_web_story_${process.pid}_${Date.now() % 100000}`;
const DEMO_URL = (() => { const u = new URL(PG_URL); u.pathname = `/${dbName}`; return u.toString(); })();
const SHOTS = process.env.TEST_OUTPUT_DIR ? join(process.env.TEST_OUTPUT_DIR, 'web-story') : join(tmpdir(), 'fundgov-web-story');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const zh = JSON.parse(readFileSync(join(ROOT, 'web/src/locales/zh-CN.json'), 'utf8'));
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The demo users of the story (demo/governance.ts).
const STEWARD = 'wangqiang'; // 王强, 数据管理办公室, steward
const REQUESTER = 'fengjia'; // 冯佳, 运营部, business
const OWNER_APPROVER = 'yangfan'; // 杨帆, 运营部总监, approver: ta.taccoinfo is owned by 运营部
const GOVERNANCE = 'sunli'; // 孙丽, 合规风控部, governance
const AUDITOR = 'majie'; // 马杰, 稽核审计部, auditor
const DELEGATE = 'zhouhong'; // 周红, 分管副总经理, approver: 杨帆's stand-in
const TA = 'demo-src-ta';
const CRM = 'demo-src-crm';
const DATASET = 'ta.taccoinfo'; // TA 基金账户信息表, grade 3: names and ID numbers carry the watermark
const PURPOSE = '个人客户账户信息季度核对';
const NAMES: Record<string, string> = { [STEWARD]: '王强', [REQUESTER]: '冯佳', [OWNER_APPROVER]: '杨帆', [GOVERNANCE]: '孙丽', [AUDITOR]: '马杰' };

describe('the whole story on the demo fund manager in Chromium', { skip: chromiumSkip }, () => {
  let svc: TestService;
  let chromium: Awaited<ReturnType<typeof launchChromium>> | null = null;
  let page: Page;
  const tok: Record<string, string> = {};
  const admin = new pg.Client({ connectionString: PG_URL });
  const demoDb = new pg.Client({ connectionString: DEMO_URL });
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
  /**
   * Picks one option of the open antd Select. The click is dispatched on the option itself: on a
   * loaded machine the popup is often still sliding in (or a modal still zooming) when the option
   * appears, and a pointer click then lands on whatever the animation has above it.
   */
  const pick = async (hasText: string | RegExp, first = false) => {
    let option = dropdown().filter({ hasText });
    if (first) option = option.first();
    await option.waitFor();
    await option.dispatchEvent('click');
  };
  /** Picks an option of an antd Select inside an opening modal, where a click can land before the popup settles: retried until the select shows it. */
  async function choose(select: Locator, option: RegExp, shown: string) {
    for (let i = 0; ; i++) {
      await select.click();
      await pick(option);
      try {
        await select.filter({ hasText: shown }).waitFor({ timeout: 2000 });
        return;
      } catch (err) {
        if (i === 2) { await shot('FAIL-choose'); throw err; }
      }
    }
  }
  async function signIn(who: string) {
    await page.goto(`${svc.url}/`);
    await page.locator('[data-testid="token"], [data-testid="signout"]').first().waitFor();
    if (await page.getByTestId('signout').isVisible()) await page.getByTestId('signout').click();
    await page.getByTestId('token').fill(tok[who]);
    await page.getByTestId('signin').click();
    await page.getByTestId('me').filter({ hasText: NAMES[who] }).waitFor();
  }

  before(async () => {
    ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    svc = await startTestService({ FUNDGOV_DEMO: '1', DEMO_DATABASE_URL: DEMO_URL });
    for (const id of [STEWARD, REQUESTER, OWNER_APPROVER, GOVERNANCE, AUDITOR]) tok[id] = await svc.token(id, 1800);
    await demoDb.connect();
    [{ id: dsId }] = await svc.graph.read<{ id: string }>("MATCH (d:Dataset {sourceId: $s, name: 'taccoinfo'}) RETURN d.id AS id", { s: TA });
    assert.ok(dsId, 'the demo harvested TA 账户信息 (ta.taccoinfo)');

    chromium = await launchChromium();
    page = chromium.page;
  });

  after(async () => {
    await chromium?.close();
    await demoDb.end().catch(() => undefined);
    await svc?.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    console.log(`screenshots in ${SHOTS}`);
  });

  test('1. the steward finds 客户姓名 by khxm, opens its dataset, confirms one grade and overrides another with a reason', async () => {
    await signIn(STEWARD);
    await page.getByTestId('menu-search').click();
    await page.getByTestId('search-input').locator('input').fill('khxm');
    await page.getByTestId('search-input').locator('input').press('Enter');
    const hit = page.getByTestId('search-results').getByRole('link', { name: 'crm.crm_khxx.khxm' });
    await hit.waitFor();
    await shot('01-catalogue-search');
    await hit.click();
    await page.getByTestId('dataset-page').getByText('khxm', { exact: true }).first().waitFor();
    await shot('02-catalogue-dataset');

    const khxm = `${CRM}/crm/crm_khxx/khxm`;
    const khyh = `${CRM}/crm/crm_khxx/khyh`; // 开户银行: the bank's name, not the account number
    const before = await gql(STEWARD, 'query($a: String!, $b: String!) { a: column(id: $a) { gradeStatus grade } b: column(id: $b) { gradeStatus grade } }', { a: khxm, b: khyh });
    assert.deepEqual([before.a.gradeStatus, before.a.grade, before.b.gradeStatus, before.b.grade], ['suggested', 3, 'suggested', 3]);
    await page.getByTestId('menu-review').click();
    await page.getByTestId('filter-source').click();
    await pick('直销CRM系统');
    await page.getByTestId(`confirm-${khxm}`).click();
    await page.getByTestId(`confirm-${khxm}`).waitFor({ state: 'detached' });
    await page.getByTestId(`override-${khyh}`).click();
    await choose(page.getByTestId('override-grade'), /^2级$/, '2级');
    await page.getByTestId('override-reason').fill('开户银行仅为银行网点名称，不含账号，按2级管理');
    await page.getByTestId('override-ok').click();
    await page.getByTestId(`override-${khyh}`).waitFor({ state: 'detached' });
    await shot('03-review');
    const c = await gql(STEWARD, 'query($a: String!, $b: String!) { a: column(id: $a) { gradeStatus grade } b: column(id: $b) { gradeStatus grade } }', { a: khxm, b: khyh });
    assert.deepEqual([c.a.gradeStatus, c.a.grade], ['confirmed', 3]);
    assert.deepEqual([c.b.gradeStatus, c.b.grade], ['overridden', 2]);
  });

  const RULE = { id: 'col.account_manager', label: '客户经理（内部）', category: 'M02', grade: 3, priority: 300, weight: 0.9, zh: ['客户经理'], en: ['khjl'] };
  /** Writes RULE into the rule editor and previews it: the CRM's khjl (客户经理) would be regraded. */
  async function previewRule() {
    await page.getByTestId('menu-rules').click();
    // The editor fills itself with a template once the rule set has loaded: write the rule only
    // after that, and check it stuck (a late template would otherwise overwrite it).
    const editor = page.getByTestId('rule-json');
    const rule = JSON.stringify(RULE, null, 2);
    for (let i = 0; i < 20 && !(await editor.inputValue()).includes('"id"'); i++) await page.waitForTimeout(250);
    for (let i = 0; i < 10 && !(await editor.inputValue()).includes(RULE.id); i++) {
      await editor.fill(rule);
      await page.waitForTimeout(300);
    }
    await page.getByTestId('rule-preview').click();
    const result = page.getByTestId('rule-preview-result');
    await result.getByText('crm.crm_khxx.khjl').waitFor().catch(failShot('preview'));
    assert.ok(Number(await result.getAttribute('data-total')) >= 1);
  }

  test('2. the steward previews a rule change before saving it', async () => {
    await previewRule();
    await shot('04-rule-preview');
  });

  // In the dataset's column order; c_custtype is asked for to filter on it.
  const columns = ['c_fundacco', 'c_custtype', 'c_custname', 'c_identitytype', 'c_identityno', 'd_opendate'];
  test('3. a business user requests the grade-3 TA accounts with a row filter, a purpose and an end date', async () => {
    const grades = (await gql(REQUESTER, 'query($id: String!) { dataset(id: $id) { columns { name grade } } }', { id: dsId })).dataset.columns;
    const g = Object.fromEntries(grades.map((c: any) => [c.name, c.grade]));
    assert.deepEqual(columns.map((n) => g[n]), [3, 2, 3, 2, 3, 2], JSON.stringify(grades));
    await signIn(REQUESTER);
    assert.equal(await page.getByTestId('menu-review').count(), 0, 'a business user has no review queue');
    await page.getByTestId('menu-requests').click();
    await page.getByRole('tab', { name: zh.requests.new }).click();
    // hundreds of demo datasets: type to narrow the list (TA4.TACCOINFO of the DDL source matches too)
    await page.getByTestId('request-dataset').click();
    await page.getByTestId('request-dataset').locator('input').fill('taccoinfo');
    await pick(new RegExp(`^${esc(DATASET)} · `));
    for (const name of columns) {
      await page.getByTestId('request-columns').locator('input').fill(name);
      await pick(new RegExp(`^${name} `));
    }
    await page.keyboard.press('Escape');
    await page.getByTestId('request-policy').filter({ hasText: '3级' }).waitFor();
    await page.getByTestId('filter-add').click();
    await page.getByTestId('filter-column-0').click();
    await pick(/^c_custtype$/);
    await page.getByTestId('filter-op-0').click();
    await pick(zh.requests.op.eq, true);
    await page.getByTestId('filter-value-0').fill('1');
    const picker = page.locator('[data-testid="new-request"] .ant-picker input');
    await picker.fill(day(30));
    await page.getByTestId('request-purpose').click(); // blur commits the typed date (Enter would submit the form)
    await page.getByTestId('request-purpose').fill(PURPOSE);
    await page.locator('.ant-picker-dropdown').first().waitFor({ state: 'hidden' }); // the calendar has faded out
    await shot('05-request');
    await page.getByTestId('request-submit').click();
    await page.getByText(zh.requests.submitted).waitFor().catch(failShot('request'));
    const mine = (await gql(REQUESTER, '{ myAccessRequests { id status grade purpose endDate columnIds filter { columnId op value } approvals { kind department status } } }')).myAccessRequests;
    assert.equal(mine.length, 1);
    const r = mine[0];
    requestId = r.id;
    assert.deepEqual([r.status, r.grade, r.purpose, r.endDate], ['pending', 3, PURPOSE, day(30)]);
    assert.deepEqual([...r.columnIds].sort(), columns.map(col).sort());
    assert.deepEqual(r.filter, [{ columnId: col('c_custtype'), op: 'eq', value: '1' }]);
    assert.deepEqual(r.approvals.map((a: any) => [a.kind, a.department, a.status]), [['owner', 'dept-ops', 'pending'], ['governance', null, 'pending']]);
  });

  async function approveFromInbox(who: string, shotName: string) {
    await signIn(who);
    await page.getByTestId('menu-requests').click();
    await page.getByRole('tab', { name: zh.requests.inbox }).click();
    const row = page.locator('.ant-table-row').filter({ hasText: PURPOSE });
    await row.waitFor();
    await shot(shotName);
    await row.getByRole('button', { name: new RegExp([...zh.requests.approve].join('\\s*')) }).click();
    await page.getByText(zh.requests.decided).waitFor();
    await row.waitFor({ state: 'detached' });
  }

  test('4. the owner department (运营部) approves first, then governance, each from their inbox', async () => {
    await approveFromInbox(OWNER_APPROVER, '06-requests-inbox-owner');
    const mid = (await gql(GOVERNANCE, 'query($id: String!) { accessRequest(id: $id) { status approvals { kind status decidedBy } } }', { id: requestId })).accessRequest;
    assert.deepEqual(mid.approvals.map((a: any) => [a.kind, a.status, a.decidedBy]), [['owner', 'approved', OWNER_APPROVER], ['governance', 'pending', null]]);
    await approveFromInbox(GOVERNANCE, '07-requests-inbox-governance');
    const done = (await gql(GOVERNANCE, 'query($id: String!) { accessRequest(id: $id) { status exports { id status } } }', { id: requestId })).accessRequest;
    assert.equal(done.status, 'approved');
    assert.equal(done.exports.length, 1);
    exportId = done.exports[0].id;
  });

  test('5. the requester downloads the approved, watermarked export once', async () => {
    await signIn(REQUESTER);
    await page.getByTestId('menu-requests').click();
    const row = page.locator('.ant-table-row').filter({ hasText: PURPOSE });
    await row.locator('.ant-table-row-expand-icon').click();
    const button = page.getByTestId(`download-${exportId}`);
    await button.waitFor();
    await shot('08-requests-download');
    const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
    downloaded = readFileSync(await file.path()).toString('utf8').replace(/^\uFEFF/, '');
    const rows = Papa.parse<string[]>(downloaded, { skipEmptyLines: true }).data;
    assert.deepEqual(rows[0], columns);
    const expected = (await demoDb.query("SELECT count(*)::int AS n FROM ta.taccoinfo WHERE c_custtype = '1'")).rows[0].n;
    assert.ok(expected >= 50, `${expected} individual accounts in the demo`);
    assert.equal(rows.length - 1, expected, 'the row filter was applied');
    const type = columns.indexOf('c_custtype');
    assert.ok(rows.slice(1).every((r) => r[type] === '1'));
    await button.and(page.locator('[disabled]')).waitFor();
    const e = (await gql(REQUESTER, '{ myExports { id status rowCount } }')).myExports.find((x: any) => x.id === exportId);
    assert.deepEqual([e.status, e.rowCount], ['completed', expected]);
  });

  test('6. an auditor uploads 50 rows of the file and is told whose export it was', async () => {
    await signIn(AUDITOR);
    await page.getByTestId('menu-leak').click();
    // Names and ID numbers carry the watermark; the leak is 50 rows, reordered.
    const lines = downloaded.trim().split(/\r?\n/);
    const leaked = [lines[0], ...lines.slice(1).reverse().slice(0, 50)].join('\n');
    await page.locator('[data-testid="leak"] input[type="file"]').setInputFiles({ name: 'leaked.csv', mimeType: 'text/csv', buffer: Buffer.from(leaked, 'utf8') });
    const result = page.getByTestId('leak-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-match'), 'true', await result.innerText());
    const text = await result.innerText();
    assert.ok(text.includes(exportId), text);
    for (const who of [REQUESTER, OWNER_APPROVER, GOVERNANCE]) assert.ok(text.includes(who), `${who} in ${text}`);
    assert.ok(text.includes(PURPOSE));
    await shot('09-leak-trace');
  });

  test('7. the audit trail verifies intact, then the lineage of the leaked column opens as a graph', async () => {
    await page.getByTestId('menu-audit').click();
    await page.locator('.ant-table-row').filter({ hasText: 'trace.upload' }).first().waitFor();
    await page.getByTestId('verify').click();
    const verify = page.getByTestId('verify-result');
    await verify.waitFor();
    assert.equal(await verify.getAttribute('data-ok'), 'true', await verify.innerText());
    await shot('10-audit');

    await page.getByTestId('menu-lineage').click();
    await page.getByTestId('lineage-column').locator('input').fill('c_custname');
    await pick(`${DATASET}.c_custname`);
    await page.getByTestId('lineage-current').filter({ hasText: `${DATASET}.c_custname` }).waitFor();
    const graph = page.locator('[data-testid="lineage-graph"]:not([data-edges="0"])');
    await graph.waitFor().catch(failShot('lineage'));
    assert.ok(Number(await graph.getAttribute('data-nodes')) >= 2);
    // the ETL masks the name into the warehouse's customer dimension
    await page.locator('.ant-table-row').filter({ hasText: 'dw.dim_cust' }).first().waitFor().catch(failShot('lineage-impact'));
    await page.waitForTimeout(300); // let the dagre layout draw before the screenshot
    await shot('11-lineage');
  });

  test('8. the dashboard shows open requests, recent exports and the charts for governance', async () => {
    await signIn(GOVERNANCE);
    await page.getByTestId('chart-requests').locator('svg').first().waitFor();
    await page.getByTestId('recent-exports').locator('.ant-table-row').filter({ hasText: REQUESTER }).first().waitFor().catch(failShot('dashboard'));
    await shot('12-dashboard');
  });
  test('9. the owner approver hands her steps to 周红 while away, then takes them back', async () => {
    await signIn(OWNER_APPROVER);
    await page.getByTestId('menu-requests').click();
    await page.getByRole('tab', { name: zh.requests.delegation }).click();
    await page.getByTestId('delegate-to').fill(DELEGATE);
    const until = page.getByPlaceholder(zh.requests.until);
    await until.click();
    await until.fill(day(7));
    await until.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: zh.requests.setDelegation }).click();
    const state = page.getByTestId('delegation-state');
    await state.filter({ hasText: DELEGATE }).filter({ hasText: day(7) }).waitFor().catch(failShot('delegation'));
    assert.doesNotMatch(await state.innerText(), /T\d\d:\d\d:\d\d/, 'the end shows as a local date and time, not ISO text');
    await shot('13-delegation');
    const [u] = await svc.graph.read<{ to: string | null; until: string | null }>('MATCH (u:User {id: $id}) RETURN u.delegateTo AS to, u.delegateUntil AS until', { id: OWNER_APPROVER });
    assert.equal(u.to, DELEGATE);
    assert.equal(u.until!.slice(0, 10), day(7));
    await page.getByRole('button', { name: zh.requests.clearDelegation }).click();
    await state.filter({ hasText: zh.requests.noDelegation }).waitFor();
    const [v] = await svc.graph.read<{ to: string | null }>('MATCH (u:User {id: $id}) RETURN u.delegateTo AS to', { id: OWNER_APPROVER });
    assert.equal(v.to, null);
  });

  test('10. governance shortens the grade-3 approval period in the policy editor, as a new version', async () => {
    const before = (await gql(GOVERNANCE, '{ accessPolicy { version rules { grade category maxDays } } }')).accessPolicy;
    const grade3 = before.rules.filter((r: any) => r.grade === 3 && !r.category);
    assert.equal(grade3.length, 1, JSON.stringify(before.rules));
    await signIn(GOVERNANCE);
    await page.getByTestId('menu-requests').click();
    await page.getByRole('tab', { name: zh.policy.title }).click();
    // antd puts the test id on the InputNumber's input itself, or on its wrapper
    const field = page.getByTestId('policy-days-3');
    await field.waitFor();
    const days = (await field.evaluate((e) => e.tagName)) === 'INPUT' ? field : field.locator('input');
    await days.fill('60');
    await days.press('Tab');
    await page.getByTestId('policy-reason').fill('季度复核：3级数据申请期限缩短为60天');
    await page.getByTestId('policy-save').click();
    await page.getByText(zh.policy.saved).waitFor().catch(failShot('policy'));
    await shot('14-policy');
    const after = (await gql(GOVERNANCE, '{ accessPolicy { version actor rules { grade category maxDays } } }')).accessPolicy;
    assert.equal(after.version, before.version + 1);
    assert.equal(after.actor, GOVERNANCE);
    assert.equal(after.rules.find((r: any) => r.grade === 3 && !r.category).maxDays, 60);
    assert.deepEqual(after.rules.filter((r: any) => r.grade !== 3), before.rules.filter((r: any) => r.grade !== 3), 'the other grades are unchanged');
  });

  test('11. the steward saves the previewed rule as a new version of the rule set', async () => {
    const history = async () => (await gql(STEWARD, '{ classificationRuleHistory { version } }')).classificationRuleHistory.length;
    const before = await history();
    await signIn(STEWARD);
    await previewRule();
    await page.getByTestId('rule-note').fill('客户经理为内部员工信息，按3级管理');
    await page.getByTestId('rule-save').click();
    await page.getByTestId('rule-save-ok').click();
    await page.getByText(new RegExp(esc(zh.rules.saved.split('{{')[0]))).waitFor().catch(failShot('rule-save'));
    await shot('15-rule-saved');
    assert.equal(await history(), before + 1);
    const rules = (await gql(STEWARD, '{ classificationRules }')).classificationRules;
    assert.ok(JSON.stringify(rules).includes(RULE.id), 'the saved rule set holds the new rule');
  });
});
