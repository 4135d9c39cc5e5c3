// Carriers: places in a cell where two equivalent ways of writing the same value exist.
// A carrier is found from the cell's *normalised* content only (full-width folded to
// half-width, trimmed, separators removed), so the marked and unmarked forms of a cell
// have the same carrier key and the same number of bit positions. The bit a position
// carries is read back from which of the two forms is present.
//
// kinds (tried in this order; a cell has one kind, plus an LSB carrier when opted in):
//   k  masked value  "138****5678": parity of the length of the first run of '*'
//   m  mobile        "13812345678" | "138 1234 5678": grouped or not
//   i  ID number     "…123X" | "…123x": case of the check character
//   d  date          "2024-03-05" | "2024/03/05": separator
//   g  decimal ≥1000 "12345.67" | "12,345.67": thousands separators or not
//   l  (opt-in) LSB  last decimal digit's parity, ±1 unit of the last place
//   t  Chinese text  "，：；（！？" | ",:;(!?" next to a CJK character: full or half width

export const MAX_TEXT_POSITIONS = 31;

/** What the scanner found in one cell. Reused between calls; copy what you keep. */
export interface CellScan {
  /** carrier key (kind letter + normalised content), or '' when the cell carries nothing */
  key: string;
  /** number of bit positions of that carrier (1 except for text) */
  n: number;
  /** observed bits, position p in bit p */
  bits: number;
  /** LSB carrier key, '' when none or not opted in */
  lsbKey: string;
  lsbBit: number;
}

export function newScan(): CellScan {
  return { key: '', n: 0, bits: 0, lsbKey: '', lsbBit: 0 };
}

const enum Ch {
  Space = 0x20, Bang = 0x21, Star = 0x2a, Plus = 0x2b, Comma = 0x2c, Minus = 0x2d, Dot = 0x2e, Slash = 0x2f,
  D0 = 0x30, D9 = 0x39, Colon = 0x3a, Semi = 0x3b, Quest = 0x3f, LParen = 0x28, RParen = 0x29,
  X = 0x58, x = 0x78, WideStart = 0xff01, WideEnd = 0xff5e, IdeoSpace = 0x3000, WideOffset = 0xfee0,
}

function isCjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

/** Folds full-width ASCII forms and the ideographic space to ASCII; length-preserving. */
export function foldWidth(s: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= Ch.WideStart && c <= Ch.WideEnd) || c === Ch.IdeoSpace) {
      out += s.slice(last, i) + String.fromCharCode(c === Ch.IdeoSpace ? Ch.Space : c - Ch.WideOffset);
      last = i + 1;
    }
  }
  return last === 0 ? s : out + s.slice(last);
}

function isDigit(c: number): boolean {
  return c >= Ch.D0 && c <= Ch.D9;
}

/** Code unit i of the folded form of t (what foldWidth(t) would hold), without building it. */
function fAt(t: string, i: number): number {
  const c = t.charCodeAt(i);
  return c >= Ch.WideStart && c <= Ch.WideEnd ? c - Ch.WideOffset : c === Ch.IdeoSpace ? Ch.Space : c;
}

/** JavaScript's \s: WhiteSpace and LineTerminator code units. */
function isJsSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
    c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isPunctCarrier(c: number): boolean {
  return c === Ch.Comma || c === Ch.Colon || c === Ch.Semi || c === Ch.LParen || c === Ch.Bang || c === Ch.Quest;
}

/** Where the text carrier's positions are: indices into the trimmed string, read folded. */
function textPositions(t: string, out: number[]): number {
  let n = 0;
  const len = t.length;
  for (let i = 0; i < len && n < MAX_TEXT_POSITIONS; i++) {
    if (!isPunctCarrier(fAt(t, i))) continue;
    // folding never turns anything into a CJK character nor a CJK character into anything else
    if ((i > 0 && isCjk(t.charCodeAt(i - 1))) || (i + 1 < len && isCjk(t.charCodeAt(i + 1)))) out[n++] = i;
  }
  return n;
}

const posScratch: number[] = new Array(MAX_TEXT_POSITIONS).fill(0);
const editAt: number[] = new Array(2 * MAX_TEXT_POSITIONS).fill(0);
const editCode: number[] = new Array(2 * MAX_TEXT_POSITIONS).fill(0);

function sortEdits(n: number): void {
  for (let a = 1; a < n; a++) {
    const at = editAt[a], code = editCode[a];
    let b = a - 1;
    while (b >= 0 && editAt[b] > at) { editAt[b + 1] = editAt[b]; editCode[b + 1] = editCode[b]; b--; }
    editAt[b + 1] = at; editCode[b + 1] = code;
  }
}

// ---- the carrier key, written as UTF-16 code units into one reused buffer ----------------
// A key is the kind letter followed by the normalised content; it is hashed straight from
// this buffer (KeyHasher), so marking builds no key string at all.

let kb = new Uint16Array(512);
let kn = 0;
/** inside a run of collapsed white space (the run has already been written as one ' ') */
let wsRun = false;

function keyStart(kind: number, room: number): void {
  if (room + 8 > kb.length) kb = new Uint16Array(Math.max(room + 8, kb.length * 2));
  kb[0] = kind;
  kn = 1;
  wsRun = false;
}

/** Appends t[from, to) folded; with `collapse`, runs of white space become one ' ' (like /\s+/g → ' '). */
function putFolded(t: string, from: number, to: number, collapse: boolean): void {
  const b = kb;
  let n = kn;
  if (collapse) {
    for (let i = from; i < to; i++) {
      const c = fAt(t, i);
      if (isJsSpace(c)) {
        if (!wsRun) { b[n++] = Ch.Space; wsRun = true; }
        continue;
      }
      wsRun = false;
      b[n++] = c;
    }
  } else {
    for (let i = from; i < to; i++) b[n++] = fAt(t, i);
  }
  kn = n;
}

/** Appends the integer digits of a decimal (grouping commas left out). */
function putIntDigits(t: string): void {
  const b = kb;
  let n = kn;
  for (let i = gInt; i < gDot; i++) {
    const c = fAt(t, i);
    if (c !== Ch.Comma) b[n++] = c;
  }
  kn = n;
}

function codesToString(codes: Uint16Array, len: number): string {
  if (len <= 4096) return String.fromCharCode.apply(null, codes.subarray(0, len) as unknown as number[]);
  let s = '';
  for (let i = 0; i < len; i += 4096) s += String.fromCharCode.apply(null, codes.subarray(i, Math.min(len, i + 4096)) as unknown as number[]);
  return s;
}

function keyString(): string {
  return codesToString(kb, kn);
}

// ---- classification: hand-written scanners, state in module variables ------------------

const enum Kind { None = 0, Mask = 1, Text = 2, Mobile = 3, Id = 4, Date = 5, Dec = 6 }
const enum Letter { k = 0x6b, t = 0x74, m = 0x6d, i = 0x69, d = 0x64, g = 0x67, l = 0x6c }

/** the trimmed cell has full-width forms (so output built from its folded form needs foldWidth) */
let cWide = false;
/** the folded cell has ' ' or TAB, so its text and mask keys collapse white space */
let cCollapse = false;
// mask: first run of two or more '*'
let starAt = 0, starLen = 0;
// mobile: start of the 3-digit prefix, separator (0 or its code), starts of the 4-digit groups
let mA = 0, mSep = 0, mB = 0, mC = 0;
// date: separator code, month start and length, day start (the time, if any, follows the day)
let dSep = 0, dMo = 0, dMoLen = 0, dDd = 0, dDdLen = 0, dTime = 0;
// decimal: sign code (0, '+' or '-'), integer start, dot index, grouped, integer digit count
let gSign = 0, gInt = 0, gDot = 0, gGrouped = false, gDigits = 0;

/** Hand-written form of /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)\.(\d+)$/ on the folded cell. */
function parseDecimal(t: string, len: number): boolean {
  let i = 0;
  const c0 = fAt(t, 0);
  const sign = c0 === Ch.Plus || c0 === Ch.Minus ? c0 : 0;
  if (sign !== 0) i = 1;
  const intStart = i;
  let commas = 0, run = 0, firstRun = -1, digits = 0;
  for (; i < len; i++) {
    const c = fAt(t, i);
    if (isDigit(c)) { run++; digits++; continue; }
    if (c === Ch.Comma) {
      if (run === 0 || (firstRun >= 0 && run !== 3) || (firstRun < 0 && run > 3)) return false;
      if (firstRun < 0) firstRun = run;
      commas++; run = 0;
      continue;
    }
    break;
  }
  if (i >= len || fAt(t, i) !== Ch.Dot || run === 0 || (commas > 0 && run !== 3)) return false;
  const dot = i;
  for (i = dot + 1; i < len; i++) if (!isDigit(fAt(t, i))) return false;
  if (dot + 1 === len) return false;
  gSign = sign; gInt = intStart; gDot = dot; gGrouped = commas > 0; gDigits = digits;
  return true;
}

/** Hand-written form of /^(\+?86[ -]?)?(1[3-9]\d)([ -]?)(\d{4})\3(\d{4})$/ on the folded cell. */
function parseMobile(t: string, len: number): boolean {
  let p = 0;
  let c = fAt(t, 0);
  if (c === Ch.Plus) {
    c = fAt(t, 1);
    if (c !== 0x38) return false;
    p = 1;
  }
  if (c === 0x38) {
    if (fAt(t, p + 1) !== 0x36) return false;
    p += 2;
    c = fAt(t, p);
    if (c === Ch.Space || c === Ch.Minus) p++;
  }
  const a = p;
  if (fAt(t, a) !== 0x31) return false;
  c = fAt(t, a + 1);
  if (c < 0x33 || c > Ch.D9 || !isDigit(fAt(t, a + 2))) return false;
  p = a + 3;
  c = fAt(t, p);
  const sep = c === Ch.Space || c === Ch.Minus ? c : 0;
  if (sep !== 0) p++;
  const b = p;
  if (!isDigit(fAt(t, p)) || !isDigit(fAt(t, p + 1)) || !isDigit(fAt(t, p + 2)) || !isDigit(fAt(t, p + 3))) return false;
  p += 4;
  if (sep !== 0) {
    if (fAt(t, p) !== sep) return false;
    p++;
  }
  const cc = p;
  if (!isDigit(fAt(t, p)) || !isDigit(fAt(t, p + 1)) || !isDigit(fAt(t, p + 2)) || !isDigit(fAt(t, p + 3))) return false;
  if (p + 4 !== len) return false;
  mA = a; mSep = sep; mB = b; mC = cc;
  return true;
}

/** Hand-written form of /^(\d{17})([Xx])$/ (the cell has 18 code units). */
function parseId(t: string): boolean {
  for (let i = 0; i < 17; i++) if (!isDigit(fAt(t, i))) return false;
  const c = fAt(t, 17);
  return c === Ch.X || c === Ch.x;
}

/** Hand-written form of /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})((?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)$/. */
function parseDate(t: string, len: number): boolean {
  if (!isDigit(fAt(t, 0)) || !isDigit(fAt(t, 1)) || !isDigit(fAt(t, 2)) || !isDigit(fAt(t, 3))) return false;
  const sep = fAt(t, 4);
  if (sep !== Ch.Minus && sep !== Ch.Slash) return false;
  let p = 5;
  const mo = p;
  while (p < len && p - mo < 2 && isDigit(fAt(t, p))) p++;
  if (p === mo || fAt(t, p) !== sep) return false;
  const moLen = p - mo;
  p++;
  const dd = p;
  while (p < len && p - dd < 2 && isDigit(fAt(t, p))) p++;
  if (p === dd) return false;
  const ddLen = p - dd;
  const time = p;
  if (p < len) {
    const c = fAt(t, p);
    if (c !== Ch.Space && c !== 0x54) return false;
    p++;
    const h = p;
    while (p < len && p - h < 2 && isDigit(fAt(t, p))) p++;
    if (p === h || fAt(t, p) !== Ch.Colon || !isDigit(fAt(t, p + 1)) || !isDigit(fAt(t, p + 2))) return false;
    p += 3;
    if (p < len) {
      if (fAt(t, p) !== Ch.Colon || !isDigit(fAt(t, p + 1)) || !isDigit(fAt(t, p + 2))) return false;
      p += 3;
    }
    if (p !== len) return false;
  }
  dSep = sep; dMo = mo; dMoLen = moLen; dDd = dd; dDdLen = ddLen; dTime = time;
  return true;
}

/** Classifies a trimmed cell; fills the state above; returns Kind.None when it carries nothing. */
function classify(t: string): Kind {
  const len = t.length;
  if (len < 2) return Kind.None;
  let hasCjk = false, hasWide = false, hasStar = false, hasDot = false, hasSpace = false;
  for (let i = 0; i < len; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x80) {
      if (c === Ch.Star) hasStar = true;
      else if (c === Ch.Dot) hasDot = true;
      else if (c === Ch.Space || c === 0x09) hasSpace = true;
    } else if ((c >= Ch.WideStart && c <= Ch.WideEnd) || c === Ch.IdeoSpace) {
      hasWide = true;
      if (c === 0xff0a) hasStar = true;
      else if (c === 0xff0e) hasDot = true;
      else if (c === Ch.IdeoSpace) hasSpace = true;
    } else if (!hasCjk && isCjk(c)) hasCjk = true;
  }
  cWide = hasWide; cCollapse = hasSpace;
  if (hasStar) {
    for (let i = 0; i < len; i++) {
      if (fAt(t, i) !== Ch.Star) continue;
      let j = i;
      while (j < len && fAt(t, j) === Ch.Star) j++;
      if (j - i >= 2) { starAt = i; starLen = j - i; return Kind.Mask; }
      i = j;
    }
    return Kind.None;
  }
  if (hasCjk) return Kind.Text;
  const c0 = fAt(t, 0);
  if (!isDigit(c0) && c0 !== Ch.Plus && c0 !== Ch.Minus) return Kind.None;
  if (hasDot) return parseDecimal(t, len) ? Kind.Dec : Kind.None;
  if (len >= 11 && len <= 18) {
    if (parseMobile(t, len)) return Kind.Mobile;
    if (len === 18 && parseId(t)) return Kind.Id;
  }
  if (len >= 8 && len <= 19 && parseDate(t, len)) return Kind.Date;
  return Kind.None;
}

// ---- carrier keys ----------------------------------------------------------------------

function maskKey(t: string): void {
  keyStart(Letter.k, t.length + 1);
  putFolded(t, 0, starAt, cCollapse);
  kb[kn++] = 0;
  wsRun = false;
  putFolded(t, starAt + starLen, t.length, cCollapse);
}

function textKey(t: string): void {
  keyStart(Letter.t, t.length);
  putFolded(t, 0, t.length, cCollapse);
}

function mobileKey(t: string): void {
  keyStart(Letter.m, 11);
  putFolded(t, mA, mA + 3, false);
  putFolded(t, mB, mB + 4, false);
  putFolded(t, mC, mC + 4, false);
}

function idKey(t: string): void {
  keyStart(Letter.i, 17);
  putFolded(t, 0, 17, false);
}

function dateKey(t: string): void {
  keyStart(Letter.d, t.length + 2);
  putFolded(t, 0, 4, false);
  kb[kn++] = Ch.Minus;
  if (dMoLen === 1) kb[kn++] = Ch.D0;
  putFolded(t, dMo, dMo + dMoLen, false);
  kb[kn++] = Ch.Minus;
  if (dDdLen === 1) kb[kn++] = Ch.D0;
  putFolded(t, dDd, dDd + dDdLen, false);
  if (dTime < t.length) {
    kb[kn++] = Ch.Space; // [ T] is written as ' '
    putFolded(t, dTime + 1, t.length, false);
  }
}

/** 'l' + sign + integer digits + '.' + the fraction but its last digit */
function lsbKey(t: string): void {
  keyStart(Letter.l, t.length + 1);
  if (gSign === Ch.Minus) kb[kn++] = Ch.Minus;
  putIntDigits(t);
  kb[kn++] = Ch.Dot;
  putFolded(t, gDot + 1, t.length - 1, false);
}

/** 'g' + sign + integer digits + '.' + the fraction (its last digit read as `last`) without trailing zeros */
function groupKey(t: string, last: number): void {
  keyStart(Letter.g, t.length + 1);
  if (gSign === Ch.Minus) kb[kn++] = Ch.Minus;
  putIntDigits(t);
  kb[kn++] = Ch.Dot;
  const len = t.length;
  if (last !== 0) {
    putFolded(t, gDot + 1, len - 1, false);
    kb[kn++] = Ch.D0 + last;
  } else {
    let end = len - 1;
    while (end > gDot + 1 && fAt(t, end - 1) === Ch.D0) end--;
    putFolded(t, gDot + 1, end, false);
  }
}

function groupableDecimal(t: string): boolean {
  return gDigits >= 4 && gDigits <= 15 && fAt(t, gInt) !== Ch.D0;
}

/** Reads a cell's carriers and the bits it shows. Returns false when it has none. */
function trimmed(value: string): string {
  const n = value.length;
  return n > 0 && value.charCodeAt(0) > 0x20 && value.charCodeAt(n - 1) > 0x20 && value.charCodeAt(0) !== 0x3000 && value.charCodeAt(n - 1) !== 0x3000
    ? value : value.trim();
}

export function scanCell(value: string, lsb: boolean, out: CellScan): boolean {
  out.key = ''; out.n = 0; out.bits = 0; out.lsbKey = ''; out.lsbBit = 0;
  const t = trimmed(value);
  switch (classify(t)) {
    case Kind.Mask: {
      maskKey(t);
      out.key = keyString(); out.n = 1; out.bits = starLen & 1;
      return true;
    }
    case Kind.Text: {
      const n = textPositions(t, posScratch);
      if (n === 0) return false;
      let bits = 0;
      for (let p = 0; p < n; p++) if (t.charCodeAt(posScratch[p]) >= Ch.WideStart) bits |= 1 << p;
      textKey(t);
      out.key = keyString(); out.n = n; out.bits = bits >>> 0;
      return true;
    }
    case Kind.Mobile: {
      mobileKey(t);
      out.key = keyString(); out.n = 1; out.bits = mSep !== 0 ? 1 : 0;
      return true;
    }
    case Kind.Id: {
      idKey(t);
      out.key = keyString(); out.n = 1; out.bits = fAt(t, 17) === Ch.x ? 1 : 0;
      return true;
    }
    case Kind.Date: {
      dateKey(t);
      out.key = keyString(); out.n = 1; out.bits = dSep === Ch.Slash ? 1 : 0;
      return true;
    }
    case Kind.Dec: {
      const last = fAt(t, t.length - 1) - Ch.D0;
      if (lsb) {
        lsbKey(t);
        out.lsbKey = keyString();
        out.lsbBit = last & 1;
      }
      if (groupableDecimal(t)) {
        groupKey(t, last);
        out.key = keyString();
        out.n = 1; out.bits = gGrouped ? 1 : 0;
      }
      return out.key !== '' || out.lsbKey !== '';
    }
  }
  return false;
}

/** The bits an export wants for a carrier key: lo holds positions 0..31, hi spare bits. */
export type BitSource = (carrierKey: string) => { lo: number; hi: number };

/**
 * The same as a BitSource, for a carrier key given as UTF-16 code units `codes[0, len)`
 * (a reused buffer: read it, do not keep it). The marking hot path hashes keys this way.
 */
export type KeyHasher = (codes: Uint16Array, len: number) => { lo: number; hi: number };

function withSpaces(value: string, core: string, t: string): string {
  if (value.length === t.length) return core;
  const lead = value.indexOf(t);
  return value.slice(0, lead) + core + value.slice(lead + t.length);
}

function groupThousands(d: string): string {
  let out = '';
  const head = d.length % 3;
  if (head > 0) out = d.slice(0, head);
  for (let i = head; i < d.length; i += 3) out += (out ? ',' : '') + d.slice(i, i + 3);
  return out;
}

let stringSource: BitSource | null = null;
const viaString: KeyHasher = (codes, len) => stringSource!(codesToString(codes, len));

/**
 * Writes a cell so that each of its carrier positions shows the export's bit.
 * A cell without carriers is returned unchanged (the same string).
 */
export function markCell(value: string, lsb: boolean, bitsFor: BitSource): string {
  const previous = stringSource;
  stringSource = bitsFor;
  try {
    return markCellKeyed(value, lsb, viaString);
  } finally {
    stringSource = previous;
  }
}

/** markCell with the carrier key hashed from code units (no key string is built). */
export function markCellKeyed(value: string, lsb: boolean, hasher: KeyHasher): string {
  const t = trimmed(value);
  switch (classify(t)) {
    case Kind.None:
      return value;
    case Kind.Mask: {
      maskKey(t);
      const want = hasher(kb, kn).lo & 1;
      if ((starLen & 1) === want) return value;
      const at = starAt;
      return withSpaces(value, t.slice(0, at) + t[at] + t.slice(at), t);
    }
    case Kind.Text: {
      const n = textPositions(t, posScratch);
      if (n === 0) return value;
      textKey(t);
      const want = hasher(kb, kn).lo;
      const len = t.length;
      // collect (index, wanted code) edits in order; closing brackets follow their opening one
      let nEdits = 0;
      for (let p = 0; p < n; p++) {
        const i = posScratch[p];
        const c = fAt(t, i);
        const code = (want >>> p) & 1 ? c + Ch.WideOffset : c;
        if (t.charCodeAt(i) !== code) { editAt[nEdits] = i; editCode[nEdits++] = code; }
        if (c === Ch.LParen) {
          for (let j = i + 1; j < len; j++) {
            const cj = fAt(t, j);
            if (cj === Ch.LParen) break;
            if (cj === Ch.RParen) {
              const close = code === c ? Ch.RParen : Ch.RParen + Ch.WideOffset;
              if (t.charCodeAt(j) !== close) { editAt[nEdits] = j; editCode[nEdits++] = close; }
              break;
            }
          }
        }
      }
      if (nEdits === 0) return value;
      if (nEdits > 1) sortEdits(nEdits);
      let core = '';
      let last = 0;
      for (let e = 0; e < nEdits; e++) {
        core += t.slice(last, editAt[e]) + String.fromCharCode(editCode[e]);
        last = editAt[e] + 1;
      }
      return withSpaces(value, core + t.slice(last), t);
    }
    case Kind.Mobile: {
      mobileKey(t);
      const want = hasher(kb, kn).lo & 1;
      if ((mSep !== 0 ? 1 : 0) === want) return value;
      const f = cWide ? foldWidth(t) : t;
      const sep = want ? ' ' : '';
      return withSpaces(value, f.slice(0, mA + 3) + sep + f.slice(mB, mB + 4) + sep + f.slice(mC, mC + 4), t);
    }
    case Kind.Id: {
      idKey(t);
      const want = hasher(kb, kn).lo & 1;
      if ((fAt(t, 17) === Ch.x ? 1 : 0) === want) return value;
      const f = cWide ? foldWidth(t) : t;
      return withSpaces(value, f.slice(0, 17) + (want ? 'x' : 'X'), t);
    }
    case Kind.Date: {
      dateKey(t);
      const want = hasher(kb, kn).lo & 1;
      if ((dSep === Ch.Slash ? 1 : 0) === want) return value;
      const f = cWide ? foldWidth(t) : t;
      const sep = want ? '/' : '-';
      return withSpaces(value, f.slice(0, 4) + sep + f.slice(dMo, dMo + dMoLen) + sep + f.slice(dDd), t);
    }
    case Kind.Dec: {
      const len = t.length;
      const orig = fAt(t, len - 1) - Ch.D0;
      let last = orig;
      if (lsb) {
        lsbKey(t);
        const bits = hasher(kb, kn);
        if ((last & 1) !== (bits.lo & 1)) {
          // ±1 unit in the last written place, never carrying into the next digit
          const up = last === 0 || (last !== 9 && (bits.hi & 1) === 1);
          last = up ? last + 1 : last - 1;
        }
      }
      let regroup = -1;
      if (groupableDecimal(t)) {
        groupKey(t, last);
        const want = hasher(kb, kn).lo & 1;
        if (gGrouped !== (want === 1)) regroup = want;
      }
      if (regroup < 0 && last === orig) return value;
      const f = cWide ? foldWidth(t) : t;
      const intRaw = f.slice(gInt, gDot);
      let intOut = intRaw;
      if (regroup >= 0) {
        const digits = gGrouped ? intRaw.replace(/,/g, '') : intRaw;
        intOut = regroup ? groupThousands(digits) : digits;
      }
      const frac = last === orig ? f.slice(gDot + 1) : f.slice(gDot + 1, len - 1) + String(last);
      return withSpaces(value, (gSign !== 0 ? f[0] : '') + intOut + '.' + frac, t);
    }
  }
  return value;
}
