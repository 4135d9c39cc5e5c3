import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openAudit } from '../../services.ts';

export function register(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit trail');
  audit
    .command('verify')
    .description('recompute the hash chain; exit 0 only when it is intact')
    .option('--json', 'one JSON object on stdout')
    .option('--expect-seq <n>', 'a head sequence written down earlier')
    .option('--expect-hash <hash>', 'its hash')
    .action(async (opts: { json?: boolean; expectSeq?: string; expectHash?: string }) => {
      const handle = await openAudit(loadConfig(), { viaService: true });
      try {
        const expectHead = opts.expectSeq && opts.expectHash ? { seq: Number(opts.expectSeq), hash: opts.expectHash } : undefined;
        const r = await handle.store.verify({
          expectHead,
          onProgress: opts.json ? undefined : (n) => process.stderr.write(`\rchecked ${n} events`),
        });
        if (!opts.json) process.stderr.write('\n');
        if (opts.json) process.stdout.write(JSON.stringify({ ok: r.ok, checked: r.checked, brokenAt: r.brokenAt, reason: r.reason ?? null }) + '\n');
        else process.stdout.write(r.ok ? `audit chain intact: ${r.checked} events\n` : `audit chain BROKEN at sequence ${r.brokenAt}: ${r.reason ?? ''} (${r.checked} checked)\n`);
        process.exitCode = r.ok ? 0 : 2;
      } finally {
        await handle.close();
      }
    });
  audit
    .command('head')
    .description('print the latest sequence number and hash, to be written down outside the system')
    .option('--json', 'one JSON object on stdout')
    .action(async (opts: { json?: boolean }) => {
      const handle = await openAudit(loadConfig(), { viaService: true });
      try {
        const h = await handle.store.head();
        if (opts.json) process.stdout.write(JSON.stringify(h ?? { seq: 0, hash: null }) + '\n');
        else process.stdout.write(h ? `${h.seq} ${h.hash}\n` : '0 (empty trail)\n');
      } finally {
        await handle.close();
      }
    });
}
