// Text encoding detection for harvested files: UTF-8 (with or without BOM), GBK/GB18030, and
// what jschardet recognises otherwise; decoding through iconv-lite.
import iconv from 'iconv-lite';
import jschardet from 'jschardet';

export interface DetectedEncoding {
  /** iconv-lite encoding name: `utf8`, `gb18030`, `utf16le`, ... */
  encoding: string;
  /** Bytes to skip at the start (a byte-order mark). */
  bomLength: number;
  /** Whether the sample looked like text at all. */
  isText: boolean;
}

/** True when `buf` is valid UTF-8, allowing a multi-byte sequence cut at the end of the sample. */
export function isValidUtf8(buf: Uint8Array, allowTruncatedEnd = true): boolean {
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; }
    else return false;
    if (i + need >= n) {
      // the sequence runs past the end of the sample
      if (!allowTruncatedEnd) return false;
      for (let k = i + 1; k < n; k++) if ((buf[k] & 0xc0) !== 0x80) return false;
      return true;
    }
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

/** Share of bytes that no text file holds (NUL and C0 controls other than tab, CR, LF, FF, ESC, SUB). */
export function binaryRatio(buf: Uint8Array): number {
  if (!buf.length) return 0;
  let bad = 0;
  for (const b of buf) if (b === 0 || (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27 && b !== 26)) bad++;
  return bad / buf.length;
}

export function detectEncoding(sample: Uint8Array): DetectedEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf8', bomLength: 3, isText: true };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf16le', bomLength: 2, isText: true };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf16be', bomLength: 2, isText: true };
  if (binaryRatio(sample) > 0.01) return { encoding: 'binary', bomLength: 0, isText: false };
  if (isValidUtf8(sample)) return { encoding: 'utf8', bomLength: 0, isText: true };
  // Not UTF-8: in this domain that is GBK/GB18030 unless the detector is sure of another CJK or UTF-16 encoding.
  const all = jschardet.detectAll(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength));
  const top = all[0];
  const name = (top?.encoding ?? '').toLowerCase();
  const OTHER = new Set(['big5', 'shift_jis', 'euc-jp', 'euc-kr', 'utf-16le', 'utf-16be']);
  if (top && top.confidence >= 0.9 && OTHER.has(name) && !all.some((g) => /^gb/i.test(g.encoding ?? '')) && iconv.encodingExists(name)) {
    return { encoding: name, bomLength: 0, isText: true };
  }
  return { encoding: 'gb18030', bomLength: 0, isText: true };
}

/** Decodes a whole buffer after detecting its encoding. */
export function decodeText(buf: Buffer): { text: string; encoding: string } {
  const det = detectEncoding(buf.subarray(0, 1 << 20));
  if (!det.isText) return { text: '', encoding: 'binary' };
  if (det.encoding === 'utf8' && !isValidUtf8(buf, false)) {
    const gb = iconv.decode(buf.subarray(det.bomLength), 'gb18030');
    return { text: gb, encoding: 'gb18030' };
  }
  return { text: iconv.decode(buf.subarray(det.bomLength), det.encoding), encoding: det.encoding === 'utf8' && det.bomLength ? 'utf8-bom' : det.encoding };
}
