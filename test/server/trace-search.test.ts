// Leak tracing over HTTP and GraphQL against the service's exports, and catalogue search kept in step.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { startTestService, type TestService } from '../helpers/service.ts';
import { startupHooks } from '../../server/serve.ts';
import { traceStartupHook } from '../../server/routes/trace.ts';
import { createCsvRowWriter } from '../../watermark/index.ts';
import { gb11643CheckChar } from '../../classifiers/checksums.ts';

if (!startupHooks.includes(traceStartupHook)) startupHooks.push(traceStartupHook);

const NAMES = ['陈静', '马超', '杨磊', '王芳', '刘洋', '孙悦', '吴昊', '赵敏'];
function holders(n: number): string[][] {
  const rows = [['姓名', '证件号码', '手机号', '基金代码', '份额', '备注']];
  for (let i = 0; i < n; i++) {
    const first17 = `3502031965${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(100 + (i % 900)).slice(-3)}`;
    rows.push([NAMES[i % 8], first17 + gb11643CheckChar(first17), `139${String(10000000 + i * 7919).slice(-8)}`, `00${1000 + (i % 50)}`, (1234.5 + i * 17.25).toFixed(2), i % 5 ? '' : '客户要求：电话回访，地址变更']);
  }
  return rows;
}

async function marked(key: Buffer, exportId: string, rows: string[][]): Promise<string> {
  const w = createCsvRowWriter({ key, exportId });
  const out: Buffer[] = [];
  w.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((r) => w.on('end', r));
  for (const r of rows) w.write(r);
  w.end();
  await done;
  return Buffer.concat(out).toString('utf8');
}

describe('leak tracing and search', () => {
  let svc: TestService;
  let auditor: string;
  let biz: string;
  let st: string;
  const table = holders(400);

  before(async () => {
    svc = await startTestService();
    await svc.addUser('aud', ['auditor']);
    await svc.addUser('biz', ['business']);
    await svc.addUser('st', ['steward']);
    auditor = await svc.token('aud');
    biz = await svc.token('biz');
    st = await svc.token('st');
    const now = new Date().toISOString();
    await svc.graph.write(`CREATE (:AccessRequest {id: 'req-1', requester: 'biz', purpose: '季度客户回访', endDate: '2027-01-01', grade: 3, status: 'approved', createdAt: $now})
      CREATE (:Approval {id: 'ap-1', requestId: 'req-1', revision: 1, order: 1, kind: 'owner', department: 'ops', status: 'approved', decidedBy: 'ops.lead', decidedAt: $now})`, { now });
    for (let i = 1; i <= 12; i++) {
      await svc.graph.write("CREATE (:Export {id: $id, requestId: 'req-1', requester: 'biz', datasetId: 'ds', status: 'downloaded', createdAt: $now, startedAt: $now, watermarkId: $id})", { id: `exp-${i}`, now });
    }
  });
  after(() => svc.stop());

  const post = (body: Buffer | string, tok: string | null, qs = '') => fetch(`${svc.url}/api/v1/trace${qs}`, { method: 'POST', headers: tok ? { authorization: `Bearer ${tok}` } : {}, body: typeof body === 'string' ? body : new Uint8Array(body) });

  test('a 30-row fragment, re-encoded as GBK and re-ordered, is traced to its export with requester and approvers', async () => {
    const csv = await marked(svc.config.watermarkKey, 'exp-7', table);
    const lines = csv.trim().split('\n');
    const fragment = [lines[0], ...lines.slice(1).reverse().filter((_, i) => i % 13 === 0).slice(0, 30)].join('\n');
    const res = await post(iconv.encode(fragment, 'gbk'), auditor);
    assert.equal(res.status, 200);
    const a = await res.json() as any;
    assert.equal(a.match, true, JSON.stringify(a).slice(0, 300));
    assert.equal(a.exportId, 'exp-7');
    assert.ok(a.falsePositiveProbability < 1e-9, 'significant');
    assert.equal(a.candidates, 12);
    assert.equal(a.request.requester, 'biz');
    assert.equal(a.request.purpose, '季度客户回访');
    assert.deepEqual(a.approvers.map((x: any) => x.decidedBy), ['ops.lead']);
    assert.ok(!('tokenHash' in a.export), 'no link secret in the answer');
    const trail = await svc.audit.store.list({ filters: { action: 'trace.upload', outcome: 'match' }, first: 5 });
    assert.equal(trail.events[0].exportId, 'exp-7');
  });

  test('pasted rows through GraphQL; an unmarked copy does not match', async () => {
    const csv = await marked(svc.config.watermarkKey, 'exp-3', table);
    const text = csv.trim().split('\n').slice(100, 160).join('\n').replaceAll(',', '\t');
    const q = 'mutation($t: String) { traceLeak(text: $t) { ... on LeakTrace { match exportId falsePositiveProbability request } ... on Error { message } } }';
    const r = await svc.gql(q, { t: text }, auditor);
    assert.equal(r.body.data.traceLeak.exportId, 'exp-3');
    const plain = table.slice(100, 160).map((r) => r.join('\t')).join('\n');
    const u = await svc.gql(q, { t: plain }, auditor);
    assert.equal(u.body.data.traceLeak.match, false);
    assert.equal(u.body.data.traceLeak.exportId, null);
  });

  test('bad input and the wrong people are refused', async () => {
    assert.equal((await post('a,b\n1,2\n', null)).status, 401);
    assert.equal((await post('a,b\n1,2\n', biz)).status, 403);
    assert.equal((await post('', auditor)).status, 400);
    const bin = await post(Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 9]), auditor);
    assert.equal(bin.status, 400);
    assert.equal((await post('x', auditor, '?from=yesterday')).status, 400);
    const r = await svc.gql('mutation { traceLeak(text: "a") { ... on LeakTrace { match } } }', {}, biz);
    assert.equal(r.body.errors?.[0].extensions?.code, 'FORBIDDEN');
  });

  test('search finds harvested columns in Chinese, pinyin initials and English, and follows grade changes', async () => {
    const dir = join(svc.dataDir, 'files', 'crm');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'khxx.csv'), iconv.encode('客户姓名,证件号码,cust_mobile\n陈静,420106197703151651,13800138000\n', 'gbk'));
    await svc.gql('mutation($i: SourceInput!) { registerSource(input: $i) { ... on Source { id } } }', { i: { id: 'crm', name: 'CRM', system: '直销', kind: 'csv', path: dir } }, st);
    const job = await svc.harvest(st, 'crm');
    assert.equal(job.status, 'succeeded', job.message);
    const s = async (query: string, filter?: Record<string, unknown>) => (await svc.gql('query($q: String!, $f: SearchFilter) { search(query: $q, filter: $f) { ... on SearchConnection { total edges { node { id kind name grade } } facets } } }', { q: query, f: filter ?? null }, biz)).body.data.search;
    for (const q of ['客户姓名', '姓名', 'khxm', 'kehu', 'mobile']) {
      const r = await s(q);
      assert.ok(r.edges.some((e: any) => e.node.kind === 'column'), `${q} finds a column`);
    }
    const byGrade = await s('', { grade: [3], sourceId: ['crm'] });
    assert.ok(byGrade.total >= 2, 'graded columns are filterable');
    assert.ok(byGrade.facets.system['直销'] >= 2);
    const id = (await s('客户姓名')).edges.find((e: any) => e.node.kind === 'column').node.id;
    const cats = (await svc.gql('{ categories { code } }', {}, st)).body.data.categories;
    await svc.gql('mutation($i: OverrideGradeInput!) { overrideGrade(input: $i) { __typename } }', { i: { columnId: id, grade: 4, categoryId: cats[0].code, reason: '测试：检索索引跟随定级变化' } }, st);
    let g = 0;
    for (let i = 0; i < 50 && g !== 4; i++) {
      await new Promise((r) => setTimeout(r, 200));
      g = (await s('客户姓名')).edges.find((e: any) => e.node.id === id).node.grade;
    }
    assert.equal(g, 4, 'the index follows a grade change');
  });
});
