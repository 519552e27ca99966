/**
 * The fuzz run's child process: one real Engine on a fresh store (argv[2]) whose OCR time per page is
 * limited to argv[3] ms (the engine's own budget, set below the fuzzer's per-input bound so that it is
 * what stops slow pages); the parent sends file paths over
 * IPC, one at a time, and gets back each file's ingest result and what is wrong with the store afterwards.
 * A native crash or running out of memory ends this process, not the fuzzer (fuzz-loop.ts restarts it).
 */
import { Engine } from '../../src-main/engine/engine.js';
import { storeProblems } from '../lib/store-check.js';

export type DriverRequest = { path: string };
export type DriverReply =
  | { type: 'ready' }
  | { type: 'result'; outcome: string; reason?: string; problems: string[] }
  | { type: 'threw'; error: string };

/** Messages that only a bug in our code produces, when they show up as a page's error. */
const PROGRAMMING_ERROR = /TypeError|RangeError|ReferenceError|Cannot read propert|is not a function|is not defined|is not iterable|Maximum call stack|Invalid array length|internal error/;

const dbPath = process.argv[2]!;
const engine = new Engine({ dbPath });
engine.updateSettings({ limits: { ocrPageTimeoutMs: Number(process.argv[3]) } });
const send = (r: DriverReply) => process.send!(r);

async function run(file: string): Promise<DriverReply> {
  const summary = await engine.ingest({ paths: [file] });
  const result = summary.files[0];
  const problems = storeProblems(dbPath);
  if (!result) return { type: 'result', outcome: 'none', problems: [...problems, 'the ingest returned no per-file result'] };
  for (const d of engine.listDocuments()) if (d.status === 'indexing') problems.push(`document ${d.id} left 'indexing' after its ingest ended (${result.outcome})`);
  if (result.docId !== undefined && result.pagesUnreadable) {
    for (let pageNo = 1; pageNo <= (result.pages ?? 0); pageNo++) {
      const error = engine.page({ docId: result.docId, pageNo }).error;
      if (error && PROGRAMMING_ERROR.test(error)) problems.push(`page ${pageNo}: ${error}`);
    }
  }
  return { type: 'result', outcome: result.outcome, reason: result.reason, problems };
}

process.on('message', (m: DriverRequest) => {
  run(m.path).then(send, (e: unknown) => send({ type: 'threw', error: (e as Error)?.stack ?? String(e) }));
});
process.on('disconnect', () => {
  engine.close();
  process.exit(0);
});
send({ type: 'ready' });
