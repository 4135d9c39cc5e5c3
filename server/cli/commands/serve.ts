import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';

export function register(program: Command): void {
  program
    .command('serve')
    .description('run the service (GraphQL at /graphql, health at /healthz and /readyz, metrics at /metrics)')
    .action(async () => {
      const config = loadConfig();
      const { startService } = await import('../../serve.ts');
      await import('../../domains.ts');
      const svc = await startService(config);
      process.stderr.write(`fundgov: listening on http://localhost:${svc.port}/graphql (data in ${config.dataDir})\n`);
      const stop = async (signal: string) => {
        svc.log.info({ signal }, 'shutting down');
        await svc.close();
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop('SIGTERM'));
      process.once('SIGINT', () => void stop('SIGINT'));
    });
}
