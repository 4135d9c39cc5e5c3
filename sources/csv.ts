// CSV and delimited text files: encoding, delimiter and header sniffed from the first bytes, then
// the whole file streamed once through iconv-lite and papaparse (never loaded into memory) for
// type inference, ragged-row and encoding checks and reservoir samples held in memory only.
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { ColumnSamples, HarvestedColumn, HarvestedDataset, ReadProblem } from '../catalog/types.ts';
import { binaryRatio, detectEncoding, isValidUtf8 } from './encoding.ts';
import { SourceInputError } from './errors.ts';

export interface CsvReadOptions {
  /** Values kept per column for classification (reservoir sample, memory only). Default 100; 0 keeps none. */
  sampleSize?: number;
  /** Force an encoding (iconv-lite name) instead of detecting it. */
  encoding?: string;
  /** Force a delimiter instead of sniffing it. */
  delimiter?: string;
  /** Force header presence instead of sniffing it. */
  hasHeader?: boolean;
  /** Problems listed one by one before they are summarised (default 100). */
  maxProblems?: number;
  /** Stop with an error when more than this share of rows is ragged (default 0.5). */
  maxRaggedRatio?: number;
  signal?: AbortSignal;
}

export interface CsvReadResult {
  dataset: HarvestedDataset;
  samples: ColumnSamples;
  rowCount: number;
  problems: ReadProblem[];
}

const SNIFF_BYTES = 256 * 1024;
const DELIMITERS = [',', ';', '\t', '|'];
const NULL_TOKENS = new Set(['', 'null', 'NULL', '\\N', 'NaN', 'N/A']);
const BOOL_TOKENS = new Set(['true', 'false', 't', 'f', 'yes', 'no', 'y', 'n', '是', '否']);
const INT_RE = /^[+-]?(0|[1-9][0-9]*)$/;
const DEC_RE = /^[+-]?(0|[1-9][0-9]*|[1-9][0-9]{0,2}(,[0-9]{3})+)(\.[0-9]+)?$/;
const DATE_RE = /^([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})$/;
const COMPACT_DATE_RE = /^([0-9]{4})([0-9]{2})([0-9]{2})$/;
const DATETIME_RE = /^([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})[ T]([0-9]{1,2}):([0-9]{2})(:([0-9]{2})(\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$/;

/** Streams one CSV file: never holds more than a chunk of it in memory. */
export async function readCsvFile(path: string, opts: CsvReadOptions = {}): Promise<CsvReadResult> {
  const sampleSize = Math.max(0, Math.floor(opts.sampleSize ?? 100));
  const maxProblems = opts.maxProblems ?? 100;
  const head = await readHead(path);
  if (head.length === 0) throw new SourceInputError(`${path} is empty: a CSV file needs at least a header or one row`, { file: path });

  const det = opts.encoding ? { encoding: opts.encoding, bomLength: 0, isText: true } : detectEncoding(head);
  if (!det.isText || binaryRatio(head) > 0.01) throw new SourceInputError(`${path} is not a CSV or text file (binary content, e.g. a spreadsheet or archive); export it as CSV`, { file: path });
  if (!iconv.encodingExists(det.encoding)) throw new SourceInputError(`unknown encoding "${det.encoding}" for ${path}`, { file: path });
  const encodingLabel = det.encoding === 'utf8' ? (det.bomLength ? 'utf-8-bom' : 'utf-8') : det.encoding;

  const sampleText = iconv.decode(head.subarray(det.bomLength, cutAtLastNewline(head)), det.encoding);
  const delimiter = opts.delimiter ?? sniffDelimiter(sampleText);
  const firstRows = Papa.parse<string[]>(sampleText, { delimiter, preview: 50, skipEmptyLines: true }).data;
  if (!firstRows.length) throw new SourceInputError(`${path} holds no rows`, { file: path });
  const hasHeader = opts.hasHeader ?? sniffHeader(firstRows);
  const width = firstRows[0].length;

  const problems: ReadProblem[] = [];
  let encodingProblems = 0;
  let raggedRows = 0;
  const addProblem = (p: ReadProblem): void => {
    if (p.kind === 'encoding') encodingProblems++;
    if (p.kind === 'ragged-row') raggedRows++;
    if (problems.length < maxProblems) problems.push(p);
  };

  let names: string[] = [];
  let stats: ColumnStats[] = [];
  let reservoirs: Reservoir[] = [];
  let rowCount = 0;
  let line = 1; // line where the next record starts
  let first = true;

  const badLines = new Set<number>();
  const checker = new EncodingCheck(det.encoding, det.bomLength, (l, message) => {
    if (badLines.size < 100_000) badLines.add(l);
    addProblem({ file: path, line: l, message, kind: 'encoding' });
  });
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter, skipEmptyLines: false, newline: undefined });
  const sink = new Transform({
    objectMode: true,
    transform(row: string[], _enc, done: TransformCallback) {
      const recordLine = line;
      let newlines = 1;
      for (const v of row) for (let i = v.indexOf('\n'); i >= 0; i = v.indexOf('\n', i + 1)) newlines++;
      line += newlines;
      if (row.length === 1 && row[0] === '') return done(); // blank line
      if (first) {
        first = false;
        names = hasHeader ? columnNames(row, path, recordLine, addProblem) : row.map((_, i) => `column_${i + 1}`);
        stats = names.map(() => new ColumnStats());
        reservoirs = names.map(() => new Reservoir(sampleSize));
        if (hasHeader) return done();
      }
      rowCount++;
      if (row.length !== names.length) {
        addProblem({ file: path, line: recordLine, message: `row has ${row.length} fields, the header has ${names.length}`, kind: 'ragged-row' });
        return done();
      }
      // a line in another encoding would only add garbled values: reported above, not sampled
      if (badLines.has(recordLine)) return done();
      for (let i = 0; i < row.length; i++) {
        const v = row[i];
        if (det.encoding !== 'utf8' && v.includes('\uFFFD')) {
          addProblem({ file: path, line: recordLine, message: `field ${i + 1} holds bytes that are not valid ${encodingLabel}`, kind: 'encoding' });
        }
        stats[i].add(v);
        if (!NULL_TOKENS.has(v)) reservoirs[i].add(v);
      }
      done();
    },
  });

  try {
    await pipeline(
      createReadStream(path, { highWaterMark: 256 * 1024 }),
      checker,
      iconv.decodeStream(det.encoding, { stripBOM: true }),
      parser,
      sink,
      { signal: opts.signal },
    );
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new SourceInputError(`could not read ${path}: ${(e as Error).message}`, { file: path });
  }

  const dataRows = rowCount;
  if (dataRows >= 2 && raggedRows / dataRows > (opts.maxRaggedRatio ?? 0.5)) {
    throw new SourceInputError(`${path} does not look like ${delimiterName(delimiter)}-separated CSV: ${raggedRows} of ${dataRows} rows have a different number of fields than the header (first at line ${problems.find((p) => p.kind === 'ragged-row')?.line ?? '?'}); check the delimiter and quoting`, { file: path });
  }
  if (encodingProblems > 0 && problems.length >= maxProblems) {
    problems.push({ file: path, line: 0, message: `${encodingProblems} places in total hold bytes that are not valid ${encodingLabel}: the file mixes encodings; re-save it in one encoding (UTF-8 or GBK)`, kind: 'encoding' });
  } else if (encodingProblems > 0) {
    problems.push({ file: path, line: 0, message: `the file mixes encodings (${encodingProblems} places are not valid ${encodingLabel}); re-save it in one encoding (UTF-8 or GBK)`, kind: 'encoding' });
  }
  if (raggedRows > 0 && problems.length >= maxProblems) {
    problems.push({ file: path, line: 0, message: `${raggedRows} ragged rows in total; only the first are listed`, kind: 'ragged-row' });
  }

  const columns: HarvestedColumn[] = names.map((name, i) => ({ name, ordinal: i + 1, ...stats[i].result() }));
  const samples: ColumnSamples = new Map();
  names.forEach((n, i) => samples.set(n, reservoirs[i].values));
  const dataset: HarvestedDataset = {
    schema: null,
    name: basename(path, extname(path)),
    kind: 'file',
    comment: null,
    columns,
    rowEstimate: rowCount,
    file: { path, encoding: encodingLabel, delimiter, hasHeader },
  };
  void width;
  return { dataset, samples, rowCount, problems };
}

export interface CsvFolderResult {
  files: CsvReadResult[];
  /** Files that could not be read at all (line 0), and the problems of those that could. */
  problems: ReadProblem[];
}

/** Reads every *.csv and *.txt file directly in `dir` (sorted by name). */
export async function readCsvFolder(dir: string, opts: CsvReadOptions = {}): Promise<CsvFolderResult> {
  let entries: string[];
  try {
    entries = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile() && /\.(csv|txt)$/i.test(d.name)).map((d) => d.name).sort();
  } catch (e) {
    throw new SourceInputError(`cannot read folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const files: CsvReadResult[] = [];
  const problems: ReadProblem[] = [];
  for (const name of entries) {
    const path = join(dir, name);
    try {
      const r = await readCsvFile(path, opts);
      files.push(r);
      problems.push(...r.problems);
    } catch (e) {
      if (!(e instanceof SourceInputError)) throw e;
      problems.push({ file: path, line: 0, message: e.message, kind: 'bad-value' });
    }
  }
  return { files, problems };
}

async function readHead(path: string): Promise<Buffer> {
  let fh;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new SourceInputError(`${path} is not a file`, { file: path });
    fh = await open(path, 'r');
  } catch (e) {
    if (e instanceof SourceInputError) throw e;
    throw new SourceInputError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: path });
  }
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function cutAtLastNewline(buf: Buffer): number {
  if (buf.length < SNIFF_BYTES) return buf.length;
  const i = buf.lastIndexOf(10);
  return i > 0 ? i : buf.length;
}

function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '|' ? 'pipe' : JSON.stringify(d);
}

/** The delimiter whose rows have the most consistent field count (> 1), parsed by papaparse. */
export function sniffDelimiter(text: string): string {
  let best = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const rows = Papa.parse<string[]>(text, { delimiter: d, preview: 50, skipEmptyLines: true }).data;
    if (!rows.length) continue;
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    const [mode, freq] = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
    if (mode < 2) continue;
    const score = (freq / rows.length) * 1000 + Math.min(mode, 100);
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

/** A first row is a header when its cells are non-empty, distinct, and none looks like a value the rows hold (number, date). */
export function sniffHeader(rows: string[][]): boolean {
  const [head, ...rest] = rows;
  if (!head || head.some((h) => h.trim() === '')) return false;
  if (new Set(head).size !== head.length) return false;
  const valueLike = (v: string): boolean => DEC_RE.test(v.trim()) || DATE_RE.test(v.trim()) || DATETIME_RE.test(v.trim()) || COMPACT_DATE_RE.test(v.trim());
  if (head.some(valueLike)) return false;
  if (!rest.length) return true;
  // any column whose rows are typed (numbers, dates) while the first cell is text: a header
  const typed = head.some((_, i) => rest.every((r) => r[i] !== undefined && r[i] !== '' && valueLike(r[i])));
  if (typed) return true;
  // all-text data: a header when the first row's cells are not repeated below
  return head.every((h, i) => !rest.some((r) => r[i] === h));
}

function columnNames(row: string[], file: string, line: number, addProblem: (p: ReadProblem) => void): string[] {
  const seen = new Set<string>();
  return row.map((raw, i) => {
    let name = raw.replace(/^\uFEFF/, '').trim();
    if (!name) {
      name = `column_${i + 1}`;
      addProblem({ file, line, message: `header field ${i + 1} is empty; named it ${name}`, kind: 'bad-value' });
    }
    if (seen.has(name)) {
      let k = 2;
      while (seen.has(`${name}_${k}`)) k++;
      addProblem({ file, line, message: `header "${name.slice(0, 100)}" repeats; the repeat is named ${name}_${k}`, kind: 'bad-value' });
      name = `${name}_${k}`;
    }
    seen.add(name);
    return name;
  });
}

/** Algorithm R: a uniform sample of at most `size` values from a stream of unknown length. */
export class Reservoir {
  readonly values: string[] = [];
  private seen = 0;
  constructor(private readonly size: number) {}
  add(v: string): void {
    if (this.size === 0) return;
    this.seen++;
    if (this.values.length < this.size) this.values.push(v);
    else {
      const j = Math.floor(Math.random() * this.seen);
      if (j < this.size) this.values[j] = v;
    }
  }
}

/** Type inference over a column's values, one value at a time. */
export class ColumnStats {
  private nulls = 0;
  private values = 0;
  private maxLength = 0;
  private canInt = true;
  private canDecimal = true;
  private canDate = true;
  private canCompactDate = true;
  private canDatetime = true;
  private canBool = true;
  private maxIntDigits = 0;
  private maxScale = 0;
  private maxAbsInt = 0;

  add(raw: string): void {
    if (NULL_TOKENS.has(raw)) {
      this.nulls++;
      return;
    }
    this.values++;
    const len = codePointLength(raw);
    if (len > this.maxLength) this.maxLength = len;
    const v = raw.trim();
    if (this.canBool && !BOOL_TOKENS.has(v.toLowerCase())) this.canBool = false;
    if (this.canInt && (!INT_RE.test(v) || v.replace(/^[+-]/, '').length > 18)) this.canInt = false;
    if (this.canInt) this.maxAbsInt = Math.max(this.maxAbsInt, Math.abs(Number(v)));
    if (this.canDecimal) {
      if (!DEC_RE.test(v)) this.canDecimal = false;
      else {
        const [intPart, frac = ''] = v.replace(/^[+-]/, '').replace(/,/g, '').split('.');
        this.maxIntDigits = Math.max(this.maxIntDigits, intPart === '0' ? 1 : intPart.length);
        this.maxScale = Math.max(this.maxScale, frac.length);
        if (this.maxIntDigits + this.maxScale > 38) this.canDecimal = false;
      }
    }
    if (this.canDate) {
      const m = DATE_RE.exec(v);
      if (!m || !validDate(+m[1], +m[3], +m[4])) this.canDate = false;
    }
    if (this.canCompactDate) {
      const m = COMPACT_DATE_RE.exec(v);
      if (!m || !validDate(+m[1], +m[2], +m[3]) || +m[1] < 1900 || +m[1] > 2100) this.canCompactDate = false;
    }
    if (this.canDatetime) {
      const m = DATETIME_RE.exec(v);
      if (!m || !validDate(+m[1], +m[3], +m[4]) || +m[5] > 23 || +m[6] > 59 || (m[8] !== undefined && +m[8] > 60)) this.canDatetime = false;
    }
  }

  result(): Omit<HarvestedColumn, 'name' | 'ordinal'> {
    const nullable = this.nulls > 0 || this.values === 0;
    const base = { nullable, defaultValue: null, comment: null, length: null as number | null, precision: null as number | null, scale: null as number | null };
    if (this.values === 0) return { ...base, dataType: 'TEXT', baseType: 'TEXT' };
    if (this.canBool) return { ...base, dataType: 'BOOLEAN', baseType: 'BOOLEAN' };
    if (this.canCompactDate && !this.canBool) return { ...base, dataType: 'DATE', baseType: 'DATE' };
    if (this.canInt) {
      const big = this.maxAbsInt > 2147483647;
      return { ...base, dataType: big ? 'BIGINT' : 'INTEGER', baseType: big ? 'BIGINT' : 'INTEGER', precision: this.maxIntDigits, scale: 0 };
    }
    if (this.canDecimal) {
      const p = this.maxIntDigits + this.maxScale;
      return { ...base, dataType: `DECIMAL(${p},${this.maxScale})`, baseType: 'DECIMAL', precision: p, scale: this.maxScale };
    }
    if (this.canDate) return { ...base, dataType: 'DATE', baseType: 'DATE' };
    if (this.canDatetime) return { ...base, dataType: 'TIMESTAMP', baseType: 'TIMESTAMP' };
    return { ...base, dataType: `VARCHAR(${this.maxLength})`, baseType: 'VARCHAR', length: this.maxLength };
  }
}

function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

/**
 * Watches the raw bytes line by line: in a UTF-8 file, lines that are not valid UTF-8; in a GBK/GB18030
 * file, lines that are valid multi-byte UTF-8 (a UTF-8 part pasted into a GBK file). Passes bytes through.
 */
class EncodingCheck extends Transform {
  private line = 1;
  private carry: Buffer = Buffer.alloc(0);
  private skipBom: number;
  constructor(private readonly encoding: string, bomLength: number, private readonly report: (line: number, message: string) => void) {
    super();
    this.skipBom = bomLength;
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    if (this.skipBom) {
      data = data.subarray(this.skipBom);
      this.skipBom = 0;
    }
    let start = 0;
    for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, start)) {
      this.checkLine(data.subarray(start, i));
      start = i + 1;
      this.line++;
    }
    // keep the partial last line, bounded: a line over 1 MiB is only checked in part
    this.carry = Buffer.from(data.subarray(start, start + Math.min(data.length - start, 1 << 20)));
    // pass the bytes on only after their lines were checked, so rows of a flagged line are known as such
    this.push(chunk);
    done();
  }
  override _flush(done: TransformCallback): void {
    if (this.carry.length) this.checkLine(this.carry);
    done();
  }
  private checkLine(bytes: Buffer): void {
    let high = false;
    for (const b of bytes) if (b >= 0x80) { high = true; break; }
    if (!high) return;
    if (this.encoding === 'utf8') {
      if (!isValidUtf8(bytes, false)) this.report(this.line, 'line is not valid UTF-8 while the file is UTF-8: the file mixes encodings');
    } else if (this.encoding === 'gb18030' || this.encoding === 'gbk') {
      if (isValidUtf8(bytes, false) && utf8MultibyteCount(bytes) >= 2) this.report(this.line, 'line is UTF-8 while the file is GBK/GB18030: the file mixes encodings');
    }
  }
}

function utf8MultibyteCount(bytes: Buffer): number {
  let k = 0;
  for (const b of bytes) if (b >= 0xc2 && b <= 0xf4) k++;
  return k;
}
