/** Expands the user's paths (files and folders, recursively) and recognises what each file is. */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DocumentKind } from '#shared/api';
import { InputError } from './types.js';

const BY_EXTENSION: Record<string, DocumentKind> = {
  '.pdf': 'pdf',
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.png': 'image',
  '.jpg': 'image',
  '.jpeg': 'image',
  '.tif': 'image',
  '.tiff': 'image',
};
/** Whether a walk takes a file of this name (by its extension; what it is comes from its content). */
export const isSupportedName = (name: string): boolean => path.extname(name).toLowerCase() in BY_EXTENSION;

const IMAGE_SIGNATURES: number[][] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x49, 0x49, 0x2a, 0x00], // TIFF, little-endian
  [0x4d, 0x4d, 0x00, 0x2a], // TIFF, big-endian
];

export interface FoundFile {
  path: string;
  /** set when the file cannot be taken, with the reason for the user */
  skipReason?: string;
  error?: string;
}

/**
 * Folders a walk does not enter (they are still read when named themselves): the system's virtual file
 * systems, whose files are endless or blocking (/proc/kmsg, /dev/zero), and Windows' system folders.
 */
const SYSTEM_FOLDERS = new Set(['/proc', '/sys', '/dev', '/run']);
/** By the real path: a link to /proc or /dev/shm inside a user's folder is a system folder too. */
const isSystemFolder = (real: string) => [...SYSTEM_FOLDERS].some((f) => real === f || real.startsWith(`${f}/`));
const SYSTEM_FOLDER_NAMES = new Set(['system volume information', '$recycle.bin']);

/**
 * Folders are walked recursively in name order; unsupported files inside folders are skipped, not failed,
 * and so are devices, FIFOs and sockets met in a walk (named themselves, they are refused).
 * Symbolic links are followed, but each folder is walked once (a link to a parent or to the folder itself
 * would otherwise recurse without end).
 */
export async function expandPaths(inputs: readonly string[], signal?: AbortSignal): Promise<FoundFile[]> {
  const out: FoundFile[] = [];
  const walked = new Set<string>(); // dev:inode of folders already walked
  const walk = async (p: string, explicit: boolean): Promise<void> => {
    // a cancel stops the walk too: ingesting / would otherwise list the whole disk first
    if (signal?.aborted) return;
    let st;
    try {
      st = await fs.stat(p);
    } catch (e) {
      out.push({ path: p, error: await statFailure(p, e) });
      return;
    }
    if (st.isDirectory()) {
      if (!explicit && (isSystemFolder(await fs.realpath(p).catch(() => p)) || SYSTEM_FOLDER_NAMES.has(path.basename(p).toLowerCase()))) {
        out.push({ path: p, skipReason: 'a system folder' });
        return;
      }
      const key = `${st.dev}:${st.ino}`;
      if (walked.has(key)) return;
      walked.add(key);
      let entries;
      try {
        entries = await fs.readdir(p, { withFileTypes: true });
      } catch (e) {
        out.push({ path: p, error: fsReason(e) });
        return;
      }
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const e of entries) if (!e.name.startsWith('.')) await walk(path.join(p, e.name), false);
      return;
    }
    if (!st.isFile()) {
      out.push(explicit ? { path: p, error: 'not a regular file' } : { path: p, skipReason: 'not a regular file (a device, FIFO or socket)' });
      return;
    }
    const ext = path.extname(p).toLowerCase();
    if (!explicit && !(ext in BY_EXTENSION)) {
      out.push({ path: p, skipReason: `unsupported file type (${ext || 'no extension'})` });
      return;
    }
    out.push({ path: p });
  };
  for (const input of inputs) await walk(path.resolve(input), true);
  return out;
}

/** The kind comes from the content first (a PDF is a PDF whatever its name), then the extension. */
export function detectKind(bytes: Uint8Array, filePath: string): DocumentKind {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  const ext = path.extname(filePath).toLowerCase();
  if (ext === '.pdf') throw new InputError(`not a PDF: the file is named .pdf but its content is ${describeContent(bytes)}`);
  if (IMAGE_SIGNATURES.some((sig) => sig.every((b, i) => bytes[i] === b))) return 'image';
  const kind = BY_EXTENSION[ext] ?? 'text';
  if (kind === 'image') throw new InputError(`not an image: the file is named ${ext} but its content is ${describeContent(bytes)}`);
  return kind;
}

function describeContent(bytes: Uint8Array): string {
  const sig: [number[], string][] = [
    [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
    [[0xff, 0xd8, 0xff], 'a JPEG image'],
    [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (e.g. an Office document)'],
    [[0xd0, 0xcf, 0x11, 0xe0], 'an old Office document'],
  ];
  for (const [magic, what] of sig) if (magic.every((b, i) => bytes[i] === b)) return what;
  return bytes.subarray(0, 512).includes(0) ? 'binary data' : 'text';
}

/** A path that cannot be stat'ed: a dangling symbolic link gets its own reason. */
async function statFailure(p: string, e: unknown): Promise<string> {
  if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
    const link = await fs.lstat(p).catch(() => undefined);
    if (link?.isSymbolicLink()) return 'broken symbolic link: its target does not exist';
  }
  return fsReason(e);
}

export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    default:
      return (e as Error).message ?? String(e);
  }
}
