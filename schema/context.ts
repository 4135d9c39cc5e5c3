// What every resolver receives. Built per request by the server.
import type { Graph } from '../catalog/graph/port.ts';
import type { User } from '../catalog/users.ts';
import type { AuditStore } from '../audit/index.ts';
import type { SearchOptions, SearchResultPage } from '../catalog/search.ts';

/** The audit trail as the schema and server use it. */
export type AuditTrail = Pick<AuditStore, 'append' | 'verify' | 'head' | 'list' | 'ping'>;

export interface TraceOptions {
  from?: string | null;
  to?: string | null;
  /** Narrow to exports of these datasets (when the auditor knows where the file came from). */
  datasetIds?: string[] | null;
}

/** Whose export a leaked file was, with the statistics behind the answer. */
export interface TraceAnswer {
  match: boolean;
  /** what matched: an export of source data, or a generated report (inventory, audit report) */
  kind: 'export' | 'report' | null;
  exportId: string | null;
  reportId: string | null;
  /** the matched report: who generated it, when, its scope */
  report: Record<string, unknown> | null;
  falsePositiveProbability: number | null;
  agreeingRows: number | null;
  rows: number | null;
  carrierBits: number | null;
  agreeingBits: number | null;
  candidates: number;
  rowsRead: number;
  threshold: number;
  export: Record<string, unknown> | null;
  request: Record<string, unknown> | null;
  approvers: Record<string, unknown>[];
  destroyed: Record<string, unknown> | null;
  runnerUp: { exportId: string; falsePositiveProbability: number } | null;
}

/** What to generate: the inventory of a scope, or the audit report of a period. */
export type ReportSpecInput =
  | { kind: 'inventory'; format: 'xlsx' | 'pdf'; scope: string }
  | { kind: 'audit'; format: 'xlsx' | 'pdf'; from: string; to: string };

/** Work the server composes (jobs, credentials) offered to resolvers without importing server/. */
export interface Operations {
  startHarvest(sourceId: string, actor: string): Promise<{ jobId: string }>;
  cancelJob(jobId: string): boolean;
  sealCredential(plain: string): string;
  /** Throws when the path is outside the allowed roots or unreadable. */
  checkSourcePath(path: string): string;
  /** Scores a leaked file against every export made; throws a user error on bad input. */
  traceLeak(input: Buffer, opts: TraceOptions): Promise<TraceAnswer>;
  /** Searches the catalogue index (Chinese, English, pinyin) with filters and facets. */
  search(query: string, opts: SearchOptions): SearchResultPage;
  /** A mutation changed the catalogue: derived views (the search index) catch up. */
  catalogChanged(): void;
  /** Starts a report job (inventory or audit report); the generation is audited first. */
  startReport(spec: ReportSpecInput, actor: string, audit: AuditTrail): Promise<{ jobId: string; reportId: string }>;
}

export interface Services {
  graph: Graph;
  audit: AuditTrail;
  ops: Operations;
}

export interface Context extends Services {
  user: User | null;
  requestId: string;
}
