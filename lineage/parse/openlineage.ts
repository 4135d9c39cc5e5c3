// OpenLineage RunEvent intake (https://openlineage.io/spec, RunEvent 2-0-2; ColumnLineageDatasetFacet
// 1-2-0): validation of the required fields, normalisation, and the column edges of the
// `columnLineage` facet mapped to our transform kinds. Pure: no I/O.
//
// Mapping of a producer's transformation to our kind:
//   masking: true → mask (whatever the type);  DIRECT/IDENTITY → copy;  DIRECT/TRANSFORMATION → derive;
//   DIRECT/AGGREGATION → aggregate;  DIRECT/other → derive;  INDIRECT/* (JOIN, FILTER, GROUP_BY, SORT,
//   WINDOW, CONDITIONAL) → filter.  Legacy `transformationType`: IDENTITY → copy, anything else → derive.
//   No transformation information at all → derive: the producer only says the output depends on the
//   input; `copy` would claim the value is unchanged and `filter` would stop grades from following it,
//   so derive is the conservative reading (grades propagate, nothing is claimed desensitised).
// An input field whose transformations map to several kinds gives one edge per kind, each carrying the
// producer's transformations that led to it (as "TYPE:SUBTYPE", or the legacy type alone).

import { createHash } from 'node:crypto';
import type { TransformKind } from './types.ts';

/** Largest event accepted as a JSON string (bytes). The HTTP route applies the same limit to the body. */
export const OL_MAX_EVENT_BYTES = 5 * 1024 * 1024;

const EVENT_TYPES = new Set(['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OlTransformation { type: string; subtype: string | null; description: string | null; masking: boolean }

export interface OlDataset {
  namespace: string;
  name: string;
  /** Field names of the schema facet, when the producer sent one. */
  fields: string[];
  facets: Record<string, unknown>;
}

export interface NormalisedRunEvent {
  /** Stable idempotency key of the event: sha256 of runId, eventType, eventTime, job namespace and name. */
  key: string;
  eventType: string | null;
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: { runId: string; facets: Record<string, unknown> };
  job: { namespace: string; name: string; facets: Record<string, unknown> };
  inputs: OlDataset[];
  outputs: OlDataset[];
}

export interface OlFieldRef { namespace: string; dataset: string; field: string }

export interface OlColumnEdge {
  /** Stable idempotency key of the edge: sha256 of job, from, to and transform (the same flow from another run is the same edge). */
  key: string;
  from: OlFieldRef;
  to: OlFieldRef;
  transform: TransformKind;
  /** The producer's transformations behind this edge: "DIRECT:IDENTITY", …, or the legacy "IDENTITY". Empty when none was given. */
  transformations: string[];
  descriptions: string[];
  masking: boolean;
  /** true when the edge comes from the facet's dataset-level `dataset[]` list. */
  datasetLevel: boolean;
}

export type RunEventResult = { ok: true; event: NormalisedRunEvent; edges: OlColumnEdge[] } | { ok: false; errors: string[] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const sha = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex');

/** Our transform kind for one OpenLineage transformation. */
export function olTransformKind(t: { type?: string | null; subtype?: string | null; masking?: boolean | null }): TransformKind {
  if (t.masking === true) return 'mask';
  const type = (t.type ?? '').toUpperCase();
  const sub = (t.subtype ?? '').toUpperCase();
  if (type === 'INDIRECT') return 'filter';
  if (type === 'DIRECT') return sub === 'IDENTITY' ? 'copy' : sub === 'AGGREGATION' ? 'aggregate' : 'derive';
  return 'derive';
}

function legacyKind(type: string): TransformKind { return type.toUpperCase() === 'IDENTITY' ? 'copy' : 'derive'; }

/** Validates a RunEvent (object or JSON text) and returns it normalised with its column edges. */
export function parseRunEvent(json: unknown): RunEventResult {
  let doc = json;
  if (typeof json === 'string' || Buffer.isBuffer(json)) {
    const size = typeof json === 'string' ? Buffer.byteLength(json, 'utf8') : json.length;
    if (size > OL_MAX_EVENT_BYTES) return { ok: false, errors: [`event is ${size} bytes, over the limit of ${OL_MAX_EVENT_BYTES} bytes`] };
    try { doc = JSON.parse(json.toString()); } catch (err) { return { ok: false, errors: [`not valid JSON: ${(err as Error).message}`] }; }
  }
  const errors: string[] = [];
  if (!isObj(doc)) return { ok: false, errors: ['a RunEvent must be a JSON object'] };
  const reqStr = (o: Obj, key: string, path: string): string => {
    const v = o[key];
    if (typeof v !== 'string' || v.length === 0) { errors.push(`${path}${key} is required and must be a non-empty string`); return ''; }
    return v;
  };
  const eventTime = reqStr(doc, 'eventTime', '');
  if (eventTime && Number.isNaN(Date.parse(eventTime))) errors.push(`eventTime ${JSON.stringify(eventTime)} is not an ISO-8601 date-time`);
  const producer = reqStr(doc, 'producer', '');
  const schemaURL = reqStr(doc, 'schemaURL', '');
  let eventType: string | null = null;
  if (doc.eventType !== undefined && doc.eventType !== null) {
    if (typeof doc.eventType !== 'string' || !EVENT_TYPES.has(doc.eventType)) errors.push(`eventType must be one of ${[...EVENT_TYPES].join(', ')}`);
    else eventType = doc.eventType;
  }
  let runId = '';
  let runFacets: Obj = {};
  if (!isObj(doc.run)) errors.push('run is required and must be an object');
  else {
    runId = reqStr(doc.run, 'runId', 'run.');
    if (runId && !UUID.test(runId)) errors.push(`run.runId ${JSON.stringify(runId)} is not a UUID`);
    runFacets = isObj(doc.run.facets) ? doc.run.facets : {};
  }
  let job = { namespace: '', name: '', facets: {} as Obj };
  if (!isObj(doc.job)) errors.push('job is required and must be an object');
  else job = { namespace: reqStr(doc.job, 'namespace', 'job.'), name: reqStr(doc.job, 'name', 'job.'), facets: isObj(doc.job.facets) ? doc.job.facets : {} };

  const datasets = (key: 'inputs' | 'outputs'): { ds: OlDataset; raw: Obj }[] => {
    const v = doc[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) { errors.push(`${key} must be an array`); return []; }
    return v.flatMap((d, i) => {
      if (!isObj(d)) { errors.push(`${key}[${i}] must be an object`); return []; }
      const namespace = reqStr(d, 'namespace', `${key}[${i}].`);
      const name = reqStr(d, 'name', `${key}[${i}].`);
      const facets = isObj(d.facets) ? d.facets : {};
      const schema = isObj(facets.schema) && Array.isArray(facets.schema.fields) ? facets.schema.fields : [];
      const fields = schema.filter(isObj).map((f) => f.name).filter((n): n is string => typeof n === 'string');
      return [{ ds: { namespace, name, fields, facets }, raw: d }];
    });
  };
  const inputs = datasets('inputs');
  const outputs = datasets('outputs');

  const edges: OlColumnEdge[] = [];
  const seen = new Set<string>();
  const push = (from: OlFieldRef, to: OlFieldRef, trans: Obj[] | null, legacy: { type: string | null; description: string | null }, datasetLevel: boolean) => {
    const groups = new Map<TransformKind, { labels: string[]; descriptions: string[]; masking: boolean }>();
    const add = (kind: TransformKind, label: string | null, description: string | null, masking: boolean) => {
      let g = groups.get(kind);
      if (!g) { g = { labels: [], descriptions: [], masking: false }; groups.set(kind, g); }
      if (label && !g.labels.includes(label)) g.labels.push(label);
      if (description && !g.descriptions.includes(description)) g.descriptions.push(description);
      g.masking ||= masking;
    };
    if (trans && trans.length) {
      for (const t of trans) {
        const type = typeof t.type === 'string' ? t.type : '';
        const subtype = typeof t.subtype === 'string' ? t.subtype : null;
        const masking = t.masking === true;
        add(olTransformKind({ type, subtype, masking }), subtype ? `${type}:${subtype}` : type || null, typeof t.description === 'string' && t.description ? t.description : null, masking);
      }
    } else if (legacy.type) add(legacyKind(legacy.type), legacy.type, legacy.description, false);
    else add(datasetLevel ? 'filter' : 'derive', null, null, false);
    for (const [kind, g] of groups) {
      const key = sha(job.namespace, job.name, from.namespace, from.dataset, from.field, to.namespace, to.dataset, to.field, kind);
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({ key, from, to, transform: kind, transformations: g.labels, descriptions: g.descriptions, masking: g.masking, datasetLevel });
    }
  };

  outputs.forEach(({ ds, raw }, oi) => {
    const facets = isObj(raw.facets) ? raw.facets : {};
    const cl = facets.columnLineage;
    if (cl === undefined) return;
    const base = `outputs[${oi}].facets.columnLineage`;
    if (!isObj(cl)) { errors.push(`${base} must be an object`); return; }
    const fields = cl.fields;
    if (fields !== undefined && !isObj(fields)) { errors.push(`${base}.fields must be an object`); return; }
    const outFieldNames = new Set<string>(fields ? Object.keys(fields) : []);
    const inputRef = (f: unknown, path: string): { ref: OlFieldRef; raw: Obj } | null => {
      if (!isObj(f)) { errors.push(`${path} must be an object`); return null; }
      const namespace = reqStr(f, 'namespace', `${path}.`);
      const dataset = reqStr(f, 'name', `${path}.`);
      const field = reqStr(f, 'field', `${path}.`);
      if (f.transformations !== undefined && !Array.isArray(f.transformations)) errors.push(`${path}.transformations must be an array`);
      return namespace && dataset && field ? { ref: { namespace, dataset, field }, raw: f } : null;
    };
    const transOf = (f: Obj) => (Array.isArray(f.transformations) ? f.transformations.filter(isObj) : null);
    for (const [outField, spec] of Object.entries(fields ?? {})) {
      const path = `${base}.fields[${JSON.stringify(outField)}]`;
      if (!isObj(spec) || !Array.isArray(spec.inputFields)) { errors.push(`${path}.inputFields is required and must be an array`); continue; }
      const to = { namespace: ds.namespace, dataset: ds.name, field: outField };
      const legacy = { type: typeof spec.transformationType === 'string' && spec.transformationType ? spec.transformationType : null, description: typeof spec.transformationDescription === 'string' ? spec.transformationDescription : null };
      spec.inputFields.forEach((f, i) => {
        const r = inputRef(f, `${path}.inputFields[${i}]`);
        if (!r) return;
        // The per-field legacy keys also appear on input fields in some producers.
        const own = { type: typeof r.raw.transformationType === 'string' ? r.raw.transformationType : legacy.type, description: typeof r.raw.transformationDescription === 'string' ? r.raw.transformationDescription : legacy.description };
        push(r.ref, to, transOf(r.raw), own, false);
      });
    }
    if (cl.dataset !== undefined) {
      if (!Array.isArray(cl.dataset)) { errors.push(`${base}.dataset must be an array`); return; }
      const targets = outFieldNames.size ? [...outFieldNames] : ds.fields;
      cl.dataset.forEach((f, i) => {
        const r = inputRef(f, `${base}.dataset[${i}]`);
        if (!r) return;
        for (const outField of targets) push(r.ref, { namespace: ds.namespace, dataset: ds.name, field: outField }, transOf(r.raw), { type: null, description: null }, true);
      });
    }
  });

  if (errors.length) return { ok: false, errors };
  const event: NormalisedRunEvent = {
    key: sha(runId, eventType ?? '', eventTime, job.namespace, job.name),
    eventType, eventTime, producer, schemaURL,
    run: { runId, facets: runFacets }, job,
    inputs: inputs.map((d) => d.ds), outputs: outputs.map((d) => d.ds),
  };
  return { ok: true, event, edges };
}
