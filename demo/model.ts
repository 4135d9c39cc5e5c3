// The synthetic fund manager's business data, generated in memory from a seed: funds,
// customers and accounts (TA), confirmations and share balances, valuation, investment, CRM.
// Amounts are kept in cents (integers) so sums reconcile exactly; the loader writes decimals.
import { Faker, zh_CN, en, base } from '@faker-js/faker';
import { REGIONS, BANKS, residentId, mobile, landline, bankCard, uscc, isin, passport, digits, type Region } from './identifiers.ts';

export type Row = Record<string, string | number | boolean | null>;
export type DemoTables = Record<string, Row[]>;

export const COMPANY = '鼎信基金管理有限公司';
/** The last three business days: share snapshots, NAV and positions exist for each. */
export const SNAPSHOT_DATES = ['2024-06-26', '2024-06-27', '2024-06-28'];
const HOLIDAYS = new Set(['2024-01-01', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15', '2024-02-16',
  '2024-04-04', '2024-04-05', '2024-05-01', '2024-05-02', '2024-05-03', '2024-06-10']);

export function businessDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(from + 'T00:00:00Z'); d <= new Date(to + 'T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1)) {
    const iso = d.toISOString().slice(0, 10);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !HOLIDAYS.has(iso)) out.push(iso);
  }
  return out;
}

/** Cents → decimal string with two places. */
export const money = (cents: number): string => {
  const neg = cents < 0; const a = Math.abs(Math.round(cents));
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
};
const ymd = (iso: string) => Number(iso.replaceAll('-', ''));

export interface Fund { code: string; name: string; type: string; typeName: string; shareClass: string; trustee: string; setup: string; manager: string; ztbh: number; portfolio: string; nav0: number; money: boolean; dividends: number }
export interface Agency { no: string; name: string; type: string; channel: string }
export interface Customer {
  fundAcco: string; tradeAcco: string; custNo: string; crmNo: string; individual: boolean; name: string; idType: string; idNo: string;
  male: boolean; birth: string | null; region: Region; mobile: string; tel: string; email: string; address: string; agency: string;
  openDate: string; bank: { code: string; name: string; card: string; branch: string }; reprName: string | null; reprId: string | null;
  contact: string | null; riskLevel: string; bonusType: string;
}
export interface Security { code: string; name: string; market: string; type: string; isin: string; price0: number }

export const AGENCIES: Agency[] = [
  { no: '000', name: `${COMPANY}直销中心`, type: '0', channel: '直销' },
  { no: '002', name: '中国工商银行股份有限公司', type: '1', channel: '银行' },
  { no: '003', name: '中国农业银行股份有限公司', type: '1', channel: '银行' },
  { no: '005', name: '中国建设银行股份有限公司', type: '1', channel: '银行' },
  { no: '007', name: '招商银行股份有限公司', type: '1', channel: '银行' },
  { no: '016', name: '华泰证券股份有限公司', type: '2', channel: '券商' },
  { no: '020', name: '上海天天基金销售有限公司', type: '3', channel: '第三方' },
  { no: '021', name: '蚂蚁（杭州）基金销售有限公司', type: '3', channel: '第三方' },
];

export const BUSINESS_CODES: Record<string, string> = { '020': '认购', '022': '申购', '024': '赎回', '029': '修改分红方式', '036': '基金转换', '039': '定期定额申购' };
const FUND_THEMES: [string, string, string, boolean][] = [
  ['稳健增长混合', '3', '混合型', false], ['沪深300指数增强', '4', '指数型', false], ['货币市场基金', '2', '货币型', true],
  ['纯债债券', '1', '债券型', false], ['消费升级股票', '0', '股票型', false], ['科技创新混合', '3', '混合型', false],
  ['中证500交易型开放式指数', '4', '指数型', false], ['双债增利债券', '1', '债券型', false], ['医疗健康股票', '0', '股票型', false],
  ['安心收益混合', '3', '混合型', false], ['添利货币', '2', '货币型', true], ['价值精选混合', '3', '混合型', false],
];
const TRUSTEES = ['中国工商银行股份有限公司', '中国建设银行股份有限公司', '招商银行股份有限公司', '交通银行股份有限公司', '中国银行股份有限公司'];
const VOCATIONS = ['01', '02', '03', '04', '05', '06', '07', '08'];
const STOCK_HEADS = ['华', '中', '金', '恒', '新', '东', '海', '长', '天', '光', '国', '嘉', '瑞', '宏', '鑫', '远', '安', '正', '同', '永'];
const STOCK_MIDS = ['泰', '信', '达', '通', '盛', '源', '科', '润', '丰', '联', '创', '宇', '德', '凯', '祥', '华', '晨', '鼎'];
const STOCK_TAILS = ['科技', '电子', '医药', '银行', '能源', '材料', '智能', '股份', '电气', '食品', '传媒', '精工', '环保', '软件', '化工', '汽车'];

export interface DemoData {
  tables: DemoTables;
  funds: Fund[];
  customers: Customer[];
  staff: string[];
  securities: Security[];
  /** The fund and date whose valuation total shares were booked wrong on purpose (failing reconciliation). */
  injectedBreak: { fundCode: string; date: string; differenceCents: number };
}

export function generateDemoData(seed: number, rows: number): DemoData {
  const f = new Faker({ locale: [zh_CN, en, base] });
  f.seed(seed);
  const pick = <T>(a: readonly T[]): T => f.helpers.arrayElement(a);
  const chance = (p: number) => f.number.float({ min: 0, max: 1 }) < p;
  const int = (min: number, max: number) => f.number.int({ min, max });
  const personName = (male?: boolean) => f.person.lastName() + f.person.firstName(male === undefined ? undefined : male ? 'male' : 'female');

  const days = businessDays('2024-01-02', '2024-06-28');
  const staff = Array.from({ length: 30 }, () => personName());
  const tables: DemoTables = {};

  // ── funds ────────────────────────────────────────────────────────────────────────────
  const codes = new Set<string>();
  const funds: Fund[] = FUND_THEMES.map(([theme, type, typeName, isMoney], i) => {
    let code: string;
    do code = pick(['00', '01', '16', '51', '00']) + digits(f, 4); while (codes.has(code));
    codes.add(code);
    const shareClass = isMoney || type === '4' ? 'A' : pick(['A', 'C']);
    return {
      code, name: `鼎信${theme}${isMoney || theme.includes('交易型') ? '' : shareClass}`, type, typeName, shareClass, trustee: pick(TRUSTEES),
      setup: f.date.between({ from: '2012-01-01', to: '2023-06-30' }).toISOString().slice(0, 10), manager: staff[i % 10],
      ztbh: 1001 + i, portfolio: `P${code}01`, nav0: isMoney ? 1 : f.number.float({ min: 0.85, max: 2.6, fractionDigits: 4 }), money: isMoney,
      dividends: isMoney ? 0 : f.number.float({ min: 0, max: 0.6, fractionDigits: 4 }),
    };
  });
  const nav = new Map<string, number>(); // `${fund}|${date}` → NAV (4 places)
  for (const fd of funds) {
    let v = fd.nav0;
    for (const d of days) {
      if (!fd.money) v = Math.max(0.3, Math.round(v * (1 + f.number.float({ min: -0.018, max: 0.019 })) * 10000) / 10000);
      nav.set(`${fd.code}|${d}`, v);
    }
  }
  tables['ta.tfundinfo'] = funds.map((fd) => ({
    c_fundcode: fd.code, c_fundname: fd.name, c_fundtype: fd.type, c_shareclass: fd.shareClass === 'A' ? '0' : '1', c_fundstatus: '0',
    c_trustee: fd.trustee, d_setupdate: fd.setup, f_minbid: fd.money ? '0.01' : pick(['10.00', '100.00', '1000.00']), d_lastmodify: '2024-06-28',
  }));
  tables['ta.tagencyinfo'] = AGENCIES.map((a) => ({ c_agencyno: a.no, c_agencyname: a.name, c_agencytype: a.type, d_lastmodify: '2024-01-02' }));
  const dict: [number, string, string, string][] = [
    [1001, '0', '身份证', '个人证件类型'], [1001, '1', '护照', '个人证件类型'], [1001, '4', '港澳居民来往内地通行证', '个人证件类型'],
    [1002, '8', '统一社会信用代码', '机构证件类型'],
    ...Object.entries(BUSINESS_CODES).map(([k, v]): [number, string, string, string] => [1003, k, v, '业务代码']),
    [1004, '0', '红利再投资', '分红方式'], [1004, '1', '现金红利', '分红方式'],
    [1005, '0', '股票型', '基金类型'], [1005, '1', '债券型', '基金类型'], [1005, '2', '货币型', '基金类型'], [1005, '3', '混合型', '基金类型'], [1005, '4', '指数型', '基金类型'],
    [1006, '0', '正常', '账户状态'], [1006, '1', '冻结', '账户状态'], [1006, '4', '销户', '账户状态'],
    [1007, '0', '机构', '客户类型'], [1007, '1', '个人', '客户类型'],
    [1008, '1', '男', '性别'], [1008, '2', '女', '性别'],
  ];
  tables['ta.tdictionary'] = dict.map(([k, v, c, m]) => ({ l_keyno: k, c_keyvalue: v, c_caption: c, c_memo: m }));

  // ── customers and accounts ───────────────────────────────────────────────────────────
  const customers: Customer[] = [];
  const acctBase = int(3000000000, 3900000000);
  for (let i = 0; i < rows; i++) {
    const individual = i % 10 !== 9;
    const region = pick(REGIONS);
    const male = chance(0.52);
    const agency = chance(0.25) ? '000' : pick(AGENCIES.slice(1)).no;
    const openDate = f.date.between({ from: '2015-01-01', to: '2024-06-20' }).toISOString().slice(0, 10);
    const street = `${f.location.street()}${int(1, 899)}号${int(1, 30)}栋${int(1, 28)}${String(int(1, 4)).padStart(2, '0')}室`;
    const address = `${region.province}${region.city === region.province ? '' : region.city}${region.district}${street}`;
    const bank = pick(BANKS);
    let name: string, idType: string, idNo: string, birth: string | null = null, reprName: string | null = null, reprId: string | null = null, contact: string | null = null;
    if (individual) {
      name = personName(male);
      birth = f.date.between({ from: '1948-01-01', to: '2005-12-31' }).toISOString().slice(0, 10);
      if (chance(0.97)) { idType = '0'; idNo = residentId(f, region, birth, male); }
      else if (chance(0.5)) { idType = '1'; idNo = passport(f); }
      else { idType = '4'; idNo = pick(['H', 'M']) + digits(f, 8); }
    } else {
      name = `${region.city.replace('市', '')}${pick(STOCK_HEADS)}${pick(STOCK_MIDS)}${pick(['投资管理', '实业', '科技', '资产管理', '贸易'])}有限公司`;
      idType = '8'; idNo = uscc(f, region);
      reprName = personName();
      const rb = f.date.between({ from: '1955-01-01', to: '1990-12-31' }).toISOString().slice(0, 10);
      reprId = residentId(f, pick(REGIONS), rb, chance(0.6));
      contact = personName();
    }
    const fundAcco = '10' + String(acctBase + i * 37 + int(0, 36));
    customers.push({
      fundAcco, tradeAcco: agency + digits(f, 6) + String(i).padStart(8, '0'), custNo: 'C' + fundAcco.slice(2),
      crmNo: `KH${openDate.slice(0, 4)}${String(i + 1).padStart(6, '0')}`, individual, name, idType, idNo, male: individual ? male : false,
      birth, region, mobile: mobile(f), tel: landline(f, region), email: `${f.internet.username().toLowerCase().replace(/[^a-z0-9._]/g, '')}@${pick(['163.com', 'qq.com', '126.com', 'sina.com', 'foxmail.com'])}`,
      address, agency, openDate,
      bank: { code: bank.code, name: bank.name, card: bankCard(f, bank), branch: `${bank.name}${region.city.replace('市', '')}${region.district.replace(/区$/, '')}支行` },
      reprName, reprId, contact, riskLevel: pick(['C1', 'C2', 'C3', 'C3', 'C4', 'C5']), bonusType: chance(0.3) ? '0' : '1',
    });
  }
  tables['ta.taccoinfo'] = customers.map((c) => ({
    c_fundacco: c.fundAcco, c_tradeacco: c.tradeAcco, c_custno: c.custNo, c_custtype: c.individual ? '1' : '0', c_custname: c.name,
    c_identitytype: c.idType, c_identityno: c.idNo, c_agencyno: c.agency, c_accostatus: chance(0.02) ? '1' : '0', d_opendate: c.openDate, d_lastmodify: c.openDate,
  }));
  tables['ta.tcustextinfo'] = customers.map((c) => ({
    c_fundacco: c.fundAcco, c_mobiletelno: c.individual || chance(0.5) ? c.mobile : null, c_telno: chance(0.4) ? c.tel : null, c_email: chance(0.7) ? c.email : null,
    c_address: c.address, c_zipcode: c.region.zip, c_sex: c.individual ? (c.male ? '1' : '2') : null, d_birthday: c.birth,
    c_vocation: c.individual ? pick(VOCATIONS) : null, c_instreprname: c.reprName, c_instrepridno: c.reprId, c_contact: c.contact,
  }));
  tables['ta.taccobank'] = customers.map((c, i) => ({
    l_serialno: i + 1, c_fundacco: c.fundAcco, c_bankno: c.bank.code, c_bankacco: c.bank.card, c_nameinbank: c.name, c_bankname: c.bank.branch, d_lastmodify: c.openDate,
  }));

  // ── confirmations (chronological), then share snapshots computed from them ───────────
  const lastSnapshot = SNAPSHOT_DATES[SNAPSHOT_DATES.length - 1];
  const confirmDates = Array.from({ length: rows }, (_, i) => i < rows * 0.15 ? pick(SNAPSHOT_DATES) : pick(days.filter((d) => d < SNAPSHOT_DATES[0]))).sort();
  const balance = new Map<string, number>(); // `${acct}|${fund}` → cents
  const preferred = customers.map(() => [pick(funds), pick(funds)]);
  const confirms: Row[] = [];
  const snapshots = new Map<string, Map<string, number>>(); // date → key → cents
  let snapIndex = 0;
  const takeSnapshot = () => { snapshots.set(SNAPSHOT_DATES[snapIndex], new Map(balance)); snapIndex++; };
  confirmDates.forEach((cdate, i) => {
    while (snapIndex < SNAPSHOT_DATES.length && cdate > SNAPSHOT_DATES[snapIndex]) takeSnapshot();
    const ci = int(0, customers.length - 1); const c = customers[ci];
    const fd = chance(0.75) ? preferred[ci][0] : preferred[ci][1];
    const key = `${c.fundAcco}|${fd.code}`;
    const held = balance.get(key) ?? 0;
    const v = nav.get(`${fd.code}|${cdate}`)!;
    let flag: string; let amt: number; let shares: number; let fee = 0;
    if (held > 0 && chance(0.28)) {
      flag = '024';
      shares = chance(0.3) ? held : Math.max(1, Math.round(held * f.number.float({ min: 0.1, max: 0.9 })));
      amt = Math.round(shares * v); fee = fd.money ? 0 : Math.round(amt * 0.005);
      balance.set(key, held - shares); shares = -shares;
    } else {
      flag = chance(0.15) ? '039' : '022';
      amt = (c.individual ? int(10, 5000) * 100 : int(500, 100000) * 100) * 100;
      fee = fd.money ? 0 : Math.round(amt * 0.0015);
      shares = Math.round((amt - fee) / v);
      balance.set(key, held + shares);
    }
    confirms.push({
      c_cserialno: `${cdate.replaceAll('-', '')}${String(i + 1).padStart(8, '0')}`, d_cdate: cdate, d_requestdate: days[Math.max(0, days.indexOf(cdate) - 1)],
      c_businflag: flag, c_agencyno: c.agency, c_fundacco: c.fundAcco, c_tradeacco: c.tradeAcco, c_fundcode: fd.code,
      f_confirmbalance: money(amt), f_confirmshares: money(Math.abs(shares)), f_netvalue: v.toFixed(4), f_totalfare: money(fee), c_returncode: '0000',
    });
  });
  while (snapIndex < SNAPSHOT_DATES.length) takeSnapshot();
  tables['ta.tconfirm'] = confirms;
  const byAcct = new Map(customers.map((c) => [c.fundAcco, c]));
  const fundByCode = new Map(funds.map((fd) => [fd.code, fd]));
  const totalShares = new Map<string, number>(); // `${fund}|${date}` → cents
  tables['ta.tstaticshares'] = [];
  for (const d of SNAPSHOT_DATES) {
    for (const [key, cents] of [...snapshots.get(d)!.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (cents <= 0) continue;
      const [acct, fundCode] = key.split('|'); const c = byAcct.get(acct)!;
      totalShares.set(`${fundCode}|${d}`, (totalShares.get(`${fundCode}|${d}`) ?? 0) + cents);
      tables['ta.tstaticshares'].push({
        d_cdate: d, c_fundacco: acct, c_fundcode: fundCode, c_tradeacco: c.tradeAcco, c_agencyno: c.agency, c_shareclass: fundByCode.get(fundCode)!.shareClass === 'A' ? '0' : '1',
        f_realshares: money(cents), f_frozenshares: c.fundAcco.endsWith('7') && cents > 1000000 ? money(100000) : '0.00', c_bonustype: c.bonusType, l_version: 1,
      });
    }
  }

  // ── securities and prices ────────────────────────────────────────────────────────────
  const securities: Security[] = [];
  const secCodes = new Set<string>();
  const nStocks = Math.max(60, Math.min(300, Math.round(rows / 12)));
  while (securities.length < nStocks) {
    const board = pick(['60', '60', '688', '000', '002', '300']);
    const code = board + digits(f, 6 - board.length);
    if (secCodes.has(code)) continue;
    secCodes.add(code);
    const sh = code.startsWith('6');
    securities.push({ code, name: pick(STOCK_HEADS) + pick(STOCK_MIDS) + pick(STOCK_TAILS), market: sh ? '1' : '2', type: 'S', isin: isin(f, sh ? 'CNE1000' : 'CNE0000'), price0: f.number.float({ min: 3, max: 180, fractionDigits: 2 }) });
  }
  while (securities.length < nStocks + 40) {
    const code = pick(['019', '113', '127', '123']) + digits(f, 3);
    if (secCodes.has(code)) continue;
    secCodes.add(code);
    const convertible = !code.startsWith('019');
    securities.push({
      code, name: convertible ? `${pick(STOCK_HEADS)}${pick(STOCK_MIDS)}转债` : `24国债${String(int(1, 30)).padStart(2, '0')}`, market: code.startsWith('1') && code[1] === '1' || code.startsWith('019') ? '1' : '2',
      type: 'B', isin: isin(f, 'CND0000'), price0: f.number.float({ min: 96, max: 130, fractionDigits: 2 }),
    });
  }
  tables['invest.inv_security'] = securities.map((s) => ({ sec_code: s.code, sec_name: s.name, market_no: s.market, sec_type: s.type, isin: s.isin, stop_flag: chance(0.02) ? '1' : '0' }));
  const price = new Map<string, number>();
  for (const s of securities) {
    let p = s.price0;
    for (const d of SNAPSHOT_DATES) { p = Math.round(p * (1 + f.number.float({ min: -0.03, max: 0.03 })) * 100) / 100; price.set(`${s.code}|${d}`, p); }
  }
  tables['valuation.tzq_gzjg'] = SNAPSHOT_DATES.flatMap((d) => securities.map((s) => {
    const p = price.get(`${s.code}|${d}`)!;
    return { d_rq: d, c_zqdm: s.code, en_spj: p.toFixed(4), en_gzj: (s.type === 'B' ? p + 0.0321 : p).toFixed(4) };
  }));

  // ── positions (investment) = securities holdings (valuation) ─────────────────────────
  const stocks = securities.filter((s) => s.type === 'S'); const bonds = securities.filter((s) => s.type === 'B');
  const positions: { date: string; fund: Fund; sec: Security; qty: number; cost: number }[] = [];
  for (const fd of funds) {
    const universe = fd.type === '1' || fd.money ? bonds : stocks;
    const held = f.helpers.arrayElements(universe, Math.min(universe.length, fd.type === '1' || fd.money ? int(8, 15) : int(20, 45)));
    const qty = new Map(held.map((s) => [s.code, (s.type === 'B' ? int(10, 500) * 1000 : int(50, 8000) * 100) * 100]));
    const cost = new Map(held.map((s) => [s.code, Math.round(s.price0 * f.number.float({ min: 0.8, max: 1.2 }) * 100) / 100]));
    for (const d of SNAPSHOT_DATES) {
      for (const s of held) {
        if (d !== SNAPSHOT_DATES[0] && chance(0.2)) qty.set(s.code, Math.max(10000, qty.get(s.code)! + (chance(0.5) ? 1 : -1) * int(1, 20) * 10000));
        positions.push({ date: d, fund: fd, sec: s, qty: qty.get(s.code)!, cost: cost.get(s.code)! });
      }
    }
  }
  tables['invest.inv_position'] = positions.map((p) => ({
    biz_date: p.date, fund_code: p.fund.code, sec_code: p.sec.code, hold_qty: money(p.qty), cost_amt: money(Math.round(p.qty * p.cost)),
    mkt_value: money(Math.round(p.qty * price.get(`${p.sec.code}|${p.date}`)!)), update_time: `${p.date} 15:30:00`,
  }));
  const kmPrefix = (s: Security) => (s.type === 'B' ? '11031301' : s.market === '1' ? '11020101' : '11023101');
  tables['valuation.tgz_zqcc'] = positions.map((p) => {
    const sz = Math.round(p.qty * price.get(`${p.sec.code}|${p.date}`)!); const cb = Math.round(p.qty * p.cost);
    return {
      l_ztbh: p.fund.ztbh, d_ywrq: p.date, c_kmdm: kmPrefix(p.sec) + p.sec.code, c_jjdm: p.fund.code, c_zqdm: p.sec.code,
      c_kmmc: p.sec.name, l_sl: money(p.qty), en_cb: money(cb), en_sz: money(sz), en_gzzz: money(sz - cb), c_tpbz: '0',
    };
  });

  // ── valuation: ledgers, NAV with the deliberate break ────────────────────────────────
  tables['valuation.tztxx'] = funds.map((fd) => ({ l_ztbh: fd.ztbh, c_ztmc: fd.name, c_jjdm: fd.code, c_tgyh: fd.trustee, d_qyrq: fd.setup }));
  const breakFund = funds[2 % funds.length];
  const injectedBreak = { fundCode: breakFund.code, date: lastSnapshot, differenceCents: 1234567 };
  tables['valuation.tgz_jzxx'] = SNAPSHOT_DATES.flatMap((d, di) => funds.map((fd) => {
    let shares = totalShares.get(`${fd.code}|${d}`) ?? 0;
    if (fd === breakFund && d === injectedBreak.date) shares += injectedBreak.differenceCents;
    const v = nav.get(`${fd.code}|${d}`)!; const prev = nav.get(`${fd.code}|${days[days.indexOf(d) - 1]}`)!;
    return {
      l_ztbh: fd.ztbh, d_ywrq: d, c_jjdm: fd.code, en_dwjz: v.toFixed(4), en_ljjz: (v + (fd.money ? 0 : fd.dividends)).toFixed(4),
      en_zcjz: money(Math.round(shares * v)), en_jjzfe: money(shares), en_rzzl: (((v - prev) / prev) * 100).toFixed(4),
      c_fhr: staff[20 + di], c_zt: '1',
    };
  }));
  const ACCOUNTS: [string, string][] = [['1002', '银行存款'], ['1021', '结算备付金'], ['1102', '股票投资'], ['1103', '债券投资'], ['1203', '应收利息'],
    ['2206', '应付管理人报酬'], ['2207', '应付托管费'], ['3001', '实收基金'], ['6011', '利息收入'], ['6101', '公允价值变动损益']];
  const SUMMARIES = ['计提管理费', '计提托管费', '申购款确认', '赎回款确认', '股票买入清算', '债券利息计提', '估值增值', '银行存款利息'];
  const june = days.filter((d) => d >= '2024-06-01');
  tables['valuation.tgz_pzxx'] = [];
  const vouchers = Math.max(1, Math.floor(rows / 2));
  for (let v = 0; v < vouchers; v++) {
    const fd = pick(funds); const d = pick(june); const amount = int(1000, 50000000);
    const [dr, cr] = f.helpers.arrayElements(ACCOUNTS, 2);
    const zy = pick(SUMMARIES); const maker = staff[20 + int(0, 4)]; const checker = staff[25 + int(0, 4)];
    tables['valuation.tgz_pzxx'].push(
      { l_ztbh: fd.ztbh, d_ywrq: d, l_pzh: v + 1, l_flh: 1, c_kmdm: dr[0], c_zy: `${zy}-${dr[1]}`, en_jfje: money(amount), en_dfje: '0.00', c_zdr: maker, c_fhr: checker },
      { l_ztbh: fd.ztbh, d_ywrq: d, l_pzh: v + 1, l_flh: 2, c_kmdm: cr[0], c_zy: `${zy}-${cr[1]}`, en_jfje: '0.00', en_dfje: money(amount), c_zdr: maker, c_fhr: checker },
    );
  }

  // ── investment: portfolios, decisions, instructions → entrusts → trades ──────────────
  tables['invest.inv_portfolio'] = funds.map((fd) => ({ portfolio_no: fd.portfolio, fund_code: fd.code, portfolio_name: `${fd.name}-主组合`, pm_name: fd.manager }));
  tables['invest.inv_decision'] = Array.from({ length: 24 }, (_, i) => {
    const fd = pick(funds); const s = pick(fd.type === '1' || fd.money ? bonds : stocks);
    return {
      decision_id: 20240001 + i, meeting_date: pick(days.filter((d) => d >= '2024-04-01')), fund_code: fd.code,
      decision_content: `同意${fd.name}将${s.name}(${s.code})${pick(['纳入核心股票池', '增持至目标权重', '减持至目标权重', '清仓'])}，分${int(2, 5)}个交易日执行。`,
      target_weight: f.number.float({ min: 0, max: 0.08, fractionDigits: 4 }).toFixed(4), attendees: f.helpers.arrayElements(staff.slice(0, 12), 4).join('、'),
      status: pick(['已通过', '已通过', '待执行', '已否决']),
    };
  });
  const recent = days.filter((d) => d >= '2024-04-01');
  tables['invest.inv_instruction'] = []; tables['invest.inv_entrust'] = []; tables['invest.inv_trade'] = [];
  const holderIds = new Map(funds.map((fd) => [fd.code, { sh: 'B88' + digits(f, 7), sz: '08' + digits(f, 8) }]));
  for (let i = 0; i < rows; i++) {
    const fd = pick(funds); const s = pick(fd.type === '1' || fd.money ? bonds : stocks); const d = pick(recent);
    const dir = pick(['1', '2']); const qty = (s.type === 'B' ? int(1, 100) * 1000 : int(1, 500) * 100) * 100;
    const px = Math.round(s.price0 * f.number.float({ min: 0.9, max: 1.1 }) * 100) / 100;
    const instrId = 900000000 + i; const entrustNo = 500000000 + i;
    const hh = int(9, 14); const mm = int(0, 59);
    tables['invest.inv_instruction'].push({
      instr_id: instrId, instr_date: ymd(d), fund_code: fd.code, portfolio_no: fd.portfolio, sec_code: s.code, trade_dir: dir,
      instr_qty: money(qty), limit_price: px.toFixed(4), pm_name: fd.manager, instr_status: pick(['3', '3', '3', '2', '4']),
      remark: chance(0.3) ? pick([`${dir === '1' ? '逢低买入' : '逢高卖出'}，控制冲击成本`, '按投决会决议执行', '调整行业配置', `跟踪指数调整：${s.name}`]) : null,
      create_time: `${d} ${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00`,
    });
    const hid = holderIds.get(fd.code)!;
    tables['invest.inv_entrust'].push({
      entrust_no: entrustNo, instr_id: instrId, biz_date: ymd(d), fund_code: fd.code, sec_code: s.code, market_no: s.market, entrust_dir: dir,
      entrust_qty: money(qty), entrust_price: px.toFixed(4), stockholder_id: s.market === '1' ? hid.sh : hid.sz, trader_name: staff[12 + int(0, 5)],
      entrust_time: hh * 10000 + mm * 100 + int(0, 59),
    });
    if (chance(0.9)) {
      const dq = chance(0.8) ? qty : Math.round(qty / 200) * 100;
      const dp = Math.round(px * f.number.float({ min: 0.995, max: 1.005 }) * 10000) / 10000;
      tables['invest.inv_trade'].push({
        deal_no: `${ymd(d)}${s.market}${String(i + 1).padStart(10, '0')}`, entrust_no: entrustNo, biz_date: ymd(d), fund_code: fd.code, sec_code: s.code,
        deal_qty: money(dq), deal_price: dp.toFixed(4), deal_amt: money(Math.round((dq / 100) * dp * 100)), deal_time: hh * 10000 + mm * 100 + int(0, 59),
      });
    }
  }

  // ── CRM / direct sales (pinyin columns) ──────────────────────────────────────────────
  const people = customers.filter((c) => c.individual); const orgs = customers.filter((c) => !c.individual);
  tables['crm.crm_khxx'] = people.map((c) => ({
    khbh: c.crmNo, khxm: c.name, xb: c.male ? '1' : '2', csrq: c.birth, zjlx: c.idType.padStart(2, '0'), zjhm: c.idNo, sjhm: c.mobile,
    dzyx: chance(0.6) ? c.email : null, txdz: c.address, yzbm: c.region.zip, yhzh: c.agency === '000' ? c.bank.card : null, khyh: c.agency === '000' ? c.bank.name : null,
    jjzh: c.fundAcco, khjl: c.agency === '000' ? staff[5 + int(0, 6)] : null, khdj: pick(['01', '02', '03', '04']), fxdj: c.riskLevel,
    bz: chance(0.08) ? pick([`客户要求改用手机${mobile(f)}联系`, '年底前回访，关注养老目标产品', '不接受电话营销', `配偶${personName()}亦为本公司客户`]) : null,
    cjsj: `${c.openDate} ${String(int(9, 17)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:00`,
  }));
  tables['crm.crm_jgkh'] = orgs.map((c, i) => ({
    jgbh: `JG${String(i + 1).padStart(6, '0')}`, jgmc: c.name, tyshxydm: c.idNo, jglx: pick(['企业', '私募', '保险', '银行理财']),
    fddbr: c.reprName, fddbrzjhm: c.reprId, lxr: c.contact, lxrsj: mobile(f), zcdz: c.address, jjzh: c.fundAcco,
  }));
  tables['crm.crm_bfjl'] = Array.from({ length: Math.floor(rows / 2) }, (_, i) => {
    const c = pick(people);
    return {
      bfid: i + 1, khbh: c.crmNo, bfrq: pick(days), bflx: pick(['电话', '面访', '微信', '活动']), bfr: staff[5 + int(0, 6)],
      bfnr: pick(['介绍新发产品，客户有兴趣', '解答赎回到账时间问题', '年度资产配置沟通', '风险测评到期提醒', `客户关注${pick(funds).name}近期净值波动`]),
      xcjh: chance(0.5) ? pick(['一个月后回访', '发送产品资料', '邀请参加投资者教育活动']) : null,
    };
  });
  tables['crm.crm_fxcp'] = Array.from({ length: Math.floor(rows / 2) }, (_, i) => {
    const c = people[i % people.length];
    const answers = Object.fromEntries(Array.from({ length: 10 }, (_, q) => [`q${q + 1}`, pick(['A', 'B', 'C', 'D'])]));
    const score = Object.values(answers).reduce((s, a) => s + ' ABCD'.indexOf(a) * 2.5, 0);
    const level = score < 35 ? 'C1' : score < 50 ? 'C2' : score < 65 ? 'C3' : score < 80 ? 'C4' : 'C5';
    const d = pick(days);
    return { cpid: i + 1, khbh: c.crmNo, wjbh: 'FXCP-2023-V2', dtjg: JSON.stringify(answers), df: Math.round(score), fxdj: level, cpsj: `${d} 10:15:00`, yxqz: `${Number(d.slice(0, 4)) + 2}${d.slice(4) === '-02-29' ? '-02-28' : d.slice(4)}` };
  });

  return { tables, funds, customers, staff, securities, injectedBreak };
}
