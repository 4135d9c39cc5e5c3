// The native converter under AddressSanitizer and UndefinedBehaviorSanitizer: its core is compiled
// with g++ -fsanitize=address,undefined (native/check/harness.cc) and run over generated COPY
// blocks and thousands of mutations of each. A C++ bug would take the whole service down, not
// one export, so out-of-bounds accesses and undefined behaviour must abort here first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cellGenerator } from '../watermark/cells.ts';
import { rng } from '../watermark/holders.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const gpp = spawnSync('g++', ['--version']).status === 0;
const skip = gpp || process.env.FUNDGOV_REQUIRE_NATIVE === '1' ? false : 'no g++ on this machine';

function corpus(blocks: number): Buffer {
  const r = rng(7);
  const { generate, int } = cellGenerator(r);
  const escape = (v: string) => v.replace(/[\\\n\r\t]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!);
  const parts: Buffer[] = [];
  for (let b = 0; b < blocks; b++) {
    const width = 1 + int(12);
    const lines: string[] = [];
    for (let i = 1 + int(40); i > 0; i--) lines.push(Array.from({ length: width }, () => (r() < 0.04 ? '\\N' : escape(generate()))).join('\t'));
    const bytes = Buffer.from(lines.join('\n'), 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32LE(bytes.length);
    parts.push(len, bytes);
  }
  return Buffer.concat(parts);
}

test('the native converter survives 120,000 generated and mutated blocks under ASan and UBSan', { skip, timeout: 600_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fundgov-asan-'));
  try {
    const exe = join(dir, 'harness');
    const cc = spawnSync('g++', ['-std=c++17', '-O1', '-g', '-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer',
      join(root, 'native/check/harness.cc'), '-o', exe], { encoding: 'utf8' });
    assert.equal(cc.status, 0, cc.stderr);
    writeFileSync(join(dir, 'corpus'), corpus(400));
    const run = spawnSync(exe, [join(dir, 'corpus'), '300', '20261126'], { encoding: 'utf8', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0' } });
    assert.equal(run.status, 0, `the harness failed (${run.status ?? run.signal}):\n${run.stderr.slice(0, 4000)}`);
    const stats = JSON.parse(run.stdout) as { blocks: number; converted: number; notUtf8: number; widthErrors: number; rows: number };
    // the mutations reach every outcome: converted, handed back as not UTF-8, refused for their width
    assert.equal(stats.blocks, 400);
    assert.ok(stats.converted > 20_000 && stats.notUtf8 > 5_000 && stats.widthErrors > 5_000, JSON.stringify(stats));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
