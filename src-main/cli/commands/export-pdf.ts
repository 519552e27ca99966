import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { print } from '../output.js';
import { withEngine } from '../with-engine.js';

export function registerExportPdf(program: Command): void {
  program
    .command('export-pdf')
    .description('write a document read by OCR as a searchable PDF: its page images with an invisible text layer')
    .argument('<doc>', 'id, sha256 prefix or path')
    .option('-o, --output <file>', 'the PDF to write (default: "<title>-searchable.pdf" here)')
    .action((doc: string, o: { output?: string }) =>
      withEngine(program, async (engine) => {
        const started = performance.now();
        // a bar per page on a terminal; logs and pipes get the summary line only
        const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: ' {bar} {value}/{total} pages', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
        const { fileName, bytes } = await engine
          .exportSearchablePdf(
            { doc },
            {
              emit: (e) => {
                if (e.page === 1) bar?.start(e.pages, 0);
                bar?.update(e.page);
              },
            },
          )
          .finally(() => bar?.stop());
        const out = path.resolve(o.output ?? fileName);
        // written beside and renamed, so an interrupted export leaves no half a PDF under the name
        const part = `${out}.part`;
        await fs.promises.writeFile(part, bytes);
        await fs.promises.rename(part, out);
        print(`wrote ${out} (${(bytes.length / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
      }),
    );
}
