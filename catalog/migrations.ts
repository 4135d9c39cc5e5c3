// Versioned, idempotent schema migrations of the catalogue graph. Each runs once; which
// have run is recorded as (:Migration {version}). Every lookup key gets a unique, indexed key
// (a MERGE on an unindexed key over 100k nodes is quadratic).
import type { Graph } from './graph/port.ts';

type Step = { unique: [label: string, property: string] } | { index: [label: string, property: string] } | { cypher: string; params?: Record<string, unknown> };

export interface Migration {
  version: number;
  name: string;
  steps: Step[];
}

const unique = (label: string, property = 'id'): Step => ({ unique: [label, property] });
const index = (label: string, property: string): Step => ({ index: [label, property] });

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'identity: users, departments, migrations',
    steps: [unique('Migration', 'version'), unique('User'), unique('Department')],
  },
  {
    version: 2,
    name: 'catalogue keys: sources, datasets, columns, categories, standards, assessments, jobs',
    steps: [
      unique('Source'), unique('Dataset'), unique('Column'), unique('Category'), unique('Standard'),
      unique('Assessment'), unique('Job'), unique('Rule'), unique('ColumnVersion'),
      index('Dataset', 'sourceId'), index('Column', 'datasetId'), index('Column', 'grade'), index('Column', 'gradeStatus'),
      index('Standard', 'code'),
    ],
  },
  {
    version: 3,
    name: 'lineage and access keys: reconciliations, requests, approvals, exports, lineage jobs',
    steps: [
      unique('Reconciliation'), unique('ReconciliationResult'), unique('AccessRequest'), unique('Approval'),
      unique('Export'), unique('LineageJob'), unique('LineageRun'), unique('Transfer'),
    ],
  },
  {
    version: 4,
    name: 'grading lookups: assessments by column, rule sets by version',
    steps: [index('Assessment', 'columnId'), unique('RuleSet', 'version'), index('Column', 'sourceId'), index('ColumnVersion', 'columnId')],
  },
  {
    version: 6,
    name: 'lineage lookups: columns and datasets by path, reconciliation results by check, OpenLineage runs by job',
    steps: [index('Column', 'path'), index('Dataset', 'path'), index('ReconciliationResult', 'checkId'), index('LineageRun', 'jobId')],
  },
  {
    version: 7,
    name: 'access lookups: policy versions, requests by requester, approvals and exports by request',
    steps: [
      unique('AccessPolicy', 'version'), index('AccessRequest', 'requester'), index('AccessRequest', 'status'),
      index('Approval', 'requestId'), index('Approval', 'status'), index('Export', 'requestId'), index('Export', 'requester'),
    ],
  },
  {
    version: 8,
    name: 'lifecycle keys: destructions of exports, transfers outside the firm, retirements of source data, reports',
    steps: [
      unique('Destruction'), index('Destruction', 'exportId'), index('Transfer', 'recordedAt'),
      unique('Retirement'), index('Retirement', 'assetId'), index('Retirement', 'status'), unique('Report'), unique('RetentionPolicy', 'version'),
    ],
  },
];

function stepStatements(graph: Graph, step: Step): string[] {
  const ident = /^[A-Za-z][A-Za-z0-9_]*$/;
  if ('unique' in step || 'index' in step) {
    const [label, prop] = 'unique' in step ? step.unique : step.index;
    if (!ident.test(label) || !ident.test(prop)) throw new Error(`bad schema identifier ${label}.${prop}`);
    const name = `${label.toLowerCase()}_${prop.toLowerCase()}`;
    return 'unique' in step
      ? graph.uniqueKeyStatements(name, label, prop)
      : [`CREATE INDEX ${name}_idx IF NOT EXISTS FOR (n:${label}) ON (n.${prop})`];
  }
  return [step.cypher];
}

/** Runs the migrations not yet recorded; returns the versions it applied. */
export async function migrate(graph: Graph, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  const applied = new Set(
    (await graph.read<{ v: number }>('MATCH (m:Migration) RETURN m.version AS v')).map((r) => r.v),
  );
  const ran: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    // Schema statements are idempotent (IF NOT EXISTS), so a crash mid-migration re-runs safely.
    for (const step of m.steps) {
      for (const stmt of stepStatements(graph, step)) await graph.write(stmt, 'cypher' in step ? step.params : undefined);
    }
    await graph.write('MERGE (m:Migration {version: $version}) SET m.name = $name, m.appliedAt = $at', {
      version: m.version, name: m.name, at: new Date().toISOString(),
    });
    ran.push(m.version);
  }
  return ran;
}

export async function appliedMigrations(graph: Graph): Promise<{ version: number; name: string; appliedAt: string }[]> {
  return graph.read('MATCH (m:Migration) RETURN m.version AS version, m.name AS name, m.appliedAt AS appliedAt ORDER BY m.version');
}
