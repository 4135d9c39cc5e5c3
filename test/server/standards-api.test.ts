// Data standards through GraphQL: versions, mapping and conformance, the Excel round trip.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { startTestService, type TestService } from '../helpers/service.ts';
import { upsertSource, applyHarvest } from '../../catalog/assets.ts';

describe('data standards API', () => {
  let svc: TestService;
  let st: string;
  before(async () => {
    svc = await startTestService();
    await svc.addUser('st', ['steward']);
    await svc.addUser('biz', ['business']);
    st = await svc.token('st');
    await upsertSource(svc.graph, { id: 'ta', name: 'TA', system: 'TA', kind: 'ddl', schemas: null, path: '/x', dialect: 'oracle', connectionEnc: null });
    await applyHarvest(svc.graph, 'ta', [{ schema: 'TA', name: 'TACCOINFO', kind: 'table', comment: '基金账户信息表', columns: [
      { name: 'C_CUSTNAME', ordinal: 1, dataType: 'VARCHAR2(100)', baseType: 'VARCHAR2', length: 100, nullable: true, comment: '客户名称' },
      { name: 'C_SEX', ordinal: 2, dataType: 'CHAR(1)', baseType: 'CHAR', length: 1, nullable: true, comment: '性别' },
    ] }], [], []);
  });
  after(() => svc.stop());

  const save = (input: Record<string, unknown>, tok = st) => svc.gql('mutation($i: StandardInput!) { saveStandard(input: $i) { ... on Standard { code version status } ... on Error { message } } }', { i: input }, tok);
  const CUSTNAME = { code: 'DS-CUST-001', nameZh: '客户名称', nameEn: 'Customer Name', definition: '客户的法定姓名或名称', dataType: 'VARCHAR', length: 200, defaultCategory: '客户/个人身份', defaultGrade: 3, status: 'published' };

  test('save, change (version 2, history), bad field named', async () => {
    assert.deepEqual((await save(CUSTNAME)).body.data.saveStandard, { code: 'DS-CUST-001', version: 1, status: 'published' });
    assert.equal((await save({ ...CUSTNAME, definition: '客户法定姓名' })).body.data.saveStandard.version, 2);
    const v = await svc.gql('{ standard(code: "DS-CUST-001") { versions { version actor changes } } }', {}, st);
    assert.deepEqual(v.body.data.standard.versions.map((x: any) => x.version), [1, 2]);
    assert.match((await save({ ...CUSTNAME, code: 'DS-CUST-002', length: -3 })).body.data.saveStandard.message, /length/);
    assert.match((await save({ ...CUSTNAME, code: 'DS-CUST-002', defaultGrade: 5 })).body.data.saveStandard.message, /grade/i);
    assert.equal((await svc.gql('{ standard(code: "DS-CUST-002") { code } }', {}, st)).body.data.standard, null, 'nothing stored');
    assert.equal((await save(CUSTNAME, await svc.token('biz'))).body.errors?.[0].extensions?.code, 'FORBIDDEN');
  });

  test('suggest, map and score: "length differs: VARCHAR2(100) vs VARCHAR(200)"', async () => {
    const colId = 'ta/TA/TACCOINFO/C_CUSTNAME';
    const sug = await svc.gql('query($c: String!) { suggestStandards(columnId: $c) { code score } }', { c: colId }, st);
    assert.equal(sug.body.data.suggestStandards[0].code, 'DS-CUST-001');
    const m = await svc.gql('mutation($c: String!) { mapColumnToStandard(columnId: $c, code: "DS-CUST-001") { ... on ColumnMapping { status reasons { aspect ok message } } ... on Error { message } } }', { c: colId }, st);
    const r = m.body.data.mapColumnToStandard;
    assert.equal(r.status, 'partial');
    assert.match(r.reasons.find((x: any) => x.aspect === 'length').message, /VARCHAR2\(100\) vs VARCHAR\(200\)/);
    const roll = await svc.gql('{ conformanceBySource { sourceId columns mapped partial } }', {}, st);
    assert.deepEqual(roll.body.data.conformanceBySource, [{ sourceId: 'ta', columns: 2, mapped: 1, partial: 1 }]);
    const col = await svc.gql('query($c: String!) { column(id: $c) { standardCode conformance { status } } }', { c: colId }, st);
    assert.deepEqual(col.body.data.column, { standardCode: 'DS-CUST-001', conformance: { status: 'partial' } });
  });

  test('workbook round trip, and a bad row reported with its row and column', async () => {
    const b64 = (await svc.gql('{ standardsWorkbook }', {}, st)).body.data.standardsWorkbook;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(b64, "base64") as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('数据标准')!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const row = sheet.addRow([]);
    const set = (h: string, v: unknown) => { row.getCell(header.indexOf(h)).value = v as ExcelJS.CellValue; };
    set('标准编号', 'DS-CUST-009'); set('中文名称', '性别'); set('英文名称', 'Sex'); set('业务定义', '客户性别'); set('数据类型', 'CHAR'); set('长度', 'abc');
    const buf = Buffer.from(await wb.xlsx.writeBuffer() as ArrayBuffer);
    const imp = await svc.gql('mutation($b: String!) { importStandardsWorkbook(workbookBase64: $b) { ... on StandardsImport { imported changed problems { sheet row column message } } ... on Error { message } } }', { b: buf.toString('base64') }, st);
    const res = imp.body.data.importStandardsWorkbook;
    assert.equal(res.imported, 1);
    assert.equal(res.changed, 0, 'the round trip changes nothing');
    assert.equal(res.problems.length, 1);
    assert.equal(res.problems[0].column, '长度');
    const junk = await svc.gql('mutation { importStandardsWorkbook(workbookBase64: "bm90IGFuIHhsc3g=") { ... on Error { __typename message } } }', {}, st);
    assert.equal(junk.body.data.importStandardsWorkbook.__typename, 'WorkbookError');
  });
});
