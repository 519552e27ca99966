import type { Command } from 'commander';
import { MODEL_VARIANTS, OCR_STRATEGY_IDS, type Settings } from '#shared/api';
import { print, usageError } from '../output.js';
import { withEngine } from '../with-engine.js';

const SECTIONS = ['llm', 'ocr', 'limits', 'watch', 'models'] as const satisfies readonly (keyof Settings)[];
const isSection = (s: string | undefined): s is (typeof SECTIONS)[number] => SECTIONS.some((x) => x === s);

export function registerSettings(program: Command): void {
  const settings = program
    .command('settings')
    .description('show the settings (settings.json beside the store), or change one with `set`')
    .action(() =>
      withEngine(program, (engine) => {
        print(JSON.stringify(engine.getSettings(), null, 2));
        if (engine.settingsProblem) process.stderr.write(`docsearch: ${engine.settingsProblem}\n`);
      }),
    );
  settings
    .command('set')
    .description('set one value, e.g. `settings set llm.model qwen2.5:3b-instruct`, `settings set llm.allowRemoteHost true`, `settings set ocr.strategy legacy` or `settings set limits.maxPdfBytes 2147483648`')
    .argument('<key>', 'section.name, e.g. llm.host, ocr.strategy or limits.maxImagePixels')
    .argument('<value>')
    .action((key: string, value: string, _o: unknown, command: Command) => {
      const [section, name, ...more] = key.split('.');
      if (!isSection(section) || !name || more.length) usageError(command, `unknown setting "${key}" (settings are llm.<name>, ocr.strategy, limits.<name>, watch.<name> and models.variant; see \`docsearch settings\`)`);
      // checked here rather than by the engine so the message lists the choices
      if (key === 'ocr.strategy' && !OCR_STRATEGY_IDS.some((id) => id === value)) usageError(command, `ocr.strategy must be one of ${OCR_STRATEGY_IDS.join(', ')} (not "${value}")`);
      if (key === 'models.variant' && !MODEL_VARIANTS.some((id) => id === value)) usageError(command, `models.variant must be one of ${MODEL_VARIANTS.join(', ')} (not "${value}")`);
      if (key === 'watch.folders') usageError(command, 'watch.folders is a list: change it with `docsearch watch add <folder>` and `docsearch watch remove <folder>`');
      return withEngine(program, (engine) => {
        if (!(name in engine.getSettings()[section])) usageError(command, `unknown setting "${key}" (see \`docsearch settings\`)`);
        print(JSON.stringify(engine.updateSettings({ [section]: { [name]: parseValue(value) } }), null, 2));
      });
    });
}

/** true/false and whole numbers as such; anything else is a string (the engine validates each key). */
function parseValue(value: string): unknown {
  return value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value;
}
