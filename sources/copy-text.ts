// PostgreSQL's COPY text format, read back into cells. Pure (no I/O): export workers run it on
// blocks the reader hands them.

/** COPY text format escapes (PostgreSQL writes only these). */
const UNESCAPE: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
const ESCAPED = /\\(.)/g;
function unescapeCopy(field: string): string {
  if (field === '\\N') return '';
  return field.replace(ESCAPED, (_m, c: string) => UNESCAPE[c] ?? c);
}

/**
 * Splits whole lines of COPY text output (no trailing '\n') into rows of `width` cells, as
 * PostgreSQL printed them; NULL becomes ''. A row of another width is an error, never guessed at.
 */
export function parseCopyLines(text: string, width: number): string[][] {
  const lines = text.split('\n');
  const rows: string[][] = new Array(lines.length);
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l]!;
    const row = line.split('\t');
    if (row.length !== width) throw new Error(`COPY returned a row of ${row.length} fields, expected ${width}`);
    if (line.indexOf('\\') >= 0) for (let i = 0; i < width; i++) if (row[i]!.indexOf('\\') >= 0) row[i] = unescapeCopy(row[i]!);
    rows[l] = row;
  }
  return rows;
}

/** Blocks of whole COPY text lines (readPostgresCopyBlocks) as batches of cells, one batch per block. */
export async function* copyBlockRows(blocks: AsyncIterable<Buffer>, width: number): AsyncGenerator<string[][], void, undefined> {
  for await (const block of blocks) yield parseCopyLines(block.toString('utf8'), width);
}
