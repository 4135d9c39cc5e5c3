// Generated table cells for differential tests: names, Chinese text with full- and half-width
// punctuation, ID numbers, mobiles, dates, decimals, masked values, numbers and fuzz, sometimes
// with full-width forms, spaces around or one character changed. Every carrier kind of the
// watermark is reached, and the shapes every masking rule looks for.

export function cellGenerator(r: () => number) {
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const digits = (n: number) => { let s = ''; for (let i = 0; i < n; i++) s += String(int(10)); return s; };
  const wide = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  /** sometimes full-width forms of some characters, sometimes spaces around */
  function noise(s: string): string {
    const x = r();
    if (x < 0.06) s = wide(s);
    else if (x < 0.12) { const i = int(s.length); s = s.slice(0, i) + wide(s.charAt(i)) + s.slice(i + 1); }
    const y = r();
    if (y < 0.04) s = pick([' ', '  ', '\t', '\u3000', '\u00a0', '\ufeff']) + s;
    else if (y < 0.08) s = s + pick([' ', '\u3000', '\t ', '\n', '\u00a0']);
    return s;
  }

  const SURNAMES = ['张', '王', '李', '欧阳', '诸葛', '赵', '陈'];
  const GIVEN = ['伟', '芳', '娜', '娜娜', '强', '秀英', '明'];
  const WORDS = ['风险等级', '首次', '网上', '定投扣款成功', '每月15日', '华夏成长混合', '北京分公司', '赎回', '申购', 'C3', '备注', 'ABC', '基金'];
  const PUNCT = [',', '，', ':', '：', ';', '；', '(', '（', ')', '）', '!', '！', '?', '？', '、', '。', ' ', '\u3000', '  ', '\t'];
  const FUZZ = [
    ...'0123456789', '-', '/', '.', ',', '+', '*', ' ', '\t', 'T', ':', 'X', 'x', '8', '6', '1', '3', '\u3000', '\u00a0', '\ufeff', '\n',
    '１', '８', '６', '－', '／', '．', '，', '＊', 'Ｘ', 'ｘ', '：', '（', '）', '(', ')', '中', '文', '！', '?', '；', 'a', '@', '\u2028', '\u00e9',
  ];

  function name(): string {
    const n = pick(SURNAMES) + pick(GIVEN);
    const x = r();
    if (x < 0.2) return n + pick(['（经理）', '(经理)', '（经理)', '，先生', ',女士', '：VIP', ' 先生']);
    return n;
  }
  function text(): string {
    let s = '';
    const parts = 1 + int(r() < 0.05 ? 40 : 6);
    for (let i = 0; i < parts; i++) s += pick(WORDS) + (r() < 0.7 ? pick(PUNCT) : '');
    if (r() < 0.1) s = pick(PUNCT) + s;
    return s;
  }
  function idNo(): string {
    const body = '110105' + String(1950 + int(60)) + digits(4) + digits(3);
    return body + pick(['X', 'x', String(int(10)), 'Ｘ', 'Y']);
  }
  function mobile(): string {
    const d = '1' + String(2 + int(8)) + digits(9);
    const sep = pick(['', '', ' ', '-', '  ']);
    let s = sep && r() < 0.9 ? d.slice(0, 3) + sep + d.slice(3, 7) + sep + d.slice(7) : d;
    if (r() < 0.05) s = d.slice(0, 3) + ' ' + d.slice(3, 7) + '-' + d.slice(7);
    const p = r();
    if (p < 0.1) s = pick(['+86', '86', '+86 ', '86-', '+8 6', '+87', '8']) + s;
    if (r() < 0.03) s = s.slice(0, -1);
    return s;
  }
  function date(): string {
    const y = String(1990 + int(40));
    const m = String(1 + int(12)), d = String(1 + int(31));
    const mm = r() < 0.5 ? m.padStart(2, '0') : m, dd = r() < 0.5 ? d.padStart(2, '0') : d;
    const sep = pick(['-', '/']);
    let s = y + sep + mm + (r() < 0.03 ? pick(['-', '/', '.']) : sep) + dd;
    const t = r();
    if (t < 0.15) s += pick([' ', 'T']) + String(int(24)) + ':' + digits(2);
    else if (t < 0.25) s += pick([' ', 'T']) + String(int(24)).padStart(2, '0') + ':' + digits(2) + ':' + digits(2);
    else if (t < 0.28) s += pick([' 1:2', 'T123:45', ' 12:345', ':', 'T', ' 12:34:5', '1']);
    if (r() < 0.02) s = y + sep + digits(3) + sep + dd;
    return s;
  }
  function decimal(): string {
    const intLen = 1 + int(r() < 0.1 ? 17 : 8);
    let ip = digits(intLen);
    if (r() < 0.85 && ip[0] === '0' && ip.length > 1) ip = String(1 + int(9)) + ip.slice(1);
    let frac = digits(1 + int(r() < 0.1 ? 8 : 4));
    if (r() < 0.15) frac = frac.slice(0, -1) + '0';
    if (r() < 0.05) frac = frac.replace(/.$/, '00');
    let g = ip;
    const x = r();
    if (x < 0.4) g = ip.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    else if (x < 0.45) g = ip.slice(0, 1) + ',' + ip.slice(1);
    const sign = r() < 0.1 ? pick(['-', '+']) : '';
    const s = sign + g + '.' + frac;
    return r() < 0.02 ? s + '.' + digits(1) : s;
  }
  function masked(): string {
    const x = r();
    if (x < 0.25) return '138' + '*'.repeat(3 + int(3)) + digits(4);
    if (x < 0.45) return '110105' + '*'.repeat(8 + int(2)) + digits(4);
    if (x < 0.6) return pick(['u', 'ab', '张']) + '*'.repeat(1 + int(4)) + '@example.com';
    if (x < 0.7) return pick(SURNAMES) + '*'.repeat(1 + int(3));
    if (x < 0.8) return pick(['＊＊', '* *', '**', '*', '张**伟', '中 **  文', '1*2**3', 'a\t**\t b', '****']);
    return digits(int(5)) + '*'.repeat(int(4)) + pick(['', ' ', '  x  y', '中']) + digits(int(5));
  }
  function number(): string {
    const x = r();
    if (x < 0.5) return String(int(1_000_000));
    if (x < 0.7) return digits(6);
    if (x < 0.8) return '-' + String(int(100000));
    return digits(7 + int(14));
  }
  function fuzz(): string {
    let s = '';
    const n = int(21);
    for (let i = 0; i < n; i++) s += pick(FUZZ);
    return s;
  }
  function mutate(s: string): string {
    if (s.length === 0) return s;
    const i = int(s.length);
    const x = r();
    if (x < 0.4) return s.slice(0, i) + pick(FUZZ) + s.slice(i + 1);
    if (x < 0.7) return s.slice(0, i) + pick(FUZZ) + s.slice(i);
    return s.slice(0, i) + s.slice(i + 1);
  }

  const KINDS: Array<[string, () => string]> = [
    ['name', name], ['text', text], ['id', idNo], ['mobile', mobile], ['date', date], ['decimal', decimal],
    ['masked', masked], ['number', number], ['empty', () => pick(['', ' ', 'a', '1', '中', '*', '  '])], ['fuzz', fuzz],
  ];

  function generate(): string {
    const [, gen] = KINDS[int(KINDS.length)];
    let v = gen();
    const x = r();
    if (x < 0.12) v = noise(v);
    else if (x < 0.2) v = mutate(v);
    return v;
  }
  return { generate, int, pick };
}
