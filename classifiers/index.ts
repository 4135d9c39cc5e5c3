// Public API of the classification engine (pure: no database, no I/O besides its own rule files).
export { classifyTable, compileRuleSet, runColumnDetectors } from './classify.ts';
export { runDetectors, DETECTORS, DETECTOR_IDS, type Detector } from './detectors.ts';
export {
  loadRuleSet, validateRuleSet, validateRule, applyRuleChange, checkPattern, categoryCodes, RuleValidationError,
  type RuleChange, type RuleChangeResult, type RuleKind,
} from './ruleset.ts';
export { KeywordMatcher, splitIdentifier } from './text.ts';
export * from './checksums.ts';
export type * from './types.ts';
