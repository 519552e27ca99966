/**
 * `npm run bench:library`: library export and import (src-main/engine/library) on a 10,000-chunk store.
 * The store is built from generated Japanese text files (JSQuAD sentences, CC BY-SA 4.0, JGLUE; 1,000
 * files of 10 one-chunk pages, written to a temporary folder) ingested by the engine, and given a vector
 * per chunk of the production embedder's size (256 dimensions; random unit vectors written with the
 * store's own putVectors: embedding 10,000 chunks would measure the embedder, not the transfer).
 * Measured, one run each: export without and with the original files (snapshot and archive-writing phases
 * apart), import of the archive with files into an empty store (verify and merge phases apart, term
 * statistics included in the total), and importing it again (every document already there).
 * `--chunks N` (10000). Writes bench-results/library.{json,md}.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LibraryTransferEvent, LibraryTransferPhase } from '#shared/api';
import { Engine } from '../../src-main/engine/engine.js';
import { openDb } from '../../src-main/engine/store/db.js';
import { chunksWithoutVector, ensureVectorTable, putVectors } from '../../src-main/engine/store/vectors.js';
import { evalDir } from '../lib/paths.js';
import { machineInfo, writeResults } from '../lib/results.js';

const { values: flags } = parseArgs({ options: { chunks: { type: 'string', default: '10000' } } });
const CHUNKS = Number(flags.chunks);
const PAGES_PER_DOC = 10;
/** below the default chunk size (400), so a page is one chunk */
const PAGE_CHARS = 360;
const DIMS = 256;

const log = (s: string): void => void process.stderr.write(s + '\n');
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-bench-library-'));

function sentences(): string[] {
  const out: string[] = [];
  for (const line of fs.readFileSync(path.join(evalDir, 'jsquad', 'valid-paragraphs.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const text = (JSON.parse(line) as { text: string }).text.normalize('NFKC').replace(/\s+/g, ' ');
    for (const m of text.matchAll(/[^。]+。/g)) if (m[0].length >= 8 && m[0].length <= 200) out.push(m[0].trim());
  }
  return out;
}

/** Deterministic: document d, page p takes the sentences after index (d × pages + p) × 7. */
function generate(dir: string): number {
  const pool = sentences();
  const docs = Math.ceil(CHUNKS / PAGES_PER_DOC);
  let bytes = 0;
  for (let d = 0; d < docs; d++) {
    const pages: string[] = [];
    for (let p = 0; p < PAGES_PER_DOC && d * PAGES_PER_DOC + p < CHUNKS; p++) {
      let page = `文書${d}の${p + 1}ページ。`;
      for (let i = (d * PAGES_PER_DOC + p) * 7; page.length + pool[i % pool.length]!.length <= PAGE_CHARS; i++) page += pool[i % pool.length];
      pages.push(page);
    }
    const content = pages.join('\n\f\n') + '\n';
    bytes += Buffer.byteLength(content);
    fs.writeFileSync(path.join(dir, `doc-${String(d).padStart(5, '0')}.txt`), content);
  }
  return bytes;
}

/** Random unit vectors for every chunk, in the store's own way (the binary and float copies included). */
function addVectors(dbPath: string): number {
  const db = openDb(dbPath);
  const space = { model: 'bench-random-256', dims: DIMS };
  ensureVectorTable(db, space);
  let n = 0;
  for (let batch = chunksWithoutVector(db, 1000); batch.length; batch = chunksWithoutVector(db, 1000)) {
    putVectors(db, space, batch.map((c) => {
      const v = Float32Array.from({ length: DIMS }, () => Math.random() - 0.5);
      const norm = Math.hypot(...v);
      return { chunkId: c.id, vector: v.map((x) => x / norm) };
    }));
    n += batch.length;
  }
  db.close();
  return n;
}

/** Runs a transfer, timing each phase from its first event to the next phase's (the last to the end). */
async function timed<R>(run: (emit: (e: LibraryTransferEvent) => void) => Promise<R>): Promise<{ result: R; ms: number; phases: Partial<Record<LibraryTransferPhase, number>> }> {
  const starts: [LibraryTransferPhase, number][] = [];
  const t0 = performance.now();
  const result = await run((e) => {
    if (starts.at(-1)?.[0] !== e.phase) starts.push([e.phase, performance.now()]);
  });
  const end = performance.now();
  const phases = Object.fromEntries(starts.map(([p, t], i) => [p, round((starts[i + 1]?.[1] ?? end) - t)]));
  return { result, ms: round(end - t0), phases };
}

const mb = (bytes: number) => round(bytes / 2 ** 20, 1);

async function main() {
  const docsDir = path.join(tmp, 'docs');
  fs.mkdirSync(docsDir);
  const textBytes = generate(docsDir);
  const dbA = path.join(tmp, 'a', 'docsearch.db');
  const a = new Engine({ dbPath: dbA });
  const t0 = performance.now();
  const ingest = await a.ingest({ paths: [docsDir] });
  const ingestMs = round(performance.now() - t0);
  log(`ingested ${ingest.counts.indexed} files in ${round(ingestMs / 1000)} s`);
  a.close();
  const vectors = addVectors(dbA);
  const store = new Engine({ dbPath: dbA });
  const status = store.status();
  log(`store: ${status.documents} documents, ${status.chunks} chunks, ${vectors} vectors, ${mb(status.dbBytes)} MiB`);

  const plain = await timed((emit) => store.exportLibrary({ file: path.join(tmp, 'plain.tar') }, { emit }));
  const withFiles = await timed((emit) => store.exportLibrary({ file: path.join(tmp, 'files.tar'), withFiles: true }, { emit }));
  store.close();
  log(`export: ${plain.ms} ms (${mb(plain.result.bytes)} MiB), with files ${withFiles.ms} ms (${mb(withFiles.result.bytes)} MiB)`);

  const b = new Engine({ dbPath: path.join(tmp, 'b', 'docsearch.db') });
  const imported = await timed((emit) => b.importLibrary({ file: path.join(tmp, 'files.tar'), withFiles: true }, { emit }));
  const again = await timed((emit) => b.importLibrary({ file: path.join(tmp, 'files.tar') }, { emit }));
  const after = b.status();
  b.close();
  log(`import: ${imported.ms} ms; again (all present) ${again.ms} ms`);

  const perS = (n: number, ms: number) => round((n / ms) * 1000, 0);
  const results = {
    machine: { ...machineInfo(), loadavg: os.loadavg().map((x) => round(x, 2)) },
    store: { documents: status.documents, chunks: status.chunks, vectors, vectorDims: DIMS, dbMiB: mb(status.dbBytes), textMiB: mb(textBytes) },
    /** the same files' ingest (no embedder), on the same machine just before: what an import spares at least */
    ingest: { ms: ingestMs, chunksPerS: perS(status.chunks, ingestMs) },
    export: {
      plain: { ms: plain.ms, phases: plain.phases, archiveMiB: mb(plain.result.bytes), chunksPerS: perS(status.chunks, plain.ms), MiBPerS: round(mb(plain.result.bytes) / (plain.ms / 1000)) },
      withFiles: { ms: withFiles.ms, phases: withFiles.phases, archiveMiB: mb(withFiles.result.bytes), files: withFiles.result.files.included },
    },
    import: {
      fresh: { ms: imported.ms, phases: imported.phases, documents: imported.result.documents, chunks: imported.result.chunks, vectors: imported.result.vectors, filesRestored: imported.result.files.restored, chunksPerS: perS(imported.result.chunks, imported.ms) },
      again: { ms: again.ms, phases: again.phases, documents: again.result.documents },
      storeAfter: { documents: after.documents, chunks: after.chunks },
    },
  };
  const md = [
    `# Library transfer: ${status.chunks.toLocaleString('en')} chunks`,
    '',
    `Store: ${status.documents} documents (generated Japanese text, one chunk a page), ${status.chunks} chunks, ${vectors} vectors of ${DIMS} dimensions, ${results.store.dbMiB} MiB. ${machineInfo().cpu}, ${machineInfo().cores} cores, load average ${results.machine.loadavg[0]} at the end; one run each.`,
    '',
    '| | time | phases | archive | rate |',
    '|---|---|---|---|---|',
    `| export (store only) | ${round(plain.ms / 1000, 2)} s | snapshot ${plain.phases.snapshot} ms, write ${plain.phases.write} ms | ${results.export.plain.archiveMiB} MiB | ${results.export.plain.chunksPerS} chunks/s, ${results.export.plain.MiBPerS} MiB/s |`,
    `| export with files | ${round(withFiles.ms / 1000, 2)} s | snapshot ${withFiles.phases.snapshot} ms, write ${withFiles.phases.write} ms | ${results.export.withFiles.archiveMiB} MiB (${withFiles.result.files.included} files) | |`,
    `| import into an empty store, files restored | ${round(imported.ms / 1000, 2)} s | verify ${imported.phases.verify} ms, merge ${imported.phases.merge} ms (term statistics included) | | ${results.import.fresh.chunksPerS} chunks/s (${imported.result.vectors} vectors taken) |`,
    `| for comparison: ingesting the same files (no embedder, no OCR) | ${round(ingestMs / 1000, 2)} s | | | ${results.ingest.chunksPerS} chunks/s |`,
    `| import again (all ${again.result.documents.present} documents present) | ${round(again.ms / 1000, 2)} s | verify ${again.phases.verify} ms, merge ${again.phases.merge} ms | | |`,
  ].join('\n');
  writeResults('library', results, md);
  process.stdout.write(md + '\n');
}

try {
  await main();
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
