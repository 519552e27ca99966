/** Memory of a process and its descendants, read from /proc (Linux), for the fuzz and load runs. */
import fs from 'node:fs';

const PAGE = 4096;

/** Resident set size, bytes, of `pid` and every process below it (0 for a process that is gone). */
export function treeRss(pid: number): number {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'latin1');
      // the command name (2nd field) may hold spaces and parentheses: the fields after its last ')' are fixed
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // exited while listed
    }
  }
  let total = 0;
  for (const todo = [pid]; todo.length; ) {
    const p = todo.pop()!;
    total += rss(p);
    todo.push(...(children.get(p) ?? []));
  }
  return total;
}

/** Resident set size, bytes, of one process (0 when it is gone). */
export function rss(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ')[1]) * PAGE;
  } catch {
    return 0;
  }
}

/** Samples treeRss(pid) every `everyMs` until stopped; `peak` is the largest seen. */
export function watchRss(pid: number, everyMs: number, onSample?: (bytes: number) => void): { readonly peak: number; stop(): void } {
  let peak = 0;
  const sample = () => {
    const bytes = treeRss(pid);
    peak = Math.max(peak, bytes);
    onSample?.(bytes);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    get peak() {
      return peak;
    },
    stop: () => clearInterval(timer),
  };
}
