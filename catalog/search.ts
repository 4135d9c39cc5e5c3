// Catalogue search: an in-memory MiniSearch index over sources, datasets, columns and standards,
// fed by the catalogue (no graph access here), matching Chinese (substring and word level),
// English identifiers and pinyin (full and initials), with filters, facets and keyset cursors.
import MiniSearch from 'minisearch';
import type { Query, SearchResult } from 'minisearch';
import { hanQueryTokens, pinyinOfRun, pinyinTokens, segment, strippedName, textTokens, wordParts } from './search-text.ts';

export type SearchKind = 'source' | 'dataset' | 'column' | 'standard';
export type Conformance = 'conforming' | 'partial' | 'nonconforming' | 'unmapped';

export interface SearchDocument {
  id: string;
  kind: SearchKind;
  name: string;
  comment?: string | null;
  description?: string | null;
  /** Dotted location, e.g. `ta.taccoinfo.c_custname`. */
  path?: string;
  sourceId?: string | null;
  system?: string | null;
  datasetId?: string | null;
  grade?: number | null;
  categoryId?: string | null;
  /** e.g. `客户/个人身份`. */
  categoryPath?: string | null;
  /** Owner department id. */
  owner?: string | null;
  conformance?: Conformance | null;
  standardCode?: string | null;
}

export interface SearchFilters {
  sourceId?: string[];
  system?: string[];
  grade?: number[];
  /** Matches a category or its children: prefix of categoryId (`C` → `C01`) or of categoryPath (`客户` → `客户/个人身份`). */
  categoryId?: string[];
  owner?: string[];
  conformance?: string[];
}

export interface SearchOptions {
  kinds?: string[];
  filters?: SearchFilters;
  /** Page size, 0..1000; default 20. */
  first?: number;
  /** endCursor (or a hit's cursor) of the previous page. */
  after?: string | null;
}

export interface SearchHit {
  id: string;
  kind: SearchKind;
  score: number;
  /** Cursor of this hit, for Relay edges. */
  cursor: string;
  doc: SearchDocument;
}

export interface SearchFacets {
  system: Record<string, number>;
  grade: Record<string, number>;
  kind: Record<string, number>;
  /** First level of categoryPath (`客户/个人身份` counts under `客户`). */
  categoryPath: Record<string, number>;
  owner: Record<string, number>;
  conformance: Record<string, number>;
}

export interface SearchResultPage {
  hits: SearchHit[];
  /** All matches after filters, not just this page. */
  total: number;
  endCursor: string | null;
  hasNextPage: boolean;
  /** Counts over all matches after filters; documents without a value are not counted. */
  facets: SearchFacets;
  /** True when no document matched every term and the terms were combined with OR instead. */
  relaxed: boolean;
}

/** Bad documents, duplicate ids, a malformed cursor or page size: the message says what to fix. */
export class SearchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchError';
  }
}

const KINDS: readonly SearchKind[] = ['source', 'dataset', 'column', 'standard'];
const KIND_RANK: Record<SearchKind, number> = { source: 0, dataset: 1, standard: 2, column: 3 };
const CONFORMANCE = new Set(['conforming', 'partial', 'nonconforming', 'unmapped']);
const FIELDS = ['name', 'namePy', 'comment', 'commentPy', 'description', 'meta'] as const;
const TEXT_FIELDS = ['name', 'comment', 'description', 'meta'];
const PINYIN_FIELDS = ['namePy', 'commentPy'];
const BOOST = { name: 4, namePy: 3, comment: 2, commentPy: 1.2, description: 0.6, meta: 0.8 };
const DEFAULT_FIRST = 20;
const MAX_FIRST = 1000;
/** Bounds on query work: a 1,000-character query is cut to this many terms of this length. */
const MAX_TERMS = 24;
const MAX_TERM_LENGTH = 64;
const MAX_FUZZY_TERMS = 4;

type Analyzed = { id: string } & Record<(typeof FIELDS)[number], string>;

interface Entry {
  doc: SearchDocument;
  /** Tie-break and browse order: kind, then path or name, then id. Unique. */
  key: string;
  nameLower: string;
  nameStripped: string;
  commentLower: string;
  /** Facet values, precomputed: system, grade, kind, first level of categoryPath, owner, conformance ('' = none). */
  facetKeys: string[];
}

type Cursor = { score: number; key: string };

const FACET_NAMES = ['system', 'grade', 'kind', 'categoryPath', 'owner', 'conformance'] as const;

/** One pass over the matches: total, facets, and the best `first` after the cursor, kept sorted (no full sort). */
class PageCollector {
  total = 0;
  private remaining = 0;
  private scores: number[] = [];
  private entries: Entry[] = [];
  private counts: Map<string, number>[] = FACET_NAMES.map(() => new Map());

  constructor(private readonly first: number, private readonly after: Cursor | null) {}

  offer(entry: Entry, score: number): void {
    this.total++;
    const keys = entry.facetKeys;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k) this.counts[i]!.set(k, (this.counts[i]!.get(k) ?? 0) + 1);
    }
    const after = this.after;
    if (after && !precedes(after.score, after.key, score, entry.key)) return;
    this.remaining++;
    const { first, scores, entries } = this;
    if (first === 0) return;
    if (entries.length === first && !precedes(score, entry.key, scores[first - 1]!, entries[first - 1]!.key)) return;
    // binary insertion keeps the page sorted
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (precedes(scores[mid]!, entries[mid]!.key, score, entry.key)) lo = mid + 1;
      else hi = mid;
    }
    scores.splice(lo, 0, score);
    entries.splice(lo, 0, entry);
    if (entries.length > first) {
      scores.pop();
      entries.pop();
    }
  }

  result(relaxed: boolean): SearchResultPage {
    const hits: SearchHit[] = this.entries.map((e, i) => ({ id: e.doc.id, kind: e.doc.kind, score: this.scores[i]!, cursor: encodeCursor(this.scores[i]!, e.key), doc: e.doc }));
    const facets = Object.fromEntries(FACET_NAMES.map((name, i) => [name, Object.fromEntries(this.counts[i]!)])) as unknown as SearchFacets;
    return { hits, total: this.total, endCursor: hits.length ? hits[hits.length - 1]!.cursor : null, hasNextPage: this.remaining > hits.length, facets, relaxed };
  }
}

function analyze(doc: SearchDocument): Analyzed {
  const join = (tokens: string[]) => tokens.join(' ');
  const meta: string[] = [];
  if (doc.path) {
    const segs = doc.path.split('.');
    // a column's path ends with its own name, already indexed in the name field
    if (segs.length > 1 && segs[segs.length - 1]!.toLowerCase() === doc.name.trim().toLowerCase()) segs.pop();
    for (const s of segs) meta.push(...textTokens(s));
  }
  for (const part of [doc.system, doc.standardCode]) if (part) meta.push(...textTokens(part));
  return {
    id: doc.id,
    name: join(textTokens(doc.name)),
    namePy: join(pinyinTokens(doc.name)),
    comment: join(textTokens(doc.comment)),
    commentPy: join(pinyinTokens(doc.comment)),
    description: join(textTokens(doc.description)),
    meta: join(meta),
  };
}

function validate(doc: unknown, at: number): SearchDocument {
  const d = doc as SearchDocument;
  const where = `document ${at}`;
  if (d == null || typeof d !== 'object') throw new SearchError(`${where}: expected an object with id, kind and name`);
  if (typeof d.id !== 'string' || d.id.length === 0) throw new SearchError(`${where}: id must be a non-empty string`);
  if (!KINDS.includes(d.kind)) throw new SearchError(`${where} (${d.id}): kind must be one of ${KINDS.join(', ')}, got ${String(d.kind)}`);
  if (typeof d.name !== 'string') throw new SearchError(`${where} (${d.id}): name must be a string`);
  if (d.grade != null && !(Number.isInteger(d.grade) && d.grade >= 1 && d.grade <= 4)) throw new SearchError(`${where} (${d.id}): grade must be 1..4 or null, got ${String(d.grade)}`);
  if (d.conformance != null && !CONFORMANCE.has(d.conformance)) throw new SearchError(`${where} (${d.id}): conformance must be one of ${[...CONFORMANCE].join(', ')} or null`);
  for (const f of ['comment', 'description', 'path', 'sourceId', 'system', 'datasetId', 'categoryId', 'categoryPath', 'owner', 'standardCode'] as const) {
    if (d[f] != null && typeof d[f] !== 'string') throw new SearchError(`${where} (${d.id}): ${f} must be a string or null`);
  }
  // frozen: hits hand out this object, and a caller's edit must not bypass upsert
  return Object.freeze({ ...d });
}

function makeEntry(doc: SearchDocument): Entry {
  return {
    doc,
    key: `${KIND_RANK[doc.kind]}\u0001${(doc.path || doc.name).toLowerCase()}\u0001${doc.id}`,
    nameLower: doc.name.trim().toLowerCase(),
    nameStripped: strippedName(doc.name),
    commentLower: (doc.comment ?? '').trim().toLowerCase(),
    facetKeys: [doc.system ?? '', doc.grade == null ? '' : String(doc.grade), doc.kind, doc.categoryPath ? doc.categoryPath.split('/')[0]! : '', doc.owner ?? '', doc.conformance ?? ''],
  };
}

function encodeCursor(score: number, key: string): string {
  return Buffer.from(JSON.stringify(['s1', score, key]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v[0] === 's1' && typeof v[1] === 'number' && Number.isFinite(v[1]) && typeof v[2] === 'string') return { score: v[1], key: v[2] };
  } catch {
    // fall through to the error below
  }
  throw new SearchError('after: not a cursor from this search; pass the endCursor of the previous page');
}

/** a before b in result order: higher score first, then key ascending. */
function precedes(aScore: number, aKey: string, bScore: number, bKey: string): boolean {
  return aScore > bScore || (aScore === bScore && aKey < bKey);
}

/** A parsed query: one node per term, every node must match (AND), or any (relaxed OR). */
interface ParsedQuery {
  terms: { kind: 'han' | 'latin'; text: string }[];
  normalized: string;
}

export function parseQuery(query: string): ParsedQuery {
  const q = typeof query === 'string' ? query : '';
  const { han, latin } = segment(q.slice(0, 4000));
  const terms: ParsedQuery['terms'] = [];
  const seen = new Set<string>();
  // keep the user's order of appearance roughly: Han runs then Latin words is fine for AND semantics
  for (const run of han) {
    const text = Array.from(run).slice(0, MAX_TERM_LENGTH).join('');
    if (!seen.has(text)) { seen.add(text); terms.push({ kind: 'han', text }); }
  }
  for (const w of latin) {
    const text = w.toLowerCase().replace(/^_+|_+$/g, '').slice(0, MAX_TERM_LENGTH);
    if (text && !seen.has(text)) { seen.add(text); terms.push({ kind: 'latin', text }); }
  }
  return { terms: terms.slice(0, MAX_TERMS), normalized: q.trim().toLowerCase() };
}

export class CatalogSearch {
  private index: MiniSearch<Analyzed>;
  private entries = new Map<string, Entry>();

  constructor() {
    this.index = CatalogSearch.newIndex();
  }

  private static newIndex(): MiniSearch<Analyzed> {
    return new MiniSearch<Analyzed>({
      idField: 'id',
      fields: [...FIELDS],
      storeFields: [],
      // Analysis happens in analyze(); fields arrive as space-joined tokens and queries as single tokens.
      tokenize: (text) => (text ? text.split(' ') : []),
      processTerm: (term) => term || null,
      autoVacuum: { minDirtCount: 1000, minDirtFactor: 0.1, batchSize: 5000, batchWait: 10 },
    });
  }

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get(id: string): SearchDocument | undefined {
    return this.entries.get(id)?.doc;
  }

  /** Adds new documents; throws (adding nothing) if one is malformed or its id is already indexed. */
  add(docs: readonly SearchDocument[]): void {
    const valid = docs.map(validate);
    const ids = new Set<string>();
    for (const d of valid) {
      if (this.entries.has(d.id) || ids.has(d.id)) throw new SearchError(`document ${d.id} is already indexed; use upsert to replace it`);
      ids.add(d.id);
    }
    const analyzed = valid.map(analyze);
    this.index.addAll(analyzed);
    for (const d of valid) this.entries.set(d.id, makeEntry(d));
  }

  /** Adds or replaces documents by id (the last one wins when a batch repeats an id). */
  upsert(docs: readonly SearchDocument[]): void {
    const latest = new Map<string, SearchDocument>();
    docs.map(validate).forEach((d) => latest.set(d.id, d));
    for (const d of latest.values()) {
      const a = analyze(d);
      if (this.entries.has(d.id)) this.index.replace(a);
      else this.index.add(a);
      this.entries.set(d.id, makeEntry(d));
    }
  }

  /** Removes documents by id; unknown ids are ignored. Returns how many were removed. */
  remove(ids: readonly string[]): number {
    let n = 0;
    for (const id of new Set(ids)) {
      if (!this.entries.has(id)) continue;
      this.index.discard(id);
      this.entries.delete(id);
      n++;
    }
    return n;
  }

  clear(): void {
    this.index = CatalogSearch.newIndex();
    this.entries.clear();
  }

  search(query: string, opts: SearchOptions = {}): SearchResultPage {
    const first = opts.first ?? DEFAULT_FIRST;
    if (!Number.isInteger(first) || first < 0 || first > MAX_FIRST) throw new SearchError(`first must be an integer from 0 to ${MAX_FIRST}, got ${String(opts.first)}`);
    const after = opts.after ? decodeCursor(opts.after) : null;
    const accept = this.filterFor(opts);
    const parsed = parseQuery(query);

    if (parsed.terms.length === 0) {
      const page = new PageCollector(first, after);
      for (const entry of this.entries.values()) if (accept(entry)) page.offer(entry, 0);
      return page.result(false);
    }
    const page = this.collectMatches(this.index.search(this.buildQuery(parsed, 'AND')), parsed, accept, first, after);
    if (page.total === 0 && this.canRelax(parsed)) {
      return this.collectMatches(this.index.search(this.buildQuery(parsed, 'OR')), parsed, accept, first, after).result(true);
    }
    return page.result(false);
  }

  private canRelax(parsed: ParsedQuery): boolean {
    return parsed.terms.length > 1 || parsed.terms.some((t) => t.kind === 'han' && Array.from(t.text).length > 2);
  }

  private buildQuery(parsed: ParsedQuery, combineWith: 'AND' | 'OR'): Query {
    let fuzzyLeft = MAX_FUZZY_TERMS;
    const nodes: Query[] = parsed.terms.map((t) => {
      if (t.kind === 'han') {
        const grams = hanQueryTokens(t.text);
        const alternatives: Query[] = [
          grams.length === 1 ? { queries: grams, prefix: Array.from(grams[0]!).length === 1 } : { combineWith, queries: grams, prefix: false },
        ];
        // pinyin-named columns: 客户姓名 finds a column literally named khxm or kehuxingming
        if (Array.from(t.text).length >= 2) {
          const py = pinyinOfRun(t.text);
          const names = [...new Set([py.initials, py.full].filter((x) => x.length >= 2))];
          if (names.length) alternatives.push({ fields: ['name'], queries: names, combineWith: 'OR', prefix: false, fuzzy: false });
        }
        return alternatives.length === 1 ? alternatives[0]! : { combineWith: 'OR', queries: alternatives };
      }
      const long = t.text.length >= 5 && fuzzyLeft-- > 0;
      const prefix = t.text.length >= 2;
      const parts = wordParts(t.text).filter((p) => p.length > 0);
      const latinLeaf: Query = { fields: TEXT_FIELDS, queries: [t.text], prefix, fuzzy: long ? 0.2 : false, maxFuzzy: 1 };
      const alternatives: Query[] = [latinLeaf, { fields: PINYIN_FIELDS, queries: [t.text], prefix, fuzzy: false }];
      // c_custname also finds cust_name / CustName through its parts
      if (parts.length > 1) alternatives.push({ fields: TEXT_FIELDS, queries: parts, combineWith: 'AND', prefix: true, fuzzy: false });
      return { combineWith: 'OR', queries: alternatives };
    });
    return { combineWith, queries: nodes, boost: BOOST };
  }

  private filterFor(opts: SearchOptions): (e: Entry) => boolean {
    const kinds = opts.kinds?.length ? new Set(opts.kinds) : null;
    const f = opts.filters ?? {};
    const set = <T>(xs: T[] | undefined) => (xs && xs.length ? new Set(xs) : null);
    const sourceId = set(f.sourceId);
    const system = set(f.system);
    const grade = set(f.grade?.map(Number));
    const owner = set(f.owner);
    const conformance = set(f.conformance);
    const categories = f.categoryId?.length ? f.categoryId.filter((c) => typeof c === 'string' && c.length > 0) : null;
    if (!kinds && !sourceId && !system && !grade && !owner && !conformance && !categories) return () => true;
    return (e) => {
      const d = e.doc;
      if (kinds && !kinds.has(d.kind)) return false;
      if (sourceId && !sourceId.has(d.sourceId ?? '')) return false;
      if (system && !system.has(d.system ?? '')) return false;
      if (grade && (d.grade == null || !grade.has(d.grade))) return false;
      if (owner && !owner.has(d.owner ?? '')) return false;
      if (conformance && !conformance.has(d.conformance ?? '')) return false;
      if (categories) {
        const id = d.categoryId ?? '';
        const path = d.categoryPath ?? '';
        const hit = categories.some((c) => (id && id.startsWith(c)) || (path && (path === c || path.startsWith(c.endsWith('/') ? c : `${c}/`))));
        if (!hit) return false;
      }
      return true;
    };
  }

  private collectMatches(results: SearchResult[], parsed: ParsedQuery, accept: (e: Entry) => boolean, first: number, after: Cursor | null): PageCollector {
    const page = new PageCollector(first, after);
    const q = parsed.normalized;
    const qCompact = q.replace(/[\s_]+/g, '');
    for (const r of results) {
      const entry = this.entries.get(r.id as string);
      if (!entry || !accept(entry)) continue;
      let score = r.score;
      // exact name matches first, then an exact comment
      if (entry.nameLower === q || (entry.nameStripped && entry.nameStripped === qCompact)) score *= 3;
      else if (entry.commentLower && entry.commentLower === q) score *= 2;
      page.offer(entry, score);
    }
    return page;
  }
}
