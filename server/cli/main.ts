// The `fundgov` command: one commander program. Each domain registers its subcommands
// from its own file in server/cli/commands/ (`export function register(program: Command)`).
import { Command } from 'commander';
import { envHelp } from '../config.ts';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

export async function buildProgram(): Promise<Command> {
  const program = new Command('fundgov');
  program.description('Data-governance catalogue for fund managers (JR/T 0158-2018)');
  program.addHelpText('after', '\n' + envHelp());
  for (const file of readdirSync(commandsDir).filter((f) => f.endsWith('.ts')).sort()) {
    const mod = await import(pathToFileURL(join(commandsDir, file)).href);
    mod.register(program);
  }
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = await buildProgram();
  program.exitOverride((err) => { process.exit(err.exitCode); });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.stderr.write(`fundgov: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
