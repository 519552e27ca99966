/**
 * Answers a question from the indexed documents: retrieve (the question, with the previous one for a
 * follow-up) → LLM through Ollama when it is ready, else an extractive answer → citations verified and
 * resolved to document, page, offsets and line boxes. Both modes give the same structure.
 */
import type { Answer, AnswerEvent, AnswerPassage, AskRequest, Citation, LlmImportEvent, LlmSettings, LlmStatus, Scope, SearchHit } from '#shared/api';
import { AskRequest as AskSchema } from '#shared/api';
import type { ModelRegistry } from '../models/registry.js';
import { activeScope } from '../store/scope.js';
import { boxesForSpan, type PageLine } from '../text/chunk.js';
import { verifyCitations } from './citations.js';
import { Conversations, retrievalQuery } from './conversation.js';
import { EXTRACT_DEFAULTS, extractSentences, extractiveText } from './extractive.js';
import { checkHost } from './host-policy.js';
import { LlmError, OllamaClient } from './ollama-client.js';
import { buildPrompt, NO_ANSWER } from './prompt.js';

export interface AnswererDeps {
  /** `scope`: only these documents (null: all) */
  search(query: string, k: number, scope: Scope | null): Promise<SearchHit[]>;
  /** the stored lines (offsets and boxes) of a page */
  pageLines(docId: number, pageNo: number): PageLine[];
  settings(): LlmSettings;
  /** the model registry, for a GGUF shipped in models/llm (undefined when the manifest is unusable) */
  models(): ModelRegistry | undefined;
}

export interface StatusOptions {
  ensure?: boolean;
  onImport?: (e: LlmImportEvent) => void;
  signal?: AbortSignal;
}

export class Answerer {
  private readonly conversations = new Conversations();
  private importing: Promise<void> | null = null;

  constructor(private readonly deps: AnswererDeps) {}

  async status(opts: StatusOptions = {}): Promise<LlmStatus> {
    const s = this.deps.settings();
    const base = { host: s.host, model: s.model, serverVersion: null, importable: null };
    try {
      checkHost(s.host, s.allowRemoteHost);
    } catch (e) {
      return { ...base, state: 'host-not-allowed', detail: (e as Error).message };
    }
    const client = new OllamaClient(s);
    let serverVersion: string;
    try {
      serverVersion = await client.version();
      if (await client.hasModel(s.model)) return { ...base, serverVersion, state: 'ready', detail: `${s.model} is ready at ${s.host}` };
    } catch (e) {
      const err = e as LlmError;
      return { ...base, state: err.kind === 'server-down' ? 'server-down' : 'error', detail: err.message };
    }
    const importable = await this.importable(s.model);
    const withImport = { ...base, serverVersion, importable };
    if (this.importing) return { ...withImport, state: 'importing', detail: `importing ${s.model} into Ollama from ${importable?.path ?? 'models/llm'}` };
    if (!importable) {
      return { ...withImport, state: 'model-missing', detail: `${s.model} is not installed in Ollama at ${s.host}, and no GGUF for it ships in models/llm; install it there (\`ollama create\` from a GGUF) or choose an installed model in settings` };
    }
    if (!opts.ensure) return { ...withImport, state: 'model-missing', detail: `${s.model} is not installed in Ollama yet; it can be imported from ${importable.path}` };
    this.importing ??= this.importModel(client, importable.id, s.model, opts).finally(() => (this.importing = null));
    try {
      await this.importing;
    } catch (e) {
      return { ...withImport, state: 'error', detail: `import of ${s.model} failed: ${(e as Error).message}` };
    }
    return this.status({ ...opts, ensure: false });
  }

  /** The manifest's GGUF for this Ollama model name (params.ollamaModel), when its file is intact. */
  private async importable(model: string): Promise<{ id: string; path: string } | null> {
    const registry = this.deps.models();
    const entry = registry?.manifest.models.find((m) => m.role === 'llm' && m.params.ollamaModel === model);
    if (!registry || !entry) return null;
    const [check] = await registry.verify([entry.id]);
    return check?.status === 'present' ? { id: entry.id, path: registry.filePath(entry.id) } : null;
  }

  private async importModel(client: OllamaClient, id: string, model: string, opts: StatusOptions): Promise<void> {
    const registry = this.deps.models()!;
    const entry = registry.model(id);
    const p = entry.params as { template?: string; system?: string; parameters?: Record<string, unknown> };
    await client.importGguf(registry.filePath(id), entry.files[0]!.sha256, model, { template: p.template, system: p.system, parameters: p.parameters }, opts.onImport ?? (() => {}), opts.signal);
  }

  async ask(req: AskRequest, onEvent: (e: AnswerEvent) => void = () => {}, signal?: AbortSignal): Promise<Answer> {
    const { question, conversationId, scope: asked, llm, k } = AskSchema.parse(req);
    const t0 = performance.now();
    // a follow-up without a scope of its own keeps the conversation's
    const conversation = this.conversations.open(conversationId, asked === undefined ? undefined : activeScope(asked));
    const { scope } = conversation;
    const query = retrievalQuery(question, conversation.history);
    const hits = await this.deps.search(query, k, scope);
    const retrievalMs = performance.now() - t0;
    const settings = this.deps.settings();

    let reason: string | null = null;
    if (!hits.length) reason = '資料から質問に関係する箇所が見つかりませんでした';
    else if (!llm) reason = 'LLM を使わない設定です（抽出回答）';
    else {
      const st = await this.status();
      if (st.state !== 'ready') reason = `LLM を使えません: ${st.detail}`;
    }

    let firstToken: number | null = null;
    const emitToken = (text: string) => {
      firstToken ??= performance.now() - t0;
      onEvent({ type: 'token', text });
    };
    const finish = (a: Omit<Answer, 'conversationId' | 'question' | 'retrievalQuery' | 'scope' | 'ms'>): Answer => {
      const answer: Answer = { conversationId: conversation.id, question, retrievalQuery: query, scope, ...a, ms: { retrieval: retrievalMs, firstToken, total: performance.now() - t0 } };
      this.conversations.add(conversation.id, { question, answer: answer.text.replace(/\[\d+\]/g, '') });
      onEvent({ type: 'done', answer });
      return answer;
    };

    if (reason === null) {
      const { messages, passages } = buildPrompt(question, hits.map(toPassage), conversation.history, settings);
      onEvent({ type: 'retrieved', passages, retrievalQuery: query, scope });
      onEvent({ type: 'mode', mode: 'llm', reason: null, model: settings.model });
      let text = '';
      let error: string | null = null;
      let cancelled = false;
      try {
        for await (const t of new OllamaClient(settings).chat(settings.model, messages, signal)) {
          text += t;
          emitToken(t);
        }
      } catch (e) {
        const err = e as LlmError;
        if (err.kind === 'cancelled') cancelled = true;
        else if (!text) reason = `LLM が応答しませんでした: ${err.message}`;
        else error = err.message;
      }
      if (reason === null) {
        const v = verifyCitations(text, passages.length);
        const citations = v.cited.map((n) => {
          const p = passages[n - 1]!;
          const hit = hits.find((h) => h.chunkId === p.chunkId)!;
          return citation(p, hit.start, hit.end, p.boxes);
        });
        return finish({ mode: 'llm', extractiveReason: null, model: settings.model, text: v.text, citations, passages, droppedMarkers: v.dropped, cancelled, error });
      }
    }
    return finish(this.extractive(question, query, scope, hits, reason!, onEvent, emitToken));
  }

  private extractive(question: string, query: string, scope: Scope | null, hits: SearchHit[], reason: string, onEvent: (e: AnswerEvent) => void, emitToken: (t: string) => void): Omit<Answer, 'conversationId' | 'question' | 'retrievalQuery' | 'scope' | 'ms'> {
    const passages = hits.slice(0, EXTRACT_DEFAULTS.passages).map((h, i) => ({ ...toPassage(h), n: i + 1 }));
    onEvent({ type: 'retrieved', passages, retrievalQuery: query, scope });
    onEvent({ type: 'mode', mode: 'extractive', reason, model: null });
    const sentences = extractSentences(question, passages);
    const text = sentences.length ? extractiveText(sentences) : NO_ANSWER;
    for (const line of text.split(/(?<=\n)/)) emitToken(line);
    // one citation per passage, spanning its chosen sentences
    const citations: Citation[] = [];
    for (const p of passages) {
      const mine = sentences.filter((s) => s.n === p.n);
      if (!mine.length) continue;
      const hit = hits[p.n - 1]!;
      const lines = this.deps.pageLines(p.docId, p.pageNo);
      const start = hit.start + Math.min(...mine.map((s) => s.start));
      const end = hit.start + Math.max(...mine.map((s) => s.end));
      const boxes = mine.flatMap((s) => boxesForSpan(lines, hit.start + s.start, hit.start + s.end));
      citations.push(citation(p, start, end, [...new Map(boxes.map((b) => [JSON.stringify(b), b])).values()]));
    }
    citations.sort((a, b) => text.indexOf(`[${a.n}]`) - text.indexOf(`[${b.n}]`));
    return { mode: 'extractive', extractiveReason: reason, model: null, text, citations, passages, droppedMarkers: [], cancelled: false, error: null };
  }
}

function toPassage(h: SearchHit): Omit<AnswerPassage, 'n'> {
  return { chunkId: h.chunkId, docId: h.docId, title: h.title, path: h.path, pageNo: h.pageNo, text: h.text, boxes: h.boxes };
}

function citation(p: AnswerPassage, start: number, end: number, boxes: Citation['boxes']): Citation {
  return { n: p.n, chunkId: p.chunkId, docId: p.docId, title: p.title, path: p.path, pageNo: p.pageNo, start, end, boxes };
}

