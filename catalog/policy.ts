// The approval policy as data: per grade (and optionally per category) the approval steps in
// order, the longest validity and whether values are masked unless the request justifies
// clear values. Pure rules (chain building, separation of duties) plus a versioned graph store.
import type { Graph } from './graph/port.ts';

export const STEP_KINDS = ['owner', 'governance', 'senior'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
/** Steps run in this order; all owner steps (one per owner department) run side by side. */
export const STEP_ORDER: Record<StepKind, number> = { owner: 1, governance: 2, senior: 3 };

export interface PolicyRule {
  grade: number;
  /** category code prefix (e.g. "C01"); null for the grade's general rule */
  category: string | null;
  steps: StepKind[];
  maxDays: number;
  maskedByDefault: boolean;
}

export interface AccessPolicy {
  version: number;
  rules: PolicyRule[];
  actor: string | null;
  at: string | null;
  reason: string | null;
}

export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
  }
}

export const DEFAULT_RULES: PolicyRule[] = [
  { grade: 1, category: null, steps: [], maxDays: 365, maskedByDefault: false },
  { grade: 2, category: null, steps: ['owner'], maxDays: 180, maskedByDefault: false },
  { grade: 3, category: null, steps: ['owner', 'governance'], maxDays: 90, maskedByDefault: false },
  { grade: 4, category: null, steps: ['owner', 'governance', 'senior'], maxDays: 30, maskedByDefault: true },
];

const CATEGORY = /^[A-Z][0-9A-Z]{0,9}$/;

/** Checks a whole rule set; throws PolicyError naming the rule to fix. */
export function validateRules(rules: PolicyRule[]): PolicyRule[] {
  if (!Array.isArray(rules) || rules.length === 0) throw new PolicyError('a policy needs at least one rule per grade 1-4');
  if (rules.length > 200) throw new PolicyError('a policy has at most 200 rules');
  const seen = new Set<string>();
  const out: PolicyRule[] = [];
  rules.forEach((r, i) => {
    const where = `rule ${i + 1} (grade ${r.grade}${r.category ? `, category ${r.category}` : ''})`;
    if (!Number.isInteger(r.grade) || r.grade < 1 || r.grade > 4) throw new PolicyError(`${where}: grade must be 1, 2, 3 or 4`);
    const category = r.category ? r.category.trim() : null;
    if (category !== null && !CATEGORY.test(category)) throw new PolicyError(`${where}: category must be a category code such as C01`);
    const key = `${r.grade}/${category ?? ''}`;
    if (seen.has(key)) throw new PolicyError(`${where}: there is already a rule for this grade${category ? ' and category' : ''}`);
    seen.add(key);
    const steps = r.steps ?? [];
    for (const s of steps) if (!STEP_KINDS.includes(s)) throw new PolicyError(`${where}: unknown step ${s}; steps are ${STEP_KINDS.join(', ')}`);
    if (new Set(steps).size !== steps.length) throw new PolicyError(`${where}: a step appears twice`);
    const sorted = [...steps].sort((a, b) => STEP_ORDER[a] - STEP_ORDER[b]);
    if (sorted.join() !== steps.join()) throw new PolicyError(`${where}: steps run in the order owner, governance, senior`);
    if (r.grade >= 3 && steps.length === 0) throw new PolicyError(`${where}: grade 3-4 data cannot be approved automatically`);
    if (!Number.isInteger(r.maxDays) || r.maxDays < 1 || r.maxDays > 3650) throw new PolicyError(`${where}: maxDays must be a whole number of days between 1 and 3650`);
    out.push({ grade: r.grade, category, steps: sorted, maxDays: r.maxDays, maskedByDefault: !!r.maskedByDefault });
  });
  for (const g of [1, 2, 3, 4]) if (!seen.has(`${g}/`)) throw new PolicyError(`the policy has no general rule for grade ${g}; add one with category null`);
  return out.sort((a, b) => a.grade - b.grade || (a.category ?? '').localeCompare(b.category ?? ''));
}

/** The rule for a column: the longest matching category rule of its grade, else the grade's rule. Ungraded counts as 4. */
export function ruleFor(rules: PolicyRule[], grade: number | null, categoryId: string | null): PolicyRule {
  const g = grade ?? 4;
  let best: PolicyRule | null = null;
  for (const r of rules) {
    if (r.grade !== g) continue;
    if (r.category === null) { if (!best) best = r; continue; }
    if (categoryId?.startsWith(r.category) && (!best || best.category === null || r.category.length > best.category.length)) best = r;
  }
  if (!best) throw new PolicyError(`the policy has no rule for grade ${g}`);
  return best;
}

export interface ChainColumn {
  id: string;
  path: string;
  grade: number | null;
  categoryId: string | null;
  ownerDepartment: string | null;
}

export interface ChainStep {
  order: number;
  kind: StepKind;
  /** the owner department for owner steps; null otherwise */
  department: string | null;
}

export interface ChainPlan {
  steps: ChainStep[];
  /** the shortest maxDays of the rules involved */
  maxDays: number;
  /** columns masked unless the request justifies clear values */
  maskedByDefault: string[];
  /** highest grade involved (就高); ungraded counts as 4 */
  grade: number;
}

/** Policy steps × owner departments of every requested column. Throws when an owner is missing. */
export function buildChain(rules: PolicyRule[], columns: ChainColumn[]): ChainPlan {
  if (columns.length === 0) throw new PolicyError('a request needs at least one column');
  const owners = new Set<string>();
  const kinds = new Set<StepKind>();
  let maxDays = Infinity;
  let grade = 1;
  const masked: string[] = [];
  for (const c of columns) {
    const rule = ruleFor(rules, c.grade, c.categoryId);
    maxDays = Math.min(maxDays, rule.maxDays);
    grade = Math.max(grade, c.grade ?? 4);
    if (rule.maskedByDefault) masked.push(c.id);
    for (const s of rule.steps) {
      kinds.add(s);
      if (s === 'owner') {
        if (!c.ownerDepartment) throw new PolicyError(`column ${c.path} has no owner department, so nobody can approve it; ask a steward to set its owner`);
        owners.add(c.ownerDepartment);
      }
    }
  }
  const steps: ChainStep[] = [];
  if (kinds.has('owner')) for (const d of [...owners].sort()) steps.push({ order: 1, kind: 'owner', department: d });
  if (kinds.has('governance')) steps.push({ order: 2, kind: 'governance', department: null });
  if (kinds.has('senior')) steps.push({ order: 3, kind: 'senior', department: null });
  return { steps, maxDays, maskedByDefault: masked, grade };
}

export interface Approver {
  id: string;
  roles: string[];
  department: string | null;
  senior?: boolean;
}

/** Whether a person may fill a step in their own right (delegation is resolved by the caller). */
export function canFill(step: Pick<ChainStep, 'kind' | 'department'>, who: Approver): boolean {
  switch (step.kind) {
    case 'owner': return who.roles.includes('approver') && !!step.department && who.department === step.department;
    case 'governance': return who.roles.includes('governance');
    case 'senior': return !!who.senior && (who.roles.includes('approver') || who.roles.includes('governance'));
  }
}

/**
 * Separation of duties: nobody approves their own request, and one person fills at most one
 * step of a chain (whether acting for themselves or for someone who delegated to them).
 * Returns the reason for refusal, or null.
 */
export function dutyConflict(requester: string, people: string[], alreadyDecidedBy: string[]): string | null {
  if (people.includes(requester)) return 'nobody may approve their own request';
  const clash = people.find((p) => alreadyDecidedBy.includes(p));
  if (clash) return `${clash} already filled another step of this request; one person cannot fill two steps`;
  return null;
}

// ---- graph store: every save is a new version; the history stays ----

const Q_CURRENT = 'MATCH (p:AccessPolicy) RETURN p.version AS version, p.rules AS rules, p.actor AS actor, p.at AS at, p.reason AS reason ORDER BY p.version DESC LIMIT 1';
const Q_HISTORY = 'MATCH (p:AccessPolicy) RETURN p.version AS version, p.rules AS rules, p.actor AS actor, p.at AS at, p.reason AS reason ORDER BY p.version DESC';
const Q_SAVE = `
OPTIONAL MATCH (p:AccessPolicy)
WITH coalesce(max(p.version), 0) AS v
WHERE v = $expected
CREATE (n:AccessPolicy {version: v + 1, rules: $rules, actor: $actor, at: $at, reason: $reason})
RETURN n.version AS version`;

type Row = { version: number; rules: string; actor: string; at: string; reason: string };
const toPolicy = (r: Row): AccessPolicy => ({ version: r.version, rules: JSON.parse(r.rules), actor: r.actor, at: r.at, reason: r.reason });

/** The policy in force: the latest saved version, or the built-in default (version 0). */
export async function currentPolicy(graph: Graph): Promise<AccessPolicy> {
  const [row] = await graph.read<Row>(Q_CURRENT);
  return row ? toPolicy(row) : { version: 0, rules: DEFAULT_RULES, actor: null, at: null, reason: 'built-in default' };
}

export async function policyHistory(graph: Graph): Promise<AccessPolicy[]> {
  return (await graph.read<Row>(Q_HISTORY)).map(toPolicy);
}

/** Saves a new version. `expectedVersion` guards against two officers overwriting each other. */
export async function savePolicy(graph: Graph, rules: PolicyRule[], actor: string, reason: string, expectedVersion?: number): Promise<AccessPolicy> {
  const clean = validateRules(rules);
  if (!reason || reason.trim().length < 3) throw new PolicyError('say why the policy changes (a reason of at least 3 characters)');
  if (reason.length > 1000) throw new PolicyError('a reason is at most 1,000 characters');
  const current = await currentPolicy(graph);
  const expected = expectedVersion ?? current.version;
  const rows = await graph.write<{ version: number }>(Q_SAVE, { expected, rules: JSON.stringify(clean), actor, at: new Date().toISOString(), reason: reason.trim() });
  if (rows.length === 0) throw new PolicyError(`the policy changed meanwhile (now version ${(await currentPolicy(graph)).version}, you edited version ${expected}); reload and edit again`);
  return currentPolicy(graph);
}
