// FROZEN reference copy of watermark/carriers.ts before the marking speed-up (2026-11-26),
// used only by test/watermark/differential.test.ts. Do not edit or "fix": it defines the expected bytes.
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

const MOBILE = /^(\+?86[ -]?)?(1[3-9]\d)([ -]?)(\d{4})\3(\d{4})$/;
const IDNO = /^(\d{17})([Xx])$/;
const DATE = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})((?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)$/;

function isPunctCarrier(c: number): boolean {
  return c === Ch.Comma || c === Ch.Colon || c === Ch.Semi || c === Ch.LParen || c === Ch.Bang || c === Ch.Quest;
}

/** Where the text carrier's positions are: indices into the (trimmed, folded) string. */
function textPositions(f: string, out: number[]): number {
  let n = 0;
  for (let i = 0; i < f.length && n < MAX_TEXT_POSITIONS; i++) {
    const c = f.charCodeAt(i);
    if (!isPunctCarrier(c)) continue;
    if ((i > 0 && isCjk(f.charCodeAt(i - 1))) || (i + 1 < f.length && isCjk(f.charCodeAt(i + 1)))) out[n++] = i;
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

function collapseSpaces(s: string): string {
  return s.indexOf(' ') >= 0 || s.indexOf('\t') >= 0 ? s.replace(/\s+/g, ' ') : s;
}

interface Parsed {
  kind: string;
  /** trimmed original and its folded form */
  t: string;
  f: string;
  match: RegExpExecArray | null;
  starAt: number;
  starLen: number;
}

const parsed: Parsed = { kind: '', t: '', f: '', match: null, starAt: 0, starLen: 0 };

/** A decimal number as written: sign, integer digits (thousands commas removed), fraction. */
const dec = { sign: '', intRaw: '', digits: '', frac: '', grouped: false };

/** Hand-written form of /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)\.(\d+)$/ (the hot path of marking). */
function parseDecimal(f: string): boolean {
  const len = f.length;
  let i = 0;
  const c0 = f.charCodeAt(0);
  if (c0 === Ch.Plus || c0 === Ch.Minus) i = 1;
  const intStart = i;
  let commas = 0, run = 0, firstRun = -1;
  for (; i < len; i++) {
    const c = f.charCodeAt(i);
    if (isDigit(c)) { run++; continue; }
    if (c === Ch.Comma) {
      if (run === 0 || (firstRun >= 0 && run !== 3) || (firstRun < 0 && run > 3)) return false;
      if (firstRun < 0) firstRun = run;
      commas++; run = 0;
      continue;
    }
    break;
  }
  if (i >= len || f.charCodeAt(i) !== Ch.Dot || run === 0 || (commas > 0 && run !== 3)) return false;
  const dot = i;
  for (i = dot + 1; i < len; i++) if (!isDigit(f.charCodeAt(i))) return false;
  if (dot + 1 === len) return false;
  dec.sign = intStart === 1 ? f[0] : '';
  dec.intRaw = f.slice(intStart, dot);
  dec.digits = commas > 0 ? dec.intRaw.replace(/,/g, '') : dec.intRaw;
  dec.frac = f.slice(dot + 1);
  dec.grouped = commas > 0;
  return true;
}

/** Classifies a trimmed cell; fills `parsed`; returns false when it carries nothing. */
function classify(t: string): boolean {
  const len = t.length;
  if (len < 2) return false;
  let hasCjk = false, hasWide = false, hasStar = false, hasDot = false;
  for (let i = 0; i < len; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x80) {
      if (c === Ch.Star) hasStar = true;
      else if (c === Ch.Dot) hasDot = true;
    } else if ((c >= Ch.WideStart && c <= Ch.WideEnd) || c === Ch.IdeoSpace) {
      hasWide = true;
      if (c === 0xff0a) hasStar = true;
      else if (c === 0xff0e) hasDot = true;
    } else if (!hasCjk && isCjk(c)) hasCjk = true;
  }
  const f = hasWide ? foldWidth(t) : t;
  parsed.t = t; parsed.f = f; parsed.match = null;
  if (hasStar) {
    let at = -1, runLen = 0;
    for (let i = 0; i < len; i++) {
      if (f.charCodeAt(i) !== Ch.Star) continue;
      let j = i;
      while (j < len && f.charCodeAt(j) === Ch.Star) j++;
      if (j - i >= 2) { at = i; runLen = j - i; break; }
      i = j;
    }
    if (at >= 0) {
      parsed.kind = 'k'; parsed.starAt = at; parsed.starLen = runLen;
      return true;
    }
    return false;
  }
  if (hasCjk) {
    parsed.kind = 't';
    return true;
  }
  const c0 = f.charCodeAt(0);
  if (!isDigit(c0) && c0 !== Ch.Plus && c0 !== Ch.Minus) return false;
  let m: RegExpExecArray | null;
  if (hasDot) {
    if (parseDecimal(f)) { parsed.kind = 'g'; return true; }
    return false;
  }
  if (len >= 11 && len <= 18) {
    if ((m = MOBILE.exec(f))) { parsed.kind = 'm'; parsed.match = m; return true; }
    if (len === 18 && (m = IDNO.exec(f))) { parsed.kind = 'i'; parsed.match = m; return true; }
  }
  if (len >= 8 && len <= 19 && (m = DATE.exec(f))) { parsed.kind = 'd'; parsed.match = m; return true; }
  return false;
}

function groupable(intDigits: string): boolean {
  return intDigits.length >= 4 && intDigits.length <= 15 && intDigits.charCodeAt(0) !== Ch.D0;
}

function groupThousands(d: string): string {
  let out = '';
  const head = d.length % 3;
  if (head > 0) out = d.slice(0, head);
  for (let i = head; i < d.length; i += 3) out += (out ? ',' : '') + d.slice(i, i + 3);
  return out;
}

function pad2(s: string): string {
  return s.length === 1 ? '0' + s : s;
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
  if (!classify(t)) return false;
  const { f } = parsed;
  const m = parsed.match;
  switch (parsed.kind) {
    case 'k': {
      out.key = 'k' + collapseSpaces(f.slice(0, parsed.starAt) + '\u0000' + f.slice(parsed.starAt + parsed.starLen));
      out.n = 1; out.bits = parsed.starLen & 1;
      return true;
    }
    case 't': {
      const n = textPositions(f, posScratch);
      if (n === 0) return false;
      let bits = 0;
      for (let p = 0; p < n; p++) if (t.charCodeAt(posScratch[p]) >= Ch.WideStart) bits |= 1 << p;
      out.key = 't' + collapseSpaces(f); out.n = n; out.bits = bits >>> 0;
      return true;
    }
    case 'm': {
      out.key = 'm' + m![2] + m![4] + m![5]; out.n = 1; out.bits = m![3] ? 1 : 0;
      return true;
    }
    case 'i': {
      out.key = 'i' + m![1]; out.n = 1; out.bits = m![2] === 'x' ? 1 : 0;
      return true;
    }
    case 'd': {
      out.key = 'd' + m![1] + '-' + pad2(m![3]) + '-' + pad2(m![4]) + m![5].replace('T', ' ');
      out.n = 1; out.bits = m![2] === '/' ? 1 : 0;
      return true;
    }
    case 'g': {
      const sign = dec.sign === '+' ? '' : dec.sign;
      const digits = dec.digits;
      const frac = dec.frac;
      if (lsb) {
        out.lsbKey = 'l' + sign + digits + '.' + frac.slice(0, -1);
        out.lsbBit = (frac.charCodeAt(frac.length - 1) - Ch.D0) & 1;
      }
      if (groupable(digits)) {
        let end = frac.length;
        while (end > 0 && frac.charCodeAt(end - 1) === Ch.D0) end--;
        out.key = 'g' + sign + digits + '.' + frac.slice(0, end);
        out.n = 1; out.bits = dec.grouped ? 1 : 0;
      }
      return out.key !== '' || out.lsbKey !== '';
    }
  }
  return false;
}

/** The bits an export wants for a carrier key: lo holds positions 0..31, hi spare bits. */
export type BitSource = (carrierKey: string) => { lo: number; hi: number };

function withSpaces(value: string, core: string, t: string): string {
  if (value.length === t.length) return core;
  const lead = value.indexOf(t);
  return value.slice(0, lead) + core + value.slice(lead + t.length);
}

/**
 * Writes a cell so that each of its carrier positions shows the export's bit.
 * A cell without carriers is returned unchanged (the same string).
 */
export function markCell(value: string, lsb: boolean, bitsFor: BitSource): string {
  const t = trimmed(value);
  if (!classify(t)) return value;
  const { f } = parsed;
  const m = parsed.match;
  switch (parsed.kind) {
    case 'k': {
      const key = 'k' + collapseSpaces(f.slice(0, parsed.starAt) + '\u0000' + f.slice(parsed.starAt + parsed.starLen));
      const want = bitsFor(key).lo & 1;
      if ((parsed.starLen & 1) === want) return value;
      const at = parsed.starAt;
      return withSpaces(value, t.slice(0, at) + t[at] + t.slice(at), t);
    }
    case 't': {
      const n = textPositions(f, posScratch);
      if (n === 0) return value;
      const want = bitsFor('t' + collapseSpaces(f)).lo;
      // collect (index, wanted code) edits in order; closing brackets follow their opening one
      let nEdits = 0;
      for (let p = 0; p < n; p++) {
        const i = posScratch[p];
        const c = f.charCodeAt(i);
        const code = (want >>> p) & 1 ? c + Ch.WideOffset : c;
        if (t.charCodeAt(i) !== code) { editAt[nEdits] = i; editCode[nEdits++] = code; }
        if (c === Ch.LParen) {
          for (let j = i + 1; j < f.length; j++) {
            const cj = f.charCodeAt(j);
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
    case 'm': {
      const want = bitsFor('m' + m![2] + m![4] + m![5]).lo & 1;
      if ((m![3] ? 1 : 0) === want) return value;
      const sep = want ? ' ' : '';
      return withSpaces(value, (m![1] ?? '') + m![2] + sep + m![4] + sep + m![5], t);
    }
    case 'i': {
      const want = bitsFor('i' + m![1]).lo & 1;
      if ((m![2] === 'x' ? 1 : 0) === want) return value;
      return withSpaces(value, m![1] + (want ? 'x' : 'X'), t);
    }
    case 'd': {
      const want = bitsFor('d' + m![1] + '-' + pad2(m![3]) + '-' + pad2(m![4]) + m![5].replace('T', ' ')).lo & 1;
      if ((m![2] === '/' ? 1 : 0) === want) return value;
      const sep = want ? '/' : '-';
      return withSpaces(value, m![1] + sep + m![3] + sep + m![4] + m![5], t);
    }
    case 'g': {
      const sign = dec.sign === '+' ? '' : dec.sign;
      const digits = dec.digits;
      let frac = dec.frac;
      let changed = false;
      if (lsb) {
        const bits = bitsFor('l' + sign + digits + '.' + frac.slice(0, -1));
        const last = frac.charCodeAt(frac.length - 1) - Ch.D0;
        if ((last & 1) !== (bits.lo & 1)) {
          // ±1 unit in the last written place, never carrying into the next digit
          const up = last === 0 || (last !== 9 && (bits.hi & 1) === 1);
          frac = frac.slice(0, -1) + String(up ? last + 1 : last - 1);
          changed = true;
        }
      }
      let intOut = dec.intRaw;
      if (groupable(digits)) {
        let end = frac.length;
        while (end > 0 && frac.charCodeAt(end - 1) === Ch.D0) end--;
        const want = bitsFor('g' + sign + digits + '.' + (end === frac.length ? frac : frac.slice(0, end))).lo & 1;
        if (dec.grouped !== (want === 1)) { intOut = want ? groupThousands(digits) : digits; changed = true; }
      }
      return changed ? withSpaces(value, dec.sign + intOut + '.' + frac, t) : value;
    }
  }
  return value;
}
