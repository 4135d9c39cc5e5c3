// Masking rules for exported values, per classification category, as data. Pure: no I/O.
// A category either names one rule, or 'auto': categories such as C01 个人身份 hold names and
// ID numbers alike, so the rule is chosen from each value's shape (ID, mobile, card, e-mail, name).

export type MaskRule = 'name' | 'id_number' | 'mobile' | 'bank_card' | 'email' | 'generic' | 'redact' | 'auto';

export const MASK_RULES: readonly MaskRule[] = ['name', 'id_number', 'mobile', 'bank_card', 'email', 'generic', 'redact', 'auto'];

/** Category code prefix → rule; the longest matching prefix wins. Unlisted categories use 'generic'. */
export const CATEGORY_MASKS: Readonly<Record<string, MaskRule>> = {
  C01: 'auto', // 个人身份: names, ID numbers, birth dates
  C02: 'auto', // 机构信息
  C03: 'auto', // 联系方式: mobiles, e-mail, addresses
  C04: 'auto', // 账户: bank cards, fund and securities accounts
  C09: 'redact', // 鉴别信息: passwords and keys never leave, even masked
};

/** The masking rule of a column from its category code or path (e.g. "C01" or "客户/C01 个人身份"). */
export function maskRuleFor(categoryId: string | null | undefined): MaskRule {
  const code = categoryId ?? '';
  let best: MaskRule = 'generic';
  let bestLen = 0;
  for (const [prefix, rule] of Object.entries(CATEGORY_MASKS)) {
    if (code.startsWith(prefix) && prefix.length > bestLen) { best = rule; bestLen = prefix.length; }
  }
  return best;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isCjk = (c: number) => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);

const STARS: string[] = Array.from({ length: 65 }, (_, i) => '*'.repeat(i));
/** '*'.repeat(n), without allocating for the usual lengths. */
const stars = (n: number) => (n < STARS.length ? STARS[n] : '*'.repeat(n));

/** No code unit that /\s/ could match, no '-', no surrogate: the fast paths below apply. */
function plainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0x2d || c >= 0x7f) return false;
  }
  return true;
}

/** s.replace(/[\s-]/g, ''), scanning before reaching for the regex. */
function stripSpacesAndDashes(s: string): string {
  return plainAscii(s) ? s : s.replace(/[\s-]/g, '');
}

/** No surrogate pairs: code units are characters. */
function bmpOnly(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return false;
  }
  return true;
}

function allDigits(s: string, from = 0, to = s.length): boolean {
  for (let i = from; i < to; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return to > from;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: only the first character is kept (Latin names likewise). */
export function maskName(v: string): string {
  const t = v.trim();
  if (bmpOnly(t)) return t.length === 0 ? '' : t[0] + stars(Math.max(1, t.length - 1));
  const chars = Array.from(t);
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 110105199001011234 → 110105********1234 (area code and last four kept). */
export function maskIdNumber(v: string): string {
  const s = v.trim();
  if (s.length < 10) return maskGeneric(s);
  return s.slice(0, 6) + stars(s.length - 10) + s.slice(-4);
}

/** 13812345678 → 138****5678. */
export function maskMobile(v: string): string {
  const s = stripSpacesAndDashes(v);
  if (s.length < 7) return maskGeneric(s);
  return s.slice(0, 3) + stars(s.length - 7) + s.slice(-4);
}

/** 6222021234567890123 → ***************0123 (last four only). */
export function maskBankCard(v: string): string {
  const s = stripSpacesAndDashes(v);
  if (s.length <= 4) return stars(s.length);
  return stars(s.length - 4) + s.slice(-4);
}

/** jane.doe@example.com → j***@example.com. */
export function maskEmail(v: string): string {
  const s = v.trim();
  const at = s.lastIndexOf('@');
  if (at <= 0) return maskGeneric(s);
  return s[0] + '***' + s.slice(at);
}

/** Anything else: first and last character kept when there are at least four, the rest starred. */
export function maskGeneric(v: string): string {
  if (bmpOnly(v)) {
    const n = v.length;
    if (n === 0) return '';
    if (n < 4) return stars(n);
    return v[0] + stars(n - 2) + v[n - 1];
  }
  const chars = Array.from(v);
  if (chars.length === 0) return '';
  if (chars.length < 4) return '*'.repeat(chars.length);
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

/** The rule a value's shape asks for, under an 'auto' category. */
export function shapeOf(v: string): Exclude<MaskRule, 'auto' | 'redact'> {
  const s = v.trim();
  const n = s.length;
  if (n === 18 && allDigits(s, 0, 17) && (isDigit(s.charCodeAt(17)) || s[17] === 'X' || s[17] === 'x')) return 'id_number';
  if (n === 15 && allDigits(s)) return 'id_number';
  if (n === 11 && s.charCodeAt(0) === 49 && allDigits(s)) return 'mobile';
  if (n >= 13 && n <= 23) {
    const compact = stripSpacesAndDashes(s);
    if (compact.length >= 13 && compact.length <= 19 && allDigits(compact)) return 'bank_card';
  }
  const at = s.indexOf('@');
  if (at > 0 && at === s.lastIndexOf('@') && s.includes('.', at)) return 'email';
  if (n >= 2 && n <= 6) {
    let cjk = 0;
    for (let i = 0; i < n; i++) if (isCjk(s.charCodeAt(i)) || s[i] === '·') cjk++;
    if (cjk === n) return 'name';
  }
  return 'generic';
}

/** Masks one value under a rule. Empty values stay empty (an empty cell reveals nothing). */
export function maskValue(v: string, rule: MaskRule): string {
  if (v === '') return v;
  switch (rule) {
    case 'name': return maskName(v);
    case 'id_number': return maskIdNumber(v);
    case 'mobile': return maskMobile(v);
    case 'bank_card': return maskBankCard(v);
    case 'email': return maskEmail(v);
    case 'redact': return '******';
    case 'generic': return maskGeneric(v);
    case 'auto': return maskValue(v, shapeOf(v));
  }
}

/** A function that masks one value, chosen once per column. */
export function maskerFor(rule: MaskRule): (v: string) => string {
  switch (rule) {
    case 'name': return (v) => (v === '' ? v : maskName(v));
    case 'id_number': return (v) => (v === '' ? v : maskIdNumber(v));
    case 'mobile': return (v) => (v === '' ? v : maskMobile(v));
    case 'bank_card': return (v) => (v === '' ? v : maskBankCard(v));
    case 'email': return (v) => (v === '' ? v : maskEmail(v));
    case 'redact': return (v) => (v === '' ? v : '******');
    case 'generic': return (v) => (v === '' ? v : maskGeneric(v));
    case 'auto': return (v) => (v === '' ? v : maskValue(v, shapeOf(v)));
  }
}
