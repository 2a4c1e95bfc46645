/** A text file as a letter-size PDF with a text layer: one page per form feed (\f) or every 60 lines; long lines wrap. */
import { createWriteStream, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';

export function makePdf(txtPath: string, pdfPath: string): Promise<void> {
  const text = readFileSync(txtPath, 'utf8').replace(/\r/g, '');
  const doc = new PDFDocument({ size: 'LETTER', margin: 40, autoFirstPage: false });
  const out = createWriteStream(pdfPath);
  doc.pipe(out);
  for (const pageText of text.split('\f')) {
    const lines = pageText.split('\n');
    for (let i = 0; i < lines.length; i += 60) {
      doc.addPage();
      doc.font('Helvetica').fontSize(8.5);
      let y = 40;
      for (const line of lines.slice(i, i + 60)) {
        doc.text(line.length ? line : ' ', 40, y, { width: 532, lineGap: 0 });
        y = doc.y;
        if (y > 740) {
          doc.addPage();
          y = 40;
        }
      }
    }
  }
  doc.end();
  return new Promise((res, rej) => {
    out.on('finish', () => res());
    out.on('error', rej);
  });
}
