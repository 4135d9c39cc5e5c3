import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DETECTORS, runDetectors } from '../../classifiers/detectors.ts';
import {
  gb11643CheckChar, gb32100CheckChar, luhnCheckDigit, isValidIsin, isValidCusip, isValidLei, isValidIban,
} from '../../classifiers/checksums.ts';

const id18 = (first17: string) => first17 + gb11643CheckChar(first17);
const wrongLast = (s: string) => s.slice(0, -1) + (s.endsWith('0') ? '1' : '0');
const card = (partial: string) => partial + luhnCheckDigit(partial);
const uscc = (first17: string) => first17 + gb32100CheckChar(first17);

const validId = id18('11010119900307123');
const validUscc = uscc('91440300MABFBYJN2');

// One row per example: detector, value, expected verdict.
const CASES: [string, string, boolean][] = [
  ['cn_resident_id', validId, true],
  ['cn_resident_id', '420106197703151651', true],
  ['cn_resident_id', '42010619670423602X', true],
  ['cn_resident_id', wrongLast(validId), false], // check digit wrong: a serial number, not an ID
  ['cn_resident_id', '202403180652563422', false], // order serial: no province 20, fails the check
  ['cn_resident_id', id18('11010119901307123'), false], // month 13
  ['cn_resident_id', id18('99010119900307123'), false], // no province 99
  ['cn_resident_id', '110101900307123', true], // 15-digit old form
  ['cn_resident_id', '110101901307123', false],
  ['cn_resident_id_shape', wrongLast(validId), true],
  ['cn_uscc', validUscc, true],
  ['cn_uscc', '91310000MA1THEE13T', true],
  ['cn_uscc', wrongLast(validUscc).replace(/.$/, validUscc.endsWith('A') ? 'B' : 'A'), false],
  ['cn_uscc', '91440300MAGKQBUN56', false], // licence number shaped like a USCC, check fails
  ['cn_uscc', '510107197902046220', false], // 18 digits: no region code at positions 3-8
  ['cn_org_code', 'D2143569-1', false],
  ['cn_org_code', '12345678-8', true],
  ['cn_mobile', '18251850865', true],
  ['cn_mobile', '+8613912345678', true],
  ['cn_mobile', '10240315001', false], // batch number: second digit 0
  ['cn_mobile', '1825185086', false],
  ['cn_landline', '021-55501234', true],
  ['cn_landline', '0755-86001122', true],
  ['cn_landline', '(010)88886666', true],
  ['cn_landline', '2024-03-15', false],
  ['bank_card', '6214838211451516225', true],
  ['bank_card', card('622588056367853'), true],
  ['bank_card', '6285231248014997', false], // deal number: Luhn fails
  ['bank_card', '1001126450172420716', false], // corporate account: no card issuer prefix
  ['bank_card', card('510107197902046'), true], // Mastercard is 16 digits ...
  ['bank_card', card('51010719790204622'), false], // ... so an 18-digit 51... is not a card
  ['cn_passport', 'E12345678', true],
  ['cn_passport', 'EA1234567', true],
  ['cn_passport', 'X12345678', false],
  ['hk_mo_permit', 'H12345678', true],
  ['hk_mo_permit', 'M1234567890', true],
  ['hk_mo_permit', 'H1234567', false],
  ['mainland_hk_mo_pass', 'C12345678', true],
  ['tw_permit', '12345678', true],
  ['tw_permit', '20240315', false], // a date, not a permit
  ['securities_account', 'A123456789', true],
  ['securities_account', 'B880012345', true],
  ['securities_account', '0123456789', true],
  ['securities_account', 'AB12345678', false],
  ['postal_address', '上海市浦东新区示例路88弄6号', true],
  ['postal_address', '北京市海淀区样例街12号3单元', true],
  ['postal_address', '示例银行上海分行营业部', false],
  ['cn_person_name', '陈静', true],
  ['cn_person_name', '欧阳娜娜', true],
  ['cn_person_name', '示例银行', false],
  ['cn_person_name', '本科', false],
  ['cn_person_name', '王', false],
  ['date_of_birth', '1985-07-21', true],
  ['date_of_birth', '19850721', true],
  ['date_of_birth', '2024-03-15', false],
  ['date_of_birth', '1985-02-30', false],
  ['email', 'lina95@example.com', true],
  ['email', 'a.b+c@sub.example.cn', true],
  ['email', 'not an email@', false],
  ['email', 'x@y', false],
  ['ipv4', '203.0.113.25', true],
  ['ipv4', '10.20.3.15', true],
  ['ipv4', '256.1.1.1', false],
  ['ipv4', '1.2.3', false],
  ['ipv4', '01.2.3.4', false],
  ['ipv6', '2001:db8::1', true],
  ['ipv6', 'fe80::1ff:fe23:4567:890a', true],
  ['ipv6', '22:30', false],
  ['mac', '00:1A:2B:3C:4D:5E', true],
  ['mac', '00-1a-2b-3c-4d-5e', true],
  ['mac', '00:1A-2B:3C:4D:5E', false],
  ['isin', 'US0378331005', true],
  ['isin', 'CNE10000NZQ4', true],
  ['isin', 'US0378331006', false],
  ['cusip', '037833100', true],
  ['cusip', '037833101', false],
  ['lei', '5493001KJTIIGC8Y1R12', true],
  ['lei', '5493001KJTIIGC8Y1R13', false],
  ['swift_bic', 'DEUTDEFF', true],
  ['swift_bic', 'BKCHCNBJ300', true],
  ['swift_bic', 'SANCTION', false], // "TI" is no country
  ['iban', 'GB82WEST12345698765432', true],
  ['iban', 'DE89370400440532013000', true],
  ['iban', 'GB82WEST12345698765433', false],
  ['us_ssn', '123-45-6789', true],
  ['us_ssn', '000-45-6789', false],
  ['us_ssn', '666-45-6789', false],
  ['us_ssn', '123-00-6789', false],
  ['us_itin', '912-70-1234', true],
  ['us_itin', '912-40-1234', false],
  ['password_hash', '$2a$10$odXk3vFStnvnVrpHyTZCigMgn8hj.9Gvws5zfCA8salq6FeVoFbjB', true],
  ['password_hash', '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG', true],
  ['password_hash', '$100.00', false],
  ['private_key_pem', '-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', true],
  ['private_key_pem', '-----BEGIN PUBLIC KEY-----MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A', false],
  ['masked_value', '138****5210', true],
  ['masked_value', '110101********1234', true],
  ['embedded_pii', '{"custNo":"KH2016390878","idNo":"370202199504037164"}', true],
  ['embedded_pii', '客户来电，回拨电话13912345678，已处理', true],
  ['embedded_pii', '{"orderNo":"202403180652563422","amount":1000}', false],
];

test('each detector accepts its valid values and rejects near misses', () => {
  const byId = new Map(DETECTORS.map((d) => [d.id, d]));
  for (const [id, value, expected] of CASES) {
    const d = byId.get(id);
    assert.ok(d, `detector ${id} exists`);
    // Through the real dispatch path (shape → length → detector), not only the validator.
    const hit = runDetectors([value]).some((r) => r.detectorId === id);
    assert.equal(hit, expected, `${id} on ${value}`);
    assert.equal(d.test(value), expected, `${id}.test on ${value}`);
  }
});

test('every detector has a label, patterns, a category hint and at least one table case', () => {
  const covered = new Set(CASES.map((c) => c[0]));
  for (const d of DETECTORS) {
    assert.ok(d.label && d.patterns.length && /^[A-Z]\d\d$/.test(d.categoryHint), d.id);
    assert.ok(d.gradeHint >= 1 && d.gradeHint <= 4, d.id);
    if (!['fund_account', 'transaction_account', 'date_value', 'bank_card_shape', 'cn_uscc_shape'].includes(d.id)) assert.ok(covered.has(d.id), `no test case for ${d.id}`);
  }
});

test('a column result is a hit ratio over the sampled values', () => {
  const values = [validId, '420106197703151651', wrongLast(validId), '', '  ', 'n/a'];
  const r = runDetectors(values).find((x) => x.detectorId === 'cn_resident_id');
  assert.deepEqual(r, { detectorId: 'cn_resident_id', hits: 2, total: 4, hitRatio: 0.5 });
  assert.deepEqual(runDetectors([]), []);
  assert.deepEqual(runDetectors(['', '']), []);
});

test('check-digit helpers for international identifiers', () => {
  assert.ok(isValidIsin('US5949181045'));
  assert.ok(!isValidIsin('US594918104'));
  assert.ok(isValidCusip('594918104'));
  assert.ok(!isValidCusip('59491810X'));
  assert.ok(isValidLei('300300XDHAYQKZNPDZ61'));
  assert.ok(!isValidLei('300300XDHAYQKZNPDZ62'));
  assert.ok(isValidIban('GB82 WEST 1234 5698 7654 32'));
  assert.ok(!isValidIban('GB00WEST12345698765432'));
});
