import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';

export function register(program: Command): void {
  program
    .command('demo')
    .description('build and harvest the demo fund manager (TA, valuation, investment, CRM, warehouse) into the data directory')
    .action(async () => {
      const config = loadConfig();
      const { liveService, openCatalogGraph } = await import('../../services.ts');
      if (liveService(config)) throw new Error('the service is running on this data directory; it builds the demo itself on first start (stop it to rebuild)');
      const { buildDemo, openDemoDatabase } = await import('../../demo.ts');
      const { createLogger } = await import('../../logger.ts');
      await import('../../domains.ts');
      const { openAudit } = await import('../../services.ts');
      const graph = await openCatalogGraph(config);
      const audit = await openAudit(config);
      const db = await openDemoDatabase(config);
      try {
        const t0 = Date.now();
        await audit.store.append({ actor: 'cli', action: 'cli.demo', outcome: 'attempt', details: {} });
        const estate = await buildDemo(graph, config, createLogger('warn'), db.url, (s) => process.stderr.write(`demo: ${s}\n`), audit.store);
        await audit.store.append({ actor: 'cli', action: 'cli.demo', outcome: 'ok', details: { sources: estate.sources.length } });
        process.stdout.write(JSON.stringify({ ok: true, sources: estate.sources.length, users: estate.users.length, seconds: (Date.now() - t0) / 1000 }) + '\n');
      } finally {
        await db.embedded?.close();
        await audit.close();
        await graph.close();
      }
    });
}
