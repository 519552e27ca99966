/**
 * The packaged engine started as the desktop app's engine process starts it (src-main/electron/engine-host.ts:
 * an Engine on the packaged models folder with `packaged: true`, then start(): every model verified, OCR
 * sessions and workers ready), but under Node from an extracted package (scripts/lib/pack.ts), since
 * Electron cannot run here. Optionally ingests a file and searches, to show the rest works.
 * Prints one JSON line: the start-up report, `readyMs` (since this process started, so module loading is
 * counted) and the search's top hit.
 *
 *   node out/scripts/package/packaged-engine.js <app dir> <models dir> <data dir> [<file to ingest> <query>]
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [appDir, modelsDir, dataDir, ingestFile, query] = process.argv.slice(2);
if (!appDir || !modelsDir || !dataDir) throw new Error('usage: packaged-engine <app dir> <models dir> <data dir> [<file> <query>]');
type EngineModule = typeof import('../../src-main/engine/engine.js');
const { Engine } = (await import(pathToFileURL(path.join(appDir, 'out', 'src-main', 'engine', 'engine.js')).href)) as EngineModule;
const engine = new Engine({ dbPath: path.join(dataDir, 'docsearch.db'), modelsDir, packaged: true });
try {
  const report = await engine.start();
  const readyMs = performance.now();
  let topHit: string | null = null;
  if (ingestFile && query) {
    const summary = await engine.ingest({ paths: [ingestFile] });
    if (summary.counts.indexed !== 1) throw new Error(`ingest failed: ${JSON.stringify(summary.files)}`);
    topHit = (await engine.search({ query })).hits[0]?.path ?? null;
  }
  console.log(JSON.stringify({ report, readyMs, topHit, vectorLibrary: engine.status().vectorLibrary }));
} finally {
  engine.close();
}
