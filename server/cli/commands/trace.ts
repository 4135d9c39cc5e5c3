// `fundgov trace FILE`: asks the running service whose export a leaked file was.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../config.ts';

export function register(program: Command): void {
  program
    .command('trace')
    .description("ask the running service whose export a leaked file (CSV, XLSX or pasted rows in a text file) was")
    .argument('<file>', 'the leaked file; - reads standard input')
    .option('--url <url>', 'service URL (default: the service running on this data directory, else http://127.0.0.1:$PORT)')
    .option('--token <token>', 'bearer token of an auditor (default: $FUNDGOV_TOKEN, else one minted for --as from this data directory)')
    .option('--as <id>', 'user to mint a token for', 'admin')
    .option('--from <date>', 'only exports made from this date')
    .option('--to <date>', 'only exports made before this date')
    .option('--json', 'print the answer as one JSON object')
    .action(async (file: string, o: { url?: string; token?: string; as: string; from?: string; to?: string; json?: boolean }) => {
      const config = loadConfig();
      let body: Buffer;
      try { body = file === '-' ? readFileSync(0) : readFileSync(file); } catch { throw new Error(`cannot read ${file}`); }
      const { liveService } = await import('../../services.ts');
      const base = o.url ?? `http://127.0.0.1:${liveService(config)?.port ?? config.port}`;
      let token = o.token ?? process.env.FUNDGOV_TOKEN;
      if (!token) token = await (await import('../../auth.ts')).issueToken(config.jwtSecret, o.as, 300);
      const qs = new URLSearchParams();
      if (o.from) qs.set('from', o.from);
      if (o.to) qs.set('to', o.to);
      let res: Response;
      try {
        res = await fetch(`${base}/api/v1/trace${qs.size ? `?${qs}` : ''}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(body) });
      } catch {
        throw new Error(`no fundgov service answers at ${base}; start it with fundgov serve or give --url`);
      }
      const answer = (await res.json()) as Record<string, any>;
      if (!res.ok) throw new Error(answer.error ?? `the service answered ${res.status}`);
      if (o.json) process.stdout.write(JSON.stringify(answer) + '\n');
      else if (answer.match) {
        process.stdout.write(`MATCH export ${answer.exportId} (false-positive probability ${Number(answer.falsePositiveProbability).toExponential(2)}, ${answer.agreeingRows ?? '?'} agreeing rows of ${answer.rowsRead}, ${answer.candidates} exports searched)\n`);
        if (answer.request) process.stdout.write(`  requester ${answer.request.requester}, purpose: ${answer.request.purpose}\n`);
        for (const a of answer.approvers ?? []) process.stdout.write(`  approved step ${a.step} by ${a.decidedBy}${a.onBehalfOf ? ` for ${a.onBehalfOf}` : ''} at ${a.decidedAt}\n`);
        if (answer.destroyed) process.stdout.write(`  NOTE: this export was confirmed destroyed: ${JSON.stringify(answer.destroyed)}\n`);
      } else process.stdout.write(`no match among ${answer.candidates} exports (best false-positive probability ${answer.falsePositiveProbability ?? 'n/a'})\n`);
      process.exitCode = 0;
    });
}
