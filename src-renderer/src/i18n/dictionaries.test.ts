import { describe, expect, it } from 'vitest';
import { en } from './en';
import { ja } from './ja';

const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the dictionaries', () => {
  it('have the same keys in Japanese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
  });

  it('use the same {parameters} in both languages, and no text is empty', () => {
    const mismatched = Object.entries(ja)
      .filter(([key, text]) => JSON.stringify(params(text)) !== JSON.stringify(params(en[key as keyof typeof ja] ?? '')))
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
    const empty = [...Object.entries(ja), ...Object.entries(en)].filter(([, text]) => !text.trim()).map(([key]) => key);
    expect(empty).toEqual([]);
  });
});
