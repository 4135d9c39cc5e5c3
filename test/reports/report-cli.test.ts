// Scopes and periods, and `fundgov report` on a data directory without a running service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScope, parsePeriod, ReportError } from '../../reports/index.ts';

const BIN = join(import.meta.dirname, '../../bin/fundgov.mjs');

test('scopes: firm, system, source, department; anything else names nothing', () => {
  assert.deepEqual(parseScope('firm'), { kind: 'firm' });
  assert.deepEqual(parseScope('system:估值'), { kind: 'system', name: '估值' });
  assert.deepEqual(parseScope('source:ta-pg'), { kind: 'source', id: 'ta-pg' });
  assert.deepEqual(parseScope('department:ops'), { kind: 'department', id: 'ops' });
  for (const bad of ['', 'system:', 'source: ', 'planet:mars', 'firm:x']) assert.throws(() => parseScope(bad), ReportError, bad);
});

test('periods: inclusive days, ordered, bounded', () => {
  assert.deepEqual(parsePeriod('2026-01-01', '2026-01-31'), { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' });
  assert.throws(() => parsePeriod('2026-02-01', '2026-01-01'), /before/);
  assert.throws(() => parsePeriod('yesterday', '2026-01-01'), /from must be a date/);
  assert.throws(() => parsePeriod('2000-01-01', '2026-01-01'), /ten years/);
});

test('fundgov report on the stores: a clear error for an empty catalogue, an audit report PDF otherwise', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fundgov-report-cli-'));
  try {
    const env = { ...process.env, FUNDGOV_DATA_DIR: dir, FUNDGOV_DEMO: '0', LOG_LEVEL: 'silent', DATABASE_URL: '', GRAPH_URL: '' };
    const inv = spawnSync(process.execPath, [BIN, 'report', 'inventory', '--scope', 'firm', '-o', join(dir, 'i.xlsx')], { env, encoding: 'utf8' });
    assert.equal(inv.status, 1);
    assert.match(inv.stderr, /no source yet/);
    assert.ok(!existsSync(join(dir, 'i.xlsx')));
    const aud = spawnSync(process.execPath, [BIN, 'report', 'audit', '--from', '2026-01-01', '--to', '2026-12-31', '--format', 'pdf', '-o', join(dir, 'a.pdf'), '--json'], { env, encoding: 'utf8' });
    assert.equal(aud.status, 0, aud.stderr);
    const out = JSON.parse(aud.stdout.trim());
    assert.match(out.fileHash, /^[0-9a-f]{64}$/);
    assert.ok(existsSync(join(dir, 'a.pdf')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
