/**
 * serve's side of uploads: a dropped file is streamed to a partial file (uploads/.partial/<pid>-<uuid>/),
 * counted and hashed as it comes, then moved to its content-addressed place uploads/<sha256>/<name>
 * (engine/uploads.ts), or dropped when that content is stored already. Refused before a byte is written
 * when it is larger than the limit or would leave too little disk free; stopped as soon as it grows past
 * the limit. Whatever fails, no partial file stays behind.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ErrorCode, ErrorParams } from '#shared/errors';
import { ApiError } from '../engine/errors.js';

const PARTIAL = '.partial';
const MB = 1024 * 1024;

export interface UploadLimits {
  /** largest file accepted */
  maxBytes: number;
  /** free space the disk must keep after the upload (the store and the system need it) */
  minFreeBytes: number;
}

/** An upload refused by a limit: its HTTP status and its error. */
export class UploadRefused extends ApiError {
  constructor(
    readonly status: 413 | 507,
    code: ErrorCode,
    params: ErrorParams,
  ) {
    super(code, params);
  }
}

const tooLarge = (limits: UploadLimits) => new UploadRefused(413, 'upload-too-large', { limitMb: mb(limits.maxBytes) });

async function diskFull(dir: string, limits: UploadLimits): Promise<UploadRefused> {
  return new UploadRefused(507, 'disk-full', { freeMb: mb(await freeBytes(dir)), keepMb: mb(limits.minFreeBytes) });
}

/**
 * Stores the body of an upload as `name` (one path segment, already made safe) and returns its id,
 * `<sha256>/<name>`: the name it was first stored under when the same content is there already.
 * `declaredBytes`: the request's Content-Length, when it has one.
 */
export async function storeUpload(body: Readable, dir: string, name: string, declaredBytes: number | null, limits: UploadLimits): Promise<string> {
  if (declaredBytes !== null && declaredBytes > limits.maxBytes) throw tooLarge(limits);
  const partials = path.join(dir, PARTIAL);
  await fs.promises.mkdir(partials, { recursive: true });
  if ((await freeBytes(dir)) - (declaredBytes ?? 0) < limits.minFreeBytes) throw await diskFull(dir, limits);

  const folder = path.join(partials, `${process.pid}-${randomUUID()}`);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > limits.maxBytes) return done(tooLarge(limits));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await fs.promises.mkdir(folder);
    // the body is not destroyed when storing fails, so that the refusal can still be answered on its socket
    await pipeline(body.iterator({ destroyOnReturn: false }), meter, fs.createWriteStream(path.join(folder, name), { flags: 'wx' }));
    const sha = hash.digest('hex');
    return `${sha}/${await settle(folder, path.join(dir, sha), name)}`;
  } catch (e) {
    const full = (e as NodeJS.ErrnoException).code === 'ENOSPC' ? await diskFull(dir, limits) : null;
    throw full ?? e;
  } finally {
    await fs.promises.rm(folder, { recursive: true, force: true });
  }
}

/**
 * Moves the partial folder to the content's place in one rename; when that content is there already (the
 * rename finds the folder taken, by an earlier upload or a concurrent one), the stored file's name.
 */
async function settle(partial: string, target: string, name: string): Promise<string> {
  try {
    await fs.promises.rename(partial, target);
    return name;
  } catch (e) {
    if (!['ENOTEMPTY', 'EEXIST', 'EPERM'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
    const [stored] = await fs.promises.readdir(target);
    if (!stored) throw e;
    return stored;
  }
}

/**
 * Removes partial uploads left by serve processes that are gone (killed mid-upload); those of a running
 * one (two serves on one store) are left alone.
 */
export async function removeStalePartials(dir: string): Promise<void> {
  const partials = path.join(dir, PARTIAL);
  const entries = await fs.promises.readdir(partials).catch(() => [] as string[]);
  for (const entry of entries) {
    const pid = Number.parseInt(entry, 10);
    if (!(pid > 0 && alive(pid))) await fs.promises.rm(path.join(partials, entry), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function freeBytes(dir: string): Promise<number> {
  const s = await fs.promises.statfs(dir);
  return s.bavail * s.bsize;
}

const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
