// The one port through which all catalogue state is read and written, in Cypher.
// Results are plain JSON on every engine: numbers, strings, booleans, null, ISO strings
// for temporal values, arrays, and property maps for nodes and relationships.

export type Params = Record<string, unknown>;

export interface GraphTx {
  run<T = Record<string, unknown>>(cypher: string, params?: Params): Promise<T[]>;
}

export interface Graph {
  readonly engine: 'grafeo' | 'neo4j';
  read<T = Record<string, unknown>>(cypher: string, params?: Params): Promise<T[]>;
  write<T = Record<string, unknown>>(cypher: string, params?: Params): Promise<T[]>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: GraphTx) => Promise<T>): Promise<T>;
  /**
   * Statements that make `label.property` a unique, indexed key. Engines differ here:
   * Neo4j backs a uniqueness constraint with an index; Grafeo needs both, or MERGE scans.
   */
  uniqueKeyStatements(name: string, label: string, property: string): string[];
  /** True when the engine answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** A statement the engine refused: syntax, constraint violation, type error. */
export class GraphError extends Error {
  constructor(message: string, public readonly code: string | null = null, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GraphError';
  }
  get isConstraintViolation(): boolean {
    return /constraint/i.test(this.message) || this.code === 'Neo.ClientError.Schema.ConstraintValidationFailed';
  }
}

/** The engine could not be reached or opened. */
export class GraphUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GraphUnavailableError';
  }
}
