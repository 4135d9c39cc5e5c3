// Warehouse ETL scripts (PostgreSQL dialect) that load dw.* from ta, valuation, invest and crm.
// They run as written against the demo database and are the lineage parser's demo input.

export interface EtlScript { file: string; description: string; targets: string[]; sql: string }

const log = (job: string, table: string) =>
  `INSERT INTO dw.etl_job_log (job_name, run_status, rows_loaded, finished_at)\nSELECT '${job}', 'SUCCESS', count(*), now() FROM ${table};\n`;

export const ETL_SCRIPTS: EtlScript[] = [
  {
    file: '01_dim_fund_agency.sql', description: '基金维度、销售机构维度', targets: ['dw.dim_fund', 'dw.dim_agency'],
    sql: `-- 基金维度：TA基金信息 + 投资系统组合的基金经理
DELETE FROM dw.dim_fund;
INSERT INTO dw.dim_fund (fund_code, fund_name, fund_type, trustee, mgr_name, setup_date, valid_from)
SELECT f.c_fundcode,
       f.c_fundname,
       CASE f.c_fundtype WHEN '0' THEN '股票型' WHEN '1' THEN '债券型' WHEN '2' THEN '货币型' WHEN '3' THEN '混合型' ELSE '指数型' END,
       f.c_trustee,
       p.pm_name,
       f.d_setupdate,
       DATE '2024-06-28'
FROM ta.tfundinfo f
LEFT JOIN invest.inv_portfolio p ON p.fund_code = f.c_fundcode;

-- 销售机构维度
DELETE FROM dw.dim_agency;
INSERT INTO dw.dim_agency (agency_no, agency_name, channel_type)
SELECT a.c_agencyno,
       a.c_agencyname,
       CASE a.c_agencytype WHEN '0' THEN '直销' WHEN '1' THEN '银行' WHEN '2' THEN '券商' ELSE '第三方' END
FROM ta.tagencyinfo a;
${log('01_dim_fund_agency', 'dw.dim_fund')}`,
  },
  {
    file: '02_dim_cust.sql', description: '客户维度（脱敏）：TA账户 + 客户补充资料 + CRM风险等级', targets: ['dw.dim_cust'],
    sql: `-- 客户维度：姓名、证件号、手机号脱敏后入仓；证件号另存 MD5 供关联
DELETE FROM dw.dim_cust;
WITH crm_risk AS (
  SELECT k.jjzh, k.fxdj, row_number() OVER (PARTITION BY k.jjzh ORDER BY k.cjsj DESC) AS rn
  FROM crm.crm_khxx k
  WHERE k.jjzh IS NOT NULL
)
INSERT INTO dw.dim_cust (cust_no, fund_acct, cust_type, cust_name_mask, id_type, id_no_md5, id_no_mask, mobile_mask,
                         gender, age_band, region_code, risk_level, agency_no)
SELECT a.c_custno,
       a.c_fundacco,
       CASE a.c_custtype WHEN '1' THEN '个人' ELSE '机构' END,
       CASE WHEN a.c_custtype = '1' THEN overlay(a.c_custname PLACING '*' FROM 2 FOR 1) ELSE a.c_custname END,
       a.c_identitytype,
       md5(a.c_identityno),
       CASE WHEN length(a.c_identityno) = 18 THEN overlay(a.c_identityno PLACING '********' FROM 7 FOR 8)
            ELSE regexp_replace(a.c_identityno, '.', '*', 'g') END,
       overlay(e.c_mobiletelno PLACING '****' FROM 4 FOR 4),
       e.c_sex,
       CASE WHEN e.d_birthday IS NULL THEN NULL
            WHEN date_part('year', age(DATE '2024-06-28', e.d_birthday)) < 30 THEN '<30'
            WHEN date_part('year', age(DATE '2024-06-28', e.d_birthday)) < 45 THEN '30-44'
            WHEN date_part('year', age(DATE '2024-06-28', e.d_birthday)) < 60 THEN '45-59'
            ELSE '60+' END,
       CASE a.c_identitytype WHEN '0' THEN substr(a.c_identityno, 1, 6) WHEN '8' THEN substr(a.c_identityno, 3, 6) END,
       r.fxdj,
       a.c_agencyno
FROM ta.taccoinfo a
JOIN ta.tcustextinfo e ON e.c_fundacco = a.c_fundacco
LEFT JOIN crm_risk r ON r.jjzh = a.c_fundacco AND r.rn = 1;
${log('02_dim_cust', 'dw.dim_cust')}`,
  },
  {
    file: '03_fact_cust_hold_d.sql', description: '客户持仓日快照：TA份额 × 估值单位净值', targets: ['dw.fact_cust_hold_d'],
    sql: `DELETE FROM dw.fact_cust_hold_d;
INSERT INTO dw.fact_cust_hold_d (etl_dt, fund_acct, fund_code, cust_no, agency_no, hold_share, nav, hold_amt)
SELECT s.d_cdate,
       s.c_fundacco,
       s.c_fundcode,
       a.c_custno,
       s.c_agencyno,
       s.f_realshares,
       j.en_dwjz,
       round(s.f_realshares * j.en_dwjz, 2)
FROM ta.tstaticshares s
JOIN ta.taccoinfo a ON a.c_fundacco = s.c_fundacco
LEFT JOIN valuation.tgz_jzxx j ON j.c_jjdm = s.c_fundcode AND j.d_ywrq = s.d_cdate
WHERE s.f_realshares > 0;
${log('03_fact_cust_hold_d', 'dw.fact_cust_hold_d')}`,
  },
  {
    file: '04_fact_fund_scale_d.sql', description: '基金规模日汇总：按基金、日期汇总TA份额与持有人户数', targets: ['dw.fact_fund_scale_d'],
    sql: `DELETE FROM dw.fact_fund_scale_d;
WITH shares AS (
  SELECT s.d_cdate,
         s.c_fundcode,
         sum(s.f_realshares) AS total_share,
         count(DISTINCT s.c_fundacco) AS holder_cnt,
         sum(CASE WHEN a.c_custtype = '0' THEN s.f_realshares ELSE 0 END) AS inst_share
  FROM ta.tstaticshares s
  JOIN ta.taccoinfo a ON a.c_fundacco = s.c_fundacco
  GROUP BY s.d_cdate, s.c_fundcode
)
INSERT INTO dw.fact_fund_scale_d (stat_dt, fund_code, total_share, total_asset, holder_cnt, inst_share_ratio)
SELECT sh.d_cdate,
       sh.c_fundcode,
       sh.total_share,
       round(sh.total_share * j.en_dwjz, 2),
       sh.holder_cnt,
       CASE WHEN sh.total_share = 0 THEN 0 ELSE round(sh.inst_share / sh.total_share, 4) END
FROM shares sh
LEFT JOIN valuation.tgz_jzxx j ON j.c_jjdm = sh.c_fundcode AND j.d_ywrq = sh.d_cdate;
${log('04_fact_fund_scale_d', 'dw.fact_fund_scale_d')}`,
  },
  {
    file: '05_fact_trade_confirm.sql', description: '交易确认事实表', targets: ['dw.fact_trade_confirm'],
    sql: `DELETE FROM dw.fact_trade_confirm;
INSERT INTO dw.fact_trade_confirm (confirm_no, confirm_date, busi_code, busi_name, fund_code, agency_no, cust_no,
                                   confirm_amt, confirm_share, fee_amt)
SELECT c.c_cserialno,
       c.d_cdate,
       c.c_businflag,
       coalesce(d.c_caption, '其他'),
       c.c_fundcode,
       c.c_agencyno,
       a.c_custno,
       c.f_confirmbalance,
       CASE WHEN c.c_businflag = '024' THEN -c.f_confirmshares ELSE c.f_confirmshares END,
       c.f_totalfare
FROM ta.tconfirm c
JOIN ta.taccoinfo a ON a.c_fundacco = c.c_fundacco
LEFT JOIN ta.tdictionary d ON d.l_keyno = 1003 AND d.c_keyvalue = c.c_businflag
WHERE c.c_returncode = '0000';
${log('05_fact_trade_confirm', 'dw.fact_trade_confirm')}`,
  },
  {
    file: '06_fact_position_d.sql', description: '组合持仓日快照：投资系统持仓 + 估值市值，持仓占比与排名（窗口函数）', targets: ['dw.fact_position_d'],
    sql: `DELETE FROM dw.fact_position_d;
INSERT INTO dw.fact_position_d (biz_date, fund_code, sec_code, sec_name, hold_qty, mkt_value, weight, rank_in_fund)
SELECT p.biz_date,
       p.fund_code,
       p.sec_code,
       s.sec_name,
       p.hold_qty,
       z.en_sz,
       round(z.en_sz / nullif(sum(z.en_sz) OVER (PARTITION BY p.fund_code, p.biz_date), 0), 6),
       rank() OVER (PARTITION BY p.fund_code, p.biz_date ORDER BY z.en_sz DESC)
FROM invest.inv_position p
JOIN invest.inv_security s ON s.sec_code = p.sec_code
JOIN valuation.tgz_zqcc z ON z.c_jjdm = p.fund_code AND z.d_ywrq = p.biz_date AND z.c_zqdm = p.sec_code;
${log('06_fact_position_d', 'dw.fact_position_d')}`,
  },
];
