/** Test inputs built in code (not shipped: excluded from the build like every test-helpers.ts). */

/**
 * A one-page PDF with a line of `text`, carrying `size` bytes of data in an unused stream: the text before
 * the data (`head`) and after it (`tail`), for the caller to fill the data in place or write it in pieces,
 * so that no second buffer of `size` is made when memory is measured.
 */
export function bulkyPdfFrame(text: string, size: number): { head: string; tail: string } {
  const content = `BT /F1 14 Tf 20 100 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let head = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(head.length);
    head += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  offsets.push(head.length);
  head += `6 0 obj\n<< /Length ${size} >>\nstream\n`;
  const xrefAt = head.length + size + '\nendstream\nendobj\n'.length;
  const tail = `\nendstream\nendobj\nxref\n0 7\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return { head, tail };
}
