import type { IngestSource } from './transport';

/**
 * A drop's files with their paths relative to what was dropped, folders walked recursively (browser only:
 * the files are uploaded, so the engine cannot walk the folders itself). Hidden files are left out as the
 * engine's own folder walk does.
 */
export async function filesFromDrop(dt: DataTransfer): Promise<IngestSource[]> {
  // entries must be taken now: the item list is emptied when the drop event returns
  const items = [...dt.items].filter((i) => i.kind === 'file').map((i) => ({ entry: i.webkitGetAsEntry(), file: i.getAsFile() }));
  const out: IngestSource[] = [];
  for (const { entry, file } of items) {
    if (entry) await walk(entry, out);
    else if (file) out.push({ kind: 'file', file, relativePath: file.name });
  }
  return out;
}

async function walk(entry: FileSystemEntry, out: IngestSource[]): Promise<void> {
  if (entry.name.startsWith('.')) return;
  if (isFile(entry)) {
    const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
    out.push({ kind: 'file', file, relativePath: entry.fullPath.replace(/^\//, '') });
    return;
  }
  if (!isDirectory(entry)) return;
  const reader = entry.createReader();
  const children: FileSystemEntry[] = [];
  // readEntries answers in batches (about 100 in Chromium) until an empty one
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    children.push(...batch);
  }
  children.sort((a, b) => a.name.localeCompare(b.name));
  for (const c of children) await walk(c, out);
}

const isFile = (e: FileSystemEntry): e is FileSystemFileEntry => e.isFile;
const isDirectory = (e: FileSystemEntry): e is FileSystemDirectoryEntry => e.isDirectory;
