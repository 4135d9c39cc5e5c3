// `fundgov lineage parse` and `fundgov lineage openlineage`: offline column lineage from SQL files
// and OpenLineage RunEvent files. No server, no database.

import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { extractLineage, formatColumn, parseRunEvent } from '../../../lineage/parse/index.ts';
import type { OlColumnEdge } from '../../../lineage/parse/index.ts';

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

function readText(file: string): string | null {
  try { return readFileSync(file, 'utf8'); } catch (err) {
    process.stderr.write(`fundgov lineage: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    return null;
  }
}

function table(rows: string[][], header: string[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

export function register(program: Command): void {
  const lineage = program.command('lineage').description('column lineage from SQL files and OpenLineage events (offline)');

  lineage
    .command('parse')
    .description('column edges of a SQL file (INSERT … SELECT, CREATE TABLE … AS, views, MERGE, UPDATE … FROM)')
    .argument('<file>', 'SQL file')
    .requiredOption('--dialect <dialect>', 'postgres or mysql')
    .option('--json', 'one JSON object per edge per line: {"from":"schema.table.column","to":"schema.table.column","transform":"copy|derive|aggregate|mask|filter"}')
    .option('--default-schema <name>', 'schema of unqualified tables: postgres the search path\'s first schema (default "public"), mysql the current database (default "default"); SET search_path / USE in the file change it')
    .option('--search-path <schemas>', 'postgres search path, comma-separated (default "public")')
    .option('--mask-functions <names>', 'extra masking functions registered by a steward, comma-separated')
    .addHelpText('after', `
Names are always printed with three parts. A table written without a schema gets the
first schema of the search path (postgres: "public" unless --search-path/--default-schema
or a SET search_path in the file say otherwise; mysql: the database of the last USE, else
--default-schema, else "default"). Identical edges from several statements are printed once.
Problems (statements that do not parse, names that cannot be resolved) go to stderr as
FILE:LINE: message. Exit code 0 when the file was read and at least one statement parsed
(or it holds none); 1 when it cannot be read; 2 when no statement parses.`)
    .action(async (file: string, o: { dialect: string; json?: boolean; defaultSchema?: string; searchPath?: string; maskFunctions?: string }) => {
      if (o.dialect !== 'postgres' && o.dialect !== 'mysql') {
        process.stderr.write(`fundgov lineage parse: --dialect must be postgres or mysql, not ${JSON.stringify(o.dialect)}\n`);
        process.exitCode = 1;
        return;
      }
      const sql = readText(file);
      if (sql === null) { process.exitCode = 1; return; }
      const fallback = o.defaultSchema ?? (o.dialect === 'postgres' ? 'public' : 'default');
      const searchPath = o.searchPath ? list(o.searchPath) : o.defaultSchema ? [o.defaultSchema] : o.dialect === 'postgres' ? ['public'] : [];
      const res = await extractLineage(sql, { dialect: o.dialect, file, searchPath, maskFunctions: o.maskFunctions ? list(o.maskFunctions) : [], includeSql: false });
      for (const p of res.problems) process.stderr.write(`${file}:${p.line}: ${p.message}\n`);
      const seen = new Set<string>();
      const rows: { from: string; to: string; transform: string; line: number }[] = [];
      for (const e of res.edges) {
        const row = { from: formatColumn(e.from, fallback), to: formatColumn(e.to, fallback), transform: e.transform };
        const k = JSON.stringify(row);
        if (seen.has(k)) continue;
        seen.add(k);
        rows.push({ ...row, line: e.line });
      }
      if (o.json) for (const r of rows) process.stdout.write(JSON.stringify({ from: r.from, to: r.to, transform: r.transform }) + '\n');
      else {
        process.stdout.write(table(rows.map((r) => [r.from, r.to, r.transform, String(r.line)]), ['FROM', 'TO', 'TRANSFORM', 'LINE']));
        process.stdout.write(`${rows.length} edges from ${res.statements} statements, ${res.problems.length} problems\n`);
      }
      const failed = res.problems.filter((p) => p.message.startsWith('statement does not parse')).length;
      if (res.statements > 0 && failed === res.statements) process.exitCode = 2;
    });

  lineage
    .command('openlineage')
    .description('column edges of OpenLineage RunEvent files (one JSON document, or JSON Lines)')
    .argument('<files...>', 'RunEvent files')
    .option('--json', 'one JSON object per edge per line: {"from":{namespace,dataset,field},"to":{…},"transformations":["DIRECT:IDENTITY",…],"transform":"copy"}')
    .addHelpText('after', `
Each output field's input fields become edges. Transformations map to our kinds: masking → mask,
DIRECT:IDENTITY → copy, DIRECT:TRANSFORMATION → derive, DIRECT:AGGREGATION → aggregate,
INDIRECT:* → filter; legacy transformationType IDENTITY → copy, other → derive; none → derive.
An input field whose transformations map to several kinds gives one edge per kind.
Invalid events are reported on stderr as FILE[:LINE]: reason; the exit code is then 2.`)
    .action((files: string[], o: { json?: boolean }) => {
      let bad = false;
      const edges: OlColumnEdge[] = [];
      for (const file of files) {
        const text = readText(file);
        if (text === null) { bad = true; continue; }
        const docs: { line: number | null; doc: unknown }[] = [];
        let whole: unknown;
        let isWhole = true;
        try { whole = JSON.parse(text); } catch { isWhole = false; }
        if (isWhole) {
          if (Array.isArray(whole)) whole.forEach((d) => docs.push({ line: null, doc: d }));
          else docs.push({ line: null, doc: whole });
        } else {
          text.split('\n').forEach((l, i) => { if (l.trim()) docs.push({ line: i + 1, doc: l }); });
        }
        for (const { line, doc } of docs) {
          const r = parseRunEvent(doc);
          if (!r.ok) {
            bad = true;
            for (const err of r.errors) process.stderr.write(`${file}${line ? `:${line}` : ''}: invalid RunEvent: ${err}\n`);
            continue;
          }
          edges.push(...r.edges);
        }
      }
      if (o.json) {
        for (const e of edges) process.stdout.write(JSON.stringify({ from: e.from, to: e.to, transformations: e.transformations, transform: e.transform }) + '\n');
      } else {
        const f = (r: { namespace: string; dataset: string; field: string }) => `${r.namespace} ${r.dataset} ${r.field}`;
        process.stdout.write(table(edges.map((e) => [f(e.from), f(e.to), e.transform, e.transformations.join(',')]), ['FROM', 'TO', 'TRANSFORM', 'PRODUCER TRANSFORMATIONS']));
        process.stdout.write(`${edges.length} edges\n`);
      }
      if (bad) process.exitCode = 2;
    });
}
