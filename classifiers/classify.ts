// classifyTable: one suggestion per column (category, grade, confidence, evidence) and the table's
// rollup. Signals, strongest first: column comment keywords, column name tokens (English, vendor
// prefixes, pinyin), value detectors; the table's context (its name, comment and neighbouring
// columns) then decides what an ambiguous concept weighs. Sample values never leave this module.
import { compilePatternDetectors, profileValues, runDetectors, type CompiledPatternDetector } from './detectors.ts';
import { categoryCodes, loadRuleSet } from './ruleset.ts';
import { KeywordMatcher, pickHead, type KeywordHit } from './text.ts';
import type {
  ClassifyResult, ColumnSuggestion, ConceptRule, ContextRule, DetectorResult, DetectorRule, Evidence, Grade, RuleSet, SystemRule, TableInput,
} from './types.ts';

interface Compiled {
  rules: RuleSet;
  concepts: Map<string, ConceptRule>;
  contexts: Map<string, ContextRule>;
  columnMatcher: KeywordMatcher;
  contextMatcher: KeywordMatcher;
  modifierMatcher: KeywordMatcher;
  systemMatcher: KeywordMatcher;
  systems: Map<string, SystemRule>;
  paths: Map<string, string>;
  detectorRules: Map<string, DetectorRule[]>;
  patterns: CompiledPatternDetector[];
}

const compiledCache = new WeakMap<RuleSet, Compiled>();
let defaultRules: RuleSet | null = null;

// Words that help split run-together vendor names (C_NAMEINBANK → name in bank) without meaning anything.
const FILLER_WORDS = ['in', 'of', 'the', 'real', 'last', 'first', 'next', 'total', 'info', 'detail', 'min', 'max', 'frozen', 'confirm', 'reinvest', 'busin', 'unit', 'static', 'ext', 'attr', 'col', 'inst', 'repr', 'key', 'caption', 'stop', 'inter', 'stock', 'return', 'app', 'sheet', 'application', 'distributor', 'business', 'transaction', 'bind', 'reserved', 'verify', 'back', 'front', 'open'];

export function compileRuleSet(rules: RuleSet): Compiled {
  const hit = compiledCache.get(rules);
  if (hit) return hit;
  const columnMatcher = new KeywordMatcher(
    rules.concepts.map((c) => ({ ruleId: c.id, priority: c.priority, zh: c.zh, en: c.en, pinyin: c.pinyin, exclude: c.exclude })),
    rules.vendorPrefixes, [...FILLER_WORDS, ...rules.contexts.flatMap((x) => x.en ?? []).flatMap((p) => p.split(' '))],
  );
  const contextMatcher = new KeywordMatcher(
    rules.contexts.map((c) => ({ ruleId: c.id, priority: c.priority, zh: c.zh, en: c.en })),
    [], [...FILLER_WORDS, ...rules.concepts.flatMap((c) => c.en ?? []).flatMap((p) => p.split(' '))],
  );
  const modifierMatcher = new KeywordMatcher(rules.modifiers.map((m) => ({ ruleId: m.id, priority: 1, zh: m.zh, en: m.en, pinyin: false })), rules.vendorPrefixes);
  const systemMatcher = new KeywordMatcher((rules.systems ?? []).map((x) => ({ ruleId: x.id, priority: x.priority, zh: x.zh, en: x.en, pinyin: false })));
  const detectorRules = new Map<string, DetectorRule[]>();
  for (const d of rules.detectors) detectorRules.set(d.detector, [...(detectorRules.get(d.detector) ?? []), d]);
  const c: Compiled = {
    rules,
    concepts: new Map(rules.concepts.map((x) => [x.id, x])),
    contexts: new Map(rules.contexts.map((x) => [x.id, x])),
    columnMatcher, contextMatcher, modifierMatcher, systemMatcher,
    systems: new Map((rules.systems ?? []).map((x) => [x.id, x])),
    paths: categoryCodes(rules.categories),
    detectorRules,
    patterns: compilePatternDetectors(rules.patternDetectors),
  };
  compiledCache.set(rules, c);
  return c;
}

function rulesOrDefault(rules?: RuleSet): RuleSet {
  if (rules) return rules;
  defaultRules ??= loadRuleSet();
  return defaultRules;
}

const INTEGER_TYPE = /^(?:(?:tiny|small|medium|big)?int(?:eger)?\d*|(?:big|small)?serial|long|number\s*\(\s*\d+\s*\)|number|numeric\s*\(\s*\d+\s*\)|decimal\s*\(\s*\d+\s*\))(?:\s*\(\s*\d+\s*\))?(?:\s+unsigned)?$/i;
const DATE_TYPE = /^date$/i;
const TIME_TYPE = /^(?:datetime\d*|timestamp(?:tz)?|time|smalldatetime|datetime2|timestamp\s*\(\d\)|timestamp\s+with(?:out)?\s+time\s+zone|timestamp\s*\(\d\)\s+with(?:out)?\s+time\s+zone)/i;
const FLAG_TYPE = /^(?:char\s*\(\s*1\s*\)|bit(?:\s*\(\s*1\s*\))?|bool(?:ean)?|tinyint\s*\(\s*1\s*\)|number\s*\(\s*1\s*\))$/i;

interface ColumnWork {
  name: string;
  dataType: string;
  head: KeywordHit | null;
  via: 'comment' | 'name' | null;
  nameWords: string[];
  detectors: DetectorResult[];
  valueCount: number;
  flagLike: boolean;
  dateLike: boolean;
  modifiers: { id: string; keyword: string; via: 'comment' | 'name' }[];
}

function clamp01(x: number): number { return Math.max(0, Math.min(1, x)); }
function asGrade(g: number): Grade { return Math.max(1, Math.min(4, Math.round(g))) as Grade; }

function analyseColumn(c: Compiled, col: TableInput['columns'][number], values: readonly string[] | undefined): ColumnWork {
  const commentHits = c.columnMatcher.matchComment(col.comment);
  const nameHits = c.columnMatcher.matchName(col.name);
  let head = pickHead(commentHits);
  let via: ColumnWork['via'] = head ? 'comment' : null;
  const nameHead = pickHead(nameHits);
  if (!head && nameHead) { head = nameHead; via = 'name'; }
  else if (head && nameHead && nameHead.priority >= 90 && nameHead.priority > head.priority) { head = nameHead; via = 'name'; }
  const nameWords = c.columnMatcher.words(col.name);
  const dataType = (col.dataType ?? '').trim();
  const detectors = values && values.length ? runDetectors(values, c.patterns) : [];
  const prof = values && values.length ? profileValues(values) : null;
  const modifiers: ColumnWork['modifiers'] = [];
  for (const h of c.modifierMatcher.matchComment(col.comment)) modifiers.push({ id: h.ruleId, keyword: h.keyword, via: 'comment' });
  for (const h of c.modifierMatcher.matchName(col.name)) modifiers.push({ id: h.ruleId, keyword: h.keyword, via: 'name' });
  return {
    name: col.name, dataType, head, via, nameWords, detectors, modifiers,
    valueCount: prof?.total ?? 0,
    flagLike: FLAG_TYPE.test(dataType) || (prof !== null && prof.total > 0 && prof.flagRatio >= 0.9 && prof.distinct <= 6),
    dateLike: prof !== null && prof.total > 0 && prof.dateRatio >= 0.8,
  };
}

/** The hit of highest priority (the first of equals), or null. */
function bestHit(hits: KeywordHit[]): KeywordHit | null {
  let best: KeywordHit | null = null;
  for (const h of hits) if (!best || h.priority > best.priority) best = h;
  return best;
}

interface TableContext { ctx: ContextRule; matched: string; draft: string | null; system: { rule: SystemRule; matched: string } | null }

/** The system rule of the table's source, from its registered system name, else its schema name. */
function systemOf(c: Compiled, table: TableInput): { rule: SystemRule; matched: string } | null {
  if (c.systems.size === 0) return null;
  for (const text of [table.system, table.schema]) {
    if (!text) continue;
    const best = bestHit([...c.systemMatcher.matchComment(text), ...c.systemMatcher.matchName(text)]);
    if (best) return { rule: c.systems.get(best.ruleId)!, matched: `${text}: ${best.keyword}` };
  }
  return null;
}

function tableContext(c: Compiled, table: TableInput): TableContext {
  // The table comment is the human description: it decides when it says anything; else the name does.
  const fromComment = c.contextMatcher.matchComment(table.comment);
  const best = bestHit(fromComment.length ? fromComment : c.contextMatcher.matchName(table.name));
  const general = c.contexts.get('general')!;
  // A draft table (底稿, 待披露...) is not yet public, whatever its context says.
  const raising = new Set(c.rules.modifiers.filter((m) => m.effect === 'raise').map((m) => m.id));
  const draftHit = [...c.modifierMatcher.matchComment(table.comment), ...c.modifierMatcher.matchName(table.name)].find((h) => raising.has(h.ruleId));
  const draft = draftHit ? draftHit.keyword : null;
  const system = systemOf(c, table);
  return best ? { ctx: c.contexts.get(best.ruleId)!, matched: best.keyword, draft, system } : { ctx: general, matched: 'no table keyword', draft, system };
}

function gradeIn(concept: ConceptRule, ctx: ContextRule): { grade: number; category: string; overridden: boolean } {
  if (concept.id === 'col.unknown') return { grade: ctx.unknownGrade, category: ctx.defaultCategory, overridden: true };
  const o = concept.contexts?.[ctx.id];
  return { grade: o?.grade ?? concept.grade, category: o?.category ?? concept.category, overridden: o !== undefined };
}

function detectorCandidates(c: Compiled, w: ColumnWork) {
  const ratio = new Map(w.detectors.map((d) => [d.detectorId, d.hitRatio]));
  const strong: { rule: DetectorRule; ratio: number }[] = [];
  const weak: { rule: DetectorRule; ratio: number }[] = [];
  const nearMiss: { rule: DetectorRule; ratio: number }[] = [];
  for (const d of w.detectors) {
    for (const rule of c.detectorRules.get(d.detectorId) ?? []) {
      if (d.hitRatio < rule.minHitRatio) continue;
      if (rule.strength === 'strong') strong.push({ rule, ratio: d.hitRatio });
      else if (rule.strength === 'weak') weak.push({ rule, ratio: d.hitRatio });
      else if ((ratio.get(rule.unlessDetector ?? '') ?? 0) < 0.2) nearMiss.push({ rule, ratio: d.hitRatio });
    }
  }
  const byRatio = (a: { ratio: number }, b: { ratio: number }) => b.ratio - a.ratio;
  return { strong: strong.sort(byRatio), weak: weak.sort(byRatio), nearMiss: nearMiss.sort(byRatio), ratio };
}

function suggestColumn(c: Compiled, w: ColumnWork, tc: TableContext): ColumnSuggestion {
  const { ctx } = tc;
  const evidence: Evidence[] = [];
  const shapes = c.rules.shapes;
  const det = detectorCandidates(c, w);
  let concept: ConceptRule | null = null;
  let confidence = 0.25;

  const temporal = DATE_TYPE.test(w.dataType) ? shapes.date : TIME_TYPE.test(w.dataType) ? shapes.timestamp : null;
  if (w.head && temporal && w.head.priority < 60 && w.head.ruleId !== shapes.date && w.head.ruleId !== shapes.timestamp) {
    // A date-typed column whose words name only a generic thing (plan, status...) is a date.
    evidence.push({ ruleId: temporal, kind: 'default', matched: `type ${w.dataType}` });
    concept = c.concepts.get(temporal)!;
    confidence = 0.6;
  } else if (w.head) {
    concept = c.concepts.get(w.head.ruleId) ?? null;
    const base = concept?.weight ?? 0.85;
    confidence = w.via === 'comment' ? base : w.head.via === 'pinyin' ? base - 0.2 : base - 0.1;
    evidence.push({ ruleId: w.head.ruleId, kind: w.via === 'comment' ? 'comment' : 'name', matched: w.head.keyword });
    // An integer "…_id" known only from its name is a surrogate key, not the thing it points to.
    const last = w.nameWords[w.nameWords.length - 1];
    if (w.via === 'name' && (last === 'id' || last === 'sk') && INTEGER_TYPE.test(w.dataType) && (concept?.priority ?? 0) < 90) {
      concept = c.concepts.get(shapes.surrogateKey)!;
      evidence.push({ ruleId: shapes.surrogateKey, kind: 'default', matched: `integer ${last} column` });
      confidence = 0.7;
    }
  }
  if (!concept) {
    const d = det.strong[0] ?? det.weak[0];
    if (d) {
      concept = c.concepts.get(d.rule.concept)!;
      confidence = d.rule.strength === 'strong' ? 0.5 + 0.45 * d.ratio : 0.35 + 0.35 * d.ratio;
      evidence.push({ ruleId: d.rule.id, kind: 'detector', matched: d.rule.detector, hitRatio: round(d.ratio) });
    }
  }
  if (!concept && det.nearMiss[0]) {
    const d = det.nearMiss[0];
    concept = c.concepts.get(d.rule.concept)!;
    confidence = 0.55;
    evidence.push({ ruleId: d.rule.id, kind: 'detector', matched: `${d.rule.detector} without a valid ${d.rule.unlessDetector}`, hitRatio: round(d.ratio) });
  }
  if (!concept) {
    let shape: string | null = null;
    let why = '';
    const last = w.nameWords[w.nameWords.length - 1];
    if (DATE_TYPE.test(w.dataType)) { shape = shapes.date; why = `type ${w.dataType}`; }
    else if (TIME_TYPE.test(w.dataType)) { shape = shapes.timestamp; why = `type ${w.dataType}`; }
    else if ((last === 'id' || last === 'sk') && INTEGER_TYPE.test(w.dataType)) { shape = shapes.surrogateKey; why = `integer ${last} column`; }
    else if (w.flagLike) { shape = shapes.flag; why = w.valueCount ? 'short code values' : `type ${w.dataType}`; }
    else if (w.dateLike) { shape = shapes.date; why = 'date values'; }
    if (shape) {
      concept = c.concepts.get(shape)!;
      confidence = 0.5;
      evidence.push({ ruleId: shape, kind: 'default', matched: why });
    }
  }
  if (!concept) {
    concept = c.concepts.get(shapes.unknown)!;
    confidence = ctx.unknownGrade >= 3 ? 0.35 : 0.25;
  }

  let { grade, category, overridden } = gradeIn(concept, ctx);
  // A checksum-grade detector raises a grade the name alone would leave lower (grade up when unsure).
  let raisedByDetector = false;
  for (const d of det.strong) {
    const dc = c.concepts.get(d.rule.concept)!;
    const g = gradeIn(dc, ctx);
    if (g.grade > grade) {
      evidence.push({ ruleId: d.rule.id, kind: 'detector', matched: d.rule.detector, hitRatio: round(d.ratio) });
      concept = dc; grade = g.grade; category = g.category; overridden = g.overridden;
      confidence = Math.max(confidence, 0.5 + 0.45 * d.ratio);
      raisedByDetector = true;
    } else if (dc.id === concept.id && !evidence.some((e) => e.ruleId === d.rule.id)) {
      evidence.push({ ruleId: d.rule.id, kind: 'detector', matched: d.rule.detector, hitRatio: round(d.ratio) });
      confidence = Math.min(0.98, confidence + 0.1);
    }
  }
  if (tc.draft && overridden && grade < concept.grade && concept.id !== shapes.unknown) {
    grade = concept.grade;
    overridden = false;
    evidence.push({ ruleId: 'mod.draft', kind: 'context', matched: tc.draft });
  }
  if (overridden || concept.id === shapes.unknown) {
    evidence.push({ ruleId: `ctx.${ctx.id}`, kind: 'context', matched: tc.matched });
  }
  if (concept.id === shapes.unknown) evidence.push({ ruleId: shapes.unknown, kind: 'default', matched: `unrecognised column in context ${ctx.id}` });
  // A generic field takes the category of its system, unless its table's context says otherwise.
  const sys = tc.system;
  if (sys && concept.categoryFromSystem && (concept.id === shapes.unknown ? ctx.id === 'general' : !overridden)) {
    category = sys.rule.defaultCategory;
    evidence.push({ ruleId: `sys.${sys.rule.id}`, kind: 'context', matched: sys.matched });
  }

  // Modifiers: masking lowers (recorded), drafts are not yet public.
  const masked = (det.ratio.get('masked_value') ?? 0) >= 0.8;
  for (const m of c.rules.modifiers) {
    const byWord = w.modifiers.find((x) => x.id === m.id);
    const byValues = m.effect === 'lower' && masked && m.id === 'mod.masked';
    if (!byWord && !byValues) continue;
    if (m.effect === 'lower' && grade >= m.fromGrade && !raisedByDetector && m.toGrade < grade) {
      grade = m.toGrade;
      evidence.push(byWord ? { ruleId: m.id, kind: byWord.via, matched: byWord.keyword } : { ruleId: m.id, kind: 'detector', matched: 'masked_value', hitRatio: round(det.ratio.get('masked_value')!) });
    } else if (m.effect === 'raise' && grade <= m.fromGrade && m.toGrade > grade) {
      grade = m.toGrade;
      evidence.push(byWord ? { ruleId: m.id, kind: byWord.via, matched: byWord.keyword } : { ruleId: m.id, kind: 'default', matched: m.label });
    }
  }
  return {
    column: w.name,
    conceptId: concept.id,
    categoryId: category,
    categoryPath: c.paths.get(category) ?? category,
    grade: asGrade(grade),
    confidence: round(clamp01(confidence)),
    evidence,
  };
}

function round(x: number): number { return Math.round(x * 1000) / 1000; }

/**
 * Suggests a category and grade for every column of a table, and the table's grade:
 * the highest of its columns (就高), raised further by the aggregation rules (§9.2).
 * `samples` maps column name → sampled values; they are read, never returned.
 */
export function classifyTable(table: TableInput, samples?: Map<string, string[]>, rules?: RuleSet): ClassifyResult {
  if (!table || typeof table.name !== 'string' || !Array.isArray(table.columns)) {
    throw new TypeError('classifyTable needs { name: string, columns: [{ name, dataType?, comment? }] }');
  }
  const c = compileRuleSet(rulesOrDefault(rules));
  const work = table.columns.map((col) => analyseColumn(c, col, samples?.get(col.name)));
  let tc = tableContext(c, table);
  // Neighbouring columns decide too: a customer identifier among them makes it a customer table.
  for (const ctx of c.rules.contexts) {
    if (!ctx.impliedByConcepts?.length || ctx.priority <= tc.ctx.priority) continue;
    const w = work.find((x) => x.head && ctx.impliedByConcepts!.includes(x.head.ruleId));
    if (w) tc = { ctx, matched: `column ${w.name} (${w.head!.ruleId})`, draft: tc.draft, system: tc.system };
  }
  const columns = work.map((w) => suggestColumn(c, w, tc));

  let top: ColumnSuggestion | null = null;
  for (const s of columns) if (!top || s.grade > top.grade) top = s;
  let grade: number = top?.grade ?? 1;
  const evidence: Evidence[] = [];
  if (top) evidence.push({ ruleId: 'rollup.highest', kind: 'context', matched: `${top.column} (grade ${top.grade})` });
  evidence.push({ ruleId: `ctx.${tc.ctx.id}`, kind: 'context', matched: tc.matched });
  let category = top?.categoryId ?? tc.ctx.defaultCategory;
  for (const agg of c.rules.aggregations) {
    if (agg.contexts?.length && !agg.contexts.includes(tc.ctx.id)) continue;
    const carriers = agg.requireTags.map((group) => columns.find((s) => s.grade >= 3 && (c.concepts.get(s.conceptId)?.tags ?? []).some((t) => group.includes(t))));
    if (carriers.every(Boolean) && agg.grade > grade) {
      grade = agg.grade;
      category = carriers[0]!.categoryId;
      evidence.push({ ruleId: agg.id, kind: 'context', matched: carriers.map((s, i) => `${agg.requireTags[i].join('|')}: ${s!.column}`).join(' + ') });
    }
  }
  return {
    columns,
    table: { grade: asGrade(grade), categoryId: category, categoryPath: c.paths.get(category) ?? category, context: tc.ctx.id, evidence },
  };
}

/** Detector results for one column's sampled values, with the rule set's pattern detectors too. */
export function runColumnDetectors(values: readonly string[], rules?: RuleSet): DetectorResult[] {
  return runDetectors(values, compileRuleSet(rulesOrDefault(rules)).patterns);
}
