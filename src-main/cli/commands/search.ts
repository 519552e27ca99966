import fs from 'node:fs';
import readline from 'node:readline';
import { Option, type Command } from 'commander';
import type { Scope, SearchRequest, SearchResult } from '#shared/api';
import type { Engine } from '../../engine/engine.js';
import { markSnippet } from '../../engine/text/snippet.js';
import { matchMarkers, print, usageError } from '../output.js';
import { addScopeOptions, describeScope, scopeOf, type ScopeOptions } from '../scope-options.js';
import { withEngine } from '../with-engine.js';

interface SearchOptions extends ScopeOptions {
  k: number;
  json?: boolean;
  batch?: string;
  mode: NonNullable<SearchRequest['mode']>;
  fusion: NonNullable<SearchRequest['fusion']>;
  rerank: boolean;
  binary?: boolean;
}

export function registerSearch(program: Command): void {
  const command = program
    .command('search')
    .description('search the indexed documents')
    .argument('[query]')
    .option('--k <n>', 'number of results', (v) => Number.parseInt(v, 10), 10)
    .option('--json', 'print results as JSON')
    .option('--batch <file>', 'one query a line (- for stdin); one JSON line per query out')
    .addOption(new Option('--mode <mode>', 'auto: hybrid when an embedder and vectors exist').choices(['auto', 'lexical', 'dense', 'hybrid']).default('auto'))
    .addOption(new Option('--fusion <how>', 'how lexical and dense candidates are combined').choices(['rrf', 'weighted']).default('rrf'))
    .option('--no-rerank', 'skip the cross-encoder')
    .option('--binary', 'dense candidates from binary-quantised vectors, rescored (large stores)');
  addScopeOptions(command).action(async (query: string | undefined, o: SearchOptions) => {
    const how = { k: o.k, mode: o.mode, fusion: o.fusion, rerank: o.rerank, binary: Boolean(o.binary) };
    const batch = o.batch;
    if (!batch && !query) usageError(command, 'give a query, or --batch FILE');
    await withEngine(program, async (engine) => {
      const scope = scopeOf(engine, o);
      if (batch) return searchBatch(engine, batch, { ...how, scope });
      const r = await engine.search({ query: query!, ...how, scope });
      if (o.json) print(JSON.stringify(r));
      else printHits(r, scope);
    });
  });
}

/** `--batch`: one query a line in, one JSON line a query out (hits without snippets and boxes). */
async function searchBatch(engine: Engine, file: string, how: Omit<SearchRequest, 'query'>): Promise<void> {
  const input = file === '-' ? process.stdin : fs.createReadStream(file);
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    const r = await engine.search({ query: line, ...how });
    print(JSON.stringify({ query: r.query, tookMs: r.tookMs, stages: r.stages, hits: r.hits.map(({ snippet: _s, boxes: _b, ...h }) => h) }));
  }
}

function printHits(r: SearchResult, scope: Scope | undefined): void {
  for (const n of r.notes) process.stderr.write(`(${n.message})\n`);
  if (scope) process.stderr.write(`(only ${describeScope(scope)})\n`);
  if (!r.hits.length) return print(`no results for 「${r.query}」`);
  print(`stages: ${r.stages.join(' → ')}`);
  const [open, close] = matchMarkers();
  for (const h of r.hits) {
    print(`${h.rank}. ${h.title} — p.${h.pageNo}  (score ${h.score.toPrecision(3)}, chunk ${h.chunkId})`);
    print(`   ${markSnippet(h.snippet, open, close).replace(/\n/g, ' ')}`);
    print(`   ${h.path}`);
  }
}
