/**
 * The engine's only way to an LLM: a local Ollama server through the `ollama` client. Adds what the
 * client leaves to its caller: time-outs (per request; first token and silence while streaming),
 * cancellation by AbortSignal, errors that say what to do, and importing a shipped GGUF without any
 * network (blob upload with progress and digest, then /api/create from it), which the client lacks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Ollama, type CreateRequest, type Message } from 'ollama';
import type { LlmImportEvent, LlmSettings } from '#shared/api';

export type ChatMessage = Message & { role: 'system' | 'user' | 'assistant' };

/** Why the LLM cannot answer; `kind` drives the state shown to users. */
export class LlmError extends Error {
  override name = 'LlmError';
  constructor(
    readonly kind: 'server-down' | 'model-missing' | 'timeout' | 'protocol' | 'cancelled',
    message: string,
  ) {
    super(message);
  }
}

const CONTROL_TIMEOUT_MS = 5000;

/**
 * Every request to Ollama refuses redirects: the host rule (host-policy.ts) checks the configured URL, and a
 * loopback service answering 307 must not forward the user's passages to another machine.
 */
const fetchNoRedirect: typeof fetch = (url, init) => fetch(url, { ...init, redirect: 'error' });

export class OllamaClient {
  /** list/version: each request bounded by CONTROL_TIMEOUT_MS */
  private readonly control: Ollama;
  /** create: a progress stream as long as the import takes */
  private readonly streaming: Ollama;

  constructor(private readonly settings: LlmSettings) {
    const timed: typeof fetch = (url, init) => fetchNoRedirect(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(CONTROL_TIMEOUT_MS)]) : AbortSignal.timeout(CONTROL_TIMEOUT_MS) });
    this.control = new Ollama({ host: settings.host, fetch: timed });
    this.streaming = new Ollama({ host: settings.host, fetch: fetchNoRedirect });
  }

  get host(): string {
    return this.settings.host;
  }

  /** The server's version, or LlmError('server-down'). */
  async version(): Promise<string> {
    try {
      return (await this.control.version()).version;
    } catch (e) {
      throw this.serverError(e);
    }
  }

  /** Whether the server has the model (names without a tag mean :latest, as in Ollama). */
  async hasModel(model: string): Promise<boolean> {
    let names: string[];
    try {
      names = (await this.control.list()).models.flatMap((m) => [m.name, m.model]);
    } catch (e) {
      throw this.serverError(e);
    }
    const want = withTag(model);
    return names.some((n) => withTag(n) === want);
  }

  /**
   * Streams the assistant's reply token by token. Stops with LlmError('cancelled') when the signal
   * fires, 'timeout' when the first token or the next one is late, 'protocol' when the stream is
   * malformed or ends without its final message.
   */
  async *chat(model: string, messages: ChatMessage[], signal?: AbortSignal): AsyncGenerator<string> {
    // one controller per answer ends both the wait for headers and the body stream
    const ctl = new AbortController();
    const client = new Ollama({ host: this.host, fetch: (url, init) => fetchNoRedirect(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, ctl.signal]) : ctl.signal }) });
    let timedOut: string | null = null;
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number, what: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = what;
        ctl.abort();
      }, ms);
    };
    const stop = () => ctl.abort();
    signal?.addEventListener('abort', stop, { once: true });
    if (signal?.aborted) stop();
    try {
      arm(this.settings.firstTokenTimeoutMs, `no answer from ${this.host} within ${this.settings.firstTokenTimeoutMs / 1000} s`);
      const parts = await client.chat({
        model,
        messages,
        stream: true,
        options: { num_ctx: this.settings.contextTokens, num_predict: this.settings.answerTokens, temperature: 0.1 },
      });
      for await (const part of parts) {
        const content = (part as { message?: { content?: unknown } }).message?.content;
        if (typeof content !== 'string') throw new LlmError('protocol', `malformed reply from ${this.host}: a chat message without content`);
        arm(this.settings.idleTimeoutMs, `${this.host} stopped sending for ${this.settings.idleTimeoutMs / 1000} s`);
        if (content) yield content;
      }
    } catch (e) {
      throw this.streamError(e, signal, timedOut, model);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      // a consumer that stops reading early (break) must not leave the request open
      ctl.abort();
    }
  }

  /**
   * Imports a GGUF file as `model`: uploads it as a blob unless the server has it (digest = the
   * manifest's sha256, which the server checks), then creates the model from the blob. No network.
   */
  async importGguf(file: string, sha256: string, model: string, extra: Pick<CreateRequest, 'template' | 'system' | 'parameters'>, onEvent: (e: LlmImportEvent) => void, signal?: AbortSignal): Promise<void> {
    const digest = `sha256:${sha256}`;
    const blobUrl = `${this.host.replace(/\/+$/, '')}/api/blobs/${digest}`;
    const total = (await fs.promises.stat(file)).size;
    let exists = false;
    try {
      exists = (await fetchNoRedirect(blobUrl, { method: 'HEAD', signal: timeoutSignal(signal) })).ok;
    } catch (e) {
      throw this.serverError(e, signal);
    }
    if (!exists) {
      let done = 0;
      let last = 0;
      const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
      stream.on('data', (b) => {
        done += b.length;
        // progress at most every 1 % (and at the end)
        if (done === total || done - last >= total / 100) {
          last = done;
          onEvent({ type: 'upload', bytesDone: done, bytesTotal: total });
        }
      });
      let res: Response;
      try {
        res = await fetchNoRedirect(blobUrl, { method: 'POST', body: Readable.toWeb(stream) as ReadableStream, duplex: 'half', signal } as RequestInit);
      } catch (e) {
        stream.destroy();
        throw this.serverError(e, signal);
      }
      if (!res.ok) throw new LlmError('protocol', `${this.host} refused the model file ${path.basename(file)}: ${res.status} ${(await res.text().catch(() => '')).slice(0, 200)}`);
    }
    try {
      // `files` (file name → blob digest) is in Ollama's /api/create but not in this client's types
      const request = { model, files: { [path.basename(file)]: digest }, ...extra, stream: true as const } as CreateRequest & { stream: true };
      const progress = await this.streaming.create(request);
      const abort = () => progress.abort();
      signal?.addEventListener('abort', abort, { once: true });
      try {
        for await (const p of progress) onEvent({ type: 'create', status: p.status });
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    } catch (e) {
      if (signal?.aborted) throw new LlmError('cancelled', 'import cancelled');
      if (e instanceof LlmError) throw e;
      throw new LlmError('protocol', `${this.host} could not create ${model} from ${path.basename(file)}: ${message(e)}`);
    }
  }

  private serverError(e: unknown, signal?: AbortSignal): LlmError {
    if (signal?.aborted) return new LlmError('cancelled', 'cancelled');
    if (e instanceof LlmError) return e;
    const m = message(e);
    if (/timeout|aborted/i.test(m)) return new LlmError('server-down', `Ollama at ${this.host} did not answer within ${CONTROL_TIMEOUT_MS / 1000} s`);
    if (isConnectionError(e)) return new LlmError('server-down', `Ollama is not running at ${this.host} (${causeCode(e) ?? m}); start it with \`ollama serve\` or change the host in settings`);
    return new LlmError('protocol', `unexpected reply from Ollama at ${this.host}: ${m}`);
  }

  private streamError(e: unknown, signal: AbortSignal | undefined, timedOut: string | null, model: string): LlmError {
    if (e instanceof LlmError) return e;
    if (signal?.aborted) return new LlmError('cancelled', 'stopped');
    if (timedOut) return new LlmError('timeout', timedOut);
    const m = message(e);
    if (/not found/i.test(m)) return new LlmError('model-missing', `model ${model} is not installed in Ollama at ${this.host}: ${m}`);
    if (isConnectionError(e)) return new LlmError('server-down', `Ollama is not running at ${this.host} (${causeCode(e) ?? m})`);
    if (/did not receive done/i.test(m)) return new LlmError('protocol', `the reply from ${this.host} ended early (no final message)`);
    return new LlmError('protocol', `the reply from ${this.host} failed: ${m}`);
  }
}

function withTag(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

function timeoutSignal(signal?: AbortSignal): AbortSignal {
  const t = AbortSignal.timeout(CONTROL_TIMEOUT_MS);
  return signal ? AbortSignal.any([signal, t]) : t;
}

function causeCode(e: unknown): string | undefined {
  const c = (e as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
  return c?.code ?? c?.errors?.[0]?.code;
}

function isConnectionError(e: unknown): boolean {
  const code = causeCode(e);
  return (code !== undefined && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|UND_ERR_SOCKET)$/.test(code)) || /fetch failed/i.test(message(e));
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
