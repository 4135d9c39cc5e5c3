// Files of the demo estate: GBK exchange CSVs, a UTF-8-with-BOM NAV disclosure, vendor-style
// Oracle DDL (O32-style investment, TA 4.0) and a mysqldump of the website/direct-sales database.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { DemoData, Row } from './model.ts';
import { SNAPSHOT_DATES, BUSINESS_CODES } from './model.ts';
import { TA_TABLES, type TableDef } from './tables.ts';

export interface DemoFile { id: string; name: string; system: string; relPath: string; kind: 'csv' | 'ddl'; encoding?: 'GBK' | 'UTF-8-BOM'; delimiter?: string; dialect?: 'oracle' | 'mysql' }

const ID_TYPE_NAMES: Record<string, string> = { '0': '身份证', '1': '护照', '4': '港澳居民来往内地通行证', '8': '统一社会信用代码' };

function csv(fields: string[], data: (string | number | null)[][], delimiter = ','): string {
  return Papa.unparse({ fields, data }, { delimiter, newline: '\r\n' }) + '\r\n';
}

async function put(dir: string, rel: string, content: string | Buffer): Promise<void> {
  const p = join(dir, rel);
  await mkdir(dirname(p), { recursive: true });
  await writeFile(p, content);
}

/** Writes every demo file under `dir`; returns their descriptions (paths relative to `dir`). */
export async function writeDemoFiles(dir: string, data: DemoData): Promise<DemoFile[]> {
  const files: DemoFile[] = [];
  const last = SNAPSHOT_DATES[SNAPSHOT_DATES.length - 1].replaceAll('-', '');
  const byAcct = new Map(data.customers.map((c) => [c.fundAcco, c]));

  // TA → 招商银行 confirmation file (GBK, CRLF), the kind a TA sends each distributor every day.
  const confirmRel = `exchange/TA_CONFIRM_007_${last}.csv`;
  const confirms = data.tables['ta.tconfirm'].filter((r) => r.c_agencyno === '007');
  await put(dir, confirmRel, iconv.encode(csv(
    ['确认流水号', '确认日期', '销售机构代码', '基金账号', '交易账号', '投资者名称', '证件类型', '证件号码', '基金代码', '业务代码', '业务名称', '确认金额', '确认份额', '单位净值', '手续费', '返回码'],
    confirms.map((r: Row) => {
      const c = byAcct.get(String(r.c_fundacco))!;
      return [r.c_cserialno, String(r.d_cdate).replaceAll('-', ''), r.c_agencyno, r.c_fundacco, r.c_tradeacco, c.name, ID_TYPE_NAMES[c.idType], c.idNo,
        r.c_fundcode, r.c_businflag, BUSINESS_CODES[String(r.c_businflag)], r.f_confirmbalance, r.f_confirmshares, r.f_netvalue, r.f_totalfare, r.c_returncode] as (string | number | null)[];
    }),
  ), 'gbk'));
  files.push({ id: 'file-ta-confirm-007', name: 'TA确认文件（招商银行）', system: 'TA', relPath: confirmRel, kind: 'csv', encoding: 'GBK', delimiter: ',' });

  // 天天基金 → TA account-opening file (GBK, '|' delimited).
  const acctRel = `exchange/AGENCY_ACCOUNT_020_${last}.csv`;
  const agencyCustomers = data.customers.filter((c) => c.agency === '020');
  await put(dir, acctRel, iconv.encode(csv(
    ['申请单编号', '销售人代码', '交易账号', '基金账号', '投资者名称', '证件类型', '证件号码', '手机号码', '通讯地址', '邮政编码', '银行账号', '开户银行', '申请日期'],
    agencyCustomers.map((c, i) => [`020${last}${String(i + 1).padStart(8, '0')}`, '020', c.tradeAcco, c.fundAcco, c.name, ID_TYPE_NAMES[c.idType], c.idNo,
      c.mobile, c.address, c.region.zip, c.bank.card, c.bank.branch, c.openDate.replaceAll('-', '')]),
    '|',
  ), 'gbk'));
  files.push({ id: 'file-agency-account-020', name: '销售机构账户申请文件（天天基金）', system: 'TA', relPath: acctRel, kind: 'csv', encoding: 'GBK', delimiter: '|' });

  // NAV disclosure (public), UTF-8 with BOM as spreadsheet users expect.
  const navRel = `disclosure/fund_nav_${last}.csv`;
  const names = new Map(data.funds.map((fd) => [fd.code, fd.name]));
  await put(dir, navRel, '\ufeff' + csv(
    ['基金代码', '基金名称', '净值日期', '单位净值', '累计净值', '日增长率(%)'],
    data.tables['valuation.tgz_jzxx'].map((r) => [r.c_jjdm, names.get(String(r.c_jjdm))!, r.d_ywrq, r.en_dwjz, r.en_ljjz, r.en_rzzl] as (string | number | null)[]),
  ));
  files.push({ id: 'file-fund-nav', name: '基金净值披露文件', system: '信息披露', relPath: navRel, kind: 'csv', encoding: 'UTF-8-BOM', delimiter: ',' });

  await put(dir, 'ddl/o32_trade_oracle.sql', O32_ORACLE_DDL);
  files.push({ id: 'ddl-o32', name: 'O32投资交易系统DDL（Oracle）', system: '投资', relPath: 'ddl/o32_trade_oracle.sql', kind: 'ddl', dialect: 'oracle' });
  await put(dir, 'ddl/ta4_oracle.sql', ta4OracleDdl());
  files.push({ id: 'ddl-ta4', name: 'TA4.0注册登记系统DDL（Oracle）', system: 'TA', relPath: 'ddl/ta4_oracle.sql', kind: 'ddl', dialect: 'oracle' });
  await put(dir, 'ddl/website_mysql.sql', WEBSITE_MYSQL_DUMP);
  files.push({ id: 'ddl-website', name: '官网及网上直销系统DDL（MySQL）', system: '直销', relPath: 'ddl/website_mysql.sql', kind: 'ddl', dialect: 'mysql' });
  return files;
}

function oracleType(pgType: string): string {
  const m = /^(\w+)(?:\((\d+)(?:,(\d+))?\))?$/.exec(pgType)!;
  const [, base, p, s] = m;
  switch (base) {
    case 'varchar': return `VARCHAR2(${p})`;
    case 'char': return `CHAR(${p})`;
    case 'numeric': return s ? `NUMBER(${p},${s})` : `NUMBER(${p})`;
    case 'integer': return 'NUMBER(10)';
    case 'bigint': case 'bigserial': return 'NUMBER(19)';
    case 'timestamp': return 'TIMESTAMP';
    case 'date': return 'DATE';
    default: return 'CLOB';
  }
}

const oq = (s: string) => `'${s.replaceAll("'", "''")}'`;

function oracleTable(owner: string, tb: TableDef): string {
  const name = `${owner}.${tb.name.toUpperCase()}`;
  const cols = tb.columns.map((c) => `  ${c.name.toUpperCase().padEnd(18)} ${oracleType(c.type)}${c.notNull ? ' NOT NULL' : ''}`);
  if (tb.primaryKey) cols.push(`  CONSTRAINT PK_${tb.name.toUpperCase()} PRIMARY KEY (${tb.primaryKey.map((k) => k.toUpperCase()).join(', ')})`);
  let out = `CREATE TABLE ${name}\n(\n${cols.join(',\n')}\n)\nTABLESPACE TA_DATA;\n`;
  if (tb.comment) out += `COMMENT ON TABLE ${name} IS ${oq(tb.comment)};\n`;
  for (const c of tb.columns) if (c.comment) out += `COMMENT ON COLUMN ${name}.${c.name.toUpperCase()} IS ${oq(c.comment)};\n`;
  return out;
}

function ta4OracleDdl(): string {
  const dividend: TableDef = {
    schema: 'ta', name: 'tdividenddetail', comment: '分红明细表', primaryKey: ['l_serialno'],
    columns: [
      { name: 'l_serialno', type: 'bigint' }, { name: 'c_fundacco', type: 'varchar(12)', comment: '基金账号', notNull: true },
      { name: 'c_fundcode', type: 'varchar(6)', notNull: true }, { name: 'd_regdate', type: 'date', comment: '权益登记日' },
      { name: 'd_exdividenddate', type: 'date', comment: '除权日' }, { name: 'f_unitprofit', type: 'numeric(10,6)', comment: '每单位分红' },
      { name: 'f_totalprofit', type: 'numeric(16,2)' }, { name: 'f_reinvestshares', type: 'numeric(16,2)', comment: '再投资份额' },
      { name: 'f_tax', type: 'numeric(16,2)' }, { name: 'c_flag', type: 'char(1)' },
    ],
  };
  const frozen: TableDef = {
    schema: 'ta', name: 'tfrozendetail', comment: '份额冻结明细', primaryKey: ['c_frozenserial'],
    columns: [
      { name: 'c_frozenserial', type: 'varchar(20)', comment: '冻结流水号' }, { name: 'c_fundacco', type: 'varchar(12)', comment: '基金账号', notNull: true },
      { name: 'c_fundcode', type: 'varchar(6)', comment: '基金代码' }, { name: 'f_frozenshares', type: 'numeric(16,2)', comment: '冻结份额' },
      { name: 'c_frozencause', type: 'char(1)', comment: '冻结原因' }, { name: 'c_lawno', type: 'varchar(60)', comment: '司法文书编号' },
      { name: 'c_lawdept', type: 'varchar(100)' }, { name: 'd_frozenend', type: 'date', comment: '冻结截止日期' },
    ],
  };
  const tables = [...TA_TABLES.filter((t) => ['tfundinfo', 'taccoinfo', 'tcustextinfo', 'taccobank', 'tstaticshares', 'tconfirm'].includes(t.name)), dividend, frozen];
  return `-- ============================================================
-- TA 4.0 注册登记系统 数据库结构导出
-- 导出用户: TA4    字符集: ZHS16GBK
-- ============================================================
${tables.map((t) => oracleTable('TA4', t)).join('\n')}
CREATE INDEX TA4.IDX_TCONFIRM_CDATE ON TA4.TCONFIRM (D_CDATE, C_FUNDCODE) TABLESPACE TA_INDEX;
CREATE SEQUENCE TA4.SEQ_DIVIDEND START WITH 1 INCREMENT BY 1 NOCACHE;

-- 日终份额汇总过程（非DDL，导入元数据时应跳过）
CREATE OR REPLACE PROCEDURE TA4.SP_DAYEND_SHARES(p_date IN DATE) AS
  v_cnt NUMBER := 0;
BEGIN
  DELETE FROM TA4.TSTATICSHARES WHERE D_CDATE = p_date;
  INSERT INTO TA4.TSTATICSHARES (D_CDATE, C_FUNDACCO, C_FUNDCODE, F_REALSHARES)
    SELECT p_date, C_FUNDACCO, C_FUNDCODE,
           SUM(DECODE(C_BUSINFLAG, '024', -F_CONFIRMSHARES, F_CONFIRMSHARES))
      FROM TA4.TCONFIRM
     WHERE D_CDATE <= p_date
     GROUP BY C_FUNDACCO, C_FUNDCODE;
  v_cnt := SQL%ROWCOUNT;
  COMMIT;
EXCEPTION
  WHEN OTHERS THEN
    ROLLBACK;
    RAISE_APPLICATION_ERROR(-20001, '日终份额汇总失败: ' || SQLERRM);
END SP_DAYEND_SHARES;
/

GRANT SELECT ON TA4.TSTATICSHARES TO DW_READER;
`;
}

const O32_ORACLE_DDL = `-- ------------------------------------------------------------
-- 投资交易管理系统(O32) 表结构  owner: TRADE
-- generated by PL/SQL Developer, 2024-06-28
-- ------------------------------------------------------------
prompt Creating TSTOCKINFO...
CREATE TABLE TRADE.TSTOCKINFO
(
  VC_INTER_CODE      VARCHAR2(16) NOT NULL,
  VC_REPORT_CODE     VARCHAR2(32) NOT NULL,
  VC_STOCK_NAME      VARCHAR2(64),
  C_MARKET_NO        CHAR(1),
  C_STOCK_TYPE       CHAR(1),
  VC_ISIN            VARCHAR2(12),
  C_STOP_FLAG        CHAR(1) DEFAULT '0',
  L_MODIFY_DATE      NUMBER(8)
);
COMMENT ON TABLE TRADE.TSTOCKINFO IS '证券信息表';
COMMENT ON COLUMN TRADE.TSTOCKINFO.VC_INTER_CODE IS '证券内码';
COMMENT ON COLUMN TRADE.TSTOCKINFO.VC_REPORT_CODE IS '申报代码';
COMMENT ON COLUMN TRADE.TSTOCKINFO.VC_STOCK_NAME IS '证券名称';
COMMENT ON COLUMN TRADE.TSTOCKINFO.C_MARKET_NO IS '交易市场';
COMMENT ON COLUMN TRADE.TSTOCKINFO.VC_ISIN IS 'ISIN代码';
ALTER TABLE TRADE.TSTOCKINFO ADD CONSTRAINT PK_TSTOCKINFO PRIMARY KEY (VC_INTER_CODE);

prompt Creating TENTRUSTS...
CREATE TABLE TRADE.TENTRUSTS
(
  L_DATE               NUMBER(8) NOT NULL,
  L_ENTRUST_SERIAL_NO  NUMBER(10) NOT NULL,
  L_FUND_ID            NUMBER(10),
  L_BASACCOUNT_ID      NUMBER(10),
  VC_INTER_CODE        VARCHAR2(16),
  VC_REPORT_CODE       VARCHAR2(32),
  C_ENTRUST_DIRECTION  CHAR(1),
  EN_ENTRUST_AMOUNT    NUMBER(18,2),
  EN_ENTRUST_PRICE     NUMBER(18,4),
  EN_ENTRUST_BALANCE   NUMBER(18,2),
  C_MARKET_NO          CHAR(1),
  VC_STOCKHOLDER_ID    VARCHAR2(20),
  L_OPERATOR_NO        NUMBER(8),
  VC_BATCH_NO          VARCHAR2(16),
  C_ENTRUST_STATUS     CHAR(1),
  L_ENTRUST_TIME       NUMBER(6)
);
COMMENT ON TABLE TRADE.TENTRUSTS IS '委托表';
COMMENT ON COLUMN TRADE.TENTRUSTS.L_DATE IS '委托日期';
COMMENT ON COLUMN TRADE.TENTRUSTS.L_ENTRUST_SERIAL_NO IS '委托序号';
COMMENT ON COLUMN TRADE.TENTRUSTS.VC_REPORT_CODE IS '申报代码';
COMMENT ON COLUMN TRADE.TENTRUSTS.C_ENTRUST_DIRECTION IS '委托方向';
COMMENT ON COLUMN TRADE.TENTRUSTS.EN_ENTRUST_PRICE IS '委托价格';
COMMENT ON COLUMN TRADE.TENTRUSTS.C_MARKET_NO IS '交易市场';
COMMENT ON COLUMN TRADE.TENTRUSTS.VC_STOCKHOLDER_ID IS '股东代码';
COMMENT ON COLUMN TRADE.TENTRUSTS.VC_BATCH_NO IS '批号';
ALTER TABLE TRADE.TENTRUSTS ADD CONSTRAINT PK_TENTRUSTS PRIMARY KEY (L_DATE, L_ENTRUST_SERIAL_NO);
CREATE INDEX TRADE.IDX_TENTRUSTS_FUND ON TRADE.TENTRUSTS (L_FUND_ID, L_DATE);

prompt Creating TREALDEAL...
CREATE TABLE TRADE.TREALDEAL
(
  L_DATE               NUMBER(8) NOT NULL,
  VC_DEAL_NO           VARCHAR2(32) NOT NULL,
  L_ENTRUST_SERIAL_NO  NUMBER(10),
  L_FUND_ID            NUMBER(10),
  VC_REPORT_CODE       VARCHAR2(32),
  C_ENTRUST_DIRECTION  CHAR(1),
  EN_DEAL_AMOUNT       NUMBER(18,2),
  EN_DEAL_PRICE        NUMBER(18,4),
  EN_DEAL_BALANCE      NUMBER(18,2),
  EN_FEE               NUMBER(18,2),
  L_DEAL_TIME          NUMBER(6)
);
COMMENT ON TABLE TRADE.TREALDEAL IS '成交回报表';
COMMENT ON COLUMN TRADE.TREALDEAL.VC_DEAL_NO IS '成交编号';
COMMENT ON COLUMN TRADE.TREALDEAL.L_ENTRUST_SERIAL_NO IS '委托序号';
COMMENT ON COLUMN TRADE.TREALDEAL.VC_REPORT_CODE IS '申报代码';
COMMENT ON COLUMN TRADE.TREALDEAL.L_DEAL_TIME IS '成交时间';
ALTER TABLE TRADE.TREALDEAL ADD CONSTRAINT PK_TREALDEAL PRIMARY KEY (L_DATE, VC_DEAL_NO);

prompt Creating TUNITSTOCK...
CREATE TABLE TRADE.TUNITSTOCK
(
  L_FUND_ID            NUMBER(10) NOT NULL,
  L_BASACCOUNT_ID      NUMBER(10) NOT NULL,
  VC_INTER_CODE        VARCHAR2(16) NOT NULL,
  L_CURRENT_AMOUNT     NUMBER(18,2),
  L_FROZEN_AMOUNT      NUMBER(18,2),
  EN_UNTRANSFERED_INVEST NUMBER(18,2),
  EN_UNTRANSFERED_FARE NUMBER(18,2)
);
COMMENT ON TABLE TRADE.TUNITSTOCK IS '单元证券持仓';
COMMENT ON COLUMN TRADE.TUNITSTOCK.L_CURRENT_AMOUNT IS '当前数量';
COMMENT ON COLUMN TRADE.TUNITSTOCK.L_FROZEN_AMOUNT IS '冻结数量';

prompt Creating TOPERATOR...
CREATE TABLE TRADE.TOPERATOR
(
  L_OPERATOR_NO        NUMBER(8) NOT NULL,
  VC_OPERATOR_NAME     VARCHAR2(32),
  VC_PASSWORD          VARCHAR2(64),
  C_OPERATOR_STATUS    CHAR(1),
  VC_MOBILE            VARCHAR2(16),
  L_LAST_LOGIN_DATE    NUMBER(8)
);
COMMENT ON TABLE TRADE.TOPERATOR IS '操作员表';
COMMENT ON COLUMN TRADE.TOPERATOR.L_OPERATOR_NO IS '操作员编号';
COMMENT ON COLUMN TRADE.TOPERATOR.VC_OPERATOR_NAME IS '操作员姓名';
COMMENT ON COLUMN TRADE.TOPERATOR.C_OPERATOR_STATUS IS '状态';
ALTER TABLE TRADE.TOPERATOR ADD CONSTRAINT PK_TOPERATOR PRIMARY KEY (L_OPERATOR_NO);

CREATE SEQUENCE TRADE.SEQ_ENTRUST_SERIAL MINVALUE 1 MAXVALUE 9999999999 START WITH 1 INCREMENT BY 1 CACHE 100;

prompt Creating procedure SP_ARCHIVE_ENTRUSTS...
CREATE OR REPLACE PROCEDURE TRADE.SP_ARCHIVE_ENTRUSTS(p_date IN NUMBER) IS
  CURSOR c_old IS SELECT L_DATE, L_ENTRUST_SERIAL_NO FROM TRADE.TENTRUSTS WHERE L_DATE < p_date;
BEGIN
  FOR r IN c_old LOOP
    INSERT INTO TRADE.THISENTRUSTS SELECT * FROM TRADE.TENTRUSTS
     WHERE L_DATE = r.L_DATE AND L_ENTRUST_SERIAL_NO = r.L_ENTRUST_SERIAL_NO;
  END LOOP;
  DELETE FROM TRADE.TENTRUSTS WHERE L_DATE < p_date;
  COMMIT;
END;
/
`;

const WEBSITE_MYSQL_DUMP = `-- MySQL dump 10.13  Distrib 5.7.44, for Linux (x86_64)
--
-- Host: 10.20.8.31    Database: dx_website
-- ------------------------------------------------------
-- Server version\t5.7.44-log

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;

--
-- Table structure for table \`ds_user_account\`
--

DROP TABLE IF EXISTS \`ds_user_account\`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8 */;
CREATE TABLE \`ds_user_account\` (
  \`user_id\` bigint(20) NOT NULL AUTO_INCREMENT COMMENT '自增主键',
  \`cust_no\` varchar(20) NOT NULL COMMENT '客户号',
  \`name\` varchar(64) DEFAULT NULL,
  \`login_name\` varchar(64) NOT NULL COMMENT '登录名',
  \`login_pwd\` varchar(128) NOT NULL COMMENT '登录密码',
  \`trade_pwd\` varchar(128) DEFAULT NULL COMMENT '交易密码(SM3加盐)',
  \`pwd_salt\` varchar(32) DEFAULT NULL,
  \`mobile\` varchar(11) DEFAULT NULL COMMENT '手机号',
  \`id_no\` varchar(18) DEFAULT NULL COMMENT '证件号码',
  \`last_login_ip\` varchar(45) DEFAULT NULL COMMENT '最后登录IP',
  \`acct_status\` tinyint(4) NOT NULL DEFAULT '0' COMMENT '状态:0正常1冻结2销户',
  \`created_at\` datetime DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (\`user_id\`),
  UNIQUE KEY \`uk_login_name\` (\`login_name\`),
  KEY \`idx_cust_no\` (\`cust_no\`)
) ENGINE=InnoDB AUTO_INCREMENT=208841 DEFAULT CHARSET=utf8mb4 COMMENT='网上直销用户账户';
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table \`ds_bank_card\`
--

DROP TABLE IF EXISTS \`ds_bank_card\`;
CREATE TABLE \`ds_bank_card\` (
  \`id\` bigint(20) NOT NULL AUTO_INCREMENT,
  \`custNo\` varchar(20) NOT NULL COMMENT '客户号',
  \`bankCode\` varchar(4) DEFAULT NULL COMMENT '银行编码',
  \`bankCardNo\` varchar(32) NOT NULL COMMENT '银行卡号',
  \`cardHolder\` varchar(64) DEFAULT NULL,
  \`reservedMobile\` varchar(11) DEFAULT NULL COMMENT '银行预留手机号',
  \`protocolNo\` varchar(40) DEFAULT NULL,
  \`bindStatus\` char(1) NOT NULL DEFAULT '1' COMMENT '绑定状态',
  PRIMARY KEY (\`id\`),
  KEY \`idx_custNo\` (\`custNo\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='银行卡绑定';

--
-- Table structure for table \`ds_trade_apply\`
--

DROP TABLE IF EXISTS \`ds_trade_apply\`;
CREATE TABLE \`ds_trade_apply\` (
  \`app_serial_no\` varchar(18) NOT NULL COMMENT '申请流水号',
  \`cust_no\` varchar(20) NOT NULL COMMENT '客户号',
  \`fund_acct\` varchar(12) DEFAULT NULL COMMENT '基金账号',
  \`fund_code\` char(6) NOT NULL COMMENT '基金代码',
  \`busi_code\` char(3) NOT NULL COMMENT '业务代码',
  \`apply_amt\` decimal(16,2) DEFAULT NULL,
  \`apply_share\` decimal(16,2) DEFAULT NULL,
  \`client_ip\` varchar(45) DEFAULT NULL COMMENT '客户端IP',
  \`device_id\` varchar(64) DEFAULT NULL COMMENT '设备指纹',
  \`remark\` varchar(256) DEFAULT NULL,
  \`apply_time\` datetime NOT NULL,
  PRIMARY KEY (\`app_serial_no\`),
  KEY \`idx_cust_fund\` (\`cust_no\`,\`fund_code\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='直销交易申请';

--
-- Table structure for table \`ds_risk_assess\`
--

DROP TABLE IF EXISTS \`ds_risk_assess\`;
CREATE TABLE \`ds_risk_assess\` (
  \`assess_id\` bigint(20) NOT NULL AUTO_INCREMENT,
  \`cust_no\` varchar(20) NOT NULL COMMENT '客户号',
  \`paper_code\` varchar(16) DEFAULT NULL COMMENT '问卷编号',
  \`answers\` json DEFAULT NULL COMMENT '答题结果',
  \`score\` int(11) DEFAULT NULL COMMENT '测评得分',
  \`risk_level\` char(2) DEFAULT NULL,
  \`assess_time\` datetime DEFAULT NULL,
  \`expire_date\` date DEFAULT NULL COMMENT '有效期至',
  PRIMARY KEY (\`assess_id\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='风险承受能力测评';

--
-- Table structure for table \`web_news\`
--

DROP TABLE IF EXISTS \`web_news\`;
CREATE TABLE \`web_news\` (
  \`news_id\` int(11) NOT NULL AUTO_INCREMENT,
  \`title\` varchar(300) NOT NULL COMMENT '标题',
  \`fund_code\` char(6) DEFAULT NULL COMMENT '基金代码',
  \`publish_date\` date DEFAULT NULL COMMENT '发布日期',
  \`content_html\` mediumtext,
  \`audit_status\` char(1) DEFAULT '0' COMMENT '审核状态',
  PRIMARY KEY (\`news_id\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='官网资讯公告';

--
-- Dumping data for table \`web_news\`
--

LOCK TABLES \`web_news\` WRITE;
/*!40000 ALTER TABLE \`web_news\` DISABLE KEYS */;
INSERT INTO \`web_news\` VALUES (1,'关于旗下基金调整估值方法的公告',NULL,'2024-06-20','<p>根据有关规定……</p>','1'),(2,'鼎信基金关于暂停大额申购业务的公告',NULL,'2024-06-25','<p>为保护基金份额持有人利益……</p>','1');
/*!40000 ALTER TABLE \`web_news\` ENABLE KEYS */;
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;

-- Dump completed on 2024-06-28 18:02:11
`;
