// The audit chain's hash: what is hashed, byte for byte. audit/README.md documents the same rules
// for an auditor who wants to verify the chain with their own tools.
import { createHmac, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';

/** prev_hash of the first event (seq 1): 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of one event that enter its hash (column names of audit_event, hash chain excluded). */
export interface HashedEvent {
  seq: number;
  /** ISO-8601 UTC with milliseconds, exactly as Date.prototype.toISOString prints it. */
  at: string;
  actor: string;
  action: string;
  target: string | null;
  grade: number | null;
  request_id: string | null;
  export_id: string | null;
  outcome: string;
  details: Record<string, unknown>;
}

/** RFC 8785 canonical JSON of an event, through the reference `canonicalize` package. */
export function canonicalEvent(event: HashedEvent): string {
  const text = canonicalize({
    seq: event.seq,
    at: event.at,
    actor: event.actor,
    action: event.action,
    target: event.target,
    grade: event.grade,
    request_id: event.request_id,
    export_id: event.export_id,
    outcome: event.outcome,
    details: event.details,
  });
  if (text === undefined) throw new Error('audit event has no canonical JSON form');
  return text;
}

/** hash = hex(HMAC-SHA-256(key, UTF-8(prev_hash) || UTF-8(canonical JSON of the event))). */
export function eventHash(key: Buffer, prevHash: string, canonicalJson: string): string {
  return createHmac('sha256', key).update(prevHash, 'utf8').update(canonicalJson, 'utf8').digest('hex');
}

const q = JSON.stringify;

/**
 * The same canonical JSON as canonicalEvent, built without the reference package's per-value
 * bookkeeping (cycle set, toJSON, surrogate scan) because the verifier runs it a million times over
 * values that came out of JSON.parse, which has none of those. test/audit/chain.test.ts holds it
 * equal to canonicalEvent; the verifier falls back to canonicalEvent before it reports a break.
 */
export function fastCanonicalEvent(event: HashedEvent): string {
  return canonicalEnvelope(event, canonicalValue(event.details));
}

/** The event's canonical JSON around details already in canonical form. */
export function canonicalEnvelope(event: Omit<HashedEvent, 'details'>, canonicalDetails: string): string {
  // Keys in UTF-16 code-unit order, as RFC 8785 sorts them; JSON.stringify of a string or a finite
  // number is exactly RFC 8785's serialisation of it.
  return '{"action":' + q(event.action) +
    ',"actor":' + q(event.actor) +
    ',"at":' + q(event.at) +
    ',"details":' + canonicalDetails +
    ',"export_id":' + (event.export_id === null ? 'null' : q(event.export_id)) +
    ',"grade":' + (event.grade === null ? 'null' : canonicalValue(event.grade)) +
    ',"outcome":' + q(event.outcome) +
    ',"request_id":' + (event.request_id === null ? 'null' : q(event.request_id)) +
    ',"seq":' + canonicalValue(event.seq) +
    ',"target":' + (event.target === null ? 'null' : q(event.target)) + '}';
}

/** RFC 8785 serialisation of a JSON value (as JSON.parse produces them). Self-contained: shipped to verify workers by source. */
export function canonicalValue(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error('non-finite number in audit event');
      return JSON.stringify(value); // ECMAScript Number::toString, which RFC 8785 prescribes; -0 prints as 0
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalValue(value[i] === undefined ? null : value[i]);
        return out + ']';
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort(); // default sort compares UTF-16 code units
      let out = '{';
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const v = record[keys[i]!];
        if (v === undefined) continue;
        out += (first ? '' : ',') + JSON.stringify(keys[i]) + ':' + canonicalValue(v);
        first = false;
      }
      return out + '}';
    }
    default:
      throw new Error('value of type ' + typeof value + ' has no JSON form');
  }
}

/**
 * One row as verify reads it, every column as PostgreSQL prints it: seq, at (ISO-8601 UTC with
 * microseconds), actor, action, target, grade, request_id, export_id, outcome, details (jsonb text),
 * prev_hash, hash.
 */
export type ChainRow = [string, string, string, string, string | null, string | null, string | null, string | null, string, string, string, string];

export interface ChainProblem {
  seq: number;
  kind: 'missing' | 'link' | 'hash';
  /** The row whose hash did not match, for a second opinion through the reference serialiser. */
  row?: ChainRow;
}

export interface RowsCheck {
  /** Rows found intact before the first problem. */
  checked: number;
  /** The seq the next row must carry. */
  expected: number;
  /** hash of the last intact row. */
  prevHash: string;
  problem: ChainProblem | null;
}

/**
 * Checks consecutive rows: seq without gaps from `expected`, each prev_hash equal to the hash before
 * it, each hash equal to HMAC-SHA-256(key, prev_hash || canonical JSON). Pure and self-contained
 * (it uses only its arguments and canonicalValue) because verify ships its source to worker threads.
 */
export function checkChainRows(
  rows: ChainRow[],
  expected: number,
  prevHash: string,
  key: Buffer | KeyObject,
  hmac: (algorithm: string, key: Buffer | KeyObject) => { update(data: string, encoding: 'utf8'): { update(data: string, encoding: 'utf8'): { digest(encoding: 'hex'): string } } },
  /**
   * details text as PostgreSQL prints it → its canonical JSON, shared across calls: trails repeat
   * the same details often ({} above all), and parsing and re-serialising them is a third of the
   * work per event. At most 4,096 entries.
   */
  detailsMemo?: Map<string, string>,
): RowsCheck {
  let checked = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const seq = Number(r[0]);
    if (seq !== expected) return { checked, expected, prevHash, problem: { seq: expected, kind: 'missing' } };
    if (r[10] !== prevHash) return { checked, expected, prevHash, problem: { seq, kind: 'link' } };
    const atMicros = r[1];
    let canonical: string | null = null;
    // append stores whole milliseconds; other digits there mean the time was edited
    if (atMicros.length > 4 && atMicros.endsWith('000Z')) {
      let details = detailsMemo === undefined ? undefined : detailsMemo.get(r[9]);
      if (details === undefined) {
        try {
          details = canonicalValue(JSON.parse(r[9]));
          if (detailsMemo !== undefined && detailsMemo.size < 4096) detailsMemo.set(r[9], details);
        } catch {
          details = undefined;
        }
      }
      if (details !== undefined) {
        canonical = '{"action":' + JSON.stringify(r[3]) + ',"actor":' + JSON.stringify(r[2]) +
          ',"at":"' + atMicros.slice(0, -4) + 'Z","details":' + details +
          ',"export_id":' + (r[7] === null ? 'null' : JSON.stringify(r[7])) + ',"grade":' + (r[5] === null ? 'null' : r[5]) +
          ',"outcome":' + JSON.stringify(r[8]) + ',"request_id":' + (r[6] === null ? 'null' : JSON.stringify(r[6])) +
          ',"seq":' + r[0] + ',"target":' + (r[4] === null ? 'null' : JSON.stringify(r[4])) + '}';
      }
    }
    if (canonical === null || hmac('sha256', key).update(prevHash, 'utf8').update(canonical, 'utf8').digest('hex') !== r[11]) {
      return { checked, expected, prevHash, problem: { seq, kind: 'hash', row: r } };
    }
    prevHash = r[11];
    expected = seq + 1;
    checked += 1;
  }
  return { checked, expected, prevHash, problem: null };
}

/** The reference recomputation of one verify row's hash (canonicalize package), for a second opinion. */
export function referenceRowHash(key: Buffer, row: ChainRow): string | null {
  const at = row[1];
  if (!(at.length > 4 && at.endsWith('000Z'))) return null;
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(row[9]) as Record<string, unknown>;
  } catch {
    return null;
  }
  return eventHash(key, row[10], canonicalEvent({
    seq: Number(row[0]), at: at.slice(0, -4) + 'Z', actor: row[2], action: row[3], target: row[4],
    grade: row[5] === null ? null : Number(row[5]), request_id: row[6], export_id: row[7], outcome: row[8], details,
  }));
}
