/**
 * The one ONNX Runtime session factory: tries the CUDA execution provider, falls back to CPU when CUDA
 * cannot load (creation throws then), and records which provider runs and why.
 */
import os from 'node:os';
import * as ort from 'onnxruntime-node';

export interface SessionInfo {
  provider: 'cuda' | 'cpu';
  /** why CUDA is not used, when it is not */
  fallbackReason?: string;
  loadMs: number;
}

export interface LoadedSession {
  session: ort.InferenceSession;
  info: SessionInfo;
}

const threads = Math.max(1, Math.min(4, os.cpus().length));

// ORT's process-wide logger prints the failed CUDA library load on stderr (in red, once per process) even with
// a session's logSeverityLevel at 4; it is read when the first session is created. Errors still reach us as
// exceptions (the fallback reason). DOCSEARCH_DEBUG keeps ORT's warnings.
if (!process.env.DOCSEARCH_DEBUG) ort.env.logLevel = 'fatal';

function cpuOptions(): ort.InferenceSession.SessionOptions {
  return { executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' };
}

/** `DOCSEARCH_EP=cpu` skips the CUDA attempt (tests, machines known to have no GPU). */
export async function createSession(modelPath: string, env: NodeJS.ProcessEnv = process.env): Promise<LoadedSession> {
  const t0 = performance.now();
  let fallbackReason: string | undefined = 'disabled by DOCSEARCH_EP=cpu';
  if (env.DOCSEARCH_EP !== 'cpu') {
    try {
      // logSeverityLevel 4: the session's own logger would otherwise print the missing-library error too.
      const session = await ort.InferenceSession.create(modelPath, { ...cpuOptions(), executionProviders: ['cuda', 'cpu'], logSeverityLevel: 4 });
      return { session, info: { provider: 'cuda', loadMs: performance.now() - t0 } };
    } catch (e) {
      fallbackReason = `CUDA execution provider unavailable: ${firstLine(e)}`;
    }
  }
  const session = await ort.InferenceSession.create(modelPath, cpuOptions());
  return { session, info: { provider: 'cpu', fallbackReason, loadMs: performance.now() - t0 } };
}

function firstLine(e: unknown): string {
  return ((e as Error).message ?? String(e)).split('\n')[0]!.slice(0, 200);
}

export { ort };
