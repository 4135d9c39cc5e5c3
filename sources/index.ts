// Public surface of sources/: readers and harvesters that return plain data (catalog/types.ts shapes).
export { readDdlFile, readDdlText, detectDialect, type DdlReadOptions, type DdlReadResult, type DdlStatementCounts, type SqlDialect } from './ddl.ts';
export { readCsvFile, readCsvFolder, sniffDelimiter, sniffHeader, type CsvReadOptions, type CsvReadResult, type CsvFolderResult } from './csv.ts';
export { harvestPostgres, type PostgresHarvestOptions, type PostgresHarvestResult } from './postgres.ts';
export { diffDatasets, diffColumns, datasetKey, MEANING_ATTRIBUTES, TYPE_ATTRIBUTES, type DatasetDiff, type DatasetChange, type ColumnChange, type AttributeChange } from './diff.ts';
export { detectEncoding, decodeText } from './encoding.ts';
export { SourceInputError, HarvestCancelledError } from './errors.ts';
export { parseTypeString } from './sql-types.ts';
