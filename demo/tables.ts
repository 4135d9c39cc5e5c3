// Table definitions of the demo estate's PostgreSQL schemas, as data: one source for the
// DDL, the COMMENT ON statements and the loader's column order. Missing comments are deliberate.

export interface ColumnDef { name: string; type: string; comment?: string; notNull?: boolean; default?: string }
export interface ForeignKeyDef { columns: string[]; ref: string; refColumns: string[] }
export interface TableDef {
  schema: string;
  name: string;
  comment?: string;
  columns: ColumnDef[];
  primaryKey?: string[];
  unique?: string[][];
  foreignKeys?: ForeignKeyDef[];
}

type ColSpec = [name: string, type: string, comment?: string, notNull?: boolean];
function t(schema: string, name: string, comment: string | undefined, cols: ColSpec[], pk?: string[], fks?: ForeignKeyDef[], unique?: string[][]): TableDef {
  return {
    schema, name, comment, primaryKey: pk, foreignKeys: fks, unique,
    columns: cols.map(([n, ty, c, nn]) => ({ name: n, type: ty, comment: c || undefined, notNull: nn || pk?.includes(n) || undefined })),
  };
}
const fk = (columns: string[], ref: string, refColumns = columns): ForeignKeyDef => ({ columns, ref, refColumns });

// ── TA 注册登记 (Hundsun TA style: C_ char, F_ float, D_ date, L_ long) ──────────────────────
export const TA_TABLES: TableDef[] = [
  t('ta', 'tfundinfo', '基金信息表', [
    ['c_fundcode', 'varchar(6)', '基金代码'], ['c_fundname', 'varchar(60)', '基金名称'], ['c_fundtype', 'char(1)', '基金类型'],
    ['c_shareclass', 'char(1)', '收费方式'], ['c_fundstatus', 'char(1)', '基金状态'], ['c_trustee', 'varchar(60)', '托管人'],
    ['d_setupdate', 'date', '成立日期'], ['f_minbid', 'numeric(16,2)'], ['d_lastmodify', 'date'],
  ], ['c_fundcode']),
  t('ta', 'tagencyinfo', undefined, [
    ['c_agencyno', 'char(3)', '销售机构代码'], ['c_agencyname', 'varchar(100)', '销售机构名称'], ['c_agencytype', 'char(1)'],
    ['d_lastmodify', 'date'],
  ], ['c_agencyno']),
  t('ta', 'tdictionary', '数据字典', [
    ['l_keyno', 'integer', '字典编号'], ['c_keyvalue', 'varchar(10)', '字典值'], ['c_caption', 'varchar(60)', '字典含义'], ['c_memo', 'varchar(200)', '说明'],
  ], ['l_keyno', 'c_keyvalue']),
  t('ta', 'taccoinfo', '基金账户信息表', [
    ['c_fundacco', 'varchar(12)', '基金账号'], ['c_tradeacco', 'varchar(17)', '交易账号', true], ['c_custno', 'varchar(20)', '客户编号'],
    ['c_custtype', 'char(1)', '客户类型'], ['c_custname', 'varchar(120)', '客户名称', true], ['c_identitytype', 'char(1)', '证件类型'],
    ['c_identityno', 'varchar(30)', '证件号码'], ['c_agencyno', 'char(3)'], ['c_accostatus', 'char(1)'], ['d_opendate', 'date', '开户日期'],
    ['d_lastmodify', 'date'],
  ], ['c_fundacco'], [fk(['c_agencyno'], 'ta.tagencyinfo')], [['c_tradeacco']]),
  t('ta', 'tcustextinfo', '客户补充资料', [
    ['c_fundacco', 'varchar(12)', '基金账号'], ['c_mobiletelno', 'varchar(24)'], ['c_telno', 'varchar(24)', '联系电话'],
    ['c_email', 'varchar(60)', 'Email'], ['c_address', 'varchar(200)', '通讯地址'], ['c_zipcode', 'char(6)', '邮政编码'],
    ['c_sex', 'char(1)'], ['d_birthday', 'date', '出生日期'], ['c_vocation', 'char(2)', '职业'],
    ['c_instreprname', 'varchar(60)', '法人代表姓名'], ['c_instrepridno', 'varchar(30)', '法人代表证件号码'], ['c_contact', 'varchar(60)'],
  ], ['c_fundacco'], [fk(['c_fundacco'], 'ta.taccoinfo')]),
  t('ta', 'taccobank', '客户银行账户', [
    ['l_serialno', 'integer', '序号'], ['c_fundacco', 'varchar(12)', '基金账号', true], ['c_bankno', 'varchar(3)', '银行编号'],
    ['c_bankacco', 'varchar(28)', '银行账号'], ['c_nameinbank', 'varchar(60)', '银行户名'], ['c_bankname', 'varchar(100)', '开户行名称'],
    ['d_lastmodify', 'date'],
  ], ['l_serialno'], [fk(['c_fundacco'], 'ta.taccoinfo')]),
  t('ta', 'tconfirm', '交易确认表', [
    ['c_cserialno', 'varchar(20)', '确认流水号'], ['d_cdate', 'date', undefined, true], ['d_requestdate', 'date', '申请日期'],
    ['c_businflag', 'char(3)', '业务代码'], ['c_agencyno', 'char(3)', '销售机构'], ['c_fundacco', 'varchar(12)', '基金账号', true],
    ['c_tradeacco', 'varchar(17)'], ['c_fundcode', 'varchar(6)', undefined, true], ['f_confirmbalance', 'numeric(16,2)', '确认金额'],
    ['f_confirmshares', 'numeric(16,2)'], ['f_netvalue', 'numeric(7,4)', '成交净值'], ['f_totalfare', 'numeric(16,2)'],
    ['c_returncode', 'varchar(4)'],
  ], ['c_cserialno'], [fk(['c_fundacco'], 'ta.taccoinfo'), fk(['c_fundcode'], 'ta.tfundinfo'), fk(['c_agencyno'], 'ta.tagencyinfo')]),
  t('ta', 'tstaticshares', '份额余额表', [
    ['d_cdate', 'date', '份额日期'], ['c_fundacco', 'varchar(12)', '基金账号'], ['c_fundcode', 'varchar(6)', '基金代码'],
    ['c_tradeacco', 'varchar(17)'], ['c_agencyno', 'char(3)', '销售机构'], ['c_shareclass', 'char(1)', '收费方式'],
    ['f_realshares', 'numeric(16,2)', '实际份额'], ['f_frozenshares', 'numeric(16,2)'], ['c_bonustype', 'char(1)', '分红方式'],
    ['l_version', 'integer'],
  ], ['d_cdate', 'c_fundacco', 'c_fundcode'], [fk(['c_fundacco'], 'ta.taccoinfo'), fk(['c_fundcode'], 'ta.tfundinfo')]),
];

// ── 估值核算 (pinyin initials: ZTBH 账套编号, YWRQ 业务日期, KMDM 科目代码, EN_ amounts) ─────────
export const VALUATION_TABLES: TableDef[] = [
  t('valuation', 'tztxx', '账套信息', [
    ['l_ztbh', 'integer', '账套编号'], ['c_ztmc', 'varchar(100)', '账套名称'], ['c_jjdm', 'varchar(6)', '基金代码', true],
    ['c_tgyh', 'varchar(60)', '托管银行'], ['d_qyrq', 'date', '启用日期'],
  ], ['l_ztbh'], undefined, [['c_jjdm']]),
  t('valuation', 'tgz_jzxx', '估值净值信息（内部计算）', [
    ['l_ztbh', 'integer'], ['d_ywrq', 'date', '估值日期'], ['c_jjdm', 'varchar(6)', '基金代码', true],
    ['en_dwjz', 'numeric(10,4)', '单位净值'], ['en_ljjz', 'numeric(10,4)'], ['en_zcjz', 'numeric(18,2)', '资产净值'],
    ['en_jjzfe', 'numeric(18,2)', '基金总份额'], ['en_rzzl', 'numeric(10,4)'], ['c_fhr', 'varchar(20)', '复核人'], ['c_zt', 'char(1)', '状态'],
  ], ['l_ztbh', 'd_ywrq'], [fk(['l_ztbh'], 'valuation.tztxx')]),
  t('valuation', 'tzq_gzjg', '证券估值价格', [
    ['d_rq', 'date', '日期'], ['c_zqdm', 'varchar(20)', '证券代码'], ['en_spj', 'numeric(12,4)'], ['en_gzj', 'numeric(12,4)', '估值价格'],
  ], ['d_rq', 'c_zqdm']),
  t('valuation', 'tgz_zqcc', '估值表-证券持仓明细', [
    ['l_ztbh', 'integer', '账套编号'], ['d_ywrq', 'date', '业务日期'], ['c_kmdm', 'varchar(40)', '科目代码'],
    ['c_jjdm', 'varchar(6)', '基金代码', true], ['c_zqdm', 'varchar(20)', '证券代码'], ['c_kmmc', 'varchar(100)'],
    ['l_sl', 'numeric(18,2)'], ['en_cb', 'numeric(18,2)', '成本'], ['en_sz', 'numeric(18,2)'], ['en_gzzz', 'numeric(18,2)', '估值增值'],
    ['c_tpbz', 'char(1)', '停牌标志'],
  ], ['l_ztbh', 'd_ywrq', 'c_kmdm'], [fk(['l_ztbh'], 'valuation.tztxx')]),
  t('valuation', 'tgz_pzxx', '凭证信息', [
    ['l_ztbh', 'integer', '账套编号'], ['d_ywrq', 'date', '凭证日期'], ['l_pzh', 'integer', '凭证号'], ['l_flh', 'integer', '分录号'],
    ['c_kmdm', 'varchar(40)', '科目代码'], ['c_zy', 'varchar(200)', '摘要'], ['en_jfje', 'numeric(18,2)', '借方金额'],
    ['en_dfje', 'numeric(18,2)', '贷方金额'], ['c_zdr', 'varchar(20)'], ['c_fhr', 'varchar(20)', '复核人'],
  ], ['l_ztbh', 'd_ywrq', 'l_pzh', 'l_flh'], [fk(['l_ztbh'], 'valuation.tztxx')]),
];

// ── 投资管理 (snake-case English; 未公开信息) ──────────────────────────────────────────────
export const INVEST_TABLES: TableDef[] = [
  t('invest', 'inv_security', '证券信息', [
    ['sec_code', 'varchar(12)', '证券代码'], ['sec_name', 'varchar(64)', '证券名称'], ['market_no', 'char(1)', '交易市场'],
    ['sec_type', 'char(1)', '证券类别'], ['isin', 'varchar(12)', 'ISIN代码'], ['stop_flag', 'char(1)'],
  ], ['sec_code']),
  t('invest', 'inv_portfolio', '投资组合', [
    ['portfolio_no', 'varchar(16)', '组合编号'], ['fund_code', 'varchar(6)', '产品代码', true], ['portfolio_name', 'varchar(100)', '组合名称'],
    ['pm_name', 'varchar(32)', '投资经理'],
  ], ['portfolio_no']),
  t('invest', 'inv_decision', '投资决策委员会决议', [
    ['decision_id', 'bigint'], ['meeting_date', 'date', '会议日期'], ['fund_code', 'varchar(6)', '产品代码'],
    ['decision_content', 'text', '决议内容'], ['target_weight', 'numeric(8,4)'], ['attendees', 'varchar(500)', '参会人员'], ['status', 'varchar(8)', '状态'],
  ], ['decision_id']),
  t('invest', 'inv_instruction', '投资指令', [
    ['instr_id', 'bigint', '指令编号'], ['instr_date', 'integer', '指令日期'], ['fund_code', 'varchar(6)', '产品代码', true],
    ['portfolio_no', 'varchar(16)', '组合编号'], ['sec_code', 'varchar(12)', '证券代码'], ['trade_dir', 'char(1)', '买卖方向'],
    ['instr_qty', 'numeric(18,2)'], ['limit_price', 'numeric(12,4)'], ['pm_name', 'varchar(32)', '投资经理'],
    ['instr_status', 'char(1)', '指令状态'], ['remark', 'varchar(500)', '指令说明'], ['create_time', 'timestamp', '创建时间'],
  ], ['instr_id'], [fk(['portfolio_no'], 'invest.inv_portfolio'), fk(['sec_code'], 'invest.inv_security')]),
  t('invest', 'inv_entrust', '委托表', [
    ['entrust_no', 'bigint', '委托序号'], ['instr_id', 'bigint', '指令编号'], ['biz_date', 'integer', '委托日期'],
    ['fund_code', 'varchar(6)', undefined, true], ['sec_code', 'varchar(12)', '申报代码'], ['market_no', 'char(1)', '交易市场'],
    ['entrust_dir', 'char(1)', '委托方向'], ['entrust_qty', 'numeric(18,2)'], ['entrust_price', 'numeric(18,4)', '委托价格'],
    ['stockholder_id', 'varchar(20)', '股东代码'], ['trader_name', 'varchar(32)', '交易员'], ['entrust_time', 'integer'],
  ], ['entrust_no'], [fk(['instr_id'], 'invest.inv_instruction'), fk(['sec_code'], 'invest.inv_security')]),
  t('invest', 'inv_trade', '成交回报表', [
    ['deal_no', 'varchar(32)', '成交编号'], ['entrust_no', 'bigint', '委托序号', true], ['biz_date', 'integer'],
    ['fund_code', 'varchar(6)', undefined, true], ['sec_code', 'varchar(12)', '申报代码'], ['deal_qty', 'numeric(18,2)'],
    ['deal_price', 'numeric(18,4)'], ['deal_amt', 'numeric(18,2)', '成交金额'], ['deal_time', 'integer', '成交时间'],
  ], ['deal_no'], [fk(['entrust_no'], 'invest.inv_entrust')]),
  t('invest', 'inv_position', '组合持仓', [
    ['biz_date', 'date', '业务日期'], ['fund_code', 'varchar(6)', '产品代码'], ['sec_code', 'varchar(12)', '证券代码'],
    ['hold_qty', 'numeric(18,2)', '持仓数量'], ['cost_amt', 'numeric(18,2)'], ['mkt_value', 'numeric(18,2)'], ['update_time', 'timestamp', '更新时间'],
  ], ['biz_date', 'fund_code', 'sec_code'], [fk(['sec_code'], 'invest.inv_security')]),
];

// ── 直销/CRM (pinyin initials: khxm 客户姓名, zjhm 证件号码, sjhm 手机号码, yhzh 银行账号, txdz 通讯地址) ──
export const CRM_TABLES: TableDef[] = [
  t('crm', 'crm_khxx', '客户信息主表', [
    ['khbh', 'varchar(20)', '客户编号'], ['khxm', 'varchar(60)', '客户姓名', true], ['xb', 'char(1)', '性别'], ['csrq', 'date'],
    ['zjlx', 'char(2)', '证件类型'], ['zjhm', 'varchar(32)', '证件号码'], ['sjhm', 'varchar(16)'], ['dzyx', 'varchar(64)', '电子邮箱'],
    ['txdz', 'varchar(256)', '通讯地址'], ['yzbm', 'char(6)'], ['yhzh', 'varchar(32)'], ['khyh', 'varchar(100)', '开户银行'],
    ['jjzh', 'varchar(12)', '基金账号'], ['khjl', 'varchar(32)', '客户经理'], ['khdj', 'char(2)', '客户等级'], ['fxdj', 'char(2)', '风险等级'],
    ['bz', 'varchar(500)', '备注'], ['cjsj', 'timestamp', '创建时间'],
  ], ['khbh']),
  t('crm', 'crm_jgkh', '机构客户', [
    ['jgbh', 'varchar(20)', '机构编号'], ['jgmc', 'varchar(200)', '机构名称', true], ['tyshxydm', 'char(18)', '统一社会信用代码'],
    ['jglx', 'varchar(8)', '机构类型'], ['fddbr', 'varchar(60)', '法定代表人'], ['fddbrzjhm', 'varchar(32)'], ['lxr', 'varchar(60)', '联系人'],
    ['lxrsj', 'varchar(16)', '联系人手机'], ['zcdz', 'varchar(256)', '注册地址'], ['jjzh', 'varchar(12)', '基金账号'],
  ], ['jgbh'], undefined, [['tyshxydm']]),
  t('crm', 'crm_bfjl', undefined, [
    ['bfid', 'bigint'], ['khbh', 'varchar(20)', '客户编号', true], ['bfrq', 'date', '拜访日期'], ['bflx', 'varchar(8)'],
    ['bfr', 'varchar(32)', '拜访人'], ['bfnr', 'text', '拜访内容'], ['xcjh', 'varchar(500)'],
  ], ['bfid'], [fk(['khbh'], 'crm.crm_khxx')]),
  t('crm', 'crm_fxcp', '风险承受能力测评', [
    ['cpid', 'bigint'], ['khbh', 'varchar(20)', '客户编号', true], ['wjbh', 'varchar(16)', '问卷编号'], ['dtjg', 'jsonb', '答题结果'],
    ['df', 'integer', '测评得分'], ['fxdj', 'char(2)'], ['cpsj', 'timestamp'], ['yxqz', 'date', '有效期至'],
  ], ['cpid'], [fk(['khbh'], 'crm.crm_khxx')]),
];

// ── 数据仓库 (dim/fact, loaded by etl/*.sql) ────────────────────────────────────────────────
export const DW_TABLES: TableDef[] = [
  t('dw', 'dim_fund', '基金维度', [
    ['fund_code', 'varchar(6)', '基金代码'], ['fund_name', 'varchar(100)', '基金名称'], ['fund_type', 'varchar(20)', '基金类型'],
    ['trustee', 'varchar(60)'], ['mgr_name', 'varchar(32)', '基金经理'], ['setup_date', 'date', '成立日期'], ['valid_from', 'date'],
  ], ['fund_code']),
  t('dw', 'dim_agency', '销售机构维度', [
    ['agency_no', 'char(3)', '销售机构代码'], ['agency_name', 'varchar(100)', '销售机构名称'], ['channel_type', 'varchar(10)', '渠道类型'],
  ], ['agency_no']),
  t('dw', 'dim_cust', '客户维度（脱敏）', [
    ['cust_no', 'varchar(20)', '客户号'], ['fund_acct', 'varchar(12)', '基金账号'], ['cust_type', 'varchar(4)', '客户类型'],
    ['cust_name_mask', 'varchar(120)', '客户名称(脱敏)'], ['id_type', 'char(1)', '证件类型'], ['id_no_md5', 'char(32)', '证件号哈希'],
    ['id_no_mask', 'varchar(30)', '证件号(脱敏)'], ['mobile_mask', 'varchar(24)', '手机号(脱敏)'], ['gender', 'char(1)'],
    ['age_band', 'varchar(10)'], ['region_code', 'char(6)', '行政区划'], ['risk_level', 'char(2)', '风险等级'], ['agency_no', 'char(3)'],
  ], ['cust_no']),
  t('dw', 'fact_cust_hold_d', '客户持仓日快照', [
    ['etl_dt', 'date', '数据日期'], ['fund_acct', 'varchar(12)', '基金账号'], ['fund_code', 'varchar(6)'],
    ['cust_no', 'varchar(20)', '客户号'], ['agency_no', 'char(3)'], ['hold_share', 'numeric(20,2)', '持有份额'],
    ['nav', 'numeric(10,4)', '单位净值'], ['hold_amt', 'numeric(20,2)'],
  ], ['etl_dt', 'fund_acct', 'fund_code']),
  t('dw', 'fact_fund_scale_d', '基金规模日汇总', [
    ['stat_dt', 'date', '统计日期'], ['fund_code', 'varchar(6)'], ['total_share', 'numeric(20,2)', '总份额'],
    ['total_asset', 'numeric(20,2)'], ['holder_cnt', 'integer', '持有人户数'], ['inst_share_ratio', 'numeric(10,4)', '机构持有比例'],
  ], ['stat_dt', 'fund_code']),
  t('dw', 'fact_trade_confirm', '交易确认事实表', [
    ['confirm_no', 'varchar(20)', '确认流水号'], ['confirm_date', 'date', '确认日期'], ['busi_code', 'char(3)', '业务代码'],
    ['busi_name', 'varchar(20)', '业务名称'], ['fund_code', 'varchar(6)'], ['agency_no', 'char(3)'], ['cust_no', 'varchar(20)'],
    ['confirm_amt', 'numeric(16,2)', '确认金额'], ['confirm_share', 'numeric(16,2)', '确认份额'], ['fee_amt', 'numeric(16,2)', '手续费'],
  ], ['confirm_no']),
  t('dw', 'fact_position_d', '组合持仓日快照', [
    ['biz_date', 'date', '业务日期'], ['fund_code', 'varchar(6)'], ['sec_code', 'varchar(12)', '证券代码'],
    ['sec_name', 'varchar(64)'], ['hold_qty', 'numeric(18,2)', '持仓数量'], ['mkt_value', 'numeric(18,2)', '市值'],
    ['weight', 'numeric(10,6)', '占净值比例'], ['rank_in_fund', 'integer'],
  ], ['biz_date', 'fund_code', 'sec_code']),
  t('dw', 'etl_job_log', '调度作业日志', [
    ['log_id', 'bigserial'], ['job_name', 'varchar(64)', '作业名'], ['run_status', 'varchar(10)'], ['rows_loaded', 'bigint'],
    ['finished_at', 'timestamp', undefined], ['err_msg', 'varchar(500)', '错误信息'],
  ], ['log_id']),
];

/** Views of the warehouse, with their SQL (harvested by the catalogue, parsed by lineage). */
export const DW_VIEWS: { schema: string; name: string; comment?: string; sql: string }[] = [
  {
    schema: 'dw', name: 'v_fund_scale_latest', comment: '基金最新规模',
    sql: `SELECT f.fund_code, f.fund_name, f.fund_type, s.stat_dt, s.total_share, s.total_asset, s.holder_cnt
FROM dw.fact_fund_scale_d s
JOIN dw.dim_fund f ON f.fund_code = s.fund_code
WHERE s.stat_dt = (SELECT max(stat_dt) FROM dw.fact_fund_scale_d)`,
  },
  {
    schema: 'dw', name: 'v_cust_hold_summary', comment: '客户持仓汇总',
    sql: `SELECT h.cust_no, c.cust_name_mask, c.risk_level, h.etl_dt, count(DISTINCT h.fund_code) AS fund_cnt, sum(h.hold_amt) AS total_amt
FROM dw.fact_cust_hold_d h
LEFT JOIN dw.dim_cust c ON c.cust_no = h.cust_no
GROUP BY h.cust_no, c.cust_name_mask, c.risk_level, h.etl_dt`,
  },
  {
    schema: 'dw', name: 'v_agency_sales_m',
    sql: `SELECT a.agency_no, a.agency_name, date_trunc('month', t.confirm_date)::date AS stat_month,
  sum(CASE WHEN t.busi_code IN ('020', '022', '039') THEN t.confirm_amt ELSE 0 END) AS sub_amt,
  sum(CASE WHEN t.busi_code = '024' THEN t.confirm_amt ELSE 0 END) AS red_amt
FROM dw.fact_trade_confirm t
JOIN dw.dim_agency a ON a.agency_no = t.agency_no
GROUP BY a.agency_no, a.agency_name, date_trunc('month', t.confirm_date)`,
  },
];

export const ALL_TABLES: TableDef[] = [...TA_TABLES, ...VALUATION_TABLES, ...INVEST_TABLES, ...CRM_TABLES, ...DW_TABLES];
export const SCHEMAS = ['ta', 'valuation', 'invest', 'crm', 'dw'] as const;
export type DemoSchema = (typeof SCHEMAS)[number];

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** PostgreSQL DDL (tables, keys, comments) for the given tables. */
export function postgresDdl(tables: TableDef[]): string[] {
  const out: string[] = [];
  for (const tb of tables) {
    const full = `${tb.schema}.${tb.name}`;
    const lines = tb.columns.map((c) => `  ${c.name} ${c.type}${c.notNull ? ' NOT NULL' : ''}${c.default ? ` DEFAULT ${c.default}` : ''}`);
    if (tb.primaryKey) lines.push(`  CONSTRAINT pk_${tb.name} PRIMARY KEY (${tb.primaryKey.join(', ')})`);
    tb.unique?.forEach((u, i) => lines.push(`  CONSTRAINT uk_${tb.name}_${i + 1} UNIQUE (${u.join(', ')})`));
    out.push(`CREATE TABLE ${full} (\n${lines.join(',\n')}\n)`);
    if (tb.comment) out.push(`COMMENT ON TABLE ${full} IS ${q(tb.comment)}`);
    for (const c of tb.columns) if (c.comment) out.push(`COMMENT ON COLUMN ${full}.${c.name} IS ${q(c.comment)}`);
  }
  return out;
}

/** Foreign keys, added after the rows are loaded (faster, and order-independent). */
export function postgresForeignKeys(tables: TableDef[]): string[] {
  return tables.flatMap((tb) => (tb.foreignKeys ?? []).map((f, i) =>
    `ALTER TABLE ${tb.schema}.${tb.name} ADD CONSTRAINT fk_${tb.name}_${i + 1} FOREIGN KEY (${f.columns.join(', ')}) REFERENCES ${f.ref} (${f.refColumns.join(', ')})`));
}

export function postgresViews(): string[] {
  return DW_VIEWS.flatMap((v) => [
    `CREATE VIEW ${v.schema}.${v.name} AS\n${v.sql}`,
    ...(v.comment ? [`COMMENT ON VIEW ${v.schema}.${v.name} IS ${q(v.comment)}`] : []),
  ]);
}
