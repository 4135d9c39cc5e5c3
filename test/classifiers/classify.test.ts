import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRuleChange, classifyTable, compileRuleSet, loadRuleSet, splitIdentifier, validateRuleSet } from '../../classifiers/index.ts';
import { pickHead } from '../../classifiers/text.ts';
import { gb11643CheckChar } from '../../classifiers/checksums.ts';

const rules = loadRuleSet();
const byName = (r: ReturnType<typeof classifyTable>) => new Map(r.columns.map((c) => [c.column, c]));
const id18 = (first17: string) => first17 + gb11643CheckChar(first17);

test('identifiers split on snake_case, camelCase and vendor prefixes; run-together words are segmented', () => {
  const m = compileRuleSet(rules).columnMatcher;
  assert.deepEqual(splitIdentifier('VC_STOCKHOLDER_ID', new Set(['vc'])), ['stockholder', 'id']);
  assert.deepEqual(splitIdentifier('TAAccountID'), ['ta', 'account', 'id']);
  assert.deepEqual(splitIdentifier('idNoSha256'), ['id', 'no', 'sha']);
  assert.deepEqual(m.words('C_BANKACCO'), ['bank', 'acco']);
  assert.deepEqual(m.words('C_NAMEINBANK'), ['name', 'in', 'bank']);
  assert.deepEqual(m.words('F_REALSHARES'), ['real', 'shares']);
  assert.deepEqual(m.words('C_CUSTNAME'), ['cust', 'name']);
  assert.deepEqual(m.words('C_AGENCYNO'), ['agency', 'no']);
});

test('pinyin spellings and initials are generated from the Chinese terms, not typed', () => {
  const m = compileRuleSet(rules).columnMatcher;
  assert.deepEqual(m.generatedPinyin.get('khxm'), ['客户姓名']);
  assert.deepEqual(m.generatedPinyin.get('zjhm'), ['证件号码']);
  assert.ok(m.generatedPinyin.get('yhzh')!.includes('银行账号'));
  assert.deepEqual(m.generatedPinyin.get('shoujihaoma'), ['手机号码']);
  // initials shared by two terms (银行账号 / 用户账号): the higher-priority concept wins
  assert.equal(pickHead(m.matchName('yhzh'))!.ruleId, 'col.bank_account');
  const hit = m.matchName('KHXM')[0];
  assert.equal(hit.ruleId, 'col.customer_name');
  assert.equal(hit.via, 'pinyin');
  // no concept in the rule file lists a pinyin form by hand
  for (const c of rules.concepts) for (const w of c.en ?? []) assert.ok(!['khxm', 'zjhm', 'yhzh', 'sjhm'].includes(w), c.id);
});

test('context decides: name in a customer table is a person (3), in a fund table a product (1)', () => {
  const cust = byName(classifyTable({ name: 'user_account', comment: '网上直销用户账户', columns: [{ name: 'name', dataType: 'varchar(64)' }, { name: 'remark', dataType: 'varchar(200)' }] }));
  assert.equal(cust.get('name')!.grade, 3);
  assert.equal(cust.get('remark')!.grade, 3);
  assert.ok(cust.get('name')!.evidence.some((e) => e.kind === 'context' && e.ruleId === 'ctx.customer'));
  const fund = byName(classifyTable({ name: 'dim_fund', comment: '基金维度', columns: [{ name: 'name', dataType: 'string' }] }));
  assert.equal(fund.get('name')!.grade, 1);
  assert.equal(fund.get('name')!.categoryPath, '产品/基本信息');
  const cfg = byName(classifyTable({ name: 'sys_param', comment: '系统参数配置', columns: [{ name: 'remark', dataType: 'varchar(200)', comment: '备注' }] }));
  assert.equal(cfg.get('remark')!.grade, 2);
  // neighbouring columns: a table without a telling name holding a customer number is a customer table
  const plain = byName(classifyTable({ name: 't_0042', columns: [{ name: 'cust_no', dataType: 'varchar(20)' }, { name: 'name', dataType: 'varchar(64)' }] }));
  assert.equal(plain.get('name')!.grade, 3);
});

test('values speak when names do not; an 18-digit serial that fails GB 11643 is not an ID', () => {
  const ids = [id18('11010119800101123'), id18('31010419750505432'), id18('44010619900909876')];
  const serials = ids.map((v) => v.slice(0, 17) + ((Number(v[17]) || 0) + 1) % 10);
  const r = byName(classifyTable({ name: 'stg_x', columns: [{ name: 'c1' }, { name: 'c2' }, { name: 'c3' }, { name: 'c4' }] },
    new Map([['c1', ids], ['c2', serials], ['c3', ['13912345678', '18600001111']], ['c4', ['0', '1', '1']]])));
  assert.equal(r.get('c1')!.conceptId, 'col.id_number');
  assert.equal(r.get('c1')!.grade, 3);
  assert.notEqual(r.get('c2')!.conceptId, 'col.id_number');
  assert.equal(r.get('c2')!.grade, 2);
  assert.equal(r.get('c3')!.grade, 3);
  assert.equal(r.get('c4')!.grade, 2);
  const ev = r.get('c1')!.evidence.find((e) => e.kind === 'detector')!;
  assert.equal(ev.matched, 'cn_resident_id');
  assert.equal(ev.hitRatio, 1);
});

test('grade up: a checksum detector raises a column its name under-grades; masking lowers with the rule recorded', () => {
  const r = byName(classifyTable({ name: 'sys_audit_log', comment: '操作审计日志', columns: [
    { name: 'req_params', dataType: 'text', comment: '请求参数' },
    { name: 'mobile_mask', dataType: 'varchar(16)', comment: '手机号(脱敏)' },
  ] }, new Map([['req_params', ['{"idNo":"' + id18('37020219950403716') + '"}', '{"page":1}']], ['mobile_mask', ['138****5210']]])));
  assert.equal(r.get('req_params')!.grade, 3);
  assert.ok(r.get('req_params')!.evidence.some((e) => e.matched === 'embedded_pii'));
  assert.equal(r.get('mobile_mask')!.grade, 2);
  assert.ok(r.get('mobile_mask')!.evidence.some((e) => e.ruleId === 'mod.masked'));
});

test('table rollup takes the highest grade; a bulk customer identity set is raised to 4 with the rule recorded', () => {
  const res = classifyTable({ name: 'customers', comment: null, columns: [
    { name: 'id', dataType: 'bigint' },
    { name: 'full_name', dataType: 'text' },
    { name: 'national_id', dataType: 'varchar(18)' },
    { name: 'phone', dataType: 'varchar(20)' },
    { name: 'created_at', dataType: 'timestamp' },
  ] }, new Map([['national_id', [id18('11010119800101123')]]]));
  const cols = byName(res);
  assert.equal(cols.get('id')!.grade, 2);
  assert.equal(cols.get('full_name')!.grade, 3);
  assert.equal(cols.get('national_id')!.grade, 3);
  assert.equal(cols.get('phone')!.grade, 3);
  assert.equal(cols.get('created_at')!.grade, 2);
  assert.equal(res.table.grade, 4);
  const agg = res.table.evidence.find((e) => e.ruleId === 'agg.bulk_customer_identity');
  assert.ok(agg, 'aggregation rule recorded');
  assert.match(agg.matched, /full_name/);
  // without the contact column the set is not complete: highest column wins (就高)
  const partial = classifyTable({ name: 'customers', columns: [{ name: 'full_name' }, { name: 'national_id' }] });
  assert.equal(partial.table.grade, 3);
  assert.ok(partial.table.evidence.some((e) => e.ruleId === 'rollup.highest'));
});

test('unseen schemas: English, Chinese column names and pinyin get sensible grades', () => {
  const orders = byName(classifyTable({ name: 'pm_orders', comment: 'portfolio orders before execution', columns: [
    { name: 'order_id', dataType: 'bigint' }, { name: 'security_code', dataType: 'varchar(12)' }, { name: 'side', dataType: 'char(1)' },
    { name: 'quantity', dataType: 'numeric(18,2)' }, { name: 'limit_price', dataType: 'numeric(12,4)' }, { name: 'fund_code', dataType: 'char(6)' },
  ] }));
  assert.equal(orders.get('security_code')!.grade, 4);
  assert.equal(orders.get('side')!.grade, 4);
  assert.equal(orders.get('quantity')!.grade, 4);
  assert.equal(orders.get('fund_code')!.grade, 1);
  assert.equal(orders.get('order_id')!.grade, 2);

  const zh = byName(classifyTable({ name: '客户资料', columns: [
    { name: '客户姓名' }, { name: '身份证号' }, { name: '手机号码' }, { name: '登录密码' }, { name: '创建时间', dataType: 'datetime' },
  ] }));
  assert.deepEqual(['客户姓名', '身份证号', '手机号码', '登录密码', '创建时间'].map((n) => zh.get(n)!.grade), [3, 3, 3, 4, 2]);

  const py = byName(classifyTable({ name: 't_khzl', comment: '客户资料', columns: [{ name: 'sfzh' }, { name: 'lxdh' }, { name: 'jtzz' }, { name: 'yhkh' }] }));
  assert.deepEqual(['sfzh', 'lxdh', 'jtzz', 'yhkh'].map((n) => py.get(n)!.grade), [3, 3, 3, 3]);

  const secrets = byName(classifyTable({ name: 'app_users', columns: [
    { name: 'password_hash', dataType: 'varchar(100)' }, { name: 'otp_secret' }, { name: 'password_updated_at', dataType: 'timestamp' },
  ] }));
  assert.equal(secrets.get('password_hash')!.grade, 4);
  assert.equal(secrets.get('otp_secret')!.grade, 4);
  assert.equal(secrets.get('password_updated_at')!.grade, 2);

  const quotes = byName(classifyTable({ name: 'md_quotes', comment: '行情', columns: [{ name: 'symbol' }, { name: 'close_price' }, { name: 'trade_date', dataType: 'date' }] }));
  assert.deepEqual(['symbol', 'close_price', 'trade_date'].map((n) => quotes.get(n)!.grade), [1, 1, 1]);
});

test('generic fields take the category of their system; grades, table contexts and meaningful fields do not move', () => {
  const table = (system: string | null, name = 'TACCOINFO', comment = '基金账户信息表') => byName(classifyTable({
    system, schema: null, name, comment,
    columns: [
      { name: 'D_LASTMODIFY', dataType: 'DATE', comment: '最后修改时间' },
      { name: 'C_ACCOSTATUS', dataType: 'CHAR(1)', comment: '账户状态' },
      { name: 'C_CUSTNAME', dataType: 'VARCHAR2(100)', comment: '客户姓名' },
    ],
  }, undefined, rules));
  const none = table(null);
  const ta = table('TA注册登记');
  assert.equal(none.get('D_LASTMODIFY')!.categoryId, 'M05', 'no system: the generic category');
  assert.equal(ta.get('D_LASTMODIFY')!.categoryId, 'O01', 'a TA system: 运营/登记过户(TA)');
  assert.ok(ta.get('D_LASTMODIFY')!.evidence.some((e) => e.ruleId === 'sys.ta' && e.matched.includes('TA')));
  assert.equal(table('估值').get('C_ACCOSTATUS')!.categoryId, 'I05');
  assert.equal(table('direct_sales').get('C_ACCOSTATUS')!.categoryId, 'S02', 'English system names match too');
  for (const c of ['D_LASTMODIFY', 'C_ACCOSTATUS', 'C_CUSTNAME']) assert.equal(ta.get(c)!.grade, none.get(c)!.grade, `${c}: the grade does not depend on the system`);
  assert.equal(ta.get('C_CUSTNAME')!.categoryId, none.get('C_CUSTNAME')!.categoryId, 'a name stays personal identity');
  // a dictionary table's codes stay reference data whatever system holds them
  const dict = byName(classifyTable({ system: 'TA', name: 'TDICTIONARY', comment: '数据字典', columns: [{ name: 'C_CODE', dataType: 'VARCHAR(10)', comment: '代码' }] }, undefined, rules));
  assert.equal(dict.get('C_CODE')!.categoryId, 'D03');
});

test('a steward changes a system rule like any other: validated, versioned, and it regrades the categories', () => {
  const ta = rules.systems!.find((x) => x.id === 'ta')!;
  const result = applyRuleChange(rules, { op: 'upsert', kind: 'system', rule: { ...ta, zh: [...(ta.zh ?? []), '份额登记'], defaultCategory: 'O02' } });
  assert.equal(result.rules.version, rules.version + 1);
  assert.equal(result.all, true, 'a system rule can touch any generic column');
  const stamp = (rs: typeof rules) => classifyTable({ system: '份额登记中心', name: 'TSHARES', columns: [{ name: 'D_LASTMODIFY', dataType: 'DATE' }] }, undefined, rs).columns[0]!.categoryId;
  assert.equal(stamp(result.rules), 'O02');
  assert.equal(stamp(rules), 'M05', 'the input rule set is untouched: it does not know 份额登记');
  assert.throws(() => applyRuleChange(rules, { op: 'upsert', kind: 'system', rule: { id: 'bad-system', label: 'x', priority: 1, defaultCategory: 'C01' } }), /needs zh or en keywords/);
});

test('system rules are validated like the others', () => {
  const bad = structuredClone(rules) as any;
  bad.systems = [{ id: 'x', label: 'x', priority: 1, zh: ['x'], defaultCategory: 'Z99' }, { id: 'x', label: 'y', priority: 'high', defaultCategory: 'C01' }];
  bad.concepts[0].categoryFromSystem = 'yes';
  assert.throws(() => validateRuleSet(bad), (err: Error) => /system x: unknown category code "Z99"/.test(err.message)
    && /system id x is used twice/.test(err.message) && /system x: priority must be a number/.test(err.message) && /categoryFromSystem must be true or false/.test(err.message));
});

test('bad input gets a clear error', () => {
  assert.throws(() => classifyTable({ name: 'x' } as never), /classifyTable needs \{ name: string, columns/);
  assert.throws(() => classifyTable(null as never), TypeError);
});
