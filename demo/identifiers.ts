// Valid-looking but fake identifiers for the demo estate: checksummed resident IDs, mobiles,
// bank cards, unified social credit codes, ISINs. Every value comes from the seeded Faker.
import type { Faker } from '@faker-js/faker';
import { gb11643CheckChar, gb32100CheckChar, gb11714CheckChar, luhnCheckDigit } from '../classifiers/checksums.ts';

/** Real administrative-division codes (GB/T 2260) with the names used in addresses. */
export interface Region { code: string; province: string; city: string; district: string; zip: string; phoneArea: string }

export const REGIONS: Region[] = [
  { code: '110101', province: '北京市', city: '北京市', district: '东城区', zip: '100010', phoneArea: '010' },
  { code: '110105', province: '北京市', city: '北京市', district: '朝阳区', zip: '100020', phoneArea: '010' },
  { code: '110108', province: '北京市', city: '北京市', district: '海淀区', zip: '100080', phoneArea: '010' },
  { code: '310104', province: '上海市', city: '上海市', district: '徐汇区', zip: '200030', phoneArea: '021' },
  { code: '310115', province: '上海市', city: '上海市', district: '浦东新区', zip: '200120', phoneArea: '021' },
  { code: '310106', province: '上海市', city: '上海市', district: '静安区', zip: '200040', phoneArea: '021' },
  { code: '440305', province: '广东省', city: '深圳市', district: '南山区', zip: '518052', phoneArea: '0755' },
  { code: '440304', province: '广东省', city: '深圳市', district: '福田区', zip: '518033', phoneArea: '0755' },
  { code: '440106', province: '广东省', city: '广州市', district: '天河区', zip: '510630', phoneArea: '020' },
  { code: '330106', province: '浙江省', city: '杭州市', district: '西湖区', zip: '310012', phoneArea: '0571' },
  { code: '330203', province: '浙江省', city: '宁波市', district: '海曙区', zip: '315000', phoneArea: '0574' },
  { code: '320102', province: '江苏省', city: '南京市', district: '玄武区', zip: '210018', phoneArea: '025' },
  { code: '320506', province: '江苏省', city: '苏州市', district: '吴中区', zip: '215128', phoneArea: '0512' },
  { code: '510107', province: '四川省', city: '成都市', district: '武侯区', zip: '610041', phoneArea: '028' },
  { code: '420106', province: '湖北省', city: '武汉市', district: '武昌区', zip: '430061', phoneArea: '027' },
  { code: '370202', province: '山东省', city: '青岛市', district: '市南区', zip: '266001', phoneArea: '0532' },
  { code: '370102', province: '山东省', city: '济南市', district: '历下区', zip: '250014', phoneArea: '0531' },
  { code: '350203', province: '福建省', city: '厦门市', district: '思明区', zip: '361001', phoneArea: '0592' },
  { code: '430104', province: '湖南省', city: '长沙市', district: '岳麓区', zip: '410006', phoneArea: '0731' },
  { code: '610113', province: '陕西省', city: '西安市', district: '雁塔区', zip: '710061', phoneArea: '029' },
  { code: '120101', province: '天津市', city: '天津市', district: '和平区', zip: '300041', phoneArea: '022' },
  { code: '500103', province: '重庆市', city: '重庆市', district: '渝中区', zip: '400010', phoneArea: '023' },
  { code: '210202', province: '辽宁省', city: '大连市', district: '中山区', zip: '116001', phoneArea: '0411' },
  { code: '410105', province: '河南省', city: '郑州市', district: '金水区', zip: '450003', phoneArea: '0371' },
];

/** Issuer prefixes (BIN) of UnionPay debit cards, with the bank's 3-digit TA bank code. */
export interface Bank { code: string; name: string; short: string; bins: string[]; length: number }

export const BANKS: Bank[] = [
  { code: '102', name: '中国工商银行', short: '工行', bins: ['622202', '621226', '622208'], length: 19 },
  { code: '103', name: '中国农业银行', short: '农行', bins: ['622848', '622845', '621282'], length: 19 },
  { code: '104', name: '中国银行', short: '中行', bins: ['621661', '621785', '620514'], length: 19 },
  { code: '105', name: '中国建设银行', short: '建行', bins: ['621700', '622700', '436742'], length: 19 },
  { code: '301', name: '交通银行', short: '交行', bins: ['622262', '622260'], length: 19 },
  { code: '308', name: '招商银行', short: '招行', bins: ['622588', '621483', '621286'], length: 16 },
  { code: '302', name: '中信银行', short: '中信', bins: ['622690', '621771'], length: 16 },
  { code: '310', name: '上海浦东发展银行', short: '浦发', bins: ['622521', '621792'], length: 16 },
];

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155',
  '156', '157', '158', '159', '166', '173', '176', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199'];

export function digits(f: Faker, n: number): string {
  return f.string.numeric({ length: n, allowLeadingZeros: true });
}

/** GB 11643 resident ID with a real region code, the birth date and a sex-matching sequence. */
export function residentId(f: Faker, region: Region, birth: string, male: boolean): string {
  const seq2 = digits(f, 2);
  const sexDigit = f.helpers.arrayElement(male ? ['1', '3', '5', '7', '9'] : ['0', '2', '4', '6', '8']);
  const first17 = region.code + birth.replaceAll('-', '') + seq2 + sexDigit;
  return first17 + gb11643CheckChar(first17);
}

export function mobile(f: Faker): string {
  return f.helpers.arrayElement(MOBILE_PREFIXES) + digits(f, 8);
}

export function landline(f: Faker, region: Region): string {
  return `${region.phoneArea}-${f.helpers.arrayElement(['2', '5', '6', '8'])}${digits(f, region.phoneArea.length === 3 ? 7 : 6)}`;
}

/** Luhn-valid card number with a real issuer prefix of `bank`. */
export function bankCard(f: Faker, bank: Bank): string {
  const partial = f.helpers.arrayElement(bank.bins) + digits(f, bank.length - 7);
  return partial + luhnCheckDigit(partial);
}

const USCC_SAFE = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100 unified social credit code: 9 (market regulator), 1 (enterprise), region, GB 11714 org code, check. */
export function uscc(f: Faker, region: Region): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += i < 2 && f.number.int(3) === 0 ? f.helpers.arrayElement([...USCC_SAFE.slice(10)]) : digits(f, 1);
  const orgCode = body + gb11714CheckChar(body)!;
  const first17 = '91' + region.code + orgCode;
  return first17 + gb32100CheckChar(first17)!;
}

/** ISIN for a Chinese security: CNE + 8 alphanumerics + Luhn over the letters expanded to numbers. */
export function isin(f: Faker, prefix: string): string {
  const body = (prefix + f.string.alphanumeric({ length: 12, casing: 'upper' })).slice(0, 11);
  const expanded = [...body].map((c) => (c >= 'A' && c <= 'Z' ? String(c.charCodeAt(0) - 55) : c)).join('');
  return body + luhnCheckDigit(expanded);
}

export function passport(f: Faker): string {
  return 'E' + digits(f, 8);
}
