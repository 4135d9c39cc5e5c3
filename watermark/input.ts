// Recognising what a file is before touching it: XLSX (zip), binary junk, or text in
// UTF-8 (with or without BOM), UTF-16, GB18030/GBK or another legacy encoding; and which
// delimiter a CSV or pasted fragment uses.
import iconv from 'iconv-lite';
import jschardet from 'jschardet';
import Papa from 'papaparse';
import { WatermarkError } from './errors.ts';

export type TextEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be' | 'gb18030' | string;

export const SNIFF_BYTES = 64 * 1024;

export function isZip(buf: Uint8Array): boolean {
  return buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
}

/** Throws when a sample is clearly not text (NUL bytes or many control characters). */
export function assertTextSample(sample: Uint8Array, what: string): void {
  if (sample.length === 0) return;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i];
    if (b === 0) throw new WatermarkError('BINARY', `${what} is a binary file, not CSV or text (it contains NUL bytes); pass a CSV, XLSX or pasted text rows`);
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  if (control > sample.length / 100) {
    throw new WatermarkError('BINARY', `${what} is a binary file, not CSV or text (${control} control bytes in the first ${sample.length}); pass a CSV, XLSX or pasted text rows`);
  }
}

/** Picks the encoding of a text sample (the first bytes of a file). */
export function sniffEncoding(sample: Uint8Array, what = 'the input'): TextEncoding {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf8-bom';
  if (sample.length >= 2 && sample[0] === 0xff && sample[1] === 0xfe) return 'utf16le';
  if (sample.length >= 2 && sample[0] === 0xfe && sample[1] === 0xff) return 'utf16be';
  if (isZip(sample)) throw new WatermarkError('INPUT', `${what} is a zip/XLSX file, not CSV text; give it an .xlsx name or pass it as XLSX`);
  assertTextSample(sample, what);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf8';
  } catch {
    // not UTF-8: a legacy encoding
  }
  const guess = jschardet.detect(Buffer.from(sample));
  const name = (guess.encoding ?? '').toLowerCase();
  if (name === 'big5') return 'big5';
  if (name && !/^(gb|ascii|utf)/.test(name) && guess.confidence > 0.8 && iconv.encodingExists(name)) return name;
  // GB18030 is a superset of GBK and GB2312 and round-trips their bytes unchanged
  return 'gb18030';
}

export function iconvName(enc: TextEncoding): string {
  return enc === 'utf8-bom' ? 'utf8' : enc === 'gbk' ? 'gb18030' : enc;
}

export function encodeText(text: string, enc: TextEncoding): Buffer {
  if (enc === 'utf8' || enc === 'utf8-bom') return Buffer.from(text, 'utf8');
  return iconv.encode(text, iconvName(enc));
}

export function decodeBuffer(buf: Buffer, what = 'the input'): { text: string; encoding: TextEncoding } {
  const encoding = sniffEncoding(buf.subarray(0, SNIFF_BYTES), what);
  if (encoding !== 'utf8' && encoding !== 'utf8-bom' && encoding !== 'utf16le' && encoding !== 'utf16be') {
    assertTextSample(buf.subarray(SNIFF_BYTES, SNIFF_BYTES * 4), what);
  }
  let text = iconv.decode(buf, iconvName(encoding));
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, encoding };
}

export const DELIMITERS = [',', '\t', ';', '|'];

/** The delimiter of a CSV or pasted sample, or null when the lines have no common one. */
export function sniffDelimiter(sample: string): string | null {
  const cut = sample.length > SNIFF_BYTES ? sample.slice(0, sample.lastIndexOf('\n', SNIFF_BYTES) + 1 || SNIFF_BYTES) : sample;
  const res = Papa.parse<string[]>(cut, { delimitersToGuess: DELIMITERS, preview: 50, skipEmptyLines: true });
  const d = res.meta.delimiter;
  if (!d) return null;
  const multi = res.data.filter((r) => r.length > 1).length;
  return multi > 0 ? d : null;
}

export function sniffNewline(sample: string): '\r\n' | '\n' {
  const i = sample.indexOf('\n');
  return i > 0 && sample.charCodeAt(i - 1) === 0x0d ? '\r\n' : '\n';
}

/** Rows of a decoded text: a delimited file, or pasted rows split on tabs or runs of spaces. */
export function textToRows(text: string): string[][] {
  const delimiter = sniffDelimiter(text);
  if (delimiter) {
    return Papa.parse<string[]>(text, { delimiter, skipEmptyLines: true }).data;
  }
  return text.split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => l.split(/\t| {2,}/));
}
