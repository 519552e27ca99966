/**
 * Air-gapped, proven: the real CLI ingests (PDF text layer, a scanned page with OCR, text), searches and
 * answers (the LLM check goes to the default loopback Ollama host) with every TCP connection and DNS
 * lookup recorded and non-loopback ones refused by tests/no-network-hook.mjs. Zero outbound attempts are
 * allowed. A second test shows the hook catches an outbound call when one is made.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, fixturesDir, maintGuidePdf, removeTempDirs, repoRoot, tempDir, writeFile } from './helpers.js';

const hook = path.join(repoRoot, 'tests', 'no-network-hook.mjs');

function run(args: string[], log: string, script?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCSEARCH_NET_LOG: log };
  delete env.DOCSEARCH_DEBUG;
  const child = spawn(process.execPath, ['--import', hook, ...(script ? ['-e', script] : [cliPath, ...args])], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const attempts = (log: string) =>
  fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { kind: string; target: string }) : [];

afterAll(() => removeTempDirs());

describe('zero network', () => {
  it('ingest, search and ask make no outbound connection or DNS lookup', async () => {
    const dir = tempDir();
    const db = path.join(dir, 's.db');
    const log = path.join(dir, 'net.log');
    const docs = path.join(dir, 'docs');
    fs.mkdirSync(docs);
    fs.copyFileSync(maintGuidePdf, path.join(docs, 'guide.pdf'));
    fs.copyFileSync(path.join(fixturesDir, 'scanned-h00.pdf'), path.join(docs, 'scan.pdf'));
    writeFile(path.join(docs, 'memo.txt'), '梅雨は雨季の一種である。');
    const ingest = await run(['--db', db, 'ingest', docs], log);
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toMatch(/3 indexed/);
    expect((await run(['--db', db, 'search', '梅雨'], log)).code).toBe(0);
    const ask = await run(['--db', db, 'ask', '梅雨とは何か'], log);
    expect(ask.code).toBe(0);
    expect(ask.stdout).toContain('抽出回答');
    expect((await run(['--db', db, 'models', '--load'], log)).code).toBe(0);
    const seen = attempts(log);
    expect(seen.filter((a) => a.kind === 'outbound' || a.kind === 'dns')).toEqual([]);
    // the LLM check did go to the loopback Ollama host: the hook sees connections
    expect(seen.some((a) => a.kind === 'loopback' && a.target.endsWith(':11434'))).toBe(true);
  });

  it('would catch an outbound call', async () => {
    const dir = tempDir();
    const log = path.join(dir, 'net.log');
    const r = await run([], log, "fetch('http://192.0.2.10/').catch((e) => console.log('refused', e.cause?.message ?? e.message))");
    expect(r.stdout).toMatch(/refused .*blocked by the no-network test hook/);
    expect(attempts(log)).toEqual([expect.objectContaining({ kind: 'outbound', target: '192.0.2.10:80' })]);
  });
});
