// Report scopes: the whole firm, one system (TA, 估值 …), one source, or one owner department.
import type { Graph } from '../catalog/graph/port.ts';
import { listSources, type SourceRecord } from '../catalog/assets.ts';

export class ReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportError';
  }
}

export type ReportScope =
  | { kind: 'firm' }
  | { kind: 'system'; name: string }
  | { kind: 'source'; id: string }
  | { kind: 'department'; id: string };

/** Parses `firm`, `system:NAME`, `source:ID` or `department:ID`. */
export function parseScope(text: string): ReportScope {
  const t = (text ?? '').trim();
  if (t === 'firm') return { kind: 'firm' };
  const m = /^(system|source|department):(.+)$/.exec(t);
  if (!m || !m[2].trim()) throw new ReportError(`scope "${text}" names nothing; use firm, system:NAME, source:ID or department:ID`);
  const v = m[2].trim();
  return m[1] === 'system' ? { kind: 'system', name: v } : m[1] === 'source' ? { kind: 'source', id: v } : { kind: 'department', id: v };
}

export const scopeText = (s: ReportScope) => (s.kind === 'firm' ? 'firm' : s.kind === 'system' ? `system:${s.name}` : `${s.kind}:${s.id}`);

export interface ResolvedScope {
  scope: ReportScope;
  /** a human title, e.g. 全公司 or 系统 TA */
  title: string;
  sources: SourceRecord[];
  /** set for a department scope: only columns this department owns */
  department: string | null;
}

/** Checks that the scope names something that exists; throws ReportError otherwise. */
export async function resolveScope(graph: Graph, scope: ReportScope): Promise<ResolvedScope> {
  const all = await listSources(graph);
  switch (scope.kind) {
    case 'firm':
      if (!all.length) throw new ReportError('the catalogue holds no source yet; register and harvest one first');
      return { scope, title: '全公司 (firm)', sources: all, department: null };
    case 'system': {
      const sources = all.filter((s) => s.system === scope.name);
      if (!sources.length) throw new ReportError(`no source belongs to system "${scope.name}"; systems are: ${[...new Set(all.map((s) => s.system))].sort().join(', ') || 'none'}`);
      return { scope, title: `系统 ${scope.name}`, sources, department: null };
    }
    case 'source': {
      const s = all.find((x) => x.id === scope.id);
      if (!s) throw new ReportError(`source ${scope.id} does not exist (or was removed)`);
      return { scope, title: `数据源 ${s.name} (${s.id})`, sources: [s], department: null };
    }
    case 'department': {
      const [d] = await graph.read<{ id: string; name: string }>('MATCH (d:Department {id: $id}) RETURN d.id AS id, d.name AS name', { id: scope.id });
      if (!d) throw new ReportError(`department ${scope.id} does not exist`);
      return { scope, title: `部门 ${d.name} (${d.id})`, sources: all, department: d.id };
    }
  }
}

/** [from, to) from YYYY-MM-DD dates (to inclusive as a day) or ISO times. */
export function parsePeriod(from: string, to: string): { from: string; to: string } {
  const one = (v: string, what: string, end: boolean) => {
    if (!v || Number.isNaN(Date.parse(v))) throw new ReportError(`${what} must be a date such as 2026-01-01`);
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(Date.parse(`${v}T00:00:00Z`) + (end ? 86_400_000 : 0)).toISOString();
    return new Date(v).toISOString();
  };
  const f = one(from, 'from', false), t = one(to, 'to', true);
  if (f >= t) throw new ReportError('from must come before to');
  if (Date.parse(t) - Date.parse(f) > 3660 * 86_400_000) throw new ReportError('a report period is at most ten years');
  return { from: f, to: t };
}
