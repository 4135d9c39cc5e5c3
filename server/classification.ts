// Classification after each harvest: the classifier (pure) runs over the harvested metadata
// and the in-memory samples; the suggestions go to the catalogue. Samples go nowhere else.
import type { Graph } from '../catalog/graph/port.ts';
import { sampleKey, type HarvestedDataset, type ColumnSamples } from '../catalog/types.ts';
import { datasetId, columnId } from '../catalog/ids.ts';
import { recordSuggestions, type ColumnSuggestionInput, type DatasetGradeInput, type SuggestionSummary } from '../catalog/grading.ts';
import { currentRuleSet } from '../catalog/rulesets.ts';
import { getSource } from '../catalog/assets.ts';
import { classifyTable, loadRuleSet, validateRuleSet, type RuleSet } from '../classifiers/index.ts';
import type { JobContext } from './jobs.ts';

export async function activeRules(graph: Graph): Promise<RuleSet> {
  const stored = await currentRuleSet(graph);
  return stored ? validateRuleSet(JSON.parse(stored.json)) : loadRuleSet();
}

export async function classifyHarvest(graph: Graph, sourceId: string, datasets: HarvestedDataset[], samples: Map<string, ColumnSamples>, ctx?: JobContext, actor = 'classifier'): Promise<SuggestionSummary & { columns: number }> {
  const rules = await activeRules(graph);
  // generic fields (codes, flags, timestamps, keys) take the category of the source's system
  const system = (await getSource(graph, sourceId))?.system ?? null;
  const cols: ColumnSuggestionInput[] = [];
  const dss: DatasetGradeInput[] = [];
  for (const [i, d] of datasets.entries()) {
    ctx?.progress(i, datasets.length, `classify ${d.name}`);
    const r = classifyTable({ system, schema: d.schema, name: d.name, comment: d.comment ?? null, columns: d.columns.map((c) => ({ name: c.name, dataType: c.dataType, comment: c.comment ?? null })) }, samples.get(sampleKey(d.schema, d.name)), rules);
    const dsId = datasetId(sourceId, d.schema, d.name);
    dss.push({ datasetId: dsId, grade: r.table.grade, categoryId: r.table.categoryId, evidence: r.table.evidence });
    for (const s of r.columns) {
      cols.push({ columnId: columnId(dsId, s.column), grade: s.grade, categoryId: s.categoryId, categoryPath: s.categoryPath, confidence: s.confidence, evidence: s.evidence });
    }
  }
  const summary = await recordSuggestions(graph, cols, dss, { actor, ruleVersion: rules.version ?? 1 });
  return { ...summary, columns: cols.length };
}
