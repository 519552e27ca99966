import type { Command } from 'commander';
import { print, usageError } from '../output.js';
import { withEngine } from '../with-engine.js';

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
    .description('set one value, e.g. `settings set llm.model qwen2.5:3b-instruct` or `settings set llm.allowRemoteHost true`')
    .argument('<key>', 'section.name, e.g. llm.host')
    .argument('<value>')
    .action((key: string, value: string, _o: unknown, command: Command) => {
      const [section, name, ...more] = key.split('.');
      if (section !== 'llm' || !name || more.length) usageError(command, `unknown setting "${key}" (settings are llm.<name>; see \`docsearch settings\`)`);
      return withEngine(program, (engine) => {
        if (!(name in engine.getSettings().llm)) usageError(command, `unknown setting "${key}" (see \`docsearch settings\`)`);
        print(JSON.stringify(engine.updateSettings({ llm: { [name]: parseValue(value) } }), null, 2));
      });
    });
}

/** true/false and whole numbers as such; anything else is a string (the engine validates each key). */
function parseValue(value: string): unknown {
  return value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value;
}
