import { describe, expect, it } from 'vitest';
import { isIgnored } from './ignore.js';

describe('isIgnored', () => {
  it('ignores temporary and partial files by name, whatever is known of them', () => {
    for (const name of ['.DS_Store', '.hidden.pdf', '.#notes.md', '~$report.docx', '~$memo.txt', 'scan.tmp', 'scan.pdf.part', 'a.pdf.crdownload', 'a.pdf.download', '.notes.md.swp', 'notes.md.swp', 'notes.md~', 'X.PDF.PART']) {
      expect(isIgnored(`/w/sub/${name}`), name).toBe(true);
      expect(isIgnored(`/w/sub/${name}`, true), name).toBe(true);
    }
    expect(isIgnored('/w/.git', false)).toBe(true);
  });

  it('takes the types the engine reads, and folders, and ignores other files once known to be files', () => {
    for (const name of ['scan.pdf', 'memo.TXT', 'notes.md', 'page.tiff', 'photo.jpeg', '~report.pdf', 'a~b.txt', 'partial.pdf']) expect(isIgnored(`/w/${name}`, true), name).toBe(false);
    expect(isIgnored('/w/report.docx', true)).toBe(true);
    expect(isIgnored('/w/Makefile', true)).toBe(true);
    // a folder, or an entry not stat'ed yet: the name alone decides
    expect(isIgnored('/w/archive.2024', false)).toBe(false);
    expect(isIgnored('/w/report.docx')).toBe(false);
  });
});
