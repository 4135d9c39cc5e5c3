import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HarvestedColumn, HarvestedDataset } from '../../catalog/types.ts';
import { diffDatasets } from '../../sources/diff.ts';

const col = (name: string, extra: Partial<HarvestedColumn> = {}): HarvestedColumn => ({ name, ordinal: 1, dataType: 'VARCHAR2(100)', baseType: 'VARCHAR2', length: 100, nullable: true, comment: null, ...extra });
const ds = (name: string, columns: HarvestedColumn[], extra: Partial<HarvestedDataset> = {}): HarvestedDataset => ({ schema: 'TA', name, kind: 'table', columns: columns.map((c, i) => ({ ...c, ordinal: i + 1 })), ...extra });

test('added and dropped datasets; unchanged ones are only counted', () => {
  const d = diffDatasets([ds('A', [col('X')]), ds('B', [col('X')])], [ds('A', [col('X')]), ds('C', [col('X')])]);
  assert.deepEqual(d.added.map((x) => x.name), ['C']);
  assert.deepEqual(d.dropped.map((x) => x.name), ['B']);
  assert.equal(d.changed.length, 0);
  assert.equal(d.unchanged, 1);
});

test('same names in different schemas are different datasets', () => {
  const d = diffDatasets([ds('A', [col('X')])], [{ ...ds('A', [col('X')]), schema: 'TB' }]);
  assert.equal(d.added.length, 1);
  assert.equal(d.dropped.length, 1);
});

const cases: Array<[string, Partial<HarvestedColumn>, string[], boolean, boolean]> = [
  // label, change to column C_NAME, attributes reported, meaning change, type change
  ['length widened', { dataType: 'VARCHAR2(200)', length: 200 }, ['dataType', 'length'], true, true],
  ['type changed', { dataType: 'CLOB', baseType: 'CLOB', length: null }, ['dataType', 'baseType', 'length'], true, true],
  ['precision changed', { dataType: 'VARCHAR2(100)', precision: 5 }, ['precision'], true, true],
  ['comment set', { comment: '客户名称' }, ['comment'], true, false],
  ['nullability only', { nullable: false }, ['nullable'], false, false],
  ['default only', { defaultValue: "'x'" }, ['defaultValue'], false, false],
  ['type spelled in another case', { dataType: 'varchar2(100)' }, [], false, false],
  ['blank comment equals none', { comment: '  ' }, [], false, false],
];
for (const [label, change, attrs, meaning, type] of cases) {
  test(`column change: ${label}`, () => {
    const d = diffDatasets([ds('T', [col('C_NAME'), col('C_ID')])], [ds('T', [col('C_NAME', change), col('C_ID')])]);
    if (!attrs.length) {
      assert.equal(d.changed.length, 0);
      assert.equal(d.unchanged, 1);
      return;
    }
    const c = d.changed[0].changedColumns[0];
    assert.equal(c.column, 'C_NAME');
    assert.deepEqual(c.changes.map((x) => x.attribute), attrs);
    assert.equal(c.meaningChange, meaning);
    assert.equal(c.typeChange, type);
    assert.equal(d.changed[0].meaningChange, meaning);
  });
}

test('added and dropped columns, dataset comment and view SQL changes', () => {
  const before = [ds('T', [col('A'), col('B')], { comment: '旧' }), ds('V', [col('A')], { kind: 'view', viewSql: 'select a from t' })];
  const after = [ds('T', [col('A'), col('C')], { comment: '新' }), ds('V', [col('A')], { kind: 'view', viewSql: 'select  a\nfrom t;' })];
  const d = diffDatasets(before, after);
  assert.equal(d.changed.length, 1, 'whitespace and a trailing semicolon in view SQL are cosmetic');
  const t = d.changed[0];
  assert.deepEqual(t.addedColumns.map((c) => c.name), ['C']);
  assert.deepEqual(t.droppedColumns.map((c) => c.name), ['B']);
  assert.deepEqual(t.changes, [{ attribute: 'comment', before: '旧', after: '新' }]);
  assert.equal(t.meaningChange, true);
  assert.equal(t.changedColumns.length, 0, 'C is new, not a renamed B');
});

test('a column moving position is a cosmetic change', () => {
  const d = diffDatasets([ds('T', [col('A'), col('B')])], [ds('T', [col('B'), col('A')])]);
  assert.equal(d.changed[0].meaningChange, false);
  assert.deepEqual(d.changed[0].changedColumns.map((c) => c.changes.map((x) => x.attribute)), [['ordinal'], ['ordinal']]);
});
