// OpenLineage RunEvents of the demo's report jobs reading warehouse tables, with the
// columnLineage facet: two with the current `transformations` list, one with the older
// transformationType/transformationDescription fields that producers still send.
import type { Faker } from '@faker-js/faker';

const PRODUCER = 'https://github.com/OpenLineage/OpenLineage/tree/1.34.0/client/python';
const RUN_EVENT_SCHEMA = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const COLUMN_LINEAGE_SCHEMA = 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet';
const SCHEMA_SCHEMA = 'https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet';
const SQL_SCHEMA = 'https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet';
const JOB_TYPE_SCHEMA = 'https://openlineage.io/spec/facets/2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet';
export const JOB_NAMESPACE = 'dingxin-airflow';
export const REPORT_NAMESPACE = 'file://report-server';

type Tx = { type: 'DIRECT' | 'INDIRECT'; subtype: string; description?: string; masking?: boolean };
type In = { table: string; field: string; tx: Tx[] };

export interface OpenLineageDoc { file: string; job: string; event: Record<string, unknown> }

/** Namespace and dataset-name prefix of the demo database, following OpenLineage naming (postgres://host:port, db.schema.table). */
export function openLineageNaming(pgUrl: string): { namespace: string; database: string } {
  const u = new URL(pgUrl);
  return { namespace: `postgres://${u.hostname}:${u.port || '5432'}`, database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres' };
}

export function demoOpenLineageEvents(f: Faker, naming: { namespace: string; database: string }): OpenLineageDoc[] {
  const { namespace, database } = naming;
  const ds = (table: string) => `${database}.${table}`;
  const schemaFacet = (fields: [string, string][]) => ({ _producer: PRODUCER, _schemaURL: SCHEMA_SCHEMA, fields: fields.map(([name, type]) => ({ name, type })) });
  const input = (table: string, fields: [string, string][]) => ({ namespace, name: ds(table), facets: { schema: schemaFacet(fields) } });
  const lineage = (fields: Record<string, In[]>) => ({
    _producer: PRODUCER, _schemaURL: COLUMN_LINEAGE_SCHEMA,
    fields: Object.fromEntries(Object.entries(fields).map(([out, ins]) => [out, {
      inputFields: ins.map((i) => ({ namespace, name: ds(i.table), field: i.field, transformations: i.tx })),
    }])),
  });
  const job = (name: string, sql: string) => ({
    namespace: JOB_NAMESPACE, name,
    facets: {
      jobType: { _producer: PRODUCER, _schemaURL: JOB_TYPE_SCHEMA, processingType: 'BATCH', integration: 'AIRFLOW', jobType: 'TASK' },
      sql: { _producer: PRODUCER, _schemaURL: SQL_SCHEMA, query: sql },
    },
  });
  const ID: Tx = { type: 'DIRECT', subtype: 'IDENTITY' };
  const JOIN: Tx = { type: 'INDIRECT', subtype: 'JOIN' };
  const FILTER: Tx = { type: 'INDIRECT', subtype: 'FILTER' };
  const AGG: Tx = { type: 'DIRECT', subtype: 'AGGREGATION', description: 'sum' };
  const GROUP: Tx = { type: 'INDIRECT', subtype: 'GROUP_BY' };

  // 1. Monthly fund-scale report (Excel) from the scale fact and the fund dimension.
  const scaleSql = `SELECT f.fund_code, f.fund_name, f.fund_type, s.stat_dt, s.total_share, s.total_asset, s.holder_cnt,
       round(s.total_share / nullif(s.holder_cnt, 0), 2) AS avg_share_per_holder
FROM dw.fact_fund_scale_d s JOIN dw.dim_fund f ON f.fund_code = s.fund_code
WHERE s.stat_dt = DATE '2024-06-28'`;
  const scale = {
    eventType: 'COMPLETE', eventTime: '2024-06-28T20:15:42.318Z',
    run: { runId: f.string.uuid(), facets: {} },
    job: job('report.fund_scale_monthly', scaleSql),
    inputs: [
      input('dw.fact_fund_scale_d', [['stat_dt', 'date'], ['fund_code', 'varchar'], ['total_share', 'numeric'], ['total_asset', 'numeric'], ['holder_cnt', 'integer']]),
      input('dw.dim_fund', [['fund_code', 'varchar'], ['fund_name', 'varchar'], ['fund_type', 'varchar']]),
    ],
    outputs: [{
      namespace: REPORT_NAMESPACE, name: '/reports/monthly/基金规模月报_202406.xlsx',
      facets: {
        schema: schemaFacet([['fund_code', 'string'], ['fund_name', 'string'], ['fund_type', 'string'], ['stat_dt', 'date'], ['total_share', 'decimal'],
          ['total_asset', 'decimal'], ['holder_cnt', 'integer'], ['avg_share_per_holder', 'decimal']]),
        columnLineage: lineage({
          fund_code: [{ table: 'dw.dim_fund', field: 'fund_code', tx: [ID, JOIN] }, { table: 'dw.fact_fund_scale_d', field: 'fund_code', tx: [JOIN] }],
          fund_name: [{ table: 'dw.dim_fund', field: 'fund_name', tx: [ID] }],
          fund_type: [{ table: 'dw.dim_fund', field: 'fund_type', tx: [ID] }],
          stat_dt: [{ table: 'dw.fact_fund_scale_d', field: 'stat_dt', tx: [ID, FILTER] }],
          total_share: [{ table: 'dw.fact_fund_scale_d', field: 'total_share', tx: [ID] }],
          total_asset: [{ table: 'dw.fact_fund_scale_d', field: 'total_asset', tx: [ID] }],
          holder_cnt: [{ table: 'dw.fact_fund_scale_d', field: 'holder_cnt', tx: [ID] }],
          avg_share_per_holder: [
            { table: 'dw.fact_fund_scale_d', field: 'total_share', tx: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', description: 'total_share / holder_cnt' }] },
            { table: 'dw.fact_fund_scale_d', field: 'holder_cnt', tx: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', description: 'total_share / holder_cnt' }] },
          ],
        }),
      },
    }],
    producer: PRODUCER, schemaURL: RUN_EVENT_SCHEMA,
  };

  // 2. Regulatory holdings report (CSV) per customer and fund, customer number masked on the way.
  const regSql = `SELECT overlay(h.cust_no PLACING '****' FROM 4 FOR 4) AS cust_no_mask, c.cust_name_mask, c.id_no_mask, c.risk_level,
       h.fund_code, sum(h.hold_share) AS hold_share, sum(h.hold_amt) AS hold_amt
FROM dw.fact_cust_hold_d h JOIN dw.dim_cust c ON c.cust_no = h.cust_no
WHERE h.etl_dt = DATE '2024-06-28'
GROUP BY h.cust_no, c.cust_name_mask, c.id_no_mask, c.risk_level, h.fund_code`;
  const reg = {
    eventType: 'COMPLETE', eventTime: '2024-06-28T21:02:07.905Z',
    run: { runId: f.string.uuid(), facets: {} },
    job: job('report.regulatory_cust_hold', regSql),
    inputs: [
      input('dw.fact_cust_hold_d', [['etl_dt', 'date'], ['cust_no', 'varchar'], ['fund_code', 'varchar'], ['hold_share', 'numeric'], ['hold_amt', 'numeric']]),
      input('dw.dim_cust', [['cust_no', 'varchar'], ['cust_name_mask', 'varchar'], ['id_no_mask', 'varchar'], ['risk_level', 'char']]),
    ],
    outputs: [{
      namespace: REPORT_NAMESPACE, name: '/reports/regulatory/客户持仓报送_20240628.csv',
      facets: {
        schema: schemaFacet([['cust_no_mask', 'string'], ['cust_name_mask', 'string'], ['id_no_mask', 'string'], ['risk_level', 'string'],
          ['fund_code', 'string'], ['hold_share', 'decimal'], ['hold_amt', 'decimal']]),
        columnLineage: lineage({
          cust_no_mask: [{ table: 'dw.fact_cust_hold_d', field: 'cust_no', tx: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', description: 'overlay mask', masking: true }, GROUP] }],
          cust_name_mask: [{ table: 'dw.dim_cust', field: 'cust_name_mask', tx: [ID] }],
          id_no_mask: [{ table: 'dw.dim_cust', field: 'id_no_mask', tx: [ID] }],
          risk_level: [{ table: 'dw.dim_cust', field: 'risk_level', tx: [ID] }],
          fund_code: [{ table: 'dw.fact_cust_hold_d', field: 'fund_code', tx: [ID, GROUP] }],
          hold_share: [{ table: 'dw.fact_cust_hold_d', field: 'hold_share', tx: [AGG] }, { table: 'dw.fact_cust_hold_d', field: 'etl_dt', tx: [FILTER] }],
          hold_amt: [{ table: 'dw.fact_cust_hold_d', field: 'hold_amt', tx: [AGG] }, { table: 'dw.fact_cust_hold_d', field: 'etl_dt', tx: [FILTER] }],
        }),
      },
    }],
    producer: PRODUCER, schemaURL: RUN_EVENT_SCHEMA,
  };

  // 3. Channel sales report from the agency view, written by an older producer (deprecated fields).
  const salesSql = `SELECT v.agency_no, v.agency_name, v.stat_month, v.sub_amt, v.red_amt, v.sub_amt - v.red_amt AS net_amt
FROM dw.v_agency_sales_m v`;
  const old = (table: string, field: string) => ({ namespace, name: ds(table), field });
  const sales = {
    eventType: 'COMPLETE', eventTime: '2024-07-01T01:30:00.000Z',
    run: { runId: f.string.uuid(), facets: {} },
    job: job('report.channel_sales_monthly', salesSql),
    inputs: [input('dw.v_agency_sales_m', [['agency_no', 'char'], ['agency_name', 'varchar'], ['stat_month', 'date'], ['sub_amt', 'numeric'], ['red_amt', 'numeric']])],
    outputs: [{
      namespace: REPORT_NAMESPACE, name: '/reports/monthly/渠道销售月报_202406.xlsx',
      facets: {
        columnLineage: {
          _producer: PRODUCER, _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet',
          fields: {
            agency_no: { inputFields: [old('dw.v_agency_sales_m', 'agency_no')], transformationType: 'IDENTITY', transformationDescription: 'copied' },
            agency_name: { inputFields: [old('dw.v_agency_sales_m', 'agency_name')], transformationType: 'IDENTITY', transformationDescription: 'copied' },
            stat_month: { inputFields: [old('dw.v_agency_sales_m', 'stat_month')], transformationType: 'IDENTITY', transformationDescription: 'copied' },
            sub_amt: { inputFields: [old('dw.v_agency_sales_m', 'sub_amt')], transformationType: 'IDENTITY', transformationDescription: 'copied' },
            red_amt: { inputFields: [old('dw.v_agency_sales_m', 'red_amt')], transformationType: 'IDENTITY', transformationDescription: 'copied' },
            net_amt: {
              inputFields: [old('dw.v_agency_sales_m', 'sub_amt'), old('dw.v_agency_sales_m', 'red_amt')],
              transformationType: 'TRANSFORMATION', transformationDescription: 'sub_amt - red_amt',
            },
          },
        },
      },
    }],
    producer: PRODUCER, schemaURL: RUN_EVENT_SCHEMA,
  };

  return [
    { file: 'report_fund_scale_monthly.json', job: scale.job.name, event: scale },
    { file: 'report_regulatory_cust_hold.json', job: reg.job.name, event: reg },
    { file: 'report_channel_sales_monthly.json', job: sales.job.name, event: sales },
  ];
}
