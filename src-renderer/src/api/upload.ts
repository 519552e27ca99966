import { ERROR_CODES, type ErrorBody } from '#shared/errors';
import { CallError } from './errors';
import type { IngestTarget, UploadProgress } from './transport';

/**
 * PUT /upload streams a local file to `docsearch serve`, which answers with the upload's id (never a
 * server path) for the ingest request.
 * XMLHttpRequest rather than fetch: only it reports upload progress; the browser streams the File itself.
 */
export function uploadFile(url: string, file: File, onProgress: (p: UploadProgress) => void, signal: AbortSignal): Promise<IngestTarget> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onload = () => {
      if (xhr.status === 401 || xhr.status === 403) return reject(new CallError('unauthorized'));
      if (xhr.status < 200 || xhr.status >= 300) return reject(new CallError(responseError(xhr.status, xhr.responseText)));
      try {
        const { upload } = JSON.parse(xhr.responseText) as { upload?: unknown };
        if (typeof upload !== 'string') throw new Error('no upload id');
        resolve({ upload });
      } catch {
        reject(new CallError({ code: 'internal', params: { reason: `unexpected upload answer: ${xhr.responseText.slice(0, 200)}` }, message: 'unexpected upload answer' }));
      }
    };
    xhr.onerror = () => reject(new CallError('connection-lost'));
    xhr.onabort = () => reject(new CallError('cancelled'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    if (signal.aborted) return xhr.abort();
    xhr.send(file);
  });
}

/** The server's error: serve answers { error, code, params }; anything else is an internal error with its text. */
export function responseError(status: number, body: string): ErrorBody {
  try {
    const j = JSON.parse(body) as Partial<ErrorBody> & { error?: string };
    if (j.code && ERROR_CODES.includes(j.code)) return { code: j.code, params: j.params ?? {}, message: j.error ?? j.code };
    if (typeof j.error === 'string') return { code: 'internal', params: { reason: j.error }, message: j.error };
  } catch {
    // plain text
  }
  const reason = body.trim().slice(0, 500) || `HTTP ${status}`;
  return { code: 'internal', params: { reason }, message: reason };
}
