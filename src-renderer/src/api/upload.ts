import { CallError } from './errors';
import type { UploadProgress } from './transport';

/**
 * PUT /upload streams a local file to `docsearch serve`, which answers with where it stored it.
 * XMLHttpRequest rather than fetch: only it reports upload progress; the browser streams the File itself.
 */
export function uploadFile(url: string, file: File, onProgress: (p: UploadProgress) => void, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onload = () => {
      if (xhr.status === 401 || xhr.status === 403) return reject(new CallError('auth', 'unauthorized'));
      if (xhr.status < 200 || xhr.status >= 300) return reject(new CallError('input', responseError(xhr.responseText) || `HTTP ${xhr.status}`));
      try {
        const { path } = JSON.parse(xhr.responseText) as { path?: unknown };
        if (typeof path !== 'string') throw new Error('no path');
        resolve(path);
      } catch {
        reject(new CallError('internal', `unexpected upload answer: ${xhr.responseText.slice(0, 200)}`));
      }
    };
    xhr.onerror = () => reject(new CallError('connection', 'upload failed: the connection to docsearch serve was lost'));
    xhr.onabort = () => reject(new CallError('cancelled', 'cancelled'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    if (signal.aborted) return xhr.abort();
    xhr.send(file);
  });
}

/** The server's error text: JSON { error | message } or plain text. */
export function responseError(body: string): string {
  try {
    const j = JSON.parse(body) as { error?: unknown; message?: unknown };
    const m = j.error ?? j.message;
    if (typeof m === 'string') return m;
    if (m && typeof m === 'object' && 'message' in m && typeof m.message === 'string') return m.message;
  } catch {
    // plain text
  }
  return body.trim().slice(0, 500);
}
