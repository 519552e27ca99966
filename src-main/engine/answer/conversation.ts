/**
 * Conversations kept for the session (in memory, per engine): the recent turns shape both the retrieval
 * query of a follow-up question and the prompt, and the scope asked for last stays for the follow-ups.
 */
import { randomUUID } from 'node:crypto';
import type { Scope } from '#shared/api';
import type { Turn } from './prompt.js';

/** Turns kept per conversation; older ones fall out of the prompt's budget anyway. */
const MAX_TURNS = 12;
const MAX_CONVERSATIONS = 100;

interface Conversation {
  turns: Turn[];
  /** the documents its questions are answered from; null: all */
  scope: Scope | null;
}

export class Conversations {
  private readonly conversations = new Map<string, Conversation>();

  /**
   * The conversation's turns and its scope, which `scope` replaces when given (undefined: kept); an
   * unknown or absent id starts a new conversation.
   */
  open(id?: string, scope?: Scope | null): { id: string; history: readonly Turn[]; scope: Scope | null } {
    const known = id ? this.conversations.get(id) : undefined;
    if (id && known) {
      if (scope !== undefined) known.scope = scope;
      return { id, history: known.turns, scope: known.scope };
    }
    const newId = id ?? randomUUID();
    this.conversations.set(newId, { turns: [], scope: scope ?? null });
    // forget the oldest conversations beyond the limit (Map keeps insertion order)
    for (const old of this.conversations.keys()) {
      if (this.conversations.size <= MAX_CONVERSATIONS) break;
      this.conversations.delete(old);
    }
    return { id: newId, history: [], scope: scope ?? null };
  }

  add(id: string, turn: Turn): void {
    const c = this.conversations.get(id) ?? { turns: [], scope: null };
    c.turns.push(turn);
    if (c.turns.length > MAX_TURNS) c.turns.splice(0, c.turns.length - MAX_TURNS);
    this.conversations.set(id, c);
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
