/**
 * Vectors for chunks that have none from the installed embedder: a newly indexed document's, or the whole
 * store's (`reindex`, after an embedder is installed or changed). Batches are committed as they are done,
 * so a stop loses nothing and the next run goes on from there. Only `reindex` replaces another embedder's
 * vectors (see store/vectors.ts): an ingest in a process with another embedder leaves them alone.
 */
import type { CallContext, IngestEvent, ReindexEvent, ReindexSummary } from '#shared/api';
import type { Embedder } from '../embed/embedder.js';
import type { SemanticModels } from '../embed/semantic.js';
import type { Db } from '../store/db.js';
import type { Repository } from '../store/repository.js';
import { chunksWithoutVector, ensureVectorTable, putVectors, vectorCoverage } from '../store/vectors.js';

/** Chunks embedded and committed together during ingest and reindex. */
const EMBED_BATCH = 64;

export class EmbedJobs {
  constructor(private readonly deps: { db: Db; repo: Repository; semantic: () => Promise<SemanticModels> }) {}

  async reindex({ emit: onEvent = () => {}, signal }: CallContext<ReindexEvent> = {}): Promise<ReindexSummary> {
    const { db } = this.deps;
    const t0 = performance.now();
    const { embedder, reason } = await this.deps.semantic();
    if (!embedder) return { model: null, embedded: 0, ...vectorCoverage(db), cancelled: false, reason: reason ?? 'no embedder', ms: performance.now() - t0 };
    ensureVectorTable(db, { model: embedder.id, dims: embedder.dims }, { replace: true });
    const embedded = await this.embedMissing(embedder, undefined, onEvent, signal);
    return { model: embedder.id, embedded, ...vectorCoverage(db), cancelled: Boolean(signal?.aborted), reason: null, ms: performance.now() - t0 };
  }

  /** A newly indexed document's vectors, when an embedder is installed; a failure there is reported, not fatal. */
  async embedDocument(file: string, docId: number, onEvent: (e: IngestEvent) => void, signal?: AbortSignal): Promise<string | null> {
    const { embedder } = await this.deps.semantic();
    if (!embedder) return null;
    try {
      const other = ensureVectorTable(this.deps.db, { model: embedder.id, dims: embedder.dims });
      if (other) return `the store's vectors come from embedder ${other.model}, not the installed ${embedder.id}; \`docsearch reindex\` switches the store to it`;
      await this.embedMissing(embedder, docId, (e) => onEvent({ type: 'embed', path: file, done: e.done, total: e.total }), signal);
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  }

  /** Embeds chunks without a vector (one document's, or all), in committed batches, so a stop loses nothing. */
  private async embedMissing(embedder: Embedder, docId: number | undefined, onEvent: (e: ReindexEvent) => void, signal?: AbortSignal): Promise<number> {
    const { db, repo } = this.deps;
    const space = { model: embedder.id, dims: embedder.dims };
    // a document's count uses its index; the store-wide coverage (a full pass) only for reindex
    let total: number;
    if (docId === undefined) {
      const c = vectorCoverage(db);
      total = c.chunks - c.withVector;
    } else total = repo.chunkCount(docId);
    let done = 0;
    for (;;) {
      if (signal?.aborted) break;
      const batch = chunksWithoutVector(db, EMBED_BATCH, docId);
      if (!batch.length) break;
      const vectors = await embedder.embedPassages(batch.map((c) => c.text));
      putVectors(db, space, batch.map((c, i) => ({ chunkId: c.id, vector: vectors[i]! })));
      done += batch.length;
      onEvent({ type: 'embed', done, total });
    }
    return done;
  }
}
