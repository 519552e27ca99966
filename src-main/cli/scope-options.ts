/** The scope options `search` and `ask` share (api.ts `Scope`), and the scope they give. */
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DOCUMENT_KINDS, type DocumentKind, type Scope } from '#shared/api';
import type { Engine } from '../engine/engine.js';

export interface ScopeOptions {
  doc: string[];
  under: string[];
  type: DocumentKind[];
  addedAfter?: string;
  addedBefore?: string;
  ocr?: NonNullable<Scope['ocr']>;
}

const more = <T>(value: T, previous: T[]): T[] => [...previous, value];

function kind(value: string, previous: DocumentKind[]): DocumentKind[] {
  if (!(DOCUMENT_KINDS as readonly string[]).includes(value)) throw new InvalidArgumentError(`one of ${DOCUMENT_KINDS.join(', ')}`);
  return more(value as DocumentKind, previous);
}

export function addScopeOptions(command: Command): Command {
  return command
    .option('--doc <ref>', 'only this document: id, sha256 (or a prefix of 8+) or path; repeatable', more<string>, [])
    .option('--under <folder>', 'only documents with a path under this folder; repeatable', more<string>, [])
    .option('--type <kind>', `only documents of this kind (${DOCUMENT_KINDS.join(', ')}); repeatable`, kind, [])
    .option('--added-after <date>', 'only documents added on or after this ISO date (UTC) or date and time')
    .option('--added-before <date>', 'only documents added on or before this ISO date (UTC) or date and time')
    .addOption(new Option('--ocr <state>', 'only documents with pages waiting for OCR, with OCRed pages, or text only').choices(['needs-ocr', 'ocr', 'text']));
}

/** The scope the options give (documents named by reference resolved, folders made absolute); undefined: none. */
export function scopeOf(engine: Engine, o: ScopeOptions): Scope | undefined {
  const scope: Scope = {
    ...(o.doc.length && { documents: o.doc.map((ref) => engine.document(ref).id) }),
    ...(o.under.length && { under: o.under.map((folder) => path.resolve(folder)) }),
    ...(o.type.length && { kinds: o.type }),
    ...((o.addedAfter || o.addedBefore) && { added: { from: o.addedAfter, to: o.addedBefore } }),
    ...(o.ocr && { ocr: o.ocr }),
  };
  return Object.keys(scope).length ? scope : undefined;
}

/** One line for people: what a scope keeps to. */
export function describeScope(s: Scope): string {
  const parts = [
    s.documents && `documents ${s.documents.join(', ')}`,
    s.under && `under ${s.under.join(', ')}`,
    s.kinds && `kinds ${s.kinds.join(', ')}`,
    s.added?.from && `added from ${s.added.from}`,
    s.added?.to && `added until ${s.added.to}`,
    s.ocr && `OCR: ${s.ocr}`,
  ];
  return parts.filter(Boolean).join('; ');
}
