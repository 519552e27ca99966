import { describe, expect, it } from 'vitest';
import { standardTexts } from './shipped.js';

describe('standardTexts', () => {
  it('maps licence expressions to the texts in resources/licenses', () => {
    expect(standardTexts('MIT')).toEqual(['MIT']);
    expect(standardTexts('MIT OR Apache')).toEqual(['MIT', 'Apache-2.0']);
    expect(standardTexts('(MIT OR Apache-2.0)')).toEqual(['MIT', 'Apache-2.0']);
    expect(standardTexts('LGPL-3.0-or-later')).toEqual(['LGPL-3.0', 'GPL-3.0']);
    expect(standardTexts('ISC')).toEqual([]);
  });
});
