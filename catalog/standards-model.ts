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
    std, zh, enWords, enForms, maxForm: Math.max(0, ...[...enForms.keys()].map((k) => k.length)), syllables,
    fullPinyin: syllables.map((s) => s.full).join(''), initials: syllables.map((s) => s.initial).join(''),
  };
  prepared.set(std, p);
  return p;
}

/** Chinese text (comment or a Chinese column name) against the standard's Chinese name. */
function zhSimilarity(text: string, zh: string): number {
  const t = normZh(text);
  if (!t || !zh || !CJK.test(t)) return 0;
  if (t === zh) return 1;
  if (t.includes(zh)) return 0.7 + 0.25 * (zh.length / t.length);
  if (zh.includes(t) && t.length >= 2) return 0.8 * (t.length / zh.length);
  const grams = (s: string) => { const g = new Set<string>(); for (let i = 0; i + 1 < s.length; i++) g.add(s.slice(i, i + 2)); return g; };
  const a = grams(t);
  const b = grams(zh);
  if (!a.size || !b.size) return 0;
  let common = 0;
  for (const g of a) if (b.has(g)) common++;
  return 0.9 * (2 * common) / (a.size + b.size);
}

/** English words of an identifier against the standard's English name (segmenting `custname`). */
function enSimilarity(words: string[], p: PreparedStandard): { score: number; matched: string[] } {
  if (!words.length || !p.enWords.length) return { score: 0, matched: [] };
  const matched = new Set<number>();
  let covered = 0;
  let total = 0;
  for (const w of words) {
    total += w.length;
    // best segmentation of w into forms: maximise covered characters
    const n = w.length;
    const best = new Int32Array(n + 1).fill(-1);
    const back = new Int32Array(n + 1);
    const word = new Int32Array(n + 1).fill(-1);
    best[0] = 0;
    for (let i = 1; i <= n; i++) {
      if (best[i - 1] >= 0 && best[i - 1] > best[i]) { best[i] = best[i - 1]; back[i] = i - 1; word[i] = -1; }
      for (let j = Math.max(0, i - p.maxForm); j < i; j++) {
        if (best[j] < 0) continue;
        const idx = p.enForms.get(w.slice(j, i));
        if (idx === undefined) continue;
        const c = best[j] + (i - j);
        if (c > best[i]) { best[i] = c; back[i] = j; word[i] = idx; }
      }
    }
    covered += best[n];
    for (let i = n; i > 0; i = back[i]) if (word[i] >= 0) matched.add(word[i]);
  }
  const score = (matched.size / p.enWords.length) * (covered / total);
  return { score, matched: [...matched].sort().map((i) => p.enWords[i]) };
}

/** Can `c` be read as syllables [from, to), each spelled in full or by its initial? Returns whether all were initials. */
function spells(c: string, syl: Syllable[], from: number, to: number): { ok: boolean; allInitials: boolean } {
  // reachable[i][k]: c[0..i) spells syllables from..from+k; value 1 = only via initials, 2 = used a full spelling
  const n = c.length;
  let cur = new Map<number, number>([[0, 1]]);
  for (let k = from; k < to; k++) {
    const next = new Map<number, number>();
    for (const [pos, flag] of cur) {
      const s = syl[k];
      if (c.startsWith(s.initial, pos)) next.set(pos + 1, Math.max(next.get(pos + 1) ?? 0, flag));
      if (s.full.length > 1 && c.startsWith(s.full, pos)) next.set(pos + s.full.length, 2);
    }
    cur = next;
    if (!cur.size) return { ok: false, allInitials: false };
  }
  const flag = cur.get(n);
  return flag ? { ok: true, allInitials: flag === 1 } : { ok: false, allInitials: false };
}

function levenshtein(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** Pinyin of the standard's Chinese name against a letters-only identifier (`khxm`, `kehuxingming`, `kehuxm`). */
function pinyinSimilarity(c: string, p: PreparedStandard): { score: number; how: string } {
  const syl = p.syllables;
  if (c.length < 2 || !syl.length || !/^[a-z]+$/.test(c)) return { score: 0, how: '' };
  const whole = spells(c, syl, 0, syl.length);
  if (whole.ok) {
    if (c.length >= 3 || syl.length >= 3) return { score: 1, how: whole.allInitials ? 'initials' : 'pinyin' };
    return { score: 0.7, how: 'initials' };
  }
  let best = { score: 0, how: '' };
  if (c.length >= 3) {
    for (let i = 0; i < syl.length; i++) {
      for (let j = syl.length; j > i + 1; j--) {
        if (j - i === syl.length) continue;
        if (spells(c, syl, i, j).ok) {
          const s = 0.8 * (j - i) / syl.length;
          if (s > best.score) best = { score: s, how: 'part of the pinyin' };
        }
      }
    }
  }
  if (c.length >= 6 && p.fullPinyin.length >= 6) {
    const sim = 1 - levenshtein(c, p.fullPinyin) / Math.max(c.length, p.fullPinyin.length);
    if (sim >= 0.75 && sim * 0.9 > best.score) best = { score: sim * 0.9, how: 'pinyin, edit distance' };
  }
  return best;
}

export interface NameMatch {
  score: number;
  /** Signals with their scores, best first: what made the match (never a sampled value). */
  signals: { via: 'zh' | 'en' | 'pinyin'; score: number; detail: string }[];
}

/** How well a column's name and comment say the standard's name: 1 = the same name. */
export function nameSimilarity(column: { name: string; comment?: string | null }, std: Standard): NameMatch {
  const p = prepare(std);
  const signals: NameMatch['signals'] = [];
  const name = column.name ?? '';
  const comment = column.comment ?? '';
  for (const [label, text] of [['comment', comment], ['name', name]] as const) {
    const s = zhSimilarity(text, p.zh);
    if (s > 0) signals.push({ via: 'zh', score: s, detail: `${label} ${text.trim()} ${s === 1 ? '=' : '~'} ${std.nameZh}` });
  }
  const nameWords = identifierWords(name);
  const en = enSimilarity(nameWords, p);
  if (en.score > 0) signals.push({ via: 'en', score: en.score, detail: `name ${name} ${en.score === 1 ? '=' : '~'} ${std.nameEn} (${en.matched.join(', ')})` });
  if (comment && !CJK.test(comment)) {
    const ec = enSimilarity(identifierWords(comment, false), p);
    if (ec.score > 0) signals.push({ via: 'en', score: ec.score, detail: `comment ~ ${std.nameEn} (${ec.matched.join(', ')})` });
  }
  const compact = nameWords.join('');
  let py = pinyinSimilarity(compact, p);
  if (nameWords.length > 1) {
    for (const w of nameWords) {
      const t = pinyinSimilarity(w, p);
      if (t.score * 0.85 > py.score) py = { score: t.score * 0.85, how: t.how };
    }
  }
  if (py.score > 0) signals.push({ via: 'pinyin', score: py.score, detail: `name ${name} ${py.score === 1 ? '=' : '~'} ${std.nameZh} (${py.how} ${py.how === 'initials' ? p.initials : p.fullPinyin})` });
  signals.sort((a, b) => b.score - a.score);
  const best = signals[0]?.score ?? 0;
  const second = signals.find((s) => s.via !== signals[0]?.via)?.score ?? 0;
  // independent signals that agree raise confidence a little
  return { score: Math.min(1, best + 0.2 * second), signals };
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

/**
 * Up to k standards a column likely follows, best first, by Chinese name vs comment, English name
 * tokens (cust/name), and pinyin full spelling or initials (khxm → 客户姓名), with edit distance on
 * the full pinyin. An incompatible type family lowers a score. Retired standards are not suggested.
 */
export function suggestStandards(column: { name: string; comment?: string | null; dataType?: string | null }, standards: ReadonlyArray<Standard>, k = 3, opts: SuggestOptions = {}): StandardSuggestion[] {
  if (!column || typeof column.name !== 'string') throw new StandardError('column.name is required', 'column.name');
  if (!Number.isInteger(k) || k < 1) throw new StandardError(`k must be a whole number ≥ 1, got ${show(k)}`, 'k');
  const threshold = opts.threshold ?? SUGGESTION_THRESHOLD;
  let family: DataTypeFamily | null = null;
  if (column.dataType) {
    try { family = normaliseType(column.dataType).family; } catch { family = null; }
  }
  const out: StandardSuggestion[] = [];
  for (const std of standards) {
    if (std.status === 'retired') continue;
    const m = nameSimilarity(column, std);
    if (m.score <= 0) continue;
    let score = m.score;
    const why = m.signals.filter((s) => s.score >= 0.3).slice(0, 3).map((s) => s.detail);
    if (family && family !== std.dataType && TYPE_GROUP[family] !== TYPE_GROUP[std.dataType]) {
      score *= 0.8;
      why.push(`type ${family} vs ${std.dataType}`);
    }
    score = Math.round(score * 1000) / 1000;
    if (score >= threshold) out.push({ code: std.code, score, why: why.join('; ') });
  }
  out.sort((a, b) => b.score - a.score || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return out.slice(0, k);
}
