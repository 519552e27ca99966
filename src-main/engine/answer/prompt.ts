/**
 * The prompt: a Japanese system prompt, numbered passages [1]…[k] with title and page, the recent turns
 * of the conversation and the question, all within the model's context window.
 */
import type { AnswerPassage } from '#shared/api';
import type { ChatMessage } from './ollama-client.js';

export const NO_ANSWER = '資料には記載がありません';

export const SYSTEM_PROMPT = [
  'あなたは、利用者が用意した資料だけに基づいて質問に答えるアシスタントです。',
  '- 回答には、ユーザーのメッセージにある番号付きの資料 [1]〜[k] に書かれている内容だけを使ってください。一般知識や推測で補ってはいけません。',
  '- 根拠にした資料の番号を、その内容を述べた文の末尾に [1] のように付けてください。複数の資料に基づく場合は [1][3] のように並べます。',
  `- 資料に答えが書かれていない場合は、「${NO_ANSWER}」とだけ答えてください。`,
  '- 日本語で、簡潔に答えてください。',
].join('\n');

/**
 * Tokens a text may take, over-estimated so the prompt fits: one per Japanese character (Qwen-style
 * tokenizers often merge two, not reliably), one per three other characters.
 */
export function estimateTokens(text: string): number {
  let japanese = 0;
  for (const c of text) if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u.test(c)) japanese++;
  return japanese + Math.ceil((text.length - japanese) / 3);
}

export function formatPassage(p: Pick<AnswerPassage, 'n' | 'title' | 'pageNo' | 'text'>): string {
  return `[${p.n}] 『${p.title}』 ${p.pageNo}ページ\n${p.text.replace(/\s*\n\s*/g, '\n').trim()}`;
}

export interface Turn {
  question: string;
  answer: string;
}

export interface PromptBudget {
  contextTokens: number;
  answerTokens: number;
}

/** Per-message overhead of chat templates (role markers), in tokens. */
const MESSAGE_OVERHEAD = 8;

function userMessage(question: string, passages: string[]): string {
  return `資料:\n\n${passages.join('\n\n')}\n\n質問: ${question}`;
}

/**
 * Messages for the model and the passages that fit: retrieved passages are taken in rank order while
 * they fit the budget left after the system prompt, the question and the answer's reserve; the recent
 * turns (newest first, at most a quarter of the budget) go before them. Passages are renumbered 1..k.
 */
export function buildPrompt<P extends Omit<AnswerPassage, 'n'>>(question: string, retrieved: readonly P[], history: readonly Turn[], budget: PromptBudget): { messages: ChatMessage[]; passages: (P & { n: number })[] } {
  let left = budget.contextTokens - budget.answerTokens - estimateTokens(SYSTEM_PROMPT) - estimateTokens(userMessage(question, [])) - 2 * MESSAGE_OVERHEAD;
  const turns: Turn[] = [];
  let historyLeft = Math.floor(left / 4);
  for (const t of [...history].reverse()) {
    const cost = estimateTokens(t.question) + estimateTokens(t.answer) + 2 * MESSAGE_OVERHEAD;
    if (cost > historyLeft) break;
    historyLeft -= cost;
    left -= cost;
    turns.unshift(t);
  }
  const passages: (P & { n: number })[] = [];
  const texts: string[] = [];
  for (const p of retrieved) {
    const text = formatPassage({ ...p, n: passages.length + 1 });
    const cost = estimateTokens(text) + 2;
    if (cost > left) continue;
    left -= cost;
    passages.push({ ...p, n: passages.length + 1 });
    texts.push(text);
  }
  const messages: ChatMessage[] = [{ role: 'system', content: SYSTEM_PROMPT }];
  for (const t of turns) messages.push({ role: 'user', content: t.question }, { role: 'assistant', content: t.answer });
  messages.push({ role: 'user', content: userMessage(question, texts) });
  return { messages, passages };
}
