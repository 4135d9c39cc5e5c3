// SQL and OpenLineage lineage parsing: pure functions, no I/O, no database.
export { extractLineage, extractLineageSync, formatColumn } from './extract.ts';
export { loadPostgresParser } from './postgres.ts';
export { parseRunEvent, olTransformKind, OL_MAX_EVENT_BYTES } from './openlineage.ts';
export type { NormalisedRunEvent, OlColumnEdge, OlDataset, OlTransformation, RunEventResult } from './openlineage.ts';
export { LineageInputError } from './types.ts';
export type { CatalogResolver, ColumnEdge, ColumnName, ExtractOptions, ExtractResult, LineageProblem, SqlDialect, TransformKind } from './types.ts';
