// Classifier speed: detector throughput (sampled values/s, one core) and 20,000 columns × 1,000
// samples end to end through classifyTable. Prints one JSON line with the figures and their targets.
import { register } from 'tsx/esm/api';
register();
const { runDetectors, classifyTable, loadRuleSet, gb11643CheckChar, luhnCheckDigit } = await import('../classifiers/index.ts');

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const digits = (n) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
const pick = (a) => a[Math.floor(rnd() * a.length)];
const gen = {
  id: () => { const f = `${pick(['11', '31', '44', '51'])}0101${1950 + Math.floor(rnd() * 50)}0${1 + Math.floor(rnd() * 9)}1${Math.floor(rnd() * 9)}${digits(3)}`; return f + gb11643CheckChar(f); },
  mobile: () => `1${pick(['3', '5', '8', '9'])}${digits(9)}`,
  card: () => { const p = `6222${digits(14)}`; return p + luhnCheckDigit(p); },
  amount: () => (rnd() * 1e6).toFixed(2),
  name: () => pick(['张', '王', '李', '刘', '陈']) + pick(['伟', '芳', '娜', '静', '磊', '强']),
  date: () => `2024-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
  code: () => pick(['0', '1', '2', 'A', 'Y', 'N']),
  fund: () => digits(6),
  email: () => `user${digits(4)}@example.com`,
  text: () => pick(['客户来电要求加急', '柜台代办', '批处理开始时间', '上海市浦东新区示例路88弄6号']),
  serial: () => `20240315${digits(10)}`,
  uuid: () => `${digits(8)}-ab12-4c1e-9f2a-${digits(12)}`,
};
const kinds = Object.keys(gen);
const pools = kinds.map((k) => Array.from({ length: 1000 }, gen[k]));

// 1. Detector throughput over a realistic mix, column by column (1,000 values each).
const columnsForDetectors = 3000;
runDetectors(pools[0]); // warm up
let t0 = process.hrtime.bigint();
let values = 0;
for (let i = 0; i < columnsForDetectors; i++) { const p = pools[i % pools.length]; runDetectors(p); values += p.length; }
const detSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
const detectorValuesPerSecond = Math.round(values / detSeconds);

// 2. End to end: 1,000 tables × 20 columns × 1,000 samples through classifyTable.
const rules = loadRuleSet();
const colNames = ['cust_no', 'cust_name', 'id_no', 'mobile', 'bank_card', 'apply_amt', 'fund_code', 'biz_date', 'status', 'remark',
  'C_FUNDACCO', 'email', 'col_13', 'col_14', 'serial_no', 'device_id', 'khxm', 'zjhm', 'created_at', 'ext1'];
t0 = process.hrtime.bigint();
let columns = 0;
for (let t = 0; t < 1000; t++) {
  const samples = new Map();
  const cols = colNames.map((n, i) => { samples.set(n, pools[(t + i) % pools.length]); return { name: n, dataType: 'varchar(64)', comment: null }; });
  const res = classifyTable({ name: `t_cust_${t}`, comment: '客户交易表', columns: cols }, samples, rules);
  columns += res.columns.length;
}
const e2eSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

console.log(JSON.stringify({
  bench: 'classify',
  detectorValuesPerSecond, detectorTargetValuesPerSecond: 2_000_000, detectorOk: detectorValuesPerSecond >= 2_000_000,
  endToEndColumns: columns, samplesPerColumn: 1000, endToEndSeconds: Math.round(e2eSeconds * 100) / 100, endToEndTargetSeconds: 30, endToEndOk: e2eSeconds < 30,
}));
