import type { DocumentKind } from '#shared/api';
import type { RgbImage } from '../images/types.js';
import type { StoredPage } from '../store/repository.js';

/** A page as a source produces it; a page that needs OCR can render itself as an image on demand. */
export interface SourcePage extends StoredPage {
  render?: () => Promise<RgbImage>;
}

/** A document opened for ingestion. Pages are produced one at a time so large files stream. */
export interface SourceDocument {
  kind: DocumentKind;
  title: string;
  pageCount: number;
  /** pages `from`…pageCount in order (1-based) */
  pages(from: number): AsyncIterable<SourcePage>;
  close(): Promise<void>;
}

/** An input problem the user can act on: reported as one line, never as a stack trace. */
export class InputError extends Error {
  override name = 'InputError';
}
