import { describe, expect, it } from 'vitest';
import { plural } from '../../../src/domain/words.js';

describe('plural', () => {
  it.each([
    [0, '0 commitments'],
    [1, '1 commitment'],
    [2, '2 commitments'],
  ])('when counting %i should write "%s"', (n, text) => {
    expect(plural(n, 'commitment')).toBe(text);
  });
});
