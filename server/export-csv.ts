// The CSV side of an export, pure (no I/O, no database): cells masked, watermarked and quoted,
// and whole COPY blocks turned into encoded CSV bytes. Runs in the request's thread or in an
// export worker (server/export-pool.ts); both give the same bytes.
import iconv from 'iconv-lite';
import { maskerFor, type MaskRule } from '../catalog/masking.ts';
import { nativeCsv } from '../native/index.ts';
import { parseCopyLines } from '../sources/copy-text.ts';
import { cellSeeds, exportKey } from '../watermark/keys.ts';
import { createCellMarker, type CellMarker } from '../watermark/table.ts';

export interface ExportColumn {
  header: string;
  /** the masking rule applied to every value; null: exported in clear */
  mask: MaskRule | null;
}

export type CsvEncoding = 'utf8-bom' | 'gbk';

/** What an export worker needs to turn blocks of one export into CSV: plain data, sent once. */
export interface CsvExportSpec {
  columns: ExportColumn[];
  watermarkKey: string | Uint8Array;
  exportId: string;
  encoding: CsvEncoding;
}

/**
 * The bytes as a Uint8Array that owns its whole ArrayBuffer, so that the buffer can be transferred
 * to another thread: as it is when it already does (large Buffers), else copied (a slice of a
 * pooled or socket buffer must not be detached from under its other users).
 */
export function ownedBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength ? bytes : new Uint8Array(bytes);
}

/** The bytes of CSV text in the export's encoding (GBK exports are written as GB18030, its superset). */
export function encodeCsv(text: string, encoding: CsvEncoding): Buffer {
  return encoding === 'gbk' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
}

/** The mask rules as the native converter numbers them (native/csv_export.cc, enum Rule). */
const NATIVE_RULE: Readonly<Record<MaskRule, number>> = { name: 0, id_number: 1, mobile: 2, bank_card: 3, email: 4, generic: 5, redact: 6, auto: 7 };

/**
 * Blocks of COPY text lines (readPostgresCopyBlocks) → encoded CSV rows, with one memo per
 * column for the whole export. The native converter writes the rows when it is built (the same
 * bytes, several times faster): UTF-8 directly; GBK as UTF-8 then transcoded, unless a cell held
 * half a surrogate pair (UTF-8 writes U+FFFD for it, GB18030 '?', so that block is written here).
 * Blocks that are not valid UTF-8, and `native: false`, take the TypeScript path.
 */
export function csvBlockWriter(spec: CsvExportSpec, opts: { native?: boolean } = {}): (block: Uint8Array) => { bytes: Buffer; rows: number } {
  const key = typeof spec.watermarkKey === 'string' ? spec.watermarkKey : Buffer.from(spec.watermarkKey);
  // the TypeScript writers (their marker and memos) are made only for a block that needs them
  let cells: ReturnType<typeof csvCellWriters> | null = null;
  const width = spec.columns.length;
  const native = opts.native !== false ? nativeCsv() : null;
  const converter = native?.createConverter(
    Int32Array.from(spec.columns, (c) => (c.mask ? NATIVE_RULE[c.mask] : -1)), cellSeeds(key), exportKey(key, spec.exportId));
  const gbk = spec.encoding === 'gbk';
  return (block) => {
    if (converter) {
      const done = native!.convert(converter, block);
      if (done && !gbk) return { bytes: done.bytes, rows: done.rows };
      if (done && !done.loneSurrogate) return { bytes: encodeCsv(done.bytes.toString('utf8'), 'gbk'), rows: done.rows };
    }
    const text = Buffer.from(block.buffer, block.byteOffset, block.byteLength).toString('utf8');
    const rows = parseCopyLines(text, width);
    cells ??= csvCellWriters(spec.columns, createCellMarker({ key, exportId: spec.exportId }));
    return { bytes: encodeCsv(cells.rows(rows), spec.encoding), rows: rows.length };
  };
}

/**
 * A cell's final CSV text (masked, marked, quoted like Papa.unparse) depends only on its
 * value, so repeated values (codes, dates, names, masked IDs) are memoised per column. A
 * memo that does not pay (mostly distinct values) switches itself off; each holds at most
 * MEMO_MAX entries, so memory stays bounded whatever the export's size.
 */
const MEMO_MAX = 4096;
const MEMO_WINDOW = 8192;
class Memo {
  map: Map<string, string> | null = new Map();
  private lookups = 0;
  private hits = 0;
  get(k: string): string | undefined {
    const v = this.map!.get(k);
    if (v !== undefined) this.hits++;
    if (++this.lookups === MEMO_WINDOW) {
      // once full, a memo that mostly misses is dropped
      if (this.map!.size >= MEMO_MAX && this.hits < MEMO_WINDOW / 2) this.map = null;
      this.lookups = 0; this.hits = 0;
    }
    return v;
  }
  set(k: string, v: string): void {
    if (this.map && this.map.size < MEMO_MAX) this.map.set(k, v);
  }
}

/** Papa.unparse's quoting (delimiter ',', quote '"'), written out for speed. */
const NEEDS_QUOTES = /[",\r\n\ufeff]|^ | $/;
const QUOTE = /"/g;
export function csvCell(v: string): string {
  return NEEDS_QUOTES.test(v) ? '"' + v.replace(QUOTE, '""') + '"' : v;
}

export function csvCellWriters(columns: readonly ExportColumn[], marker: CellMarker) {
  const width = columns.length;
  const masks = columns.map((c) => (c.mask ? maskerFor(c.mask) : null));
  const raw = columns.map(() => new Memo());
  const masked = columns.map((c) => (c.mask ? new Memo() : null));
  const cell = (v: string, i: number): string => {
    const r = raw[i];
    let out = r.map ? r.get(v) : undefined;
    if (out !== undefined) return out;
    const key = v;
    const m = masks[i];
    if (m && v !== '') {
      v = m(v);
      const mm = masked[i]!;
      if (mm.map) {
        out = mm.get(v);
        if (out !== undefined) { r.set(key, out); return out; }
      }
      out = csvCell(v.length > 1 ? marker.markCell(v) : v);
      mm.set(v, out);
    } else {
      out = csvCell(v.length > 1 ? marker.markCell(v) : v);
    }
    r.set(key, out);
    return out;
  };
  return {
    header: (h: string[]) => h.map((v) => csvCell(v.length > 1 ? marker.markCell(v) : v)).join(',') + '\n',
    rows(batch: string[][]): string {
      let text = '';
      for (let r = 0; r < batch.length; r++) {
        const row = batch[r];
        let line = cell(row[0] ?? '', 0);
        for (let i = 1; i < width; i++) line += ',' + cell(row[i] ?? '', i);
        text += line + '\n';
      }
      return text;
    },
  };
}

