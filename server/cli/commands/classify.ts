// `fundgov classify PATH... [--db URL] [--system NAME] [--json]`: grades DDL files, CSV files (with their values)
// and live PostgreSQL databases offline, without a running service.
import type { Command } from 'commander';
import { statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function register(program: Command): void {
  program
    .command('classify')
    .description('grade DDL files, CSV files and live databases under JR/T 0158-2018, offline')
    .argument('[paths...]', 'DDL (.sql/.ddl) and CSV (.csv/.txt) files or folders')
    .option('--db <url...>', 'postgres:// URL of a live database to sample and classify (repeatable)')
    .option('--schema <name...>', 'schemas of --db to classify (default: all user schemas)')
    .option('--dialect <dialect>', 'DDL dialect: mysql, postgres or oracle (detected when omitted)')
    .option('--sample <n>', 'values sampled per column', '200')
    .option('--system <name>', 'the system the files or databases belong to (e.g. TA, 估值, 直销): generic fields take its category')
    .option('--json', 'one JSON object per column per line: {source,dataset,column,category,grade,confidence,status,evidence}')
    .action(async (paths: string[], opts: { db?: string[]; schema?: string[]; dialect?: string; sample: string; system?: string; json?: boolean }) => {
      const { readDdlFile, readCsvFile, harvestPostgres } = await import('../../../sources/index.ts');
      const { classifyTable, loadRuleSet } = await import('../../../classifiers/index.ts');
      const { redactUrl, scrubPassword } = await import('../../credentials.ts');
      const { sampleKey } = await import('../../../catalog/types.ts');
      const pg = (await import('pg')).default;
      if (!paths.length && !opts.db?.length) throw new Error('give at least one file, folder or --db URL');
      const sampleSize = Number(opts.sample);
      if (!Number.isInteger(sampleSize) || sampleSize < 0 || sampleSize > 100_000) throw new Error('--sample must be a whole number 0-100000');
      if (opts.dialect && !['mysql', 'postgres', 'oracle'].includes(opts.dialect)) throw new Error('--dialect is mysql, postgres or oracle');
      const rules = loadRuleSet();
      const perGrade = new Map<number, number>();
      let failures = 0;
      let columns = 0;
      const rows: string[][] = [];

      const emit = (source: string, d: { schema: string | null; name: string; comment?: string | null; columns: { name: string; dataType: string; comment?: string | null }[] }, samples?: Map<string, string[]>) => {
        const r = classifyTable({ system: opts.system ?? null, schema: d.schema, name: d.name, comment: d.comment ?? null, columns: d.columns.map((c) => ({ name: c.name, dataType: c.dataType, comment: c.comment ?? null })) }, samples, rules);
        for (const s of r.columns) {
          columns++;
          perGrade.set(s.grade, (perGrade.get(s.grade) ?? 0) + 1);
          const rec = { source, dataset: d.name, column: s.column, category: s.categoryPath, grade: s.grade, confidence: Number(s.confidence.toFixed(3)), status: 'suggested', evidence: s.evidence };
          if (opts.json) process.stdout.write(JSON.stringify(rec) + '\n');
          else rows.push([d.schema ? `${d.schema}.${d.name}` : d.name, s.column, String(s.grade), s.categoryPath, s.confidence.toFixed(2), s.evidence.slice(0, 2).map((e) => e.matched).join(', ')]);
        }
      };
      const fail = (what: string, err: unknown) => {
        failures++;
        process.stderr.write(`fundgov classify: ${what}: ${(err as Error).message}\n`);
      };

      const files: string[] = [];
      for (const p of paths) {
        try {
          if (statSync(p).isDirectory()) files.push(...readdirSync(p).filter((f) => /\.(sql|ddl|csv|txt)$/i.test(f)).sort().map((f) => join(p, f)));
          else files.push(p);
        } catch (err) { fail(p, new Error('cannot be read (does it exist?)')); void err; }
      }
      for (const f of files) {
        try {
          if (/\.(csv|txt)$/i.test(f)) {
            const r = await readCsvFile(f, { sampleSize });
            for (const pr of r.problems.slice(0, 5)) process.stderr.write(`${pr.file}:${pr.line}: ${pr.message}\n`);
            emit(f, r.dataset, r.samples);
          } else {
            const r = await readDdlFile(f, { dialect: opts.dialect as 'mysql' | 'postgres' | 'oracle' | undefined });
            for (const pr of r.problems) if (pr.kind !== 'skipped-not-DDL') process.stderr.write(`${pr.file}:${pr.line}: ${pr.message}\n`);
            if (!r.datasets.length && r.problems.length) throw new Error('no table could be read');
            for (const d of r.datasets) emit(f, d);
          }
        } catch (err) { fail(f, err); }
      }
      for (const url of opts.db ?? []) {
        const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
        try {
          await client.connect();
          const r = await harvestPostgres(client, { schemas: opts.schema, sampleSize, onProgress: opts.json ? undefined : (d, t) => process.stderr.write(`\rsampling ${d}/${t}`) });
          if (!opts.json) process.stderr.write('\n');
          for (const d of r.datasets) emit(redactUrl(url), d, r.samples.get(sampleKey(d.schema, d.name)));
        } catch (err) {
          fail(redactUrl(url), new Error(scrubPassword(String((err as Error).message), url)));
        } finally {
          await client.end().catch(() => undefined);
        }
      }
      if (!opts.json) {
        const w = [0, 0, 0, 0, 0, 0];
        const head = ['dataset', 'column', 'grade', 'category', 'conf', 'evidence'];
        for (const r of [head, ...rows]) r.forEach((c, i) => { w[i] = Math.min(Math.max(w[i], c.length), 40); });
        for (const r of [head, ...rows]) process.stdout.write(r.map((c, i) => c.slice(0, 40).padEnd(w[i])).join('  ') + '\n');
        process.stdout.write(`\n${columns} columns: ` + [4, 3, 2, 1].map((g) => `grade ${g}: ${perGrade.get(g) ?? 0}`).join(', ') + (failures ? `; ${failures} input(s) could not be read` : '') + '\n');
      }
      process.exitCode = failures ? 1 : 0;
    });
}
