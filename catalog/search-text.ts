// Text analysis for catalogue search: CJK bigrams + unigrams, Latin identifier words, pinyin.
// Pure functions; pinyin conversions are cached because catalogue comments repeat a lot.
import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;
// Han runs, or Latin-ish identifier words (letters/digits/underscore of any non-Han script).
const SEGMENT = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}_])+)/gu;

/** Hundsun-style vendor prefixes: C_ (char), D_ (date), F_ (float), VC_, L_ (long), N_, EN_ (amount). */
const VENDOR_PREFIXES = new Set(['c', 'd', 'f', 'vc', 'l', 'n', 'en']);

/** Longest pinyin suffix indexed per position, in characters. A query spanning more chars still matches word by word. */
const PINYIN_WINDOW = 6;
/** Han characters per text that get pinyin tokens (comments can be long). */
const PINYIN_MAX_CHARS = 32;
/** Text longer than this is cut before analysis (descriptions). */
const MAX_TEXT = 4000;

export interface Segments {
  han: string[];
  latin: string[];
}

/** Splits text into Han runs and Latin words (underscore kept inside words). */
export function segment(text: string): Segments {
  const han: string[] = [];
  const latin: string[] = [];
  // NFKC folds full-width input (ＣＵＳＴ＿ＮＯ, ２０２４) into the ASCII the catalogue stores
  const s = (text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text).normalize('NFKC');
  for (const m of s.matchAll(SEGMENT)) {
    if (m[1]) han.push(m[1]);
    else if (m[2]) latin.push(m[2]);
  }
  return { han, latin };
}

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/**
 * Bigrams of a Han run plus its last character: 客户姓名 → 客户 户姓 姓名 名. Every character then starts
 * exactly one token, so a one-character query finds it by prefix search (户 → 户姓) with half the
 * tokens of unigrams + bigrams.
 */
export function hanTokens(run: string, out: string[] = []): string[] {
  const chars = Array.from(run);
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  if (chars.length) out.push(chars[chars.length - 1]!);
  return out;
}

/** Bigrams of a Han query run (a single character stays itself, searched by prefix): substring matching. */
export function hanQueryTokens(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length === 1) return [chars[0]!];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return [...new Set(out)];
}

/** Parts of one identifier word: snake_case, camelCase and letter/digit boundaries, lower case. */
export function wordParts(word: string): string[] {
  const parts: string[] = [];
  for (const piece of word.split('_')) {
    if (!piece) continue;
    // camelCase / PascalCase / ACRONYMWord / digits
    const m = piece.match(/\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{N}+|[^\p{Lu}\p{Ll}\p{N}]+|\p{Lu}/gu);
    for (const p of m ?? [piece]) parts.push(p.toLowerCase());
  }
  return parts;
}

/**
 * Index tokens of one Latin word: the whole word, its parts, and the parts joined without separators,
 * with a vendor prefix stripped: `VC_CUST_NAME` → vc_cust_name, vc, cust, name, cust_name, custname.
 */
export function latinTokens(word: string, out: string[] = []): string[] {
  const whole = word.toLowerCase().replace(/^_+|_+$/g, '');
  if (!whole) return out;
  out.push(whole);
  const parts = wordParts(word);
  if (parts.length <= 1) return out;
  // numbers alone (the 2 of addr2) are noise; the whole word keeps them
  for (const p of parts) if (!/^\d+$/.test(p)) out.push(p);
  const vendor = VENDOR_PREFIXES.has(parts[0]!);
  const rest = vendor ? parts.slice(1) : parts;
  if (rest.length > 1) out.push(rest.join(''));
  if (vendor) {
    const unprefixed = whole.slice(parts[0]!.length).replace(/^_+/, '');
    if (unprefixed.includes('_')) out.push(unprefixed);
  }
  return out;
}

/** An identifier without separators and vendor prefix, lower case: `VC_CUST_NAME` → custname. */
export function strippedName(name: string): string {
  const parts = wordParts(name.trim());
  return (parts.length > 1 && VENDOR_PREFIXES.has(parts[0]!) ? parts.slice(1) : parts).join('');
}

/** Tokens of free text (names, comments, descriptions): Han unigrams+bigrams and Latin word tokens. */
export function textTokens(text: string | null | undefined): string[] {
  if (!text) return [];
  const { han, latin } = segment(text);
  const out: string[] = [];
  for (const run of han) hanTokens(run, out);
  for (const w of latin) latinTokens(w, out);
  return out;
}

const pinyinCache = new Map<string, string[]>();
const PINYIN_CACHE_MAX = 100_000;

/** Toneless pinyin syllables of a Han run, one per character (ü written v), cached. */
export function syllables(run: string): string[] {
  let s = pinyinCache.get(run);
  if (s) return s;
  s = pinyin(run, { toneType: 'none', type: 'array', v: true }).map((x) => x.toLowerCase().replace(/[^a-z]/g, ''));
  if (pinyinCache.size >= PINYIN_CACHE_MAX) pinyinCache.clear();
  pinyinCache.set(run, s);
  return s;
}

/**
 * Pinyin tokens of a text's Han runs: from every character, the full pinyin and the initials of up to
 * PINYIN_WINDOW characters. With prefix search, `kehu`, `xingming`, `khxm` and `xm` all find 客户姓名.
 * Initials are the first letters of the same syllables (what pinyin-pro's pattern 'first' gives), so
 * polyphones read the same way in both.
 */
export function pinyinTokens(text: string | null | undefined, out: string[] = []): string[] {
  if (!text) return out;
  let budget = PINYIN_MAX_CHARS;
  for (const run of segment(text).han) {
    if (budget <= 0) break;
    const chars = Array.from(run).slice(0, budget);
    budget -= chars.length;
    const syl = syllables(chars.join(''));
    for (let i = 0; i < syl.length; i++) {
      const end = Math.min(syl.length, i + PINYIN_WINDOW);
      let full = '';
      let initials = '';
      for (let j = i; j < end; j++) {
        full += syl[j];
        initials += syl[j]!.charAt(0);
      }
      if (full) out.push(full);
      if (initials.length >= 2 && initials !== full) out.push(initials);
    }
  }
  return out;
}

/** Full pinyin and initials of a whole Han run, for matching pinyin-named columns (客户姓名 → khxm). */
export function pinyinOfRun(run: string): { full: string; initials: string } {
  const syl = syllables(run);
  return { full: syl.join(''), initials: syl.map((x) => x.charAt(0)).join('') };
}
