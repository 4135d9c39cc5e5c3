// Production adapter: neo4j-driver. Thin on purpose: it runs the same Cypher and turns the
// driver's types into the plain JSON every caller expects.
import neo4j, { type Driver, type Session } from 'neo4j-driver';
import type { Graph, GraphTx, Params } from './port.ts';
import { GraphError, GraphUnavailableError } from './port.ts';

/** Converts a value returned by neo4j-driver into plain JSON. */
export function plainNeo4jValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (neo4j.isInt(v)) {
    const i = v as import('neo4j-driver').Integer;
    return i.inSafeRange() ? i.toNumber() : i.toString();
  }
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  if (neo4j.isDuration(v)) {
    const d = v as import('neo4j-driver').Duration;
    const secs = Number(d.seconds) + Number(d.nanoseconds) / 1e9;
    return `P${Number(d.months)}M${Number(d.days)}DT${secs}S`; // ISO 8601, every part written
  }
  if (
    neo4j.isDate(v) || neo4j.isDateTime(v) || neo4j.isLocalDateTime(v) ||
    neo4j.isTime(v) || neo4j.isLocalTime(v)
  ) {
    return (v as { toString(): string }).toString();
  }
  if (neo4j.isNode(v) || neo4j.isRelationship(v)) {
    return plainNeo4jValue((v as { properties: Record<string, unknown> }).properties);
  }
  if (neo4j.isPath(v)) {
    const p = v as import('neo4j-driver').Path;
    return { nodes: [p.start, ...p.segments.map((s) => s.end)].map(plainNeo4jValue), relationships: p.segments.map((s) => plainNeo4jValue(s.relationship)) };
  }
  if (neo4j.isPoint(v)) {
    const p = v as import('neo4j-driver').Point;
    return { srid: plainNeo4jValue(p.srid), x: p.x, y: p.y, z: p.z ?? null };
  }
  if (Array.isArray(v)) return v.map(plainNeo4jValue);
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) out[k] = plainNeo4jValue(val);
    return out;
  }
  return v;
}

/** JS numbers that are whole go to Neo4j as integers, not floats (LIMIT, SKIP, ids). */
export function neo4jParams(p: Params | undefined): Params {
  const conv = (v: unknown): unknown => {
    if (typeof v === 'number' && Number.isInteger(v)) return neo4j.int(v);
    if (Array.isArray(v)) return v.map(conv);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, conv(x)]));
    }
    return v === undefined ? null : v;
  };
  return (conv(p ?? {}) as Params);
}

function toGraphError(err: unknown): Error {
  const e = err as Error & { code?: string };
  if (e.code === 'ServiceUnavailable' || e.code === 'SessionExpired') {
    return new GraphUnavailableError(`Neo4j is unreachable: ${e.message}`, { cause: err });
  }
  return new GraphError(e.message, e.code ?? null, { cause: err });
}

function rows<T>(records: import('neo4j-driver').Record[]): T[] {
  return records.map((r) => {
    const o: Record<string, unknown> = {};
    for (const k of r.keys) o[k as string] = plainNeo4jValue(r.get(k));
    return o as T;
  });
}

export class Neo4jGraph implements Graph {
  readonly engine = 'neo4j' as const;
  private constructor(private readonly driver: Driver, private readonly database?: string) {}

  static async open(url: string, user: string, password: string, database?: string): Promise<Neo4jGraph> {
    const driver = neo4j.driver(url, neo4j.auth.basic(user, password), { disableLosslessIntegers: false });
    try {
      await driver.verifyConnectivity();
    } catch (err) {
      await driver.close();
      throw new GraphUnavailableError(`GRAPH_URL ${new URL(url).host} is unreachable or refused the credentials: ${(err as Error).message}`, { cause: err });
    }
    return new Neo4jGraph(driver, database);
  }

  private session(mode: 'READ' | 'WRITE'): Session {
    return this.driver.session({ defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE, database: this.database });
  }

  async read<T>(cypher: string, params?: Params): Promise<T[]> {
    const s = this.session('READ');
    try {
      return rows<T>((await s.executeRead((tx) => tx.run(cypher, neo4jParams(params)))).records);
    } catch (err) { throw toGraphError(err); } finally { await s.close(); }
  }

  async write<T>(cypher: string, params?: Params): Promise<T[]> {
    const s = this.session('WRITE');
    try {
      return rows<T>((await s.executeWrite((tx) => tx.run(cypher, neo4jParams(params)))).records);
    } catch (err) { throw toGraphError(err); } finally { await s.close(); }
  }

  async transaction<T>(work: (tx: GraphTx) => Promise<T>): Promise<T> {
    const s = this.session('WRITE');
    const t = s.beginTransaction();
    try {
      const out = await work({
        run: async <R>(c: string, p?: Params) => {
          try { return rows<R>((await t.run(c, neo4jParams(p))).records); } catch (err) { throw toGraphError(err); }
        },
      });
      await t.commit();
      return out;
    } catch (err) {
      if (t.isOpen()) await t.rollback();
      throw err;
    } finally {
      await s.close();
    }
  }

  uniqueKeyStatements(name: string, label: string, property: string): string[] {
    return [`CREATE CONSTRAINT ${name}_unique IF NOT EXISTS FOR (n:${label}) REQUIRE n.${property} IS UNIQUE`];
  }

  async ping(): Promise<boolean> {
    try { await this.driver.verifyConnectivity(); return true; } catch { return false; }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}
