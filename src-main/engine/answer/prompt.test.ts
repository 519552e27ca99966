import { describe, expect, it } from 'vitest';
import { buildPrompt, estimateTokens, SYSTEM_PROMPT } from './prompt.js';

const passage = (i: number, chars: number) => ({ chunkId: i, docId: i, title: `文書${i}`, path: `/d/${i}.txt`, pageNo: 2, text: '資料'.repeat(chars / 2), boxes: [] });

describe('prompt', () => {
  it('estimates tokens: one per Japanese character, one per three others', () => {
    expect(estimateTokens('日本語')).toBe(3);
    expect(estimateTokens('abcdef')).toBe(2);
    expect(estimateTokens('日本 abc')).toBe(4);
  });

  it('numbers the passages that fit the budget, in rank order, and asks in Japanese', () => {
    const budget = { contextTokens: 2000, answerTokens: 500 };
    const { messages, passages } = buildPrompt('質問ですか', [passage(1, 600), passage(2, 900), passage(3, 300)], [], budget);
    // 1 and 3 fit; 2 would overflow
    expect(passages.map((p) => [p.chunkId, p.n])).toEqual([[1, 1], [3, 2]]);
    expect(messages[0]).toEqual({ role: 'system', content: SYSTEM_PROMPT });
    const user = messages.at(-1)!.content;
    expect(user).toMatch(/^資料:\n\n\[1\] 『文書1』 2ページ\n資料/);
    expect(user).toContain('\n\n[2] 『文書3』 2ページ\n');
    expect(user.endsWith('質問: 質問ですか')).toBe(true);
    const total = messages.reduce((n, m) => n + estimateTokens(m.content), 0);
    expect(total).toBeLessThanOrEqual(budget.contextTokens - budget.answerTokens);
  });

  it('puts recent turns before the question, newest kept when space is short', () => {
    const history = [
      { question: '古い質問'.repeat(100), answer: '古い回答'.repeat(100) },
      { question: '前の質問', answer: '前の回答' },
    ];
    const { messages } = buildPrompt('次の質問', [passage(1, 100)], history, { contextTokens: 2000, answerTokens: 500 });
    expect(messages.map((m) => m.content.slice(0, 4))).toEqual([SYSTEM_PROMPT.slice(0, 4), '前の質問', '前の回答', '資料:\n']);
  });
});
