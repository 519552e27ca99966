/**
 * The library archive: one tar file of parts (the store snapshot `store.db`, original files `files/<sha256>`),
 * then `manifest.json` (formats, counts, and the size and sha256 of every part), then `manifest.sha256` (the
 * manifest's own sha256). The manifest comes last because each part is hashed in the pass that writes it:
 * a file that changes while it is archived cannot disagree with its manifest entry. The sums catch a damaged
 * or truncated copy (a USB stick pulled early); they are not a signature against deliberate tampering.
 * Entries are framed with tar's Header, and read back with tar's Parser (strict: a bad header checksum or a
 * truncated body is an error).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Header, Parser, type ReadEntry } from 'tar';
import { z } from 'zod';
import { ApiError } from '../errors.js';

export const ARCHIVE_FORMAT = 'docsearch-library';
/** Bumped when an older app could not read the archive; an archive of a newer format is refused. */
export const ARCHIVE_FORMAT_VERSION = 1;
export const SNAPSHOT_PART = 'store.db';
const MANIFEST = 'manifest.json';
const MANIFEST_SUM = 'manifest.sha256';

export const filePart = (sha256: string) => `files/${sha256}`;
const isPartName = (name: string) => name === SNAPSHOT_PART || /^files\/[0-9a-f]{64}$/.test(name);

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const Digest = z.object({ bytes: z.number().int().min(0), sha256: Sha256 });
export type Digest = z.infer<typeof Digest>;

export const Manifest = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  formatVersion: z.number().int().min(1),
  appVersion: z.string(),
  createdAt: z.string(),
  /** PRAGMA user_version of the snapshot: the migrations applied to it */
  schemaVersion: z.number().int().min(1),
  /** the embedder whose vectors the snapshot holds */
  vectorSpace: z.object({ model: z.string(), dims: z.number().int() }).nullable(),
  counts: z.object({ documents: z.number().int(), pages: z.number().int(), chunks: z.number().int(), vectors: z.number().int() }),
  parts: z.array(Digest.extend({ name: z.string().refine(isPartName, 'not a part name') })),
  /** original files in the archive: the document's content sha256, its part and the file's name */
  files: z.array(z.object({ sha256: Sha256, part: z.string(), name: z.string() })),
  /** documents whose file is not in the archive, and why */
  missingFiles: z.array(z.object({ sha256: Sha256, path: z.string(), reason: z.string() })),
});
export type Manifest = z.infer<typeof Manifest>;

/** Reports progress at most ~200 times over a run, and always at its end. */
export function throttled(report: (done: number, total: number) => void): (done: number, total: number) => void {
  let last = -Infinity;
  return (done, total) => {
    if (done === total || done - last >= total / 200) {
      last = done;
      report(done, total);
    }
  };
}

export interface PartSource {
  name: string;
  file: string;
}

/**
 * Writes `parts` and then the manifest `manifest(digests)` into a tar file at `out`, synced to the disk
 * (the archive is meant to be carried away). Throws when a part's file changes size while it is read.
 */
export async function writeArchive(
  out: string,
  parts: readonly PartSource[],
  manifest: (digests: Map<string, Digest>) => Manifest,
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<{ bytes: number; manifest: Manifest }> {
  const sizes = parts.map((p) => fs.statSync(p.file).size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const fh = await fs.promises.open(out, 'w');
  let done = 0;
  let offset = 0;
  onProgress(0, total);
  const write = async (b: Uint8Array) => {
    await fh.write(b, 0, b.length, offset);
    offset += b.length;
  };
  const entry = async (name: string, size: number, body: (writeBody: (b: Uint8Array) => Promise<void>) => Promise<void>) => {
    const h = new Header({ path: name, mode: 0o644, size, mtime: new Date(), type: 'File', uid: 0, gid: 0 });
    h.encode();
    await write(h.block!);
    await body(write);
    const pad = (512 - (size % 512)) % 512;
    if (pad) await write(Buffer.alloc(pad));
  };
  try {
    const digests = new Map<string, Digest>();
    for (const [i, part] of parts.entries()) {
      const size = sizes[i]!;
      const hash = createHash('sha256');
      let read = 0;
      await entry(part.name, size, async (writeBody) => {
        // exactly the size in the header: a file that grew is cut there, one that shrank is an error below
        if (size === 0) return;
        for await (const chunk of fs.createReadStream(part.file, { start: 0, end: size - 1, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
          if (signal?.aborted) throw new ApiError('cancelled');
          hash.update(chunk);
          await writeBody(chunk);
          read += chunk.length;
          done += chunk.length;
          onProgress(done, total);
        }
      });
      if (read !== size) throw new Error(`${part.file} changed while it was being archived (${size} bytes, then ${read}); export again`);
      digests.set(part.name, { bytes: size, sha256: hash.digest('hex') });
    }
    const m = Buffer.from(JSON.stringify(manifest(digests), null, 1));
    await entry(MANIFEST, m.length, (w) => w(m));
    const sum = Buffer.from(sha256(m) + '\n');
    await entry(MANIFEST_SUM, sum.length, (w) => w(sum));
    // the end of archive: two zero blocks
    await write(Buffer.alloc(1024));
    await fh.sync();
    onProgress(total, total);
    return { bytes: offset, manifest: Manifest.parse(JSON.parse(m.toString('utf8'))) };
  } finally {
    await fh.close();
  }
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Manifest and sum are read into memory; a larger one is not ours. */
const MAX_MANIFEST_BYTES = 64 << 20;

/**
 * Reads an archive into `dir` (parts under their names), hashing every part as it is written, and returns
 * the manifest once every part is there with the size and sha256 it lists. Anything else (a truncated or
 * damaged file, an altered part, an entry the format does not have) is ApiError 'archive-invalid'; only
 * `dir` has been written to then.
 */
export async function readArchive(file: string, dir: string, onProgress: (done: number, total: number) => void, signal?: AbortSignal): Promise<Manifest> {
  const invalid = (reason: string) => new ApiError('archive-invalid', { file, reason });
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw invalid((e as Error).message);
  }
  const seen = new Map<string, Digest>();
  const small = new Map<string, Buffer>();
  const writes: Promise<void>[] = [];
  let problem: ApiError | undefined;
  const onEntry = (e: ReadEntry) => {
    const name = e.path;
    const fail = (reason: string) => {
      problem ??= invalid(reason);
      e.resume();
    };
    if (e.type !== 'File') return fail(`it holds an entry of type ${e.type} (${name})`);
    if (seen.has(name) || small.has(name)) return fail(`it holds ${name} twice`);
    if (name === MANIFEST || name === MANIFEST_SUM) {
      if ((e.size ?? 0) > MAX_MANIFEST_BYTES) return fail(`its ${name} is too large`);
      const bufs: Buffer[] = [];
      e.on('data', (b: Buffer) => bufs.push(b));
      e.on('end', () => small.set(name, Buffer.concat(bufs)));
      return;
    }
    if (!isPartName(name)) return fail(`it holds ${name}, which a library archive does not have`);
    const target = path.join(dir, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const hash = createHash('sha256');
    let bytes = 0;
    const hashing = new Transform({
      transform(b: Buffer, _enc, next) {
        hash.update(b);
        bytes += b.length;
        next(null, b);
      },
    });
    writes.push(pipeline(e, hashing, fs.createWriteStream(target)).then(() => void seen.set(name, { bytes, sha256: hash.digest('hex') })));
  };
  let read = 0;
  try {
    const source = fs.createReadStream(file, { highWaterMark: 1 << 20 });
    source.on('data', (b) => {
      read += b.length;
      onProgress(read, stat.size);
      if (signal?.aborted) source.destroy(new ApiError('cancelled'));
    });
    await pipeline(source, new Parser({ strict: true, onReadEntry: onEntry }));
    await Promise.all(writes);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw invalid(`it is truncated or damaged (${(e as Error).message})`);
  }
  if (problem) throw problem;
  const text = small.get(MANIFEST);
  const sum = small.get(MANIFEST_SUM);
  if (!text || !sum) throw invalid('its manifest is missing: the archive is incomplete (copied only in part?) or is not a library archive');
  if (sum.toString('utf8').trim() !== sha256(text)) throw invalid('its manifest does not match its sha256: the archive was altered or damaged');
  let manifest: Manifest;
  try {
    manifest = Manifest.parse(JSON.parse(text.toString('utf8')));
  } catch (e) {
    throw invalid(`its manifest is not one this app reads (${(e as Error).message.slice(0, 200)})`);
  }
  const listed = new Set(manifest.parts.map((p) => p.name));
  for (const p of manifest.parts) {
    const got = seen.get(p.name);
    if (!got) throw invalid(`its part ${p.name} is missing: the archive is incomplete`);
    if (got.bytes !== p.bytes) throw invalid(`its part ${p.name} has ${got.bytes} bytes where the manifest says ${p.bytes}: the archive was altered or damaged`);
    if (got.sha256 !== p.sha256) throw invalid(`its part ${p.name} does not match the sha256 in the manifest: the archive was altered or damaged`);
  }
  const extra = [...seen.keys()].find((n) => !listed.has(n));
  if (extra) throw invalid(`it holds ${extra}, which its manifest does not list`);
  if (!listed.has(SNAPSHOT_PART)) throw invalid('it holds no store snapshot');
  // an original is restored from its own part only: a manifest naming another path is not followed
  const stray = manifest.files.find((f) => f.part !== filePart(f.sha256) || !listed.has(f.part));
  if (stray) throw invalid(`its manifest gives the file ${stray.name} a part it does not hold (${stray.part})`);
  return manifest;
}
