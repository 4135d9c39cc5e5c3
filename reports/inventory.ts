// The classification inventory (数据分类分级清单) of a scope: every classified field with its
// category, grade, owner roles, standard, status and last assessment, the category tree and
// summaries per grade, category and system. Rows are read dataset by dataset and written as
// they come (exceljs' streaming WorkbookWriter, pdfkit's page stream), so a large scope never
// sits in memory. Text cells of the workbook carry the invisible mark keyed to the report id.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Graph } from '../catalog/graph/port.ts';
import { loadRuleSet } from '../classifiers/index.ts';
import type { CategoryNode } from '../classifiers/types.ts';
import { createCellMarker, type KeyInput } from '../watermark/index.ts';
import { resolveScope, type ReportScope, type ResolvedScope } from './scope.ts';
import { GRADE_COLOURS, finishPdf, heading, newPdf, paragraph, stackedBars, table } from './pdf.ts';

export interface InventoryRow {
  system: string;
  sourceId: string;
  datasetPath: string;
  columnId: string;
  column: string;
  dataType: string;
  description: string | null;
  categoryId: string | null;
  categoryPath: string | null;
  grade: number;
  status: string;
  owner: string | null;
  custodian: string | null;
  reportingChecker: string | null;
  consumers: string[];
  standardCode: string | null;
  conformance: string | null;
  assessedAt: string | null;
  assessedBy: string | null;
}

export interface InventorySummary {
  columns: number;
  unclassified: number;
  byGrade: Record<number, number>;
  byCategory: Map<string, number>;
  bySystem: Map<string, { columns: number; byGrade: number[]; confirmed: number; conformance: Record<'conforming' | 'partial' | 'nonconforming' | 'unmapped', number> }>;
}

export interface ReportMeta {
  reportId: string;
  actor: string;
  generatedAt: string;
  watermarkKey: KeyInput;
}

export type Progress = (done: number, total: number, current?: string | null) => void;

const Q_DATASETS = `
MATCH (d:Dataset {sourceId: $sourceId})
WHERE coalesce(d.dropped, false) = false AND coalesce(d.retired, false) = false
RETURN d.id AS id, d.path AS path ORDER BY d.path`;

const Q_COLUMNS = `
MATCH (c:Column {datasetId: $id})
WHERE coalesce(c.dropped, false) = false AND coalesce(c.retired, false) = false
RETURN c.id AS id, c.name AS name, c.dataType AS dataType, coalesce(c.description, c.comment) AS description, c.categoryId AS categoryId,
  c.categoryPath AS categoryPath, c.grade AS grade, c.gradeStatus AS status, c.standardCode AS standardCode, c.conformance AS conformance,
  c.decidedAt AS decidedAt, c.decidedBy AS decidedBy, c.assessedAt AS assessedAt, c.ruleVersion AS ruleVersion
ORDER BY c.ordinal`;

const Q_DATASET_OWNERS = 'MATCH (:Dataset {id: $id})-[r:OWNED_BY]->(p) RETURN r.role AS role, p.id AS party';
const Q_COLUMN_OWNERS = 'MATCH (c:Column {datasetId: $id})-[r:OWNED_BY]->(p) RETURN c.id AS columnId, r.role AS role, p.id AS party';

type Edge = { role: string; party: string };
const pick = (own: Edge[], inh: Edge[], role: string) => {
  const mine = own.filter((e) => e.role === role).map((e) => e.party);
  return mine.length ? mine : inh.filter((e) => e.role === role).map((e) => e.party);
};

/** Walks the scope dataset by dataset; `onRow` gets each classified field; returns the summary. */
export async function walkInventory(graph: Graph, resolved: ResolvedScope, onRow: (row: InventoryRow) => void | Promise<void>, progress?: Progress, signal?: AbortSignal): Promise<InventorySummary> {
  const summary: InventorySummary = { columns: 0, unclassified: 0, byGrade: { 1: 0, 2: 0, 3: 0, 4: 0 }, byCategory: new Map(), bySystem: new Map() };
  const names = new Map((await graph.read<{ id: string; name: string }>('MATCH (d:Department) RETURN d.id AS id, d.name AS name')).map((d) => [d.id, d.name]));
  const show = (p: string | undefined) => (p ? (names.has(p) ? `${names.get(p)} (${p})` : p) : null);
  const plan: { system: string; sourceId: string; id: string; path: string }[] = [];
  for (const s of resolved.sources) {
    for (const d of await graph.read<{ id: string; path: string }>(Q_DATASETS, { sourceId: s.id })) plan.push({ system: s.system, sourceId: s.id, ...d });
  }
  let done = 0;
  for (const d of plan) {
    if (signal?.aborted) throw signal.reason ?? new Error('cancelled');
    progress?.(done, plan.length, d.path);
    const dsOwn = await graph.read<Edge>(Q_DATASET_OWNERS, { id: d.id });
    const colOwn = new Map<string, Edge[]>();
    for (const e of await graph.read<Edge & { columnId: string }>(Q_COLUMN_OWNERS, { id: d.id })) colOwn.set(e.columnId, [...(colOwn.get(e.columnId) ?? []), e]);
    for (const c of await graph.read<Record<string, any>>(Q_COLUMNS, { id: d.id })) {
      const own = colOwn.get(c.id) ?? [];
      const owner = pick(own, dsOwn, 'owner')[0];
      if (resolved.department && owner !== resolved.department) continue;
      if (c.grade === null || c.grade === undefined) { summary.unclassified++; continue; }
      const decided = c.status === 'confirmed' || c.status === 'overridden';
      const row: InventoryRow = {
        system: d.system, sourceId: d.sourceId, datasetPath: d.path, columnId: c.id, column: c.name, dataType: c.dataType ?? '',
        description: c.description ?? null, categoryId: c.categoryId ?? null, categoryPath: c.categoryPath ?? null, grade: c.grade, status: c.status ?? 'suggested',
        owner: show(owner), custodian: show(pick(own, dsOwn, 'custodian')[0]), reportingChecker: show(pick(own, dsOwn, 'reporting_checker')[0]),
        consumers: pick(own, dsOwn, 'consumer').map((p) => show(p)!),
        standardCode: c.standardCode ?? null, conformance: c.conformance ?? null,
        assessedAt: (decided ? c.decidedAt : c.assessedAt) ?? c.assessedAt ?? null,
        assessedBy: decided ? (c.decidedBy ?? null) : (c.ruleVersion ? `classifier (rules v${c.ruleVersion})` : 'classifier'),
      };
      summary.columns++;
      summary.byGrade[row.grade] = (summary.byGrade[row.grade] ?? 0) + 1;
      if (row.categoryId) summary.byCategory.set(row.categoryId, (summary.byCategory.get(row.categoryId) ?? 0) + 1);
      const sys = summary.bySystem.get(row.system) ?? { columns: 0, byGrade: [0, 0, 0, 0], confirmed: 0, conformance: { conforming: 0, partial: 0, nonconforming: 0, unmapped: 0 } };
      sys.columns++;
      sys.byGrade[row.grade - 1]++;
      if (decided) sys.confirmed++;
      const conf = (row.conformance ?? 'unmapped') as keyof typeof sys.conformance;
      sys.conformance[conf in sys.conformance ? conf : 'unmapped']++;
      summary.bySystem.set(row.system, sys);
      await onRow(row);
    }
    done++;
  }
  progress?.(done, plan.length, null);
  return summary;
}

function flattenTree(nodes: CategoryNode[], prefix: string[] = [], level = 1): { code: string; level: number; name: string; path: string }[] {
  return nodes.flatMap((n) => {
    const path = [...prefix, n.name];
    return [{ code: n.code, level, name: n.name, path: path.join(' / ') }, ...flattenTree(n.children ?? [], path, level + 1)];
  });
}

export const categoryTree = () => flattenTree(loadRuleSet().categories);

const STATUS_ZH: Record<string, string> = { suggested: '建议 suggested', confirmed: '已确认 confirmed', overridden: '已调整 overridden' };

// The mark rides on cells whose punctuation touches Chinese text; 'fieldLabel' gives every row one
// such cell of its own, so that even a few rows of a leaked inventory trace back to its report.
const FIELD_COLUMNS: { header: string; key: keyof InventoryRow | 'consumersText' | 'fieldLabel'; width: number; mark?: boolean }[] = [
  { header: '系统 System', key: 'system', width: 10 },
  { header: '数据源 Source', key: 'sourceId', width: 14 },
  { header: '数据集 Dataset', key: 'datasetPath', width: 26 },
  { header: '字段 Field', key: 'column', width: 18 },
  { header: '字段标识 Field label', key: 'fieldLabel', width: 28, mark: true },
  { header: '字段ID Field id', key: 'columnId', width: 36 },
  { header: '类型 Type', key: 'dataType', width: 14 },
  { header: '说明 Description', key: 'description', width: 30, mark: true },
  { header: '分类代码 Category', key: 'categoryId', width: 10 },
  { header: '分类 Category path', key: 'categoryPath', width: 30, mark: true },
  { header: '级别 Grade', key: 'grade', width: 8 },
  { header: '状态 Status', key: 'status', width: 14 },
  { header: '属主 Owner', key: 'owner', width: 16, mark: true },
  { header: '保管者 Custodian', key: 'custodian', width: 16, mark: true },
  { header: '对外报送核查人 Reporting checker', key: 'reportingChecker', width: 16 },
  { header: '使用者 Consumers', key: 'consumersText', width: 20, mark: true },
  { header: '数据标准 Standard', key: 'standardCode', width: 12 },
  { header: '符合度 Conformance', key: 'conformance', width: 12 },
  { header: '最近评定日期 Assessed at', key: 'assessedAt', width: 12, mark: true },
  { header: '评定人 Assessed by', key: 'assessedBy', width: 16 },
];

function cellsOf(row: InventoryRow): unknown[] {
  return FIELD_COLUMNS.map((c) => {
    if (c.key === 'consumersText') return row.consumers.join('、');
    if (c.key === 'fieldLabel') return `${row.column}（${row.description?.trim() || row.categoryPath?.split(' / ').pop() || '未分类'}）`;
    if (c.key === 'status') return STATUS_ZH[row.status] ?? row.status;
    if (c.key === 'assessedAt') return row.assessedAt ? row.assessedAt.slice(0, 10) : null;
    return row[c.key] ?? null;
  });
}

/** Writes the inventory workbook to `out`; resolves with the summary when every byte is written. */
export async function writeInventoryXlsx(graph: Graph, scope: ReportScope, out: Writable, meta: ReportMeta, progress?: Progress, signal?: AbortSignal): Promise<InventorySummary & { rows: number }> {
  const resolved = await resolveScope(graph, scope);
  const marker = createCellMarker({ key: meta.watermarkKey, exportId: meta.reportId });
  const mark = (v: unknown) => (typeof v === 'string' && v.length > 1 ? marker.markCell(v) : v);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'fundgov';
  wb.title = '数据分类分级清单';
  const cover = wb.addWorksheet('说明');
  cover.columns = [{ width: 24 }, { width: 80 }];
  for (const [k, v] of [
    ['报告 Report', '数据分类分级清单 (classification inventory, JR/T 0158-2018)'], ['范围 Scope', resolved.title],
    ['生成时间 Generated at', meta.generatedAt], ['生成人 Generated by', meta.actor], ['报告编号 Report id', meta.reportId],
    ['水印 Watermark', '本文件含不可见水印，可追溯至本次生成 (the file carries an invisible mark tracing it to this generation)'],
  ]) cover.addRow([k, v]).commit();
  cover.commit();

  const fields = wb.addWorksheet('字段清单', { views: [{ state: 'frozen', ySplit: 1 }] });
  fields.columns = FIELD_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  fields.getRow(1).font = { bold: true };
  fields.getRow(1).commit();
  let rows = 0;
  const summary = await walkInventory(graph, resolved, (row) => {
    const cells = cellsOf(row).map((v, i) => (FIELD_COLUMNS[i].mark ? mark(v) : v));
    fields.addRow(cells).commit();
    rows++;
  }, progress, signal);
  fields.commit();

  const grades = wb.addWorksheet('分级汇总');
  grades.columns = [{ header: '级别 Grade', width: 12 }, { header: '字段数 Fields', width: 14 }, { header: '占比 Share', width: 12 }];
  for (const g of [4, 3, 2, 1]) grades.addRow([g, summary.byGrade[g] ?? 0, summary.columns ? (summary.byGrade[g] ?? 0) / summary.columns : 0]).commit();
  grades.addRow(['未分级 unclassified', summary.unclassified, null]).commit();
  grades.addRow(['合计 total classified', summary.columns, 1]).commit();
  grades.commit();

  const tree = categoryTree();
  const nameOf = new Map(tree.map((t) => [t.code, t.path]));
  const cats = wb.addWorksheet('分类汇总');
  cats.columns = [{ header: '分类代码 Category', width: 14 }, { header: '分类 Path', width: 50 }, { header: '字段数 Fields', width: 14 }];
  for (const [code, n] of [...summary.byCategory].sort((a, b) => a[0].localeCompare(b[0]))) cats.addRow([code, nameOf.get(code) ?? '', n]).commit();
  cats.commit();

  const systems = wb.addWorksheet('系统汇总');
  systems.columns = [{ header: '系统 System', width: 16 }, { header: '字段数 Fields', width: 12 }, { header: '4级', width: 8 }, { header: '3级', width: 8 }, { header: '2级', width: 8 }, { header: '1级', width: 8 },
    { header: '已确认 Confirmed', width: 14 }, { header: '确认率 Share confirmed', width: 16 }, { header: '符合 Conforming', width: 14 }, { header: '部分符合 Partial', width: 14 }, { header: '不符合 Nonconforming', width: 16 }, { header: '未映射 Unmapped', width: 14 }];
  for (const [name, s] of [...summary.bySystem].sort((a, b) => a[0].localeCompare(b[0]))) {
    systems.addRow([name, s.columns, s.byGrade[3], s.byGrade[2], s.byGrade[1], s.byGrade[0], s.confirmed, s.columns ? s.confirmed / s.columns : 0, s.conformance.conforming, s.conformance.partial, s.conformance.nonconforming, s.conformance.unmapped]).commit();
  }
  systems.commit();

  const treeSheet = wb.addWorksheet('分类树');
  treeSheet.columns = [{ header: '代码 Code', width: 12 }, { header: '层级 Level', width: 10 }, { header: '名称 Name', width: 30 }, { header: '路径 Path', width: 60 }, { header: '字段数 Fields', width: 12 }];
  for (const t of tree) {
    const n = [...summary.byCategory].filter(([code]) => code.startsWith(t.code)).reduce((a, [, v]) => a + v, 0);
    treeSheet.addRow([t.code, t.level, `${'  '.repeat(t.level - 1)}${t.name}`, t.path, n]).commit();
  }
  treeSheet.commit();
  await wb.commit();
  return { ...summary, rows };
}

/** The printable inventory: charts first (grades by system, share confirmed, conformance), then the tree, summaries and fields. */
export async function writeInventoryPdf(graph: Graph, scope: ReportScope, out: Writable, meta: ReportMeta, progress?: Progress, signal?: AbortSignal): Promise<InventorySummary & { rows: number; }> {
  const resolved = await resolveScope(graph, scope);
  // the charts come first, so the summary is computed in a first pass that keeps no rows
  const summary = await walkInventory(graph, resolved, () => undefined, (d, t) => progress?.(d, t * 2), signal);
  const doc = newPdf({ title: `数据分类分级清单 ${resolved.title}`, footer: `fundgov 数据分类分级清单 · ${resolved.title} · 报告 ${meta.reportId} · ${meta.actor} · ${meta.generatedAt}`, subject: meta.reportId, landscape: true });
  doc.pipe(out);
  doc.font('cjk').fontSize(22).fillColor('#1a237e').text('数据分类分级清单', { align: 'center' });
  doc.fontSize(12).fillColor('#000000').text('Classification inventory under JR/T 0158-2018《证券期货业数据分类分级指引》', { align: 'center' }).moveDown(0.5);
  paragraph(doc, `范围 Scope: ${resolved.title}    生成时间: ${meta.generatedAt}    生成人: ${meta.actor}    报告编号: ${meta.reportId}`);
  paragraph(doc, `已分级字段 ${summary.columns} 个，未分级 ${summary.unclassified} 个。4级 ${summary.byGrade[4]}，3级 ${summary.byGrade[3]}，2级 ${summary.byGrade[2]}，1级 ${summary.byGrade[1]}。`);
  doc.moveDown(0.5);
  const systems = [...summary.bySystem].sort((a, b) => a[0].localeCompare(b[0]));
  stackedBars(doc, '各系统字段级别分布 Grades by system', systems.map(([n, s]) => ({ label: n, parts: [s.byGrade[3], s.byGrade[2], s.byGrade[1], s.byGrade[0]] })),
    [{ label: '4级', colour: GRADE_COLOURS[3] }, { label: '3级', colour: GRADE_COLOURS[2] }, { label: '2级', colour: GRADE_COLOURS[1] }, { label: '1级', colour: GRADE_COLOURS[0] }]);
  stackedBars(doc, '确认率 Share confirmed', systems.map(([n, s]) => ({ label: n, parts: [s.confirmed, s.columns - s.confirmed] })),
    [{ label: '已确认 confirmed', colour: '#43a047' }, { label: '待确认 suggested', colour: '#cfd8dc' }], { percent: true });
  stackedBars(doc, '数据标准符合度 Conformance', systems.map(([n, s]) => ({ label: n, parts: [s.conformance.conforming, s.conformance.partial, s.conformance.nonconforming, s.conformance.unmapped] })),
    [{ label: '符合', colour: '#43a047' }, { label: '部分符合', colour: '#fdd835' }, { label: '不符合', colour: '#e53935' }, { label: '未映射', colour: '#cfd8dc' }], { percent: true });

  doc.addPage();
  heading(doc, '分级汇总 Fields per grade');
  const g = table(doc, [{ header: '级别', width: 10 }, { header: '字段数', width: 10 }, { header: '占比', width: 10 }]);
  for (const x of [4, 3, 2, 1]) g.row([`${x}级`, summary.byGrade[x], summary.columns ? `${((summary.byGrade[x] / summary.columns) * 100).toFixed(1)}%` : '—']);
  heading(doc, '系统汇总 Fields per system');
  const st = table(doc, [{ header: '系统', width: 14 }, { header: '字段数', width: 8 }, { header: '4级', width: 6 }, { header: '3级', width: 6 }, { header: '2级', width: 6 }, { header: '1级', width: 6 }, { header: '已确认', width: 8 }, { header: '符合标准', width: 8 }]);
  for (const [n, s] of systems) st.row([n, s.columns, s.byGrade[3], s.byGrade[2], s.byGrade[1], s.byGrade[0], s.confirmed, s.conformance.conforming]);
  heading(doc, '分类树 Category tree');
  const tree = categoryTree();
  const tt = table(doc, [{ header: '代码', width: 8 }, { header: '分类', width: 40 }, { header: '字段数', width: 8 }]);
  for (const t of tree) tt.row([t.code, `${'　'.repeat(t.level - 1)}${t.name}`, [...summary.byCategory].filter(([c]) => c.startsWith(t.code)).reduce((a, [, v]) => a + v, 0)]);

  doc.addPage();
  heading(doc, '字段清单 Fields');
  const ft = table(doc, [
    { header: '数据集', width: 18 }, { header: '字段', width: 12 }, { header: '分类', width: 22 }, { header: '级别', width: 4 }, { header: '状态', width: 8 },
    { header: '属主', width: 10 }, { header: '保管者', width: 10 }, { header: '核查人', width: 8 }, { header: '标准', width: 8 }, { header: '评定', width: 14 },
  ], { size: 6.5 });
  let rows = 0;
  await walkInventory(graph, resolved, (r) => {
    ft.row([`${r.sourceId}:${r.datasetPath}`, r.column, `${r.categoryId ?? ''} ${r.categoryPath ?? ''}`, r.grade, STATUS_ZH[r.status] ?? r.status, r.owner, r.custodian, r.reportingChecker,
      r.standardCode ? `${r.standardCode} ${r.conformance ?? ''}` : '', `${r.assessedAt?.slice(0, 10) ?? ''} ${r.assessedBy ?? ''}`]);
    rows++;
  }, (d, t) => progress?.(t + d, t * 2), signal);
  await finishPdf(doc, out);
  return { ...summary, rows };
}
