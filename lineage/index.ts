// Column lineage: parsing (./parse), storage of edges, traversal, grades along lineage,
// reconciliation checks, OpenLineage intake and the demo loader.
export * from './parse/index.ts';
export {
  LineageError, TRANSFORM_KINDS, DESENSITISING, CatalogSnapshot, ingestSql, ingestViews, addManualEdge, retireEdge, getEdge,
  externalSourceId, SQL_EXTERNAL_SOURCE,
} from './store.ts';
export type { LineageEdge, Provenance, SqlIngestOptions, SqlIngestResult, ViewIngestResult } from './store.ts';
export { upstream, downstream, impact, lineagePaths, tableLineage, edgeDetails, createEdgeDetailLoader, MAX_DEPTH, MAX_NODES } from './traverse.ts';
export type { Direction, EdgeSummary, LineageNode, LineageGraph, Impact, ImpactDataset, ImpactReconciliation, LineagePath, LineagePaths, TableLineage, TableNode, TableEdge } from './traverse.ts';
export { gradeConflicts, suggestFromLineage } from './grades.ts';
export type { GradeConflict, GradeConflictReport, GradeLowering, GradeSuggestion, PathStep } from './grades.ts';
export {
  ReconciliationError, AGGREGATES, defineReconciliation, getReconciliation, listReconciliations, runReconciliation,
  reconciliationResults, runDueChecks, setSourceConnector, sourceConnector, parseAggregateExpression,
} from './reconcile.ts';
export type { Aggregate, AuditSink, ResolvedSide, ResolvedColumn, FailingGroup, Reconciliation, ReconciliationInput, ReconciliationResult, ReconciliationSideInput, SourceConnector } from './reconcile.ts';
export { ingestRunEvent, ingestRunEventText, RunEventError, olDatasetPath } from './openlineage-intake.ts';
export type { RunEventIngestResult } from './openlineage-intake.ts';
export { loadDemoLineage } from './demo.ts';
export type { DemoLineageOptions, DemoLineageSummary, DemoReconciliationDef } from './demo.ts';
