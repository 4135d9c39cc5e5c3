// Data standards (数据标准) as pure logic: the Standard shape and its validation, vendor type
// normalisation, per-column conformance scoring with reasons, rollups, and mapping suggestions by
// Chinese name, English tokens and pinyin. No database, no I/O: the graph layer stores what this
// module validates and the schema layer calls these functions.
import { pinyin } from 'pinyin-pro';

export const DATA_TYPE_FAMILIES = ['VARCHAR', 'CHAR', 'NUMERIC', 'INTEGER', 'DATE', 'TIMESTAMP', 'BOOLEAN', 'TEXT'] as const;
export type DataTypeFamily = (typeof DATA_TYPE_FAMILIES)[number];
export const STANDARD_STATUSES = ['draft', 'published', 'retired'] as const;
export type StandardStatus = (typeof STANDARD_STATUSES)[number];
export type StandardGrade = 1 | 2 | 3 | 4;

export interface CodeListEntry {
  code: string;
  label: string;
}

export interface Standard {
  /** Upper case, e.g. `DS-CUST-001`: letter-led segments joined by `-`, ending in a number. */
  code: string;
  nameZh: string;
  nameEn: string;
  /** Business definition (业务定义). */
  definition: string;
  dataType: DataTypeFamily;
  /** Characters for VARCHAR/CHAR; total digits for NUMERIC and INTEGER. */
  length?: number | null;
  /** Decimal places, NUMERIC only. */
  precision?: number | null;
  valueRange?: string | null;
  /** Never an empty array: no code list is `null`. */
  codeList?: CodeListEntry[] | null;
  /** Category path, segments joined by `/`, e.g. `客户/个人身份`. */
  defaultCategory?: string | null;
  defaultGrade?: StandardGrade | null;
  ownerDepartment?: string | null;
  version: number;
  status: StandardStatus;
}

/** The one error type of data standards: says which field is wrong and what to fix. */
export class StandardError extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
    this.name = 'StandardError';
  }
}

export const STANDARD_CODE_PATTERN = /^[A-Z][A-Z0-9]{0,15}(?:-[A-Z0-9]{1,16}){0,4}-[0-9]{1,8}$/;

const FIELDS = new Set(['code', 'nameZh', 'nameEn', 'definition', 'dataType', 'length', 'precision', 'valueRange', 'codeList',
  'defaultCategory', 'defaultGrade', 'ownerDepartment', 'version', 'status']);
const LIMITS = { code: 64, name: 200, definition: 4000, valueRange: 1000, category: 500, department: 200, codeListSize: 10_000, codeValue: 64, codeLabel: 500, length: 1_000_000, digits: 1000 };
// Control characters other than tab and newlines make a cell unreadable for the next person.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const show = (v: unknown): string => {
  const s = typeof v === 'string' ? JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v) : String(v);
  return s;
};

export interface ValidateOptions {
  /** Ignore properties that are not Standard fields (e.g. graph ids, timestamps) instead of refusing them. */
  allowUnknown?: boolean;
}

/**
 * Checks and normalises a standard: trims text, upper-cases the code, maps the data type to its
 * family (a vendor type such as `VARCHAR2(200)` fills in the length), turns empty optionals into
 * null, defaults `version` to 1 and `status` to `draft`. Throws StandardError naming the field.
 */
export function validateStandard(input: unknown, opts: ValidateOptions = {}): Standard {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new StandardError('a standard must be an object with code, nameZh, nameEn, definition and dataType', 'standard');
  const o = input as Record<string, unknown>;
  const codeForMsg = typeof o.code === 'string' && o.code.trim() ? `standard ${o.code.trim().slice(0, LIMITS.code)}: ` : '';
  const fail = (field: string, what: string): never => { throw new StandardError(`${codeForMsg}${field} ${what}`, field); };

  if (!opts.allowUnknown) {
    for (const k of Object.keys(o)) if (!FIELDS.has(k)) fail(k, `is not a field of a standard (fields: ${[...FIELDS].join(', ')})`);
  }
  const text = (field: string, max: number, required: boolean, multiline = false): string | null => {
    const v = o[field];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (required) fail(field, 'is required and must be non-empty text');
      return null;
    }
    if (typeof v !== 'string') fail(field, `must be text, got ${typeof v}`);
    const s = (v as string).trim();
    if (s.length > max) fail(field, `must be at most ${max} characters, got ${s.length}`);
    if (CONTROL.test(s) || (!multiline && /[\r\n]/.test(s))) fail(field, multiline ? 'must not contain control characters' : 'must be one line without control characters');
    return s;
  };
  const wholeNumber = (field: string, min: number, max: number): number | null => {
    const v = o[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(field, `must be a whole number from ${min} to ${max}, got ${show(v)}`);
    return v as number;
  };

  const code = text('code', LIMITS.code, true)!.toUpperCase();
  if (!STANDARD_CODE_PATTERN.test(code)) fail('code', `must look like DS-CUST-001 (upper-case letter/digit segments joined by '-', ending in a number), got ${show(code)}`);
  const nameZh = text('nameZh', LIMITS.name, true)!;
  const nameEn = text('nameEn', LIMITS.name, true)!;
  const definition = text('definition', LIMITS.definition, true, true)!;

  if (typeof o.dataType !== 'string' || !o.dataType.trim()) fail('dataType', `is required, one of ${DATA_TYPE_FAMILIES.join(', ')}`);
  let nt: NormalisedType;
  try {
    nt = normaliseType(o.dataType as string);
  } catch {
    return fail('dataType', `must be one of ${DATA_TYPE_FAMILIES.join(', ')} (or a vendor type such as VARCHAR2(100)), got ${show(o.dataType)}`);
  }
  if (!nt.family) fail('dataType', `must be one of ${DATA_TYPE_FAMILIES.join(', ')} (or a vendor type such as VARCHAR2(100)), got ${show(o.dataType)}`);
  const dataType = nt.family!;
  const hasArgs = /\(/.test(o.dataType as string);

  let length = wholeNumber('length', 1, LIMITS.length);
  let precision = wholeNumber('precision', 0, LIMITS.digits);
  if (hasArgs && nt.length != null) {
    if (length != null && length !== nt.length) fail('length', `${length} contradicts dataType ${show(o.dataType)}`);
    length = nt.length;
  }
  if (hasArgs && nt.precision != null && dataType === 'NUMERIC') {
    if (precision != null && precision !== nt.precision) fail('precision', `${precision} contradicts dataType ${show(o.dataType)}`);
    precision = nt.precision;
  }
  if (length != null && !['VARCHAR', 'CHAR', 'NUMERIC', 'INTEGER'].includes(dataType)) fail('length', `does not apply to ${dataType}; leave it empty`);
  if (precision != null) {
    if (dataType !== 'NUMERIC') fail('precision', `(decimal places) applies only to NUMERIC, not ${dataType}; leave it empty`);
    if (length == null) fail('length', 'is required when precision is set (total digits of the NUMERIC)');
    if (precision > length!) fail('precision', `(${precision} decimal places) cannot exceed length (${length} total digits)`);
  }

  const valueRange = text('valueRange', LIMITS.valueRange, false, true);
  const codeList = validateCodeList(o.codeList, fail);

  let defaultCategory = text('defaultCategory', LIMITS.category, false);
  if (defaultCategory != null) {
    const parts = defaultCategory.split(/[/／]/).map((p) => p.trim());
    if (parts.some((p) => !p)) fail('defaultCategory', `must be a path of non-empty segments joined by '/', e.g. 客户/个人身份, got ${show(defaultCategory)}`);
    defaultCategory = parts.join('/');
  }
  const grade = o.defaultGrade;
  if (grade !== undefined && grade !== null && !(grade === 1 || grade === 2 || grade === 3 || grade === 4)) fail('defaultGrade', `must be 1, 2, 3 or 4 (JR/T 0158 level), got ${show(grade)}`);
  const defaultGrade = (grade ?? null) as StandardGrade | null;
  const ownerDepartment = text('ownerDepartment', LIMITS.department, false);
  const version = wholeNumber('version', 1, 1_000_000) ?? 1;
  const status = o.status ?? 'draft';
  if (!STANDARD_STATUSES.includes(status as StandardStatus)) fail('status', `must be one of ${STANDARD_STATUSES.join(', ')}, got ${show(status)}`);

  return { code, nameZh, nameEn, definition, dataType, length, precision, valueRange, codeList, defaultCategory, defaultGrade, ownerDepartment, version, status: status as StandardStatus };
}

function validateCodeList(v: unknown, fail: (field: string, what: string) => never): CodeListEntry[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) return fail('codeList', 'must be a list of { code, label }');
  if (v.length > LIMITS.codeListSize) fail('codeList', `must have at most ${LIMITS.codeListSize} entries, got ${v.length}`);
  const seen = new Set<string>();
  const out: CodeListEntry[] = [];
  v.forEach((e, i) => {
    const at = `codeList[${i}]`;
    if (e === null || typeof e !== 'object') fail(at, 'must be { code, label }');
    const { code, label } = e as Record<string, unknown>;
    const c = typeof code === 'number' && Number.isFinite(code) ? String(code) : code;
    if (typeof c !== 'string' || !c.trim()) fail(`${at}.code`, 'is required text');
    if (typeof label !== 'string' || !label.trim()) fail(`${at}.label`, 'is required text');
    const cc = (c as string).trim();
    const ll = (label as string).trim();
    if (cc.length > LIMITS.codeValue || CONTROL.test(cc) || /[\r\n]/.test(cc)) fail(`${at}.code`, `must be one line of at most ${LIMITS.codeValue} characters`);
    if (ll.length > LIMITS.codeLabel || CONTROL.test(ll) || /[\r\n]/.test(ll)) fail(`${at}.label`, `must be one line of at most ${LIMITS.codeLabel} characters`);
    if (seen.has(cc)) fail(`${at}.code`, `duplicates code ${show(cc)}`);
    seen.add(cc);
    out.push({ code: cc, label: ll });
  });
  return out.length ? out : null;
}

// ---------------------------------------------------------------------------------------------
// Type normalisation

export interface NormalisedType {
  /** null when the type has no standard family (BLOB, bytea, JSON, TIME, arrays...). */
  family: DataTypeFamily | null;
  /** Characters (VARCHAR/CHAR) or total digits (NUMERIC/INTEGER); null when unbounded or unknown. */
  length: number | null;
  /** Decimal places (NUMERIC); null otherwise. */
  precision: number | null;
  /** The base type as written, upper case, without arguments: `VARCHAR2`, `CHARACTER VARYING`. */
  baseType: string;
}

const VARCHAR_TYPES = new Set(['VARCHAR', 'VARCHAR2', 'NVARCHAR', 'NVARCHAR2', 'CHARACTER VARYING', 'CHAR VARYING', 'NCHAR VARYING',
  'NATIONAL CHARACTER VARYING', 'NATIONAL CHAR VARYING', 'NATIONAL VARCHAR', 'VARYING CHARACTER', 'STRING', 'VARCHARACTER']);
const CHAR_TYPES = new Set(['CHAR', 'CHARACTER', 'NCHAR', 'BPCHAR', 'NATIONAL CHAR', 'NATIONAL CHARACTER']);
const TEXT_TYPES = new Set(['TEXT', 'CLOB', 'NCLOB', 'LONG', 'LONGTEXT', 'MEDIUMTEXT', 'TINYTEXT', 'NTEXT', 'JSON', 'JSONB', 'XML', 'XMLTYPE', 'CITEXT']);
const DECIMAL_TYPES = new Set(['DECIMAL', 'NUMERIC', 'DEC', 'FIXED']);
const FLOAT_TYPES = new Set(['FLOAT', 'FLOAT4', 'FLOAT8', 'DOUBLE', 'DOUBLE PRECISION', 'REAL', 'BINARY_FLOAT', 'BINARY_DOUBLE', 'MONEY', 'SMALLMONEY']);
// Digits the largest value of each integer type has: lets a standard INTEGER(10) compare with int4.
const INTEGER_DIGITS: Record<string, number | null> = {
  TINYINT: 3, INT1: 3, SMALLINT: 5, INT2: 5, SMALLSERIAL: 5, SERIAL2: 5, MEDIUMINT: 7, INT3: 7, INT: 10, INTEGER: 10, INT4: 10,
  SERIAL: 10, SERIAL4: 10, BIGINT: 19, INT8: 19, BIGSERIAL: 19, SERIAL8: 19, PLS_INTEGER: 10, BINARY_INTEGER: 10, YEAR: 4,
};
const TIMESTAMP_TYPES = new Set(['TIMESTAMP', 'TIMESTAMPTZ', 'DATETIME', 'DATETIME2', 'SMALLDATETIME', 'DATETIMEOFFSET',
  'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP WITHOUT TIME ZONE', 'TIMESTAMP WITH LOCAL TIME ZONE']);
const BOOLEAN_TYPES = new Set(['BOOL', 'BOOLEAN']);

const nonNegInt = (v: number | null | undefined, what: string): number | null => {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new StandardError(`${what} must be a whole number ≥ 0, got ${show(v)}`, what);
  return v;
};

/**
 * Maps a vendor type to its standard family. `length`, `precision` and `scale` follow the harvested
 * column convention (characters; total digits; decimal places) and fill in what the type string
 * does not say. The result follows the Standard convention: `length` = characters or total digits,
 * `precision` = decimal places. Oracle `NUMBER(p)`/`NUMBER(p,0)` is INTEGER, `tinyint(1)` BOOLEAN.
 */
export function normaliseType(dataType: string, length?: number | null, precision?: number | null, scale?: number | null): NormalisedType {
  if (typeof dataType !== 'string' || !dataType.trim()) throw new StandardError('dataType must be a non-empty type name such as VARCHAR2(100)', 'dataType');
  const len = nonNegInt(length, 'length');
  const prec = nonNegInt(precision, 'precision');
  const sc = nonNegInt(scale, 'scale');
  const raw = dataType.trim().replace(/\s+/g, ' ');
  if (/\[\]$|^_|\bARRAY\b/i.test(raw)) return { family: null, length: null, precision: null, baseType: raw.toUpperCase() };
  const m = /^([^()]*)\s*(?:\(([^)]*)\))?\s*(.*)$/.exec(raw)!;
  let base = m[1].trim().toUpperCase();
  const args = (m[2] ?? '').split(',').map((a) => a.trim().replace(/\s+(BYTE|CHAR)$/i, '')).filter((a) => a !== '');
  const after = (m[3] ?? '').toUpperCase().replace(/\b(UNSIGNED|ZEROFILL|SIGNED)\b/g, '').replace(/\s+/g, ' ').trim();
  base = base.replace(/\b(UNSIGNED|ZEROFILL|SIGNED)\b/g, '').trim();
  if (after && /^WITH(OUT)?\b/.test(after)) base = `${base} ${after}`;
  const num = (i: number): number | null => (args[i] !== undefined && /^[0-9]+$/.test(args[i]) ? Number(args[i]) : null);
  const star = args[0] === '*';
  const out = (family: DataTypeFamily | null, l: number | null = null, p: number | null = null): NormalisedType => ({ family, length: l, precision: p, baseType: base });

  if (VARCHAR_TYPES.has(base)) return out('VARCHAR', num(0) ?? len);
  if (CHAR_TYPES.has(base)) return out('CHAR', num(0) ?? len);
  if (TEXT_TYPES.has(base)) return out('TEXT');
  if (BOOLEAN_TYPES.has(base)) return out('BOOLEAN');
  if ((base === 'TINYINT' && num(0) === 1) || (base === 'BIT' && (args.length === 0 || num(0) === 1))) return out('BOOLEAN');
  if (base === 'NUMBER') {
    const p = star ? 38 : num(0) ?? prec;
    const s = args.length > 1 ? num(1) : args.length === 1 ? 0 : sc;
    if (p == null && s == null) return out('NUMERIC');
    if (s === 0 || (s == null && args.length === 1)) return out('INTEGER', p);
    return out('NUMERIC', p, s);
  }
  if (DECIMAL_TYPES.has(base)) {
    const p = num(0) ?? prec;
    const s = args.length > 1 ? num(1) : args.length === 1 ? 0 : sc;
    return out('NUMERIC', p, p == null ? s : s ?? 0);
  }
  if (FLOAT_TYPES.has(base)) return out('NUMERIC');
  if (base in INTEGER_DIGITS) return out('INTEGER', prec ?? INTEGER_DIGITS[base]);
  if (base === 'DATE') return out('DATE');
  if (TIMESTAMP_TYPES.has(base) || /^TIMESTAMP\b/.test(base)) return out('TIMESTAMP');
  return out(null);
}

/** `VARCHAR(200)`, `NUMERIC(16,2)`, `DATE`: how a standard's type is shown in messages and sheets. */
export function formatStandardType(s: Pick<Standard, 'dataType' | 'length' | 'precision'>): string {
  if (s.dataType === 'NUMERIC' && s.length != null) return `NUMERIC(${s.length},${s.precision ?? 0})`;
  if (s.length != null) return `${s.dataType}(${s.length})`;
  return s.dataType;
}

// ---------------------------------------------------------------------------------------------
// Name similarity: Chinese name vs comment, English tokens vs identifier, pinyin vs identifier

const STOP_WORDS = new Set(['of', 'the', 'a', 'an', 'and', 'or', 'for', 'in', 'on', 'to', 'by', 'with', 'at']);
/** Vendor type prefixes (Hundsun-style C_, VC_, EN_, L_...) dropped from the front of a column name. */
const VENDOR_PREFIXES = new Set(['c', 'vc', 'ch', 'nvc', 'f', 'l', 'd', 'dt', 'en', 'n', 'i', 'b', 's', 't']);
// Usual abbreviations of English words in column names; prefixes of 3+ letters are added automatically.
const ABBREVIATIONS: Record<string, string[]> = {
  customer: ['cust', 'cst', 'cus'], client: ['cli', 'clt'], name: ['nm'], number: ['no', 'num', 'nbr', 'nb'],
  account: ['acct', 'acc', 'acco', 'acnt'], amount: ['amt'], balance: ['bal'], date: ['dt'], time: ['tm'], code: ['cd'],
  type: ['tp', 'typ'], identifier: ['id'], identification: ['id'], identity: ['id'], certificate: ['cert'], document: ['doc'],
  mobile: ['mob', 'mbl'], phone: ['tel', 'ph', 'phn'], telephone: ['tel'], address: ['addr', 'adr'], quantity: ['qty'],
  price: ['prc', 'px'], organization: ['org'], organisation: ['org'], description: ['desc'], status: ['stat', 'sts'],
  value: ['val'], rate: ['rt'], percent: ['pct'], percentage: ['pct'], transaction: ['trans', 'txn', 'tx'], trade: ['trd'],
  fund: ['fnd'], share: ['shr'], market: ['mkt'], currency: ['ccy', 'cur', 'curr'], bank: ['bk'], card: ['crd'],
  email: ['mail'], birthday: ['birth', 'bday'], investor: ['inv'], product: ['prod', 'prd'], manager: ['mgr'],
  department: ['dept', 'dep'], sequence: ['seq'], serial: ['sn'], flag: ['flg'], indicator: ['ind'], registration: ['reg'],
  management: ['mgmt'], contract: ['ctr', 'cntr'], holder: ['hld', 'hldr'], position: ['pos'],
};

const CJK = /[\u3400-\u9fff]/;

/** Lower-case words of an identifier: snake_case, camelCase, digits split off; a vendor prefix dropped. */
export function identifierWords(name: string, dropVendorPrefix = true): string[] {
  const raw = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (dropVendorPrefix && raw.length > 1 && VENDOR_PREFIXES.has(raw[0].toLowerCase())) raw.shift();
  const out: string[] = [];
  for (const part of raw) {
    const spaced = part
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .replace(/([A-Za-z])([0-9])/g, '$1 $2')
      .replace(/([0-9])([A-Za-z])/g, '$1 $2');
    for (const w of spaced.split(' ')) if (w && !/^[0-9]+$/.test(w)) out.push(w.toLowerCase());
  }
  return out;
}

interface Syllable { full: string; initial: string }
interface PreparedStandard {
  std: Standard;
  zh: string;
  zhGrams: Set<string>;
  enWords: string[];
  /** word form → index into enWords */
  enForms: Map<string, number>;
  maxForm: number;
  syllables: Syllable[];
  fullPinyin: string;
  initials: string;
}

const prepared = new WeakMap<Standard, PreparedStandard>();

const normZh = (s: string): string => s.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
const bigrams = (s: string): Set<string> => {
  const g = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) g.add(s.slice(i, i + 2));
  return g;
};

/** Pinyin and English forms of a standard's names, computed once per Standard object. */
function prepare(std: Standard): PreparedStandard {
  const hit = prepared.get(std);
  if (hit) return hit;
  const enWords = [...new Set(std.nameEn.split(/[^A-Za-z0-9]+/).flatMap((w) => identifierWords(w, false)).filter((w) => !STOP_WORDS.has(w)))];
  const enForms = new Map<string, number>();
  enWords.forEach((w, i) => {
    const add = (f: string) => { if (f && !enForms.has(f)) enForms.set(f, i); };
    add(w);
    add(w + 's');
    for (const a of ABBREVIATIONS[w] ?? []) add(a);
    if (w.length >= 4) for (let n = 3; n < w.length; n++) add(w.slice(0, n));
  });
  // exact words win over another word's abbreviation
  enWords.forEach((w, i) => enForms.set(w, i));
  const zh = normZh(std.nameZh);
  const syllables: Syllable[] = [];
  if (CJK.test(zh)) {
    const arr = pinyin(zh, { toneType: 'none', type: 'array', v: true }) as string[];
    for (const s of arr) {
      const f = s.toLowerCase().replace(/[^a-z0-9]/g, '');
      if (f) syllables.push({ full: f, initial: f[0] });
    }
  }
  const p: PreparedStandard = {
    std, zh, zhGrams: bigrams(zh), enWords, enForms, maxForm: Math.max(0, ...[...enForms.keys()].map((k) => k.length)), syllables,
    fullPinyin: syllables.map((s) => s.full).join(''), initials: syllables.map((s) => s.initial).join(''),
  };
  prepared.set(std, p);
  return p;
}

interface ZhText { label: 'comment' | 'name'; raw: string; t: string; grams: Set<string> }
/** What is compared of a column, computed once per column. */
interface ColumnFeatures {
  name: string;
  zhTexts: ZhText[];
  nameWords: string[];
  commentWords: string[];
  /** letters-only forms tried against pinyin, with the factor applied to their score */
  pinyinForms: { c: string; factor: number }[];
}

function columnFeatures(column: { name: string; comment?: string | null }): ColumnFeatures {
  const name = column.name ?? '';
  const comment = column.comment ?? '';
  const zhTexts: ZhText[] = [];
  for (const [label, raw] of [['comment', comment], ['name', name]] as const) {
    const t = normZh(raw);
    if (t && CJK.test(t)) zhTexts.push({ label, raw: raw.trim(), t, grams: bigrams(t) });
  }
  const nameWords = identifierWords(name);
  const commentWords = comment && !CJK.test(comment) ? identifierWords(comment, false) : [];
  const pinyinForms = [{ c: nameWords.join(''), factor: 1 }];
  if (nameWords.length > 1) for (const w of nameWords) pinyinForms.push({ c: w, factor: 0.85 });
  return { name, zhTexts, nameWords, commentWords, pinyinForms: pinyinForms.filter((f) => f.c.length >= 2 && /^[a-z]+$/.test(f.c)) };
}

/** Chinese text (comment or a Chinese column name) against the standard's Chinese name. */
function zhSimilarity(x: ZhText, p: PreparedStandard): number {
  const { t } = x;
  const zh = p.zh;
  if (!zh) return 0;
  if (t === zh) return 1;
  if (t.includes(zh)) return 0.7 + 0.25 * (zh.length / t.length);
  if (zh.includes(t) && t.length >= 2) return 0.8 * (t.length / zh.length);
  if (!x.grams.size || !p.zhGrams.size) return 0;
  let common = 0;
  for (const g of x.grams) if (p.zhGrams.has(g)) common++;
  return 0.9 * (2 * common) / (x.grams.size + p.zhGrams.size);
}

/** A piece of a column word that is a form of one of the standard's English words. */
interface Span { w: number; start: number; end: number; word: number }

/** Every piece of the words that is a form (word, plural, abbreviation, prefix) of the standard's English words. */
function enSpans(words: string[], p: PreparedStandard): Span[] {
  const out: Span[] = [];
  words.forEach((w, wi) => {
    for (let a = 0; a < w.length; a++) {
      for (let b = a + 1; b <= Math.min(w.length, a + p.maxForm); b++) {
        const word = p.enForms.get(w.slice(a, b));
        if (word !== undefined) out.push({ w: wi, start: a, end: b, word });
      }
    }
  });
  return out;
}

/**
 * English words of an identifier against the standard's English name: each word is segmented into
 * forms (`custname` → cust + name) covering as many characters as possible; the score is the share of
 * the standard's words matched times the share of the column's characters covered.
 */
function enSimilarity(words: string[], spans: Span[], p: PreparedStandard): { score: number; matched: string[] } {
  if (!words.length || !p.enWords.length || !spans.length) return { score: 0, matched: [] };
  const matched = new Set<number>();
  let covered = 0;
  let total = 0;
  words.forEach((w, wi) => {
    const n = w.length;
    total += n;
    const mine = spans.filter((s) => s.w === wi).sort((x, y) => x.end - y.end);
    if (!mine.length) return;
    const best = new Int32Array(n + 1);
    const back = new Int32Array(n + 1);
    const word = new Int32Array(n + 1).fill(-1);
    let k = 0;
    for (let i = 1; i <= n; i++) {
      best[i] = best[i - 1];
      back[i] = i - 1;
      word[i] = -1;
      for (; k < mine.length && mine[k].end === i; k++) {
        const c = best[mine[k].start] + (i - mine[k].start);
        if (c > best[i]) { best[i] = c; back[i] = mine[k].start; word[i] = mine[k].word; }
      }
    }
    covered += best[n];
    for (let i = n; i > 0; i = back[i]) if (word[i] >= 0) matched.add(word[i]);
  });
  const score = (matched.size / p.enWords.length) * (covered / total);
  return { score, matched: [...matched].sort().map((i) => p.enWords[i]) };
}

/**
 * Spells `c` syllables [from, j) with each syllable in full or by its initial, for every j reachable
 * with all of `c` consumed. Returns for each such j whether only initials were used.
 */
function spellEnds(c: string, syl: Syllable[], from: number): Map<number, boolean> {
  const ends = new Map<number, boolean>();
  // pos in c → true if reached by initials only
  let cur = new Map<number, boolean>([[0, true]]);
  for (let k = from; k < syl.length && cur.size; k++) {
    const next = new Map<number, boolean>();
    const s = syl[k];
    for (const [pos, onlyInitials] of cur) {
      if (c.startsWith(s.initial, pos)) next.set(pos + 1, (next.get(pos + 1) ?? false) || onlyInitials);
      if (s.full.length > 1 && c.startsWith(s.full, pos)) next.set(pos + s.full.length, next.get(pos + s.full.length) ?? false);
    }
    cur = next;
    const done = cur.get(c.length);
    if (done !== undefined) ends.set(k + 1, done);
  }
  return ends;
}

/** Edit distance, or Infinity as soon as it must exceed `limit`. */
function boundedLevenshtein(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return Infinity;
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return Infinity;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] <= limit ? prev[b.length] : Infinity;
}

const PINYIN_EDIT_MIN = 0.75;

/** Pinyin of the standard's Chinese name against a letters-only identifier (`khxm`, `kehuxingming`, `kehuxm`). */
function pinyinSimilarity(c: string, p: PreparedStandard): { score: number; how: string } {
  const syl = p.syllables;
  if (c.length < 2 || !syl.length) return { score: 0, how: '' };
  let best = { score: 0, how: '' };
  for (let i = 0; i < syl.length; i++) {
    if (c[0] !== syl[i].initial) continue;
    for (const [j, onlyInitials] of spellEnds(c, syl, i)) {
      if (i === 0 && j === syl.length) {
        if (c.length >= 3 || syl.length >= 3) return { score: 1, how: onlyInitials ? 'initials' : 'pinyin' };
        if (0.7 > best.score) best = { score: 0.7, how: 'initials' };
      } else if (c.length >= 3) {
        const s = 0.8 * (j - i) / syl.length;
        if (s > best.score) best = { score: s, how: 'part of the pinyin' };
      }
    }
  }
  const full = p.fullPinyin;
  // a misspelt full pinyin; the first two letters are rarely both wrong
  if (c.length >= 6 && full.length >= 6 && (c[0] === full[0] || c[1] === full[1])) {
    const max = Math.max(c.length, full.length);
    const d = boundedLevenshtein(c, full, Math.floor((1 - PINYIN_EDIT_MIN) * max));
    if (d !== Infinity) {
      const sim = 1 - d / max;
      if (sim * 0.9 > best.score) best = { score: sim * 0.9, how: 'pinyin, edit distance' };
    }
  }
  return best;
}

export interface NameMatch {
  score: number;
  /** Signals with their scores, best first: what made the match (never a sampled value). */
  signals: { via: 'zh' | 'en' | 'pinyin'; score: number; detail: string }[];
}

/** Which signals to compute: a suggestion skips those the index says cannot fire. */
const ALL_SIGNALS = 7;
const SIG_ZH = 1;
const SIG_EN = 2;
const SIG_PINYIN = 4;

function matchPrepared(f: ColumnFeatures, p: PreparedStandard, which = ALL_SIGNALS, explain = true, spans?: { name: Span[]; comment: Span[] }): NameMatch {
  const std = p.std;
  const signals: NameMatch['signals'] = [];
  if (which & SIG_ZH) for (const x of f.zhTexts) {
    const s = zhSimilarity(x, p);
    if (s > 0) signals.push({ via: 'zh', score: s, detail: !explain ? '' : `${x.label} ${x.raw} ${s === 1 ? '=' : '~'} ${std.nameZh}` });
  }
  const en = which & SIG_EN ? enSimilarity(f.nameWords, spans?.name ?? enSpans(f.nameWords, p), p) : { score: 0, matched: [] };
  if (en.score > 0) signals.push({ via: 'en', score: en.score, detail: !explain ? '' : `name ${f.name} ${en.score === 1 ? '=' : '~'} ${std.nameEn} (${en.matched.join(', ')})` });
  if (which & SIG_EN && f.commentWords.length) {
    const ec = enSimilarity(f.commentWords, spans?.comment ?? enSpans(f.commentWords, p), p);
    if (ec.score > 0) signals.push({ via: 'en', score: ec.score, detail: !explain ? '' : `comment ~ ${std.nameEn} (${ec.matched.join(', ')})` });
  }
  let py = { score: 0, how: '' };
  if (which & SIG_PINYIN) for (const { c, factor } of f.pinyinForms) {
    const t = pinyinSimilarity(c, p);
    if (t.score * factor > py.score) py = { score: t.score * factor, how: t.how };
  }
  if (py.score > 0) signals.push({ via: 'pinyin', score: py.score, detail: !explain ? '' : `name ${f.name} ${py.score === 1 ? '=' : '~'} ${std.nameZh} (${py.how} ${py.how === 'initials' ? p.initials : p.fullPinyin})` });
  signals.sort((a, b) => b.score - a.score);
  const best = signals[0]?.score ?? 0;
  const second = signals.find((s) => s.via !== signals[0]?.via)?.score ?? 0;
  // independent signals that agree raise confidence a little
  return { score: Math.min(1, best + 0.2 * second), signals };
}

/** How well a column's name and comment say the standard's name: 1 = the same name. */
export function nameSimilarity(column: { name: string; comment?: string | null }, std: Standard): NameMatch {
  return matchPrepared(columnFeatures(column), prepare(std));
}

// ---------------------------------------------------------------------------------------------
// Conformance

export interface ConformanceColumn {
  name: string;
  /** As the source writes it (`VARCHAR2(100)`); length/precision/scale as harvested (precision = total digits, scale = decimals). */
  dataType: string;
  length?: number | null;
  precision?: number | null;
  scale?: number | null;
  comment?: string | null;
}

export interface CodeListObservation {
  /** How many sampled non-empty values were codes of the standard's code list. */
  codeListHits?: number;
  /** How many non-empty values were sampled. */
  sampled?: number;
}

export type ConformanceAspect = 'name' | 'type' | 'length' | 'precision' | 'codeList';
export interface ConformanceReason { aspect: ConformanceAspect; ok: boolean; message: string }
export type ConformanceStatus = 'conforming' | 'partial' | 'nonconforming';
export interface ConformanceResult { score: number; status: ConformanceStatus; reasons: ConformanceReason[] }

/**
 * Weights of the aspects in the score. The score is Σ weight × credit over the aspects that apply
 * (length only when the standard sets one, precision only for NUMERIC with decimals set, code list
 * only when the standard has one and samples were counted), divided by the sum of their weights.
 * Credits: name 1 same / 0.5 similar / 0 different; type 1 same family (or INTEGER ≈ NUMERIC(p,0)) /
 * 0.5 same group (text, number, time) / 0 otherwise; length 1 equal / 0.5 longer or unbounded /
 * 0 shorter (truncation); precision 1 equal / 0.5 more decimals / 0 fewer; code list = share of
 * sampled values that are codes.
 */
export const CONFORMANCE_WEIGHTS: Readonly<Record<ConformanceAspect, number>> = Object.freeze({ name: 0.2, type: 0.35, length: 0.2, precision: 0.1, codeList: 0.15 });
/** A code list is ok when at least this share of sampled values are codes. */
export const CODE_LIST_OK_RATIO = 0.98;
/** Below this score a column is nonconforming; so is any column whose type family is incompatible. */
export const NONCONFORMING_BELOW = 0.5;
/** Name similarity from which a name counts as similar (half credit) and a suggestion is offered. */
export const SUGGESTION_THRESHOLD = 0.55;

const TYPE_GROUP: Record<DataTypeFamily, string> = { VARCHAR: 'text', CHAR: 'text', TEXT: 'text', INTEGER: 'number', NUMERIC: 'number', DATE: 'time', TIMESTAMP: 'time', BOOLEAN: 'boolean' };

function columnTypeShown(c: ConformanceColumn): string {
  const t = c.dataType.trim();
  if (t.includes('(')) return t;
  if (c.length != null) return `${t}(${c.length})`;
  if (c.precision != null) return c.scale != null ? `${t}(${c.precision},${c.scale})` : `${t}(${c.precision})`;
  return t;
}

/** Scores one column against the standard it is mapped to, with a reason per aspect. */
export function scoreConformance(column: ConformanceColumn, standard: Standard, observed?: CodeListObservation): ConformanceResult {
  if (!column || typeof column.name !== 'string' || !column.name.trim()) throw new StandardError('column.name is required', 'column.name');
  if (typeof column.dataType !== 'string' || !column.dataType.trim()) throw new StandardError(`column ${column.name}: dataType is required`, 'column.dataType');
  const col = normaliseType(column.dataType, column.length, column.precision, column.scale);
  const colShown = columnTypeShown(column);
  const stdShown = formatStandardType(standard);
  const vs = `${colShown} vs ${stdShown}`;
  const parts: { aspect: ConformanceAspect; credit: number; ok: boolean; message: string }[] = [];
  let incompatible = false;

  // name
  const nm = nameSimilarity(column, standard);
  if (nm.score >= 0.999) parts.push({ aspect: 'name', credit: 1, ok: true, message: `名称一致 name matches: ${nm.signals[0].detail}` });
  else if (nm.score >= SUGGESTION_THRESHOLD) parts.push({ aspect: 'name', credit: 0.5, ok: false, message: `名称相近 name similar: ${nm.signals[0].detail}` });
  else parts.push({ aspect: 'name', credit: 0, ok: false, message: `名称不一致 name differs: ${column.name}${column.comment ? ` (${column.comment.trim()})` : ''} vs ${standard.nameZh} / ${standard.nameEn}` });

  // type
  const sf = standard.dataType;
  const cf = col.family;
  const intAsNumeric = (cf === 'INTEGER' && sf === 'NUMERIC' && (standard.precision ?? 0) === 0) || (cf === 'NUMERIC' && sf === 'INTEGER' && col.precision === 0);
  if (cf === sf) parts.push({ aspect: 'type', credit: 1, ok: true, message: `类型一致 type matches: ${vs}` });
  else if (intAsNumeric) parts.push({ aspect: 'type', credit: 1, ok: true, message: `类型等价 type equivalent: ${vs}` });
  else if (cf && TYPE_GROUP[cf] === TYPE_GROUP[sf]) parts.push({ aspect: 'type', credit: 0.5, ok: false, message: `类型不同 type differs: ${vs} (${cf} vs ${sf}, same kind)` });
  else {
    incompatible = true;
    parts.push({ aspect: 'type', credit: 0, ok: false, message: `类型不兼容 type incompatible: ${vs}${cf ? '' : ' (no standard family for this type)'}` });
  }

  // length: characters for text, total digits for numbers
  if (standard.length != null && !incompatible) {
    const want = standard.length;
    const have = cf === 'TEXT' ? null : col.length;
    if (have === want) parts.push({ aspect: 'length', credit: 1, ok: true, message: `长度一致 length matches: ${vs}` });
    else if (have == null) parts.push({ aspect: 'length', credit: 0.5, ok: false, message: `长度未限定 length differs: ${vs} (column has no length limit)` });
    else if (have < want) parts.push({ aspect: 'length', credit: 0, ok: false, message: `长度不一致 length differs: ${vs} (column shorter, values may be truncated)` });
    else parts.push({ aspect: 'length', credit: 0.5, ok: false, message: `长度不一致 length differs: ${vs} (column longer)` });
  }

  // precision: decimal places of NUMERIC
  if (sf === 'NUMERIC' && standard.precision != null && !incompatible) {
    const want = standard.precision;
    const have = cf === 'INTEGER' ? 0 : col.precision;
    if (have === want) parts.push({ aspect: 'precision', credit: 1, ok: true, message: `精度一致 precision matches: ${vs}` });
    else if (have == null) parts.push({ aspect: 'precision', credit: 0.5, ok: false, message: `精度未限定 precision differs: ${vs} (column has no fixed decimal places)` });
    else if (have < want) parts.push({ aspect: 'precision', credit: 0, ok: false, message: `精度不一致 precision differs: ${vs} (${have} vs ${want} decimal places, column rounds)` });
    else parts.push({ aspect: 'precision', credit: 0.5, ok: false, message: `精度不一致 precision differs: ${vs} (${have} vs ${want} decimal places)` });
  }

  // code list: counts only, never the values themselves
  if (standard.codeList?.length && observed && observed.sampled !== undefined) {
    const sampled = observed.sampled;
    const hits = observed.codeListHits ?? 0;
    if (!Number.isInteger(sampled) || sampled < 0 || !Number.isInteger(hits) || hits < 0 || hits > sampled) {
      throw new StandardError(`observed counts must be whole numbers with 0 ≤ codeListHits ≤ sampled, got ${hits} of ${sampled}`, 'observed');
    }
    if (sampled > 0) {
      const ratio = hits / sampled;
      const pct = Math.round(ratio * 1000) / 10;
      const ok = ratio >= CODE_LIST_OK_RATIO;
      parts.push({ aspect: 'codeList', credit: ratio, ok, message: `${ok ? '代码值符合' : '代码值不符'} code list: ${hits} of ${sampled} sampled values are codes of ${standard.code} (${pct}%)` });
    }
  }

  let sumW = 0;
  let sum = 0;
  for (const p of parts) { sumW += CONFORMANCE_WEIGHTS[p.aspect]; sum += CONFORMANCE_WEIGHTS[p.aspect] * p.credit; }
  const score = Math.round((sum / sumW) * 1000) / 1000;
  const status: ConformanceStatus = incompatible || score < NONCONFORMING_BELOW ? 'nonconforming' : parts.every((p) => p.ok) ? 'conforming' : 'partial';
  return { score, status, reasons: parts.map(({ aspect, ok, message }) => ({ aspect, ok, message })) };
}

export interface ConformanceRollup {
  /** All columns counted, mapped or not. */
  columns: number;
  /** Columns mapped to a standard (a result given). */
  mapped: number;
  conforming: number;
  partial: number;
  nonconforming: number;
  /** Mean score of the mapped columns; null when none is mapped. */
  average: number | null;
}

/** Rolls column results up for a system or source: pass null for a column not mapped to a standard. */
export function rollupConformance(scores: ReadonlyArray<ConformanceResult | null | undefined>): ConformanceRollup {
  const r: ConformanceRollup = { columns: scores.length, mapped: 0, conforming: 0, partial: 0, nonconforming: 0, average: null };
  let sum = 0;
  for (const s of scores) {
    if (!s) continue;
    r.mapped++;
    r[s.status]++;
    sum += s.score;
  }
  if (r.mapped) r.average = Math.round((sum / r.mapped) * 1000) / 1000;
  return r;
}

/** The same rollup grouped by a key (system, source): `{ TA: {...}, 估值: {...} }`. */
export function rollupConformanceBy<T>(items: ReadonlyArray<T>, keyOf: (item: T) => string, resultOf: (item: T) => ConformanceResult | null | undefined): Record<string, ConformanceRollup> {
  const groups = new Map<string, (ConformanceResult | null | undefined)[]>();
  for (const it of items) {
    const k = keyOf(it);
    const g = groups.get(k) ?? [];
    g.push(resultOf(it));
    groups.set(k, g);
  }
  const out: Record<string, ConformanceRollup> = {};
  for (const [k, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = rollupConformance(g);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Mapping suggestions

export interface StandardSuggestion { code: string; score: number; why: string }
export interface SuggestOptions {
  /** Minimum score to suggest at all (default SUGGESTION_THRESHOLD): unrelated columns get nothing. */
  threshold?: number;
}

/** Inverted index over a list of standards so a column is compared only with standards it shares something with. */
interface StandardsIndex {
  items: Standard[];
  preps: PreparedStandard[];
  /** Chinese bigram (or the one character of a one-character name) → standards */
  zh: Map<string, number[]>;
  /** English word form → standards */
  forms: Map<string, number[]>;
  maxForm: number;
  /** first letter of any syllable → standards */
  initials: Map<string, number[]>;
  /** second letter of the full pinyin → standards (for misspelt first letters) */
  second: Map<string, number[]>;
}
const indexes = new WeakMap<ReadonlyArray<Standard>, StandardsIndex>();

function indexFor(standards: ReadonlyArray<Standard>): StandardsIndex {
  const hit = indexes.get(standards);
  if (hit && hit.items.length === standards.length && hit.items.every((s, i) => s === standards[i])) return hit;
  const idx: StandardsIndex = { items: [...standards], preps: [], zh: new Map(), forms: new Map(), maxForm: 0, initials: new Map(), second: new Map() };
  const put = (m: Map<string, number[]>, key: string, i: number) => {
    const l = m.get(key);
    if (!l) m.set(key, [i]);
    else if (l[l.length - 1] !== i) l.push(i);
  };
  idx.items.forEach((std, i) => {
    const p = prepare(std);
    idx.preps.push(p);
    if (p.zh.length === 1) put(idx.zh, p.zh, i);
    for (const g of p.zhGrams) put(idx.zh, g, i);
    for (const f of p.enForms.keys()) put(idx.forms, f, i);
    idx.maxForm = Math.max(idx.maxForm, p.maxForm);
    for (const s of p.syllables) put(idx.initials, s.initial, i);
    if (p.fullPinyin.length > 1) put(idx.second, p.fullPinyin[1], i);
  });
  indexes.set(standards, idx);
  return idx;
}

interface Candidate { which: number; spans: { name: Span[]; comment: Span[] } }

/** Standards worth comparing with the column, which signals can fire for each, and their English spans. */
function candidates(f: ColumnFeatures, idx: StandardsIndex): Map<number, Candidate> {
  const out = new Map<number, Candidate>();
  const get = (i: number): Candidate => {
    let c = out.get(i);
    if (!c) { c = { which: 0, spans: { name: [], comment: [] } }; out.set(i, c); }
    return c;
  };
  const addAll = (l: number[] | undefined, sig: number) => { if (l) for (const i of l) get(i).which |= sig; };
  for (const x of f.zhTexts) {
    for (const g of x.grams) addAll(idx.zh.get(g), SIG_ZH);
    for (const ch of x.t) addAll(idx.zh.get(ch), SIG_ZH);
  }
  for (const [kind, words] of [['name', f.nameWords], ['comment', f.commentWords]] as const) {
    words.forEach((w, wi) => {
      for (let a = 0; a < w.length; a++) {
        for (let b = a + 1; b <= Math.min(w.length, a + idx.maxForm); b++) {
          const form = w.slice(a, b);
          const l = idx.forms.get(form);
          if (!l) continue;
          for (const i of l) {
            const c = get(i);
            c.which |= SIG_EN;
            c.spans[kind].push({ w: wi, start: a, end: b, word: idx.preps[i].enForms.get(form)! });
          }
        }
      }
    });
  }
  for (const { c } of f.pinyinForms) {
    addAll(idx.initials.get(c[0]), SIG_PINYIN);
    if (c.length >= 6) addAll(idx.second.get(c[1]), SIG_PINYIN);
  }
  return out;
}

/**
 * Up to k standards a column likely follows, best first, by Chinese name vs comment, English name
 * tokens (cust/name), and pinyin full spelling or initials (khxm → 客户姓名), with edit distance on
 * the full pinyin. An incompatible type family lowers a score. Retired standards are not suggested.
 * Standards are treated as immutable values: the list is indexed once and reused while the same
 * array holds the same objects.
 */
export function suggestStandards(column: { name: string; comment?: string | null; dataType?: string | null }, standards: ReadonlyArray<Standard>, k = 3, opts: SuggestOptions = {}): StandardSuggestion[] {
  if (!column || typeof column.name !== 'string') throw new StandardError('column.name is required', 'column.name');
  if (!Number.isInteger(k) || k < 1) throw new StandardError(`k must be a whole number ≥ 1, got ${show(k)}`, 'k');
  const threshold = opts.threshold ?? SUGGESTION_THRESHOLD;
  let family: DataTypeFamily | null = null;
  if (column.dataType) {
    try { family = normaliseType(column.dataType).family; } catch { family = null; }
  }
  const idx = indexFor(standards);
  const f = columnFeatures(column);
  const out: StandardSuggestion[] = [];
  for (const [i, { which, spans }] of candidates(f, idx)) {
    const p = idx.preps[i];
    const std = p.std;
    if (std.status === 'retired') continue;
    const quick = matchPrepared(f, p, which, false, spans);
    if (quick.score <= 0) continue;
    const typeOff = family !== null && family !== std.dataType && TYPE_GROUP[family] !== TYPE_GROUP[std.dataType];
    const score = Math.round(quick.score * (typeOff ? 0.8 : 1) * 1000) / 1000;
    if (score < threshold) continue;
    // explained only for what is returned
    const why = matchPrepared(f, p, which, true, spans).signals.filter((s) => s.score >= 0.3).slice(0, 3).map((s) => s.detail);
    if (typeOff) why.push(`type ${family} vs ${std.dataType}`);
    out.push({ code: std.code, score, why: why.join('; ') });
  }
  out.sort((a, b) => b.score - a.score || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return out.slice(0, k);
}

// ---------------------------------------------------------------------------------------------
// Versioning

export interface StandardChange { field: keyof Standard; before: unknown; after: unknown }

/** Fields that differ between two versions of a standard (both validated first), for the version record and the audit event. */
export function standardChanges(before: Standard, after: Standard): StandardChange[] {
  const a = validateStandard(before);
  const b = validateStandard(after);
  if (a.code !== b.code) throw new StandardError(`standard ${a.code} cannot become ${b.code}: the code of a standard never changes`, 'code');
  const out: StandardChange[] = [];
  for (const field of FIELDS as Set<keyof Standard>) {
    if (field === 'version') continue;
    if (JSON.stringify(a[field] ?? null) !== JSON.stringify(b[field] ?? null)) out.push({ field, before: a[field] ?? null, after: b[field] ?? null });
  }
  return out;
}
