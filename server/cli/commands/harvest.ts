// `fundgov harvest`: harvest a registered source, or register-and-harvest a given one, with a
// progress bar on stderr. Through the running service when there is one; on the data directory otherwise.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';

interface Opts { db?: string; path?: string; kind?: string; name?: string; system?: string; schema?: string[]; dialect?: string; json?: boolean; as: string }

export function register(program: Command): void {
  program
    .command('harvest')
    .description('harvest (and classify) a registered source, or register and harvest a new one')
    .argument('<sourceId>', 'source id (lower-case letters, digits, _ or -)')
    .option('--db <url>', 'register a PostgreSQL source with this URL (stored encrypted)')
    .option('--path <path>', 'register a CSV or DDL file or folder')
    .option('--kind <kind>', 'csv or ddl, with --path')
    .option('--name <name>', 'display name of a new source')
    .option('--system <system>', 'system of a new source: TA, 估值, 投资, 直销, CRM, 数仓 …', '未分类')
    .option('--schema <schema...>', 'schemas to harvest, with --db')
    .option('--dialect <dialect>', 'DDL dialect: mysql, postgres, oracle')
    .option('--json', 'print the job result as one JSON object')
    .option('--as <id>', 'acting user', 'admin')
    .action(async (sourceId: string, o: Opts) => {
      const config = loadConfig();
      const { liveService, openCatalogGraph, openAudit } = await import('../../services.ts');
      const cliProgress = (await import('cli-progress')).default;
      const bar = new cliProgress.SingleBar({ format: 'harvest {bar} {value}/{total} {current}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
      let barStarted = false;
      const progress = (done: number, total: number, current: string | null) => {
        if (o.json || !process.stderr.isTTY && process.env.FUNDGOV_PROGRESS !== '1') return;
        if (!barStarted) { bar.start(Math.max(total, 1), 0, { current: '' }); barStarted = true; }
        bar.setTotal(Math.max(total, 1));
        bar.update(done, { current: current ?? '' });
      };
      const input = o.db || o.path ? {
        id: sourceId, name: o.name ?? sourceId, system: o.system ?? '未分类',
        kind: o.db ? 'postgres' : (o.kind ?? (o.path && /\.(sql|ddl)$/i.test(o.path) ? 'ddl' : 'csv')),
        connectionUrl: o.db ?? null, schemas: o.schema ?? null, path: o.path ?? null, dialect: o.dialect ?? null,
      } : null;
      let result: { status: string; message: string | null; result: unknown };
      const svc = liveService(config);
      if (svc) {
        const { gql } = await (await import('../remote.ts')).serviceClient(config, svc.port, o.as, 3600);
        if (input) {
          const r = await gql('mutation($i: SourceInput!) { registerSource(input: $i) { ... on Source { id } ... on Error { message } } }', { i: input });
          if (r.registerSource.message) throw new Error(r.registerSource.message);
        }
        const s = await gql('mutation($s: String!) { startHarvest(sourceId: $s) { ... on Job { id } ... on Error { message } } }', { s: sourceId });
        if (s.startHarvest.message) throw new Error(s.startHarvest.message);
        for (;;) {
          const j = (await gql('query($id: String!) { job(id: $id) { status done total current message result } }', { id: s.startHarvest.id })).job;
          progress(j.done, j.total, j.current);
          if (j.status !== 'running') { result = j; break; }
          await new Promise((r) => setTimeout(r, 300));
        }
      } else {
        const graph = await openCatalogGraph(config);
        const audit = await openAudit(config);
        try {
          const { upsertSource, getSource, CatalogError } = await import('../../../catalog/assets.ts');
          const { encryptCredential } = await import('../../credentials.ts');
          const { checkSourcePath, harvestDeps } = await import('../../operations.ts');
          const { startJob } = await import('../../jobs.ts');
          const { harvestSource } = await import('../../harvest.ts');
          const details = { sourceId, via: 'cli', registering: !!input };
          await audit.store.append({ actor: o.as, action: 'cli.harvest', target: sourceId, outcome: 'attempt', details });
          if (input) {
            await upsertSource(graph, {
              id: input.id, name: input.name, system: input.system, kind: input.kind as 'postgres' | 'csv' | 'ddl',
              schemas: input.schemas, path: input.path ? checkSourcePath({ ...config, sourceRoots: [...config.sourceRoots, process.cwd()] }, input.path) : null,
              dialect: input.dialect, connectionEnc: input.connectionUrl ? encryptCredential(config.credentialKey, input.connectionUrl) : null,
            });
          }
          const source = await getSource(graph, sourceId);
          if (!source) throw new CatalogError(`source ${sourceId} does not exist; give --db or --path to register it`);
          const { done } = await startJob(graph, 'harvest', sourceId, o.as, (ctx) => {
            const orig = ctx.progress;
            ctx.progress = (d, t, c) => { orig(d, t, c); progress(d, t, c ?? null); };
            return harvestSource(source, harvestDeps(config, graph), ctx);
          }, (r) => ({ ...r, problems: r.problems.slice(0, 50) }));
          const j = await done;
          await audit.store.append({ actor: o.as, action: 'cli.harvest', target: sourceId, outcome: j.status === 'succeeded' ? 'ok' : 'error', details: { ...details, message: j.message } });
          result = { status: j.status, message: j.message, result: j.result ? JSON.parse(j.result) : null };
        } finally {
          await audit.close();
          await graph.close();
        }
      }
      if (barStarted) bar.stop();
      if (o.json) process.stdout.write(JSON.stringify(result) + '\n');
      else if (result.status === 'succeeded') {
        const r = result.result as { datasets: number; columns: number; added: number; changed: number; dropped: number; problems: { file: string; line: number; message: string }[]; classified?: { suggested: number } };
        for (const p of r.problems ?? []) process.stderr.write(`${p.file}:${p.line}: ${p.message}\n`);
        process.stdout.write(`${sourceId}: ${r.datasets} datasets, ${r.columns} columns (added ${r.added}, changed ${r.changed}, dropped ${r.dropped}); ${r.classified?.suggested ?? 0} new suggestions\n`);
      } else process.stderr.write(`fundgov harvest: ${result.status}: ${result.message}\n`);
      process.exitCode = result.status === 'succeeded' ? 0 : 1;
    });
}
