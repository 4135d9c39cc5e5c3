// Shapes of the rule engine: the rule set (data in rules/*.json) and what classification returns.
// No sample value ever appears in a returned shape: evidence names rules, keywords and ratios.

export type Grade = 1 | 2 | 3 | 4;

export interface CategoryNode {
  /** Stable code, e.g. `C` (一级) or `C01` (二级). */
  code: string;
  name: string;
  en?: string;
  children?: CategoryNode[];
}

/** How a concept's grade and category change in a table context. */
export interface ContextOverride {
  grade?: number;
  category?: string;
}

/** A column concept: what a column *is* (person name, ID number, fund code, amount...). */
export interface ConceptRule {
  id: string;
  label: string;
  category: string;
  grade: number;
  /** Higher wins when a name or comment matches several concepts (ties: the later word, the head noun). */
  priority: number;
  /** Confidence this rule gives on its own (0-1). */
  weight?: number;
  /** Chinese keywords matched as substrings of comments (and of names written in Chinese). */
  zh?: string[];
  /** English words or phrases (`cust no`, `fundacco`) matched on name tokens and ASCII words of comments. */
  en?: string[];
  /** Generate pinyin full spellings and initials from `zh` (default true). */
  pinyin?: boolean;
  /** A match is dropped when the same text also contains one of these (zh substrings or en words). */
  exclude?: string[];
  /** Tags used by aggregation rules, e.g. `person_name`, `id_number`, `contact`. */
  tags?: string[];
  contexts?: Record<string, ContextOverride>;
  /**
   * A generic field (a code, a flag, a timestamp, a key) belongs to the business of the system
   * it lives in: its category is the system's (see RuleSet.systems) unless a table context
   * overrides it. Its grade is unchanged.
   */
  categoryFromSystem?: boolean;
}

/** A source system's business domain (TA 注册登记, 估值, 直销...), recognised from the system's name. */
export interface SystemRule {
  id: string;
  label: string;
  /** Higher wins when a system name matches several rules. */
  priority: number;
  zh?: string[];
  en?: string[];
  /** Category of the generic fields of this system's tables. */
  defaultCategory: string;
}

export interface ContextRule {
  id: string;
  label: string;
  /** Higher wins when a table matches several contexts. */
  priority: number;
  zh?: string[];
  en?: string[];
  /** Concept ids whose presence among the table's columns puts the table in this context. */
  impliedByConcepts?: string[];
  /** Grade of a column whose meaning nothing recognises, in this context. */
  unknownGrade: number;
  defaultCategory: string;
}

export interface DetectorRule {
  id: string;
  /** A built-in detector id (see detectors.ts) or the id of a custom pattern detector below. */
  detector: string;
  concept: string;
  /** Minimum share of non-empty sampled values that must hit. */
  minHitRatio: number;
  /**
   * strong: checksum-grade evidence that can raise a grade; weak: used only when names say nothing;
   * nearMiss: values shaped like an identifier that fail its check (e.g. an 18-digit serial number).
   */
  strength: 'strong' | 'weak' | 'nearMiss';
  /** nearMiss only: the validating detector whose hit ratio must stay below 0.2. */
  unlessDetector?: string;
}

/** A steward-defined pattern detector: a regular expression tested on each sampled value. */
export interface PatternDetector {
  id: string;
  label: string;
  pattern: string;
  flags?: string;
  minLength?: number;
  maxLength?: number;
}

export interface ModifierRule {
  id: string;
  label: string;
  zh?: string[];
  en?: string[];
  /** lower: a masked/desensitised column drops to `toGrade`; raise: a draft (undisclosed) column rises to `toGrade`. */
  effect: 'lower' | 'raise';
  /** lower: applies to grades ≥ fromGrade; raise: applies to grades ≤ fromGrade. */
  fromGrade: number;
  toGrade: number;
}

export interface AggregationRule {
  id: string;
  label: string;
  /** Each inner list is a group of tags; every group needs at least one column carrying one of its tags. */
  requireTags: string[][];
  /** Contexts in which it applies (empty: all). */
  contexts?: string[];
  grade: number;
}

/** Concepts the engine falls back on when neither names nor values say anything. */
export interface ShapeConcepts {
  date: string;
  timestamp: string;
  flag: string;
  surrogateKey: string;
  serialNumber: string;
  unknown: string;
}

export interface RuleSet {
  profile: string;
  version: number;
  description?: string;
  categories: CategoryNode[];
  contexts: ContextRule[];
  concepts: ConceptRule[];
  detectors: DetectorRule[];
  patternDetectors?: PatternDetector[];
  modifiers: ModifierRule[];
  aggregations: AggregationRule[];
  /** Source systems and the category of their generic fields (optional). */
  systems?: SystemRule[];
  shapes: ShapeConcepts;
  /** Vendor column prefixes stripped before tokenising (`C_`, `VC_`, `EN_`...). */
  vendorPrefixes: string[];
}

export type EvidenceKind = 'name' | 'comment' | 'detector' | 'context' | 'default';

export interface Evidence {
  ruleId: string;
  kind: EvidenceKind;
  /** The matched keyword, token, detector or context word — never a sampled value. */
  matched: string;
  hitRatio?: number;
}

export interface ColumnSuggestion {
  column: string;
  conceptId: string;
  categoryId: string;
  categoryPath: string;
  grade: Grade;
  confidence: number;
  evidence: Evidence[];
}

export interface TableSuggestion {
  grade: Grade;
  categoryId: string;
  categoryPath: string;
  context: string;
  evidence: Evidence[];
}

export interface TableInput {
  /** The registered system of the table's source (e.g. "TA", "估值", "direct_sales"); the schema name when absent. */
  system?: string | null;
  schema?: string | null;
  name: string;
  comment?: string | null;
  columns: { name: string; dataType?: string; comment?: string | null }[];
}

export interface DetectorResult {
  detectorId: string;
  hitRatio: number;
  hits: number;
  total: number;
}

export interface ClassifyResult {
  columns: ColumnSuggestion[];
  table: TableSuggestion;
}
