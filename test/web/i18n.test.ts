// Every label the UI shows comes from web/src/locales: both languages have the same keys, every
// literal key a component uses exists, and no component renders hard-coded text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../web/src/', import.meta.url));
// A domain may keep its labels in its own files (locales/<domain>.zh-CN.json, <domain>.en.json),
// merged one level deep into the base labels the way web/src/i18n.ts merges them.
function labels(lang: string): Record<string, any> {
  const out: Record<string, any> = JSON.parse(readFileSync(join(SRC, `locales/${lang}.json`), 'utf8'));
  for (const f of readdirSync(join(SRC, 'locales')).filter((n) => n.endsWith(`.${lang}.json`)).sort()) {
    for (const [k, v] of Object.entries(JSON.parse(readFileSync(join(SRC, 'locales', f), 'utf8')) as Record<string, any>)) {
      out[k] = v && typeof v === 'object' && out[k] && typeof out[k] === 'object' ? { ...out[k], ...v } : v;
    }
  }
  return out;
}
const zh = labels('zh-CN');
const en = labels('en');

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'gql' || n === 'locales' ? [] : sources(p);
    return /\.tsx?$/.test(n) ? [p] : [];
  });
}

test('zh-CN and en have the same keys, none empty', () => {
  const a = keys(zh).sort();
  const b = keys(en).sort();
  assert.deepEqual(a.filter((k) => !b.includes(k)), [], 'keys only in zh-CN');
  assert.deepEqual(b.filter((k) => !a.includes(k)), [], 'keys only in en');
  for (const k of a) assert.ok(k.split('.').reduce((o: any, p) => o[p], zh) !== '', `${k} is empty in zh-CN`);
});

test('every literal t() key used by a component exists in both languages', () => {
  const all = new Set(keys(zh));
  const missing: string[] = [];
  let used = 0;
  for (const file of sources(SRC)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) {
      used++;
      if (!all.has(m[1])) missing.push(`${file.slice(SRC.length)}: ${m[1]}`);
    }
  }
  assert.ok(used > 100, `found only ${used} labels`);
  assert.deepEqual(missing, []);
});

test('no component renders hard-coded words between tags', () => {
  const offenders: string[] = [];
  for (const file of sources(SRC).filter((f) => f.endsWith('.tsx'))) {
    const text = readFileSync(file, 'utf8');
    // JSX text: something between '>' and '<' (or '{') with a letter or a Chinese character in it.
    for (const m of text.matchAll(/(?<![=])>([^<>{}\n`'"=;()]*[A-Za-z\u4e00-\u9fff][^<>{}\n`'"=;()]*)</g)) {
      if (m[1].trim()) offenders.push(`${file.slice(SRC.length)}: ${m[1].trim()}`);
    }
    for (const m of text.matchAll(/\b(?:title|placeholder|label|okText|cancelText|subTitle|description)="([^"]*[A-Za-z\u4e00-\u9fff][^"]*)"/g)) offenders.push(`${file.slice(SRC.length)}: ${m[1]}`);
  }
  assert.deepEqual(offenders, []);
});
