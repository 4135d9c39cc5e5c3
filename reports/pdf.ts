// PDF building blocks over pdfkit: an embedded CJK font from a Debian font package, page
// footers naming the report (the visible mark), simple tables that break across pages, and
// stacked bar charts drawn with pdfkit's vector API.
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { ReportError } from './scope.ts';

/** Fonts that Debian packages put in place (fonts-wqy-zenhei, fonts-noto-cjk); FUNDGOV_PDF_FONT overrides. */
const FONT_CANDIDATES: { path: string; family?: string }[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
];

export function cjkFont(): { path: string; family?: string } {
  const env = process.env.FUNDGOV_PDF_FONT;
  if (env) {
    const [path, family] = env.split('#');
    if (!existsSync(path)) throw new ReportError(`FUNDGOV_PDF_FONT names ${path}, which does not exist`);
    return { path, family };
  }
  const found = FONT_CANDIDATES.find((f) => existsSync(f.path));
  if (!found) throw new ReportError('no CJK font found for the PDF: install the Debian package fonts-wqy-zenhei (or fonts-noto-cjk), or set FUNDGOV_PDF_FONT=/path/font.ttf');
  return found;
}

export type Doc = InstanceType<typeof PDFDocument>;

export const GRADE_COLOURS = ['#9ccc65', '#fdd835', '#fb8c00', '#e53935'];

/** A new A4 document with the CJK font, metadata and a footer on every page. */
export function newPdf(opts: { title: string; footer: string; subject?: string; landscape?: boolean }): Doc {
  const font = cjkFont();
  const doc = new PDFDocument({ size: 'A4', layout: opts.landscape ? 'landscape' : 'portrait', margins: { top: 48, bottom: 56, left: 42, right: 42 }, info: { Title: opts.title, Subject: opts.subject ?? '', Creator: 'fundgov', Producer: 'fundgov' }, autoFirstPage: false });
  doc.registerFont('cjk', font.path, font.family);
  let page = 0;
  doc.on('pageAdded', () => {
    page++;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('cjk').fontSize(7).fillColor('#777777')
      .text(`${opts.footer} · 第 ${page} 页`, doc.page.margins.left, doc.page.height - 36, { width: doc.page.width - doc.page.margins.left - doc.page.margins.right, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
    doc.fillColor('#000000').fontSize(10).text('', doc.page.margins.left, doc.page.margins.top);
  });
  doc.addPage();
  return doc;
}

export function heading(doc: Doc, text: string, size = 14): void {
  ensureSpace(doc, size * 3);
  doc.moveDown(0.5).font('cjk').fontSize(size).fillColor('#1a237e').text(text, doc.page.margins.left, doc.y).fillColor('#000000').moveDown(0.3);
}

export function paragraph(doc: Doc, text: string, size = 9): void {
  doc.font('cjk').fontSize(size).fillColor('#000000').text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
}

export const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

export function ensureSpace(doc: Doc, h: number): void {
  if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

export interface TableColumn { header: string; width: number }

/** A table writer: rows one at a time, the header repeated after each page break. */
export function table(doc: Doc, columns: TableColumn[], opts: { size?: number } = {}) {
  const size = opts.size ?? 7;
  const rowH = size + 5;
  const total = columns.reduce((n, c) => n + c.width, 0);
  const scale = contentWidth(doc) / total;
  const widths = columns.map((c) => c.width * scale);
  const draw = (cells: string[], header: boolean) => {
    const x0 = doc.page.margins.left;
    const y = doc.y;
    if (header) doc.rect(x0, y - 1, contentWidth(doc), rowH).fill('#e8eaf6');
    doc.fillColor('#000000').font('cjk').fontSize(size);
    let x = x0;
    cells.forEach((c, i) => {
      doc.text(c, x + 2, y + 1, { width: widths[i] - 4, height: rowH, lineBreak: false, ellipsis: true });
      x += widths[i];
    });
    doc.moveTo(x0, y + rowH - 1).lineTo(x0 + contentWidth(doc), y + rowH - 1).lineWidth(0.3).strokeColor('#cccccc').stroke();
    doc.x = x0;
    doc.y = y + rowH;
  };
  ensureSpace(doc, rowH * 3);
  draw(columns.map((c) => c.header), true);
  return {
    row(cells: (string | number | null | undefined)[]) {
      if (doc.y + rowH > doc.page.height - doc.page.margins.bottom) { doc.addPage(); draw(columns.map((c) => c.header), true); }
      draw(cells.map((c) => (c === null || c === undefined ? '' : String(c))), false);
    },
  };
}

/** Horizontal stacked bars, one per row, with a legend; `percent` scales each bar to 100%. */
export function stackedBars(doc: Doc, title: string, rows: { label: string; parts: number[] }[], legend: { label: string; colour: string }[], opts: { percent?: boolean } = {}): void {
  const barH = 12, gap = 6, labelW = 120;
  const height = 40 + rows.length * (barH + gap) + 20;
  ensureSpace(doc, Math.min(height, 500));
  const x0 = doc.page.margins.left;
  doc.font('cjk').fontSize(11).fillColor('#000000').text(title, x0, doc.y);
  let y = doc.y + 4;
  let lx = x0;
  doc.fontSize(7);
  for (const l of legend) {
    doc.rect(lx, y, 8, 8).fill(l.colour);
    doc.fillColor('#000000').text(l.label, lx + 11, y, { lineBreak: false });
    lx += 16 + doc.widthOfString(l.label) + 10;
  }
  y += 16;
  const barW = contentWidth(doc) - labelW - 50;
  const max = Math.max(1, ...rows.map((r) => r.parts.reduce((a, b) => a + b, 0)));
  for (const r of rows) {
    if (y + barH > doc.page.height - doc.page.margins.bottom) { doc.addPage(); y = doc.y; }
    const sum = r.parts.reduce((a, b) => a + b, 0);
    doc.fillColor('#000000').fontSize(8).text(r.label, x0, y + 2, { width: labelW - 6, lineBreak: false, ellipsis: true });
    let x = x0 + labelW;
    const scale = opts.percent ? (sum ? barW / sum : 0) : barW / max;
    r.parts.forEach((p, i) => {
      const w = p * scale;
      if (w > 0) doc.rect(x, y, w, barH).fill(legend[i]?.colour ?? '#999999');
      x += w;
    });
    if (!opts.percent || sum === 0) doc.rect(x0 + labelW, y, opts.percent ? barW : Math.max(barW * sum / max, 0.5), barH).lineWidth(0.3).strokeColor('#bbbbbb').stroke();
    const note = opts.percent ? (sum ? `${Math.round((r.parts[0] / sum) * 100)}%` : '—') : String(sum);
    doc.fillColor('#000000').fontSize(7).text(note, x0 + labelW + barW + 4, y + 2, { lineBreak: false });
    y += barH + gap;
  }
  doc.x = x0;
  doc.y = y + 6;
}

/** Resolves when the document has been written completely to its destination. */
export function finishPdf(doc: Doc, out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
    doc.once('error', reject);
    doc.end();
  });
}
