// SQL lineage throughput: statements per second parsed + extracted (extractLineage) for a
// realistic ETL mix, per dialect, against the bare parser on the same text in the same run.
// Prints one JSON line.
import { register } from 'tsx/esm/api';
register();
const { extractLineage, loadPostgresParser } = await import('../lineage/parse/index.ts');
const { parseSync } = await import('libpg-query');
const { default: sqlParser } = await import('node-sql-parser');

const COMMON = (i) => [
  `INSERT INTO dw.fund_position_${i} (fund_code, trade_date, total_shares, holders) SELECT f.fund_code, s.trade_date, SUM(s.share_balance), COUNT(DISTINCT s.client_id) FROM ta.share_balance s JOIN ta.fund f ON f.fund_id = s.fund_id WHERE s.status = 'N' AND s.trade_date >= '2024-01-01' GROUP BY f.fund_code, s.trade_date HAVING SUM(s.share_balance) > 0`,
  `CREATE TABLE rpt.client_mask_${i} AS SELECT c.client_id, CONCAT(LEFT(c.id_no, 6), '********', RIGHT(c.id_no, 4)) AS id_no_mask, md5(c.mobile) AS mobile_hash, CASE WHEN c.risk_level >= 4 THEN 'high' ELSE 'normal' END AS risk_band FROM crm.client c WHERE c.closed = 0`,
  `INSERT INTO dw.nav_rank_${i} (fund_code, nav_date, nav, rn, avg_nav) WITH v AS (SELECT fund_code, nav_date, unit_nav AS nav FROM val.nav WHERE nav_date > '2024-06-30') SELECT fund_code, nav_date, nav, ROW_NUMBER() OVER (PARTITION BY fund_code ORDER BY nav DESC), AVG(nav) OVER (PARTITION BY fund_code) FROM v`,
  `INSERT INTO dw.contact_${i} (name, phone) SELECT p.name, p.mobile FROM crm.person p WHERE p.id IN (SELECT client_id FROM ta.account WHERE opened > '2020-01-01') UNION ALL SELECT o.org_name, o.phone FROM crm.org o`,
];
const PG_ONLY = (i) => [
  `MERGE INTO dw.holding_${i} t USING val.holding s ON t.fund_code = s.fund_code AND t.sec_code = s.sec_code WHEN MATCHED THEN UPDATE SET qty = s.qty, mv = s.qty * s.price WHEN NOT MATCHED THEN INSERT (fund_code, sec_code, qty, mv) VALUES (s.fund_code, s.sec_code, s.qty, s.qty * s.price)`,
  `UPDATE dw.account_${i} a SET balance = a.balance + p.amount FROM ta.payment p WHERE p.account_id = a.id AND p.posted`,
];
const MY_ONLY = (i) => [
  `UPDATE dw.account_${i} a JOIN ta.payment p ON p.account_id = a.id SET a.balance = a.balance + p.amount WHERE p.posted = 1`,
];

function script(dialect, n) {
  const out = [];
  for (let i = 0; out.length < n; i++) out.push(...COMMON(i), ...(dialect === 'postgres' ? PG_ONLY(i) : MY_ONLY(i)));
  return out.slice(0, n);
}

async function measure(dialect, n) {
  const stmts = script(dialect, n);
  const text = stmts.join(';\n') + ';\n';
  const parser = new sqlParser.Parser();
  const bare = dialect === 'postgres' ? () => parseSync(text) : () => { for (const s of stmts) parser.astify(s, { database: 'mysql' }); };
  // warm up
  bare();
  await extractLineage(text, { dialect, includeSql: false });
  let t = performance.now();
  const r = await extractLineage(text, { dialect, includeSql: false });
  const extractMs = performance.now() - t;
  t = performance.now();
  bare();
  const parseMs = performance.now() - t;
  if (r.problems.length) throw new Error(`${dialect}: unexpected problems ${JSON.stringify(r.problems.slice(0, 3))}`);
  return {
    statements: r.statements, edges: r.edges.length,
    stmtPerSec: Math.round(r.statements / (extractMs / 1000)),
    bareParserStmtPerSec: Math.round(stmts.length / (parseMs / 1000)),
    overheadX: +(extractMs / parseMs).toFixed(2),
  };
}

await loadPostgresParser();
const N = Number(process.env.N ?? 3000);
const postgres = await measure('postgres', N);
const mysql = await measure('mysql', N);
console.log(JSON.stringify({ bench: 'lineage-parse', unit: 'statements/s (parse + extract)', reference: 'bare parser on the same statements, same run', postgres, mysql }));
