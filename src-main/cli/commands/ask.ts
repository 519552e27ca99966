import type { Command } from 'commander';
import type { Answer } from '#shared/api';
import { print } from '../output.js';
import { addScopeOptions, describeScope, scopeOf, type ScopeOptions } from '../scope-options.js';
import { interruptSignal, withEngine } from '../with-engine.js';

export function registerAsk(program: Command): void {
  const command = program
    .command('ask')
    .description('answer a question from the indexed documents (LLM through Ollama, or extractive), with sources')
    .argument('<question>')
    .option('--json', 'print the answer as JSON (citations, passages, timings)')
    .option('--no-llm', 'extractive answer without asking the LLM');
  addScopeOptions(command).action((question: string, o: ScopeOptions & { json?: boolean; llm: boolean }) =>
    withEngine(program, async (engine) => {
      const answer = await engine.ask(
        { question, llm: o.llm, scope: scopeOf(engine, o) },
        {
          emit: (ev) => {
            if (o.json) return;
            if (ev.type === 'retrieved' && ev.scope) print(`（範囲: ${describeScope(ev.scope)}）`);
            else if (ev.type === 'mode') print(ev.mode === 'llm' ? `（${ev.model} が回答します）` : `（抽出回答: ${ev.reason}）`);
            else if (ev.type === 'token') process.stdout.write(ev.text);
          },
          signal: interruptSignal(),
        },
      );
      if (o.json) print(JSON.stringify(answer));
      else printEnd(answer);
    }),
  );
}

/** After the streamed text: how it ended, then the sources. */
function printEnd(a: Answer): void {
  print('');
  if (a.cancelled) print('（中断しました）');
  if (a.error) print(`（回答が途中で止まりました: ${a.error}）`);
  if (a.droppedMarkers.length) print(`（資料にない番号 ${a.droppedMarkers.map((n) => `[${n}]`).join('')} を取り除きました）`);
  if (!a.citations.length) return;
  print('\n出典:');
  for (const c of a.citations) print(`  [${c.n}] ${c.title} — p.${c.pageNo}  ${c.path}`);
}
