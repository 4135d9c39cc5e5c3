// Access requests, their approval chains and the exports they yield, in the graph:
// (:AccessRequest)-[:COVERS]->(:Column), (:AccessRequest)-[:HAS_STEP]->(:Approval),
// (:AccessRequest)-[:YIELDED]->(:Export). Decisions are check-and-set in one transaction,
// so of two concurrent approvals of one step exactly one wins.
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import type { Graph, GraphTx } from './graph/port.ts';
import type { ColumnRecord } from './assets.ts';
import { columnOwnership } from './ownership.ts';
import { buildChain, canFill, currentPolicy, dutyConflict, type Approver, type ChainStep, type StepKind } from './policy.ts';

export class AccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessError';
  }
}

export type RequestStatus = 'pending' | 'changes_requested' | 'approved' | 'rejected' | 'withdrawn' | 'revoked' | 'expired';
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'changes_requested' | 'cancelled';
export type ExportStatus = 'ready' | 'streaming' | 'completed' | 'failed' | 'revoked' | 'expired';
export type ExportFormat = 'csv' | 'xlsx';
export type ExportEncoding = 'utf8-bom' | 'gbk';
export const FILTER_OPS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'prefix', 'is_null', 'not_null'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export interface FilterCondition {
  columnId: string;
  op: FilterOp;
  value?: string | null;
  values?: string[] | null;
}

export interface AccessRequestRecord {
  id: string;
  requester: string;
  purpose: string;
  endDate: string;
  format: ExportFormat;
  encoding: ExportEncoding;
  columnIds: string[];
  datasetIds: string[];
  clearColumnIds: string[];
  clearJustification: string | null;
  filter: string; // JSON of FilterCondition[]
  status: RequestStatus;
  grade: number;
  revision: number;
  createdAt: string;
  updatedAt: string;
  reason: string | null;
}

export interface ApprovalRecord {
  id: string;
  requestId: string;
  revision: number;
  order: number;
  kind: StepKind;
  department: string | null;
  status: ApprovalStatus;
  decidedBy: string | null;
  onBehalfOf: string | null;
  decidedAt: string | null;
  reason: string | null;
}

export interface ExportRecord {
  id: string;
  requestId: string;
  requester: string;
  datasetId: string;
  sourceId: string;
  columnIds: string[];
  clearColumnIds: string[];
  format: ExportFormat;
  encoding: ExportEncoding;
  status: ExportStatus;
  createdAt: string;
  /** the request's end date; retention of any copy ends here (issue 10 adds destruction) */
  endDate: string;
  retentionUntil: string;
  linkExpiresAt: string | null;
  tokenHash: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  rowCount: number | null;
  fileHash: string | null;
  bytes: number | null;
  error: string | null;
  watermarkId: string;
}

export interface RequestInput {
  columnIds?: string[] | null;
  datasetIds?: string[] | null;
  purpose: string;
  endDate: string;
  format?: ExportFormat | null;
  encoding?: ExportEncoding | null;
  filter?: FilterCondition[] | null;
  clearColumnIds?: string[] | null;
  clearJustification?: string | null;
}

/** The actor as the access rules see it: id, roles, department, senior flag. */
export type Actor = Approver;

const DAY = 86_400_000;
export const LINK_TTL_MS = 24 * 3600 * 1000;
const today = (now = new Date()) => now.toISOString().slice(0, 10);

// ---------- filter values: plain values only; anything that looks like SQL is refused ----------

const NUMERIC = /^-?\d{1,30}(\.\d{1,30})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const NUMERIC_TYPES = /int|numeric|decimal|real|double|float|number|money|serial/i;
const DATE_TYPES = /^date$/i;
const TIME_TYPES = /timestamp|datetime/i;

/** Checks one filter value against its column's type; returns the reason it is refused, or null. */
export function filterValueProblem(value: string, dataType: string): string | null {
  if (typeof value !== 'string') return 'a filter value must be text';
  if (value.length === 0) return 'a filter value is empty; use is_null to match empty cells';
  if (value.length > 200) return 'a filter value is at most 200 characters';
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)) return 'a filter value holds broken Unicode (a lone surrogate)';
  if (/[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2028\u2029]/u.test(value)) return 'a filter value may not hold control, invisible or direction-changing characters';
  if (/['"`;\\]|--|\/\*|\*\//.test(value)) return 'a filter value may not hold quotes, semicolons, backslashes or SQL comment markers; filters take plain values, not SQL';
  if (value.trim() !== value) return 'a filter value may not start or end with spaces';
  if (NUMERIC_TYPES.test(dataType) && !NUMERIC.test(value)) return `the column is numeric (${dataType}); give a number such as 1000 or 12.5`;
  if (DATE_TYPES.test(dataType) && (!DATE.test(value) || Number.isNaN(Date.parse(value)))) return `the column is a date; give YYYY-MM-DD`;
  if (TIME_TYPES.test(dataType) && (!TIMESTAMP.test(value) || Number.isNaN(Date.parse(value.replace(' ', 'T'))))) return 'the column is a timestamp; give YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS';
  return null;
}

export function validateFilter(filter: FilterCondition[], columns: Map<string, ColumnRecord>): FilterCondition[] {
  if (filter.length > 20) throw new AccessError('a filter has at most 20 conditions');
  return filter.map((f, i) => {
    const where = `filter condition ${i + 1}`;
    const col = columns.get(f.columnId);
    if (!col) throw new AccessError(`${where}: column ${f.columnId} is not among the requested columns; request it, or filter on a requested column`);
    if (!FILTER_OPS.includes(f.op)) throw new AccessError(`${where}: unknown operator ${f.op}; use one of ${FILTER_OPS.join(', ')}`);
    const check = (v: string) => {
      const p = filterValueProblem(v, col.dataType ?? '');
      if (p) throw new AccessError(`${where} on ${col.path}: ${p}`);
    };
    if (f.op === 'is_null' || f.op === 'not_null') {
      if (f.value != null || f.values?.length) throw new AccessError(`${where}: ${f.op} takes no value`);
      return { columnId: f.columnId, op: f.op };
    }
    if (f.op === 'in') {
      if (!f.values?.length || f.values.length > 100) throw new AccessError(`${where}: in takes 1-100 values`);
      f.values.forEach(check);
      return { columnId: f.columnId, op: f.op, values: [...f.values] };
    }
    if (f.value == null) throw new AccessError(`${where}: ${f.op} needs a value`);
    check(f.value);
    if (f.op === 'prefix' && (NUMERIC_TYPES.test(col.dataType ?? '') || DATE_TYPES.test(col.dataType ?? ''))) throw new AccessError(`${where}: prefix works on text columns only`);
    return { columnId: f.columnId, op: f.op, value: f.value };
  });
}

// ---------- reading ----------

export async function getRequest(graph: Graph, id: string): Promise<AccessRequestRecord | null> {
  const [r] = await graph.read<{ r: AccessRequestRecord }>('MATCH (r:AccessRequest {id: $id}) RETURN r', { id });
  return r?.r ?? null;
}

export async function approvalsOf(graph: Graph, requestId: string, revision?: number): Promise<ApprovalRecord[]> {
  const rows = await graph.read<{ a: ApprovalRecord }>('MATCH (a:Approval {requestId: $id}) RETURN a ORDER BY a.revision, a.order, a.department', { id: requestId });
  return rows.map((r) => r.a).filter((a) => revision === undefined || a.revision === revision);
}

export async function getApproval(graph: Graph, id: string): Promise<ApprovalRecord | null> {
  const [r] = await graph.read<{ a: ApprovalRecord }>('MATCH (a:Approval {id: $id}) RETURN a', { id });
  return r?.a ?? null;
}

export async function getExport(graph: Graph, id: string): Promise<ExportRecord | null> {
  const [r] = await graph.read<{ e: ExportRecord }>('MATCH (e:Export {id: $id}) RETURN e', { id });
  return r?.e ?? null;
}

export async function exportsOf(graph: Graph, requestId: string): Promise<ExportRecord[]> {
  return (await graph.read<{ e: ExportRecord }>('MATCH (e:Export {requestId: $id}) RETURN e ORDER BY e.datasetId', { id: requestId })).map((r) => r.e);
}

export async function listRequests(graph: Graph, opts: { requester?: string; status?: string; limit?: number } = {}): Promise<AccessRequestRecord[]> {
  const limit = Math.min(opts.limit ?? 200, 1000);
  const rows = opts.requester
    ? await graph.read<{ r: AccessRequestRecord }>('MATCH (r:AccessRequest {requester: $who}) RETURN r ORDER BY r.createdAt DESC LIMIT $limit', { who: opts.requester, limit })
    : await graph.read<{ r: AccessRequestRecord }>('MATCH (r:AccessRequest) RETURN r ORDER BY r.createdAt DESC LIMIT $limit', { limit });
  return rows.map((r) => r.r).filter((r) => !opts.status || r.status === opts.status);
}

export async function listExports(graph: Graph, opts: { requester?: string; limit?: number } = {}): Promise<ExportRecord[]> {
  const limit = Math.min(opts.limit ?? 200, 1000);
  const rows = opts.requester
    ? await graph.read<{ e: ExportRecord }>('MATCH (e:Export {requester: $who}) RETURN e ORDER BY e.createdAt DESC LIMIT $limit', { who: opts.requester, limit })
    : await graph.read<{ e: ExportRecord }>('MATCH (e:Export) RETURN e ORDER BY e.createdAt DESC LIMIT $limit', { limit });
  return rows.map((r) => r.e);
}

/** The actor's view of a person: roles, department, senior flag, and who delegated to them. */
export async function actorOf(graph: Graph, id: string): Promise<Actor | null> {
  const [u] = await graph.read<{ id: string; roles: string[]; department: string | null; senior: boolean | null }>(
    'MATCH (u:User {id: $id}) OPTIONAL MATCH (u)-[:MEMBER_OF]->(d:Department) RETURN u.id AS id, u.roles AS roles, d.id AS department, u.senior AS senior', { id });
  return u ? { id: u.id, roles: u.roles ?? [], department: u.department, senior: !!u.senior } : null;
}

/** People who delegated their approvals to `id` and whose delegation is still running. */
export async function principalsOf(graph: Graph, id: string, now = new Date()): Promise<Actor[]> {
  const rows = await graph.read<{ id: string; roles: string[]; department: string | null; senior: boolean | null }>(
    `MATCH (u:User {delegateTo: $id}) WHERE u.delegateUntil > $now AND coalesce(u.disabled, false) = false
     OPTIONAL MATCH (u)-[:MEMBER_OF]->(d:Department)
     RETURN u.id AS id, u.roles AS roles, d.id AS department, u.senior AS senior`, { id, now: now.toISOString() });
  return rows.map((u) => ({ id: u.id, roles: u.roles ?? [], department: u.department, senior: !!u.senior }));
}

// ---------- requesting ----------

async function resolveColumns(graph: Graph, input: RequestInput): Promise<ColumnRecord[]> {
  const ids = [...new Set(input.columnIds ?? [])];
  const dsIds = [...new Set(input.datasetIds ?? [])];
  if (ids.length === 0 && dsIds.length === 0) throw new AccessError('name at least one column or dataset to request');
  if (ids.length > 500 || dsIds.length > 50) throw new AccessError('a request covers at most 500 columns and 50 datasets');
  const byId = new Map<string, ColumnRecord>();
  if (ids.length) {
    const rows = await graph.read<{ c: ColumnRecord }>('UNWIND $ids AS i MATCH (c:Column {id: i}) RETURN c', { ids });
    for (const r of rows) byId.set(r.c.id, r.c);
    const missing = ids.filter((i) => !byId.has(i));
    if (missing.length) throw new AccessError(`column ${missing.slice(0, 3).join(', ')} is not in the catalogue`);
  }
  for (const ds of dsIds) {
    const rows = await graph.read<{ c: ColumnRecord }>('MATCH (c:Column {datasetId: $id}) WHERE coalesce(c.dropped, false) = false RETURN c ORDER BY c.ordinal', { id: ds });
    if (rows.length === 0) throw new AccessError(`dataset ${ds} is not in the catalogue or has no columns`);
    for (const r of rows) byId.set(r.c.id, r.c);
  }
  const cols = [...byId.values()];
  const dropped = cols.find((c) => c.dropped);
  if (dropped) throw new AccessError(`column ${dropped.path} was dropped from its source; it cannot be exported`);
  if (cols.length > 500) throw new AccessError('a request covers at most 500 columns');
  return cols.sort((a, b) => a.datasetId.localeCompare(b.datasetId) || a.ordinal - b.ordinal);
}

interface PreparedRequest {
  columns: ColumnRecord[];
  steps: ChainStep[];
  grade: number;
  clearColumnIds: string[];
  filter: FilterCondition[];
  fields: Omit<AccessRequestRecord, 'id' | 'requester' | 'status' | 'revision' | 'createdAt' | 'updatedAt' | 'reason' | 'grade'>;
}

/** Validates a request against the catalogue and the policy in force; changes nothing. */
export async function prepareRequest(graph: Graph, input: RequestInput, now = new Date()): Promise<PreparedRequest> {
  const purpose = (input.purpose ?? '').trim();
  if (purpose.length < 5 || purpose.length > 2000) throw new AccessError('state the purpose of the request in 5-2,000 characters');
  const format = input.format ?? 'csv';
  if (format !== 'csv' && format !== 'xlsx') throw new AccessError('format is csv or xlsx');
  const encoding = input.encoding ?? 'utf8-bom';
  if (encoding !== 'utf8-bom' && encoding !== 'gbk') throw new AccessError('encoding is utf8-bom or gbk');
  if (format === 'xlsx' && input.encoding === 'gbk') throw new AccessError('an XLSX file has no text encoding; ask for gbk with csv only');
  if (!DATE.test(input.endDate ?? '') || Number.isNaN(Date.parse(input.endDate))) throw new AccessError('endDate must be a date written YYYY-MM-DD');
  if (input.endDate <= today(now)) throw new AccessError(`endDate ${input.endDate} is not in the future; choose a later date`);
  const columns = await resolveColumns(graph, input);
  const policy = await currentPolicy(graph);
  const chainCols = [];
  for (const c of columns) chainCols.push({ id: c.id, path: c.path, grade: c.grade ?? null, categoryId: c.categoryId ?? null, ownerDepartment: (await columnOwnership(graph, c.id)).owner });
  let plan;
  try {
    plan = buildChain(policy.rules, chainCols);
  } catch (err) {
    throw new AccessError((err as Error).message);
  }
  const last = today(new Date(now.getTime() + plan.maxDays * DAY));
  if (input.endDate > last) throw new AccessError(`endDate ${input.endDate} is beyond the policy's maximum of ${plan.maxDays} days for grade ${plan.grade} data; choose ${last} or earlier`);
  const requested = new Set(columns.map((c) => c.id));
  const clear = [...new Set(input.clearColumnIds ?? [])];
  const stray = clear.find((c) => !requested.has(c));
  if (stray) throw new AccessError(`clear values were asked for column ${stray}, which is not in the request`);
  const justification = input.clearJustification?.trim() || null;
  if (justification && justification.length > 2000) throw new AccessError('a justification is at most 2,000 characters');
  const needJustify = clear.filter((c) => plan.maskedByDefault.includes(c));
  if (needJustify.length && (!justification || justification.length < 10)) {
    throw new AccessError('clear values of masked-by-default (grade 4) columns need a justification of at least 10 characters');
  }
  // columns the policy does not mask by default are exported in clear once approved
  const clearColumnIds = columns.filter((c) => clear.includes(c.id) || !plan.maskedByDefault.includes(c.id)).map((c) => c.id);
  const filter = validateFilter(input.filter ?? [], new Map(columns.map((c) => [c.id, c])));
  return {
    columns, steps: plan.steps, grade: plan.grade, clearColumnIds, filter,
    fields: {
      purpose, endDate: input.endDate, format, encoding: format === 'xlsx' ? 'utf8-bom' : encoding,
      columnIds: columns.map((c) => c.id), datasetIds: [...new Set(columns.map((c) => c.datasetId))],
      clearColumnIds, clearJustification: justification, filter: JSON.stringify(filter),
    },
  };
}

const Q_CREATE_REQUEST = `
CREATE (r:AccessRequest)
SET r = $props
WITH r
UNWIND $columnIds AS cid
MATCH (c:Column {id: cid})
MERGE (r)-[:COVERS]->(c)
RETURN count(c) AS n`;

const Q_CREATE_STEPS = `
MATCH (r:AccessRequest {id: $requestId})
UNWIND $steps AS s
CREATE (a:Approval)
SET a = s
MERGE (r)-[:HAS_STEP]->(a)
RETURN count(a) AS n`;

function stepRows(requestId: string, revision: number, steps: ChainStep[]) {
  return steps.map((s) => ({
    id: randomUUID(), requestId, revision, order: s.order, kind: s.kind, department: s.department,
    status: 'pending', decidedBy: null, onBehalfOf: null, decidedAt: null, reason: null,
  }));
}

/** Files a request; with no approval step (grade 1 only) it is approved at once and its exports are ready. */
export async function createRequest(graph: Graph, requester: string, input: RequestInput, now = new Date()): Promise<AccessRequestRecord> {
  const prep = await prepareRequest(graph, input, now);
  const id = randomUUID();
  const at = now.toISOString();
  const props: AccessRequestRecord = { id, requester, ...prep.fields, status: prep.steps.length ? 'pending' : 'approved', grade: prep.grade, revision: 1, createdAt: at, updatedAt: at, reason: null };
  await graph.transaction(async (tx) => {
    await tx.run(Q_CREATE_REQUEST, { props, columnIds: props.columnIds });
    if (prep.steps.length) await tx.run(Q_CREATE_STEPS, { requestId: id, steps: stepRows(id, 1, prep.steps) });
    else await createExports(tx, props, prep.columns, at);
  });
  return (await getRequest(graph, id))!;
}

/** After changes were asked for: the requester edits the request, and a fresh chain starts. */
export async function amendRequest(graph: Graph, requester: string, id: string, input: RequestInput, now = new Date()): Promise<AccessRequestRecord> {
  const req = await getRequest(graph, id);
  if (!req) throw new AccessError(`access request ${id} does not exist`);
  if (req.requester !== requester) throw new AccessError('only the requester may amend a request');
  if (req.status !== 'changes_requested') throw new AccessError(`request ${id} is ${req.status}; only a request sent back for changes can be amended`);
  const prep = await prepareRequest(graph, input, now);
  const revision = req.revision + 1;
  const at = now.toISOString();
  const status = prep.steps.length ? 'pending' : 'approved';
  const done = await graph.transaction(async (tx) => {
    const rows = await tx.run(`MATCH (r:AccessRequest {id: $id}) WHERE r.status = 'changes_requested' AND r.revision = $rev
      SET r += $props RETURN r.id AS id`, { id, rev: req.revision, props: { ...prep.fields, status, grade: prep.grade, revision, updatedAt: at, reason: null } });
    if (rows.length === 0) return false;
    await tx.run('MATCH (r:AccessRequest {id: $id})-[c:COVERS]->() DELETE c', { id });
    await tx.run('MATCH (r:AccessRequest {id: $id}) UNWIND $ids AS cid MATCH (c:Column {id: cid}) MERGE (r)-[:COVERS]->(c)', { id, ids: prep.fields.columnIds });
    if (prep.steps.length) await tx.run(Q_CREATE_STEPS, { requestId: id, steps: stepRows(id, revision, prep.steps) });
    else await createExports(tx, { ...req, ...prep.fields }, prep.columns, at);
    return true;
  });
  if (!done) throw new AccessError(`request ${id} changed meanwhile; reload it`);
  return (await getRequest(graph, id))!;
}

async function createExports(tx: GraphTx, req: Pick<AccessRequestRecord, 'id' | 'requester' | 'format' | 'encoding' | 'endDate' | 'clearColumnIds'>, columns: Pick<ColumnRecord, 'id' | 'datasetId' | 'sourceId'>[], at: string): Promise<void> {
  const byDataset = new Map<string, Pick<ColumnRecord, 'id' | 'datasetId' | 'sourceId'>[]>();
  for (const c of columns) byDataset.set(c.datasetId, [...(byDataset.get(c.datasetId) ?? []), c]);
  const rows: ExportRecord[] = [...byDataset].map(([datasetId, cols]) => {
    const id = randomUUID();
    return {
      id, requestId: req.id, requester: req.requester, datasetId, sourceId: cols[0].sourceId,
      columnIds: cols.map((c) => c.id), clearColumnIds: cols.map((c) => c.id).filter((c) => req.clearColumnIds.includes(c)),
      format: req.format, encoding: req.encoding, status: 'ready', createdAt: at, endDate: req.endDate, retentionUntil: req.endDate,
      linkExpiresAt: null, tokenHash: null, startedAt: null, finishedAt: null, rowCount: null, fileHash: null, bytes: null, error: null, watermarkId: id,
    };
  });
  await tx.run(`MATCH (r:AccessRequest {id: $id}) UNWIND $rows AS x CREATE (e:Export) SET e = x MERGE (r)-[:YIELDED]->(e) RETURN count(e) AS n`, { id: req.id, rows });
}

// ---------- deciding ----------

export type Decision = 'approve' | 'reject' | 'changes';

/** The step that waits first: the lowest order with pending steps in the current revision. */
function activeOrder(steps: ApprovalRecord[]): number | null {
  const pending = steps.filter((s) => s.status === 'pending').map((s) => s.order);
  return pending.length ? Math.min(...pending) : null;
}

/** Who the actor may act as for this step: themselves, or a principal who delegated to them. */
async function actingAs(graph: Graph, step: ApprovalRecord, actor: Actor, now: Date): Promise<string | null | undefined> {
  if (canFill(step, actor)) return null;
  for (const p of await principalsOf(graph, actor.id, now)) if (canFill(step, p)) return p.id;
  return undefined;
}

/** Marks requests whose end date has passed as expired, and their unused exports too. Returns their ids. */
export async function expireDue(graph: Graph, now = new Date()): Promise<string[]> {
  const day = today(now);
  const rows = await graph.write<{ id: string }>(`MATCH (r:AccessRequest) WHERE r.status IN ['pending', 'changes_requested', 'approved'] AND r.endDate <= $day
    SET r.status = 'expired', r.updatedAt = $at RETURN r.id AS id`, { day, at: now.toISOString() });
  if (rows.length) {
    await graph.write(`UNWIND $ids AS rid MATCH (e:Export {requestId: rid}) WHERE e.status = 'ready' SET e.status = 'expired', e.tokenHash = null`, { ids: rows.map((r) => r.id) });
    await graph.write(`UNWIND $ids AS rid MATCH (a:Approval {requestId: rid}) WHERE a.status = 'pending' SET a.status = 'cancelled'`, { ids: rows.map((r) => r.id) });
  }
  return rows.map((r) => r.id);
}

export interface DecisionResult {
  request: AccessRequestRecord;
  approval: ApprovalRecord;
  exports: ExportRecord[];
}

/** Approve, reject (with a reason) or send back for changes one step of a chain. */
export async function decideStep(graph: Graph, approvalId: string, actor: Actor, decision: Decision, reason: string | null, now = new Date()): Promise<DecisionResult> {
  const step = await getApproval(graph, approvalId);
  if (!step) throw new AccessError(`approval step ${approvalId} does not exist`);
  let req = (await getRequest(graph, step.requestId))!;
  if (['pending', 'approved', 'changes_requested'].includes(req.status) && req.endDate <= today(now)) {
    await expireDue(graph, now);
    req = (await getRequest(graph, step.requestId))!;
  }
  if (req.status !== 'pending') throw new AccessError(`request ${req.id} is ${req.status.replace('_', ' ')}; its steps can no longer be decided`);
  if (step.revision !== req.revision) throw new AccessError('this step belongs to an earlier version of the request, which was amended');
  if (step.status !== 'pending') throw new AccessError(`this step was already ${step.status.replace('_', ' ')} by ${step.decidedBy}`);
  const steps = await approvalsOf(graph, req.id, req.revision);
  const active = activeOrder(steps);
  if (active !== null && step.order > active) throw new AccessError(`this ${step.kind} step waits until the earlier steps are approved`);
  const behalf = await actingAs(graph, step, actor, now);
  if (behalf === undefined) {
    throw new AccessError(step.kind === 'owner'
      ? `this step needs an approver of department ${step.department} (or their delegate)`
      : step.kind === 'governance' ? 'this step needs a governance officer (or their delegate)' : 'this step needs a senior approver (or their delegate)');
  }
  const people = behalf ? [actor.id, behalf] : [actor.id];
  const decidedBy = steps.filter((s) => s.decidedBy).flatMap((s) => [s.decidedBy!, ...(s.onBehalfOf ? [s.onBehalfOf] : [])]);
  const conflict = dutyConflict(req.requester, people, decidedBy);
  if (conflict) throw new AccessError(conflict);
  const why = reason?.trim() || null;
  if (decision !== 'approve' && (!why || why.length < 3)) throw new AccessError(decision === 'reject' ? 'give the reason for rejecting (at least 3 characters)' : 'say what should change (at least 3 characters)');
  if (why && why.length > 2000) throw new AccessError('a reason is at most 2,000 characters');

  const at = now.toISOString();
  const status: ApprovalStatus = decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'changes_requested';
  const won = await graph.transaction(async (tx) => {
    // take the request's write lock first, so that decisions on one request run one after the other
    await tx.run('MATCH (r:AccessRequest {id: $id}) SET r.lockedAt = $at', { id: req.id, at });
    const rows = await tx.run<{ id: string }>(`
      MATCH (s:Approval {id: $id}) WHERE s.status = 'pending'
      MATCH (r:AccessRequest {id: s.requestId}) WHERE r.status = 'pending' AND r.revision = s.revision
      OPTIONAL MATCH (o:Approval {requestId: s.requestId, revision: s.revision})
      WHERE o.decidedBy IN $people OR o.onBehalfOf IN $people
      WITH s, count(o) AS mine
      WHERE mine = 0
      SET s.status = $status, s.decidedBy = $actor, s.onBehalfOf = $behalf, s.decidedAt = $at, s.reason = $reason
      RETURN s.id AS id`, { id: approvalId, people, status, actor: actor.id, behalf, at, reason: why });
    if (rows.length !== 1) return false;
    if (decision === 'approve') {
      const [{ open }] = await tx.run<{ open: number }>(`MATCH (a:Approval {requestId: $rid, revision: $rev}) WHERE a.status <> 'approved' RETURN count(a) AS open`, { rid: req.id, rev: req.revision });
      if (open === 0) {
        await tx.run(`MATCH (r:AccessRequest {id: $id}) WHERE r.status = 'pending' SET r.status = 'approved', r.updatedAt = $at`, { id: req.id, at });
        const cols = await tx.run<{ id: string; datasetId: string; sourceId: string }>('UNWIND $ids AS cid MATCH (c:Column {id: cid}) RETURN c.id AS id, c.datasetId AS datasetId, c.sourceId AS sourceId', { ids: req.columnIds });
        await createExports(tx, req, req.columnIds.map((i) => cols.find((c) => c.id === i)!).filter(Boolean), at);
      }
    } else {
      await tx.run(`MATCH (r:AccessRequest {id: $id}) SET r.status = $status, r.reason = $reason, r.updatedAt = $at`, { id: req.id, status: decision === 'reject' ? 'rejected' : 'changes_requested', reason: why, at });
      await tx.run(`MATCH (a:Approval {requestId: $id, revision: $rev}) WHERE a.status = 'pending' SET a.status = 'cancelled'`, { id: req.id, rev: req.revision });
    }
    return true;
  });
  if (!won) {
    const again = (await getApproval(graph, approvalId))!;
    if (again.status !== 'pending') throw new AccessError(`this step was already ${again.status.replace('_', ' ')} by ${again.decidedBy}`);
    throw new AccessError('the request changed meanwhile (another decision came first); reload it');
  }
  return { request: (await getRequest(graph, req.id))!, approval: (await getApproval(graph, approvalId))!, exports: await exportsOf(graph, req.id) };
}

/** The requester withdraws a request that is not yet used up; unused exports die with it. */
export async function withdrawRequest(graph: Graph, id: string, actor: Actor, now = new Date()): Promise<AccessRequestRecord> {
  const req = await getRequest(graph, id);
  if (!req) throw new AccessError(`access request ${id} does not exist`);
  if (req.requester !== actor.id) throw new AccessError('only the requester may withdraw a request');
  if (!['pending', 'changes_requested', 'approved'].includes(req.status)) throw new AccessError(`request ${id} is already ${req.status}`);
  return endRequest(graph, req, 'withdrawn', null, now);
}

/** Governance, an admin, or an approver who approved a step takes an approval back. */
export async function revokeRequest(graph: Graph, id: string, actor: Actor, reason: string, now = new Date()): Promise<AccessRequestRecord> {
  const req = await getRequest(graph, id);
  if (!req) throw new AccessError(`access request ${id} does not exist`);
  if (req.status !== 'approved') throw new AccessError(`request ${id} is ${req.status}; only an approved request can be revoked`);
  const approvedIt = (await approvalsOf(graph, id, req.revision)).some((a) => a.decidedBy === actor.id || a.onBehalfOf === actor.id);
  if (!actor.roles.includes('governance') && !actor.roles.includes('admin') && !approvedIt) throw new AccessError('only governance, an administrator or one of its approvers may revoke a request');
  if (!reason || reason.trim().length < 3) throw new AccessError('give the reason for revoking (at least 3 characters)');
  return endRequest(graph, req, 'revoked', reason.trim(), now);
}

async function endRequest(graph: Graph, req: AccessRequestRecord, status: 'withdrawn' | 'revoked', reason: string | null, now: Date): Promise<AccessRequestRecord> {
  const at = now.toISOString();
  const ok = await graph.transaction(async (tx) => {
    const rows = await tx.run(`MATCH (r:AccessRequest {id: $id}) WHERE r.status = $from SET r.status = $status, r.reason = $reason, r.updatedAt = $at RETURN r.id AS id`, { id: req.id, from: req.status, status, reason, at });
    if (!rows.length) return false;
    await tx.run(`MATCH (a:Approval {requestId: $id}) WHERE a.status = 'pending' SET a.status = 'cancelled'`, { id: req.id });
    await tx.run(`MATCH (e:Export {requestId: $id}) WHERE e.status = 'ready' SET e.status = 'revoked', e.tokenHash = null`, { id: req.id });
    return true;
  });
  if (!ok) throw new AccessError(`request ${req.id} changed meanwhile; reload it`);
  return (await getRequest(graph, req.id))!;
}

// ---------- delegation and what waits for whom ----------

export async function setDelegation(graph: Graph, principal: Actor, delegateId: string | null, until: string | null, now = new Date()): Promise<{ delegateTo: string | null; delegateUntil: string | null }> {
  if (delegateId === null) {
    await graph.write('MATCH (u:User {id: $id}) SET u.delegateTo = null, u.delegateUntil = null', { id: principal.id });
    return { delegateTo: null, delegateUntil: null };
  }
  if (delegateId === principal.id) throw new AccessError('you cannot delegate to yourself');
  const delegate = await actorOf(graph, delegateId);
  if (!delegate) throw new AccessError(`user ${delegateId} does not exist`);
  if (!until || Number.isNaN(Date.parse(until))) throw new AccessError('until must be a date or time, e.g. 2025-08-01 or 2025-08-01T18:00:00Z');
  const end = new Date(until.length === 10 ? `${until}T23:59:59Z` : until);
  if (end <= now) throw new AccessError('until must be in the future');
  if (end.getTime() - now.getTime() > 90 * DAY) throw new AccessError('a delegation lasts at most 90 days');
  await graph.write('MATCH (u:User {id: $id}) SET u.delegateTo = $to, u.delegateUntil = $until', { id: principal.id, to: delegateId, until: end.toISOString() });
  return { delegateTo: delegateId, delegateUntil: end.toISOString() };
}

export interface WaitingStep {
  approval: ApprovalRecord;
  request: AccessRequestRecord;
  onBehalfOf: string | null;
}

/** Steps the actor may decide now, in their own right or for someone who delegated to them. */
export async function waitingFor(graph: Graph, actor: Actor, now = new Date()): Promise<WaitingStep[]> {
  const rows = await graph.read<{ a: ApprovalRecord; r: AccessRequestRecord }>(`
    MATCH (a:Approval {status: 'pending'})
    MATCH (r:AccessRequest {id: a.requestId})
    WHERE r.status = 'pending' AND r.revision = a.revision AND r.endDate > $day
    RETURN a, r ORDER BY r.createdAt`, { day: today(now) });
  const principals = await principalsOf(graph, actor.id, now);
  const byRequest = new Map<string, ApprovalRecord[]>();
  const out: WaitingStep[] = [];
  for (const { a, r } of rows) {
    if (r.requester === actor.id) continue;
    let steps = byRequest.get(r.id);
    if (!steps) { steps = await approvalsOf(graph, r.id, r.revision); byRequest.set(r.id, steps); }
    if (a.order !== activeOrder(steps)) continue;
    const decided = steps.flatMap((s) => [s.decidedBy, s.onBehalfOf]).filter((x): x is string => !!x);
    const as = canFill(a, actor) ? null : principals.find((p) => canFill(a, p))?.id;
    if (as === undefined) continue;
    if (dutyConflict(r.requester, as ? [actor.id, as] : [actor.id], decided)) continue;
    out.push({ approval: a, request: r, onBehalfOf: as });
  }
  return out;
}

/** Whether a user may read a request: its requester, anyone on its chain, governance, auditors, admins. */
export async function maySeeRequest(graph: Graph, actor: Actor, req: AccessRequestRecord): Promise<boolean> {
  if (req.requester === actor.id) return true;
  if (actor.roles.some((r) => r === 'governance' || r === 'auditor' || r === 'admin')) return true;
  const steps = await approvalsOf(graph, req.id);
  if (steps.some((s) => s.decidedBy === actor.id || s.onBehalfOf === actor.id)) return true;
  const principals = [actor, ...(await principalsOf(graph, actor.id))];
  return steps.some((s) => principals.some((p) => canFill(s, p)));
}

// ---------- download links and the export's life ----------

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** A new single-use link for the requester; it replaces any earlier link of the export. */
export async function issueDownloadLink(graph: Graph, exportId: string, actor: Actor, now = new Date(), ttlMs = LINK_TTL_MS): Promise<{ exportId: string; token: string; expiresAt: string }> {
  await expireDue(graph, now);
  const e = await getExport(graph, exportId);
  if (!e) throw new AccessError(`export ${exportId} does not exist`);
  if (e.requester !== actor.id) throw new AccessError('only the requester of an export may get its download link');
  if (e.status !== 'ready') throw new AccessError(`export ${exportId} is ${e.status}; a link is issued only once, before the download`);
  const req = await getRequest(graph, e.requestId);
  if (req?.status !== 'approved') throw new AccessError(`its request is ${req?.status}; no link can be issued`);
  const token = randomBytes(32).toString('base64url');
  const endOfAccess = new Date(`${e.endDate}T00:00:00Z`).getTime();
  const expiresAt = new Date(Math.min(now.getTime() + ttlMs, endOfAccess)).toISOString();
  const rows = await graph.write(`MATCH (e:Export {id: $id}) WHERE e.status = 'ready' SET e.tokenHash = $h, e.linkExpiresAt = $exp RETURN e.id AS id`, { id: exportId, h: hashToken(token), exp: expiresAt });
  if (!rows.length) throw new AccessError(`export ${exportId} changed meanwhile; reload it`);
  return { exportId, token, expiresAt };
}

export type ClaimResult =
  | { ok: true; export: ExportRecord; request: AccessRequestRecord; approvals: ApprovalRecord[] }
  | { ok: false; status: 403 | 404 | 410; message: string; export: ExportRecord | null };

/**
 * Claims an export for download: only its requester, with the current token, before the link
 * expires, and only once (check-and-set: the second claim gets 410).
 */
export async function claimExport(graph: Graph, exportId: string, userId: string, token: string, now = new Date()): Promise<ClaimResult> {
  await expireDue(graph, now);
  const e = await getExport(graph, exportId);
  if (!e) return { ok: false, status: 404, message: `export ${exportId} does not exist`, export: null };
  if (e.requester !== userId) return { ok: false, status: 403, message: 'this download link belongs to another user', export: e };
  if (e.status !== 'ready') return { ok: false, status: 410, message: `this export is ${e.status === 'completed' || e.status === 'streaming' || e.status === 'failed' ? 'already used: a link works once' : e.status}`, export: e };
  if (!e.tokenHash || !token || hashToken(token) !== e.tokenHash) return { ok: false, status: 403, message: 'this link is not valid (a newer link may have replaced it)', export: e };
  if (!e.linkExpiresAt || e.linkExpiresAt <= now.toISOString()) return { ok: false, status: 410, message: 'this link has expired; ask for a new one', export: e };
  const at = now.toISOString();
  const rows = await graph.transaction(async (tx) => {
    await tx.run('MATCH (e:Export {id: $id}) SET e.lockedAt = $at', { id: exportId, at });
    return tx.run<{ id: string }>(`MATCH (e:Export {id: $id}) WHERE e.status = 'ready' AND e.tokenHash = $h AND e.linkExpiresAt > $at
      MATCH (r:AccessRequest {id: e.requestId}) WHERE r.status = 'approved'
      SET e.status = 'streaming', e.startedAt = $at, e.tokenHash = null RETURN e.id AS id`, { id: exportId, h: hashToken(token), at });
  });
  if (rows.length !== 1) return { ok: false, status: 410, message: 'this export is already used: a link works once', export: e };
  const request = (await getRequest(graph, e.requestId))!;
  return { ok: true, export: (await getExport(graph, exportId))!, request, approvals: await approvalsOf(graph, request.id, request.revision) };
}

/** Gives a claimed export back (its audit record could not be written: nothing left the server). */
export async function releaseExport(graph: Graph, exportId: string, token: string): Promise<void> {
  await graph.write(`MATCH (e:Export {id: $id}) WHERE e.status = 'streaming' SET e.status = 'ready', e.tokenHash = $h, e.startedAt = null`, { id: exportId, h: hashToken(token) });
}

export async function finishExport(graph: Graph, exportId: string, outcome: { status: 'completed' | 'failed'; rowCount: number; fileHash: string | null; bytes: number; error?: string | null }, now = new Date()): Promise<void> {
  await graph.write(`MATCH (e:Export {id: $id}) SET e.status = $status, e.rowCount = $rows, e.fileHash = $hash, e.bytes = $bytes, e.error = $error, e.finishedAt = $at`,
    { id: exportId, status: outcome.status, rows: outcome.rowCount, hash: outcome.fileHash, bytes: outcome.bytes, error: outcome.error ?? null, at: now.toISOString() });
}
