// OpenLineage RunEvents into the graph: (:LineageJob)-[:HAS_RUN]->(:LineageRun), the run's
// input and output datasets, and the column edges of the columnLineage facet. Datasets are
// matched to harvested ones by name (`db.schema.table` or `schema.table` → dataset path);
// what does not match becomes an external placeholder under a source per namespace.
import type { Graph, GraphTx } from '../catalog/graph/port.ts';
import { enc } from '../catalog/ids.ts';
import { parseRunEvent, type NormalisedRunEvent, type OlColumnEdge, type OlDataset } from './parse/index.ts';
import { CatalogSnapshot, edgeKeyOf, ensurePlaceholders, externalSourceId, LineageError, storeFlows, type FlowRow, type PlaceholderColumn } from './store.ts';

export interface RunEventIngestResult {
  jobId: string;
  runId: string;
  /** Column edges in the event. */
  edges: number;
  /** Edges that were not stored before (0 when the same event comes again). */
  created: number;
  /** Datasets of the event that matched harvested ones, as dataset ids. */
  matchedDatasets: string[];
  /** Datasets stored as external placeholders, as `namespace name`. */
  placeholderDatasets: string[];
}

/** Raised for an event that is not a valid RunEvent; `details` lists every reason. */
export class RunEventError extends LineageError {
  constructor(public readonly details: string[]) {
    super(`not a valid OpenLineage RunEvent: ${details.slice(0, 5).join('; ')}${details.length > 5 ? ` (and ${details.length - 5} more)` : ''}`);
    this.name = 'RunEventError';
  }
}

const FILE_NAMESPACES = /^(file|gs|s3|s3a|s3n|hdfs|abfss?|wasbs?|gcs)(:|$)/i;

/** `db.schema.table` or `schema.table` of a database namespace → the catalogue's schema and table; file paths and other names are not guessed. */
export function olDatasetPath(name: string, namespace = ''): { schema: string; table: string } | null {
  if (FILE_NAMESPACES.test(namespace) || name.includes('/') || name.includes(':')) return null;
  const parts = name.split('.');
  if (parts.length < 2 || parts.some((p) => !p)) return null;
  return { schema: parts[parts.length - 2], table: parts[parts.length - 1] };
}

export const jobIdOf = (namespace: string, name: string) => `${enc(namespace)}/${enc(name)}`;

const Q_JOB_RUN = `
MERGE (j:LineageJob {id: $jobId})
ON CREATE SET j.namespace = $jobNamespace, j.name = $jobName, j.createdAt = $at
SET j.sql = coalesce($sql, j.sql)
MERGE (r:LineageRun {id: $runId})
ON CREATE SET r.jobId = $jobId, r.producer = $producer, r.createdAt = $at
SET r.lastEventType = CASE WHEN r.lastEventTime IS NULL OR r.lastEventTime <= $eventTime THEN $eventType ELSE r.lastEventType END,
    r.lastEventTime = CASE WHEN r.lastEventTime IS NULL OR r.lastEventTime <= $eventTime THEN $eventTime ELSE r.lastEventTime END
MERGE (j)-[:HAS_RUN]->(r)`;

const Q_RUN_READ = `
UNWIND $ids AS id
MATCH (r:LineageRun {id: $runId})
MATCH (d:Dataset {id: id})
MERGE (r)-[:READ]->(d)`;

const Q_RUN_WROTE = `
UNWIND $ids AS id
MATCH (r:LineageRun {id: $runId})
MATCH (d:Dataset {id: id})
MERGE (r)-[:WROTE]->(d)`;

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** Stores a validated, normalised event and its column edges. Idempotent. */
export async function ingestRunEvent(graph: Graph, event: NormalisedRunEvent, edges: OlColumnEdge[], opts: { actor: string }): Promise<RunEventIngestResult> {
  const snap = await CatalogSnapshot.load(graph);
  const jobId = jobIdOf(event.job.namespace, event.job.name);
  const sqlFacet = event.job.facets.sql as Record<string, unknown> | undefined;
  const jobSql = str(sqlFacet?.query)?.slice(0, 8000) ?? null;

  // Every dataset the event names, matched or placeholder.
  const dsKey = (ns: string, name: string) => `${ns}\u0000${name}`;
  const matched = new Map<string, { datasetId: string; schema: string; table: string; sourceId: string }>();
  const unmatched = new Map<string, { namespace: string; name: string; fields: Set<string> }>();
  const seeDataset = (ns: string, name: string, fields: string[]) => {
    const k = dsKey(ns, name);
    if (matched.has(k)) return;
    const p = olDatasetPath(name, ns);
    const t = p ? snap.table(p.schema, p.table) : null;
    if (t && t.schema !== null) { matched.set(k, { datasetId: t.datasetId, schema: t.schema, table: t.name, sourceId: t.sourceId }); return; }
    let u = unmatched.get(k);
    if (!u) { u = { namespace: ns, name, fields: new Set() }; unmatched.set(k, u); }
    for (const f of fields) u.fields.add(f);
  };
  const all: OlDataset[] = [...event.inputs, ...event.outputs];
  for (const d of all) seeDataset(d.namespace, d.name, d.fields);
  for (const e of edges) { seeDataset(e.from.namespace, e.from.dataset, []); seeDataset(e.to.namespace, e.to.dataset, []); }

  const placeholder = (ns: string, name: string, column: string | null): PlaceholderColumn =>
    ({ sourceId: externalSourceId(ns), sourceName: `OpenLineage ${ns}`, namespace: ns, schema: null, table: name, column });

  return graph.transaction(async (tx: GraphTx) => {
    // Column ids of the edge endpoints: a harvested column, or a placeholder column.
    const wanted: PlaceholderColumn[] = [];
    const refIndex = new Map<string, number>();
    const idOf = new Map<string, string>();
    const ref = (ns: string, name: string, field: string) => {
      const k = `${dsKey(ns, name)}\u0000${field}`;
      if (idOf.has(k) || refIndex.has(k)) return k;
      const m = matched.get(dsKey(ns, name));
      const id = m ? snap.columnId(m.schema, m.table, field, m.sourceId) : null;
      if (id) idOf.set(k, id);
      else { refIndex.set(k, wanted.length); wanted.push(placeholder(ns, name, field)); }
      return k;
    };
    const pairs = edges.map((e) => ({ e, from: ref(e.from.namespace, e.from.dataset, e.from.field), to: ref(e.to.namespace, e.to.dataset, e.to.field) }));
    for (const u of unmatched.values()) {
      wanted.push(placeholder(u.namespace, u.name, null));
      for (const f of u.fields) wanted.push(placeholder(u.namespace, u.name, f));
    }
    const ids = await ensurePlaceholders(tx, wanted);
    for (const [k, i] of refIndex) idOf.set(k, ids[i]);

    const at = new Date().toISOString();
    await tx.run(Q_JOB_RUN, {
      jobId, jobNamespace: event.job.namespace, jobName: event.job.name, sql: jobSql, runId: event.run.runId,
      producer: event.producer, eventType: event.eventType ?? 'OTHER', eventTime: event.eventTime, at,
    });
    const datasetIdOf = (d: OlDataset) => matched.get(dsKey(d.namespace, d.name))?.datasetId ?? ids[wanted.findIndex((w) => w.column === null && w.namespace === d.namespace && w.table === d.name)];
    await tx.run(Q_RUN_READ, { runId: event.run.runId, ids: [...new Set(event.inputs.map(datasetIdOf))] });
    await tx.run(Q_RUN_WROTE, { runId: event.run.runId, ids: [...new Set(event.outputs.map(datasetIdOf))] });

    const rows: FlowRow[] = pairs.map(({ e, from, to }) => {
      const fromId = idOf.get(from)!;
      const toId = idOf.get(to)!;
      const desensitising = e.transform === 'mask' || e.transform === 'aggregate';
      return {
        id: edgeKeyOf('openlineage', e.key, fromId, toId), fromId, toId, transform: e.transform, transformations: e.transformations,
        provenance: 'openlineage', job: `${event.job.namespace}/${event.job.name}`, runId: event.run.runId, sql: jobSql,
        file: null, statementIndex: null, line: null,
        via: desensitising ? (e.descriptions.length ? e.descriptions : e.transformations) : [],
        note: e.descriptions.length ? e.descriptions.join('; ').slice(0, 2000) : null, actor: opts.actor,
      };
    });
    const stored = await storeFlows(tx, rows);
    return {
      jobId, runId: event.run.runId, edges: stored.edges, created: stored.created,
      matchedDatasets: [...new Set([...matched.values()].map((m) => m.datasetId))].sort(),
      placeholderDatasets: [...unmatched.values()].map((u) => `${u.namespace} ${u.name}`).sort(),
    };
  });
}

/** Validates (size, JSON, required fields) and stores one RunEvent; throws RunEventError on bad input. */
export async function ingestRunEventText(graph: Graph, body: string | Buffer | object, opts: { actor: string }): Promise<RunEventIngestResult> {
  const parsed = parseRunEvent(body);
  if (!parsed.ok) throw new RunEventError(parsed.errors);
  return ingestRunEvent(graph, parsed.event, parsed.edges, opts);
}
