#!/usr/bin/env node
/** `docsearch`: the command-line adapter over the engine's API (src-main/engine/contract.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import readline from 'node:readline';
import { Command, CommanderError, Option } from 'commander';
import { progressReporter } from './cli/progress.js';
import { OCR_STRATEGY_IDS, type Answer, type LlmStatus, type ModelStatus, type OcrStrategyId, type SearchResult } from '#shared/api';
import { InputError } from './engine/documents/types.js';
import { errorBody } from './engine/errors.js';
import { defaultDbPath } from './engine/paths.js';
import { Engine } from './engine/service.js';
import { markSnippet } from './engine/text/snippet.js';
import { startServer } from './serve/server.js';

const program = new Command()
  .name('docsearch')
  .description('文書検索: offline Japanese document search')
  .addOption(new Option('--db <path>', 'store file (default: $DOCSEARCH_DATA_DIR/docsearch.db or the per-user data folder)'))
  .showHelpAfterError()
  .exitOverride();

function engine(): Engine {
  const { db } = program.opts<{ db?: string }>();
  return new Engine({ dbPath: db ?? defaultDbPath() });
}

const print = (s: string): void => void process.stdout.write(s + "\n");

function printHits(r: SearchResult): void {
  for (const n of r.notes) process.stderr.write(`(${n})\n`);
  if (!r.hits.length) return print(`no results for 「${r.query}」`);
  print(`stages: ${r.stages.join(' → ')}`);
  const [open, close] = process.stdout.isTTY ? ['\x1b[1;33m', '\x1b[0m'] : ['【', '】'];
  for (const h of r.hits) {
    print(`${h.rank}. ${h.title} — p.${h.pageNo}  (score ${h.score.toPrecision(3)}, chunk ${h.chunkId})`);
    print(`   ${markSnippet(h.snippet, open, close).replace(/\n/g, ' ')}`);
    print(`   ${h.path}`);
  }
}

program
  .command('ingest')
  .description('index files and folders (PDF, text, Markdown); run again to resume an interrupted ingest')
  .argument('<paths...>')
  .option('--json', 'print the summary as JSON')
  .action(async (paths: string[], o: { json?: boolean }) => {
    const e = engine();
    const abort = new AbortController();
    process.once('SIGINT', () => {
      process.stderr.write('\ncancelling after the current page…\n');
      abort.abort();
    });
    try {
      const summary = await e.ingest({ paths }, { emit: progressReporter(process.stderr), signal: abort.signal });
      const c = summary.counts;
      if (o.json) print(JSON.stringify(summary));
      else print(`${c.indexed} indexed, ${c.unchanged} unchanged, ${c.skipped} skipped, ${c.failed} failed${c.cancelled ? `, ${c.cancelled} cancelled` : ''} in ${(summary.ms / 1000).toFixed(1)} s`);
      if (c.failed || c.cancelled) process.exitCode = 1;
    } finally {
      e.close();
    }
  });

program
  .command('search')
  .description('search the indexed documents')
  .argument('[query]')
  .option('--k <n>', 'number of results', (v) => Number.parseInt(v, 10), 10)
  .option('--json', 'print results as JSON')
  .option('--batch <file>', 'one query a line (- for stdin); one JSON line per query out')
  .addOption(new Option('--mode <mode>', 'auto: hybrid when an embedder and vectors exist').choices(['auto', 'lexical', 'dense', 'hybrid']).default('auto'))
  .addOption(new Option('--fusion <how>', 'how lexical and dense candidates are combined').choices(['rrf', 'weighted']).default('rrf'))
  .option('--no-rerank', 'skip the cross-encoder')
  .option('--binary', 'dense candidates from binary-quantised vectors, rescored (large stores)')
  .action(async (query: string | undefined, o: { k: number; json?: boolean; batch?: string; mode: 'auto' | 'lexical' | 'dense' | 'hybrid'; fusion: 'rrf' | 'weighted'; rerank: boolean; binary?: boolean }) => {
    const how = { k: o.k, mode: o.mode, fusion: o.fusion, rerank: o.rerank, binary: Boolean(o.binary) };
    const e = engine();
    try {
      if (o.batch) {
        const input = o.batch === '-' ? process.stdin : fs.createReadStream(o.batch);
        for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
          if (line.trim() === '') continue;
          const r = await e.search({ query: line, ...how });
          print(JSON.stringify({ query: r.query, tookMs: r.tookMs, stages: r.stages, hits: r.hits.map(({ snippet: _s, boxes: _b, ...h }) => h) }));
        }
        return;
      }
      if (!query) throw new InputError('give a query, or --batch FILE');
      const r = await e.search({ query, ...how });
      if (o.json) print(JSON.stringify(r));
      else printHits(r);
    } finally {
      e.close();
    }
  });

program
  .command('ocr')
  .description('OCR every page of a PDF or image file: its text in reading order on stdout, pages separated by a form feed (nothing is indexed); progress on stderr')
  .argument('<file>')
  .option('--json', 'one JSON line per page: lines with boxes, confidence and the recogniser that read them')
  .addOption(new Option('--strategy <id>', 'OCR strategy (default: the one in settings)').choices(OCR_STRATEGY_IDS))
  .action(async (file: string, o: { json?: boolean; strategy?: OcrStrategyId }) => {
    const e = engine();
    try {
      await e.ocr(
        { path: path.resolve(file), strategy: o.strategy },
        {
          emit: (p) => {
            process.stderr.write(`page ${p.pageNo}/${p.pages}: ${p.lines.length} lines, ${(p.ms.total / 1000).toFixed(1)} s (${p.strategy})\n`);
            if (o.json) return print(JSON.stringify(p));
            process.stdout.write(`${p.pageNo > 1 ? '\f' : ''}${p.text}\n`);
          },
        },
      );
    } finally {
      e.close();
    }
  });

program
  .command('docs')
  .description('list indexed documents')
  .option('--json')
  .action((o: { json?: boolean }) => {
    const e = engine();
    try {
      const docs = e.listDocuments();
      if (o.json) return print(JSON.stringify(docs));
      if (!docs.length) return print('no documents yet: docsearch ingest <files or folders>');
      for (const d of docs) {
        const ocr = d.pagesNeedingOcr ? `, ${d.pagesNeedingOcr} need OCR` : '';
        const unreadable = d.pagesUnreadable ? `, ${d.pagesUnreadable} unreadable` : '';
        print(`${String(d.id).padStart(4)}  ${d.status.padEnd(8)} ${d.kind.padEnd(8)} ${d.pageCount} p, ${d.chunkCount} chunks${ocr}${unreadable}  ${d.title}`);
        print(`      ${d.sha256.slice(0, 12)}  ${d.path}`);
      }
    } finally {
      e.close();
    }
  });

program
  .command('remove')
  .description('remove a document (by id, sha256 prefix or path) and everything indexed from it')
  .argument('<doc>')
  .action((doc: string) => {
    const e = engine();
    try {
      const d = e.removeDocument({ doc });
      print(`removed ${d.id}: ${d.title} (${d.path})`);
    } finally {
      e.close();
    }
  });

program
  .command('status')
  .description('store location and counts')
  .option('--json')
  .action((o: { json?: boolean }) => {
    const e = engine();
    try {
      const s = e.status();
      if (o.json) return print(JSON.stringify(s));
      print(`store:     ${s.dbPath} (${(s.dbBytes / 1048576).toFixed(1)} MiB, schema v${s.schemaVersion})`);
      print(`documents: ${s.documents}${s.documentsIndexing ? ` (${s.documentsIndexing} unfinished: ingest them again to resume)` : ''}`);
      print(`pages:     ${s.pages}${s.pagesNeedingOcr ? ` (${s.pagesNeedingOcr} need OCR)` : ''}`);
      print(`chunks:    ${s.chunks}`);
      print(`vectors:   ${s.vectorSpace ? `${s.vectorSpace.model} (${s.vectorSpace.dims} dims)` : 'none (no embedder configured)'}`);
    } finally {
      e.close();
    }
  });

function printModels(models: ModelStatus[], loaded: boolean): void {
  for (const m of models) {
    print(`${m.role.padEnd(8)} ${m.id.padEnd(20)} ${m.status === 'present' ? 'present' : m.status.toUpperCase()}  (${m.engine}, ${m.licence})`);
    for (const f of m.files) {
      const size = f.bytes === null ? '' : f.bytes < 1048576 ? `  ${(f.bytes / 1024).toFixed(1)} KiB` : `  ${(f.bytes / 1048576).toFixed(1)} MiB`;
      print(`   ${f.status.padEnd(8)} ${f.path}${size}`);
    }
    if (m.loaded) {
      const why = m.fallbackReason ? ` (${m.fallbackReason})` : '';
      print(`   provider ${m.provider}${why}, loaded in ${Math.round(m.loadMs ?? 0)} ms`);
    } else if (m.engine === 'onnx' && m.status === 'present') {
      print(`   ${loaded ? 'not loaded' : 'not loaded (--load creates the session and shows the provider)'}`);
    }
    for (const p of m.problems) print(`   ! ${p}`);
  }
  const bad = models.filter((m) => m.status !== 'present').length;
  const unloadable = models.filter((m) => m.status === 'present' && m.problems.length).length;
  print(
    (bad ? `${bad} of ${models.length} models missing or altered` : `all ${models.length} models present and verified`) +
      (unloadable ? `, ${unloadable} could not be loaded` : ''),
  );
}

program
  .command('models')
  .description('check the model files against models/manifest.json (sha256); --load also creates the ONNX sessions')
  .option('--json', 'print the models as JSON')
  .option('--load', 'create the ONNX sessions to show the execution provider and load time')
  .action(async (o: { json?: boolean; load?: boolean }) => {
    const e = engine();
    try {
      const models = await e.modelStatus({ load: Boolean(o.load) });
      if (o.json) print(JSON.stringify(models));
      else printModels(models, Boolean(o.load));
      if (models.some((m) => m.problems.length)) process.exitCode = 1;
    } finally {
      e.close();
    }
  });

program
  .command('reindex')
  .description('compute the vectors that are missing (new embedder, or documents ingested before it was installed); resumable')
  .option('--json', 'print the summary as JSON')
  .action(async (o: { json?: boolean }) => {
    const e = engine();
    const abort = new AbortController();
    process.once('SIGINT', () => abort.abort());
    try {
      const r = await e.reindex(undefined, {
        emit: (ev) => {
          if (!o.json && process.stderr.isTTY) process.stderr.write(`\rembedding ${ev.done} / ${ev.total} chunks`);
        },
        signal: abort.signal,
      });
      if (o.json) print(JSON.stringify(r));
      else if (r.reason) print(`nothing embedded: ${r.reason}`);
      else print(`${process.stderr.isTTY ? '\n' : ''}${r.embedded} chunks embedded with ${r.model} in ${(r.ms / 1000).toFixed(1)} s; ${r.withVector} of ${r.chunks} have vectors${r.cancelled ? ' (stopped; run again to continue)' : ''}`);
      if (r.reason || r.cancelled) process.exitCode = 1;
    } finally {
      e.close();
    }
  });

function printSources(a: Answer): void {
  if (!a.citations.length) return;
  print('\n出典:');
  for (const c of a.citations) print(`  [${c.n}] ${c.title} — p.${c.pageNo}  ${c.path}`);
}

program
  .command('ask')
  .description('answer a question from the indexed documents (LLM through Ollama, or extractive), with sources')
  .argument('<question>')
  .option('--json', 'print the answer as JSON (citations, passages, timings)')
  .option('--no-llm', 'extractive answer without asking the LLM')
  .action(async (question: string, o: { json?: boolean; llm: boolean }) => {
    const e = engine();
    const abort = new AbortController();
    process.once('SIGINT', () => abort.abort());
    try {
      const answer = await e.ask(
        { question, llm: o.llm },
        {
          emit: (ev) => {
            if (o.json) return;
            if (ev.type === 'mode') print(ev.mode === 'llm' ? `（${ev.model} が回答します）` : `（抽出回答: ${ev.reason}）`);
            else if (ev.type === 'token') process.stdout.write(ev.text);
          },
          signal: abort.signal,
        },
      );
      if (o.json) return print(JSON.stringify(answer));
      print('');
      if (answer.cancelled) print('（中断しました）');
      if (answer.error) print(`（回答が途中で止まりました: ${answer.error}）`);
      if (answer.droppedMarkers.length) print(`（資料にない番号 ${answer.droppedMarkers.map((n) => `[${n}]`).join('')} を取り除きました）`);
      printSources(answer);
    } finally {
      e.close();
    }
  });

function printLlm(s: LlmStatus): void {
  print(`${s.state.padEnd(16)} ${s.model} at ${s.host}${s.serverVersion ? ` (Ollama ${s.serverVersion})` : ''}`);
  print(`   ${s.detail}`);
}

program
  .command('llm')
  .description('check the Ollama server and model; imports the GGUF shipped in models/llm when the model is missing')
  .option('--json', 'print the status as JSON')
  .option('--no-import', 'only check; do not import a shipped GGUF')
  .action(async (o: { json?: boolean; import: boolean }) => {
    const e = engine();
    const abort = new AbortController();
    process.once('SIGINT', () => abort.abort());
    try {
      const s = await e.llmStatus(
        { ensure: o.import },
        {
          signal: abort.signal,
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
    } finally {
      e.close();
    }
  });

const settingsCmd = program.command('settings').description('show the settings (settings.json beside the store), or change one with `set`');
settingsCmd.action(() => {
  const e = engine();
  try {
    print(JSON.stringify(e.getSettings(), null, 2));
    if (e.settingsProblem) process.stderr.write(`docsearch: ${e.settingsProblem}\n`);
  } finally {
    e.close();
  }
});
settingsCmd
  .command('set')
  .description('set one value, e.g. `settings set llm.model qwen2.5:3b-instruct` or `settings set llm.allowRemoteHost true`')
  .argument('<key>', 'section.name, e.g. llm.host')
  .argument('<value>')
  .action((key: string, value: string) => {
    const [section, name, ...more] = key.split('.');
    if (section !== 'llm' || !name || more.length) throw new InputError(`unknown setting "${key}" (settings are llm.<name>; see \`docsearch settings\`)`);
    const parsed: unknown = value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value;
    const e = engine();
    try {
      if (!(name in e.getSettings().llm)) throw new InputError(`unknown setting "${key}" (see \`docsearch settings\`)`);
      print(JSON.stringify(e.updateSettings({ llm: { [name]: parsed } }), null, 2));
    } finally {
      e.close();
    }
  });

program
  .command('serve')
  .description('the app in a browser: engine + UI on 127.0.0.1 only, guarded by a per-launch token in the printed URL')
  .option('--port <n>', 'port (default: any free one)', (v) => Number.parseInt(v, 10))
  .action(async (o: { port?: number }) => {
    const { db } = program.opts<{ db?: string }>();
    const dbPath = db ?? defaultDbPath();
    const e = engine();
    const running = await startServer({
      api: e,
      rendererDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'renderer'),
      uploadDir: path.join(path.dirname(path.resolve(dbPath)), 'uploads'),
      port: o.port,
    });
    print(`docsearch serve: open ${running.openUrl}`);
    // the LLM is checked at start (and a shipped GGUF imported if the model is missing); answers fall back
    // to extractive until it is ready
    void e.llmStatus({ ensure: true }).then((s) => print(`LLM: ${s.state} — ${s.detail}`));
    // as the desktop app does at launch: models verified, OCR ready; the UI shows any problem
    void e.start().then((r) => {
      for (const p of r.problems) process.stderr.write(`${p}\n`);
      print(`models: ${r.problems.length ? `${r.problems.length} problem(s)` : 'verified'}; OCR ${r.ocr.ready ? `ready (${r.ocr.strategy}${r.ocr.fallback ? `: ${r.ocr.fallback}` : ''})` : `off (${r.ocr.reason})`} in ${(r.ms.total / 1000).toFixed(1)} s`);
    });
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await running.close();
    e.close();
  });

try {
  await program.parseAsync();
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  process.stderr.write(`docsearch: ${errorBody(e).message}\n`);
  if (process.env.DOCSEARCH_DEBUG) console.error(e);
  process.exit(2);
}
