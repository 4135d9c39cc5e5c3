// Data standards: definitions with versions, column mappings with conformance scores, Excel round trip.
import { builder, errorType } from './builder.ts';
import { ColumnRef } from './catalog.ts';
import {
  StandardError, getStandard, listStandards, saveStandard, standardVersions, mapColumn, unmapColumn,
  suggestForColumn, conformanceBySource, type Standard,
} from '../catalog/standards.ts';
import type { ConformanceResult } from '../catalog/standards-model.ts';
import { readStandardsWorkbook, writeStandardsWorkbook, WorkbookError } from '../sources/standards-workbook.ts';

errorType(StandardError, 'StandardError', 'A standard field that is missing or malformed; the message names the field.');
errorType(WorkbookError, 'WorkbookError', 'A workbook that cannot be read: not an xlsx, too large, no valid row.');

const CodeEntry = builder.objectRef<{ code: string; label: string }>('CodeListEntry').implement({ fields: (t) => ({ code: t.exposeString('code'), label: t.exposeString('label') }) });

const StandardVersionRef = builder.objectRef<{ version: number; actor: string; at: string; changes: string }>('StandardVersion').implement({
  fields: (t) => ({
    version: t.exposeInt('version'), actor: t.exposeString('actor'), at: t.exposeString('at'),
    changes: t.field({ type: 'JSON', resolve: (v) => JSON.parse(v.changes) }),
  }),
});

const StandardRef = builder.objectRef<Standard>('Standard').implement({
  description: '数据标准: a firm-wide definition a column should follow.',
  fields: (t) => ({
    code: t.exposeID('code'), nameZh: t.exposeString('nameZh'), nameEn: t.exposeString('nameEn'), definition: t.exposeString('definition'),
    dataType: t.exposeString('dataType'), length: t.exposeInt('length', { nullable: true }), precision: t.exposeInt('precision', { nullable: true }),
    valueRange: t.exposeString('valueRange', { nullable: true }),
    codeList: t.field({ type: [CodeEntry], nullable: true, resolve: (s) => s.codeList ?? null }),
    defaultCategory: t.exposeString('defaultCategory', { nullable: true }), defaultGrade: t.exposeInt('defaultGrade', { nullable: true }),
    ownerDepartment: t.exposeString('ownerDepartment', { nullable: true }), version: t.exposeInt('version'), status: t.exposeString('status'),
    versions: t.field({ type: [StandardVersionRef], resolve: (s, _a, ctx) => standardVersions(ctx.graph, s.code) }),
  }),
});

const ReasonRef = builder.objectRef<{ aspect: string; ok: boolean; message: string }>('ConformanceReason').implement({
  fields: (t) => ({ aspect: t.exposeString('aspect'), ok: t.exposeBoolean('ok'), message: t.exposeString('message') }),
});
const ConformanceRef = builder.objectRef<ConformanceResult>('Conformance').implement({
  fields: (t) => ({ score: t.exposeFloat('score'), status: t.exposeString('status'), reasons: t.field({ type: [ReasonRef], resolve: (c) => c.reasons }) }),
});

builder.objectFields(ColumnRef, (t) => ({
  standardCode: t.string({ nullable: true, resolve: (c) => (c as unknown as { standardCode?: string }).standardCode ?? null }),
  conformance: t.field({
    type: ConformanceRef, nullable: true,
    resolve: (c) => {
      const x = c as unknown as { conformance?: string; conformanceScore?: number; conformanceReasons?: string };
      return x.conformance ? { status: x.conformance as ConformanceResult['status'], score: x.conformanceScore ?? 0, reasons: JSON.parse(x.conformanceReasons ?? '[]') } : null;
    },
  }),
}));

const RollupRef = builder.objectRef<Awaited<ReturnType<typeof conformanceBySource>>[number]>('ConformanceRollup').implement({
  fields: (t) => ({
    sourceId: t.exposeString('sourceId'), system: t.exposeString('system'), columns: t.exposeInt('columns'), mapped: t.exposeInt('mapped'),
    conforming: t.exposeInt('conforming'), partial: t.exposeInt('partial'), nonconforming: t.exposeInt('nonconforming'),
    average: t.exposeFloat('average', { nullable: true }),
  }),
});

const SuggestionRef = builder.objectRef<{ code: string; score: number; why: string }>('StandardSuggestion').implement({
  fields: (t) => ({ code: t.exposeString('code'), score: t.exposeFloat('score'), why: t.exposeString('why') }),
});

const ImportProblem = builder.objectRef<{ sheet: string; row: number; column: string; message: string }>('WorkbookProblem').implement({
  fields: (t) => ({ sheet: t.exposeString('sheet'), row: t.exposeInt('row'), column: t.exposeString('column'), message: t.exposeString('message') }),
});
const ImportResult = builder.objectRef<{ imported: number; changed: number; problems: { sheet: string; row: number; column: string; message: string }[] }>('StandardsImport').implement({
  fields: (t) => ({ imported: t.exposeInt('imported'), changed: t.exposeInt('changed'), problems: t.field({ type: [ImportProblem], resolve: (r) => r.problems }) }),
});
const ColumnConformance = builder.objectRef<ConformanceResult & { columnId: string }>('ColumnMapping').implement({
  fields: (t) => ({ columnId: t.exposeString('columnId'), score: t.exposeFloat('score'), status: t.exposeString('status'), reasons: t.field({ type: [ReasonRef], resolve: (c) => c.reasons }) }),
});
const UnmapResult = builder.objectRef<{ columnId: string }>('ColumnUnmapped').implement({ fields: (t) => ({ columnId: t.exposeString('columnId') }) });

const CodeEntryInput = builder.inputType('CodeListEntryInput', { fields: (t) => ({ code: t.string({ required: true }), label: t.string({ required: true }) }) });
const StandardInput = builder.inputType('StandardInput', {
  fields: (t) => ({
    code: t.string({ required: true }), nameZh: t.string({ required: true }), nameEn: t.string({ required: true }), definition: t.string({ required: true }),
    dataType: t.string({ required: true }), length: t.int(), precision: t.int(), valueRange: t.string(),
    codeList: t.field({ type: [CodeEntryInput] }), defaultCategory: t.string(), defaultGrade: t.int(), ownerDepartment: t.string(),
    status: t.string({ description: 'draft, published or retired' }),
  }),
});

const steward = { steward: true, admin: true };
const MAX_WORKBOOK = 20 * 1024 * 1024;

builder.queryFields((t) => ({
  standards: t.field({ type: [StandardRef], authScopes: { authenticated: true }, resolve: (_r, _a, ctx) => listStandards(ctx.graph) }),
  standard: t.field({ type: StandardRef, nullable: true, authScopes: { authenticated: true }, args: { code: t.arg.string({ required: true }) }, resolve: (_r, a, ctx) => getStandard(ctx.graph, a.code) }),
  conformanceBySource: t.field({ type: [RollupRef], authScopes: { authenticated: true }, resolve: (_r, _a, ctx) => conformanceBySource(ctx.graph) }),
  suggestStandards: t.field({
    type: [SuggestionRef], authScopes: steward, args: { columnId: t.arg.string({ required: true }) },
    description: 'Standards a column probably follows (name, comment and pinyin similarity); empty for an unknown column.',
    resolve: (_r, a, ctx) => suggestForColumn(ctx.graph, a.columnId).catch((e) => { if (e instanceof StandardError) return []; throw e; }),
  }),
  standardsWorkbook: t.string({
    authScopes: { authenticated: true }, description: 'All standards as an Excel workbook (数据标准, 代码表 sheets), base64.',
    resolve: async (_r, _a, ctx) => (await writeStandardsWorkbook(await listStandards(ctx.graph))).toString('base64'),
  }),
}));

builder.mutationFields((t) => ({
  saveStandard: t.field({
    type: StandardRef, authScopes: steward, errors: { types: [StandardError] },
    args: { input: t.arg({ type: StandardInput, required: true }) },
    resolve: async (_r, { input }, ctx) => (await saveStandard(ctx.graph, Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)), ctx.user!.id)).standard,
  }),
  mapColumnToStandard: t.field({
    type: ColumnConformance, authScopes: steward, errors: { types: [StandardError] },
    args: { columnId: t.arg.string({ required: true }), code: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => ({ columnId: a.columnId, ...(await mapColumn(ctx.graph, a.columnId, a.code, ctx.user!.id)) }),
  }),
  unmapColumnFromStandard: t.field({
    type: UnmapResult, authScopes: steward, errors: { types: [StandardError] },
    args: { columnId: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => { if (!(await unmapColumn(ctx.graph, a.columnId))) throw new StandardError(`column ${a.columnId} does not exist`, 'columnId'); return { columnId: a.columnId }; },
  }),
  importStandardsWorkbook: t.field({
    type: ImportResult, authScopes: steward, errors: { types: [WorkbookError, StandardError] },
    description: 'Imports an Excel workbook (base64, at most 20 MB); rows with problems are reported and skipped.',
    args: { workbookBase64: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => {
      if (a.workbookBase64.length > (MAX_WORKBOOK * 4) / 3 + 4) throw new WorkbookError(`the workbook is larger than ${MAX_WORKBOOK / 1024 / 1024} MB`, []);
      const { standards, problems } = await readStandardsWorkbook(Buffer.from(a.workbookBase64, 'base64'), { maxBytes: MAX_WORKBOOK });
      let changed = 0;
      for (const s of standards) if ((await saveStandard(ctx.graph, s, ctx.user!.id)).changes.length) changed++;
      return { imported: standards.length, changed, problems };
    },
  }),
}));
