// Catalogue search latency: 40,000 synthetic fund-manager column documents (vendor names, Chinese
// comments, pinyin-named columns), 500 mixed queries (Chinese, English, pinyin full and initials,
// with and without filters, browse). Prints one JSON line; progress on stderr.
//   node bench/search.mjs            SEARCH_BENCH_DOCS=40000 SEARCH_BENCH_QUERIES=500
import { register } from 'tsx/esm/api';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

register();
const { CatalogSearch } = await import('../catalog/search.ts');

const DOCS = Number(process.env.SEARCH_BENCH_DOCS ?? 40_000);
const QUERIES = Number(process.env.SEARCH_BENCH_QUERIES ?? 500);
const TARGET_P95_MS = 50;
const log = (m) => process.stderr.write(`[bench/search] ${m}\n`);

// deterministic PRNG so runs compare
let seed = 20240611;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

// [vendor column name, Chinese comment, grade, category]
const TERMS = [
  ['C_CUSTNAME', '客户姓名', 3, 'C01'], ['C_IDENTITYNO', '证件号码', 4, 'C01'], ['C_IDENTITYTYPE', '证件类型', 2, 'C01'],
  ['C_MOBILETEL', '手机号码', 3, 'C03'], ['C_EMAIL', '电子邮箱', 3, 'C03'], ['C_ADDRESS', '通讯地址', 3, 'C03'],
  ['C_FUNDACCO', '基金账号', 3, 'C04'], ['C_TRADEACCO', '交易账号', 3, 'C04'], ['C_BANKACCO', '银行账号', 4, 'C04'],
  ['C_BANKNAME', '开户银行名称', 2, 'C04'], ['F_BALANCE', '账户余额', 3, 'C05'], ['F_SHARES', '持有份额', 3, 'C05'],
  ['F_FROZENSHARES', '冻结份额', 3, 'C05'], ['F_CONFIRMBALANCE', '确认金额', 3, 'C06'], ['D_CFMDATE', '确认日期', 2, 'C06'],
  ['C_BUSINFLAG', '业务代码', 1, 'C06'], ['C_RISKLEVEL', '风险承受能力等级', 3, 'C07'], ['C_FUNDCODE', '基金代码', 1, 'P01'],
  ['C_FUNDNAME', '基金名称', 1, 'P01'], ['F_NAV', '单位净值', 2, 'P03'], ['F_TOTALNAV', '累计净值', 2, 'P03'],
  ['F_MARKETVALUE', '证券市值', 3, 'I01'], ['C_SECCODE', '证券代码', 1, 'I01'], ['F_COST', '持仓成本', 3, 'I01'],
  ['VC_KMDM', '科目代码', 2, 'V01'], ['VC_KMMC', '科目名称', 2, 'V01'], ['F_JE', '发生金额', 3, 'V01'],
  ['C_AGENCYNO', '销售机构代码', 1, 'S01'], ['C_NETNO', '网点代码', 1, 'S01'], ['C_MANAGER', '客户经理', 2, 'S01'],
  ['khxm', '客户姓名', 3, 'C01'], ['zjhm', '证件号码', 4, 'C01'], ['sjhm', '手机号码', 3, 'C03'], ['yhzh', '银行账号', 4, 'C04'],
  ['jjdm', '基金代码', 1, 'P01'], ['custName', 'customer name', 3, 'C01'], ['cust_no', '客户编号', 2, 'C04'],
  ['trade_date', '交易日期', 1, 'C06'], ['order_amount', '委托金额', 3, 'I02'], ['holder_type', '持有人类别', 2, 'C02'],
];
const QUALIFIERS = ['', '', '', '经办人', '机构', '对方', '原', '新', '受益人', '法人代表', '联系人', '上日', '本期'];
const SYSTEMS = [['TA', 'ta'], ['估值核算', 'fa'], ['投资管理', 'im'], ['直销', 'ds'], ['CRM', 'crm'], ['数据仓库', 'dw']];
const CAT_PATHS = { C: '客户', P: '产品', I: '投资', V: '估值', S: '渠道' };
const OWNERS = ['dept-ops', 'dept-sales', 'dept-invest', 'dept-finance', 'dept-it'];

const docs = [];
let table = 0;
while (docs.length < DOCS) {
  const [system, prefix] = pick(SYSTEMS);
  const tname = `${prefix === 'dw' ? 'dim' : 't'}${pick(['acco', 'cust', 'share', 'trade', 'fund', 'hold', 'nav', 'order'])}info${table}`;
  const width = 10 + Math.floor(rand() * 31);
  for (let i = 0; i < width && docs.length < DOCS; i++) {
    const [name, comment, grade, cat] = pick(TERMS);
    const q = pick(QUALIFIERS);
    const colName = i < 3 ? name : `${name}${i}`;
    docs.push({
      id: `col:${docs.length}`, kind: 'column', name: colName,
      comment: rand() < 0.15 ? null : q + comment,
      path: `${prefix}.${tname}.${colName.toLowerCase()}`, sourceId: `src:${prefix}`, system, datasetId: `ds:${table}`,
      grade: rand() < 0.1 ? null : grade, categoryId: cat, categoryPath: `${CAT_PATHS[cat[0]]}/${cat}`,
      owner: pick(OWNERS), conformance: pick(['conforming', 'partial', 'nonconforming', 'unmapped', null]),
    });
  }
  table++;
}

const QUERY_SET = [
  ['客户', {}], ['客户姓名', {}], ['姓名', {}], ['证件号码', {}], ['份额', {}], ['净值', {}], ['银行账号', {}], ['风险等级', {}],
  ['custname', {}], ['cust', {}], ['balance', {}], ['fundacco', {}], ['trade date', {}], ['identityno', {}], ['custnme', {}],
  ['khxm', {}], ['zjhm', {}], ['kehu', {}], ['kehuxingming', {}], ['jingzhi', {}], ['yhzh', {}], ['sjhm', {}],
  ['客户', { filters: { system: ['TA'] } }], ['证件', { filters: { grade: [4] } }], ['khxm', { filters: { system: ['CRM', 'TA'], grade: [3, 4] } }],
  ['份额', { filters: { categoryId: ['C'] }, first: 50 }], ['TA 客户', {}], ['基金 代码', { kinds: ['column'] }],
  ['', { filters: { system: ['估值核算'] } }], ['', { filters: { owner: ['dept-ops'], conformance: ['nonconforming'] } }],
  ['经办人证件号码', {}], ['客户 不存在的词', {}],
];

log(`building ${DOCS} docs over ${table} tables`);
const search = new CatalogSearch();
const t0 = performance.now();
const c0 = process.cpuUsage();
search.add(docs);
const buildMs = performance.now() - t0;
const cpu = process.cpuUsage(c0);
const buildCpuMs = (cpu.user + cpu.system) / 1000;
log(`built in ${buildMs.toFixed(0)} ms`);

for (let i = 0; i < 20; i++) search.search(QUERY_SET[i % QUERY_SET.length][0], QUERY_SET[i % QUERY_SET.length][1]); // warm-up
const times = [];
const cpuTimes = [];
const slow = new Map();
for (let i = 0; i < QUERIES; i++) {
  const [q, opts] = QUERY_SET[i % QUERY_SET.length];
  const c = process.cpuUsage();
  const t = performance.now();
  let page = search.search(q, opts);
  if (i % 5 === 0 && page.hasNextPage) page = search.search(q, { ...opts, after: page.endCursor }); // second page too
  const ms = performance.now() - t;
  const cu = process.cpuUsage(c);
  times.push(ms);
  cpuTimes.push((cu.user + cu.system) / 1000);
  slow.set(q, Math.max(slow.get(q) ?? 0, ms));
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const pct = (p, xs = times) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const worst = [...slow.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([q, ms]) => `${q || '(browse)'}=${ms.toFixed(1)}`);
log(`slowest: ${worst.join(', ')}`);
const round = (x) => Math.round(x * 100) / 100;
console.log(JSON.stringify({ docs: search.size, queries: QUERIES, buildMs: Math.round(buildMs), buildCpuMs: Math.round(buildCpuMs), p50Ms: round(pct(0.5)), p95Ms: round(pct(0.95)), maxMs: round(times[times.length - 1]), p95CpuMs: round(pct(0.95, cpuTimes)), loadavg: round(os.loadavg()[0]), cpus: os.cpus().length, target: TARGET_P95_MS, pass: pct(0.95) < TARGET_P95_MS }));
