/**
 * An ingest request: its paths expanded to files (folders walked), each file ingested (ingest.ts) and then
 * embedded, and the term statistics refreshed once at the end rather than after every file.
 */
import { IngestRequest, type CallContext, type LimitsSettings, type FileOutcome, type IngestEvent, type IngestFileResult, type IngestSummary } from '#shared/api';
import { expandPaths, type FoundFile } from '../documents/files.js';
import type { Db } from '../store/db.js';
import type { Repository } from '../store/repository.js';
import { refreshTermStats, termStatsStale } from '../store/term-stats.js';
import type { ChunkOptions } from '../text/chunk.js';
import type { EmbedJobs } from './embed.js';
import { ingestFile, type IngestContext, type PageOcr } from './ingest.js';
import { thisProcess } from './owner.js';

export interface IngestBatchDeps {
  db: Db;
  repo: Repository;
  chunking?: ChunkOptions;
  ocr: () => Promise<PageOcr | undefined>;
  embedding: Pick<EmbedJobs, 'embedDocument'>;
  /** settings' limits, as they were when the request came */
  limits?: LimitsSettings;
  /** what is done with each file: ingested (the default), or a stored document's file re-indexed (reindex.ts) */
  ingestFile?: (path: string, ctx: IngestContext) => Promise<IngestFileResult>;
}

export async function ingestBatch(req: IngestRequest, { emit: onEvent = () => {}, signal }: CallContext<IngestEvent>, deps: IngestBatchDeps): Promise<IngestSummary> {
  const { paths } = IngestRequest.parse(req);
  const t0 = performance.now();
  const found = await expandPaths(paths, signal);
  onEvent({ type: 'scan', files: found.length });
  const files: IngestFileResult[] = [];
  // every file's job is recorded before the first starts, so a dead engine's successor resumes them all
  const readable = found.filter((f) => !f.error && !f.skipReason);
  const jobIds = deps.repo.startJobs(readable.map((f) => f.path), thisProcess());
  const jobOf = new Map(readable.map((f, i) => [f, jobIds[i]!]));
  try {
    for (const [index, f] of found.entries()) {
      files.push(await ingestOne(f, index));
    }
  } finally {
    deps.repo.endRunningJobs(jobIds, 'cancelled', 'cancelled before it started');
  }
  if (termStatsStale(deps.db)) await refreshTermStats(deps.db);
  const counts = { indexed: 0, unchanged: 0, skipped: 0, failed: 0, cancelled: 0 } satisfies Record<FileOutcome, number>;
  for (const f of files) counts[f.outcome]++;
  return { files, counts, ms: performance.now() - t0 };

  async function ingestOne(f: FoundFile, index: number): Promise<IngestFileResult> {
    let result: IngestFileResult;
    if (signal?.aborted) result = { path: f.path, outcome: 'cancelled', reason: 'cancelled before it started' };
    else if (f.error) result = { path: f.path, outcome: 'failed', reason: f.error };
    else if (f.skipReason) result = { path: f.path, outcome: 'skipped', reason: f.skipReason };
    else {
      onEvent({ type: 'file-start', path: f.path, index, total: found.length });
      result = await (deps.ingestFile ?? ingestFile)(f.path, { repo: deps.repo, emit: onEvent, signal, chunking: deps.chunking, ocr: deps.ocr, jobId: jobOf.get(f), limits: deps.limits });
      if (result.outcome === 'indexed' && result.docId !== undefined) {
        const t = performance.now();
        const problem = await deps.embedding.embedDocument(f.path, result.docId, onEvent, signal);
        const embed = performance.now() - t;
        if (result.ms) result = { ...result, ms: { ...result.ms, embed, total: result.ms.total + embed } };
        if (problem) result = { ...result, reason: `indexed for lexical search; vectors not computed (\`docsearch reindex\` retries): ${problem}` };
      }
    }
    onEvent({ type: 'file-end', result });
    return result;
  }
}
