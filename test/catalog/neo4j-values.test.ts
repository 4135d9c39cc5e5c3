// The Neo4j adapter's conversions, checked with the driver's own value types (no server needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import neo4j from 'neo4j-driver';
import { plainNeo4jValue, neo4jParams } from '../../catalog/graph/neo4j.ts';

const { Node, Relationship, Path, PathSegment, Date: NDate, DateTime, LocalDateTime, Duration, Point } = neo4j.types;

test('integers become numbers, or strings past 2^53', () => {
  assert.equal(plainNeo4jValue(neo4j.int(42)), 42);
  assert.equal(plainNeo4jValue(neo4j.int('9007199254740993')), '9007199254740993');
  assert.equal(plainNeo4jValue(BigInt(7)), 7);
});

test('nodes and relationships become their property maps, deeply converted', () => {
  const n = new Node(neo4j.int(1), ['Column'], { id: 'c1', grade: neo4j.int(3), tags: ['a', neo4j.int(2)] }, 'e1');
  assert.deepEqual(plainNeo4jValue(n), { id: 'c1', grade: 3, tags: ['a', 2] });
  const r = new Relationship(neo4j.int(5), neo4j.int(1), neo4j.int(2), 'FLOWS_TO', { transform: 'copy', weight: neo4j.int(1) }, 'r', 's', 't');
  assert.deepEqual(plainNeo4jValue(r), { transform: 'copy', weight: 1 });
});

test('paths become nodes and relationships', () => {
  const a = new Node(neo4j.int(1), ['C'], { id: 'a' }, 'a');
  const b = new Node(neo4j.int(2), ['C'], { id: 'b' }, 'b');
  const r = new Relationship(neo4j.int(3), neo4j.int(1), neo4j.int(2), 'FLOWS_TO', { transform: 'mask' }, 'r', 'a', 'b');
  const p = new Path(a, b, [new PathSegment(a, r, b)]);
  assert.deepEqual(plainNeo4jValue(p), { nodes: [{ id: 'a' }, { id: 'b' }], relationships: [{ transform: 'mask' }] });
});

test('temporal values become ISO strings', () => {
  assert.equal(plainNeo4jValue(new NDate(2024, 3, 5)), '2024-03-05');
  assert.equal(plainNeo4jValue(new DateTime(2024, 3, 5, 9, 30, 0, 0, 28800)), '2024-03-05T09:30:00+08:00');
  assert.equal(plainNeo4jValue(new LocalDateTime(2024, 3, 5, 9, 30, 0, 0)), '2024-03-05T09:30:00');
  assert.equal(plainNeo4jValue(new Duration(0, 1, 0, 0)), 'P0M1DT0S');
});

test('lists, maps and points are preserved', () => {
  assert.deepEqual(plainNeo4jValue({ a: [neo4j.int(1), { b: null }], c: 'x' }), { a: [1, { b: null }], c: 'x' });
  assert.deepEqual(plainNeo4jValue(new Point(neo4j.int(4326), 1.5, 2.5)), { srid: 4326, x: 1.5, y: 2.5, z: null });
});

test('whole-number parameters are sent as Neo4j integers, undefined as null', () => {
  const p = neo4jParams({ limit: 10, ratio: 0.5, rows: [{ n: 2 }], missing: undefined });
  assert.ok(neo4j.isInt(p.limit));
  assert.equal(p.ratio, 0.5);
  assert.ok(neo4j.isInt((p.rows as { n: unknown }[])[0].n));
  assert.equal(p.missing, null);
});
