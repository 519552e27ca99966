import path from 'node:path';
import { Option, type Command } from 'commander';
import { OCR_STRATEGY_IDS, type OcrStrategyId } from '#shared/api';
import { print } from '../output.js';
import { withEngine } from '../with-engine.js';

export function registerOcr(program: Command): void {
  program
    .command('ocr')
    .description('OCR every page of a PDF or image file: its text in reading order on stdout, pages separated by a form feed (nothing is indexed); progress on stderr')
    .argument('<file>')
    .option('--json', 'one JSON line per page: lines with boxes, confidence and the recogniser that read them')
    .addOption(new Option('--strategy <id>', 'OCR strategy (default: the one in settings)').choices(OCR_STRATEGY_IDS))
    .action((file: string, o: { json?: boolean; strategy?: OcrStrategyId }) =>
      withEngine(program, async (engine) => {
        await engine.ocr(
          { path: path.resolve(file), strategy: o.strategy },
          {
            emit: (p) => {
              process.stderr.write(`page ${p.pageNo}/${p.pages}: ${p.lines.length} lines, ${(p.ms.total / 1000).toFixed(1)} s (${p.strategy})\n`);
              if (o.json) return print(JSON.stringify(p));
              process.stdout.write(`${p.pageNo > 1 ? '\f' : ''}${p.text}\n`);
            },
          },
        );
      }),
    );
}
