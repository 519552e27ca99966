import { describe, expect, it } from 'vitest';
import { Conversations, retrievalQuery } from './conversation.js';

describe('conversations', () => {
  it('keeps turns per conversation and starts new ones', () => {
    const c = new Conversations();
    const a = c.open();
    c.add(a.id, { question: 'q1', answer: 'a1' });
    expect(c.open(a.id).history).toEqual([{ question: 'q1', answer: 'a1' }]);
    const b = c.open();
    expect(b.id).not.toBe(a.id);
    expect(b.history).toEqual([]);
    // an id the engine does not know (e.g. after a restart) starts empty under that id
    expect(c.open('old-id')).toEqual({ id: 'old-id', history: [], scope: null });
  });

  it('keeps the scope for follow-ups until one gives another', () => {
    const c = new Conversations();
    const a = c.open(undefined, { kinds: ['pdf'] });
    expect(c.open(a.id).scope).toEqual({ kinds: ['pdf'] });
    expect(c.open(a.id, { under: ['/x'] }).scope).toEqual({ under: ['/x'] });
    expect(c.open(a.id).scope).toEqual({ under: ['/x'] });
    expect(c.open(a.id, null).scope).toBeNull();
  });

  it('searches a follow-up together with the previous question', () => {
    expect(retrievalQuery('それはいつ？', [{ question: '東海道新幹線とは', answer: '…' }])).toBe('東海道新幹線とは\nそれはいつ？');
    expect(retrievalQuery('寿司とは', [])).toBe('寿司とは');
  });
});
