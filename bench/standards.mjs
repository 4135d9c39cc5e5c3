// Data standards: mapping suggestions and conformance scoring throughput over a realistic
// catalogue (500 standards; vendor, pinyin and Chinese-commented columns), against a bare
// substring scan of the same column × standard pairs measured in the same run. Prints one JSON line.
import { register } from 'tsx/esm/api';
register();
const { validateStandard, suggestStandards, scoreConformance } = await import('../catalog/standards-model.ts');

const SUBJECT = [['客户', 'Customer'], ['基金', 'Fund'], ['账户', 'Account'], ['交易', 'Trade'], ['证件', 'Certificate'], ['产品', 'Product'], ['机构', 'Organization'], ['渠道', 'Channel'], ['销售', 'Sales'], ['持仓', 'Position']];
const QUALIFIER = [['', ''], ['申请', 'Apply'], ['确认', 'Confirm'], ['历史', 'History'], ['原始', 'Original']];
const ATTR = [['名称', 'Name', 'VARCHAR', 200], ['代码', 'Code', 'VARCHAR', 12], ['类型', 'Type', 'CHAR', 2], ['日期', 'Date', 'DATE', null], ['金额', 'Amount', 'NUMERIC', 16], ['号码', 'Number', 'VARCHAR', 32], ['状态', 'Status', 'CHAR', 1], ['余额', 'Balance', 'NUMERIC', 16], ['数量', 'Quantity', 'INTEGER', 10], ['地址', 'Address', 'VARCHAR', 300]];
const standards = [];
for (const [sz, se] of SUBJECT) for (const [qz, qe] of QUALIFIER) for (const [az, ae, t, len] of ATTR) {
  const n = standards.length + 1;
  standards.push(validateStandard({ code: `DS-B-${String(n).padStart(4, '0')}`, nameZh: sz + qz + az, nameEn: `${se} ${qe} ${ae}`.replace(/\s+/g, ' ').trim(), definition: 'bench', dataType: t, length: len, precision: t === 'NUMERIC' ? 2 : null, status: 'published' }));
}
const columns = [];
for (let i = 0; columns.length < 2000; i++) {
  const s = standards[(i * 7919) % standards.length];
  const k = i % 4;
  columns.push(k === 0 ? { name: `C_${s.nameEn.toUpperCase().replace(/ /g, '')}`, dataType: 'VARCHAR2(100)' }
    : k === 1 ? { name: `col_${i}`, comment: s.nameZh, dataType: 'varchar(64)' }
    : k === 2 ? { name: `x${i}_remark`, comment: '备注', dataType: 'text' }
    : { name: `F_${i}`, dataType: 'NUMBER(16,2)' });
}
// warm up (pinyin of each standard is computed once and cached)
suggestStandards(columns[0], standards);
let t = performance.now();
let suggested = 0;
for (const c of columns) suggested += suggestStandards(c, standards).length ? 1 : 0;
const suggestMs = performance.now() - t;
t = performance.now();
let hits = 0;
for (const c of columns) for (const s of standards) if ((c.comment ?? c.name).includes(s.nameZh) || c.name.toLowerCase().includes(s.nameEn.toLowerCase())) hits++;
const bareMs = performance.now() - t;
t = performance.now();
const N = 40000;
for (let i = 0; i < N; i++) scoreConformance(columns[i % columns.length], standards[i % standards.length], { codeListHits: 9, sampled: 10 });
const conformMs = performance.now() - t;
console.log(JSON.stringify({
  bench: 'standards', standards: standards.length, columns: columns.length, suggested,
  suggestColumnsPerSec: Math.round(columns.length / (suggestMs / 1000)), suggestMsPerColumn: +(suggestMs / columns.length).toFixed(3),
  reference_bareSubstringColumnsPerSec: Math.round(columns.length / (bareMs / 1000)),
  conformanceColumnsPerSec: Math.round(N / (conformMs / 1000)), conformance40kMs: Math.round(conformMs),
}));
