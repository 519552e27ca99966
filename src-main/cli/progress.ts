/** Ingest progress for the terminal: a bar per file on a TTY, plain lines otherwise (logs, CI, pipes). */
import cliProgress from 'cli-progress';
import path from 'node:path';
import type { IngestEvent, IngestFileResult } from '#shared/api';

export function describeResult(r: IngestFileResult): string {
  switch (r.outcome) {
    case 'indexed': {
      const ocr = r.pagesNeedingOcr ? `, ${r.pagesNeedingOcr} need OCR` : '';
      const unreadable = r.pagesUnreadable ? `, ${r.pagesUnreadable} could not be read` : '';
      const resumed = r.resumedFromPage ? `, resumed at page ${r.resumedFromPage}` : '';
      const version = r.version ? `, version ${r.version} of document ${r.docId}` : '';
      return `indexed  ${r.path} (${r.pages} pages, ${r.chunks} chunks${ocr}${unreadable}${resumed}${version})`;
    }
    case 'unchanged':
      return `unchanged ${r.path}: ${r.reason}`;
    case 'skipped':
      return `skipped  ${r.path}: ${r.reason}`;
    case 'cancelled':
      return `cancelled ${r.path}: ${r.reason}`;
    case 'failed':
      return `FAILED   ${r.path}: ${r.reason}`;
  }
}

export function progressReporter(stream: NodeJS.WriteStream): (e: IngestEvent) => void {
  if (!stream.isTTY) {
    return (e) => {
      if (e.type === 'file-pages') stream.write(`ingesting ${e.path} (${e.pages} pages${e.resumeFrom > 1 ? `, resuming at ${e.resumeFrom}` : ''})\n`);
      if (e.type === 'page-stage' && e.stage === 'ocr') stream.write(`  OCR page ${e.page}/${e.pages} of ${path.basename(e.path)}\n`);
      if (e.type === 'file-end') stream.write(describeResult(e.result) + '\n');
    };
  }
  const bars = new cliProgress.MultiBar(
    { format: ' {bar} {percentage}% | {value}/{total} pages | {file} {stage}', hideCursor: true, clearOnComplete: false, stream },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | undefined;
  let total = 0;
  let done = 0;
  return (e) => {
    switch (e.type) {
      case 'scan':
        total = e.files;
        break;
      case 'file-pages':
        bar = bars.create(e.pages, e.resumeFrom - 1, { file: `[${done + 1}/${total}] ${path.basename(e.path)}`, stage: '' });
        break;
      case 'page-stage':
        bar?.update({ stage: e.stage === 'render' ? `(rendering p.${e.page})` : `(OCR p.${e.page})` });
        break;
      case 'page':
        bar?.update(e.page, { stage: '' });
        break;
      case 'file-end':
        done++;
        bar?.stop();
        bar = undefined;
        bars.log(describeResult(e.result) + '\n');
        if (done === total) {
          // a redraw writes the logged lines, which stop() alone drops (the last file's line, or every line
          // of a batch faster than a redraw)
          bars.update();
          bars.stop();
        }
        break;
    }
  };
}
