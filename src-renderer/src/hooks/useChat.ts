import { useCallback, useRef, useState } from 'react';
import type { Answer, AnswerPassage } from '#shared/api';
import { CallError, describeError } from '../api/errors';
import type { CallHandle } from '../api/transport';
import { useT } from '../i18n';
import { useClient } from '../state/client';
import { EMPTY_SCOPE, toScope, type ScopeDraft } from '../state/scope';

export interface Turn {
  id: number;
  question: string;
  /** the documents it was asked of (the chips when it was sent) */
  scope: ScopeDraft;
  phase: 'retrieving' | 'streaming' | 'done';
  /** the answer so far (tokens), then the engine's final text */
  text: string;
  passages: AnswerPassage[];
  mode: { mode: 'llm' | 'extractive'; reason: string | null; model: string | null } | null;
  answer: Answer | null;
  /** the call failed (connection, engine error); the text so far is kept */
  error: string | null;
  /** the user pressed stop */
  stopped: boolean;
}

/**
 * A conversation: questions answered one at a time, streaming, with the conversation id carried on. Each
 * question carries the scope shown in the chips (empty: all documents), so the chips are always what the
 * answer came from, also after the engine restarted and forgot the conversation.
 */
export function useChat() {
  const client = useClient();
  const t = useT();
  const [turns, setTurns] = useState<Turn[]>([]);
  const conversationId = useRef<string | undefined>(undefined);
  const running = useRef<{ id: number; call: CallHandle<Answer> } | null>(null);
  const nextId = useRef(1);
  /** bumped by reset(): answers of an abandoned conversation must not set the new one's id */
  const generation = useRef(0);

  const patch = useCallback((id: number, f: (t: Turn) => Partial<Turn>) => setTurns((ts) => ts.map((t) => (t.id === id ? { ...t, ...f(t) } : t))), []);

  const ask = useCallback(
    (question: string, scope: ScopeDraft = EMPTY_SCOPE) => {
      if (running.current) return;
      const id = nextId.current++;
      const gen = generation.current;
      setTurns((ts) => [...ts, { id, question, scope, phase: 'retrieving', text: '', passages: [], mode: null, answer: null, error: null, stopped: false }]);
      const call = client.ask({ question, conversationId: conversationId.current, scope: toScope(scope) }, (e) => {
        if (e.type === 'retrieved') patch(id, () => ({ passages: e.passages }));
        else if (e.type === 'mode') patch(id, () => ({ phase: 'streaming', mode: { mode: e.mode, reason: e.reason, model: e.model } }));
        else if (e.type === 'token') patch(id, (t) => ({ phase: 'streaming', text: t.text + e.text }));
      });
      running.current = { id, call };
      call.result
        .then((answer) => {
          if (gen === generation.current) conversationId.current ??= answer.conversationId;
          patch(id, () => ({
            phase: 'done',
            answer,
            text: answer.text,
            passages: answer.passages,
            mode: { mode: answer.mode, reason: answer.extractiveReason, model: answer.model },
            error: answer.error,
          }));
        })
        // stopped before the question left (serve reconnecting): a stop, not a failure
        .catch((e: unknown) => patch(id, () => (e instanceof CallError && e.code === 'cancelled' ? { phase: 'done', stopped: true } : { phase: 'done', error: describeError(t, e) })))
        .finally(() => {
          if (running.current?.id === id) running.current = null;
        });
    },
    [client, patch, t],
  );

  const stop = useCallback(() => {
    const r = running.current;
    if (!r) return;
    r.call.cancel();
    patch(r.id, () => ({ stopped: true }));
  }, [patch]);

  /** 「新しい会話」: forget the turns and the conversation id (a running answer is stopped). */
  const reset = useCallback(() => {
    running.current?.call.cancel();
    running.current = null;
    generation.current++;
    conversationId.current = undefined;
    setTurns([]);
  }, []);

  return { turns, busy: turns.some((t) => t.phase !== 'done'), ask, stop, reset };
}
