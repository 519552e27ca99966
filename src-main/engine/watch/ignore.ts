/**
 * Which entries of a watched folder are not read: files still being written under a temporary name
 * (downloads, editors' swap and lock files, Office's owner files) and types the engine does not read.
 * A download or a save usually ends with a rename to the real name, which the watcher then sees as new.
 */
import path from 'node:path';
import { isSupportedName } from '../documents/files.js';

/** Temporary and partial names: browsers' downloads, editors' backups, swaps and locks, Office's `~$` owners. */
const TEMPORARY = [/^\./, /^~\$/, /~$/, /\.(tmp|part|crdownload|download|swp)$/i];

const isTemporaryName = (name: string): boolean => TEMPORARY.some((re) => re.test(name));

/**
 * Whether an entry under a watched folder is left alone: any entry with a temporary name (a dot folder is
 * not entered), and a file of a type the engine does not read. `isFile` is unknown (undefined) when the
 * caller has no stat: then only the name decides.
 */
export function isIgnored(file: string, isFile?: boolean): boolean {
  const name = path.basename(file);
  return isTemporaryName(name) || (isFile === true && !isSupportedName(name));
}
