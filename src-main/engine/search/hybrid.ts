/**
 * Search as the API offers it: lexical (lexical.ts) and dense (store/vectors.ts) candidates, fused
 * (fusion.ts), the head re-scored by the cross-encoder. A stage that cannot run is left out and the
 * reason noted, so search works without any model. A scope is resolved to its documents once
 * (store/scope.ts) and each candidate stage keeps to them inside its query, so fusion and the reranker
 * only ever see chunks in scope and k hits come back whenever the scope holds k matching chunks.
 */
import { SearchRequest, type SearchHit, type SearchNote, type SearchResult } from '#shared/api';
import type { SemanticModels } from '../embed/semantic.js';
import type { Db } from '../store/db.js';
import type { Repository } from '../store/repository.js';
import { scopeDocIds } from '../store/scope.js';
import { nearestChunks, vectorSpace } from '../store/vectors.js';
import { makeSnippet } from '../text/snippet.js';
import { rrf, weighted, type Fused } from './fusion.js';
import { CANDIDATES, lexicalQuery, lexicalSearch } from './lexical.js';
import { searchNote } from './notes.js';

/** Candidates the cross-encoder re-scores. */
const RERANK_TOP = 20;

export interface SearchDeps {
  db: Db;
  repo: Repository;
  semantic: () => Promise<SemanticModels>;
}

export async function hybridSearch(req: SearchRequest, { db, repo, semantic }: SearchDeps): Promise<SearchResult> {
  const { query, scope, k, mode, fusion, rerank, binary } = SearchRequest.parse(req);
  const t0 = performance.now();
  const q = lexicalQuery(query);
  const stages: string[] = [];
  const notes: SearchNote[] = [];
  const docs = scopeDocIds(db, scope);
  if (docs?.length === 0) notes.push(searchNote('scope-empty'));
  const sem = mode === 'lexical' ? undefined : await semantic();
  // a model running fp32 because the variant chosen in settings is missing or damaged
  notes.push(...(sem?.variantNotes ?? []).map((reason) => searchNote('variant-fallback', { reason })));
  const space = vectorSpace(db);
  const vectors = sem?.embedder && space?.model === sem.embedder.id;
  if (mode !== 'lexical' && !sem?.embedder) notes.push(searchNote('dense-no-embedder', { reason: sem?.reason ?? 'no embedder' }));
  else if (mode !== 'lexical' && !vectors) notes.push(space ? searchNote('dense-other-space', { storeModel: space.model, model: sem!.embedder!.id }) : searchNote('dense-no-vectors'));
  const useDense = Boolean(vectors) && mode !== 'lexical';
  const useLexical = mode !== 'dense' || !useDense;
  const pool = Math.max(k, CANDIDATES);

  const lexical = useLexical ? lexicalSearch(db, q, pool, docs).map((h) => ({ chunkId: h.chunkId, score: h.score })) : [];
  if (useLexical) stages.push('lexical');
  let dense: { chunkId: number; score: number }[] = [];
  if (useDense) {
    const [qv] = await sem!.embedder!.embedQueries([query]);
    // cosine similarity of unit vectors from the L2 distance: 1 − d²/2
    dense = nearestChunks(db, qv!, pool, { binary, docs }).map((h) => ({ chunkId: h.chunkId, score: 1 - (h.distance * h.distance) / 2 }));
    stages.push(`dense${binary ? '-binary' : ''}:${sem!.embedder!.id}`);
  }
  let ranked: Fused[];
  if (useLexical && useDense) {
    ranked = fusion === 'rrf' ? rrf(lexical, dense) : weighted(lexical, dense);
    stages.push(`fusion:${fusion}`);
  } else {
    ranked = (useDense ? dense : lexical).map((h) => ({ chunkId: h.chunkId, score: h.score, lexical: useDense ? null : h.score, dense: useDense ? h.score : null }));
  }
  const fusedScore = new Map(ranked.map((r) => [r.chunkId, useLexical && useDense ? r.score : null]));
  let top = ranked.slice(0, Math.max(k, rerank && sem?.reranker ? RERANK_TOP : 0));
  const rows = repo.chunksById(top.map((h) => h.chunkId));
  const rerankScore = new Map<number, number>();
  if (rerank && sem?.reranker && top.length) {
    const head = top.slice(0, RERANK_TOP).filter((h) => rows.has(h.chunkId));
    const scores = await sem.reranker.score(query, head.map((h) => rows.get(h.chunkId)!.text));
    head.forEach((h, i) => rerankScore.set(h.chunkId, scores[i]!));
    top = [...head.map((h) => ({ ...h, score: rerankScore.get(h.chunkId)! })).sort((a, b) => b.score - a.score), ...top.slice(RERANK_TOP)];
    stages.push(`rerank:${sem.reranker.id}`);
  } else if (rerank && mode !== 'lexical' && sem && !sem.reranker) notes.push(searchNote('rerank-off', { reason: sem.rerankerReason ?? 'no reranker' }));
  const hits: SearchHit[] = top.slice(0, k).flatMap((h, i) => {
    const r = rows.get(h.chunkId);
    if (!r) return [];
    return [{
      rank: i + 1,
      chunkId: r.chunkId,
      docId: r.docId,
      title: r.title,
      path: r.path,
      pageNo: r.pageNo,
      start: r.start,
      end: r.end,
      score: h.score,
      scores: { lexical: h.lexical, dense: h.dense, fused: fusedScore.get(h.chunkId) ?? null, rerank: rerankScore.get(h.chunkId) ?? null },
      text: r.text,
      snippet: makeSnippet(r.text, q.highlights),
      boxes: r.boxes,
    }];
  });
  return { query, stages, notes, hits, tookMs: performance.now() - t0 };
}
