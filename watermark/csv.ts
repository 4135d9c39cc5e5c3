// Streaming CSV marking: bytes in, marked bytes out, in the same encoding, delimiter and
// line ending. Memory stays bounded: the parser holds one chunk and one partial row.
import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { WatermarkError } from './errors.ts';
import {
  encodeText, iconvName, sniffDelimiter, sniffEncoding, sniffNewline, SNIFF_BYTES, type TextEncoding,
} from './input.ts';
import { createCellMarker, type MarkOptions } from './table.ts';

export interface CsvMarkOptions extends MarkOptions {
  /** input (and output) encoding; sniffed from the first 64 KiB when absent */
  encoding?: 'utf8' | 'utf8-bom' | 'gbk' | 'gb18030' | TextEncoding;
  /** sniffed when absent (one of , TAB ; |) */
  delimiter?: string;
}

export interface CsvStreamInfo {
  encoding: TextEncoding;
  delimiter: string;
  newline: string;
  rows: number;
}

type RowMapper = (row: string[]) => string[];

/**
 * CSV bytes → CSV bytes with every row passed through `mapRow`. The one parse-and-write
 * loop of this module, with marking or (for comparison) without.
 */
export function createCsvRewriter(mapRow: RowMapper, opts: { encoding?: string; delimiter?: string; what?: string } = {}): Transform & { info: CsvStreamInfo } {
  const what = opts.what ?? 'the CSV input';
  const info: CsvStreamInfo = { encoding: opts.encoding ?? '', delimiter: opts.delimiter ?? '', newline: '\n', rows: 0 };
  let head: Buffer[] | null = [];
  let headLen = 0;
  let decoder: { write(b: Buffer): string; end(): string | undefined } | null = null;
  let parser: Papa.Parser | null = null;
  let partial = '';
  let started = false;

  const unparseConfig = { delimiter: ',', newline: '\n' };

  function emit(self: Transform, rows: string[][]): void {
    if (rows.length === 0) return;
    const out = new Array<string[]>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = mapRow(rows[i]);
    info.rows += rows.length;
    let text = Papa.unparse(out, unparseConfig) + info.newline;
    if (!started) {
      started = true;
      if (info.encoding === 'utf8-bom') text = '\ufeff' + text;
    }
    self.push(encodeText(text, info.encoding));
  }

  function parseText(self: Transform, text: string, last: boolean): void {
    if (!parser) {
      if (!info.delimiter) info.delimiter = sniffDelimiter(text) ?? ',';
      info.newline = sniffNewline(text);
      unparseConfig.delimiter = info.delimiter;
      unparseConfig.newline = info.newline;
      parser = new Papa.Parser({ delimiter: info.delimiter, newline: info.newline as '\n' | '\r\n', skipEmptyLines: true });
    }
    let input = partial + text;
    // the final line break may differ from the others ("\r\n" file ending in "\n")
    if (last) input = input.replace(/[\r\n]+$/, '');
    if (input.length === 0) return;
    const res = parser.parse(input, 0, !last);
    partial = last ? '' : input.slice(res.meta.cursor);
    emit(self, res.data as string[][]);
  }

  function start(self: Transform, sample: Buffer): void {
    if (!info.encoding) info.encoding = sniffEncoding(sample, what);
    else sniffEncoding(sample, what); // still refuses binary and zip input
    decoder = iconv.getDecoder(iconvName(info.encoding));
  }

  function feed(self: Transform, chunk: Buffer): void {
    let text = decoder!.write(chunk);
    if (!started && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    parseText(self, text, false);
  }

  const t = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      try {
        if (head) {
          head.push(chunk);
          headLen += chunk.length;
          if (headLen < SNIFF_BYTES) return cb();
          const first = Buffer.concat(head);
          head = null;
          start(this, first);
          feed(this, first);
        } else {
          feed(this, chunk);
        }
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
    flush(cb: TransformCallback) {
      try {
        if (head) {
          const first = Buffer.concat(head);
          head = null;
          if (first.length === 0) throw new WatermarkError('EMPTY', `${what} is empty; nothing to mark`);
          start(this, first);
          feed(this, first);
        }
        parseText(this, decoder!.end() ?? '', true);
        if (info.rows === 0) throw new WatermarkError('EMPTY', `${what} has no rows; nothing to mark`);
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
  });
  return Object.assign(t, { info });
}

/** CSV bytes → watermarked CSV bytes (same encoding, delimiter, line ending). */
export function createCsvMarker(opts: CsvMarkOptions): Transform & { info: CsvStreamInfo } {
  const marker = createCellMarker(opts);
  return createCsvRewriter((row) => marker.markRowInPlace(row), { encoding: opts.encoding === 'gbk' ? 'gb18030' : opts.encoding, delimiter: opts.delimiter });
}

export interface CsvRowWriterOptions extends MarkOptions {
  encoding?: 'utf8' | 'utf8-bom' | 'gbk' | 'gb18030';
  delimiter?: string;
  newline?: '\n' | '\r\n';
  /** rows per write; the export stream may write one row at a time */
  batch?: number;
}

/**
 * For the export stream: string[] rows in (object mode), marked CSV bytes out.
 * The first row written is usually the header; it is marked like any other row.
 */
export function createCsvRowWriter(opts: CsvRowWriterOptions): Transform {
  const marker = createCellMarker(opts);
  const encoding = opts.encoding ?? 'utf8';
  const config = { delimiter: opts.delimiter ?? ',', newline: opts.newline ?? '\n' };
  const batchSize = opts.batch ?? 500;
  let batch: string[][] = [];
  let started = false;
  const flushBatch = (self: Transform) => {
    if (batch.length === 0) return;
    let text = Papa.unparse(batch, config) + config.newline;
    batch = [];
    if (!started) {
      started = true;
      if (encoding === 'utf8-bom') text = '\ufeff' + text;
    }
    self.push(encodeText(text, encoding));
  };
  return new Transform({
    writableObjectMode: true,
    transform(row: unknown, _enc: BufferEncoding, cb: TransformCallback) {
      if (!Array.isArray(row)) return cb(new WatermarkError('INPUT', 'the CSV row writer takes arrays of cell values'));
      batch.push(marker.markRow(row.map((v) => (v === null || v === undefined ? '' : String(v)))));
      if (batch.length >= batchSize) flushBatch(this);
      cb();
    },
    flush(cb: TransformCallback) {
      flushBatch(this);
      cb();
    },
  });
}
