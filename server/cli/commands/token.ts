import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { issueToken, parseTtl } from '../../auth.ts';
import { assertUserId } from '../../../catalog/users.ts';

export function register(program: Command): void {
  program
    .command('token')
    .description('print a signed token for a user, alone, on stdout (send it as Authorization: Bearer …)')
    .requiredOption('--user <id>', 'user id')
    .option('--ttl <duration>', 'lifetime, e.g. 30m, 8h, 7d', '8h')
    .action(async (opts: { user: string; ttl: string }) => {
      assertUserId(opts.user);
      const config = loadConfig();
      process.stdout.write((await issueToken(config.jwtSecret, opts.user, parseTtl(opts.ttl))) + '\n');
    });
}
