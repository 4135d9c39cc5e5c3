// Loads the labelled columns of the grading reference and runs classifyTable over them.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { classifyTable } from '../../classifiers/index.ts';
import type { ColumnSuggestion, RuleSet } from '../../classifiers/index.ts';

export const LABELLED_CSV = new URL('../fixtures/grading/labelled-columns.csv', import.meta.url);

export interface LabelledRow { system: string; table: string; table_comment: string; column: string; type: string; comment: string; samples: string; grade: string; category: string; note: string }

export function readLabelled(path: URL | string = LABELLED_CSV): LabelledRow[] {
  const text = readFileSync(path, 'utf8');
  const parsed = Papa.parse<LabelledRow>(text, { header: true, skipEmptyLines: true });
  if (parsed.errors.length) throw new Error(`cannot parse ${String(path)}: ${parsed.errors[0].message}`);
  return parsed.data;
}

export interface Outcome { row: LabelledRow; expected: number; got: ColumnSuggestion }

export function classifyLabelled(rows: LabelledRow[], rules?: RuleSet): Outcome[] {
  const groups = new Map<string, LabelledRow[]>();
  for (const r of rows) {
    const k = `${r.system}\u0000${r.table}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const out: Outcome[] = [];
  for (const list of groups.values()) {
    const samples = new Map<string, string[]>();
    for (const r of list) if (r.samples) samples.set(r.column, r.samples.split('|'));
    const res = classifyTable({
      system: list[0].system, schema: list[0].system, name: list[0].table, comment: list[0].table_comment || null,
      columns: list.map((r) => ({ name: r.column, dataType: r.type, comment: r.comment || null })),
    }, samples, rules);
    list.forEach((r, i) => out.push({ row: r, expected: Number(r.grade), got: res.columns[i] }));
  }
  return out;
}

export function confusionMatrix(outcomes: Outcome[]): string {
  const m = Array.from({ length: 5 }, () => new Array(5).fill(0));
  for (const o of outcomes) m[o.expected][o.got.grade]++;
  const lines = ['expected\\suggested   1    2    3    4'];
  for (let e = 1; e <= 4; e++) lines.push(`        ${e}          ${[1, 2, 3, 4].map((g) => String(m[e][g]).padStart(4)).join(' ')}`);
  return lines.join('\n');
}
