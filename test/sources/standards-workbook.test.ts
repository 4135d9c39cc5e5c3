import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { StandardError, validateStandard, type Standard } from '../../catalog/standards-model.ts';
import { SourceInputError } from '../../sources/errors.ts';
import {
  CODE_LIST_HEADERS, STANDARD_HEADERS, WorkbookError, readStandardsWorkbook, writeStandardsWorkbook, type WorkbookProblem,
} from '../../sources/standards-workbook.ts';

const STANDARDS: Standard[] = [
  {
    code: 'DS-CUST-001', nameZh: '客户名称', nameEn: 'Customer Name', definition: '客户在本公司登记的全称。\n个人客户为姓名，机构客户为营业执照上的名称。',
    dataType: 'VARCHAR', length: 200, valueRange: '不含换行符', defaultCategory: '客户/个人身份', defaultGrade: 3, ownerDepartment: '运营部', version: 3, status: 'published',
  },
  {
    code: 'DS-CUST-004', nameZh: '证件类型', nameEn: 'ID Type', definition: '证件种类（中登代码）', dataType: 'CHAR', length: 2,
    codeList: [{ code: '0', label: '身份证' }, { code: '01', label: '护照' }, { code: 'A', label: '港澳居民来往内地通行证' }], defaultGrade: 2, status: 'draft',
  },
  { code: 'DS-ACCT-002', nameZh: '账户余额', nameEn: 'Account Balance', definition: '=SUM(A1:A9) 不是公式，是文字', dataType: 'NUMERIC', length: 16, precision: 2, valueRange: '>= 0', version: 1, status: 'retired' },
  { code: 'DS-TRD-001', nameZh: '确认日期', nameEn: 'Confirm Date', definition: 'TA 确认日期', dataType: 'DATE', version: 1, status: 'published' },
  { code: 'DS-TRD-003', nameZh: '是否成功', nameEn: 'Succeeded', definition: '确认结果', dataType: 'BOOLEAN', codeList: [{ code: '1', label: '成功' }, { code: '0', label: '失败' }] },
].map((s) => validateStandard(s));

type Sheets = Record<string, (string | number | null | ExcelJS.CellValue)[][]>;
async function workbook(sheets: Sheets): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const H = [...STANDARD_HEADERS];
const row = (o: Partial<Record<(typeof STANDARD_HEADERS)[number], string | number | null>>) => H.map((h) => o[h] ?? null);
const good = (code: string, extra: Partial<Record<(typeof STANDARD_HEADERS)[number], string | number | null>> = {}) =>
  row({ 标准编号: code, 中文名称: '客户名称', 英文名称: 'Customer Name', 业务定义: '全称', 数据类型: 'VARCHAR', 长度: 200, 版本: 1, 状态: '已发布', ...extra });
const problemAt = (problems: WorkbookProblem[], sheet: string, r: number, column: string): WorkbookProblem | undefined =>
  problems.find((p) => p.sheet === sheet && p.row === r && p.column === column);

test('round trip: write then read gives the same standards (Chinese text, empty optionals, code lists)', async () => {
  const buf = await writeStandardsWorkbook(STANDARDS);
  assert.equal(buf.subarray(0, 2).toString(), 'PK');
  const { standards, problems } = await readStandardsWorkbook(buf);
  assert.deepEqual(problems, []);
  assert.deepEqual(standards, STANDARDS);
  // and again: a second trip changes nothing
  assert.deepEqual((await readStandardsWorkbook(await writeStandardsWorkbook(standards))).standards, STANDARDS);
});

test('the written workbook has the office layout: two sheets, Chinese headers, code lists on their own sheet', async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writeStandardsWorkbook(STANDARDS)) as unknown as ArrayBuffer);
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['数据标准', '代码表']);
  const ws = wb.getWorksheet('数据标准')!;
  assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), H);
  assert.equal(ws.getRow(2).getCell(1).value, 'DS-CUST-001');
  assert.equal(ws.getRow(2).getCell(14).value, '已发布');
  assert.equal(ws.getRow(2).getCell(6).value, 200);
  assert.equal(ws.getRow(3).getCell(9).value, '见代码表');
  assert.equal(ws.getRow(2).getCell(9).value, null, 'no code list: empty cell');
  assert.equal(ws.getRow(4).getCell(4).value, '=SUM(A1:A9) 不是公式，是文字', 'text that looks like a formula stays text');
  const cs = wb.getWorksheet('代码表')!;
  assert.deepEqual((cs.getRow(1).values as unknown[]).slice(1), [...CODE_LIST_HEADERS]);
  assert.deepEqual((cs.getRow(3).values as unknown[]).slice(1), ['DS-CUST-004', '01', '护照']);
  assert.equal(cs.actualRowCount, 6);
});

test('write refuses an invalid standard and duplicate codes', async () => {
  await assert.rejects(writeStandardsWorkbook([{ ...STANDARDS[0], defaultGrade: 7 as 1 }]), StandardError);
  await assert.rejects(writeStandardsWorkbook([STANDARDS[0], STANDARDS[0]]), /appears twice/);
});

test('reads what offices type: a title row, header aliases and notes, numbers as text, grades and statuses in Chinese, inline code list', async () => {
  const headers = ['标准编码', '中文名称*', '英文名称', '业务定义', '数据类型', '长度（字符）', '精度', '值域', '代码表', '分类', '级别', '归属部门', '版本号', '状态'];
  const buf = await workbook({
    数据标准: [
      ['某基金管理有限公司 数据标准清单'],
      headers,
      ['ds-cust-006', '性别', 'Gender', '性别', 'char(1)', '1', null, null, '1:男；2:女', '客户/个人身份', '三级', null, 'V2', '生效'],
      ['DS-CUST-007', '证件有效期', 'ID Expiry', { richText: [{ text: '证件' }, { text: '有效期', font: { bold: true } }] }, 'DATE', null, null, null, null, null, 'L2', null, 1, 'draft'],
      [null, null, null, null, null, null, null, null, null, null, null, null, null, null],
      ['DS-FUND-001', '基金代码', 'Fund Code', '六位基金代码', 'VARCHAR2(6)', { formula: '3*2', result: 6 }, null, null, null, null, 1, null, null, '已发布'],
    ],
    代码表: [['标准编号', '代码值', '代码含义'], ['DS-FUND-001', 1, '不应出现']],
  });
  const { standards, problems } = await readStandardsWorkbook(buf);
  // DS-FUND-001 has a code in 代码表 while its 代码表 cell is empty: the sheet wins
  assert.deepEqual(problems, []);
  assert.deepEqual(standards.map((s) => s.code), ['DS-CUST-006', 'DS-CUST-007', 'DS-FUND-001']);
  assert.deepEqual(standards[0], validateStandard({ code: 'DS-CUST-006', nameZh: '性别', nameEn: 'Gender', definition: '性别', dataType: 'CHAR', length: 1, codeList: [{ code: '1', label: '男' }, { code: '2', label: '女' }], defaultCategory: '客户/个人身份', defaultGrade: 3, version: 2, status: 'published' }));
  assert.equal(standards[1].definition, '证件有效期');
  assert.equal(standards[1].defaultGrade, 2);
  assert.equal(standards[1].status, 'draft');
  assert.equal(standards[2].length, 6);
  assert.equal(standards[2].status, 'published');
  assert.deepEqual(standards[2].codeList, [{ code: '1', label: '不应出现' }]);
});

test('wrong types: the row and column are named, that row is left out, the others are imported', async () => {
  const buf = await workbook({
    数据标准: [
      H,
      good('DS-CUST-001'),
      good('DS-CUST-002', { 长度: 'abc' }),
      good('DS-CUST-003', { 默认级别: 5 }),
      good('DS-CUST-004', { 状态: '审核中' }),
      good('DS-CUST-005', { 精度: 2 }),
      good('DS-CUST-006', { 数据类型: 'BLOB' }),
      good('DS-CUST-007', { 版本: 'v2.1' }),
      good('DS_CUST_008'),
      good('DS-CUST-001'),
      good('DS-CUST-009', { 默认分类: '客户//身份', 中文名称: null }),
      good('DS-CUST-010', { 长度: 100 }),
    ],
  });
  const { standards, problems } = await readStandardsWorkbook(buf);
  assert.deepEqual(standards.map((s) => s.code), ['DS-CUST-001', 'DS-CUST-010']);
  const expect: [number, string, RegExp][] = [
    [3, '长度', /长度 must be a whole number from 1 to 1000000, got "abc"/],
    [4, '默认级别', /默认级别 must be 1, 2, 3 or 4 .*got "5"/],
    [5, '状态', /状态 must be one of 草稿, 已发布, 已废止 .*got "审核中"/],
    [6, '精度', /applies only to NUMERIC/],
    [7, '数据类型', /must be one of VARCHAR/],
    [8, '版本', /版本 must be a whole number/],
    [9, '标准编号', /must look like DS-CUST-001/],
    [10, '标准编号', /already appears in row 2/],
    [11, '中文名称', /nameZh is required/],
  ];
  for (const [r, column, message] of expect) {
    const p = problemAt(problems, '数据标准', r, column);
    assert.ok(p, `problem at row ${r} ${column} in ${JSON.stringify(problems)}`);
    assert.match(p!.message, message);
  }
  assert.equal(problemAt(problems, '数据标准', 3, '长度')!.cell, 'F3');
  assert.equal(problems.length, expect.length);
});

test('missing optional header: named with its sheet, rows still imported with the default', async () => {
  const headers = H.filter((h) => h !== '版本' && h !== '属主部门');
  const buf = await workbook({ 数据标准: [headers, headers.map((h) => ({ 标准编号: 'DS-CUST-001', 中文名称: '客户名称', 英文名称: 'Customer Name', 业务定义: '全称', 数据类型: 'VARCHAR', 长度: 200 } as Record<string, string | number>)[h] ?? null)] });
  const { standards, problems } = await readStandardsWorkbook(buf);
  assert.equal(standards.length, 1);
  assert.equal(standards[0].version, 1);
  assert.deepEqual(problems.map((p) => [p.sheet, p.row, p.column]), [['数据标准', 1, '属主部门'], ['数据标准', 1, '版本']]);
  assert.match(problems[1].message, /missing header 「版本」 in sheet 「数据标准」/);
});

test('missing required header: refused, naming the sheet and the header', async () => {
  const headers = H.filter((h) => h !== '业务定义');
  const buf = await workbook({ 数据标准: [headers, headers.map(() => 'x')] });
  await assert.rejects(readStandardsWorkbook(buf), (e: unknown) => {
    assert.ok(e instanceof WorkbookError);
    assert.ok(e instanceof SourceInputError, 'a sources input error');
    assert.match(e.message, /sheet 「数据标准」 lacks the header 「业务定义」/);
    assert.ok(problemAt(e.problems, '数据标准', 1, '业务定义'));
    return true;
  });
});

test('code list sheet: unknown standard, empty cells, duplicates and a missing list are reported; those standards are not imported', async () => {
  const buf = await workbook({
    数据标准: [H, good('DS-CUST-001'), good('DS-CUST-002', { 代码表: '见代码表' }), good('DS-CUST-003', { 代码表: '见代码表' }), good('DS-CUST-004', { 代码表: '见代码表' })],
    代码表: [
      ['标准编号', '代码值', '代码含义'],
      ['DS-CUST-002', '1', '男'],
      ['DS-CUST-002', '1', '女'],
      ['DS-CUST-099', '1', '?'],
      ['DS-CUST-004', '1', null],
      ['DS-CUST-004', '2', '女'],
    ],
  });
  const { standards, problems } = await readStandardsWorkbook(buf);
  assert.deepEqual(standards.map((s) => s.code), ['DS-CUST-001']);
  assert.match(problemAt(problems, '代码表', 3, '代码值')!.message, /code "1" of DS-CUST-002 appears twice/);
  assert.match(problemAt(problems, '代码表', 4, '标准编号')!.message, /DS-CUST-099 is not in sheet 「数据标准」/);
  assert.match(problemAt(problems, '代码表', 5, '代码含义')!.message, /代码含义 is empty/);
  assert.match(problemAt(problems, '数据标准', 3, '代码表')!.message, /code list of DS-CUST-002 has problems in sheet 「代码表」 row 3/);
  assert.match(problemAt(problems, '数据标准', 4, '代码表')!.message, /has no codes for DS-CUST-003/);
  assert.match(problemAt(problems, '数据标准', 5, '代码表')!.message, /row 5/);
});

test('a workbook with zero valid rows is refused with its problems', async () => {
  await assert.rejects(readStandardsWorkbook(await workbook({ 数据标准: [H, good('DS-CUST-001', { 长度: 'abc' })] })), (e: unknown) => {
    assert.ok(e instanceof WorkbookError);
    assert.match(e.message, /no valid standard in the workbook: all 1 row has problems .*row 2 长度/);
    assert.equal(e.problems.length, 1);
    return true;
  });
  await assert.rejects(readStandardsWorkbook(await writeStandardsWorkbook([])), /has no standards below its header row 1/);
});

test('not a workbook, an old .xls, a broken zip, no standards sheet, no header row: refused clearly', async () => {
  await assert.rejects(readStandardsWorkbook(Buffer.from('标准编号,中文名称\nDS-CUST-001,客户名称\n')), /not an \.xlsx workbook/);
  const xls = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(xls);
  await assert.rejects(readStandardsWorkbook(xls), /Excel 97-2003 \.xls file: .* save it as \.xlsx/);
  const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
  await assert.rejects(readStandardsWorkbook(broken), (e: unknown) => e instanceof WorkbookError && /not a readable \.xlsx workbook/.test(e.message));
  await assert.rejects(readStandardsWorkbook(await workbook({ Sheet1: [H, good('DS-CUST-001')] })), /no sheet 「数据标准」 \(sheets: 「Sheet1」\)/);
  await assert.rejects(readStandardsWorkbook(await workbook({ 数据标准: [['编号?', '名称'], ['DS-CUST-001', '客户名称']] })), /has no header row/);
});

test('oversized input is refused before it is parsed; the limit is configurable', async () => {
  const buf = await writeStandardsWorkbook(STANDARDS);
  await assert.rejects(readStandardsWorkbook(buf, { maxBytes: buf.length - 1 }), (e: unknown) => e instanceof WorkbookError && /over the .* MB limit/.test(e.message));
  assert.equal((await readStandardsWorkbook(buf, { maxBytes: buf.length })).standards.length, STANDARDS.length);
  const big = Buffer.alloc(20 * 1024 * 1024 + 1);
  big.write('PK\x03\x04', 'latin1');
  await assert.rejects(readStandardsWorkbook(big), /20\.0 MB, over the 20\.0 MB limit|over the 20\.0 MB limit/);
  await assert.rejects(readStandardsWorkbook(await workbook({ 数据标准: [H, good('DS-CUST-001'), good('DS-CUST-002'), good('DS-CUST-003')] }), { maxRows: 3 }), /over the 3 row limit/);
});

test('an error value in a cell is reported by cell', async () => {
  const buf = await workbook({ 数据标准: [H, good('DS-CUST-001'), good('DS-CUST-002', { 长度: null }).map((v, i) => (i === 5 ? { error: '#REF!' } as ExcelJS.CellErrorValue : v))] });
  const { standards, problems } = await readStandardsWorkbook(buf);
  assert.deepEqual(standards.map((s) => s.code), ['DS-CUST-001']);
  assert.match(problemAt(problems, '数据标准', 3, '长度')!.message, /F3 holds the error #REF!/);
});

test('a code list sheet without its headers is reported and the standards that need it are left out', async () => {
  const buf = await workbook({
    数据标准: [H, good('DS-CUST-001'), good('DS-CUST-002', { 代码表: '见代码表' })],
    代码表: [['标准编号', '代码'], ['DS-CUST-002', '1']],
  });
  const { standards, problems } = await readStandardsWorkbook(buf);
  assert.deepEqual(standards.map((s) => s.code), ['DS-CUST-001']);
  assert.match(problemAt(problems, '代码表', 1, '代码含义')!.message, /missing header 「代码含义」 in sheet 「代码表」/);
  assert.match(problemAt(problems, '数据标准', 3, '代码表')!.message, /has no codes for DS-CUST-002/);
});
