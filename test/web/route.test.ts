// server/routes/web.ts: the built UI at '/', SPA fallback, content types, no directory traversal;
// and the app's longest-prefix routing keeps '/' a fallback behind the other routes.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webHandler, webStartupHook } from '../../server/routes/web.ts';
import { startupHooks } from '../../server/serve.ts';
import { lineageStartupHook } from '../../server/routes/openlineage.ts';
import { createLogger } from '../../server/logger.ts';
import { startTestService, type TestService } from '../helpers/service.ts';

/** A raw GET: fetch() would normalise '..' away before it reaches the server. */
function get(base: string, path: string, method = 'GET'): Promise<{ status: number; type: string; body: string; headers: Record<string, string | string[] | undefined> }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web route', () => {
  let dir: string;
  let server: Server;
  let base: string;
  const log = createLogger('silent');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fundgov-web-dist-'));
    mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>fundgov</title>');
    writeFileSync(join(dir, 'dist', 'assets', 'app-123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'dist', 'assets', 'app-123.css'), 'body{}');
    writeFileSync(join(dir, 'secret.txt'), 'outside the dist folder');
    const handler = webHandler(join(dir, 'dist'));
    server = createServer((req, res) => void handler(req, res, { requestId: 't', log }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => { server.close(); rmSync(dir, { recursive: true, force: true }); });

  test('index.html at / and for client-side routes; assets with their content type and a long cache', async () => {
    for (const p of ['/', '/review', '/catalogue/dataset/ta%2Fta%2Ftcustinfo', '/audit?x=1']) {
      const r = await get(base, p);
      assert.equal(r.status, 200, p);
      assert.equal(r.type, 'text/html; charset=utf-8', p);
      assert.match(r.body, /<title>fundgov/);
      assert.equal(r.headers['cache-control'], 'no-cache');
      assert.match(String(r.headers['content-security-policy']), /default-src 'self'/);
    }
    const js = await get(base, '/assets/app-123.js');
    assert.equal(js.type, 'text/javascript; charset=utf-8');
    assert.equal(js.body, 'console.log(1)');
    assert.match(String(js.headers['cache-control']), /immutable/);
    assert.equal((await get(base, '/assets/app-123.css')).type, 'text/css; charset=utf-8');
    const head = await get(base, '/assets/app-123.js', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  });

  test('a missing asset is a 404, not the app; other methods are refused', async () => {
    assert.equal((await get(base, '/assets/gone-999.js')).status, 404);
    const post = await get(base, '/', 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
  });

  test('no path leaves the dist folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/%00', '/%E0%A4%A']) {
      const r = await get(base, p);
      assert.ok(!r.body.includes('outside the dist folder'), `${p} leaked a file outside dist`);
      assert.ok([400, 404].includes(r.status) || (r.status === 200 && r.type.startsWith('text/html')), `${p}: ${r.status}`);
    }
  });

  test('an unbuilt UI answers 503 with what to run', async () => {
    const handler = webHandler(join(dir, 'nothing-here'));
    const s = createServer((req, res) => void handler(req, res, { requestId: 't', log }));
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const r = await get(`http://127.0.0.1:${(s.address() as { port: number }).port}`, '/');
    s.close();
    assert.equal(r.status, 503);
    assert.match(r.body, /npm run build:web/);
  });
});

describe('web route inside the service', () => {
  let svc: TestService;
  before(async () => {
    // '/' registered before the OpenLineage route on purpose: it must still not shadow the longer prefix.
    startupHooks.push(webStartupHook, lineageStartupHook);
    svc = await startTestService();
  });
  after(async () => { await svc.stop(); });

  test("'/' is the fallback: /graphql, /healthz and the OpenLineage route still answer", async () => {
    assert.equal((await get(svc.url, '/healthz')).body, JSON.stringify({ status: 'alive' }));
    const gql = await svc.gql('{ __typename }');
    assert.equal(gql.body.data?.__typename, 'Query');
    const ol = await get(svc.url, '/api/v1/lineage', 'GET');
    assert.equal(ol.status, 405, 'the OpenLineage route, not the web UI, answers its path');
    const ui = await get(svc.url, '/dashboard');
    assert.ok([200, 503].includes(ui.status));
    if (ui.status === 200) assert.equal(ui.type, 'text/html; charset=utf-8');
  });
});
