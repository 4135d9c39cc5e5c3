// Embedded adapter: @grafeo-db/js runs Neo4j-style Cypher in-process, persisted on disk.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type { Graph, GraphTx, Params } from './port.ts';
import { GraphError, GraphUnavailableError } from './port.ts';

const require = createRequire(import.meta.url);
type GrafeoModule = typeof import('@grafeo-db/js');
type GrafeoDB = import('@grafeo-db/js').GrafeoDB;

/** Grafeo returns nodes as maps with `_id`, `_labels`, `_source`… : keep the properties only. */
export function plainGrafeoValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) return v.toString();
    return Number(v);
  }
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (v instanceof Float32Array) return Array.from(v);
  if (Array.isArray(v)) return v.map(plainGrafeoValue);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('$decimal' in o && Object.keys(o).length === 1) return Number(o.$decimal);
    const isEntity = '_labels' in o || ('_type' in o && '_source' in o);
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(o)) {
      if (isEntity && (k === '_id' || k === '_labels' || k === '_source' || k === '_target' || k === '_type')) continue;
      out[k] = plainGrafeoValue(val);
    }
    return out;
  }
  return v;
}

function toGraphError(err: unknown): GraphError {
  const e = err as Error & { gqlStatus?: string };
  return new GraphError(e.message ?? String(err), e.gqlStatus ?? null, { cause: err });
}

/** Grafeo rejects undefined parameters: turn them into null, deeply. */
function cleanParams(p: Params | undefined): Params {
  if (!p) return {};
  return JSON.parse(JSON.stringify(p, (_k, v) => (v === undefined ? null : v)));
}

export class GrafeoGraph implements Graph {
  readonly engine = 'grafeo' as const;
  // Grafeo serialises writers itself, but a transaction spanning awaits must not interleave
  // with another caller's statements: a simple promise-chain mutex keeps them apart.
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(private readonly db: GrafeoDB) {}

  /** Opens (or creates) the graph at `path`; `null` gives an in-memory graph for tests. */
  static open(path: string | null): GrafeoGraph {
    let mod: GrafeoModule;
    try {
      mod = require('@grafeo-db/js');
    } catch (err) {
      throw new GraphUnavailableError('the embedded graph engine @grafeo-db/js could not be loaded; run npm install', { cause: err });
    }
    if (path === null) return new GrafeoGraph(mod.GrafeoDB.create());
    mkdirSync(dirname(path), { recursive: true });
    const exists = existsSync(path) && (statSync(path).isDirectory() || statSync(path).size > 0);
    try {
      return new GrafeoGraph(exists ? mod.GrafeoDB.open(path) : mod.GrafeoDB.create(path));
    } catch (err) {
      throw new GraphUnavailableError(
        `the graph store at ${path} could not be opened (${(err as Error).message}); it may be corrupted or in use by another fundgov process — restore it from a backup or move it aside; fundgov will not start empty over it`,
        { cause: err },
      );
    }
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async exec<T>(runner: { executeCypher(q: string, p?: unknown): Promise<import('@grafeo-db/js').QueryResult> }, cypher: string, params?: Params): Promise<T[]> {
    if (this.closed) throw new GraphUnavailableError('the graph is closed');
    let result;
    try {
      result = await runner.executeCypher(cypher, cleanParams(params));
    } catch (err) {
      throw toGraphError(err);
    }
    return result.toArray().map((row) => plainGrafeoValue(row) as T);
  }

  read<T>(cypher: string, params?: Params): Promise<T[]> {
    // Reads see the last committed state (Grafeo is MVCC) and may run side by side, also
    // beside a write transaction; only writers take turns.
    return this.exec<T>(this.db, cypher, params);
  }

  write<T>(cypher: string, params?: Params): Promise<T[]> {
    // A single statement runs in its own transaction so a failure mid-way leaves nothing.
    return this.transaction((tx) => tx.run<T>(cypher, params));
  }

  transaction<T>(work: (tx: GraphTx) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      if (this.closed) throw new GraphUnavailableError('the graph is closed');
      const t = this.db.beginTransaction();
      const tx: GraphTx = { run: <R>(c: string, p?: Params) => this.exec<R>(t, c, p) };
      try {
        const out = await work(tx);
        t.commit();
        return out;
      } catch (err) {
        try { t.rollback(); } catch { /* already rolled back by the engine */ }
        throw err;
      }
    });
  }

  uniqueKeyStatements(name: string, label: string, property: string): string[] {
    return [
      `CREATE INDEX ${name}_idx IF NOT EXISTS FOR (n:${label}) ON (n.${property})`,
      `CREATE CONSTRAINT ${name}_unique IF NOT EXISTS FOR (n:${label}) REQUIRE n.${property} IS UNIQUE`,
    ];
  }

  async ping(): Promise<boolean> {
    try {
      await this.read('RETURN 1 AS ok');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.exclusive(async () => {
      if (this.closed) return;
      this.closed = true;
      this.db.close();
    });
  }
}
