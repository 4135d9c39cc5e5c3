import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import canonicalize from 'canonicalize';
import { GENESIS_HASH, canonicalEvent, canonicalValue, eventHash, fastCanonicalEvent, type HashedEvent } from '../../audit/chain.ts';

const base: HashedEvent = {
  seq: 1, at: '2024-05-01T08:00:00.000Z', actor: 'admin', action: 'user.grant', target: 'user:alice',
  grade: null, request_id: null, export_id: null, outcome: 'ok', details: {},
};

test('the hash is HMAC-SHA-256(key, prev_hash || canonical JSON) exactly as audit/README.md documents it', () => {
  const key = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
  const event: HashedEvent = { ...base, grade: 3, details: { role: 'steward', b: [1, 2.5, true, null] } };
  const written = '{"action":"user.grant","actor":"admin","at":"2024-05-01T08:00:00.000Z","details":{"b":[1,2.5,true,null],"role":"steward"},' +
    '"export_id":null,"grade":3,"outcome":"ok","request_id":null,"seq":1,"target":"user:alice"}';
  assert.equal(canonicalEvent(event), written);
  const expected = createHmac('sha256', key).update(GENESIS_HASH + written, 'utf8').digest('hex');
  assert.equal(eventHash(key, GENESIS_HASH, canonicalEvent(event)), expected);
  assert.equal(GENESIS_HASH, '0'.repeat(64));
  assert.notEqual(eventHash(Buffer.alloc(32, 1), GENESIS_HASH, written), expected);
});

// The verifier's fast serialiser must agree with the reference package on every value jsonb can return.
const tricky: Array<[string, Record<string, unknown>]> = [
  ['empty', {}],
  ['numbers', { a: 1e21, b: 1e-7, c: 0.1 + 0.2, d: -0, e: 5e-324, f: 9007199254740993, g: -1.5e300, h: 100, i: 123456789.125 }],
  ['unicode keys sort by UTF-16 code units', { '\u00e9': 1, e: 2, E: 3, '\ud83d\ude00': 4, '\uff61': 5, '10': 6, '9': 7, '': 8 }],
  ['escapes', { s: 'line\nbreak "quoted" back\\slash \u2028 \u001f tab\t', emoji: '\ud83d\udc4d', cjk: '基金 客户 身份证号' }],
  ['nested', { z: { y: { x: [1, { b: 2, a: [] }, 'c', false] } }, a: [[[]]], n: null }],
];
for (const [name, details] of tricky) {
  test(`fast canonical JSON equals the canonicalize package: ${name}`, () => {
    const event = { ...base, seq: 987654321, grade: 4, request_id: 'req-1', export_id: 'exp-\u00e9', details };
    assert.equal(fastCanonicalEvent(event), canonicalEvent(event));
    assert.equal(canonicalValue(details), canonicalize(details));
  });
}

test('fast canonical JSON equals the canonicalize package on random JSON values', () => {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const chars = ['a', 'Z', '0', '"', '\\', '\n', '\u00e9', '\u4e2d', '\ud83d\ude00', ' ', '\u007f', '\u0001'];
  const str = () => Array.from({ length: Math.floor(rnd() * 6) }, () => chars[Math.floor(rnd() * chars.length)]).join('');
  const value = (depth: number): unknown => {
    const k = Math.floor(rnd() * (depth > 3 ? 4 : 6));
    if (k === 0) return str();
    if (k === 1) return (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
    if (k === 2) return rnd() < 0.5;
    if (k === 3) return null;
    if (k === 4) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 5) }, () => [str(), value(depth + 1)]));
  };
  for (let i = 0; i < 2000; i++) {
    const details = JSON.parse(JSON.stringify({ v: value(0), w: value(0) }));
    assert.equal(canonicalValue(details), canonicalize(details), JSON.stringify(details));
  }
});

test('a changed field, seq, time or previous hash changes the hash', () => {
  const key = Buffer.alloc(32, 9);
  const h = eventHash(key, GENESIS_HASH, canonicalEvent(base));
  assert.notEqual(eventHash(key, GENESIS_HASH, canonicalEvent({ ...base, seq: 2 })), h);
  assert.notEqual(eventHash(key, GENESIS_HASH, canonicalEvent({ ...base, at: '2024-05-01T08:00:00.001Z' })), h);
  assert.notEqual(eventHash(key, GENESIS_HASH, canonicalEvent({ ...base, target: null })), h);
  assert.notEqual(eventHash(key, GENESIS_HASH, canonicalEvent({ ...base, details: { x: 1 } })), h);
  assert.notEqual(eventHash(key, '1'.repeat(64), canonicalEvent(base)), h);
});
