// Reads the catalogue as search documents (sources, datasets, columns, standards) for the
// in-memory index. One query per kind; a source id narrows columns and datasets to one source.
import type { Graph } from './graph/port.ts';
import type { SearchDocument } from './search.ts';

const Q_SOURCES = `
MATCH (s:Source) WHERE coalesce(s.removed, false) = false
RETURN s.id AS id, s.name AS name, s.system AS system, s.kind AS kind`;

const Q_DATASETS = `
MATCH (d:Dataset) WHERE ($sourceId IS NULL OR d.sourceId = $sourceId) AND coalesce(d.dropped, false) = false
OPTIONAL MATCH (s:Source {id: d.sourceId})
OPTIONAL MATCH (d)-[:OWNED_BY {role: 'owner'}]->(o:Department)
RETURN d.id AS id, d.name AS name, d.path AS path, d.comment AS comment, d.description AS description,
       d.sourceId AS sourceId, s.system AS system, d.grade AS grade, d.categoryId AS categoryId, o.id AS owner`;

const Q_COLUMNS = `
MATCH (c:Column) WHERE ($sourceId IS NULL OR c.sourceId = $sourceId) AND coalesce(c.dropped, false) = false
OPTIONAL MATCH (s:Source {id: c.sourceId})
OPTIONAL MATCH (c)-[:OWNED_BY {role: 'owner'}]->(o1:Department)
OPTIONAL MATCH (d:Dataset {id: c.datasetId})-[:OWNED_BY {role: 'owner'}]->(o2:Department)
RETURN c.id AS id, c.name AS name, c.path AS path, c.comment AS comment, c.description AS description, c.sourceId AS sourceId,
       s.system AS system, c.datasetId AS datasetId, c.grade AS grade, c.categoryId AS categoryId, c.categoryPath AS categoryPath,
       coalesce(o1.id, o2.id) AS owner, c.conformance AS conformance, c.standardCode AS standardCode`;

const Q_STANDARDS = `
MATCH (s:Standard)
RETURN s.code AS id, s.nameZh AS name, s.nameEn AS comment, s.definition AS description, s.defaultGrade AS grade`;

const clean = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

export async function searchDocuments(graph: Graph, sourceId: string | null = null): Promise<SearchDocument[]> {
  const docs: SearchDocument[] = [];
  if (!sourceId) {
    for (const r of await graph.read<Record<string, unknown>>(Q_SOURCES)) docs.push({ ...clean(r), kind: 'source', path: String(r.id) } as SearchDocument);
    for (const r of await graph.read<Record<string, unknown>>(Q_STANDARDS)) docs.push({ ...clean(r), id: `standard:${r.id}`, standardCode: String(r.id), kind: 'standard', path: String(r.id) } as SearchDocument);
  }
  for (const r of await graph.read<Record<string, unknown>>(Q_DATASETS, { sourceId })) docs.push({ ...clean(r), kind: 'dataset' } as SearchDocument);
  for (const r of await graph.read<Record<string, unknown>>(Q_COLUMNS, { sourceId })) docs.push({ ...clean(r), kind: 'column' } as SearchDocument);
  return docs;
}
