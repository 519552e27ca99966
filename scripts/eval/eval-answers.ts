/**
 * `npm run eval:answers [-- --llm] [--limit N]`: JSQuAD questions answered through the engine's `ask`.
 * - citation recall: a gold answer string occurs in the text of a cited passage (the evidence a user
 *   clicks through to);
 * - answer contains gold: a gold answer string occurs in the answer itself;
 * - time to first token and total time per question;
 * - with --llm (Ollama at the configured host, settings.json or --host/--model): exact match and
 *   character F1 of the answer (markers removed) against the best gold answer.
 * Extractive by default (no LLM is reachable here). Writes bench-results/answers{,-llm}.{json,md}.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Answer } from '#shared/api';
import { normalizeText } from '../../src-main/engine/text/normalize.js';
import { buildJsquadStore, readJsonl, type Paragraph, type Question } from '../lib/jsquad.js';
import { machineInfo, percentile, writeResults } from '../lib/results.js';
import { evalDir } from '../lib/paths.js';

const { values: flags } = parseArgs({ options: { llm: { type: 'boolean', default: false }, limit: { type: 'string' }, host: { type: 'string' }, model: { type: 'string' } } });

const norm = (s: string) => normalizeText(s).normalize('NFKC').replace(/\s+/g, '');

/** Character F1 of two strings (multiset overlap), as in JSQuAD's own scoring for Japanese. */
export function charF1(answer: string, gold: string): number {
  const a = [...norm(answer)];
  const g = [...norm(gold)];
  if (!a.length || !g.length) return a.length === g.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const c of g) counts.set(c, (counts.get(c) ?? 0) + 1);
  let common = 0;
  for (const c of a) {
    const n = counts.get(c) ?? 0;
    if (n > 0) {
      common++;
      counts.set(c, n - 1);
    }
  }
  if (!common) return 0;
  const p = common / a.length;
  const r = common / g.length;
  return (2 * p * r) / (p + r);
}

async function main(): Promise<void> {
  const paragraphs = readJsonl<Paragraph>(path.join(evalDir, 'jsquad', 'valid-paragraphs.jsonl'));
  let questions = readJsonl<Question>(path.join(evalDir, 'jsquad', 'valid-questions.jsonl'));
  if (flags.limit) questions = questions.slice(0, Number(flags.limit));
  const { engine } = await buildJsquadStore(paragraphs);
  if (flags.host || flags.model) engine.updateSettings({ llm: { ...(flags.host ? { host: flags.host } : {}), ...(flags.model ? { model: flags.model } : {}) } });
  const st = await engine.llmStatus();
  if (flags.llm && st.state !== 'ready') throw new Error(`--llm: the LLM is not ready (${st.state}): ${st.detail}`);
  // Extractive: through the real fallback (LLM asked for, found unavailable: its check is in the time)
  // unless an LLM is ready on this machine, then by asking for no LLM.
  const askLlm = flags.llm || st.state !== 'ready';
  let cited = 0;
  let inAnswer = 0;
  let given = 0;
  let em = 0;
  let f1 = 0;
  const ttft: number[] = [];
  const total: number[] = [];
  const modes = new Map<string, number>();
  for (const [i, q] of questions.entries()) {
    const a: Answer = await engine.ask({ question: q.question, llm: askLlm });
    modes.set(a.mode, (modes.get(a.mode) ?? 0) + 1);
    const golds = q.answers.map((x) => norm(x.text));
    const has = (text: string) => golds.some((g) => norm(text).includes(g));
    const citedTexts = a.citations.map((c) => a.passages.find((p) => p.n === c.n)!.text);
    if (citedTexts.some(has)) cited++;
    if (a.passages.some((p) => has(p.text))) given++;
    const plain = a.text.replace(/\[\d+\]/g, '');
    if (has(plain)) inAnswer++;
    if (flags.llm) {
      if (golds.includes(norm(plain))) em++;
      f1 += Math.max(...q.answers.map((x) => charF1(plain, x.text)));
    }
    if (a.ms.firstToken !== null) ttft.push(a.ms.firstToken);
    total.push(a.ms.total);
    if ((i + 1) % 500 === 0) process.stderr.write(`${i + 1}/${questions.length}\n`);
  }
  engine.close();
  const n = questions.length;
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  const result = {
    machine: machineInfo(),
    mode: flags.llm ? 'llm' : 'extractive',
    extractivePath: flags.llm ? null : askLlm ? `fallback (LLM ${st.state})` : 'asked for (--no-llm)',
    questions: n,
    modes: Object.fromEntries(modes),
    citationRecall: r3(cited / n),
    goldInGivenPassages: r3(given / n),
    goldInAnswer: r3(inAnswer / n),
    ...(flags.llm ? { exactMatch: r3(em / n), charF1: r3(f1 / n) } : {}),
    firstTokenMs: { p50: percentile(ttft, 50), p95: percentile(ttft, 95) },
    totalMs: { p50: percentile(total, 50), p95: percentile(total, 95) },
  };
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const md = [
    `# Answers (${result.mode})`,
    '',
    `\`npm run eval:answers${flags.llm ? ' -- --llm' : ''}\`: ${n} JSQuAD questions asked of a store of the 1,145 paragraphs${result.extractivePath ? `; extractive path: ${result.extractivePath}` : ''}. Machine: ${result.machine.cpu}, Node ${result.machine.node}, ${result.machine.date}.`,
    '',
    '| measure | result | goal |',
    '|---|---:|---|',
    `| citation recall (gold answer in a cited passage) | ${result.citationRecall.toFixed(3)} | ${flags.llm ? '' : '≥ 0.90'} |`,
    `| gold answer in the passages given | ${result.goldInGivenPassages.toFixed(3)} | |`,
    `| gold answer in the answer text | ${result.goldInAnswer.toFixed(3)} | |`,
    ...(flags.llm ? [`| exact match | ${result.exactMatch!.toFixed(3)} | |`, `| character F1 | ${result.charF1!.toFixed(3)} | |`] : []),
    `| time to first token p50 / p95 | ${ms(result.firstTokenMs.p50)} / ${ms(result.firstTokenMs.p95)} | ${flags.llm ? '' : 'p50 ≤ 150 ms'} |`,
    `| total per question p50 / p95 | ${ms(result.totalMs.p50)} / ${ms(result.totalMs.p95)} | |`,
    '',
  ].join('\n');
  writeResults(flags.llm ? 'answers-llm' : 'answers', result, md);
  process.stdout.write(md);
}

await main();
