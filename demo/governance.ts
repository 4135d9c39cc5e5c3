// The demo fund manager's organisation and governance data, as plain data: departments,
// users with roles, data standards, dataset ownership and reconciliation checks (勾稽关系).

export type DemoRole = 'steward' | 'approver' | 'governance' | 'auditor' | 'business' | 'admin';

export interface DemoDepartment { id: string; name: string; nameEn: string; parentId: string | null }
export interface DemoUser { id: string; name: string; departmentId: string; title: string; roles: DemoRole[]; senior: boolean; email: string }
export interface DemoCode { code: string; name: string }
export interface DemoStandard {
  code: string; nameZh: string; nameEn: string; definition: string;
  /** Base type in upper case: VARCHAR, CHAR, NUMERIC, DATE, INTEGER, TIMESTAMP. */
  dataType: string;
  /** Characters for strings, total digits for NUMERIC. */
  length: number | null;
  /** Digits after the decimal point for NUMERIC (小数位), otherwise null. */
  precision: number | null;
  valueRange: string | null;
  codeList: DemoCode[] | null;
  categoryPath: string; grade: 1 | 2 | 3 | 4; ownerDepartmentId: string; version: number; status: 'draft' | 'published' | 'retired';
}
export interface DemoOwnership {
  /** `schema.table` for database datasets, the file id for files. */
  dataset: string; sourceId: string;
  owner: string | null; custodian: string | null; reportingChecker: string | null; consumers: string[];
  /** Column-level overrides of the inherited roles. */
  columns?: { column: string; owner?: string; custodian?: string; reportingChecker?: string; consumers?: string[] }[];
}
export interface DemoReconciliationSide { sourceId: string; schema: string; table: string; column: string; agg: 'sum' | 'count' }
export interface DemoReconciliation {
  id: string; name: string; description: string;
  left: DemoReconciliationSide; right: DemoReconciliationSide;
  /** Pairs of [left column, right column] the sums are grouped and matched on. */
  groupBy: [string, string][];
  /** Largest absolute difference per group that still passes. */
  tolerance: number;
  /** What a run on the freshly generated data gives (the demo breaks one check on purpose). */
  expected: 'pass' | 'fail';
}

export const DEPARTMENTS: DemoDepartment[] = [
  { id: 'dept-mgmt', name: '公司管理层', nameEn: 'Executive Management', parentId: null },
  { id: 'dept-it', name: '信息技术部', nameEn: 'Information Technology', parentId: 'dept-mgmt' },
  { id: 'dept-ops', name: '运营部（注册登记）', nameEn: 'Operations / TA', parentId: 'dept-mgmt' },
  { id: 'dept-fa', name: '基金会计部（估值核算）', nameEn: 'Fund Accounting / Valuation', parentId: 'dept-mgmt' },
  { id: 'dept-inv', name: '投资部', nameEn: 'Investment', parentId: 'dept-mgmt' },
  { id: 'dept-trade', name: '交易部', nameEn: 'Trading Desk', parentId: 'dept-mgmt' },
  { id: 'dept-research', name: '研究部', nameEn: 'Research', parentId: 'dept-mgmt' },
  { id: 'dept-direct', name: '直销中心', nameEn: 'Direct Sales Centre', parentId: 'dept-mgmt' },
  { id: 'dept-mkt', name: '市场部', nameEn: 'Marketing & Channels', parentId: 'dept-mgmt' },
  { id: 'dept-compliance', name: '合规风控部', nameEn: 'Compliance & Risk', parentId: 'dept-mgmt' },
  { id: 'dept-audit', name: '稽核审计部', nameEn: 'Internal Audit', parentId: 'dept-mgmt' },
  { id: 'dept-finance', name: '计划财务部', nameEn: 'Finance', parentId: 'dept-mgmt' },
  { id: 'dept-dmo', name: '数据管理办公室', nameEn: 'Data Management Office', parentId: 'dept-it' },
];

const u = (id: string, name: string, departmentId: string, title: string, roles: DemoRole[], senior = false): DemoUser =>
  ({ id, name, departmentId, title, roles, senior, email: `${id}@dingxin-fund.example` });

export const USERS: DemoUser[] = [
  u('admin', '系统管理员', 'dept-it', '平台管理员', ['admin']),
  u('zhouhong', '周红', 'dept-mgmt', '分管副总经理、首席信息官', ['approver'], true),
  u('liuyang', '刘洋', 'dept-compliance', '首席风险官', ['governance', 'approver'], true),
  u('chenjing', '陈静', 'dept-dmo', '数据管理办公室主任', ['steward', 'governance']),
  u('wangqiang', '王强', 'dept-dmo', '数据管理员', ['steward']),
  u('zhaomin', '赵敏', 'dept-dmo', '数据管理员', ['steward']),
  u('sunli', '孙丽', 'dept-compliance', '合规经理', ['governance']),
  u('lijun', '李军', 'dept-it', '信息技术部总经理', ['approver', 'admin']),
  u('yangfan', '杨帆', 'dept-ops', '运营部总监', ['approver']),
  u('hutao', '胡涛', 'dept-fa', '基金会计部总监', ['approver']),
  u('guoxin', '郭鑫', 'dept-inv', '投资总监', ['approver']),
  u('heyan', '何燕', 'dept-trade', '交易部总监', ['approver']),
  u('linxia', '林霞', 'dept-direct', '直销中心总经理', ['approver']),
  u('xuming', '徐明', 'dept-mkt', '市场部总经理', ['approver']),
  u('majie', '马杰', 'dept-audit', '稽核审计部总经理', ['auditor']),
  u('tangyu', '唐宇', 'dept-audit', '审计专员', ['auditor']),
  u('fengjia', '冯佳', 'dept-ops', 'TA运营专员', ['business']),
  u('dengkai', '邓凯', 'dept-fa', '估值核算岗', ['business']),
  u('luowei', '罗伟', 'dept-mkt', '渠道经理', ['business']),
  u('songyu', '宋雨', 'dept-research', '行业研究员', ['business']),
  u('xiaolin', '肖琳', 'dept-direct', '客户经理', ['business']),
  u('caobin', '曹斌', 'dept-compliance', '反洗钱专员', ['business']),
];

const s = (code: string, nameZh: string, nameEn: string, definition: string, dataType: string, length: number | null, precision: number | null,
  categoryPath: string, grade: 1 | 2 | 3 | 4, ownerDepartmentId: string, codeList: DemoCode[] | null = null, valueRange: string | null = null): DemoStandard =>
  ({ code, nameZh, nameEn, definition, dataType, length, precision, valueRange, codeList, categoryPath, grade, ownerDepartmentId, version: 1, status: 'published' });
const codes = (pairs: [string, string][]): DemoCode[] => pairs.map(([code, name]) => ({ code, name }));

export const STANDARDS: DemoStandard[] = [
  s('DS-CUST-001', '客户名称', 'Customer Name', '投资者的法定姓名或机构全称，与有效身份证件一致。', 'VARCHAR', 200, null, '客户/个人身份', 3, 'dept-ops'),
  s('DS-CUST-002', '证件类型', 'Identity Document Type', '投资者开户所用身份证件的类别。', 'CHAR', 1, null, '客户/个人身份', 2, 'dept-ops',
    codes([['0', '身份证'], ['1', '护照'], ['2', '军官证'], ['4', '港澳居民来往内地通行证'], ['8', '统一社会信用代码']])),
  s('DS-CUST-003', '证件号码', 'Identity Document Number', '投资者有效身份证件上的号码；居民身份证须通过 GB 11643 校验。', 'VARCHAR', 30, null, '客户/个人身份', 3, 'dept-ops'),
  s('DS-CUST-004', '性别', 'Gender', '个人投资者的生理性别，按 GB/T 2261.1 编码。', 'CHAR', 1, null, '客户/个人身份', 3, 'dept-ops',
    codes([['0', '未知的性别'], ['1', '男'], ['2', '女'], ['9', '未说明的性别']])),
  s('DS-CUST-005', '出生日期', 'Date of Birth', '个人投资者的出生日期。', 'DATE', null, null, '客户/个人身份', 3, 'dept-ops'),
  s('DS-CUST-006', '手机号码', 'Mobile Phone Number', '投资者本人使用的中国大陆手机号码，11 位数字。', 'VARCHAR', 11, null, '客户/联系方式', 3, 'dept-direct', null, '^1[3-9]\\d{9}$'),
  s('DS-CUST-007', '电子邮箱', 'Email Address', '投资者接收对账单和通知的电子邮箱。', 'VARCHAR', 64, null, '客户/联系方式', 3, 'dept-direct'),
  s('DS-CUST-008', '通讯地址', 'Mailing Address', '投资者接收纸质对账单的地址。', 'VARCHAR', 200, null, '客户/联系方式', 3, 'dept-direct'),
  s('DS-CUST-009', '邮政编码', 'Postal Code', '通讯地址所属邮政编码。', 'CHAR', 6, null, '客户/联系方式', 3, 'dept-direct'),
  s('DS-CUST-010', '客户类型', 'Customer Type', '投资者是个人、机构还是产品。', 'CHAR', 1, null, '客户/个人身份', 2, 'dept-ops',
    codes([['0', '机构'], ['1', '个人'], ['2', '产品']])),
  s('DS-CUST-011', '风险承受能力等级', 'Risk Tolerance Level', '投资者适当性评估得出的风险承受能力等级。', 'CHAR', 2, null, '客户/适当性与风险测评', 3, 'dept-compliance',
    codes([['C1', '保守型'], ['C2', '谨慎型'], ['C3', '稳健型'], ['C4', '积极型'], ['C5', '激进型']])),
  s('DS-CUST-012', '统一社会信用代码', 'Unified Social Credit Code', '机构投资者的统一社会信用代码，须通过 GB 32100 校验。', 'CHAR', 18, null, '客户/机构信息', 3, 'dept-ops'),
  s('DS-CUST-013', '法定代表人姓名', 'Legal Representative Name', '机构投资者法定代表人姓名。', 'VARCHAR', 60, null, '客户/机构信息', 3, 'dept-ops'),
  s('DS-ACCT-001', '基金账号', 'Fund Account Number', '注册登记机构为投资者开立的基金账户号码，12 位。', 'VARCHAR', 12, null, '客户/账户', 3, 'dept-ops'),
  s('DS-ACCT-002', '交易账号', 'Transaction Account Number', '销售机构为投资者开立的交易账户号码。', 'VARCHAR', 17, null, '客户/账户', 3, 'dept-ops'),
  s('DS-ACCT-003', '银行账号', 'Bank Account Number', '投资者用于资金结算的银行卡号或账号，卡号须通过 Luhn 校验。', 'VARCHAR', 28, null, '客户/账户', 3, 'dept-ops'),
  s('DS-ACCT-004', '账户状态', 'Account Status', '基金账户当前状态。', 'CHAR', 1, null, '客户/账户', 2, 'dept-ops', codes([['0', '正常'], ['1', '冻结'], ['4', '销户']])),
  s('DS-ACCT-005', '分红方式', 'Dividend Option', '投资者选择的分红方式。', 'CHAR', 1, null, '客户/账户', 3, 'dept-ops', codes([['0', '红利再投资'], ['1', '现金红利']])),
  s('DS-HOLD-001', '持有份额', 'Holding Shares', '投资者在某日持有的基金份额。', 'NUMERIC', 16, 2, '客户/资产与份额', 3, 'dept-ops', null, '>= 0'),
  s('DS-TRD-001', '业务代码', 'Business Code', 'TA 业务类型代码（开放式基金数据交换协议）。', 'CHAR', 3, null, '运营/登记过户(TA)', 2, 'dept-ops',
    codes([['020', '认购'], ['022', '申购'], ['024', '赎回'], ['029', '修改分红方式'], ['036', '基金转换'], ['039', '定期定额申购']])),
  s('DS-TRD-002', '确认金额', 'Confirmed Amount', '注册登记机构确认的交易金额（元）。', 'NUMERIC', 16, 2, '客户/交易记录', 3, 'dept-ops', null, '>= 0'),
  s('DS-TRD-003', '确认份额', 'Confirmed Shares', '注册登记机构确认的交易份额。', 'NUMERIC', 16, 2, '客户/交易记录', 3, 'dept-ops', null, '>= 0'),
  s('DS-PRD-001', '基金代码', 'Fund Code', '基金产品在中国证监会备案的 6 位代码。', 'CHAR', 6, null, '产品/基本信息', 1, 'dept-mkt', null, '^\\d{6}$'),
  s('DS-PRD-002', '基金名称', 'Fund Name', '基金产品的法定全称或简称。', 'VARCHAR', 100, null, '产品/基本信息', 1, 'dept-mkt'),
  s('DS-PRD-003', '基金类型', 'Fund Type', '基金按投资对象划分的类别。', 'CHAR', 1, null, '产品/基本信息', 1, 'dept-mkt',
    codes([['0', '股票型'], ['1', '债券型'], ['2', '货币型'], ['3', '混合型'], ['4', '指数型']])),
  s('DS-PRD-004', '单位净值', 'Net Asset Value per Share', '估值日基金资产净值除以基金总份额。', 'NUMERIC', 10, 4, '产品/净值与收益', 1, 'dept-fa'),
  s('DS-PRD-005', '基金资产净值', 'Fund Net Asset Value', '估值日基金资产总值减负债后的余额（元）。', 'NUMERIC', 18, 2, '产品/净值与收益', 2, 'dept-fa'),
  s('DS-ORG-001', '销售机构代码', 'Distributor Code', '注册登记机构分配给销售机构的 3 位代码。', 'CHAR', 3, null, '销售/渠道与机构', 2, 'dept-mkt'),
  s('DS-INV-001', '证券代码', 'Security Code', '交易所或银行间市场的证券代码。', 'VARCHAR', 12, null, '参考数据/证券与市场', 1, 'dept-trade'),
  s('DS-INV-002', '买卖方向', 'Trade Direction', '投资指令或委托的买卖方向（未公开信息）。', 'CHAR', 1, null, '投资/交易指令与成交', 4, 'dept-inv', codes([['1', '买入'], ['2', '卖出']])),
  s('DS-INV-003', '持仓数量', 'Holding Quantity', '组合在某日持有的证券数量（未公开信息）。', 'NUMERIC', 18, 2, '投资/持仓', 4, 'dept-inv'),
  s('DS-REF-001', '业务日期', 'Business Date', '业务发生或数据所属的自然日期。', 'DATE', null, null, '参考数据/日历', 2, 'dept-it'),
];

const own = (dataset: string, sourceId: string, owner: string | null, custodian: string | null, reportingChecker: string | null, consumers: string[],
  columns?: DemoOwnership['columns']): DemoOwnership => ({ dataset, sourceId, owner, custodian, reportingChecker, consumers, ...(columns ? { columns } : {}) });

/** Dataset ownership. Some datasets are left without owner or custodian on purpose (gaps report). */
export const OWNERSHIP: DemoOwnership[] = [
  own('ta.tfundinfo', 'src-ta', 'dept-ops', 'dept-it', 'yangfan', ['dept-mkt', 'dept-fa', 'dept-direct']),
  own('ta.tagencyinfo', 'src-ta', 'dept-mkt', 'dept-it', null, ['dept-ops']),
  own('ta.tdictionary', 'src-ta', 'dept-ops', 'dept-it', null, []),
  own('ta.taccoinfo', 'src-ta', 'dept-ops', 'dept-it', 'yangfan', ['dept-direct', 'dept-compliance'],
    [{ column: 'c_identityno', consumers: ['dept-compliance'] }]),
  own('ta.tcustextinfo', 'src-ta', 'dept-ops', 'dept-it', 'yangfan', ['dept-direct']),
  own('ta.taccobank', 'src-ta', 'dept-ops', 'dept-it', 'yangfan', ['dept-finance']),
  own('ta.tconfirm', 'src-ta', 'dept-ops', 'dept-it', 'fengjia', ['dept-fa', 'dept-mkt', 'dept-compliance']),
  own('ta.tstaticshares', 'src-ta', 'dept-ops', 'dept-it', 'fengjia', ['dept-fa', 'dept-mkt']),
  own('valuation.tztxx', 'src-valuation', 'dept-fa', 'dept-it', null, ['dept-ops']),
  own('valuation.tgz_jzxx', 'src-valuation', 'dept-fa', 'dept-it', 'hutao', ['dept-mkt', 'dept-ops', 'dept-compliance']),
  own('valuation.tgz_zqcc', 'src-valuation', 'dept-fa', 'dept-it', 'hutao', ['dept-inv', 'dept-compliance']),
  own('valuation.tgz_pzxx', 'src-valuation', 'dept-fa', 'dept-it', 'dengkai', ['dept-finance', 'dept-audit']),
  own('valuation.tzq_gzjg', 'src-valuation', 'dept-fa', null, null, ['dept-inv']),
  own('invest.inv_security', 'src-invest', 'dept-trade', 'dept-it', null, ['dept-inv', 'dept-research', 'dept-fa']),
  own('invest.inv_portfolio', 'src-invest', 'dept-inv', 'dept-it', null, ['dept-trade']),
  own('invest.inv_decision', 'src-invest', 'dept-inv', 'dept-inv', 'guoxin', ['dept-compliance']),
  own('invest.inv_instruction', 'src-invest', 'dept-inv', 'dept-it', 'guoxin', ['dept-trade', 'dept-compliance']),
  own('invest.inv_entrust', 'src-invest', 'dept-trade', 'dept-it', 'heyan', ['dept-compliance']),
  own('invest.inv_trade', 'src-invest', 'dept-trade', 'dept-it', 'heyan', ['dept-fa', 'dept-compliance']),
  own('invest.inv_position', 'src-invest', 'dept-inv', 'dept-it', 'guoxin', ['dept-fa', 'dept-compliance']),
  own('crm.crm_khxx', 'src-crm', 'dept-direct', 'dept-it', 'linxia', ['dept-mkt', 'dept-compliance']),
  own('crm.crm_jgkh', 'src-crm', 'dept-direct', 'dept-it', 'linxia', ['dept-compliance']),
  own('crm.crm_fxcp', 'src-crm', 'dept-compliance', 'dept-it', 'sunli', ['dept-direct']),
  // crm.crm_bfjl: no owner, no custodian (gap). dw.fact_position_d: owner without custodian (gap).
  own('dw.dim_fund', 'src-dw', 'dept-dmo', 'dept-it', null, ['dept-mkt', 'dept-research']),
  own('dw.dim_agency', 'src-dw', 'dept-dmo', 'dept-it', null, ['dept-mkt']),
  own('dw.dim_cust', 'src-dw', 'dept-dmo', 'dept-it', 'chenjing', ['dept-mkt', 'dept-direct'],
    [{ column: 'risk_level', owner: 'dept-compliance' }]),
  own('dw.fact_cust_hold_d', 'src-dw', 'dept-dmo', 'dept-it', 'chenjing', ['dept-mkt', 'dept-compliance']),
  own('dw.fact_fund_scale_d', 'src-dw', 'dept-dmo', 'dept-it', 'chenjing', ['dept-mkt', 'dept-mgmt']),
  own('dw.fact_trade_confirm', 'src-dw', 'dept-dmo', 'dept-it', null, ['dept-mkt']),
  own('dw.fact_position_d', 'src-dw', 'dept-inv', null, null, ['dept-compliance']),
  own('file-ta-confirm-007', 'file-ta-confirm-007', 'dept-ops', 'dept-ops', 'fengjia', ['dept-mkt']),
  own('file-agency-account-020', 'file-agency-account-020', 'dept-ops', 'dept-ops', null, []),
  own('file-fund-nav', 'file-fund-nav', 'dept-fa', 'dept-mkt', 'hutao', ['dept-mkt']),
];

export const RECONCILIATIONS: DemoReconciliation[] = [
  {
    id: 'REC-TA-GZ-001', name: 'TA份额余额与估值基金总份额一致',
    description: '按基金、日期：TA 份额余额表的实际份额合计 = 估值系统净值表的基金总份额。演示数据在一只基金的最后一个估值日故意多记了一笔份额。',
    left: { sourceId: 'src-ta', schema: 'ta', table: 'tstaticshares', column: 'f_realshares', agg: 'sum' },
    right: { sourceId: 'src-valuation', schema: 'valuation', table: 'tgz_jzxx', column: 'en_jjzfe', agg: 'sum' },
    groupBy: [['c_fundcode', 'c_jjdm'], ['d_cdate', 'd_ywrq']], tolerance: 0.01, expected: 'fail',
  },
  {
    id: 'REC-GZ-INV-001', name: '估值证券持仓数量与投资系统持仓一致',
    description: '按基金、日期：估值表证券持仓数量合计 = 投资管理系统组合持仓数量合计。',
    left: { sourceId: 'src-valuation', schema: 'valuation', table: 'tgz_zqcc', column: 'l_sl', agg: 'sum' },
    right: { sourceId: 'src-invest', schema: 'invest', table: 'inv_position', column: 'hold_qty', agg: 'sum' },
    groupBy: [['c_jjdm', 'fund_code'], ['d_ywrq', 'biz_date']], tolerance: 0, expected: 'pass',
  },
  {
    id: 'REC-DW-TA-001', name: '数仓基金规模与TA份额一致',
    description: '按基金、日期：数仓基金规模日汇总的总份额 = TA 份额余额表的实际份额合计。',
    left: { sourceId: 'src-dw', schema: 'dw', table: 'fact_fund_scale_d', column: 'total_share', agg: 'sum' },
    right: { sourceId: 'src-ta', schema: 'ta', table: 'tstaticshares', column: 'f_realshares', agg: 'sum' },
    groupBy: [['fund_code', 'c_fundcode'], ['stat_dt', 'd_cdate']], tolerance: 0.01, expected: 'pass',
  },
];
