/**
 * Reading one input file for ingestion. Its kind is told from its first bytes and its size checked against
 * the limit for that kind before the rest is read, so an oversize file costs nothing. The file is read once
 * into a Uint8Array that owns its whole ArrayBuffer: pdf.js takes such an array over without copying it,
 * and text and image files are decoded from it in place (fs.readFile followed by a copy for pdf.js held
 * a large PDF twice for the whole ingest).
 */
import { constants } from 'node:buffer';
import fs from 'node:fs/promises';
import type { DocumentKind, LimitsSettings } from '#shared/api';
import { detectKind, fsReason } from './files.js';
import { InputError } from './types.js';

export type SizeLimits = Pick<LimitsSettings, 'maxPdfBytes' | 'maxImageBytes' | 'maxTextBytes'>;

export interface InputFile {
  /** the whole file; handing it to pdf.js detaches it (its length becomes 0), hence `length` apart */
  data: Uint8Array;
  /** the file's size in bytes */
  length: number;
  /** its modification time when read (a later scan tells a changed file from it without hashing) */
  mtimeMs: number;
  kind: DocumentKind;
}

/** enough for detectKind (it looks at the first 1,024 bytes) */
const HEAD = 1024;
/** bytes per read call: one read of 2 GiB or more aborts Node (its length must be a 32-bit int) */
const STEP = 64 * 1024 * 1024;
const { MAX_LENGTH } = constants;

const LIMIT_OF: Record<DocumentKind, keyof SizeLimits> = { pdf: 'maxPdfBytes', image: 'maxImageBytes', text: 'maxTextBytes', markdown: 'maxTextBytes' };

export async function readInput(filePath: string, limits: SizeLimits): Promise<InputFile> {
  let file: fs.FileHandle;
  try {
    file = await fs.open(filePath, 'r');
  } catch (e) {
    throw new InputError(fsReason(e));
  }
  try {
    const { size, mtimeMs } = await file.stat().catch(fail);
    if (size === 0) throw new InputError('empty file (0 bytes)');
    const head = await fill(file, new Uint8Array(Math.min(HEAD, size)), 0);
    const kind = detectKind(head, filePath);
    const key = LIMIT_OF[kind];
    if (size > limits[key]) {
      throw new InputError(`the file is ${formatBytes(size)}, over the limit of ${formatBytes(limits[key])} for ${kind === 'markdown' ? 'text' : kind} files; raise limits.${key} in settings to read it`);
    }
    if (size > MAX_LENGTH) throw new InputError(`the file is ${formatBytes(size)}, more than this program can hold in memory at once (${formatBytes(MAX_LENGTH)})`);
    const data = new Uint8Array(size);
    data.set(head);
    await fill(file, data.subarray(head.length), head.length);
    return { data, length: size, mtimeMs, kind };
  } finally {
    await file.close().catch(() => {});
  }
}

/** Reads into `into` from `position` until it is full; a file that shrank meanwhile is an input error. */
async function fill(file: fs.FileHandle, into: Uint8Array, position: number): Promise<Uint8Array> {
  for (let done = 0; done < into.length; ) {
    const { bytesRead } = await file.read(into, done, Math.min(STEP, into.length - done), position + done).catch(fail);
    if (bytesRead === 0) throw new InputError('the file became shorter while it was read; try again when it is no longer being written');
    done += bytesRead;
  }
  return into;
}

function fail(e: unknown): never {
  throw new InputError(fsReason(e));
}

/** 1,536 → "1.5 KiB (1,536 bytes)": the exact figure too, since a rounded size could look equal to the limit. */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const short = u === 0 ? `${n} bytes` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
  return u === 0 ? short : `${short} (${n.toLocaleString('en-US')} bytes)`;
}
