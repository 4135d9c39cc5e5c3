// The audit trail: an append-only, HMAC-chained table in PostgreSQL (or PGlite behind its socket).
import { createHash, createHmac } from 'node:crypto';
import { availableParallelism } from 'node:os';
import pg from 'pg';
import canonicalize from 'canonicalize';
import { GENESIS_HASH, canonicalEnvelope, checkChainRows, eventHash, referenceRowHash, type ChainRow, type HashedEvent } from './chain.ts';
import { startVerifyWorkers, type RangeResult, type RangeRunner } from './verify-workers.ts';
import { AuditError, AuditEventError, AuditUnavailableError, auditErrorFrom, isUnavailable } from './errors.ts';

export type AuditOutcome = 'ok' | 'denied' | 'error' | (string & {});

/** What a caller records. actor, action and outcome are required. */
export interface AuditEventInput {
  actor: string;
  action: string;
  target?: string | null;
  /** JR/T 0158 grade 1..4 of the data concerned, if any. */
  grade?: number | null;
  requestId?: string | null;
  exportId?: string | null;
  outcome: AuditOutcome;
  /** JSON object; never put secrets or sampled values of graded columns here. */
  details?: Record<string, unknown> | null;
}

/** A stored event, as list() returns it. */
export interface AuditEvent {
  seq: number;
  /** ISO-8601 UTC, milliseconds. */
  at: string;
  actor: string;
  action: string;
  target: string | null;
  grade: number | null;
  requestId: string | null;
  exportId: string | null;
  outcome: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AppendResult { seq: number; hash: string; at: string }
export interface AuditHead { seq: number; hash: string; at: string }

export interface VerifyOptions {
  /** Called after each page with the number of events checked so far. */
  onProgress?: (checked: number) => void;
  /** A head written down earlier outside the system: also detects events deleted from the end. */
  expectHead?: { seq: number; hash: string };
  /** Events fetched per query (default 10,000). */
  pageSize?: number;
}

export interface VerifyResult {
  ok: boolean;
  /** Events whose link and hash were found intact (all of them when ok). */
  checked: number;
  /** First sequence number that is missing, altered or out of place; null when ok. */
  brokenAt: number | null;
  reason?: string;
  /** Last event of the intact chain, null when the trail is empty. */
  head: { seq: number; hash: string } | null;
}

export interface AuditFilters {
  actor?: string;
  action?: string;
  target?: string;
  outcome?: string;
  requestId?: string;
  exportId?: string;
  /** Inclusive lower bound on the event time (Date or ISO string). */
  from?: Date | string;
  /** Exclusive upper bound on the event time. */
  to?: Date | string;
}

export interface ListOptions {
  filters?: AuditFilters;
  /** Cursor from a previous page (endCursor): the seq to continue after. */
  after?: string | null;
  /** Page size, 1..500 (default 50). */
  first?: number;
  /** newest first (default) or oldest first. */
  order?: 'desc' | 'asc';
}

export interface AuditPage { events: AuditEvent[]; hasNextPage: boolean; endCursor: string | null }

export interface AuditStoreOptions {
  connectionString: string;
  /** HMAC key, at least 16 bytes (32 random bytes recommended). */
  key: Buffer;
  /** PostgreSQL schema holding the tables (default public); created when missing. */
  schema?: string;
  /** Pool size on PostgreSQL (default 4). Always 1 on PGlite, whose socket multiplexes one session. */
  poolSize?: number;
  /** Give up connecting after this long (default 2500 ms): appends then fail with AuditUnavailableError. */
  connectTimeoutMs?: number;
  /** Give up waiting for any one statement after this long (default 15000 ms). */
  queryTimeoutMs?: number;
  /** Most events written in one group-commit transaction (default 500). */
  maxBatch?: number;
  /**
   * Worker threads that verify() spreads seq ranges over, each with its own connection (default
   * min(4, CPUs); 0 verifies in this thread). Ignored on PGlite, which verifies in this thread.
   */
  verifyWorkers?: number;
}

/** An event ready for the chain: the hashed fields but its seq, plus details in the two forms written. */
interface PreparedEvent extends Omit<HashedEvent, 'seq'> {
  detailsJson: string;
  /** RFC 8785 form of details, from the canonicalize package. */
  detailsCanonical: string;
}

interface Pending { event: PreparedEvent; resolve: (r: AppendResult) => void; reject: (e: unknown) => void }

const MAX_DETAILS_BYTES = 64 * 1024;
const MAX_TEXT = 4096;
/** With the u flag a surrogate pair is one code point, so this matches only unpaired halves. */
const LONE_SURROGATE = /\p{Surrogate}/u;

const SELECT_COLUMNS = `seq, (extract(epoch from at) * 1000)::float8 AS at_ms, actor, action, target, grade,
  request_id, export_id, outcome, details, prev_hash, hash`;

/** Versioned, idempotent schema changes; each runs once and is recorded in audit_migration. */
function migrations(s: string): Array<{ version: number; name: string; sql: string }> {
  const t = `${s}.audit_event`;
  return [{
    version: 1,
    name: 'append-only hash-chained audit_event',
    sql: `
      CREATE TABLE ${t} (
        seq bigint PRIMARY KEY CHECK (seq > 0),
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        target text,
        grade smallint,
        request_id text,
        export_id text,
        outcome text NOT NULL,
        details jsonb NOT NULL,
        prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
      );
      CREATE FUNCTION ${s}.audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege',
                HINT = 'audit events can only be inserted; record a correction as a new event';
      END
      $fn$;
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${t}
        FOR EACH STATEMENT EXECUTE FUNCTION ${s}.audit_event_refuse_change();
      -- ALWAYS: session_replication_role = replica does not switch it off; only an explicit DISABLE does.
      ALTER TABLE ${t} ENABLE ALWAYS TRIGGER audit_event_append_only;
      CREATE INDEX audit_event_at_idx ON ${t} (at);
      CREATE INDEX audit_event_actor_idx ON ${t} (actor, seq);
      CREATE INDEX audit_event_action_idx ON ${t} (action, seq);
      CREATE INDEX audit_event_target_idx ON ${t} (target, seq);
      CREATE INDEX audit_event_request_idx ON ${t} (request_id) WHERE request_id IS NOT NULL;
      CREATE INDEX audit_event_export_idx ON ${t} (export_id) WHERE export_id IS NOT NULL;
    `,
  }];
}

function ignoreError(): void {}

function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** The advisory-lock key of one audit schema: the first 8 bytes of SHA-256, as a signed bigint literal. */
function lockKey(schema: string): string {
  const digest = createHash('sha256').update('fundgov.audit_event:' + schema).digest();
  return digest.readBigInt64BE(0).toString();
}

/** The connection string without its password, for error messages. */
function redactUrl(connectionString: string): string {
  try {
    const u = new URL(connectionString);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable connection string)';
  }
}

function requireText(value: unknown, field: string, optional: boolean): string | null {
  if (value === undefined || value === null) {
    if (optional) return null;
    throw new AuditEventError(`audit event needs "${field}": give a non-empty string`);
  }
  if (typeof value !== 'string') throw new AuditEventError(`audit event field "${field}" must be a string, got ${typeof value}`);
  if (!optional && value.length === 0) throw new AuditEventError(`audit event field "${field}" must not be empty`);
  if (value.length > MAX_TEXT) throw new AuditEventError(`audit event field "${field}" is longer than ${MAX_TEXT} characters`);
  if (value.includes('\u0000')) throw new AuditEventError(`audit event field "${field}" contains a NUL character, which PostgreSQL cannot store`);
  if (LONE_SURROGATE.test(value)) throw new AuditEventError(`audit event field "${field}" contains a lone UTF-16 surrogate, which has no UTF-8 form`);
  return value;
}

/** JSON.stringify escapes U+0000 as \u0000; one preceded by an even run of backslashes is a real NUL. */
const JSON_NUL = /(?<!\\)(?:\\\\)*\\u0000/;

function prepareDetails(details: unknown): { value: Record<string, unknown>; json: string; canonical: string } {
  if (details === undefined || details === null) return { value: {}, json: '{}', canonical: '{}' };
  if (typeof details !== 'object' || Array.isArray(details)) {
    throw new AuditEventError('audit event "details" must be a JSON object (a plain {...}), not ' + (Array.isArray(details) ? 'an array' : typeof details));
  }
  let json: string;
  try {
    json = JSON.stringify(details);
  } catch (err) {
    throw new AuditEventError(`audit event "details" is not serialisable to JSON (${(err as Error).message}): use plain strings, numbers, booleans, arrays and objects`);
  }
  if (JSON_NUL.test(json)) throw new AuditEventError('audit event "details" holds a NUL character, which PostgreSQL jsonb cannot store');
  if (Buffer.byteLength(json) > MAX_DETAILS_BYTES) throw new AuditEventError(`audit event "details" is larger than ${MAX_DETAILS_BYTES} bytes of JSON; keep details small and reference bulky data by id`);
  // What JSON keeps (Dates as strings, no undefined) is what is hashed and what jsonb gives back.
  const value = JSON.parse(json) as Record<string, unknown>;
  let canonical: string | undefined;
  try {
    canonical = canonicalize(value);
  } catch (err) {
    throw new AuditEventError(`audit event "details" has no canonical JSON form: ${(err as Error).message}`);
  }
  return { value, json, canonical: canonical! };
}

export function prepareEvent(input: AuditEventInput, at: Date): PreparedEvent {
  if (input === null || typeof input !== 'object') throw new AuditEventError('audit event must be an object with actor, action and outcome');
  const grade = input.grade ?? null;
  if (grade !== null && !(Number.isInteger(grade) && grade >= 1 && grade <= 4)) {
    throw new AuditEventError(`audit event "grade" must be an integer 1..4 (JR/T 0158 level) or null, got ${String(grade)}`);
  }
  const details = prepareDetails(input.details);
  return {
    actor: requireText(input.actor, 'actor', false)!,
    action: requireText(input.action, 'action', false)!,
    target: requireText(input.target, 'target', true),
    grade,
    request_id: requireText(input.requestId, 'requestId', true),
    export_id: requireText(input.exportId, 'exportId', true),
    outcome: requireText(input.outcome, 'outcome', false)!,
    details: details.value,
    detailsJson: details.json,
    detailsCanonical: details.canonical,
    at: at.toISOString(),
  };
}

/** verify() reads columns as the server prints them. */
const RAW_TEXT: pg.CustomTypesConfig = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

type Row = [string, number, string, string, string | null, number | null, string | null, string | null, string, Record<string, unknown>, string, string];

function eventFromRow(r: Row): AuditEvent {
  return {
    seq: Number(r[0]),
    at: new Date(r[1]).toISOString(),
    actor: r[2],
    action: r[3],
    target: r[4],
    grade: r[5],
    requestId: r[6],
    exportId: r[7],
    outcome: r[8],
    details: r[9],
    prevHash: r[10],
    hash: r[11],
  };
}

function toIso(value: Date | string, field: string): string {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) throw new AuditError(`audit filter "${field}" is not a valid time: ${String(value)}`);
  return d.toISOString();
}

export class AuditStore {
  /** True when the database is PGlite (served by audit/pglite.ts). */
  readonly embedded: boolean;
  readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly key: Buffer;
  private readonly table: string;
  private readonly lock: string;
  private readonly maxBatch: number;
  private pending: Pending[] = [];
  private draining: Promise<void> | null = null;
  private closed = false;
  private closing: Promise<void> | null = null;
  /** Head this process committed last (undefined: unknown, read it under the lock). */
  private lastWritten: { seq: number; hash: string } | null | undefined = undefined;

  private readonly clientConfig: Record<string, unknown>;
  private readonly verifyWorkers: number;

  private constructor(pool: pg.Pool, key: Buffer, schema: string, embedded: boolean, maxBatch: number,
    clientConfig: Record<string, unknown>, verifyWorkers: number) {
    this.pool = pool;
    this.clientConfig = clientConfig;
    this.verifyWorkers = verifyWorkers;
    this.key = key;
    this.schema = schema;
    this.embedded = embedded;
    this.table = `${quoteIdent(schema)}.audit_event`;
    this.lock = lockKey(schema);
    this.maxBatch = maxBatch;
  }

  /** Connects, migrates the schema (idempotent, safe when several instances start together) and returns the store. */
  static async open(options: AuditStoreOptions): Promise<AuditStore> {
    const { connectionString, key } = options;
    const schema = options.schema ?? 'public';
    if (typeof connectionString !== 'string' || connectionString.length === 0) throw new AuditError('audit store needs a connectionString (postgres://...)');
    if (!Buffer.isBuffer(key) || key.length < 16) throw new AuditError('audit key must be a Buffer of at least 16 bytes (32 random bytes recommended)');
    if (schema.length === 0 || Buffer.byteLength(schema) > 63 || schema.includes('\u0000')) throw new AuditError(`audit schema name "${schema}" must be 1..63 bytes without NUL`);
    const maxBatch = options.maxBatch ?? 500;
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new AuditError('audit maxBatch must be a positive integer');
    const connectTimeoutMs = options.connectTimeoutMs ?? 2500;
    const queryTimeoutMs = options.queryTimeoutMs ?? 15000;
    const clientConfig = {
      connectionString,
      connectionTimeoutMillis: connectTimeoutMs,
      query_timeout: queryTimeoutMs,
      application_name: 'fundgov-audit',
    };

    const probe = new pg.Client(clientConfig);
    probe.on('error', () => { /* a dropped probe connection surfaces through the pending query */ });
    let embedded: boolean;
    try {
      await probe.connect();
    } catch (err) {
      await probe.end().catch(() => {});
      throw new AuditUnavailableError(`cannot connect to the audit database at ${redactUrl(connectionString)}: ${(err as Error).message || (err as { code?: string }).code}`, { cause: err });
    }
    try {
      const version = (await probe.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v;
      embedded = /PGlite/i.test(version);
      await migrate(probe, quoteIdent(schema), lockKey(schema));
    } catch (err) {
      throw auditErrorFrom(err, `preparing the audit schema "${schema}"`);
    } finally {
      await probe.end().catch(() => {});
    }

    const pool = new pg.Pool({
      ...clientConfig,
      max: embedded ? 1 : Math.max(2, options.poolSize ?? 4),
      // PGlite: keep the one connection; reconnecting races the socket server's connection limit.
      idleTimeoutMillis: embedded ? 0 : 30_000,
    });
    // An idle client lost its server: the pool drops it and the next checkout reconnects.
    pool.on('error', () => {});
    // PGlite serves one session: extra connections would only queue behind each other.
    const verifyWorkers = embedded ? 0 : Math.max(0, Math.floor(options.verifyWorkers ?? Math.min(4, availableParallelism())));
    return new AuditStore(pool, Buffer.from(key), schema, embedded, maxBatch, clientConfig, verifyWorkers);
  }

  /**
   * Stores one event and resolves after its transaction has committed. Concurrent appends are
   * written together (group commit) under one advisory lock, so the chain never forks.
   * Rejects with AuditEventError for a bad event, AuditUnavailableError when the database is unreachable.
   */
  append(input: AuditEventInput): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new AuditUnavailableError('audit store is closed'));
    let event: PreparedEvent;
    try {
      event = prepareEvent(input, new Date());
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      if (!this.draining) this.draining = this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const results = await this.writeBatch(batch.map((p) => p.event));
        batch.forEach((p, i) => p.resolve(results[i]!));
      } catch (err) {
        const error = auditErrorFrom(err, 'appending an audit event');
        for (const p of batch) p.reject(error);
      }
    }
    this.draining = null;
  }

  /**
   * Writes one group of events in one transaction. With the head this process wrote last, that is a
   * single round trip: lock, then insert only if the head is still ours (another instance may have
   * appended). Otherwise, or when that guard fails, the head is read under the lock first.
   */
  private async writeBatch(events: PreparedEvent[]): Promise<AppendResult[]> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      // A checked-out client whose socket dies emits 'error'; the failing query reports it.
      client.on('error', ignoreError);
      let insertSent = false;
      try {
        let out: AppendResult[] | null = null;
        const cached = this.lastWritten;
        if (cached !== undefined) {
          const chained = this.chain(events, cached);
          insertSent = true;
          const guard = cached === null
            ? `NOT EXISTS (SELECT 1 FROM ${this.table})`
            : `EXISTS (SELECT 1 FROM (SELECT seq, hash FROM ${this.table} ORDER BY seq DESC LIMIT 1) h WHERE h.seq = ${cached.seq} AND h.hash = '${cached.hash}')`;
          // One simple-protocol query is one implicit transaction: the lock is held until it commits.
          const res = (await client.query(`SELECT pg_advisory_xact_lock(${this.lock}); ${chained.insert} WHERE ${guard}`)) as unknown as pg.QueryResult[];
          if (res[1]!.rowCount === events.length) out = chained.results;
          else insertSent = false; // the guard held nothing back but our own rows: nothing was written
        }
        if (!out) {
          const res = (await client.query(
            `BEGIN; SELECT pg_advisory_xact_lock(${this.lock}); SELECT seq, hash FROM ${this.table} ORDER BY seq DESC LIMIT 1`,
          )) as unknown as pg.QueryResult[];
          const row = res[2]!.rows[0] as { seq: string; hash: string } | undefined;
          const chained = this.chain(events, row ? { seq: Number(row.seq), hash: row.hash } : null);
          insertSent = true;
          await client.query(`${chained.insert}; COMMIT`);
          out = chained.results;
        }
        const last = out[out.length - 1]!;
        this.lastWritten = { seq: last.seq, hash: last.hash };
        client.off('error', ignoreError);
        client.release();
        return out;
      } catch (err) {
        this.lastWritten = undefined;
        // After a failure the session state is unknown: roll back if it still answers, else drop it.
        let healthy = false;
        if (!isUnavailable(err)) healthy = await client.query('ROLLBACK').then(() => true, () => false);
        client.off('error', ignoreError);
        client.release(healthy ? undefined : true);
        // A pooled connection that died while idle fails before anything was written: retry once.
        if (attempt === 1 && !insertSent && isUnavailable(err) && !this.closed) continue;
        if (insertSent && isUnavailable(err)) {
          throw new AuditUnavailableError(`audit store connection lost while committing ${events.length} event(s); they may or may not be stored (verify shows which)`, { cause: err });
        }
        throw err;
      }
    }
  }

  /** Seq numbers and hashes for a group after `head`, and the INSERT that stores it (values inlined as literals). */
  private chain(events: PreparedEvent[], head: { seq: number; hash: string } | null): { results: AppendResult[]; insert: string } {
    let seq = head ? head.seq : 0;
    let prev = head ? head.hash : GENESIS_HASH;
    const results: AppendResult[] = [];
    const values: string[] = [];
    const lit = (v: string | null) => (v === null ? 'NULL' : pg.escapeLiteral(v));
    for (const e of events) {
      seq += 1;
      const hash = eventHash(this.key, prev, canonicalEnvelope({
        seq, at: e.at, actor: e.actor, action: e.action, target: e.target, grade: e.grade,
        request_id: e.request_id, export_id: e.export_id, outcome: e.outcome,
      }, e.detailsCanonical));
      values.push(`(${seq}::int8, ${lit(e.at)}::timestamptz, ${lit(e.actor)}, ${lit(e.action)}, ${lit(e.target)}::text, ` +
        `${e.grade === null ? 'NULL' : e.grade}::int2, ${lit(e.request_id)}::text, ${lit(e.export_id)}::text, ${lit(e.outcome)}, ` +
        `${lit(e.detailsJson)}::jsonb, '${prev}', '${hash}')`);
      results.push({ seq, hash, at: e.at });
      prev = hash;
    }
    const insert = `INSERT INTO ${this.table} (seq, at, actor, action, target, grade, request_id, export_id, outcome, details, prev_hash, hash)
      SELECT * FROM (VALUES ${values.join(',\n')}) AS v`;
    return { results, insert };
  }

  /** The latest event's seq, hash and time, or null for an empty trail. */
  async head(): Promise<AuditHead | null> {
    const rows = await this.query<Row>(`SELECT ${SELECT_COLUMNS} FROM ${this.table} ORDER BY seq DESC LIMIT 1`, [], 'reading the audit head');
    const r = rows[0];
    return r ? { seq: Number(r[0]), hash: r[11], at: new Date(r[1]).toISOString() } : null;
  }

  /**
   * Recomputes the chain in seq order and names the first missing, altered or misplaced event.
   * Reads in keyset pages, fetching the next page while the current one is hashed.
   */
  async verify(options: VerifyOptions = {}): Promise<VerifyResult> {
    const pageSize = Math.max(1, Math.floor(options.pageSize ?? 10_000));
    const top = await this.query<[string | null]>(`SELECT max(seq)::text FROM ${this.table}`, [], 'verifying the audit chain');
    // The chain up to the head at this moment; events appended meanwhile are left for the next run.
    const lastSeq = top[0]?.[0] == null ? 0 : Number(top[0][0]);
    const ranges = Math.ceil(lastSeq / pageSize);
    const workers = ranges >= 3 ? Math.min(this.verifyWorkers, ranges) : 0;
    const detailsMemo = new Map<string, string>();
    const runner: RangeRunner = workers > 0
      ? startVerifyWorkers(workers, this.key, this.clientConfig)
      : {
          // In-process: the same check on the pool's connection.
          run: async (sql, lo) => {
            const rows = await this.query<ChainRow>(sql, [], 'verifying the audit chain', RAW_TEXT);
            const first = rows.length > 0 ? rows[0]![10] : null;
            return { firstPrev: first, check: checkChainRows(rows, lo, first ?? '', this.key, createHmac, detailsMemo) };
          },
          close: async () => {},
        };
    // Raw text, no driver-side parsing: seq and grade print as canonical JSON integers already, the
    // time prints as ISO-8601 with microseconds (anything but 000 there was not written by append).
    const rangeSql = (lo: number, hi: number) => `SELECT seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      actor, action, target, grade, request_id, export_id, outcome, details, prev_hash, hash
      FROM ${this.table} WHERE seq BETWEEN ${lo} AND ${hi} ORDER BY seq`;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    const inFlight: Array<Promise<RangeResult>> = [];
    let dispatched = 0;
    const result = (brokenAt: number | null, reason?: string): VerifyResult => {
      const head = checked > 0 ? { seq: checked, hash: prevHash } : null;
      return brokenAt === null ? { ok: true, checked, brokenAt, head } : { ok: false, checked, brokenAt, reason, head };
    };
    let broken: VerifyResult | null = null;
    try {
      for (let k = 0; k < ranges && !broken; k++) {
        // Keep every runner busy with up to two ranges: one being read while the other is hashed.
        while (inFlight.length < Math.max(1, workers) * 2 && dispatched < ranges) {
          const lo = dispatched * pageSize + 1;
          const job = runner.run(rangeSql(lo, Math.min(lastSeq, lo + pageSize - 1)), lo);
          job.catch(() => {});
          inFlight.push(job);
          dispatched += 1;
        }
        const lo = k * pageSize + 1;
        const hi = Math.min(lastSeq, lo + pageSize - 1);
        let range: RangeResult;
        try {
          range = await inFlight.shift()!;
        } catch (err) {
          throw auditErrorFrom(err, 'verifying the audit chain');
        }
        const { check, firstPrev } = range;
        const problem = check.problem;
        if (problem && problem.kind === 'missing' && problem.seq === lo) {
          broken = this.brokenResult(result, checked, lo, 'missing', lastSeq);
        } else if (firstPrev !== null && firstPrev !== prevHash) {
          broken = this.brokenResult(result, checked, lo, 'link', lastSeq);
        } else if (problem) {
          checked += check.checked;
          prevHash = check.prevHash;
          broken = this.brokenResult(result, checked, problem.seq, problem.kind, lastSeq, problem.row);
        } else if (check.expected <= hi) {
          checked += check.checked;
          prevHash = check.prevHash;
          broken = this.brokenResult(result, checked, check.expected, 'missing', lastSeq);
        } else {
          checked += check.checked;
          prevHash = check.prevHash;
          options.onProgress?.(checked);
        }
      }
    } finally {
      await runner.close();
    }
    if (broken) return broken;
    const want = options.expectHead;
    if (want) {
      if (checked < want.seq) return result(checked + 1, `the trail ends at event ${checked} but the recorded head is event ${want.seq}: events were deleted from the end`);
      if (checked === want.seq && prevHash !== want.hash) return result(want.seq, `event ${want.seq} does not carry the recorded head hash`);
      if (checked > want.seq) {
        const at = await this.query<[string]>(`SELECT hash FROM ${this.table} WHERE seq = $1`, [want.seq], 'verifying the audit chain');
        if (at[0]?.[0] !== want.hash) return result(want.seq, `event ${want.seq} does not carry the recorded head hash`);
      }
    }
    return result(null);
  }

  /** Names the first broken event, with a reason an auditor can act on. */
  private brokenResult(
    result: (brokenAt: number | null, reason?: string) => VerifyResult,
    checked: number,
    seq: number,
    kind: 'missing' | 'link' | 'hash',
    lastSeq: number,
    row?: ChainRow,
  ): VerifyResult {
    if (kind === 'missing') {
      return result(seq, `event ${seq} missing: deleted, or the sequence was rewritten (the trail runs to event ${lastSeq})`);
    }
    if (kind === 'link') {
      return result(seq, seq === 1
        ? 'event 1 does not start the chain (prev_hash is not the genesis value): events were removed from the start or rewritten'
        : `event ${seq} does not link to event ${seq - 1} (prev_hash differs): events were reordered, replaced or inserted`);
    }
    if (row && referenceRowHash(this.key, row) === row[11]) {
      // Not evidence of tampering: the fast serialiser and the canonicalize package disagree.
      return result(seq, `event ${seq}: the verifier's serialisers disagree on this event; this is a fundgov bug, not evidence of tampering`);
    }
    return result(seq, seq === 1 && checked === 0
      ? 'event 1 does not match its hash: it was altered, or the audit key is not the one the trail was written with'
      : `event ${seq} does not match its hash: its contents were altered`);
  }

  /** One page of events for the audit trail view, newest first unless order is 'asc'. */
  async list(options: ListOptions = {}): Promise<AuditPage> {
    const first = options.first ?? 50;
    if (!Number.isInteger(first) || first < 1 || first > 500) throw new AuditError('audit list "first" must be an integer 1..500');
    const order = options.order ?? 'desc';
    const f = options.filters ?? {};
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => { params.push(value); where.push(sql.replace('?', '$' + params.length)); };
    if (f.actor !== undefined) add('actor = ?', f.actor);
    if (f.action !== undefined) add('action = ?', f.action);
    if (f.target !== undefined) add('target = ?', f.target);
    if (f.outcome !== undefined) add('outcome = ?', f.outcome);
    if (f.requestId !== undefined) add('request_id = ?', f.requestId);
    if (f.exportId !== undefined) add('export_id = ?', f.exportId);
    if (f.from !== undefined) add('at >= ?::timestamptz', toIso(f.from, 'from'));
    if (f.to !== undefined) add('at < ?::timestamptz', toIso(f.to, 'to'));
    if (options.after !== undefined && options.after !== null) {
      if (!/^\d{1,15}$/.test(options.after)) throw new AuditError(`audit list cursor "${options.after}" is not one this API returned`);
      add(order === 'desc' ? 'seq < ?::int8' : 'seq > ?::int8', options.after);
    }
    const sql = `SELECT ${SELECT_COLUMNS} FROM ${this.table}${where.length ? ' WHERE ' + where.join(' AND ') : ''}
      ORDER BY seq ${order === 'desc' ? 'DESC' : 'ASC'} LIMIT ${first + 1}`;
    const rows = await this.query<Row>(sql, params, 'listing audit events');
    const hasNextPage = rows.length > first;
    const events = rows.slice(0, first).map(eventFromRow);
    return { events, hasNextPage, endCursor: events.length ? String(events[events.length - 1]!.seq) : null };
  }

  /** Readiness: resolves when the database answers, rejects with AuditUnavailableError otherwise. */
  async ping(): Promise<void> {
    if (this.closed) throw new AuditUnavailableError('audit store is closed');
    await this.query('SELECT 1', [], 'checking the audit store');
  }

  /** Writes what is queued, then closes the connections. Later appends reject. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closed = true;
      this.closing = (async () => {
        while (this.draining) await this.draining;
        await this.pool.end().catch(() => {});
      })();
    }
    return this.closing;
  }

  private async query<R extends unknown[]>(text: string, values: unknown[], doing: string, types?: pg.CustomTypesConfig): Promise<R[]> {
    if (this.closed && !this.draining) throw new AuditUnavailableError('audit store is closed');
    try {
      const res = await this.pool.query<R>(types ? { text, values, rowMode: 'array', types } : { text, values, rowMode: 'array' });
      return res.rows;
    } catch (err) {
      throw auditErrorFrom(err, doing);
    }
  }
}

async function migrate(client: pg.Client, schema: string, lock: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${lock})`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.audit_migration (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ version: number }>(`SELECT version FROM ${schema}.audit_migration`)).rows.map((r) => r.version));
    for (const m of migrations(schema)) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query(`INSERT INTO ${schema}.audit_migration (version, name) VALUES ($1, $2)`, [m.version, m.name]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
