// Stable, readable ids for catalogue assets: each part URI-encoded, joined by '/', so any
// identifier (quotes, slashes, Unicode, 1,000 characters) maps to exactly one id.
export const enc = (s: string | null | undefined) => encodeURIComponent(s ?? '');

export function datasetId(sourceId: string, schema: string | null, name: string): string {
  return `${enc(sourceId)}/${enc(schema)}/${enc(name)}`;
}

export function columnId(dsId: string, column: string): string {
  return `${dsId}/${enc(column)}`;
}

/** `schema.table.column` as people write it. */
export function columnPath(schema: string | null, table: string, column: string): string {
  return [schema, table, column].filter((p) => p !== null && p !== '').join('.');
}
