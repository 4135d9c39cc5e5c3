// Value detectors: each a small unit (id, patterns, context words, validator) in the manner of
// Presidio recognizers. A column's result is a hit ratio over its sampled values.
// Speed: every value is scanned once to a shape (kind + length); only the detectors registered
// for that shape run, so most values meet zero to two cheap validators and no regex at all.
import { readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import {
  isValidGb32100, isValidGb11714, isValidIsin, isValidCusip, isValidLei, isValidIban,
} from './checksums.ts';
import type { DetectorResult, PatternDetector } from './types.ts';

/** Shape classes of a value, computed in one pass over its characters. */
export enum Kind {
  Digits = 0, // 0-9 only
  DigitsX = 1, // digits ending in X/x (resident ID)
  UpperAlnum = 2, // A-Z and 0-9, at least one letter
  Alnum = 3, // letters (any case) and digits
  Email = 4, // contains @
  Cjk = 5, // contains a CJK ideograph
  Punct = 6, // other ASCII (digits/letters with - : . / space $ ...)
  Other = 7,
}
const KIND_COUNT = 8;
const MAX_LEN = 64;

export interface Detector {
  id: string;
  label: string;
  /** Regular expressions or formats it recognises (documentation for stewards). */
  patterns: string[];
  /** Column words that make this detector's evidence more credible. */
  contextWords: string[];
  /** Category code and grade this detector usually points to (rules decide the real mapping). */
  categoryHint: string;
  gradeHint: number;
  kinds: Kind[];
  minLen: number;
  maxLen: number;
  /** For values with punctuation: at least one of these marks must be present (P_* bits). */
  punct?: number;
  /** The validator: true when the value is this kind of identifier. */
  test(value: string): boolean;
}

// ---------- helpers ----------

const THIS_YEAR = new Date().getUTCFullYear();
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function num(s: string, from: number, len: number): number {
  let n = 0;
  for (let i = from; i < from + len; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function plausibleDate(y: number, m: number, d: number, minYear: number, maxYear: number): boolean {
  if (y < minYear || y > maxYear || m < 1 || m > 12 || d < 1) return false;
  if (d > DAYS[m - 1]) return false;
  if (m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return false;
  return true;
}

// GB/T 2260 province codes, plus 71 (Taiwan) and 81-83 (HK, Macao, Taiwan residence permits).
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83]);

const USCC_SHAPE = /^[1-9ANY][1-9][0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
/** Unified social credit code shape: registration authority, type, a real province in the region code. */
export function usccShape(v: string): boolean {
  return PROVINCES.has(num(v, 2, 2)) && USCC_SHAPE.test(v);
}

/** 18-digit ID shape: plausible province and birth date, check digit not verified. */
export function residentIdShape(v: string): boolean {
  if (v.length !== 18) return false;
  if (!PROVINCES.has(num(v, 0, 2))) return false;
  return plausibleDate(num(v, 6, 4), num(v, 10, 2), num(v, 12, 2), 1900, THIS_YEAR);
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
/** GB 11643 check on a value already known to be 17 digits + digit/X (same result as isValidGb11643). */
function gb11643Fast(v: string): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (v.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  const c = v.charCodeAt(17);
  return ID_CHECK.charCodeAt(sum % 11) === (c === 120 ? 88 : c);
}

function luhnFast(v: string): boolean {
  let sum = 0;
  for (let i = v.length - 1, k = 0; i >= 0; i--, k++) {
    let d = v.charCodeAt(i) - 48;
    if (k % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}

export function isResidentId(v: string): boolean {
  if (v.length === 18) return residentIdShape(v) && gb11643Fast(v);
  if (v.length === 15) {
    if (!PROVINCES.has(num(v, 0, 2))) return false;
    return plausibleDate(1900 + num(v, 6, 2), num(v, 8, 2), num(v, 10, 2), 1900, 1999);
  }
  return false;
}

function issuerPrefix(v: string): boolean {
  const a = v.charCodeAt(0) - 48;
  const b = v.charCodeAt(1) - 48;
  const n = v.length;
  if (n === 15) return a === 3 && (b === 4 || b === 7); // Amex
  switch (a) {
    case 4: return n === 16 || n === 19; // Visa
    case 5: return n === 16 && b >= 1 && b <= 5; // Mastercard
    case 2: return n === 16 && b >= 2 && b <= 7; // Mastercard 2-series
    case 3: return b === 5; // JCB
    case 6: return b === 2 || b === 0 || b === 5; // UnionPay 62, Discover/domestic 60, 65
    case 9: return b === 5; // some domestic debit cards (9558...)
    default: return false;
  }
}
export function bankCardShape(v: string): boolean {
  return v.length >= 15 && v.length <= 19 && issuerPrefix(v);
}
export function isBankCard(v: string): boolean {
  return bankCardShape(v) && luhnFast(v);
}

export function isMobile(v: string): boolean {
  let s = v;
  if (s.length === 13 && s.startsWith('86')) s = s.slice(2);
  else if (s.length === 14 && s.startsWith('+86')) s = s.slice(3);
  if (s.length !== 11 || s.charCodeAt(0) !== 49) return false;
  const b = s.charCodeAt(1);
  if (b < 51 || b > 57) return false;
  for (let i = 2; i < 11; i++) { const c = s.charCodeAt(i); if (c < 48 || c > 57) return false; }
  return true;
}

const LANDLINE = /^(?:\(0\d{2,3}\)|0\d{2,3}-?)\d{7,8}(?:-\d{1,6})?$/;
const MAC = /^[0-9A-Fa-f]{2}(?:([:-])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2}){4}$/;
const CN_PASSPORT = /^(?:E[0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|G[0-9]{8}|[DPS]E?[0-9]{7})$/;
const HK_MO_PERMIT = /^[HM][0-9]{8}(?:[0-9]{2})?$/;
const MAINLAND_HK_MO_PASS = /^C[0-9A-HJ-NP-Z][0-9]{7}$/;
const SH_SEC_ACCOUNT = /^[A-HJ-Z][0-9]{9}$/;
const BIC = /^[A-Z]{4}([A-Z]{2})[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;
const SSN = /^(\d{3})-(\d{2})-(\d{4})$/;
const PASSWORD_HASH = /^(?:\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}|\$argon2(?:id|i|d)\$|\$scrypt\$|\$pbkdf2|pbkdf2_sha\d+\$|\{SSHA\}|\$[156]\$)/;
const EMBEDDED_ID = /(?<![0-9])[1-8][0-9]{16}[0-9Xx](?![0-9])/g;
const EMBEDDED_MOBILE = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/;
const EMBEDDED_EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}\.[A-Za-z]{2,24}/;
const ADDRESS = /(?:省|市|自治区|特别行政区|区|县|州|镇|乡)[^\s]{0,24}?(?:路|街|道|大道|弄|巷|胡同|村|号|大厦|小区|广场|楼)/;

const COUNTRIES = new Set(('AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK').split(' '));

const surnames = JSON.parse(readFileSync(new URL('./rules/cn-surnames.json', import.meta.url), 'utf8')) as { single: string; compound: string[] };
const SURNAME_SET = new Set(Array.from(surnames.single));
const COMPOUND_SET = new Set(surnames.compound);

function isCjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || c === 0x00b7;
}

export function isChinesePersonName(v: string): boolean {
  const n = v.length;
  if (n < 2 || n > 4) return false;
  for (let i = 0; i < n; i++) if (!isCjk(v.charCodeAt(i))) return false;
  if (n >= 3 && COMPOUND_SET.has(v.slice(0, 2))) return true;
  return SURNAME_SET.has(v[0]);
}

/** local@domain.tld without a backtracking regex: one @, sane local part, dotted domain, letter TLD. */
function isEmail(v: string): boolean {
  const at = v.indexOf('@');
  if (at < 1 || at > 64 || at !== v.lastIndexOf('@')) return false;
  const dot = v.lastIndexOf('.');
  if (dot < at + 2 || v.length - dot - 1 < 2) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (alnum || c === 46 || c === 45) continue;
    if (i < at && (c === 95 || c === 37 || c === 43)) continue;
    if (i === at) continue;
    return false;
  }
  for (let i = dot + 1; i < v.length; i++) { const c = v.charCodeAt(i) | 32; if (c < 97 || c > 122) return false; }
  return v.charCodeAt(at + 1) !== 46 && v.charCodeAt(dot - 1) !== 46 && !v.includes('..');
}

function isIpv4(v: string): boolean {
  let parts = 0, cur = -1, digits = 0;
  for (let i = 0; i <= v.length; i++) {
    const c = i < v.length ? v.charCodeAt(i) : 46;
    if (c === 46) {
      if (cur < 0 || cur > 255 || (digits > 1 && v.charCodeAt(i - digits) === 48)) return false;
      parts++; cur = -1; digits = 0;
    } else if (c >= 48 && c <= 57) {
      cur = (cur < 0 ? 0 : cur) * 10 + (c - 48); digits++;
      if (digits > 3) return false;
    } else return false;
  }
  return parts === 4;
}

function isDateOfBirth(v: string): boolean {
  let y: number, m: number, d: number;
  if (v.length === 8) { y = num(v, 0, 4); m = num(v, 4, 2); d = num(v, 6, 2); }
  else if (v.length === 10 && (v[4] === '-' || v[4] === '/') && v[7] === v[4]) { y = num(v, 0, 4); m = num(v, 5, 2); d = num(v, 8, 2); }
  else return false;
  // A birth date lies more than about ten years back; business dates cluster near today.
  return plausibleDate(y, m, d, 1900, THIS_YEAR - 10);
}

function isDateValue(v: string): boolean {
  let y: number, m: number, d: number;
  if (v.length === 8) { y = num(v, 0, 4); m = num(v, 4, 2); d = num(v, 6, 2); }
  else if (v.length >= 10 && (v[4] === '-' || v[4] === '/') && v[7] === v[4]) { y = num(v, 0, 4); m = num(v, 5, 2); d = num(v, 8, 2); }
  else return false;
  return plausibleDate(y, m, d, 1900, 2100);
}

function isSsn(v: string): boolean {
  const m = SSN.exec(v);
  if (!m) return false;
  const area = +m[1], group = +m[2], serial = +m[3];
  return area !== 0 && area !== 666 && area < 900 && group !== 0 && serial !== 0;
}
function isItin(v: string): boolean {
  const m = SSN.exec(v);
  if (!m || m[1][0] !== '9') return false;
  const g = +m[2];
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99);
}

function hasEmbeddedPii(v: string): boolean {
  let run = 0, maxRun = 0, at = false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) { if (++run > maxRun) maxRun = run; } else { run = 0; if (c === 64) at = true; }
  }
  if (at && EMBEDDED_EMAIL.test(v)) return true;
  if (maxRun < 11) return false;
  if (EMBEDDED_MOBILE.test(v)) return true;
  if (maxRun >= 17) {
    EMBEDDED_ID.lastIndex = 0;
    for (let m = EMBEDDED_ID.exec(v); m; m = EMBEDDED_ID.exec(v)) if (isResidentId(m[0])) return true;
  }
  return false;
}

// Punctuation bits computed by shapeKind: a cheap prefilter before any validator or regex.
export const P_DASH = 1, P_DOT = 2, P_COLON = 4, P_SLASH = 8, P_STAR = 16, P_SPACE = 32, P_PAREN = 64, P_PLUS = 128, P_DOLLAR = 256, P_BRACE = 512;
let punctMask = 0;
function punctBit(c: number): number {
  switch (c) {
    case 45: return P_DASH; case 46: return P_DOT; case 58: return P_COLON; case 47: return P_SLASH; case 42: return P_STAR;
    case 32: return P_SPACE; case 40: case 41: return P_PAREN; case 43: return P_PLUS; case 36: return P_DOLLAR; case 123: case 125: return P_BRACE;
    default: return 0;
  }
}

const D = Kind.Digits, DX = Kind.DigitsX, UA = Kind.UpperAlnum, AN = Kind.Alnum, EM = Kind.Email, CJ = Kind.Cjk, PU = Kind.Punct, OT = Kind.Other;
const ALL = [D, DX, UA, AN, EM, CJ, PU, OT];

/** The built-in detectors. Ids are stable: rules/*.json map them to concepts. */
export const DETECTORS: Detector[] = [
  { id: 'cn_resident_id', label: '居民身份证号 (GB 11643, 18/15 位)', patterns: ['^\\d{17}[\\dX]$ + GB 11643 check + birth date', '^\\d{15}$ (old form)'], contextWords: ['身份证', '证件号', 'idno', 'id_card'], categoryHint: 'C01', gradeHint: 3, kinds: [D, DX], minLen: 15, maxLen: 18, test: isResidentId },
  { id: 'cn_resident_id_shape', label: '18 位身份证形状（未校验）', patterns: ['^\\d{17}[\\dX]$ with province and birth date'], contextWords: [], categoryHint: 'O01', gradeHint: 2, kinds: [D, DX], minLen: 18, maxLen: 18, test: residentIdShape },
  { id: 'cn_uscc', label: '统一社会信用代码 (GB 32100)', patterns: ['^[1-9ANY][1-9]\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$ (region code at 3-8) + GB 32100 check'], contextWords: ['信用代码', 'uscc'], categoryHint: 'C02', gradeHint: 3, kinds: [D, UA], minLen: 18, maxLen: 18, test: (v) => usccShape(v) && isValidGb32100(v) },
  { id: 'cn_uscc_shape', label: '18 位信用代码形状（未校验）', patterns: ['^[1-9ANY][1-9]\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$'], contextWords: [], categoryHint: 'M05', gradeHint: 2, kinds: [UA], minLen: 18, maxLen: 18, test: usccShape },
  { id: 'cn_org_code', label: '组织机构代码 (GB 11714)', patterns: ['^[0-9A-Z]{8}-?[0-9X]$ + GB 11714 check'], contextWords: ['组织机构代码', 'orgcode'], categoryHint: 'C02', gradeHint: 3, kinds: [D, DX, UA, PU], minLen: 9, maxLen: 10, punct: P_DASH, test: (v) => (v.length === 9 || v[8] === '-') && isValidGb11714(v) },
  { id: 'cn_mobile', label: '手机号', patterns: ['^(\\+?86)?1[3-9]\\d{9}$'], contextWords: ['手机', 'mobile', 'phone', 'tel'], categoryHint: 'C03', gradeHint: 3, kinds: [D, PU], minLen: 11, maxLen: 14, punct: P_PLUS, test: isMobile },
  { id: 'cn_landline', label: '固定电话', patterns: [LANDLINE.source], contextWords: ['电话', 'tel', 'phone'], categoryHint: 'C03', gradeHint: 3, kinds: [PU], minLen: 9, maxLen: 20, punct: P_DASH | P_PAREN, test: (v) => LANDLINE.test(v) },
  { id: 'bank_card', label: '银行卡号 (Luhn + 发卡行前缀)', patterns: ['^(62|60|65|4|5[1-5]|2[2-7]|35|95)\\d{13,17}$ + Luhn'], contextWords: ['卡号', 'card', '银行账号'], categoryHint: 'C04', gradeHint: 3, kinds: [D], minLen: 15, maxLen: 19, test: isBankCard },
  { id: 'bank_card_shape', label: '银行卡形状（Luhn 不符）', patterns: ['issuer prefix, 15-19 digits'], contextWords: [], categoryHint: 'O01', gradeHint: 2, kinds: [D], minLen: 15, maxLen: 19, test: bankCardShape },
  { id: 'cn_passport', label: '中国护照号', patterns: [CN_PASSPORT.source], contextWords: ['护照', 'passport'], categoryHint: 'C01', gradeHint: 3, kinds: [UA], minLen: 8, maxLen: 9, test: (v) => CN_PASSPORT.test(v) },
  { id: 'hk_mo_permit', label: '港澳居民来往内地通行证', patterns: [HK_MO_PERMIT.source], contextWords: ['回乡证', '通行证', 'permit'], categoryHint: 'C01', gradeHint: 3, kinds: [UA], minLen: 9, maxLen: 11, test: (v) => HK_MO_PERMIT.test(v) },
  { id: 'mainland_hk_mo_pass', label: '往来港澳通行证', patterns: [MAINLAND_HK_MO_PASS.source], contextWords: ['通行证'], categoryHint: 'C01', gradeHint: 3, kinds: [UA], minLen: 9, maxLen: 9, test: (v) => MAINLAND_HK_MO_PASS.test(v) },
  { id: 'tw_permit', label: '台湾居民来往大陆通行证', patterns: ['^\\d{8}$ (not a date)', '^\\d{10}[A-Z]?$'], contextWords: ['台胞证', '台湾居民'], categoryHint: 'C01', gradeHint: 3, kinds: [D, UA], minLen: 8, maxLen: 11, test: (v) => (v.length === 8 && /^\d{8}$/.test(v) && !isDateValue(v)) || /^\d{10}[A-Z]?$/.test(v) },
  { id: 'securities_account', label: '证券账户（沪 A/B 股, 深 0 开头）', patterns: [SH_SEC_ACCOUNT.source, '^0\\d{9}$'], contextWords: ['股东代码', '证券账户', 'stockholder'], categoryHint: 'C04', gradeHint: 3, kinds: [D, UA], minLen: 10, maxLen: 10, test: (v) => SH_SEC_ACCOUNT.test(v) || (v.charCodeAt(0) === 48 && /^\d{10}$/.test(v)) },
  { id: 'fund_account', label: 'TA 基金账号（12 位数字）', patterns: ['^\\d{12}$'], contextWords: ['基金账号', 'fundacco', 'ta account'], categoryHint: 'C04', gradeHint: 3, kinds: [D], minLen: 12, maxLen: 12, test: () => true },
  { id: 'transaction_account', label: '交易账号（销售商代码 + 流水，14-17 位）', patterns: ['^\\d{14,17}$'], contextWords: ['交易账号', 'tradeacco'], categoryHint: 'C04', gradeHint: 3, kinds: [D], minLen: 14, maxLen: 17, test: (v) => !isDateValue(v.slice(0, 8)) },
  { id: 'postal_address', label: '通讯地址（省/市/区/路/号）', patterns: [ADDRESS.source], contextWords: ['地址', 'addr'], categoryHint: 'C03', gradeHint: 3, kinds: [CJ], minLen: 6, maxLen: 64, test: (v) => ADDRESS.test(v) },
  { id: 'cn_person_name', label: '中文姓名（姓氏表 + 长度）', patterns: ['2-4 Han characters starting with a surname'], contextWords: ['姓名', '户名', 'name'], categoryHint: 'C01', gradeHint: 3, kinds: [CJ], minLen: 2, maxLen: 4, test: isChinesePersonName },
  { id: 'date_of_birth', label: '出生日期形状（10 年以前）', patterns: ['yyyy-mm-dd', 'yyyymmdd'], contextWords: ['出生', 'birth', 'csrq'], categoryHint: 'C01', gradeHint: 3, kinds: [D, PU], minLen: 8, maxLen: 10, punct: P_DASH | P_SLASH, test: isDateOfBirth },
  { id: 'date_value', label: '日期值', patterns: ['yyyy-mm-dd', 'yyyymmdd'], contextWords: [], categoryHint: 'O01', gradeHint: 2, kinds: [D, PU], minLen: 8, maxLen: 26, punct: P_DASH | P_SLASH, test: isDateValue },
  { id: 'email', label: '电子邮箱', patterns: ['^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$'], contextWords: ['邮箱', 'email', 'mail'], categoryHint: 'C03', gradeHint: 3, kinds: [EM], minLen: 6, maxLen: 64, test: isEmail },
  { id: 'ipv4', label: 'IPv4 地址', patterns: ['^(\\d{1,3}\\.){3}\\d{1,3}$ each ≤ 255'], contextWords: ['ip'], categoryHint: 'C04', gradeHint: 3, kinds: [PU], minLen: 7, maxLen: 15, punct: P_DOT, test: isIpv4 },
  { id: 'ipv6', label: 'IPv6 地址', patterns: ['RFC 4291 text form'], contextWords: ['ip', 'ipv6'], categoryHint: 'C04', gradeHint: 3, kinds: [PU, AN, UA], minLen: 2, maxLen: 45, punct: P_COLON, test: (v) => v.includes(':') && isIPv6(v) },
  { id: 'mac', label: 'MAC 地址', patterns: [MAC.source], contextWords: ['mac'], categoryHint: 'C04', gradeHint: 3, kinds: [PU], minLen: 17, maxLen: 17, punct: P_COLON | P_DASH, test: (v) => MAC.test(v) },
  { id: 'isin', label: 'ISIN (ISO 6166)', patterns: ['^[A-Z]{2}[A-Z0-9]{9}\\d$ + Luhn'], contextWords: ['isin'], categoryHint: 'D01', gradeHint: 1, kinds: [UA], minLen: 12, maxLen: 12, test: isValidIsin },
  { id: 'cusip', label: 'CUSIP', patterns: ['^[0-9A-Z*@#]{8}\\d$ + check digit'], contextWords: ['cusip'], categoryHint: 'D01', gradeHint: 1, kinds: [D, UA], minLen: 9, maxLen: 9, test: isValidCusip },
  { id: 'lei', label: 'LEI (ISO 17442)', patterns: ['^[0-9A-Z]{18}\\d{2}$ + mod 97'], contextWords: ['lei'], categoryHint: 'R01', gradeHint: 2, kinds: [UA, D], minLen: 20, maxLen: 20, test: isValidLei },
  { id: 'swift_bic', label: 'SWIFT/BIC', patterns: [BIC.source + ' + ISO country'], contextWords: ['swift', 'bic'], categoryHint: 'O03', gradeHint: 2, kinds: [UA], minLen: 8, maxLen: 11, test: (v) => { const m = BIC.exec(v); return m !== null && COUNTRIES.has(m[1]); } },
  { id: 'iban', label: 'IBAN (mod 97)', patterns: ['^[A-Z]{2}\\d{2}[A-Z0-9]{11,30}$ + mod 97'], contextWords: ['iban'], categoryHint: 'C04', gradeHint: 3, kinds: [UA, PU], minLen: 15, maxLen: 42, punct: P_SPACE, test: (v) => COUNTRIES.has(v.slice(0, 2).toUpperCase()) && isValidIban(v) },
  { id: 'us_ssn', label: 'US SSN', patterns: ['^\\d{3}-\\d{2}-\\d{4}$ (valid area/group/serial)'], contextWords: ['ssn', 'social security'], categoryHint: 'C08', gradeHint: 3, kinds: [PU], minLen: 11, maxLen: 11, punct: P_DASH, test: isSsn },
  { id: 'us_itin', label: 'US ITIN', patterns: ['^9\\d{2}-(5[0-9]|6[0-5]|7[0-9]|8[0-8]|9[0-2]|9[4-9])-\\d{4}$'], contextWords: ['itin', 'tin'], categoryHint: 'C08', gradeHint: 3, kinds: [PU], minLen: 11, maxLen: 11, punct: P_DASH, test: isItin },
  { id: 'password_hash', label: '口令摘要 (bcrypt/argon2/scrypt/pbkdf2/crypt)', patterns: [PASSWORD_HASH.source], contextWords: ['password', '密码'], categoryHint: 'C09', gradeHint: 4, kinds: [PU, AN, OT], minLen: 13, maxLen: MAX_LEN, punct: P_DOLLAR | P_BRACE, test: (v) => v.charCodeAt(0) === 36 || v.charCodeAt(0) === 123 || v.charCodeAt(0) === 112 ? PASSWORD_HASH.test(v) : false },
  { id: 'private_key_pem', label: 'PEM 私钥', patterns: ['-----BEGIN ... PRIVATE KEY-----'], contextWords: ['私钥', 'private key'], categoryHint: 'M05', gradeHint: 4, kinds: ALL, minLen: 27, maxLen: MAX_LEN, test: (v) => v.startsWith('-----BEGIN') && v.includes('PRIVATE KEY') },
  { id: 'masked_value', label: '掩码值（*** 遮蔽）', patterns: ['\\*{3,}'], contextWords: ['脱敏', 'mask'], categoryHint: 'C01', gradeHint: 2, kinds: [PU, OT, CJ], minLen: 4, maxLen: MAX_LEN, punct: P_STAR, test: (v) => v.includes('***') },
  { id: 'embedded_pii', label: '自由文本中含身份证号/手机号/邮箱', patterns: [EMBEDDED_ID.source, EMBEDDED_MOBILE.source, EMBEDDED_EMAIL.source], contextWords: ['备注', 'remark', '参数'], categoryHint: 'C01', gradeHint: 3, kinds: [PU, OT, CJ, AN], minLen: 20, maxLen: MAX_LEN, test: hasEmbeddedPii },
];

// Dispatch table: kind × length → detector indices. Lengths ≥ MAX_LEN share the last slot.
const DISPATCH: number[][][] = Array.from({ length: KIND_COUNT }, () => Array.from({ length: MAX_LEN + 1 }, () => [] as number[]));
DETECTORS.forEach((d, i) => {
  for (const k of d.kinds) for (let len = d.minLen; len <= Math.min(d.maxLen, MAX_LEN); len++) DISPATCH[k][len].push(i);
});
const DISPATCH_FLAT: Int16Array[][] = DISPATCH.map((row) => row.map((l) => Int16Array.from(l)));
const DET_PUNCT = Int32Array.from(DETECTORS.map((d) => d.punct ?? 0));

/** One pass over the characters: the value's shape kind. */
export function shapeKind(v: string): Kind {
  let digits = 0, upper = 0, lower = 0, cjk = false, at = false, other = false, mask = 0;
  const n = v.length;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c === 64) at = true;
    else if (c >= 0x3400) cjk = true;
    else { other = true; mask |= punctBit(c); }
  }
  punctMask = mask;
  if (cjk) return Kind.Cjk;
  if (at) return Kind.Email;
  if (other) return Kind.Punct;
  if (upper + lower === 0) return Kind.Digits;
  if (lower === 0) {
    if (upper === 1 && digits === n - 1 && (v.charCodeAt(n - 1) === 88)) return Kind.DigitsX;
    return Kind.UpperAlnum;
  }
  if (lower === 1 && upper === 0 && digits === n - 1 && v.charCodeAt(n - 1) === 120) return Kind.DigitsX;
  return Kind.Alnum;
}

export interface CompiledPatternDetector { id: string; re: RegExp; minLength: number; maxLength: number }

/** Compile steward-defined pattern detectors (already validated by validateRuleSet). */
export function compilePatternDetectors(list: PatternDetector[] = []): CompiledPatternDetector[] {
  return list.map((p) => ({ id: p.id, re: new RegExp(p.pattern, (p.flags ?? '').replace(/[gy]/g, '')), minLength: p.minLength ?? 1, maxLength: p.maxLength ?? 256 }));
}

/**
 * Runs every detector over the sampled values of one column. Returns only detectors with at least
 * one hit; `total` counts non-empty values. Never returns or keeps a value.
 */
export function runDetectors(values: readonly string[], patterns: readonly CompiledPatternDetector[] = []): DetectorResult[] {
  const counts = new Int32Array(DETECTORS.length);
  const pcounts = new Int32Array(patterns.length);
  let total = 0;
  for (let j = 0; j < values.length; j++) {
    let v = values[j];
    if (v == null) continue;
    let n = v.length;
    if (n === 0) continue;
    if (v.charCodeAt(0) === 32 || v.charCodeAt(n - 1) === 32) { v = v.trim(); n = v.length; if (n === 0) continue; }
    total++;
    const kind = shapeKind(v);
    const list = DISPATCH_FLAT[kind][n > MAX_LEN ? MAX_LEN : n];
    const punct = kind === Kind.Punct ? punctMask : -1;
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      const need = DET_PUNCT[i];
      if (need !== 0 && punct !== -1 && (punct & need) === 0) continue;
      if (DETECTORS[i].test(v)) counts[i]++;
    }
    for (let k = 0; k < patterns.length; k++) {
      const p = patterns[k];
      if (n >= p.minLength && n <= p.maxLength && p.re.test(v)) pcounts[k]++;
    }
  }
  const out: DetectorResult[] = [];
  if (total === 0) return out;
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) out.push({ detectorId: DETECTORS[i].id, hits: counts[i], total, hitRatio: counts[i] / total });
  for (let k = 0; k < pcounts.length; k++) if (pcounts[k] > 0) out.push({ detectorId: patterns[k].id, hits: pcounts[k], total, hitRatio: pcounts[k] / total });
  return out;
}

/** Statistics about value shapes that the classifier uses when names say nothing. */
export interface ValueProfile {
  total: number;
  distinct: number;
  maxLength: number;
  /** Share of values that are short codes/flags (≤ 2 characters, or Y/N/true/false). */
  flagRatio: number;
  dateRatio: number;
}

export function profileValues(values: readonly string[]): ValueProfile {
  const seen = new Set<string>();
  let total = 0, maxLength = 0, flags = 0, dates = 0;
  for (const raw of values) {
    if (raw == null) continue;
    const v = raw.trim();
    if (!v) continue;
    total++;
    if (seen.size < 64) seen.add(v);
    if (v.length > maxLength) maxLength = v.length;
    if ((v.length <= 2 && /^[\x21-\x7e]+$/.test(v)) || /^(?:true|false|yes|no)$/i.test(v)) flags++;
    else if (isDateValue(v)) dates++;
  }
  return { total, distinct: seen.size, maxLength, flagRatio: total ? flags / total : 0, dateRatio: total ? dates / total : 0 };
}

export const DETECTOR_IDS: ReadonlySet<string> = new Set(DETECTORS.map((d) => d.id));
