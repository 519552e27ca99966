/**
 * Conversations kept for the session (in memory, per engine): the recent turns shape both the retrieval
 * query of a follow-up question and the prompt.
 */
import { randomUUID } from 'node:crypto';
import type { Turn } from './prompt.js';

/** Turns kept per conversation; older ones fall out of the prompt's budget anyway. */
const MAX_TURNS = 12;
const MAX_CONVERSATIONS = 100;

export class Conversations {
  private readonly turns = new Map<string, Turn[]>();

  /** The conversation's turns; an unknown or absent id starts a new conversation. */
  open(id?: string): { id: string; history: readonly Turn[] } {
    if (id && this.turns.has(id)) return { id, history: this.turns.get(id)! };
    const newId = id ?? randomUUID();
    this.turns.set(newId, []);
    // forget the oldest conversations beyond the limit (Map keeps insertion order)
    for (const old of this.turns.keys()) {
      if (this.turns.size <= MAX_CONVERSATIONS) break;
      this.turns.delete(old);
    }
    return { id: newId, history: [] };
  }

  add(id: string, turn: Turn): void {
    const list = this.turns.get(id) ?? [];
    list.push(turn);
    if (list.length > MAX_TURNS) list.splice(0, list.length - MAX_TURNS);
    this.turns.set(id, list);
  }
}

/**
 * What to search for: the question, preceded by the previous question when there is one, so a follow-up
 * such as 「それはいつ？」 still finds the passages the conversation is about (the question's own terms
 * weigh the same; lexical search rewards passages that have both).
 */
export function retrievalQuery(question: string, history: readonly Turn[]): string {
  const previous = history.at(-1)?.question;
  return previous ? `${previous}\n${question}` : question;
}
