import { describe, expect, it } from 'vitest';
import { largestImage } from './pdf-images.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe('largestImage', () => {
  it('finds the largest image dictionary of the file, whatever the order of its keys', () => {
    const pdf = bytes(
      '%PDF-1.7\n4 0 obj\n<< /Type /XObject /Subtype /Image /Width 100 /Height 50 /Length 3 >>\nstream\nabc\nendstream\nendobj\n' +
        '7 0 obj\n<</Height 20000/Width 30000/Subtype/Image/Length 3>>\nstream\nabc\nendstream\nendobj\n' +
        '9 0 obj\n<< /Subtype /Image /Width 4000 /Height 4000 >>\nstream\nabc\nendstream\nendobj\n',
    );
    expect(largestImage(pdf)).toEqual({ width: 30000, height: 20000 });
  });

  it('ignores other names that start with /Image, and sizes given by reference', () => {
    const pdf = bytes(
      '%PDF-1.7\n3 0 obj\n<< /ProcSet [/PDF /ImageB /ImageC /ImageI] /Width 90000 /Height 90000 >>\nendobj\n' +
        '5 0 obj\n<< /Subtype /Image /Width 512 0 R /Height 20 >>\nstream\nabc\nendstream\nendobj\n',
    );
    expect(largestImage(pdf)).toBeUndefined();
  });
});
