// The web UI in a real browser (Debian's Chromium through playwright-core) against a real
// in-process fundgov service: sign-in, menu by role, dashboard chart, catalogue harvest with its
// progress bar, steward review (confirm, override), language switch, audit chain verification.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startupHooks } from '../../server/serve.ts';
import { webStartupHook } from '../../server/routes/web.ts';
import { chromiumSkip, ensureWebBuilt, launchChromium } from '../helpers/chromium.ts';
import { startTestService, type TestService } from '../helpers/service.ts';

const SHOTS = process.env.TEST_OUTPUT_DIR ? join(process.env.TEST_OUTPUT_DIR, 'web') : join(tmpdir(), 'fundgov-web-screenshots');

const DDL = `
CREATE TABLE ta.tcustinfo (
  c_custno VARCHAR(20) COMMENT '客户编号',
  c_custname VARCHAR(100) COMMENT '客户姓名',
  c_identityno VARCHAR(30) COMMENT '证件号码',
  c_mobile VARCHAR(24) COMMENT '手机号码',
  c_memo VARCHAR(200) COMMENT '备注'
) COMMENT='客户信息表';
CREATE TABLE ta.tfundinfo (
  c_fundcode CHAR(6) COMMENT '基金代码',
  c_fundname VARCHAR(100) COMMENT '基金名称'
) COMMENT='基金信息表';
`;

describe('web UI in Chromium', { skip: chromiumSkip }, () => {
  let svc: TestService;
  let chromium: Awaited<ReturnType<typeof launchChromium>> | null = null;
  let page: Page;
  let stewardToken: string;
  let businessToken: string;

  const shot = async (name: string) => { await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true }); };
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await svc.gql(query, variables, stewardToken);
    assert.equal(r.body.errors, undefined, JSON.stringify(r.body.errors));
    return r.body.data;
  };
  async function signIn(token: string) {
    await page.goto(`${svc.url}/`);
    await page.locator('[data-testid="token"], [data-testid="signout"]').first().waitFor();
    if (await page.getByTestId('signout').isVisible()) await page.getByTestId('signout').click();
    await page.getByTestId('token').fill(token);
    await page.getByTestId('signin').click();
    await page.getByTestId('me').waitFor();
  }

  before(async () => {
    ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    startupHooks.push(webStartupHook);
    svc = await startTestService();
    await svc.addUser('wang', ['steward', 'auditor', 'business']);
    await svc.addUser('li', ['business']);
    stewardToken = await svc.token('wang');
    businessToken = await svc.token('li');
    writeFileSync(join(svc.dataDir, 'ta.sql'), DDL);
    chromium = await launchChromium();
    page = chromium.page;
  });

  after(async () => {
    await chromium?.close();
    await svc?.stop();
    console.log(`screenshots in ${SHOTS}`);
  });

  test('the sign-in page is in Chinese and the menu shows what a business user may use', async () => {
    await page.goto(`${svc.url}/`);
    await page.getByText('登录 fundgov').waitFor();
    await shot('01-signin');
    await signIn(businessToken);
    await page.getByTestId('menu-dashboard').waitFor();
    assert.equal(await page.getByTestId('menu-catalogue').isVisible(), true);
    assert.equal(await page.getByTestId('menu-review').count(), 0, 'a business user has no review queue');
    assert.equal(await page.getByTestId('menu-audit').count(), 0, 'a business user has no audit trail');
    assert.equal(await page.getByTestId('menu-requests').isVisible(), true);
  });

  test('a steward registers a DDL source and harvests it with a live progress bar', async () => {
    await signIn(stewardToken);
    for (const k of ['dashboard', 'catalogue', 'review', 'ownership', 'audit', 'lineage']) assert.equal(await page.getByTestId(`menu-${k}`).isVisible(), true, `menu ${k}`);
    await page.getByTestId('menu-catalogue').click();
    await page.getByTestId('register-open').click();
    await page.getByTestId('source-id').fill('ta');
    await page.getByTestId('source-name').fill('TA 注册登记');
    await page.getByTestId('source-system').fill('TA');
    await page.locator('.ant-drawer .ant-select').first().click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'DDL' }).click();
    await page.getByTestId('source-path').fill(join(svc.dataDir, 'ta.sql'));
    await page.locator('.ant-drawer .ant-select').nth(1).click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'mysql' }).click();
    await page.getByTestId('register-submit').click();
    const progress = page.getByTestId('job-progress');
    await progress.waitFor();
    await page.locator('[data-testid="job-progress"][data-status="succeeded"]').waitFor({ timeout: 60_000 });
    assert.equal(await progress.getByRole('progressbar').getAttribute('aria-valuenow'), '100');
    assert.match(await page.getByTestId('job-summary').innerText(), /数据集 2 个，字段 7 个/);
    assert.equal(await page.getByTestId('job-problems').count(), 0);
    await shot('02-harvest');
    const { sources } = await gql('{ sources { id lastHarvestStatus } }');
    assert.deepEqual(sources.map((s: any) => [s.id, s.lastHarvestStatus]), [['ta', 'ok']]);
  });

  test('the dashboard draws the columns per grade as an ECharts chart', async () => {
    await page.goto(`${svc.url}/`);
    const chart = page.getByTestId('chart-grade');
    await chart.locator('svg').first().waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="chart-grade"] svg')?.textContent?.includes('3级'));
    const bars = await chart.locator('svg path').count();
    assert.ok(bars >= 5, `bars drawn: ${bars}`);
    await page.getByTestId('chart-sources').locator('svg').first().waitFor();
    await shot('03-dashboard');
  });

  test('the review queue confirms a suggestion and overrides another with a reason', async () => {
    const { reviewQueue } = await gql('{ reviewQueue(first: 100) { items { columnId path grade categoryId } } }');
    const idCol = reviewQueue.items.find((i: any) => i.path.endsWith('c_identityno'));
    const memo = reviewQueue.items.find((i: any) => i.path.endsWith('c_memo'));
    assert.ok(idCol && memo, 'harvest suggested grades for the identity and memo columns');
    await page.getByTestId('menu-review').click();
    await page.getByTestId(`confirm-${idCol.columnId}`).click();
    await page.getByText('已确认 1 个字段').waitFor();
    await page.getByTestId(`confirm-${idCol.columnId}`).waitFor({ state: 'detached' });
    const col = await gql('query($id: String!) { column(id: $id) { gradeStatus grade } }', { id: idCol.columnId });
    assert.equal(col.column.gradeStatus, 'confirmed');

    await page.getByTestId(`override-${memo.columnId}`).click();
    await page.locator('.ant-modal .ant-select').first().click();
    await page.locator('.ant-select-item-option').filter({ hasText: '4级' }).click();
    await page.getByTestId('override-reason').fill('备注里常有证件号，从高定级');
    await shot('04-override');
    await page.getByTestId('override-ok').click();
    await page.getByText('已调整分级').waitFor();
    const m = await gql('query($id: String!) { column(id: $id) { gradeStatus grade } gradeHistory(columnId: $id) { reason } }', { id: memo.columnId });
    assert.equal(m.column.gradeStatus, 'overridden');
    assert.equal(m.column.grade, 4);
    assert.ok(m.gradeHistory.some((h: any) => h.reason === '备注里常有证件号，从高定级'));
    await shot('05-review');

    // The dataset page and the dashboard show the decision.
    const ds = await gql('query($id: String!) { column(id: $id) { datasetId } }', { id: idCol.columnId });
    await page.goto(`${svc.url}/catalogue/dataset/${encodeURIComponent(ds.column.datasetId)}`);
    const row = page.locator('tr').filter({ hasText: 'c_identityno' });
    await row.getByTestId('grade-status').filter({ hasText: '已确认' }).waitFor();
    await shot('06-dataset');
    await page.goto(`${svc.url}/`);
    await page.locator('.ant-statistic').filter({ hasText: '已确认字段' }).filter({ hasText: '2' }).waitFor();
    await page.waitForFunction(() => /[1-9]\d*(\.\d+)?%/.test(document.querySelector('[data-testid="chart-share"] svg')?.textContent ?? ''));
  });

  test('search finds a column by its pinyin initials (khxm = 客户姓名)', async () => {
    await page.getByTestId('menu-search').click();
    await page.getByTestId('search-input').locator('input').fill('khxm');
    await page.getByTestId('search-input').locator('input').press('Enter');
    await page.getByTestId('search-results').getByText('ta.tcustinfo.c_custname').waitFor();
    await shot('10-search');
  });

  test('the language switch changes the labels to English and back', async () => {
    await page.goto(`${svc.url}/`);
    assert.equal(await page.getByTestId('menu-dashboard').innerText(), '总览');
    await page.getByTestId('language-en').click();
    await page.getByTestId('menu-dashboard').filter({ hasText: 'Dashboard' }).waitFor();
    assert.equal(await page.getByTestId('menu-review').innerText(), 'Grade review');
    await page.waitForFunction(() => document.querySelector('[data-testid="chart-grade"] svg')?.textContent?.includes('Grade 3'));
    await shot('07-dashboard-en');
    await page.reload();
    await page.getByTestId('menu-dashboard').filter({ hasText: 'Dashboard' }).waitFor();
    await page.getByTestId('language-zh-CN').click();
    await page.getByTestId('menu-dashboard').filter({ hasText: '总览' }).waitFor();
  });

  test('the audit trail lists the decisions and "verify chain" shows the chain is intact', async () => {
    await page.getByTestId('menu-audit').click();
    await page.locator('.ant-table-row').filter({ hasText: 'mutation.confirmGrades' }).first().waitFor();
    await page.getByTestId('verify').click();
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-ok'), 'true');
    const text = await result.innerText();
    const verify = await gql('{ auditVerify { ok checked } }');
    assert.ok(text.includes(`已校验 ${verify.auditVerify.checked - 0}`) || /已校验 \d+ 条事件/.test(text), text);
    assert.match(text, /哈希链完整/);
    await shot('08-audit');
  });

  test('lineage, ownership gaps, standards and requests screens open without errors', async () => {
    for (const [menu, id] of [['lineage', 'lineage'], ['ownership', 'ownership'], ['standards', 'standards'], ['requests', 'requests'], ['leak', 'leak']] as const) {
      await page.getByTestId(`menu-${menu}`).click();
      await page.getByTestId(id).waitFor();
      assert.equal(await page.getByTestId('error').count(), 0, `${menu} shows an error`);
      await shot(`09-${menu}`);
    }
  });
});
