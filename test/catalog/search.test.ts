// Catalogue search over a small fund-manager estate: TA, valuation, CRM (pinyin-named columns), a CSV
// exchange file, and data standards. Chinese, English and pinyin queries, filters, facets, cursors.
// Every assert.ok carries a message: without one, Node re-parses the transpiled one-line source to
// build it, which takes minutes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogSearch, SearchError, parseQuery, type SearchDocument, type SearchOptions } from '../../catalog/search.ts';
import { hanTokens, latinTokens, pinyinTokens, strippedName, wordParts } from '../../catalog/search-text.ts';

type Col = [id: string, name: string, comment: string | null, grade: number | null, categoryId: string | null, conformance: SearchDocument['conformance']];

const CATEGORY_PATHS: Record<string, string> = {
  C01: '客户/个人身份', C03: '客户/联系方式', C04: '客户/账户', C05: '客户/资产与份额', C06: '客户/交易记录',
  P01: '产品/基本信息', P03: '产品/净值', V01: '估值/会计核算',
};

function columns(sourceId: string, system: string, owner: string, dataset: string, cols: Col[]): SearchDocument[] {
  const [schema, table] = dataset.split('.');
  return cols.map(([id, name, comment, grade, categoryId, conformance]) => ({
    id, kind: 'column', name, comment, path: `${schema}.${table}.${name.toLowerCase()}`, sourceId, system,
    datasetId: `ds:${dataset}`, grade, categoryId, categoryPath: categoryId ? CATEGORY_PATHS[categoryId] : null, owner, conformance,
  }));
}

const DOCS: SearchDocument[] = [
  { id: 'src:ta', kind: 'source', name: 'TA注册登记', comment: '恒生TA 4.0', system: 'TA', sourceId: 'src:ta', owner: 'dept-ops' },
  { id: 'src:fa', kind: 'source', name: '估值核算系统', system: '估值核算', sourceId: 'src:fa', owner: 'dept-fin' },
  { id: 'src:crm', kind: 'source', name: 'CRM', comment: '客户关系管理', system: 'CRM', sourceId: 'src:crm', owner: 'dept-sales' },
  { id: 'ds:ta.taccoinfo', kind: 'dataset', name: 'TACCOINFO', comment: '基金账户信息表', path: 'ta.taccoinfo', sourceId: 'src:ta', system: 'TA', grade: 4, categoryId: 'C04', categoryPath: '客户/账户', owner: 'dept-ops' },
  { id: 'ds:ta.tshare', kind: 'dataset', name: 'TSHARE', comment: '份额明细表', path: 'ta.tshare', sourceId: 'src:ta', system: 'TA', grade: 3, categoryId: 'C05', categoryPath: '客户/资产与份额', owner: 'dept-ops' },
  { id: 'ds:fa.tfundnav', kind: 'dataset', name: 'T_FUND_NAV', comment: '基金净值表', path: 'fa.t_fund_nav', sourceId: 'src:fa', system: '估值核算', grade: 2, categoryId: 'P03', categoryPath: '产品/净值', owner: 'dept-fin' },
  { id: 'ds:crm.kh_jbxx', kind: 'dataset', name: 'kh_jbxx', comment: '客户基本信息', path: 'crm.kh_jbxx', sourceId: 'src:crm', system: 'CRM', grade: 4, categoryId: 'C01', categoryPath: '客户/个人身份', owner: 'dept-sales' },
  ...columns('src:ta', 'TA', 'dept-ops', 'ta.taccoinfo', [
    ['ta.c_custname', 'C_CUSTNAME', '客户姓名', 3, 'C01', 'partial'],
    ['ta.c_identityno', 'C_IDENTITYNO', '证件号码', 4, 'C01', 'conforming'],
    ['ta.c_identitytype', 'C_IDENTITYTYPE', '证件类型', 2, 'C01', 'conforming'],
    ['ta.c_fundacco', 'C_FUNDACCO', '基金账号', 3, 'C04', 'conforming'],
    ['ta.vc_custno', 'VC_CUSTNO', '客户编号', 2, 'C04', 'unmapped'],
    ['ta.c_mobiletel', 'C_MOBILETEL', '手机号码', 3, 'C03', 'nonconforming'],
    ['ta.c_bankacco', 'C_BANKACCO', '银行账号', 4, 'C04', 'partial'],
    ['ta.d_opendate', 'D_OPENDATE', '开户日期', 1, 'C04', 'conforming'],
  ]),
  ...columns('src:ta', 'TA', 'dept-ops', 'ta.tshare', [
    ['ta.f_realshares', 'F_REALSHARES', '实际份额', 3, 'C05', 'conforming'],
    ['ta.f_frozenshares', 'F_FROZENSHARES', '冻结份额', 3, 'C05', 'unmapped'],
    ['ta.f_balance', 'F_BALANCE', '账户余额', 3, 'C05', 'partial'],
    ['ta.share_fundcode', 'C_FUNDCODE', '基金代码', 1, 'P01', 'conforming'],
  ]),
  ...columns('src:fa', '估值核算', 'dept-fin', 'fa.t_fund_nav', [
    ['fa.l_fundid', 'L_FUNDID', '基金内码', 1, 'P01', 'unmapped'],
    ['fa.d_navdate', 'D_NAVDATE', '估值日期', 1, 'P03', 'conforming'],
    ['fa.en_nav', 'EN_NAV', '单位净值', 2, 'P03', 'conforming'],
    ['fa.en_totalnav', 'EN_TOTALNAV', '累计单位净值', 2, 'P03', 'conforming'],
    ['fa.vc_kmdm', 'VC_KMDM', '科目代码', 2, 'V01', 'unmapped'],
    ['fa.en_fsje', 'EN_FSJE', null, 3, 'V01', 'unmapped'],
  ]),
  ...columns('src:crm', 'CRM', 'dept-sales', 'crm.kh_jbxx', [
    ['crm.khxm', 'khxm', '客户姓名', 3, 'C01', 'nonconforming'],
    ['crm.zjhm', 'zjhm', '证件号码', 4, 'C01', 'nonconforming'],
    ['crm.sjhm', 'sjhm', null, 3, 'C03', 'unmapped'],
    ['crm.custName', 'custName', 'customer name (English)', 3, 'C01', 'partial'],
    ['crm.riskLevel', 'riskLevel', '风险承受能力等级', 3, 'C06', 'unmapped'],
  ]),
  // a GBK exchange file whose headers are pinyin without comments
  ...columns('src:ds', '直销', 'dept-sales', 'files.zx_jy', [
    ['ds.kehuxingming', 'kehuxingming', null, null, null, null],
    ['ds.jyrq', 'jyrq', null, 1, 'C06', null],
  ]),
  { id: 'std:DS-CUST-001', kind: 'standard', name: '客户名称', comment: 'Customer Name', description: '个人客户为证件上的姓名，机构客户为营业执照上的全称', standardCode: 'DS-CUST-001', categoryId: 'C01', categoryPath: '客户/个人身份', grade: 3, owner: 'dept-ops' },
  { id: 'std:DS-CUST-002', kind: 'standard', name: '证件号码', comment: 'ID Number', description: '客户开户时提供的有效身份证件号码', standardCode: 'DS-CUST-002', categoryId: 'C01', categoryPath: '客户/个人身份', grade: 4, owner: 'dept-ops' },
  { id: 'std:DS-PROD-010', kind: 'standard', name: '单位净值', comment: 'NAV per unit', description: '基金份额净值，保留四位小数', standardCode: 'DS-PROD-010', categoryId: 'P03', categoryPath: '产品/净值', grade: 2, owner: 'dept-fin' },
];

function loaded(): CatalogSearch {
  const s = new CatalogSearch();
  s.add(DOCS);
  return s;
}

/** Every hit of a query, page by page. */
function allHits(s: CatalogSearch, q: string, opts: SearchOptions = {}, first = 3): string[] {
  const ids: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const page = s.search(q, { ...opts, first, after });
    ids.push(...page.hits.map((h) => h.id));
    if (!page.hasNextPage) return ids;
    assert.ok(page.endCursor, 'a page with a next page has an end cursor');
    after = page.endCursor;
  }
  throw new Error('pagination did not end');
}

test('tokenizer: identifiers, Han bigrams and pinyin', () => {
  assert.deepEqual(wordParts('custName'), ['cust', 'name']);
  assert.deepEqual(wordParts('HTTPServer2'), ['http', 'server', '2']);
  assert.deepEqual(latinTokens('VC_CUST_NAME'), ['vc_cust_name', 'vc', 'cust', 'name', 'custname', 'cust_name']);
  assert.deepEqual(latinTokens('C_CUSTNAME'), ['c_custname', 'c', 'custname']);
  assert.equal(strippedName('F_BALANCE'), 'balance');
  assert.deepEqual(hanTokens('客户姓名'), ['客户', '户姓', '姓名', '名']);
  const py = pinyinTokens('客户姓名');
  for (const t of ['kehuxingming', 'khxm', 'xingming', 'xm']) assert.ok(py.includes(t), `${t} in ${py.join(' ')}`);
  assert.deepEqual(parseQuery('TA 客户 c_custname').terms, [{ kind: 'han', text: '客户' }, { kind: 'latin', text: 'ta' }, { kind: 'latin', text: 'c_custname' }]);
});

// query → ids that must be among the hits; `first` is the expected top hit; `not` ids that must not match.
const CASES: { q: string; has: string[]; first?: string; not?: string[] }[] = [
  { q: '客户', has: ['ta.c_custname', 'ta.vc_custno', 'crm.khxm', 'std:DS-CUST-001', 'ds:crm.kh_jbxx', 'src:crm'], not: ['ta.c_identityno', 'fa.en_nav'] },
  { q: '姓名', has: ['ta.c_custname', 'crm.khxm'], not: ['ta.vc_custno', 'ta.c_identityno'] },
  { q: '户姓', has: ['ta.c_custname'] },
  { q: '客户姓名', has: ['ta.c_custname', 'crm.khxm', 'ds.kehuxingming'], not: ['ta.vc_custno'] },
  { q: '净值', has: ['fa.en_nav', 'fa.en_totalnav', 'std:DS-PROD-010', 'ds:fa.tfundnav'], not: ['ta.f_balance'] },
  { q: '份额', has: ['ta.f_realshares', 'ta.f_frozenshares', 'ds:ta.tshare'], not: ['ta.c_custname'] },
  { q: '额', has: ['ta.f_realshares', 'ta.f_balance'], not: ['ta.c_custname'] },
  { q: '证件号码', has: ['ta.c_identityno', 'crm.zjhm', 'std:DS-CUST-002'], first: 'std:DS-CUST-002', not: ['ta.c_identitytype'] },
  { q: 'khxm', has: ['crm.khxm', 'ta.c_custname'], first: 'crm.khxm', not: ['ta.c_identityno'] },
  { q: 'kehu', has: ['ta.c_custname', 'ta.vc_custno', 'crm.khxm', 'ds.kehuxingming'], not: ['fa.en_nav'] },
  { q: 'kehuxingming', has: ['ta.c_custname', 'crm.khxm', 'ds.kehuxingming'], first: 'ds.kehuxingming' },
  { q: 'xingming', has: ['ta.c_custname'] },
  { q: 'zjhm', has: ['crm.zjhm', 'ta.c_identityno', 'std:DS-CUST-002'], first: 'crm.zjhm' },
  { q: 'dwjz', has: ['fa.en_nav', 'fa.en_totalnav', 'std:DS-PROD-010'] },
  { q: 'jingzhi', has: ['fa.en_nav', 'ds:fa.tfundnav'] },
  { q: 'cust', has: ['ta.c_custname', 'ta.vc_custno', 'crm.custName'] },
  { q: 'custname', has: ['ta.c_custname', 'crm.custName'], not: ['ta.vc_custno'] },
  { q: 'C_CUSTNAME', has: ['ta.c_custname'], first: 'ta.c_custname' },
  { q: 'custno', has: ['ta.vc_custno'], first: 'ta.vc_custno' },
  { q: 'identitno', has: ['ta.c_identityno'] }, // typo, one edit: fuzzy
  { q: 'balance', has: ['ta.f_balance'], first: 'ta.f_balance' },
  { q: 'risk level', has: ['crm.riskLevel'] },
  { q: 'customer', has: ['crm.custName', 'std:DS-CUST-001'] },
  { q: 'taccoinfo', has: ['ds:ta.taccoinfo', 'ta.c_custname'], first: 'ds:ta.taccoinfo' },
  { q: 'DS-CUST-002', has: ['std:DS-CUST-002'], not: ['std:DS-CUST-001'] },
  { q: 'TA 客户', has: ['ta.c_custname', 'ta.vc_custno'], not: ['crm.khxm', 'std:DS-CUST-001'] },
  { q: '估值 日期', has: ['fa.d_navdate'], not: ['ta.d_opendate'] },
  { q: '营业执照', has: ['std:DS-CUST-001'] },
  { q: '手机号码', has: ['ta.c_mobiletel', 'crm.sjhm'] }, // crm.sjhm has no comment: found through its pinyin name
  { q: 'ＣＵＳＴＮＡＭＥ', has: ['ta.c_custname'] }, // full-width input
  { q: 'Kehu XingMing', has: ['ta.c_custname', 'crm.khxm'], not: ['ta.vc_custno'] },
];

for (const c of CASES) {
  test(`query ${c.q}`, () => {
    const s = loaded();
    const r = s.search(c.q, { first: 100 });
    const ids = r.hits.map((h) => h.id);
    for (const id of c.has) assert.ok(ids.includes(id), `${c.q} should find ${id}; got ${ids.join(', ')}`);
    for (const id of c.not ?? []) assert.ok(!ids.includes(id), `${c.q} should not find ${id}`);
    if (c.first) assert.equal(ids[0], c.first, `${c.q} top hit; got ${ids.slice(0, 3).join(', ')}`);
    assert.equal(r.relaxed, false);
    assert.equal(r.total, ids.length);
    for (let i = 1; i < r.hits.length; i++) assert.ok(r.hits[i - 1]!.score >= r.hits[i]!.score, 'hits sorted by score');
  });
}

test('no match stays empty; an AND miss relaxes to OR and says so', () => {
  const s = loaded();
  const none = s.search('zzqqxxyy');
  assert.equal(none.total, 0);
  assert.deepEqual(none.hits, []);
  assert.equal(none.endCursor, null);
  assert.equal(none.hasNextPage, false);
  const relaxed = s.search('客户 火星文档', { first: 100 });
  assert.equal(relaxed.relaxed, true);
  assert.ok(relaxed.hits.some((h) => h.id === 'ta.c_custname'), 'relaxed query still finds 客户');
  const strict = s.search('客户 姓名', { first: 100 });
  assert.equal(strict.relaxed, false);
  assert.ok(!strict.hits.some((h) => h.id === 'ta.vc_custno'), 'AND: 客户编号 has no 姓名');
});

test('filters: source, system, grade, category prefix, owner, conformance, kinds', () => {
  const s = loaded();
  const ids = (q: string, opts: SearchOptions) => s.search(q, { ...opts, first: 200 }).hits.map((h) => h.id).sort();
  assert.deepEqual(ids('客户', { filters: { system: ['CRM'] } }), ['crm.khxm', 'ds:crm.kh_jbxx', 'src:crm']);
  assert.deepEqual(ids('客户', { filters: { sourceId: ['src:crm'] }, kinds: ['column'] }), ['crm.khxm']);
  assert.deepEqual(ids('证件', { filters: { grade: [4] }, kinds: ['column'] }), ['crm.zjhm', 'ta.c_identityno']);
  assert.deepEqual(ids('', { filters: { categoryId: ['P03'] }, kinds: ['column'] }), ['fa.d_navdate', 'fa.en_nav', 'fa.en_totalnav']);
  // a parent category matches its children, by id prefix or by path
  const byId = ids('', { filters: { categoryId: ['C'] }, kinds: ['column'] });
  const byPath = ids('', { filters: { categoryId: ['客户'] }, kinds: ['column'] });
  assert.deepEqual(byId, byPath);
  assert.ok(byId.includes('ta.c_mobiletel') && byId.includes('crm.riskLevel') && !byId.includes('fa.en_nav'), `category C: ${byId.join(', ')}`);
  assert.deepEqual(ids('', { filters: { categoryId: ['客户/联系方式'] } }), ['crm.sjhm', 'ta.c_mobiletel']);
  assert.deepEqual(ids('', { filters: { owner: ['dept-fin'] }, kinds: ['dataset', 'source'] }), ['ds:fa.tfundnav', 'src:fa']);
  assert.deepEqual(ids('', { filters: { conformance: ['nonconforming'] } }), ['crm.khxm', 'crm.zjhm', 'ta.c_mobiletel']);
  assert.deepEqual(ids('khxm', { filters: { system: ['TA'], grade: [3] } }), ['ta.c_custname']);
  assert.deepEqual(ids('', { kinds: ['standard'] }), ['std:DS-CUST-001', 'std:DS-CUST-002', 'std:DS-PROD-010']);
  assert.deepEqual(ids('净值', { filters: { system: ['TA'] } }), []);
});

test('facets count every match, not only the page', () => {
  const s = loaded();
  const r = s.search('客户', { first: 2 });
  assert.equal(r.hits.length, 2);
  assert.ok(r.total > 2, `total ${r.total}`);
  const all = s.search('客户', { first: 1000 }).hits.map((h) => h.doc);
  assert.equal(all.length, r.total);
  const count = (key: (d: SearchDocument) => string | null | undefined) => {
    const out: Record<string, number> = {};
    for (const d of all) { const k = key(d); if (k != null && k !== '') out[k] = (out[k] ?? 0) + 1; }
    return out;
  };
  assert.deepEqual(r.facets.kind, count((d) => d.kind));
  assert.deepEqual(r.facets.system, count((d) => d.system));
  assert.deepEqual(r.facets.grade, count((d) => (d.grade == null ? null : String(d.grade))));
  assert.deepEqual(r.facets.categoryPath, count((d) => d.categoryPath?.split('/')[0]));
  assert.deepEqual(r.facets.owner, count((d) => d.owner));
  assert.deepEqual(r.facets.conformance, count((d) => d.conformance));
  assert.equal(r.facets.categoryPath['客户'], all.filter((d) => d.categoryPath?.startsWith('客户/')).length);
  // filters narrow the facets too
  const ta = s.search('客户', { filters: { system: ['TA'] } });
  assert.deepEqual(Object.keys(ta.facets.system), ['TA']);
});

test('cursors page through every result exactly once, for browse and for queries', () => {
  const s = loaded();
  const browse = allHits(s, '', {}, 4);
  assert.equal(browse.length, DOCS.length);
  assert.equal(new Set(browse).size, DOCS.length, 'no duplicates');
  assert.deepEqual([...browse].sort(), DOCS.map((d) => d.id).sort(), 'no gaps');
  // browse order: sources, datasets, standards, columns
  assert.deepEqual(browse.slice(0, 3).map((id) => s.get(id)!.kind), ['source', 'source', 'source']);

  for (const [q, opts] of [['客户', {}], ['khxm', {}], ['kehu', {}], ['', { filters: { system: ['TA'] } }], ['客户 火星文档', {}]] as [string, SearchOptions][]) {
    const whole = s.search(q, { ...opts, first: 1000 }).hits.map((h) => h.id);
    for (const size of [1, 2, 5]) assert.deepEqual(allHits(s, q, opts, size), whole, `${q} by pages of ${size}`);
  }
  // a hit's own cursor continues after that hit
  const r = s.search('客户', { first: 5 });
  const next = s.search('客户', { first: 2, after: r.hits[2]!.cursor });
  assert.deepEqual(next.hits.map((h) => h.id), r.hits.slice(3, 5).map((h) => h.id));
  const last = s.search('客户', { first: 1000 });
  assert.equal(last.hasNextPage, false);
  const beyond = s.search('客户', { after: last.endCursor });
  assert.deepEqual(beyond.hits, []);
  assert.equal(beyond.hasNextPage, false);
  assert.equal(beyond.total, last.total, 'total counts all matches whatever the cursor');
});

test('upsert and remove keep the index in step with the catalogue', () => {
  const s = loaded();
  assert.equal(s.size, DOCS.length);
  const before = s.search('姓名', { first: 100 }).hits.map((h) => h.id);
  assert.ok(before.includes('ta.c_custname'), '姓名 finds C_CUSTNAME before the upsert');

  const doc = s.get('ta.c_custname')!;
  assert.throws(() => { (doc as { grade: number | null }).grade = 1; }, TypeError, 'stored documents are frozen');
  s.upsert([{ ...doc, comment: '经办人名称', grade: 2, conformance: 'conforming' }]);
  assert.equal(s.size, DOCS.length, 'upsert of a known id replaces');
  assert.ok(!s.search('姓名', { first: 100 }).hits.some((h) => h.id === 'ta.c_custname'), 'old comment gone');
  assert.ok(!s.search('khxm', { first: 100 }).hits.some((h) => h.id === 'ta.c_custname'), 'old pinyin gone');
  assert.ok(s.search('经办人').hits.some((h) => h.id === 'ta.c_custname'), 'new comment found');
  assert.ok(s.search('jbr').hits.some((h) => h.id === 'ta.c_custname'), 'new comment found by pinyin initials');
  assert.ok(s.search('', { filters: { grade: [2], system: ['TA'] }, first: 100 }).hits.some((h) => h.id === 'ta.c_custname'));
  assert.ok(!s.search('', { filters: { grade: [3], system: ['TA'] }, first: 100 }).hits.some((h) => h.id === 'ta.c_custname'));

  s.upsert([{ id: 'ta.c_email', kind: 'column', name: 'C_EMAIL', comment: '电子邮箱', path: 'ta.taccoinfo.c_email', system: 'TA', grade: 3 }]);
  assert.equal(s.size, DOCS.length + 1, 'upsert of a new id adds');
  assert.equal(s.search('dzyx').hits[0]?.id, 'ta.c_email');

  assert.equal(s.remove(['ta.c_email', 'crm.khxm', 'no-such-id']), 2);
  assert.equal(s.size, DOCS.length - 1);
  assert.deepEqual(s.search('dzyx').hits, []);
  assert.ok(!s.search('khxm', { first: 100 }).hits.some((h) => h.id === 'crm.khxm'));
  assert.equal(s.search('', { filters: { conformance: ['nonconforming'] } }).total, 2, 'facets and filters follow removals');
  assert.equal(allHits(s, '', {}, 7).length, DOCS.length - 1);

  s.clear();
  assert.equal(s.size, 0);
  assert.equal(s.search('客户').total, 0);
  s.add(DOCS.slice(0, 5));
  assert.equal(s.size, 5);
});

test('bad documents and duplicate ids are refused and change nothing', () => {
  const s = loaded();
  assert.throws(() => s.add([{ id: 'x1', kind: 'column', name: 'A' }, DOCS[10]!]), (e: unknown) => e instanceof SearchError && /already indexed/.test(e.message));
  assert.equal(s.has('x1'), false);
  assert.equal(s.size, DOCS.length);
  assert.throws(() => s.add([{ id: 'x2', kind: 'table' as never, name: 'A' }]), /kind must be one of/);
  assert.throws(() => s.add([{ id: '', kind: 'column', name: 'A' }]), /id must be a non-empty string/);
  assert.throws(() => s.upsert([{ id: 'x3', kind: 'column', name: 'A', grade: 7 }]), /grade must be 1..4/);
  assert.throws(() => s.upsert([{ id: 'x4', kind: 'column', name: 'A', conformance: 'maybe' as never }]), /conformance/);
  assert.equal(s.size, DOCS.length);
  assert.throws(() => s.add([{ id: 'd', kind: 'column', name: 'A' }, { id: 'd', kind: 'column', name: 'B' }]), /already indexed/);
  assert.equal(s.has('d'), false);
});

test('hostile queries never throw; bad cursors and page sizes get a clear error', () => {
  const s = loaded();
  const hostile = [
    '', '   ', '"', "'", '\\', '"客户', "c_custname' OR 1=1 --", '.*', '[a-z]+', '(?<x>', '$^|\\d{1,3}', '%_%', '🙂🙂', '\u0000\u0001',
    '客'.repeat(1000), 'a'.repeat(1000), '客户 '.repeat(300), 'x y z '.repeat(200), '\u{20000}\u{20001}', 'ǖǘǚ', 'Ｃ＿ＣＵＳＴＮＡＭＥ', '<script>alert(1)</script>',
  ];
  for (const q of hostile) {
    const r = s.search(q, { first: 5 });
    assert.ok(Array.isArray(r.hits) && r.hits.length <= 5 && Number.isInteger(r.total), `shape for ${JSON.stringify(q.slice(0, 20))}`);
  }
  assert.ok(s.search('客户'.repeat(500)).total > 0, 'a 1,000-character query is cut, not refused');
  assert.equal(s.search('"客户"').total, s.search('客户').total, 'quotes are separators');
  assert.throws(() => s.search('客户', { after: 'not-a-cursor' }), (e: unknown) => e instanceof SearchError && /endCursor/.test(e.message));
  assert.throws(() => s.search('客户', { after: Buffer.from('["s1","x","y"]').toString('base64url') }), SearchError);
  assert.throws(() => s.search('客户', { first: -1 }), /first must be an integer/);
  assert.throws(() => s.search('客户', { first: 1.5 }), SearchError);
  assert.equal(s.search('客户', { first: 0 }).hits.length, 0);
  assert.equal(s.search('客户', { first: 0 }).hasNextPage, true);
});
