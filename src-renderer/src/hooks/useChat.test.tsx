import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../api/client';
import { CallError } from '../api/errors';
import { ja } from '../i18n/ja';
import { appProviders, fakeEngine } from '../test/harness';
import { useChat } from './useChat';

type Answer = Awaited<ReturnType<EngineClient['ask']>['result']>;
type Passage = Answer['passages'][number];

const passage: Passage = { n: 1, chunkId: 7, docId: 2, title: '就業規則', path: '/d/rules.pdf', pageNo: 4, text: '有給休暇は…', boxes: [] };
const answer = (a: Partial<Answer>): Answer => ({
  conversationId: 'conv-1',
  question: 'Q',
  retrievalQuery: 'Q',
  scope: null,
  mode: 'llm',
  extractiveReason: null,
  model: 'qwen',
  text: '',
  citations: [],
  passages: [passage],
  droppedMarkers: [],
  cancelled: false,
  error: null,
  ms: { retrieval: 1, firstToken: 2, total: 3 },
  ...a,
});

function setup() {
  const engine = fakeEngine();
  const hook = renderHook(() => useChat(), { wrapper: appProviders(engine.client) });
  return { engine, chat: () => hook.result.current, asks: () => engine.of('ask') };
}

describe('useChat', () => {
  it('streams an answer: passages, then mode, then tokens, then the final text; the conversation id is carried to the next question', async () => {
    const { chat, asks } = setup();
    act(() => chat().ask('有給休暇は何日？'));
    expect(asks()[0]!.params).toEqual({ question: '有給休暇は何日？', conversationId: undefined, scope: {} });
    expect(chat().busy).toBe(true);
    expect(chat().turns[0]).toMatchObject({ question: '有給休暇は何日？', phase: 'retrieving', text: '' });

    const call = asks()[0]!;
    act(() => call.emit({ type: 'retrieved', passages: [passage], retrievalQuery: 'q' }));
    expect(chat().turns[0]).toMatchObject({ phase: 'retrieving', passages: [passage] });
    act(() => call.emit({ type: 'mode', mode: 'llm', reason: null, model: 'qwen' }));
    expect(chat().turns[0]).toMatchObject({ phase: 'streaming', mode: { mode: 'llm', reason: null, model: 'qwen' } });
    act(() => {
      call.emit({ type: 'token', text: '年' });
      call.emit({ type: 'token', text: '10日' });
    });
    expect(chat().turns[0]!.text).toBe('年10日');

    // the engine's text replaces the streamed one (unknown markers removed)
    await act(async () => call.resolve(answer({ text: '年10日です [1]', conversationId: 'conv-1' })));
    expect(chat().turns[0]).toMatchObject({ phase: 'done', text: '年10日です [1]', error: null, stopped: false });
    expect(chat().turns[0]!.answer?.conversationId).toBe('conv-1');
    expect(chat().busy).toBe(false);

    act(() => chat().ask('半休は？'));
    expect(asks()[1]!.params).toEqual({ question: '半休は？', conversationId: 'conv-1', scope: {} });
    expect(chat().turns.map((t) => t.question)).toEqual(['有給休暇は何日？', '半休は？']);
  });

  it('sends the scope of the chips with every question, and keeps it on the turn', async () => {
    const { chat, asks } = setup();
    const scope = { docs: [{ id: 2, title: '就業規則' }], under: ['/d'], kinds: ['pdf' as const], ocr: undefined };
    act(() => chat().ask('有給休暇は？', scope));
    expect(asks()[0]!.params).toEqual({ question: '有給休暇は？', conversationId: undefined, scope: { documents: [2], under: ['/d'], kinds: ['pdf'] } });
    expect(chat().turns[0]!.scope).toEqual(scope);
    await act(async () => asks()[0]!.resolve(answer({ scope: { documents: [2], under: ['/d'], kinds: ['pdf'] } })));
    act(() => chat().ask('半休は？', scope));
    expect(asks()[1]!.params).toMatchObject({ conversationId: 'conv-1', scope: { documents: [2], under: ['/d'], kinds: ['pdf'] } });
  });

  it('answers one question at a time: asking while an answer runs does nothing', async () => {
    const { chat, asks } = setup();
    act(() => chat().ask('one'));
    act(() => chat().ask('two'));
    expect(asks()).toHaveLength(1);
    expect(chat().turns).toHaveLength(1);
  });

  it('stop cancels the call and keeps the answer so far', async () => {
    const { chat, asks } = setup();
    act(() => chat().ask('Q'));
    const call = asks()[0]!;
    act(() => {
      call.emit({ type: 'mode', mode: 'llm', reason: null, model: 'qwen' });
      call.emit({ type: 'token', text: '途中まで' });
    });
    act(() => chat().stop());
    expect(call.cancels).toBe(1);
    expect(chat().turns[0]).toMatchObject({ stopped: true, text: '途中まで' });

    await act(async () => call.resolve(answer({ text: '途中まで', cancelled: true })));
    expect(chat().turns[0]).toMatchObject({ phase: 'done', stopped: true, text: '途中まで', error: null });
    expect(chat().turns[0]!.answer?.cancelled).toBe(true);

    act(() => chat().stop()); // nothing running: no second cancel
    expect(call.cancels).toBe(1);
  });

  it('keeps the streamed text when the call fails, shows the error, and lets the next question through', async () => {
    const { chat, asks } = setup();
    act(() => chat().ask('Q'));
    act(() => asks()[0]!.emit({ type: 'token', text: '部分' }));
    await act(async () => asks()[0]!.reject(new CallError('connection-lost')));
    expect(chat().turns[0]).toMatchObject({ phase: 'done', text: '部分', error: ja['error.connection-lost'] });
    expect(chat().busy).toBe(false);

    act(() => chat().ask('again'));
    expect(asks()).toHaveLength(2);
  });

  it('a question stopped before it left (serve reconnecting) ends as stopped, not as an error', async () => {
    const { chat, asks } = setup();
    act(() => chat().ask('Q'));
    await act(async () => asks()[0]!.reject(new CallError('cancelled')));
    expect(chat().turns[0]).toMatchObject({ phase: 'done', stopped: true, error: null });
  });

  it("shows the engine's error of an answer that broke off (the LLM failed after it had begun)", async () => {
    const { chat, asks } = setup();
    act(() => chat().ask('Q'));
    await act(async () => asks()[0]!.resolve(answer({ text: '前半', error: 'ollama stopped' })));
    expect(chat().turns[0]).toMatchObject({ phase: 'done', text: '前半', error: 'ollama stopped' });
  });

  it('reset stops the running answer and forgets the conversation, even when its answer comes later', async () => {
    const { chat, asks } = setup();
    act(() => chat().ask('old'));
    const old = asks()[0]!;
    act(() => chat().reset());
    expect(old.cancels).toBe(1);
    expect(chat().turns).toEqual([]);
    expect(chat().busy).toBe(false);

    act(() => chat().ask('new'));
    await act(async () => old.resolve(answer({ conversationId: 'conv-old', text: 'late' })));
    expect(chat().turns.map((t) => [t.question, t.phase])).toEqual([['new', 'retrieving']]);

    await act(async () => asks()[1]!.resolve(answer({ conversationId: 'conv-new' })));
    act(() => chat().ask('follow-up'));
    expect(asks()[1]!.params).toEqual({ question: 'new', conversationId: undefined, scope: {} });
    expect(asks()[2]!.params).toEqual({ question: 'follow-up', conversationId: 'conv-new', scope: {} });
  });
});
