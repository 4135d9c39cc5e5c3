// Masking rules, one row per example, the expected mask beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskValue, maskRuleFor, shapeOf, type MaskRule } from '../../catalog/masking.ts';

const CASES: [string, MaskRule, string][] = [
  ['张三', 'name', '张*'],
  ['欧阳娜娜', 'name', '欧***'],
  ['张', 'name', '张*'],
  ['110105199001011234', 'id_number', '110105********1234'],
  ['11010519900101123X', 'id_number', '110105********123X'],
  ['13812345678', 'mobile', '138****5678'],
  ['138 1234 5678', 'mobile', '138****5678'],
  ['6222021234567890123', 'bank_card', '***************0123'],
  ['jane.doe@example.com', 'email', 'j***@example.com'],
  ['secret-pass', 'redact', '******'],
  ['北京市朝阳区建国路88号', 'generic', '北**********号'],
  ['abc', 'generic', '***'],
  ['', 'name', ''],
  // auto: the value's shape picks the rule
  ['王芳', 'auto', '王*'],
  ['11010519900101123X', 'auto', '110105********123X'],
  ['13812345678', 'auto', '138****5678'],
  ['6222 0212 3456 7890 123', 'auto', '***************0123'],
  ['li.na@fund.cn', 'auto', 'l***@fund.cn'],
  ['12345.67', 'auto', '1******7'],
];

for (const [value, rule, expected] of CASES) {
  test(`${rule}: ${JSON.stringify(value)} → ${expected}`, () => assert.equal(maskValue(value, rule), expected));
}

test('no mask leaves the clear value or its middle digits', () => {
  for (const [value, rule] of CASES) {
    if (value.length < 4) continue;
    const m = maskValue(value, rule);
    assert.notEqual(m, value);
    if (/^\d{11,}$/.test(value.replace(/\s/g, ''))) assert.ok(!m.includes(value.replace(/\s/g, '').slice(4, 8)));
  }
});

test('category → rule: longest prefix; secrets are redacted; unknown categories generic', () => {
  assert.equal(maskRuleFor('C01'), 'auto');
  assert.equal(maskRuleFor('C0301'), 'auto');
  assert.equal(maskRuleFor('C09'), 'redact');
  assert.equal(maskRuleFor('P01'), 'generic');
  assert.equal(maskRuleFor(null), 'generic');
});

test('shapes', () => {
  assert.equal(shapeOf('110105900101123'), 'id_number');
  assert.equal(shapeOf('23812345678'), 'generic');
  assert.equal(shapeOf('a@b'), 'generic');
  assert.equal(shapeOf('Zhang San'), 'generic');
});
