// XLSX marking with exceljs' streaming reader and writer: rows flow through one at a
// time. Text cells carry the mark exactly as in CSV; numeric cells are left alone unless
// the export opted into LSB marks (a number in XLSX has no other written form to vary).
import type { Readable, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { WatermarkError } from './errors.ts';
import { createCellMarker, type CellMarker, type MarkOptions } from './table.ts';

function markValue(marker: CellMarker, v: unknown, lsb: boolean): unknown {
  if (typeof v === 'string') return v.length > 1 ? marker.markCell(v) : v;
  if (lsb && typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)) {
    const s = String(v);
    if (s.includes('e')) return v;
    const marked = marker.markCell(s);
    return marked === s ? v : Number(marked.replace(/,/g, ''));
  }
  return v;
}

export interface XlsxRowWriter {
  addRow(values: readonly unknown[]): void;
  /** Finishes the workbook; resolves when every byte is written to the output stream. */
  finish(): Promise<void>;
}

/** For the export stream: rows in one at a time, a marked XLSX out to `output`. */
export function createXlsxRowWriter(output: Writable, opts: MarkOptions & { sheetName?: string }): XlsxRowWriter {
  const marker = createCellMarker(opts);
  const lsb = opts.numericLsb === true;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet(opts.sheetName ?? 'Sheet1');
  return {
    addRow(values) {
      ws.addRow(values.map((v) => markValue(marker, v, lsb))).commit();
    },
    async finish() {
      ws.commit();
      await wb.commit();
    },
  };
}

/** XLSX in (a stream), marked XLSX out; every worksheet, row by row. Returns rows written. */
export async function markXlsxStream(input: Readable, output: Writable, opts: MarkOptions): Promise<{ rows: number; sheets: number }> {
  const marker = createCellMarker(opts);
  const lsb = opts.numericLsb === true;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore',
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: false, useSharedStrings: false });
  let rows = 0, sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets++;
      const ws = wb.addWorksheet((sheet as unknown as { name?: string }).name ?? `Sheet${sheets}`);
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        const out: unknown[] = [];
        for (let i = 1; i < values.length; i++) out.push(markValue(marker, values[i], lsb));
        const added = ws.addRow(out);
        added.commit();
        rows++;
      }
      ws.commit();
    }
  } catch (err) {
    if (err instanceof WatermarkError) throw err;
    throw new WatermarkError('INPUT', `the XLSX input could not be read (${(err as Error).message}); pass a valid .xlsx workbook`);
  }
  if (rows === 0) throw new WatermarkError('EMPTY', 'the XLSX input has no rows; nothing to mark');
  await wb.commit();
  return { rows, sheets };
}
