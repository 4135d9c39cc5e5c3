import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CONFORMANCE_WEIGHTS, StandardError, formatStandardType, identifierWords, normaliseType, rollupConformance, rollupConformanceBy,
  scoreConformance, standardChanges, suggestStandards, validateStandard, type Standard,
} from '../../catalog/standards-model.ts';

const base = { code: 'DS-CUST-001', nameZh: '客户名称', nameEn: 'Customer Name', definition: '客户在本公司登记的全称', dataType: 'VARCHAR', length: 200 };

const STANDARDS: Standard[] = [
  { ...base, status: 'published' },
  { code: 'DS-CUST-002', nameZh: '客户姓名', nameEn: 'Customer Full Name', definition: '个人客户的姓名', dataType: 'VARCHAR', length: 100 },
  { code: 'DS-CUST-003', nameZh: '证件号码', nameEn: 'ID Number', definition: '证件上的号码', dataType: 'VARCHAR', length: 32, defaultGrade: 3, defaultCategory: '客户/个人身份' },
  { code: 'DS-CUST-004', nameZh: '证件类型', nameEn: 'ID Type', definition: '证件种类', dataType: 'CHAR', length: 1, codeList: [{ code: '0', label: '身份证' }, { code: '1', label: '护照' }] },
  { code: 'DS-ACCT-001', nameZh: '基金账号', nameEn: 'Fund Account', definition: 'TA 基金账号', dataType: 'VARCHAR', length: 12 },
  { code: 'DS-ACCT-002', nameZh: '账户余额', nameEn: 'Account Balance', definition: '份额余额', dataType: 'NUMERIC', length: 16, precision: 2 },
  { code: 'DS-CUST-005', nameZh: '手机号码', nameEn: 'Mobile Phone Number', definition: '手机号', dataType: 'VARCHAR', length: 11 },
  { code: 'DS-CUST-006', nameZh: '性别', nameEn: 'Gender', definition: '性别', dataType: 'CHAR', length: 1 },
  { code: 'DS-TRD-001', nameZh: '确认日期', nameEn: 'Confirm Date', definition: 'TA 确认日期', dataType: 'DATE' },
  { code: 'DS-TRD-002', nameZh: '申请笔数', nameEn: 'Order Count', definition: '笔数', dataType: 'INTEGER', length: 10 },
  { code: 'DS-OLD-001', nameZh: '传真号码', nameEn: 'Fax Number', definition: '已不用', dataType: 'VARCHAR', length: 20, status: 'retired' },
].map((s) => validateStandard(s));
const std = (code: string): Standard => STANDARDS.find((s) => s.code === code)!;

// ---------------------------------------------------------------- validation

test('validateStandard normalises: code upper-cased, text trimmed, empty optionals null, defaults', () => {
  const s = validateStandard({
    ...base, code: ' ds-cust-001 ', nameZh: ' 客户名称 ', dataType: 'varchar', valueRange: '  ', codeList: [], defaultCategory: '客户 / 个人身份 ',
    ownerDepartment: '', defaultGrade: null,
  });
  assert.deepEqual(s, {
    code: 'DS-CUST-001', nameZh: '客户名称', nameEn: 'Customer Name', definition: '客户在本公司登记的全称', dataType: 'VARCHAR', length: 200,
    precision: null, valueRange: null, codeList: null, defaultCategory: '客户/个人身份', defaultGrade: null, ownerDepartment: null, version: 1, status: 'draft',
  });
});

test('validateStandard takes a vendor type and fills in length and decimals', () => {
  const a = validateStandard({ ...base, dataType: 'VARCHAR2(200)', length: undefined });
  assert.equal(a.dataType, 'VARCHAR');
  assert.equal(a.length, 200);
  const b = validateStandard({ ...base, dataType: 'NUMBER(16,2)', length: 16 });
  assert.deepEqual([b.dataType, b.length, b.precision], ['NUMERIC', 16, 2]);
  assert.equal(formatStandardType(b), 'NUMERIC(16,2)');
  assert.equal(formatStandardType(a), 'VARCHAR(200)');
  assert.equal(formatStandardType(std('DS-TRD-001')), 'DATE');
});

const invalid: [string, Record<string, unknown>, string, RegExp][] = [
  ['not an object', null as unknown as Record<string, unknown>, 'standard', /must be an object/],
  ['code missing', { ...base, code: undefined }, 'code', /code is required/],
  ['code pattern', { ...base, code: 'CUST 1' }, 'code', /must look like DS-CUST-001/],
  ['code without number', { ...base, code: 'DS-CUST' }, 'code', /must look like/],
  ['nameZh empty', { ...base, nameZh: '  ' }, 'nameZh', /nameZh is required/],
  ['nameEn number', { ...base, nameEn: 42 }, 'nameEn', /must be text/],
  ['definition missing', { ...base, definition: undefined }, 'definition', /definition is required/],
  ['name with newline', { ...base, nameZh: '客户\n名称' }, 'nameZh', /one line/],
  ['control character', { ...base, definition: 'a\u0007b' }, 'definition', /control characters/],
  ['name too long', { ...base, nameEn: 'x'.repeat(201) }, 'nameEn', /at most 200/],
  ['dataType unknown', { ...base, dataType: 'BLOB' }, 'dataType', /must be one of VARCHAR, CHAR/],
  ['dataType missing', { ...base, dataType: '' }, 'dataType', /required/],
  ['length text', { ...base, length: 'abc' }, 'length', /whole number from 1/],
  ['length zero', { ...base, length: 0 }, 'length', /whole number from 1/],
  ['length fraction', { ...base, length: 1.5 }, 'length', /whole number/],
  ['length contradicts type', { ...base, dataType: 'VARCHAR(100)', length: 200 }, 'length', /contradicts/],
  ['length on DATE', { ...base, dataType: 'DATE', length: 8 }, 'length', /does not apply to DATE/],
  ['precision on VARCHAR', { ...base, precision: 2 }, 'precision', /applies only to NUMERIC/],
  ['precision without length', { ...base, dataType: 'NUMERIC', length: null, precision: 2 }, 'length', /required when precision/],
  ['precision over length', { ...base, dataType: 'NUMERIC', length: 4, precision: 6 }, 'precision', /cannot exceed length/],
  ['grade 5', { ...base, defaultGrade: 5 }, 'defaultGrade', /1, 2, 3 or 4/],
  ['grade as text', { ...base, defaultGrade: '3' }, 'defaultGrade', /1, 2, 3 or 4/],
  ['status unknown', { ...base, status: 'active' }, 'status', /draft, published, retired/],
  ['version zero', { ...base, version: 0 }, 'version', /whole number from 1/],
  ['category empty segment', { ...base, defaultCategory: '客户//身份' }, 'defaultCategory', /non-empty segments/],
  ['code list not a list', { ...base, codeList: 'a:b' }, 'codeList', /list of/],
  ['code list empty code', { ...base, codeList: [{ code: '', label: '男' }] }, 'codeList[0].code', /required/],
  ['code list duplicate', { ...base, codeList: [{ code: '1', label: '男' }, { code: '1', label: '女' }] }, 'codeList[1].code', /duplicates/],
  ['code list no label', { ...base, codeList: [{ code: '1' }] }, 'codeList[0].label', /required/],
  ['unknown field', { ...base, lenght: 10 }, 'lenght', /not a field of a standard/],
];
for (const [name, input, field, message] of invalid) {
  test(`validateStandard refuses: ${name}`, () => {
    assert.throws(() => validateStandard(input), (e: unknown) => {
      assert.ok(e instanceof StandardError, 'a StandardError');
      assert.equal(e.field, field);
      assert.match(e.message, message);
      return true;
    });
  });
}

test('validateStandard names the standard in its message and can ignore graph properties', () => {
  assert.throws(() => validateStandard({ ...base, length: -1 }), /^StandardError: standard DS-CUST-001: length/);
  assert.equal(validateStandard({ ...base, id: 'n1', updatedAt: 1 }, { allowUnknown: true }).code, 'DS-CUST-001');
});

// ---------------------------------------------------------------- type normalisation

const types: [string, number | null, number | null, number | null, string | null, number | null, number | null][] = [
  // type as written, length, precision, scale → family, length, decimals
  ['VARCHAR2(100)', null, null, null, 'VARCHAR', 100, null],
  ['VARCHAR2(100 BYTE)', null, null, null, 'VARCHAR', 100, null],
  ['NVARCHAR2(50 CHAR)', null, null, null, 'VARCHAR', 50, null],
  ['CHAR(18)', null, null, null, 'CHAR', 18, null],
  ['NUMBER(16,2)', null, null, null, 'NUMERIC', 16, 2],
  ['NUMBER(16, 4)', null, null, null, 'NUMERIC', 16, 4],
  ['NUMBER(10)', null, null, null, 'INTEGER', 10, null],
  ['NUMBER(10,0)', null, null, null, 'INTEGER', 10, null],
  ['NUMBER(*,0)', null, null, null, 'INTEGER', 38, null],
  ['NUMBER', null, null, null, 'NUMERIC', null, null],
  ['NUMBER', null, 16, 2, 'NUMERIC', 16, 2],
  ['DATE', null, null, null, 'DATE', null, null],
  ['CLOB', null, null, null, 'TEXT', null, null],
  ['TIMESTAMP(6)', null, null, null, 'TIMESTAMP', null, null],
  ['TIMESTAMP(6) WITH LOCAL TIME ZONE', null, null, null, 'TIMESTAMP', null, null],
  ['varchar(64)', null, null, null, 'VARCHAR', 64, null],
  ['int(11)', null, null, null, 'INTEGER', 10, null],
  ['int unsigned', null, null, null, 'INTEGER', 10, null],
  ['bigint(20) unsigned zerofill', null, null, null, 'INTEGER', 19, null],
  ['decimal(18,4)', null, null, null, 'NUMERIC', 18, 4],
  ['decimal(10)', null, null, null, 'NUMERIC', 10, 0],
  ['datetime', null, null, null, 'TIMESTAMP', null, null],
  ['tinyint(1)', null, null, null, 'BOOLEAN', null, null],
  ['tinyint(4)', null, null, null, 'INTEGER', 3, null],
  ['text', null, null, null, 'TEXT', null, null],
  ['longtext', null, null, null, 'TEXT', null, null],
  ['character varying(200)', null, null, null, 'VARCHAR', 200, null],
  ['character varying', 120, null, null, 'VARCHAR', 120, null],
  ['numeric(16,2)', null, null, null, 'NUMERIC', 16, 2],
  ['int4', null, null, null, 'INTEGER', 10, null],
  ['int8', null, null, null, 'INTEGER', 19, null],
  ['timestamp without time zone', null, null, null, 'TIMESTAMP', null, null],
  ['timestamp(3) with time zone', null, null, null, 'TIMESTAMP', null, null],
  ['bool', null, null, null, 'BOOLEAN', null, null],
  ['double precision', null, null, null, 'NUMERIC', null, null],
  ['bpchar', 2, null, null, 'CHAR', 2, null],
  // CSV inferred types (sources/csv.ts)
  ['VARCHAR(18)', 18, null, null, 'VARCHAR', 18, null],
  ['DECIMAL(9,4)', null, 9, 4, 'NUMERIC', 9, 4],
  ['INTEGER', null, 6, 0, 'INTEGER', 6, null],
  ['BIGINT', null, 15, 0, 'INTEGER', 15, null],
  ['BOOLEAN', null, null, null, 'BOOLEAN', null, null],
  // no standard family
  ['bytea', null, null, null, null, null, null],
  ['BLOB', null, null, null, null, null, null],
  ['text[]', null, null, null, null, null, null],
  ['time', null, null, null, null, null, null],
];
test('normaliseType maps Oracle, MySQL, PostgreSQL and CSV types to families', () => {
  for (const [t, l, p, s, family, length, precision] of types) {
    const got = normaliseType(t, l, p, s);
    assert.deepEqual({ family: got.family, length: got.length, precision: got.precision }, { family, length, precision }, t);
  }
});

test('normaliseType refuses an empty type and negative sizes', () => {
  assert.throws(() => normaliseType(''), StandardError);
  assert.throws(() => normaliseType('VARCHAR', -1), /length must be a whole number/);
});

// ---------------------------------------------------------------- conformance

type Case = {
  name: string;
  column: { name: string; dataType: string; length?: number | null; precision?: number | null; scale?: number | null; comment?: string };
  code: string;
  observed?: { codeListHits?: number; sampled?: number };
  status: 'conforming' | 'partial' | 'nonconforming';
  score: number;
  failing: string[];
  message?: RegExp;
};
const cases: Case[] = [
  // the example: name and type right, length short → (0.2 + 0.35) / 0.75
  { name: 'TA C_CUSTNAME VARCHAR2(100) vs 客户名称 VARCHAR(200)', column: { name: 'C_CUSTNAME', dataType: 'VARCHAR2(100)', comment: '客户名称' }, code: 'DS-CUST-001', status: 'partial', score: 0.733, failing: ['length'], message: /length differs: VARCHAR2\(100\) vs VARCHAR\(200\)/ },
  { name: 'exact match', column: { name: 'C_CUSTNAME', dataType: 'VARCHAR2(200)', comment: '客户名称' }, code: 'DS-CUST-001', status: 'conforming', score: 1, failing: [] },
  { name: 'length given apart from the type', column: { name: 'cust_name', dataType: 'character varying', length: 200 }, code: 'DS-CUST-001', status: 'conforming', score: 1, failing: [] },
  { name: 'longer column: half credit', column: { name: 'khmc', dataType: 'varchar(300)' }, code: 'DS-CUST-001', status: 'partial', score: 0.867, failing: ['length'], message: /column longer/ },
  { name: 'unbounded text', column: { name: 'C_CUSTNAME', dataType: 'CLOB', comment: '客户名称' }, code: 'DS-CUST-001', status: 'partial', score: 0.633, failing: ['type', 'length'], message: /no length limit/ },
  { name: 'CHAR vs VARCHAR same length', column: { name: 'zjhm', dataType: 'CHAR(32)' }, code: 'DS-CUST-003', status: 'partial', score: 0.767, failing: ['type'], message: /same kind/ },
  { name: 'incompatible type', column: { name: 'F_BALANCE', dataType: 'DATE', comment: '账户余额' }, code: 'DS-ACCT-002', status: 'nonconforming', score: 0.364, failing: ['type'], message: /type incompatible: DATE vs NUMERIC\(16,2\)/ },
  { name: 'NUMBER(16,2) matches NUMERIC(16,2)', column: { name: 'F_BALANCE', dataType: 'NUMBER(16,2)', comment: '账户余额' }, code: 'DS-ACCT-002', status: 'conforming', score: 1, failing: [] },
  { name: 'fewer decimals', column: { name: 'F_BALANCE', dataType: 'decimal(16,0)', comment: '账户余额' }, code: 'DS-ACCT-002', status: 'partial', score: 0.882, failing: ['precision'], message: /precision differs: decimal\(16,0\) vs NUMERIC\(16,2\) \(0 vs 2 decimal places, column rounds\)/ },
  { name: 'Oracle NUMBER(16,0) is an integer', column: { name: 'F_BALANCE', dataType: 'NUMBER(16,0)', comment: '账户余额' }, code: 'DS-ACCT-002', status: 'partial', score: 0.676, failing: ['type', 'precision'], message: /type differs: NUMBER\(16,0\) vs NUMERIC\(16,2\) \(INTEGER vs NUMERIC, same kind\)/ },
  { name: 'more decimals and shorter', column: { name: 'F_BALANCE', dataType: 'decimal(12,4)', comment: '账户余额' }, code: 'DS-ACCT-002', status: 'partial', score: 0.706, failing: ['length', 'precision'] },
  { name: 'precision given apart from the type', column: { name: 'zhye', dataType: 'numeric', precision: 16, scale: 2 }, code: 'DS-ACCT-002', status: 'conforming', score: 1, failing: [] },
  { name: 'unrelated name', column: { name: 'C_MEMO', dataType: 'VARCHAR2(200)', comment: '备注' }, code: 'DS-CUST-001', status: 'partial', score: 0.733, failing: ['name'], message: /name differs: C_MEMO \(备注\)/ },
  { name: 'int4 vs INTEGER(10)', column: { name: 'sqbs', dataType: 'int4' }, code: 'DS-TRD-002', status: 'conforming', score: 1, failing: [] },
  { name: 'Oracle NUMBER(10) ≈ INTEGER(10)', column: { name: 'L_ORDERCOUNT', dataType: 'NUMBER(10)' }, code: 'DS-TRD-002', status: 'conforming', score: 1, failing: [] },
  { name: 'Oracle DATE vs DATE, no length aspect', column: { name: 'D_CFMDATE', dataType: 'DATE', comment: '确认日期' }, code: 'DS-TRD-001', status: 'conforming', score: 1, failing: [] },
  { name: 'datetime vs DATE: same kind', column: { name: 'confirm_date', dataType: 'datetime' }, code: 'DS-TRD-001', status: 'partial', score: 0.682, failing: ['type'] },
  { name: 'code list all sampled values hit', column: { name: 'C_IDTYPE', dataType: 'CHAR(1)' }, code: 'DS-CUST-004', observed: { codeListHits: 200, sampled: 200 }, status: 'conforming', score: 1, failing: [] },
  { name: 'code list 90% hit', column: { name: 'C_IDTYPE', dataType: 'CHAR(1)' }, code: 'DS-CUST-004', observed: { codeListHits: 90, sampled: 100 }, status: 'partial', score: 0.983, failing: ['codeList'], message: /90 of 100 sampled values are codes of DS-CUST-004 \(90%\)/ },
  { name: 'code list not sampled: aspect skipped', column: { name: 'C_IDTYPE', dataType: 'CHAR(1)' }, code: 'DS-CUST-004', observed: { sampled: 0 }, status: 'conforming', score: 1, failing: [] },
  { name: 'everything off', column: { name: 'C_MEMO', dataType: 'VARCHAR2(1)' }, code: 'DS-CUST-004', observed: { codeListHits: 0, sampled: 10 }, status: 'nonconforming', score: 0.417, failing: ['name', 'type', 'codeList'] },
];
for (const c of cases) {
  test(`conformance: ${c.name}`, () => {
    const r = scoreConformance(c.column, std(c.code), c.observed);
    assert.equal(r.status, c.status);
    assert.equal(r.score, c.score);
    assert.deepEqual(r.reasons.filter((x) => !x.ok).map((x) => x.aspect), c.failing);
    if (c.message) assert.ok(r.reasons.some((x) => c.message!.test(x.message)), `${c.message} in ${JSON.stringify(r.reasons)}`);
  });
}

test('conformance: the reasons cover each aspect that applies, in order', () => {
  const r = scoreConformance({ name: 'F_BALANCE', dataType: 'NUMBER(16,2)' }, std('DS-ACCT-002'));
  assert.deepEqual(r.reasons.map((x) => x.aspect), ['name', 'type', 'length', 'precision']);
  const d = scoreConformance({ name: 'qrrq', dataType: 'DATE' }, std('DS-TRD-001'));
  assert.deepEqual(d.reasons.map((x) => x.aspect), ['name', 'type']);
  assert.equal(Object.values(CONFORMANCE_WEIGHTS).reduce((a, b) => a + b, 0).toFixed(6), '1.000000');
});

test('conformance refuses impossible observations and a column without type', () => {
  assert.throws(() => scoreConformance({ name: 'C_IDTYPE', dataType: 'CHAR(1)' }, std('DS-CUST-004'), { codeListHits: 5, sampled: 3 }), StandardError);
  assert.throws(() => scoreConformance({ name: 'x', dataType: '' }, std('DS-CUST-001')), /dataType is required/);
});

test('rollupConformance counts mapped columns by status and averages their scores', () => {
  const ok = scoreConformance({ name: 'C_CUSTNAME', dataType: 'VARCHAR2(200)', comment: '客户名称' }, std('DS-CUST-001'));
  const part = scoreConformance({ name: 'C_CUSTNAME', dataType: 'VARCHAR2(100)', comment: '客户名称' }, std('DS-CUST-001'));
  const bad = scoreConformance({ name: 'F_BALANCE', dataType: 'DATE' }, std('DS-ACCT-002'));
  assert.deepEqual(rollupConformance([ok, part, bad, null, undefined]), { columns: 5, mapped: 3, conforming: 1, partial: 1, nonconforming: 1, average: Math.round(((1 + 0.733 + bad.score) / 3) * 1000) / 1000 });
  assert.deepEqual(rollupConformance([null]), { columns: 1, mapped: 0, conforming: 0, partial: 0, nonconforming: 0, average: null });
  const by = rollupConformanceBy([{ sys: 'TA', r: part }, { sys: '估值', r: ok }, { sys: 'TA', r: null }], (x) => x.sys, (x) => x.r);
  assert.deepEqual(Object.keys(by), ['TA', '估值']);
  assert.equal(by.TA.columns, 2);
  assert.equal(by.TA.mapped, 1);
  assert.equal(by.TA.average, 0.733);
  assert.equal(by['估值'].conforming, 1);
});

// ---------------------------------------------------------------- suggestions

const suggestions: [string, { name: string; comment?: string; dataType?: string }, string | null][] = [
  ['pinyin initials', { name: 'khxm' }, 'DS-CUST-002'],
  ['pinyin initials upper case', { name: 'KHXM' }, 'DS-CUST-002'],
  ['pinyin initials with vendor prefix', { name: 'C_ZJHM' }, 'DS-CUST-003'],
  ['pinyin split by underscore', { name: 'kh_xm' }, 'DS-CUST-002'],
  ['full pinyin', { name: 'kehuxingming' }, 'DS-CUST-002'],
  ['mixed full and initials', { name: 'kehu_xm' }, 'DS-CUST-002'],
  ['misspelt pinyin (edit distance)', { name: 'kehuxinming' }, 'DS-CUST-002'],
  ['pinyin with suffix token', { name: 'sjhm_bak' }, 'DS-CUST-005'],
  ['comment equal to the Chinese name', { name: 'C_CUSTNAME', comment: '客户名称' }, 'DS-CUST-001'],
  ['English tokens cust/name', { name: 'C_CUSTNAME' }, 'DS-CUST-001'],
  ['English camelCase', { name: 'custName' }, 'DS-CUST-001'],
  ['English abbreviation fund acco', { name: 'C_FUNDACCO' }, 'DS-ACCT-001'],
  ['English tokens id type', { name: 'C_IDTYPE' }, 'DS-CUST-004'],
  ['Chinese column name (CSV header)', { name: '证件号码' }, 'DS-CUST-003'],
  ['comment containing the name', { name: 'C_X1', comment: '客户证件号码（身份证等）' }, 'DS-CUST-003'],
  ['two-letter initials', { name: 'xb' }, 'DS-CUST-006'],
  ['weak English plus weak comment agree', { name: 'F_BALANCE', comment: '余额' }, 'DS-ACCT-002'],
  // negative: nothing suggested
  ['unrelated English', { name: 'remark' }, null],
  ['unrelated comment', { name: 'C_MEMO', comment: '备注' }, null],
  ['generic name alone', { name: 'name' }, null],
  ['generic id', { name: 'id' }, null],
  ['audit columns', { name: 'create_time' }, null],
  ['random initials', { name: 'qwxz' }, null],
  ['partial pinyin only', { name: 'kh' }, null],
  ['status column', { name: 'C_STATUS', comment: '状态' }, null],
  ['retired standard is not suggested', { name: 'czhm', comment: '传真号码' }, null],
];
for (const [name, column, expected] of suggestions) {
  test(`suggestStandards: ${name}`, () => {
    const got = suggestStandards(column, STANDARDS);
    if (expected === null) assert.deepEqual(got, []);
    else {
      assert.equal(got[0]?.code, expected, JSON.stringify(got));
      assert.ok(got[0].score >= 0.55 && got[0].score <= 1);
      assert.ok(got[0].why.length > 0);
    }
  });
}

test('suggestStandards ranks, limits to k, explains, and lowers an incompatible type', () => {
  const got = suggestStandards({ name: 'C_CUSTNAME', comment: '客户名称' }, STANDARDS, 3);
  assert.deepEqual(got.map((g) => g.code), ['DS-CUST-001', 'DS-CUST-002']);
  assert.equal(got[0].score, 1);
  assert.ok(got[1].score < got[0].score);
  assert.match(got[0].why, /comment 客户名称 = 客户名称/);
  assert.match(got[0].why, /Customer Name \(customer, name\)/);
  assert.equal(suggestStandards({ name: 'C_CUSTNAME', comment: '客户名称' }, STANDARDS, 1).length, 1);
  const pinyinWhy = suggestStandards({ name: 'khxm' }, STANDARDS)[0].why;
  assert.match(pinyinWhy, /initials khxm/);
  const asDate = suggestStandards({ name: 'khxm', dataType: 'DATE' }, STANDARDS)[0];
  assert.equal(asDate.score, 0.8);
  assert.match(asDate.why, /type DATE vs VARCHAR/);
  assert.deepEqual(suggestStandards({ name: 'khxm' }, STANDARDS, 3, { threshold: 1.01 }), []);
  assert.throws(() => suggestStandards({ name: 'khxm' }, STANDARDS, 0), StandardError);
});

test('identifierWords drops vendor prefixes and splits snake and camel case', () => {
  assert.deepEqual(identifierWords('C_CUSTNAME'), ['custname']);
  assert.deepEqual(identifierWords('VC_FUND_ACCO'), ['fund', 'acco']);
  assert.deepEqual(identifierWords('custName2'), ['cust', 'name']);
  assert.deepEqual(identifierWords('C'), ['c']);
});

test('standardChanges lists the fields that differ, ignoring the version, and keeps the code fixed', () => {
  const a = std('DS-CUST-004');
  const b = validateStandard({ ...a, length: 3, codeList: [...a.codeList!, { code: '2', label: '军官证' }], version: 2, status: 'published' });
  assert.deepEqual(standardChanges(a, b).map((c) => c.field), ['length', 'codeList', 'status']);
  assert.deepEqual(standardChanges(a, b)[0], { field: 'length', before: 1, after: 3 });
  assert.deepEqual(standardChanges(a, { ...a, version: 9 }), []);
  assert.throws(() => standardChanges(a, { ...a, code: 'DS-CUST-999' }), /code of a standard never changes/);
});
