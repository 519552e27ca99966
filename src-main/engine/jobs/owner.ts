/**
 * Which process owns a running job. The CLI, `serve` and the app share one store: a job is taken for
 * interrupted only when its owner is gone, not because another process started. The owner is its pid and
 * its start time (Linux /proc), so a pid the system has since given to another process is not taken for it.
 */
import fs from 'node:fs';
import type { JobOwner } from '../store/repository.js';

function startTime(pid: number | 'self'): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name, which is in parentheses and may hold spaces; starttime is field 22
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

let self: JobOwner | undefined;
export function thisProcess(): JobOwner {
  return (self ??= { pid: process.pid, started: startTime('self') });
}

export function ownerAlive(owner: JobOwner): boolean {
  if (owner.pid === process.pid) return owner.started === thisProcess().started;
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to another user
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return owner.started === null || startTime(owner.pid) === owner.started;
}
