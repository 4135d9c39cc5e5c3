// The rule set as data: loading the default profile, validating rules (bad regexes, patterns that can
// backtrack catastrophically, unknown category codes, grades outside 1-4) and pure, versioned changes.
import { readFileSync } from 'node:fs';
import safeRegex from 'safe-regex2';
import { DETECTOR_IDS } from './detectors.ts';
import type {
  AggregationRule, CategoryNode, ConceptRule, ContextRule, DetectorRule, ModifierRule, PatternDetector, RuleSet, SystemRule,
} from './types.ts';

/** A rule or rule set that cannot be used; `problems` lists every reason, each saying what to fix. */
export class RuleValidationError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid classification rules: ${problems.join('; ')}`);
    this.name = 'RuleValidationError';
    this.problems = problems;
  }
}

export type RuleKind = 'concept' | 'context' | 'detector' | 'patternDetector' | 'modifier' | 'aggregation' | 'system';

const RULES_FILE = new URL('./rules/fund-manager.json', import.meta.url);
const ID_RE = /^[a-z][a-z0-9_.-]{1,63}$/;
const MAX_PATTERN = 500;

/** The default fund-manager profile from classifiers/rules/fund-manager.json, validated. */
export function loadRuleSet(): RuleSet {
  const raw = JSON.parse(readFileSync(RULES_FILE, 'utf8')) as unknown;
  return validateRuleSet(raw);
}

export function categoryCodes(categories: CategoryNode[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (nodes: CategoryNode[], prefix: string) => {
    for (const n of nodes) {
      const path = prefix ? `${prefix}/${n.name}` : n.name;
      out.set(n.code, path);
      if (n.children) walk(n.children, path);
    }
  };
  walk(categories, '');
  return out;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isGrade = (g: unknown) => Number.isInteger(g) && (g as number) >= 1 && (g as number) <= 4;

function checkStrings(where: string, field: string, v: unknown, problems: string[]): void {
  if (v === undefined) return;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s.trim() === '')) problems.push(`${where}: ${field} must be a list of non-empty strings`);
}

function checkGrade(where: string, field: string, g: unknown, problems: string[]): void {
  if (!isGrade(g)) problems.push(`${where}: ${field} ${JSON.stringify(g)} is outside 1-4 (4 highest, 1 public)`);
}

/** Rejects patterns that do not compile or can backtrack catastrophically. Returns problems. */
export function checkPattern(where: string, pattern: unknown, flags: unknown): string[] {
  const problems: string[] = [];
  if (typeof pattern !== 'string' || pattern === '') return [`${where}: pattern must be a non-empty string`];
  if (pattern.length > MAX_PATTERN) problems.push(`${where}: pattern is longer than ${MAX_PATTERN} characters`);
  if (flags !== undefined && (typeof flags !== 'string' || !/^[imsu]*$/.test(flags))) problems.push(`${where}: flags may only contain i, m, s, u`);
  let re: RegExp | null = null;
  try {
    re = new RegExp(pattern, typeof flags === 'string' ? flags : '');
  } catch (e) {
    problems.push(`${where}: pattern does not compile (${(e as Error).message})`);
  }
  if (re && !safeRegex(re)) problems.push(`${where}: pattern ${JSON.stringify(pattern)} can backtrack catastrophically (nested or overlapping quantifiers); rewrite it without repeated groups of repeats`);
  return problems;
}

interface Refs { categories: Map<string, string>; contexts: Set<string>; concepts: Set<string>; detectors: Set<string> }

function refsOf(rules: Partial<RuleSet> | undefined): Refs {
  return {
    categories: categoryCodes(Array.isArray(rules?.categories) ? rules!.categories : []),
    contexts: new Set((rules?.contexts ?? []).map((c) => c.id)),
    concepts: new Set((rules?.concepts ?? []).map((c) => c.id)),
    detectors: new Set([...DETECTOR_IDS, ...(rules?.patternDetectors ?? []).map((p) => p.id)]),
  };
}

function checkCategory(where: string, code: unknown, refs: Refs, problems: string[]): void {
  if (typeof code !== 'string' || !refs.categories.has(code)) problems.push(`${where}: unknown category code ${JSON.stringify(code)} (known: ${[...refs.categories.keys()].join(', ')})`);
}

function checkId(where: string, id: unknown, problems: string[]): void {
  if (typeof id !== 'string' || !ID_RE.test(id)) problems.push(`${where}: id ${JSON.stringify(id)} must be 2-64 lower-case letters, digits, '.', '_' or '-'`);
}

function ruleProblems(kind: RuleKind, r: unknown, refs: Refs): string[] {
  const p: string[] = [];
  const where = `${kind} ${isObj(r) && typeof r.id === 'string' ? r.id : '?'}`;
  if (!isObj(r)) return [`${where}: must be an object`];
  checkId(where, r.id, p);
  switch (kind) {
    case 'concept': {
      if (typeof r.label !== 'string') p.push(`${where}: label must be a string`);
      checkCategory(where, r.category, refs, p);
      checkGrade(where, 'grade', r.grade, p);
      if (typeof r.priority !== 'number' || r.priority < 0 || r.priority > 1000) p.push(`${where}: priority must be a number 0-1000`);
      if (r.weight !== undefined && (typeof r.weight !== 'number' || r.weight <= 0 || r.weight > 1)) p.push(`${where}: weight must be in (0, 1]`);
      checkStrings(where, 'zh', r.zh, p); checkStrings(where, 'en', r.en, p); checkStrings(where, 'exclude', r.exclude, p); checkStrings(where, 'tags', r.tags, p);
      if (r.categoryFromSystem !== undefined && typeof r.categoryFromSystem !== 'boolean') p.push(`${where}: categoryFromSystem must be true or false`);
      if (r.contexts !== undefined) {
        if (!isObj(r.contexts)) p.push(`${where}: contexts must be an object of context id → {grade, category}`);
        else for (const [cid, o] of Object.entries(r.contexts)) {
          if (!refs.contexts.has(cid)) p.push(`${where}: unknown context ${JSON.stringify(cid)}`);
          if (!isObj(o)) { p.push(`${where}: contexts.${cid} must be an object`); continue; }
          if (o.grade !== undefined) checkGrade(where, `contexts.${cid}.grade`, o.grade, p);
          if (o.category !== undefined) checkCategory(`${where} contexts.${cid}`, o.category, refs, p);
        }
      }
      break;
    }
    case 'context': {
      if (typeof r.label !== 'string') p.push(`${where}: label must be a string`);
      if (typeof r.priority !== 'number') p.push(`${where}: priority must be a number`);
      checkGrade(where, 'unknownGrade', r.unknownGrade, p);
      checkCategory(where, r.defaultCategory, refs, p);
      checkStrings(where, 'zh', r.zh, p); checkStrings(where, 'en', r.en, p); checkStrings(where, 'impliedByConcepts', r.impliedByConcepts, p);
      for (const c of (Array.isArray(r.impliedByConcepts) ? r.impliedByConcepts : []) as string[]) if (!refs.concepts.has(c)) p.push(`${where}: impliedByConcepts names unknown concept ${JSON.stringify(c)}`);
      break;
    }
    case 'detector': {
      if (typeof r.detector !== 'string' || !refs.detectors.has(r.detector)) p.push(`${where}: unknown detector ${JSON.stringify(r.detector)}`);
      if (typeof r.concept !== 'string' || !refs.concepts.has(r.concept)) p.push(`${where}: unknown concept ${JSON.stringify(r.concept)}`);
      if (typeof r.minHitRatio !== 'number' || r.minHitRatio <= 0 || r.minHitRatio > 1) p.push(`${where}: minHitRatio must be in (0, 1]`);
      if (!['strong', 'weak', 'nearMiss'].includes(r.strength as string)) p.push(`${where}: strength must be strong, weak or nearMiss`);
      if (r.strength === 'nearMiss' && (typeof r.unlessDetector !== 'string' || !refs.detectors.has(r.unlessDetector))) p.push(`${where}: a nearMiss rule needs unlessDetector naming a known detector`);
      break;
    }
    case 'patternDetector': {
      if (typeof r.label !== 'string') p.push(`${where}: label must be a string`);
      p.push(...checkPattern(where, r.pattern, r.flags));
      for (const f of ['minLength', 'maxLength'] as const) if (r[f] !== undefined && (!Number.isInteger(r[f]) || (r[f] as number) < 1)) p.push(`${where}: ${f} must be a positive integer`);
      if (DETECTOR_IDS.has(r.id as string)) p.push(`${where}: id collides with a built-in detector`);
      break;
    }
    case 'modifier': {
      if (r.effect !== 'lower' && r.effect !== 'raise') p.push(`${where}: effect must be lower or raise`);
      checkGrade(where, 'fromGrade', r.fromGrade, p); checkGrade(where, 'toGrade', r.toGrade, p);
      checkStrings(where, 'zh', r.zh, p); checkStrings(where, 'en', r.en, p);
      break;
    }
    case 'system': {
      if (typeof r.label !== 'string') p.push(`${where}: label must be a string`);
      if (typeof r.priority !== 'number' || !Number.isFinite(r.priority)) p.push(`${where}: priority must be a number`);
      checkStrings(where, 'zh', r.zh, p); checkStrings(where, 'en', r.en, p);
      if (!(Array.isArray(r.zh) && r.zh.length) && !(Array.isArray(r.en) && r.en.length)) p.push(`${where}: needs zh or en keywords to match system names`);
      checkCategory(where, r.defaultCategory, refs, p);
      break;
    }
    case 'aggregation': {
      checkGrade(where, 'grade', r.grade, p);
      if (!Array.isArray(r.requireTags) || r.requireTags.length === 0 || r.requireTags.some((g) => !Array.isArray(g) || g.length === 0 || g.some((t) => typeof t !== 'string'))) p.push(`${where}: requireTags must be a non-empty list of non-empty tag lists`);
      checkStrings(where, 'contexts', r.contexts, p);
      for (const c of (Array.isArray(r.contexts) ? r.contexts : []) as string[]) if (!refs.contexts.has(c)) p.push(`${where}: unknown context ${JSON.stringify(c)}`);
      break;
    }
  }
  return p;
}

const KIND_FIELD: Record<RuleKind, keyof RuleSet> = {
  concept: 'concepts', context: 'contexts', detector: 'detectors', patternDetector: 'patternDetectors', modifier: 'modifiers', aggregation: 'aggregations', system: 'systems',
};

function inferKind(r: Record<string, unknown>): RuleKind {
  if ('pattern' in r) return 'patternDetector';
  if ('detector' in r) return 'detector';
  if ('requireTags' in r) return 'aggregation';
  if ('effect' in r) return 'modifier';
  if ('unknownGrade' in r) return 'context';
  if ('defaultCategory' in r) return 'system';
  return 'concept';
}

/**
 * Validates one rule against a rule set's categories, contexts, concepts and detectors
 * (default: the built-in profile). Throws RuleValidationError listing every problem.
 */
export function validateRule(rule: unknown, options: { kind?: RuleKind; rules?: RuleSet } = {}): void {
  if (!isObj(rule)) throw new RuleValidationError(['rule must be an object']);
  const kind = options.kind ?? inferKind(rule);
  const base = options.rules ?? loadRuleSet();
  const refs = refsOf(base);
  if (kind === 'patternDetector' && typeof rule.id === 'string') refs.detectors.add(rule.id);
  if (kind === 'concept' && typeof rule.id === 'string') refs.concepts.add(rule.id);
  if (kind === 'context' && typeof rule.id === 'string') refs.contexts.add(rule.id);
  const problems = ruleProblems(kind, rule, refs);
  if (problems.length) throw new RuleValidationError(problems);
}

/** Validates a whole rule set (structure, references, patterns, unique ids). Returns it typed. */
export function validateRuleSet(input: unknown): RuleSet {
  const p: string[] = [];
  if (!isObj(input)) throw new RuleValidationError(['the rule set must be a JSON object']);
  const r = input as Partial<RuleSet> & Record<string, unknown>;
  if (typeof r.profile !== 'string' || !r.profile) p.push('profile must be a non-empty string');
  if (!Number.isInteger(r.version) || (r.version as number) < 1) p.push('version must be a positive integer');
  for (const f of ['categories', 'contexts', 'concepts', 'detectors', 'modifiers', 'aggregations', 'vendorPrefixes'] as const) {
    if (!Array.isArray(r[f])) p.push(`${f} must be a list`);
  }
  if (r.patternDetectors !== undefined && !Array.isArray(r.patternDetectors)) p.push('patternDetectors must be a list');
  if (p.length) throw new RuleValidationError(p);
  const codes = new Set<string>();
  const walk = (nodes: unknown[], depth: number) => {
    for (const n of nodes) {
      if (!isObj(n) || typeof n.code !== 'string' || typeof n.name !== 'string' || !n.code || !n.name) { p.push('every category needs a code and a name'); continue; }
      if (codes.has(n.code)) p.push(`category code ${n.code} is used twice`);
      codes.add(n.code);
      if (n.children !== undefined) {
        if (!Array.isArray(n.children)) p.push(`category ${n.code}: children must be a list`);
        else if (depth < 3) walk(n.children, depth + 1);
      }
    }
  };
  walk(r.categories as unknown[], 1);
  const refs = refsOf(r);
  for (const kind of Object.keys(KIND_FIELD) as RuleKind[]) {
    const list = (r[KIND_FIELD[kind]] ?? []) as unknown[];
    const seen = new Set<string>();
    for (const item of list) {
      p.push(...ruleProblems(kind, item, refs));
      const id = isObj(item) ? item.id : undefined;
      if (typeof id === 'string') { if (seen.has(id)) p.push(`${kind} id ${id} is used twice`); seen.add(id); }
    }
  }
  if (r.systems !== undefined && !Array.isArray(r.systems)) p.push('systems must be a list');
  if (!isObj(r.shapes)) p.push('shapes must name the fallback concepts (date, timestamp, flag, surrogateKey, serialNumber, unknown)');
  else for (const k of ['date', 'timestamp', 'flag', 'surrogateKey', 'serialNumber', 'unknown']) {
    const v = (r.shapes as Record<string, unknown>)[k];
    if (typeof v !== 'string' || !refs.concepts.has(v)) p.push(`shapes.${k} must name a known concept, got ${JSON.stringify(v)}`);
  }
  if ((r.vendorPrefixes as unknown[]).some((x) => typeof x !== 'string' || !/^[A-Za-z]{1,4}$/.test(x))) p.push('vendorPrefixes must be 1-4 letters each, e.g. "VC"');
  if (!(r.contexts as ContextRule[]).some((c) => c.id === 'general')) p.push('contexts must include "general" (the context of tables nothing recognises)');
  if (p.length) throw new RuleValidationError(p);
  return input as unknown as RuleSet;
}

export type RuleOf<K extends RuleKind> = K extends 'concept' ? ConceptRule : K extends 'context' ? ContextRule : K extends 'detector' ? DetectorRule
  : K extends 'patternDetector' ? PatternDetector : K extends 'modifier' ? ModifierRule : K extends 'system' ? SystemRule : AggregationRule;

export type RuleChange =
  | { op: 'upsert'; kind: RuleKind; rule: Record<string, unknown> }
  | { op: 'remove'; kind: RuleKind; id: string };

export interface RuleChangeResult {
  rules: RuleSet;
  /** The rule before the change (null when added). */
  previous: Record<string, unknown> | null;
  /** Concept ids whose suggestions may change: re-evaluate columns carrying them (all columns when `all`). */
  affectedConcepts: string[];
  all: boolean;
}

/**
 * Applies one change to a rule set without touching the input: validates the result as a whole,
 * bumps the version, and says which suggestions the change may affect.
 */
export function applyRuleChange(rules: RuleSet, change: RuleChange): RuleChangeResult {
  if (!isObj(change) || (change.op !== 'upsert' && change.op !== 'remove') || !(change.kind in KIND_FIELD)) {
    throw new RuleValidationError(['a rule change needs op (upsert | remove) and kind (concept | context | detector | patternDetector | modifier | aggregation | system)']);
  }
  const field = KIND_FIELD[change.kind];
  const next = structuredClone(rules) as RuleSet & Record<string, unknown>;
  const list = ((next[field] as unknown[] | undefined) ?? []) as Record<string, unknown>[];
  const id = change.op === 'upsert' ? (isObj(change.rule) ? change.rule.id : undefined) : change.id;
  if (typeof id !== 'string') throw new RuleValidationError([`${change.kind}: the change needs a rule id`]);
  const at = list.findIndex((x) => x.id === id);
  const previous = at >= 0 ? list[at] : null;
  if (change.op === 'remove') {
    if (at < 0) throw new RuleValidationError([`${change.kind} ${id} does not exist`]);
    list.splice(at, 1);
  } else {
    const copy = structuredClone(change.rule);
    if (at >= 0) list[at] = copy; else list.push(copy);
  }
  (next as Record<string, unknown>)[field] = list;
  next.version = rules.version + 1;
  const validated = validateRuleSet(next);
  const affected = new Set<string>();
  let all = false;
  const after = change.op === 'upsert' ? change.rule : null;
  for (const r of [previous, after]) {
    if (!r) continue;
    if (change.kind === 'concept') affected.add(String(r.id));
    else if (change.kind === 'detector' && typeof r.concept === 'string') affected.add(r.concept);
    else all = true; // contexts, systems, modifiers, aggregations and pattern detectors can touch any column
  }
  return { rules: validated, previous, affectedConcepts: [...affected], all };
}
