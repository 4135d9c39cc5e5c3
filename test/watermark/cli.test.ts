import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { holderTable } from './holders.ts';
import { chartPng } from './images.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'fundgov.mjs');
const KEY = 'cli-watermark-key-0123456789';

function run(args: string[], env: Record<string, string | undefined> = {}, cwd?: string) {
  const r = spawnSync(process.execPath, [BIN, 'watermark', ...args], {
    encoding: 'utf8', cwd, env: { ...process.env, FUNDGOV_WATERMARK_KEY: KEY, ...env }, maxBuffer: 64 << 20,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('fundgov watermark embed / detect on CSV and XLSX, and embed-image / detect-image', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fundgov-wm-'));
  const env = { FUNDGOV_DATA_DIR: join(dir, 'data') };
  try {
    const input = join(dir, 'holders.csv');
    writeFileSync(input, Papa.unparse(holderTable(120)) + '\n');
    writeFileSync(join(dir, 'ids.txt'), 'EXP-A\nEXP-B\n\nEXP-C\n');
    const embed = run(['embed', input, '--export-id', 'EXP-B'], env);
    assert.equal(embed.code, 0, embed.err);
    const fragment = embed.out.split('\n').slice(40, 70).join('\n');
    writeFileSync(join(dir, 'leak.csv'), fragment);
    const det = run(['detect', join(dir, 'leak.csv'), '--candidates', join(dir, 'ids.txt'), '--json'], env);
    assert.equal(det.code, 0, det.err);
    const lines = det.out.trim().split('\n');
    const verdict = JSON.parse(lines[lines.length - 1]);
    assert.equal(verdict.match, true);
    assert.equal(verdict.exportId, 'EXP-B');
    assert.equal(verdict.agreeingRows, 30);
    assert.ok(verdict.falsePositiveProbability < 1e-9);
    const unmarked = JSON.parse(run(['detect', input, '--candidates', join(dir, 'ids.txt'), '--json'], env).out.trim().split('\n').pop()!);
    assert.equal(unmarked.match, false);

    const xlsx = join(dir, 'out.xlsx');
    assert.equal(run(['embed', input, '--export-id', 'EXP-C', '-o', xlsx], env).code, 0);
    const detX = JSON.parse(run(['detect', xlsx, '--candidates', join(dir, 'ids.txt'), '--json'], env).out.trim().split('\n').pop()!);
    assert.equal(detX.exportId, 'EXP-C');

    writeFileSync(join(dir, 'chart.png'), await chartPng());
    const img = run(['embed-image', join(dir, 'chart.png'), '--export-id', 'IMG-7', '-o', join(dir, 'chart.jpg')], env);
    assert.equal(img.code, 0, img.err);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'data', 'watermark-images.json'), 'utf8')).exportIds, ['IMG-7']);
    const di = run(['detect-image', join(dir, 'chart.jpg'), '--json'], env);
    assert.equal(di.code, 0, di.err);
    assert.deepEqual({ ...JSON.parse(di.out), agreeingBits: undefined, payloadBits: undefined, falsePositiveProbability: undefined },
      { match: true, exportId: 'IMG-7', agreeingBits: undefined, payloadBits: undefined, falsePositiveProbability: undefined });
    assert.equal(JSON.parse(run(['detect-image', join(dir, 'chart.png'), '--json'], env).out).match, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fundgov watermark refuses bad input with a clear message, non-zero exit and no output file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fundgov-wm-'));
  const env = { FUNDGOV_DATA_DIR: join(dir, 'data') };
  try {
    const input = join(dir, 'in.csv');
    writeFileSync(input, Papa.unparse(holderTable(10)));
    writeFileSync(join(dir, 'empty.csv'), '');
    writeFileSync(join(dir, 'bin.csv'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0]));
    writeFileSync(join(dir, 'noids.txt'), '\n\n');
    writeFileSync(join(dir, 'dup.txt'), 'A\nB\nA\n');
    writeFileSync(join(dir, 'ids.txt'), 'A\n');
    writeFileSync(join(dir, 'fake.png'), 'this is text, not a PNG');
    const out = join(dir, 'out.csv');
    const cases: Array<[string[], Record<string, string | undefined>, RegExp]> = [
      [['embed', input, '--export-id', 'X', '-o', out], { FUNDGOV_WATERMARK_KEY: '' }, /FUNDGOV_WATERMARK_KEY is not set/],
      [['embed', input, '--export-id', 'X', '-o', out], { FUNDGOV_WATERMARK_KEY: 'too-short' }, /at least 16 bytes/],
      [['embed', join(dir, 'missing.csv'), '--export-id', 'X', '-o', out], {}, /no such file/],
      [['embed', join(dir, 'empty.csv'), '--export-id', 'X', '-o', out], {}, /empty/],
      [['embed', join(dir, 'bin.csv'), '--export-id', 'X', '-o', out], {}, /binary file/],
      [['detect', input, '--candidates', join(dir, 'noids.txt')], {}, /no export ids/],
      [['detect', input, '--candidates', join(dir, 'dup.txt')], {}, /twice/],
      [['detect', join(dir, 'bin.csv'), '--candidates', join(dir, 'ids.txt')], {}, /binary file/],
      [['embed-image', join(dir, 'fake.png'), '--export-id', 'X', '-o', join(dir, 'out.png')], {}, /not an image sharp can read/],
      [['detect-image', input], {}, /no marked images are registered/],
    ];
    for (const [args, extra, message] of cases) {
      const r = run(args, { ...env, ...extra });
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.err, message, args.join(' '));
    }
    assert.equal(existsSync(out), false);
    assert.equal(existsSync(join(dir, 'out.png')), false);
    assert.equal(existsSync(join(dir, 'data', 'watermark-images.json')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
