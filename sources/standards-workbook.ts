// Data standards as the Excel workbook a Chinese data office keeps: sheet 「数据标准」 (one standard
// a row, Chinese headers) and sheet 「代码表」 (标准编号, 代码值, 代码含义). Write and read round-trip
// without loss; reading reports every bad cell by sheet, row and column, imports the good rows and
// refuses a workbook with none.
import ExcelJS from 'exceljs';
import {
  DATA_TYPE_FAMILIES, StandardError, validateStandard,
  type CodeListEntry, type Standard, type StandardStatus,
} from '../catalog/standards-model.ts';
import { SourceInputError } from './errors.ts';

export const STANDARDS_SHEET = '数据标准';
export const CODE_LIST_SHEET = '代码表';
export const STANDARD_HEADERS = ['标准编号', '中文名称', '英文名称', '业务定义', '数据类型', '长度', '精度', '取值范围', '代码表', '默认分类', '默认级别', '属主部门', '版本', '状态'] as const;
export const CODE_LIST_HEADERS = ['标准编号', '代码值', '代码含义'] as const;
type StandardHeader = (typeof STANDARD_HEADERS)[number];
type CodeListHeader = (typeof CODE_LIST_HEADERS)[number];

/** Without these no row can be read: their absence refuses the workbook. */
const REQUIRED_HEADERS: ReadonlySet<string> = new Set(['标准编号', '中文名称', '英文名称', '业务定义', '数据类型']);
/** Written in the 代码表 column when the code list is on the 「代码表」 sheet. */
export const SEE_CODE_SHEET = '见代码表';
export const DEFAULT_MAX_WORKBOOK_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_WORKBOOK_ROWS = 100_000;

const FIELD_HEADER: Record<string, StandardHeader> = {
  code: '标准编号', nameZh: '中文名称', nameEn: '英文名称', definition: '业务定义', dataType: '数据类型', length: '长度',
  precision: '精度', valueRange: '取值范围', codeList: '代码表', defaultCategory: '默认分类', defaultGrade: '默认级别',
  ownerDepartment: '属主部门', version: '版本', status: '状态',
};
// Other spellings offices use for the same headers.
const HEADER_ALIASES: Record<string, string> = {
  标准编码: '标准编号', 标准代码: '标准编号', 编号: '标准编号', 中文名: '中文名称', 标准名称: '中文名称', 英文名: '英文名称',
  英文缩写: '英文名称', 定义: '业务定义', 业务含义: '业务定义', 类型: '数据类型', 数据长度: '长度', 小数位: '精度', 小数位数: '精度',
  值域: '取值范围', 分类: '默认分类', 数据分类: '默认分类', 级别: '默认级别', 默认分级: '默认级别', 数据级别: '默认级别', 分级: '默认级别',
  归属部门: '属主部门', 数据属主: '属主部门', 属主: '属主部门', 版本号: '版本', 代码: '代码值', 代码名称: '代码含义', 代码描述: '代码含义', 含义: '代码含义',
};

const STATUS_LABEL: Record<StandardStatus, string> = { draft: '草稿', published: '已发布', retired: '已废止' };
const STATUS_READ: Record<string, StandardStatus> = {
  draft: 'draft', 草稿: 'draft', 待发布: 'draft', 拟定: 'draft', published: 'published', 已发布: 'published', 发布: 'published',
  生效: 'published', 现行: 'published', retired: 'retired', 已废止: 'retired', 废止: 'retired', 停用: 'retired', 已停用: 'retired',
};
const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5 };

export interface WorkbookProblem {
  sheet: string;
  /** 1-based Excel row number (the header row for a header problem). */
  row: number;
  /** The header the problem is in, e.g. `长度`. */
  column: string;
  message: string;
  /** The cell address, e.g. `F3`, when the problem is in one cell. */
  cell?: string;
}

/** The workbook as a whole cannot be used: not an xlsx, too large, no sheet, no valid row. */
export class WorkbookError extends SourceInputError {
  constructor(message: string, readonly problems: WorkbookProblem[] = []) {
    super(message);
    this.name = 'WorkbookError';
  }
}

export interface ReadWorkbookOptions {
  /** Refuse input larger than this many bytes (default 20 MB). */
  maxBytes?: number;
  /** Refuse sheets with more rows than this (default 100,000). */
  maxRows?: number;
}

// ---------------------------------------------------------------------------------------------
// Write

/** Builds the workbook; every standard is validated first (StandardError on a bad one). An empty list gives the blank template. */
export async function writeStandardsWorkbook(standards: ReadonlyArray<Standard>): Promise<Buffer> {
  const valid = standards.map((s) => validateStandard(s));
  const seen = new Set<string>();
  for (const s of valid) {
    if (seen.has(s.code)) throw new StandardError(`standard ${s.code} appears twice; a workbook holds one version of each standard`, 'code');
    seen.add(s.code);
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'fundgov';
  const ws = wb.addWorksheet(STANDARDS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const widths: Record<StandardHeader, number> = { 标准编号: 16, 中文名称: 18, 英文名称: 22, 业务定义: 40, 数据类型: 12, 长度: 8, 精度: 8, 取值范围: 20, 代码表: 10, 默认分类: 20, 默认级别: 10, 属主部门: 14, 版本: 8, 状态: 10 };
  ws.columns = STANDARD_HEADERS.map((h) => ({ header: h, key: h, width: widths[h] }));
  ws.getColumn('标准编号').numFmt = '@';
  for (const s of valid) {
    ws.addRow({
      标准编号: s.code, 中文名称: s.nameZh, 英文名称: s.nameEn, 业务定义: s.definition, 数据类型: s.dataType,
      长度: s.length ?? null, 精度: s.precision ?? null, 取值范围: s.valueRange ?? null, 代码表: s.codeList?.length ? SEE_CODE_SHEET : null,
      默认分类: s.defaultCategory ?? null, 默认级别: s.defaultGrade ?? null, 属主部门: s.ownerDepartment ?? null, 版本: s.version, 状态: STATUS_LABEL[s.status],
    });
  }
  styleHeader(ws.getRow(1));
  ws.getColumn('业务定义').alignment = { wrapText: true, vertical: 'top' };
  // Drop-down lists so the next person picks a valid type, grade and status.
  const lastRow = Math.max(200, valid.length + 100);
  const typeCol = ws.getColumn('数据类型').number;
  const gradeCol = ws.getColumn('默认级别').number;
  const statusCol = ws.getColumn('状态').number;
  for (let r = 2; r <= lastRow; r++) {
    const row = ws.getRow(r);
    row.getCell(typeCol).dataValidation = { type: 'list', allowBlank: false, formulae: [`"${DATA_TYPE_FAMILIES.join(',')}"`] };
    row.getCell(gradeCol).dataValidation = { type: 'list', allowBlank: true, formulae: ['"1,2,3,4"'] };
    row.getCell(statusCol).dataValidation = { type: 'list', allowBlank: false, formulae: [`"${Object.values(STATUS_LABEL).join(',')}"`] };
  }

  const cs = wb.addWorksheet(CODE_LIST_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  cs.columns = [{ header: '标准编号', key: '标准编号', width: 16 }, { header: '代码值', key: '代码值', width: 12 }, { header: '代码含义', key: '代码含义', width: 30 }];
  cs.getColumn('标准编号').numFmt = '@';
  cs.getColumn('代码值').numFmt = '@';
  for (const s of valid) for (const e of s.codeList ?? []) cs.addRow({ 标准编号: s.code, 代码值: e.code, 代码含义: e.label });
  styleHeader(cs.getRow(1));
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
}

// ---------------------------------------------------------------------------------------------
// Read

type CellText = { text: string | null } | { error: string };

/** A cell's value as text: rich text joined, a formula's cached result, a hyperlink's text. */
function cellText(v: ExcelJS.CellValue): CellText {
  if (v === null || v === undefined) return { text: null };
  if (typeof v === 'string') return { text: v.trim() === '' ? null : v };
  if (typeof v === 'number') return { text: String(v) };
  if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE' };
  if (v instanceof Date) return { text: v.toISOString().slice(0, 10) };
  if (typeof v === 'object') {
    if ('error' in v) return { error: String((v as ExcelJS.CellErrorValue).error) };
    if ('richText' in v) return cellText((v as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join(''));
    if ('formula' in v || 'sharedFormula' in v) return cellText(((v as ExcelJS.CellFormulaValue).result ?? null) as ExcelJS.CellValue);
    if ('text' in v) return cellText((v as ExcelJS.CellHyperlinkValue).text);
  }
  return { error: 'unreadable cell' };
}

const normHeader = (s: string): string => {
  const h = s.replace(/[\s*＊]/g, '').replace(/[（(][^）)]*[）)]/g, '');
  return HEADER_ALIASES[h] ?? h;
};

interface SheetLayout { headerRow: number; col: Map<string, number> }

/** Finds the header row (first 10 rows, a title row above it is allowed) and where each header is. */
function findHeaders(ws: ExcelJS.Worksheet, sheet: string, expected: readonly string[], anchor: string, problems: WorkbookProblem[]): SheetLayout | null {
  for (let r = 1; r <= Math.min(10, ws.rowCount); r++) {
    const row = ws.getRow(r);
    const col = new Map<string, number>();
    let anchorFound = false;
    row.eachCell((cell, c) => {
      const t = cellText(cell.value);
      if (!('text' in t) || t.text === null) return;
      const h = normHeader(t.text);
      if (h === anchor) anchorFound = true;
      if (!expected.includes(h)) return;
      if (col.has(h)) problems.push({ sheet, row: r, column: h, cell: cell.address, message: `表头重复 duplicate header 「${h}」 in ${cell.address}; the first one (column ${ws.getColumn(col.get(h)!).letter}) is used` });
      else col.set(h, c);
    });
    if (!anchorFound) continue;
    for (const h of expected) {
      if (col.has(h)) continue;
      const required = sheet === STANDARDS_SHEET ? REQUIRED_HEADERS.has(h) : true;
      problems.push({ sheet, row: r, column: h, message: `缺少表头 missing header 「${h}」 in sheet 「${sheet}」 row ${r}${required ? '' : '; the column is read as empty for every row'}` });
    }
    return { headerRow: r, col };
  }
  return null;
}

const shown = (s: string): string => JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s);

function parseWhole(text: string, min: number, max: number, allowV = false): number | null {
  const m = (allowV ? /^[vV]?\s*([0-9]+)(?:\.0+)?$/ : /^([0-9]+)(?:\.0+)?$/).exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return n >= min && n <= max ? n : null;
}

function parseGrade(text: string): number | null {
  const t = text.trim().replace(/\s+/g, '');
  const m = /^(?:L|第)?([0-9一二三四五])(?:级)?$/i.exec(t);
  if (!m) return null;
  const n = CHINESE_DIGITS[m[1]] ?? Number(m[1]);
  return n >= 1 && n <= 4 ? n : null;
}

/** `1:男;2:女` (also full-width ：；, `=` or newlines) → entries; null when the text is not that form. */
function parseInlineCodeList(text: string): CodeListEntry[] | null {
  const parts = text.split(/[;；\n]+/).map((p) => p.trim()).filter(Boolean);
  if (!parts.length) return null;
  const out: CodeListEntry[] = [];
  for (const p of parts) {
    const m = /^([^:：=]+)[:：=](.+)$/.exec(p);
    if (!m) return null;
    out.push({ code: m[1].trim(), label: m[2].trim() });
  }
  return out;
}

interface PendingRow { row: number; input: Record<string, unknown>; codeCell: string | null; bad: boolean }

/**
 * Reads a standards workbook. Rows with a problem are left out and reported (sheet, row, column,
 * message); the others are returned, validated. Throws WorkbookError when the input is not an
 * .xlsx, is over the size or row limit, lacks the 「数据标准」 sheet or its header row, or yields no valid row.
 */
export async function readStandardsWorkbook(buf: Buffer | Uint8Array, opts: ReadWorkbookOptions = {}): Promise<{ standards: Standard[]; problems: WorkbookProblem[] }> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_WORKBOOK_BYTES;
  const maxRows = opts.maxRows ?? DEFAULT_MAX_WORKBOOK_ROWS;
  if (!buf || typeof buf.length !== 'number') throw new WorkbookError('no workbook given: upload an .xlsx file');
  if (buf.length > maxBytes) throw new WorkbookError(`workbook is ${(buf.length / 1024 / 1024).toFixed(1)} MB, over the ${(maxBytes / 1024 / 1024).toFixed(1)} MB limit: split it or remove images and unused sheets`);
  if (buf.length >= 8 && buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0) {
    throw new WorkbookError('this is an old Excel 97-2003 .xls file: open it in Excel or WPS and save it as .xlsx');
  }
  if (buf.length < 4 || buf[0] !== 0x50 || buf[1] !== 0x4b || buf[2] !== 0x03 || buf[3] !== 0x04) {
    throw new WorkbookError('not an .xlsx workbook (an .xlsx file is a zip archive starting with "PK"): export the standards as Excel .xlsx');
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new WorkbookError(`not a readable .xlsx workbook (${(e as Error).message.slice(0, 120)}): re-save it from Excel or WPS as .xlsx`);
  }
  const ws = wb.getWorksheet(STANDARDS_SHEET);
  if (!ws) throw new WorkbookError(`the workbook has no sheet 「${STANDARDS_SHEET}」 (sheets: ${wb.worksheets.map((w) => `「${w.name}」`).join(', ') || 'none'}): rename the sheet of standards to 「${STANDARDS_SHEET}」`);
  for (const sheet of [ws, wb.getWorksheet(CODE_LIST_SHEET)]) {
    if (sheet && sheet.rowCount > maxRows) throw new WorkbookError(`sheet 「${sheet.name}」 has ${sheet.rowCount} rows, over the ${maxRows} row limit`);
  }

  const problems: WorkbookProblem[] = [];
  const layout = findHeaders(ws, STANDARDS_SHEET, STANDARD_HEADERS, '标准编号', problems);
  if (!layout) throw new WorkbookError(`sheet 「${STANDARDS_SHEET}」 has no header row: its first 10 rows have no cell 「标准编号」; the headers are ${STANDARD_HEADERS.join(', ')}`);
  const missingRequired = [...REQUIRED_HEADERS].filter((h) => !layout.col.has(h));
  if (missingRequired.length) {
    throw new WorkbookError(`sheet 「${STANDARDS_SHEET}」 lacks the header${missingRequired.length > 1 ? 's' : ''} ${missingRequired.map((h) => `「${h}」`).join(', ')} (row ${layout.headerRow}): no standard can be read without ${missingRequired.length > 1 ? 'them' : 'it'}`, problems);
  }

  // 1. the standards sheet: cell by cell
  const pending: PendingRow[] = [];
  const rowOfCode = new Map<string, PendingRow>();
  for (let r = layout.headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (!row.hasValues) continue;
    const p: PendingRow = { row: r, input: {}, codeCell: null, bad: false };
    const report = (header: string, message: string) => {
      const c = layout.col.get(header);
      problems.push({ sheet: STANDARDS_SHEET, row: r, column: header, cell: c ? row.getCell(c).address : undefined, message });
      p.bad = true;
    };
    const get = (header: StandardHeader): string | null => {
      const c = layout.col.get(header);
      if (!c) return null;
      const t = cellText(row.getCell(c).value);
      if ('error' in t) { report(header, `单元格错误 cell ${row.getCell(c).address} holds the error ${t.error}: replace it with a value`); return null; }
      return t.text;
    };
    const values = new Map(STANDARD_HEADERS.map((h) => [h, get(h)] as const));
    if ([...values.values()].every((v) => v === null) && !p.bad) continue;
    const set = (field: string, v: unknown) => { if (v !== null && v !== undefined) p.input[field] = v; };
    set('code', values.get('标准编号'));
    set('nameZh', values.get('中文名称'));
    set('nameEn', values.get('英文名称'));
    set('definition', values.get('业务定义'));
    set('dataType', values.get('数据类型'));
    set('valueRange', values.get('取值范围'));
    set('defaultCategory', values.get('默认分类'));
    set('ownerDepartment', values.get('属主部门'));
    for (const [h, field, min, max] of [['长度', 'length', 1, 1_000_000], ['精度', 'precision', 0, 1000]] as const) {
      const t = values.get(h);
      if (t === null || t === undefined) continue;
      const n = parseWhole(t, min, max);
      if (n === null) report(h, `类型错误 ${h} must be a whole number from ${min} to ${max}, got ${shown(t)}`);
      else set(field, n);
    }
    const g = values.get('默认级别');
    if (g !== null && g !== undefined) {
      const n = parseGrade(g);
      if (n === null) report('默认级别', `取值错误 默认级别 must be 1, 2, 3 or 4 (JR/T 0158 level), got ${shown(g)}`);
      else set('defaultGrade', n);
    }
    const v = values.get('版本');
    if (v !== null && v !== undefined) {
      const n = parseWhole(v, 1, 1_000_000, true);
      if (n === null) report('版本', `类型错误 版本 must be a whole number ≥ 1 (e.g. 2 or V2), got ${shown(v)}`);
      else set('version', n);
    }
    const s = values.get('状态');
    if (s !== null && s !== undefined) {
      const st = STATUS_READ[s.trim().toLowerCase()];
      if (!st) report('状态', `取值错误 状态 must be one of 草稿, 已发布, 已废止 (draft, published, retired), got ${shown(s)}`);
      else set('status', st);
    }
    p.codeCell = values.get('代码表') ?? null;
    const code = typeof p.input.code === 'string' ? p.input.code.trim().toUpperCase() : null;
    if (code) {
      const first = rowOfCode.get(code);
      if (first) report('标准编号', `编号重复 standard ${code} already appears in row ${first.row}; a workbook holds one version of each standard`);
      else rowOfCode.set(code, p);
    }
    pending.push(p);
  }

  // 2. the code list sheet
  const codeLists = new Map<string, { entries: CodeListEntry[]; rows: number[]; bad: number[] }>();
  const cs = wb.getWorksheet(CODE_LIST_SHEET);
  if (cs) {
    const cl = findHeaders(cs, CODE_LIST_SHEET, CODE_LIST_HEADERS, '标准编号', problems);
    if (!cl) problems.push({ sheet: CODE_LIST_SHEET, row: 1, column: '标准编号', message: `缺少表头 sheet 「${CODE_LIST_SHEET}」 has no header row with 「标准编号」 in its first 10 rows; its code lists are not read` });
    else if (CODE_LIST_HEADERS.every((h) => cl.col.has(h))) {
      for (let r = cl.headerRow + 1; r <= cs.rowCount; r++) {
        const row = cs.getRow(r);
        if (!row.hasValues) continue;
        const rowProblems: WorkbookProblem[] = [];
        const get = (h: CodeListHeader): string | null => {
          const cell = row.getCell(cl.col.get(h)!);
          const t = cellText(cell.value);
          if ('error' in t) { rowProblems.push({ sheet: CODE_LIST_SHEET, row: r, column: h, cell: cell.address, message: `单元格错误 cell ${cell.address} holds the error ${t.error}` }); return null; }
          return t.text === null ? null : t.text.trim() || null;
        };
        const std = get('标准编号');
        const value = get('代码值');
        const label = get('代码含义');
        if (std === null && value === null && label === null && !rowProblems.length) continue;
        const addr = (h: CodeListHeader) => row.getCell(cl.col.get(h)!).address;
        for (const [h, t] of [['标准编号', std], ['代码值', value], ['代码含义', label]] as const) {
          if (t === null && !rowProblems.some((x) => x.column === h)) rowProblems.push({ sheet: CODE_LIST_SHEET, row: r, column: h, cell: addr(h), message: `缺少值 ${h} is empty` });
        }
        const key = std?.toUpperCase() ?? null;
        if (key && !rowOfCode.has(key)) rowProblems.push({ sheet: CODE_LIST_SHEET, row: r, column: '标准编号', cell: addr('标准编号'), message: `未知标准 standard ${key} is not in sheet 「${STANDARDS_SHEET}」` });
        const list = key ? codeLists.get(key) ?? { entries: [], rows: [], bad: [] } : null;
        if (list && value !== null && list.entries.some((e) => e.code === value)) rowProblems.push({ sheet: CODE_LIST_SHEET, row: r, column: '代码值', cell: addr('代码值'), message: `代码重复 code ${shown(value)} of ${key} appears twice` });
        if (list && key) codeLists.set(key, list);
        problems.push(...rowProblems);
        if (rowProblems.length) { list?.bad.push(r); continue; }
        list!.entries.push({ code: value!, label: label! });
        list!.rows.push(r);
      }
    }
  }

  // 3. join, validate, keep the good rows
  const standards: Standard[] = [];
  for (const p of pending) {
    const code = typeof p.input.code === 'string' ? p.input.code.trim().toUpperCase() : null;
    const sheetList = code && rowOfCode.get(code) === p ? codeLists.get(code) : undefined;
    const report = (header: string, message: string) => {
      const c = layout.col.get(header);
      problems.push({ sheet: STANDARDS_SHEET, row: p.row, column: header, cell: c ? ws.getRow(p.row).getCell(c).address : undefined, message });
      p.bad = true;
    };
    if (sheetList?.bad.length) report('代码表', `代码表错误 the code list of ${code} has problems in sheet 「${CODE_LIST_SHEET}」 row${sheetList.bad.length > 1 ? 's' : ''} ${sheetList.bad.join(', ')}; the standard is not imported`);
    if (sheetList?.entries.length) p.input.codeList = sheetList.entries;
    else if (p.codeCell !== null && !sheetList?.bad.length) {
      const inline = parseInlineCodeList(p.codeCell);
      if (inline) p.input.codeList = inline;
      else report('代码表', `缺少代码表 代码表 says ${shown(p.codeCell)} but sheet 「${CODE_LIST_SHEET}」 has no codes for ${code ?? 'this standard'}: add them there, or write them inline as 1:男;2:女`);
    }
    if (p.bad) continue;
    try {
      standards.push(validateStandard(p.input));
    } catch (e) {
      if (!(e instanceof StandardError)) throw e;
      const field = e.field.replace(/\[.*$/, '');
      report(FIELD_HEADER[field] ?? field, e.message);
    }
  }

  problems.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet === STANDARDS_SHEET ? -1 : 1));
  if (!standards.length) {
    const head = problems.slice(0, 5).map((x) => `「${x.sheet}」 row ${x.row} ${x.column}: ${x.message}`).join('; ');
    throw new WorkbookError(pending.length
      ? `no valid standard in the workbook: all ${pending.length} row${pending.length > 1 ? 's have' : ' has'} problems (${head}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''})`
      : `sheet 「${STANDARDS_SHEET}」 has no standards below its header row ${layout.headerRow}`, problems);
  }
  return { standards, problems };
}
