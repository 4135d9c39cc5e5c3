// A small harvested catalogue for lineage tests: a TA source and a warehouse source.
import { GrafeoGraph } from '../../catalog/graph/grafeo.ts';
import { migrate } from '../../catalog/migrations.ts';
import { applyHarvest, upsertSource } from '../../catalog/assets.ts';
import { columnId, datasetId } from '../../catalog/ids.ts';
import type { Graph } from '../../catalog/graph/port.ts';
import type { HarvestedDataset } from '../../catalog/types.ts';

const col = (name: string, ordinal: number, dataType = 'text') => ({
  name, ordinal, dataType, baseType: dataType.replace(/\(.*$/, '').toUpperCase(), nullable: true,
});

export const TA: HarvestedDataset[] = [
  { schema: 'ta', name: 'customer', kind: 'table', columns: ['cust_id', 'id_no', 'name', 'mobile', 'branch'].map((c, i) => col(c, i + 1)) },
  { schema: 'ta', name: 'shares', kind: 'table', columns: [col('cust_id', 1), col('fund_code', 2), col('share_bal', 3, 'numeric(18,2)'), col('d_cdate', 4, 'date')] },
];

export const DW: HarvestedDataset[] = [
  { schema: 'dw', name: 'dim_cust', kind: 'table', columns: ['cust_id', 'id_no_masked', 'name', 'mobile'].map((c, i) => col(c, i + 1)) },
  { schema: 'dw', name: 'fund_scale', kind: 'table', columns: [col('fund_code', 1), col('stat_dt', 2, 'date'), col('total_share', 3, 'numeric(18,2)')] },
  { schema: 'dw', name: 'v_cust', kind: 'view', columns: [col('cust_id', 1), col('cust_name', 2)], viewSql: 'SELECT c.cust_id, c.name FROM dw.dim_cust c' },
];

export const ETL_SQL = `-- warehouse load
INSERT INTO dw.dim_cust (cust_id, id_no_masked, name, mobile)
SELECT cust_id, md5(id_no), name, mobile FROM ta.customer;

INSERT INTO dw.fund_scale (fund_code, stat_dt, total_share)
SELECT fund_code, d_cdate, sum(share_bal) FROM ta.shares GROUP BY fund_code, d_cdate;
`;

export const cid = (sourceId: string, schema: string, table: string, column: string) => columnId(datasetId(sourceId, schema, table), column);

export async function smallCatalogue(): Promise<Graph> {
  const graph = GrafeoGraph.open(null);
  await migrate(graph);
  for (const [id, system, ds] of [['src-ta', 'TA', TA], ['src-dw', '数仓', DW]] as const) {
    await upsertSource(graph, { id, name: id, system, kind: 'postgres', schemas: null, path: null, dialect: null, connectionEnc: null });
    await applyHarvest(graph, id, ds, [], []);
  }
  return graph;
}

export async function setGrade(graph: Graph, id: string, grade: number | null): Promise<void> {
  const rows = await graph.write('MATCH (c:Column {id: $id}) SET c.grade = $grade RETURN c.id AS id', { id, grade });
  if (!rows.length) throw new Error(`no column ${id}`);
}
