// A deterministic fund-holder table as a TA/direct-sales system would export it: names,
// 身份证 numbers (valid GB 11643 check digit), mobiles, fund codes and names, shares,
// amounts, branch, remarks. Shared by the watermark tests and bench/watermark.mjs.

export const HOLDER_HEADER = ['客户姓名', '证件号码', '手机号码', '基金代码', '基金名称', '持有份额', '持有金额', '所属网点', '备注'];

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕玉兰晓红小红文红春梅国平丽娟欣怡梓涵浩宇子轩一诺思远婷婷雨萱俊杰佳怡博文嘉怡宇航'.split('');
const AREAS = ['110101', '110105', '310101', '310115', '440103', '440305', '330106', '320102', '510107', '420106', '370102', '210102'];
const FUNDS: Array<[string, string]> = [
  ['000001', '华夏成长混合'], ['110011', '易方达中小盘混合'], ['161005', '富国天惠成长混合(LOF)A'], ['519069', '汇添富价值精选混合A'],
  ['000083', '汇添富消费行业混合'], ['260108', '景顺长城新兴成长混合'], ['163402', '兴全趋势投资混合(LOF)'], ['000961', '天弘沪深300ETF联接A'],
  ['001938', '中欧时代先锋股票A'], ['005827', '易方达蓝筹精选混合'], ['003095', '中欧医疗健康混合A'], ['161725', '招商中证白酒指数(LOF)A'],
  ['110022', '易方达消费行业股票'], ['000248', '汇添富中证主要消费ETF联接'], ['270042', '广发纳斯达克100ETF联接人民币(QDII)A'], ['050025', '博时标普500ETF联接A'],
  ['000198', '天弘余额宝货币'], ['003003', '华夏现金增利货币A'], ['217022', '招商产业债券A'], ['000171', '易方达裕丰回报债券'],
];
const BRANCHES = ['北京金融街营业部', '上海陆家嘴营业部', '深圳福田营业部', '广州天河营业部', '杭州西湖营业部', '南京新街口营业部', '成都高新营业部', '武汉江汉营业部', '直销中心', '网上交易'];
const CHANNELS = ['手机APP', '网上交易', '直销柜台', '招商银行', '工商银行', '蚂蚁财富', '天天基金'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function idNumber(r: () => number): string {
  const year = 1950 + Math.floor(r() * 55);
  const month = 1 + Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  const seq = String(Math.floor(r() * 1000)).padStart(3, '0');
  const body = pick(r, AREAS) + year + String(month).padStart(2, '0') + String(day).padStart(2, '0') + seq;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * w[i];
  return body + '10X98765432'[sum % 11];
}

function dateText(r: () => number): [number, number, number] {
  return [2019 + Math.floor(r() * 6), 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28)];
}

function remark(r: () => number): string {
  const x = r();
  const [y, m, d] = dateText(r);
  if (x < 0.3) return '';
  if (x < 0.45) return `客户于${y}年${m}月${d}日通过${pick(r, CHANNELS)}申购（首次）`;
  if (x < 0.57) return `风险测评等级：C${1 + Math.floor(r() * 5)}，有效期至${y + 2}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (x < 0.67) return `定投扣款成功，每月${d}日扣款，已扣${1 + Math.floor(r() * 60)}期`;
  if (x < 0.77) return `转托管转入；原销售机构：${pick(r, CHANNELS)}`;
  if (x < 0.85) return `分红方式变更为红利再投资（${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}）`;
  if (x < 0.92) return `大额赎回预约，金额${Math.floor(r() * 900 + 100)}万元，需复核！`;
  return `客户来电咨询净值,已告知${y}年${m}月${d}日净值`;
}

export function holderRow(r: () => number): string[] {
  const name = pick(r, SURNAMES) + pick(r, GIVEN) + (r() < 0.6 ? pick(r, GIVEN) : '');
  const [code, fund] = pick(r, FUNDS);
  const shares = Math.exp(Math.log(100) + r() * (Math.log(5_000_000) - Math.log(100)));
  const nav = 0.8 + r() * 3.2;
  const mobile = '1' + pick(r, ['3', '5', '7', '8', '9']) + String(Math.floor(r() * 1e9)).padStart(9, '0');
  return [name, idNumber(r), mobile, code, fund, shares.toFixed(2), (shares * nav).toFixed(2), pick(r, BRANCHES), remark(r)];
}

export function holderTable(rows: number, seed = 20240601): string[][] {
  const r = rng(seed);
  const out: string[][] = [HOLDER_HEADER];
  for (let i = 0; i < rows; i++) out.push(holderRow(r));
  return out;
}
