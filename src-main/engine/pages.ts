/** The viewer's pages: a page as stored (text, lines and their boxes), and its image drawn from the file. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import sharp from 'sharp';
import { PageImageRequest, PageRef, type DocumentInfo, type PageInfo } from '#shared/api';
import { fsReason } from './documents/files.js';
import { pageImages, type PixelLimits } from './documents/page-images.js';
import { ApiError } from './errors.js';
import type { Repository } from './store/repository.js';

export function page(repo: Repository, ref: PageRef): PageInfo {
  const { docId, pageNo } = PageRef.parse(ref);
  const d = repo.getDocument(docId);
  if (!d) throw new ApiError('document-not-found', { doc: String(docId) });
  const row = repo.getPage(docId, pageNo);
  if (!row) throw new ApiError('page-not-found', { title: d.title, pageNo, pageCount: d.pageCount, indexing: d.status === 'indexing' ? 1 : 0 });
  return {
    docId,
    pageNo,
    pageCount: d.pageCount,
    title: d.title,
    path: d.path,
    kind: d.kind,
    width: row.width,
    height: row.height,
    source: row.source,
    status: row.status,
    error: row.error,
    text: row.text,
    lines: row.lines,
    renderable: d.kind === 'pdf' || d.kind === 'image',
    pagesOcr: d.pagesOcr,
  };
}

export async function pageImage(repo: Repository, req: PageImageRequest, limits: PixelLimits): Promise<Uint8Array> {
  const { maxSide, ...ref } = PageImageRequest.parse(req);
  const info = page(repo, ref);
  if (!info.renderable) throw new ApiError('page-not-renderable', { title: info.title, kind: info.kind });
  // the highlights are offsets into the indexed version: a changed file would put them in the wrong place
  const bytes = await readIndexedFile(repo.getDocument(info.docId)!);
  for await (const { image } of pageImages(bytes, info.path, { only: info.pageNo, limits })) {
    return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 6 })
      .toBuffer();
  }
  throw new ApiError('page-not-found', { title: info.title, pageNo: info.pageNo, pageCount: info.pageCount, indexing: 0 });
}

/** The document's file, as it was indexed: a file gone or changed since is an error, not other content. */
export async function readIndexedFile(d: Pick<DocumentInfo, 'title' | 'path' | 'sha256'>): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(d.path);
  } catch (e) {
    throw new ApiError('file-unreadable', { title: d.title, path: d.path, reason: fsReason(e) });
  }
  if (createHash('sha256').update(bytes).digest('hex') !== d.sha256) throw new ApiError('file-changed', { title: d.title, path: d.path });
  return bytes;
}
