/**
 * A short fuzz run (scripts/fuzz) with a fixed seed: every mutated PDF, image and text file gets a per-file
 * result from a real Engine in a child process, within the time bound, with the store consistent after
 * each. OCR is off to keep it cheap (the longer `npm run fuzz` runs with it); any finding fails the test
 * and names the saved input.
 */
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../scripts/fuzz/fuzz-loop.js';

describe('fuzz smoke run', () => {
  it('finds no crash, hang, internal error or inconsistent store in 35 s', { timeout: 120_000 }, async () => {
    const summary = await runFuzz({ seconds: 35, seed: 14, ocr: false, timeoutMs: 30_000, ocrPageMs: 10_000, rssLimit: 3 * 2 ** 30, findingsDir: path.join(os.tmpdir(), 'docsearch-fuzz-smoke-findings') });
    expect(summary.findings.map((f) => `${f.kind}: ${f.reason.split('\n')[0]} (${f.recipe}; input ${f.input})`)).toEqual([]);
    // the seeds themselves and some mutants ran
    expect(summary.executions).toBeGreaterThan(summary.seeds);
  });
});
