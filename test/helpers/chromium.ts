// Debian's Chromium through playwright-core for the browser tests: one launch for every test file,
// and the web UI built first when a checkout has not built it yet.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { WEB_DIST } from '../../server/routes/web.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The `skip` of a browser suite: false, or why it cannot run here. */
export const chromiumSkip: false | string = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the browser tests`;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Builds web/dist unless it is there. */
export function ensureWebBuilt(): void {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  const r = spawnSync(process.execPath, ['web/scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  assert.equal(r.status, 0, 'the web UI must build');
}

/** A headless Chromium with a fresh profile, 1366×768, zh-CN, downloads accepted; 20 s timeouts. */
export async function launchChromium(): Promise<{ page: Page; close: () => Promise<void> }> {
  const { chromium } = await import('playwright-core');
  const userDir = mkdtempSync(join(tmpdir(), 'fundgov-chromium-'));
  const context = await chromium.launchPersistentContext(userDir, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1366, height: 768 }, locale: 'zh-CN', acceptDownloads: true,
  });
  const browser = context.browser();
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(20_000);
  return {
    page,
    close: async () => {
      await context.close();
      await browser?.close();
      rmSync(userDir, { recursive: true, force: true });
    },
  };
}
