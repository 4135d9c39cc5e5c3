// Name and comment matching: Chinese keywords in comments and names; English tokens from
// snake_case, camelCase and vendor prefixes (C_, VC_, EN_...), split further with a vocabulary
// (FUNDACCO → fund acco); pinyin full spellings and initials generated from the Chinese terms.
import { pinyin } from 'pinyin-pro';

export interface KeywordEntry {
  ruleId: string;
  priority: number;
  zh?: string[];
  en?: string[];
  pinyin?: boolean;
  exclude?: string[];
}

export interface KeywordHit {
  ruleId: string;
  /** The keyword or token that matched (a rule term, never a sampled value). */
  keyword: string;
  via: 'zh' | 'en' | 'pinyin';
  /** Position of the hit in the text (characters for zh, words for en), used for the head-noun rule. */
  pos: number;
  len: number;
  priority: number;
}

interface ZhKw { kw: string; ruleId: string; priority: number }
interface EnKw { words: string[]; phrase: string; ruleId: string; priority: number }

const CJK = /[\u3400-\u9fff]/;
const HAN_ONLY = /^[\u3400-\u9fff]+$/;

/** Split an identifier into lower-case words: snake_case, camelCase, digits; vendor prefix dropped. */
export function splitIdentifier(name: string, vendorPrefixes: ReadonlySet<string> = new Set()): string[] {
  const raw = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (raw.length > 1 && vendorPrefixes.has(raw[0].toLowerCase())) raw.shift();
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

export class KeywordMatcher {
  private zhByFirst = new Map<string, ZhKw[]>();
  private enByFirst = new Map<string, EnKw[]>();
  private vocab = new Set<string>();
  private pinyinForms = new Map<string, { term: string; ruleId: string; priority: number }[]>();
  private excludes = new Map<string, { zh: string[]; en: Set<string> }>();
  private segCache = new Map<string, string[]>();
  readonly vendorPrefixes: ReadonlySet<string>;
  /** Pinyin forms generated at load time: form → Chinese terms (for review and tests). */
  readonly generatedPinyin = new Map<string, string[]>();

  constructor(entries: KeywordEntry[], vendorPrefixes: string[] = [], extraVocabulary: string[] = []) {
    this.vendorPrefixes = new Set(vendorPrefixes.map((p) => p.toLowerCase().replace(/_$/, '')));
    for (const w of extraVocabulary) this.addVocab(w);
    for (const e of entries) {
      for (const kw of e.zh ?? []) {
        const k = kw.toLowerCase();
        const list = this.zhByFirst.get(k[0]) ?? [];
        list.push({ kw: k, ruleId: e.ruleId, priority: e.priority });
        this.zhByFirst.set(k[0], list);
      }
      for (const phrase of e.en ?? []) {
        const words = phrase.toLowerCase().split(/[\s_]+/).filter(Boolean);
        if (!words.length) continue;
        for (const w of words) this.addVocab(w);
        const list = this.enByFirst.get(words[0]) ?? [];
        list.push({ words, phrase: words.join(' '), ruleId: e.ruleId, priority: e.priority });
        this.enByFirst.set(words[0], list);
      }
      if (e.exclude?.length) {
        this.excludes.set(e.ruleId, {
          zh: e.exclude.filter((x) => CJK.test(x)).map((x) => x.toLowerCase()),
          en: new Set(e.exclude.filter((x) => !CJK.test(x)).map((x) => x.toLowerCase())),
        });
      }
    }
    for (const list of this.zhByFirst.values()) list.sort((a, b) => b.kw.length - a.kw.length);
    for (const list of this.enByFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
    // Pinyin after vocabulary is complete: an English word keeps its English meaning.
    for (const e of entries) {
      if (e.pinyin === false) continue;
      for (const term of e.zh ?? []) {
        if (!HAN_ONLY.test(term) || term.length < 2) continue;
        const syllables = pinyin(term, { toneType: 'none', type: 'array', v: true }) as string[];
        const full = syllables.join('').toLowerCase();
        this.addPinyin(full, term, e);
        if (term.length >= 3) this.addPinyin(syllables.map((s) => s[0]).join('').toLowerCase(), term, e);
      }
    }
  }

  private addVocab(w: string): void {
    const x = w.toLowerCase();
    if (x.length < 2 || CJK.test(x)) return;
    this.vocab.add(x);
    this.vocab.add(x + 's');
  }

  private addPinyin(form: string, term: string, e: KeywordEntry): void {
    if (form.length < 3 || this.vocab.has(form)) return;
    const list = this.pinyinForms.get(form) ?? [];
    if (!list.some((x) => x.ruleId === e.ruleId)) list.push({ term, ruleId: e.ruleId, priority: e.priority });
    this.pinyinForms.set(form, list);
    const terms = this.generatedPinyin.get(form) ?? [];
    if (!terms.includes(term)) terms.push(term);
    this.generatedPinyin.set(form, terms);
  }

  /** Split a lower-case token into vocabulary words (fundacco → fund acco) by least-cost segmentation. */
  segment(token: string): string[] {
    if (this.vocab.has(token) || this.pinyinForms.has(token) || token.length <= 3) return [token];
    const cached = this.segCache.get(token);
    if (cached) return cached;
    const n = token.length;
    const cost = new Float64Array(n + 1).fill(Infinity);
    const back = new Int32Array(n + 1);
    const known = new Uint8Array(n + 1);
    cost[0] = 0;
    for (let i = 1; i <= n; i++) {
      for (let j = Math.max(0, i - 16); j < i; j++) {
        if (cost[j] === Infinity) continue;
        const piece = token.slice(j, i);
        const isKnown = piece.length >= 2 && this.vocab.has(piece);
        const c = cost[j] + (isKnown ? 1 : 1 + 0.3 * piece.length);
        if (c < cost[i]) { cost[i] = c; back[i] = j; known[i] = isKnown ? 1 : 0; }
      }
    }
    const parts: string[] = [];
    for (let i = n; i > 0; i = back[i]) parts.unshift(token.slice(back[i], i));
    const out = parts.length > 1 ? parts : [token];
    if (this.segCache.size < 100_000) this.segCache.set(token, out);
    return out;
  }

  /** Words of an identifier after vendor-prefix stripping and vocabulary segmentation. */
  words(identifier: string, stripVendor = true): string[] {
    const toks = splitIdentifier(identifier, stripVendor ? this.vendorPrefixes : new Set());
    const out: string[] = [];
    for (const t of toks) for (const w of this.segment(t)) out.push(w);
    return out;
  }

  private matchZh(text: string, hits: KeywordHit[]): void {
    const t = text.toLowerCase();
    const cand: KeywordHit[] = [];
    for (let i = 0; i < t.length; i++) {
      const list = this.zhByFirst.get(t[i]);
      if (!list) continue;
      for (const k of list) if (t.startsWith(k.kw, i)) cand.push({ ruleId: k.ruleId, keyword: k.kw, via: 'zh', pos: i, len: k.kw.length, priority: k.priority });
    }
    resolveOverlaps(cand, hits);
  }

  private matchWords(raw: string[], hits: KeywordHit[], offset: number): void {
    const cand: KeywordHit[] = [];
    // Plurals match their singular keyword (customers → customer) unless the plural is a keyword itself.
    const words = raw.map((w) => (w.length > 3 && w.endsWith('s') && !this.enByFirst.has(w) && !this.pinyinForms.has(w) ? w.slice(0, -1) : w));
    for (let i = 0; i < words.length; i++) {
      const list = this.enByFirst.get(words[i]);
      if (list) {
        for (const k of list) {
          if (i + k.words.length > words.length) continue;
          let ok = true;
          for (let j = 1; j < k.words.length; j++) if (words[i + j] !== k.words[j]) { ok = false; break; }
          if (ok) cand.push({ ruleId: k.ruleId, keyword: k.phrase, via: 'en', pos: offset + i, len: k.words.length, priority: k.priority });
        }
      }
      const py = this.pinyinForms.get(words[i]);
      if (py) for (const p of py) cand.push({ ruleId: p.ruleId, keyword: `${words[i]} (${p.term})`, via: 'pinyin', pos: offset + i, len: 1, priority: p.priority });
    }
    resolveOverlaps(cand, hits);
  }

  private applyExcludes(hits: KeywordHit[], lowerText: string, words: Set<string>): KeywordHit[] {
    return hits.filter((h) => {
      const ex = this.excludes.get(h.ruleId);
      if (!ex) return true;
      if (ex.zh.some((z) => lowerText.includes(z))) return false;
      for (const w of ex.en) if (words.has(w)) return false;
      return true;
    });
  }

  /** Keyword hits in a column or table comment (Chinese substrings and ASCII words). */
  matchComment(comment: string | null | undefined): KeywordHit[] {
    if (!comment) return [];
    const hits: KeywordHit[] = [];
    this.matchZh(comment, hits);
    const words: string[] = [];
    for (const m of comment.matchAll(/[A-Za-z][A-Za-z0-9_]*/g)) words.push(...this.words(m[0], false));
    this.matchWords(words, hits, 1000);
    return this.applyExcludes(hits, comment.toLowerCase(), new Set(words));
  }

  /** Keyword hits in an identifier (column or table name). */
  matchName(name: string): KeywordHit[] {
    const hits: KeywordHit[] = [];
    if (CJK.test(name)) this.matchZh(name, hits);
    const words = this.words(name);
    this.matchWords(words, hits, 0);
    return this.applyExcludes(hits, name.toLowerCase(), new Set(words));
  }
}

/** Longest match first (then priority); a shorter keyword inside an accepted one is dropped. */
function resolveOverlaps(cand: KeywordHit[], out: KeywordHit[]): void {
  cand.sort((a, b) => b.len - a.len || b.priority - a.priority || a.pos - b.pos);
  const taken: [number, number][] = [];
  for (const h of cand) {
    const s = h.pos, e = h.pos + h.len;
    if (taken.some(([ts, te]) => s < te && ts < e)) {
      // A keyword several rules share (same span) stays for each of them; a shorter one inside is dropped.
      if (!taken.some(([ts, te]) => ts === s && te === e)) continue;
    } else taken.push([s, e]);
    out.push(h);
  }
}

/**
 * The head-noun rule: the hit with the highest priority wins; among equals the later one
 * (in Chinese and in snake_case the last word usually says what the thing is).
 */
export function pickHead(hits: KeywordHit[]): KeywordHit | null {
  let best: KeywordHit | null = null;
  for (const h of hits) {
    if (!best || h.priority > best.priority || (h.priority === best.priority && h.pos >= best.pos)) best = h;
  }
  return best;
}
