/** JSQuAD evaluation data (../shared/eval/jsquad) and a store of its paragraphs built through the real ingest path. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src-main/engine/engine.js';
import type { ChunkOptions } from '../../src-main/engine/text/chunk.js';

export interface Paragraph {
  id: string;
  title: string;
  text: string;
}

export interface Question {
  id: string;
  question: string;
  gold_paragraph_id: string;
  answers: { text: string }[];
}

export const readJsonl = <T>(file: string): T[] =>
  fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);

/**
 * Every paragraph as a text document (title line, then text) in a fresh store under the temp folder;
 * with `modelsDir`, its embedder (if any) embeds them during ingest.
 */
export async function buildJsquadStore(paragraphs: Paragraph[], opts: { chunking?: ChunkOptions; modelsDir?: string } = {}): Promise<{ engine: Engine; idByPath: Map<string, string>; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-eval-'));
  const docs = path.join(dir, 'docs');
  fs.mkdirSync(docs);
  for (const p of paragraphs) fs.writeFileSync(path.join(docs, `${p.id}.txt`), `${p.title}\n${p.text}\n`);
  const engine = new Engine({ dbPath: path.join(dir, 'eval.db'), chunking: opts.chunking, modelsDir: opts.modelsDir });
  const summary = await engine.ingest({ paths: [docs] });
  if (summary.counts.indexed !== paragraphs.length) throw new Error(`expected ${paragraphs.length} indexed, got ${JSON.stringify(summary.counts)}`);
  const idByPath = new Map(summary.files.map((f) => [f.path, path.basename(f.path, '.txt')]));
  return { engine, idByPath, dir };
}
