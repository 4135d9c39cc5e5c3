// Registers every domain's startup hooks and demo steps, once, in one place.
import { startupHooks } from './serve.ts';
import { demoStartupHook } from './demo.ts';

startupHooks.push(demoStartupHook);
import { demoSteps } from './demo.ts';
import { saveStandard } from '../catalog/standards.ts';
import { mapColumn, suggestForColumn } from '../catalog/standards.ts';

// Demo: the data office's standards, and a few columns mapped to them.
demoSteps.push(async ({ graph, estate, log }) => {
  for (const s of estate.standards) {
    await saveStandard(graph, {
      code: s.code, nameZh: s.nameZh, nameEn: s.nameEn, definition: s.definition, dataType: s.dataType, length: s.length, precision: s.precision,
      valueRange: s.valueRange, codeList: s.codeList?.map((c) => ({ code: c.code, label: c.name })) ?? null, defaultCategory: s.categoryPath,
      defaultGrade: s.grade, ownerDepartment: s.ownerDepartmentId, status: s.status,
    }, 'demo').catch((err) => log.warn({ code: s.code, err: (err as Error).message }, 'demo standard skipped'));
  }
  // Map the columns whose best suggestion is strong, as a steward would after a first review.
  const cols = await graph.read<{ id: string }>("MATCH (c:Column) WHERE c.sourceId STARTS WITH 'demo-src-' RETURN c.id AS id");
  for (const c of cols) {
    const [best] = await suggestForColumn(graph, c.id, 1);
    if (best && best.score >= 0.8) await mapColumn(graph, c.id, best.code, 'demo').catch(() => undefined);
  }
});
