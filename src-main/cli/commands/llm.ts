import type { Command } from 'commander';
import type { LlmStatus } from '#shared/api';
import { print } from '../output.js';
import { interruptSignal, withEngine } from '../with-engine.js';

export function registerLlm(program: Command): void {
  program
    .command('llm')
    .description('check the Ollama server and model; imports the GGUF shipped in models/llm when the model is missing')
    .option('--json', 'print the status as JSON')
    .option('--no-import', 'only check; do not import a shipped GGUF')
    .action((o: { json?: boolean; import: boolean }) =>
      withEngine(program, async (engine) => {
        const s = await engine.llmStatus(
          { ensure: o.import },
          {
            signal: interruptSignal(),
            emit: (ev) => {
              if (o.json) return;
              if (ev.type === 'upload') process.stderr.write(`\ruploading model ${Math.floor((100 * ev.bytesDone) / ev.bytesTotal)} %`);
              else process.stderr.write(`\n${ev.status}`);
            },
          },
        );
        if (o.json) print(JSON.stringify(s));
        else printLlm(s);
        if (s.state !== 'ready') process.exitCode = 1;
      }),
    );
}

function printLlm(s: LlmStatus): void {
  print(`${s.state.padEnd(16)} ${s.model} at ${s.host}${s.serverVersion ? ` (Ollama ${s.serverVersion})` : ''}`);
  print(`   ${s.detail}`);
}
