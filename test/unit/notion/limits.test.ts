import { describe, expect, it } from 'vitest';
import {
  chunk,
  MAX_ARRAY,
  MAX_BLOCKS_PER_APPEND,
  MAX_TEXT,
  richText,
  splitText,
} from '../../../src/notion/limits.js';

const contents = (items: ReturnType<typeof richText>) => items.map((i) => i.text.content);

describe('when text is turned into Notion rich text', () => {
  it.each([
    { case: 'empty text', text: '', sizes: [0] },
    { case: 'a short line', text: 'Shipped passkeys on web', sizes: [23] },
    { case: 'exactly the limit', text: 'a'.repeat(MAX_TEXT), sizes: [2_000] },
    { case: 'one over the limit', text: 'a'.repeat(MAX_TEXT + 1), sizes: [2_000, 1] },
    { case: 'five thousand characters', text: 'b'.repeat(5_000), sizes: [2_000, 2_000, 1_000] },
  ])('should split $case into items of at most 2,000 characters', ({ text, sizes }) => {
    const items = richText(text);
    expect(contents(items).map((c) => c.length)).toEqual(sizes);
    expect(contents(items).join('')).toBe(text);
  });

  it('should never cut an emoji (a surrogate pair) in two', () => {
    const text = `${'a'.repeat(MAX_TEXT - 1)}🚀tail`;
    const items = contents(richText(text));
    expect(items[0]).toBe('a'.repeat(MAX_TEXT - 1));
    expect(items[1]).toBe('🚀tail');
    expect(items.join('')).toBe(text);
    for (const item of items) expect(item.length).toBeLessThanOrEqual(MAX_TEXT);
  });

  it('should count as Notion does, in UTF-16 units, so emoji-heavy text stays within the limit', () => {
    const items = contents(richText('🚀'.repeat(1_500)));
    expect(items.map((c) => c.length)).toEqual([2_000, 1_000]);
  });

  it('should put the link on every item', () => {
    const items = richText('x'.repeat(2_500), 'https://linear.app/acme/issue/AUTH-12');
    expect(items.map((i) => i.text.link)).toEqual([
      { url: 'https://linear.app/acme/issue/AUTH-12' },
      { url: 'https://linear.app/acme/issue/AUTH-12' },
    ]);
  });

  it('should leave off a link longer than Notion accepts rather than send it broken', () => {
    const [item] = richText('AUTH-12', `https://example.com/${'q'.repeat(MAX_TEXT)}`);
    expect(item?.text).toEqual({ content: 'AUTH-12' });
  });

  it('should stop at 100 items, ending the last with an ellipsis', () => {
    const items = contents(richText('c'.repeat(MAX_TEXT * MAX_ARRAY + 10)));
    expect(items).toHaveLength(MAX_ARRAY);
    expect(items.at(-1)?.endsWith('…')).toBe(true);
    expect(items.at(-1)?.length).toBe(MAX_TEXT);
  });

  it('should keep the annotations on each item', () => {
    expect(richText('ambitious', undefined, { bold: true })).toEqual([
      { type: 'text', text: { content: 'ambitious' }, annotations: { bold: true } },
    ]);
  });
});

describe('when text is split at a given size', () => {
  it.each([
    { text: 'abcdef', max: 2, pieces: ['ab', 'cd', 'ef'] },
    { text: 'abcde', max: 2, pieces: ['ab', 'cd', 'e'] },
    { text: 'a😀b', max: 2, pieces: ['a', '😀', 'b'] },
    { text: '', max: 2, pieces: [] },
  ])('should split "$text" by $max into $pieces', ({ text, max, pieces }) => {
    expect(splitText(text, max)).toEqual(pieces);
  });
});

describe('when a list is chunked for Notion', () => {
  it.each([
    { length: 0, size: 100, chunks: [] },
    { length: 1, size: 100, chunks: [1] },
    { length: 100, size: 100, chunks: [100] },
    { length: 101, size: 100, chunks: [100, 1] },
    { length: 250, size: MAX_BLOCKS_PER_APPEND, chunks: [100, 100, 50] },
  ])('should cut $length items into chunks of $chunks', ({ length, size, chunks }) => {
    const items = Array.from({ length }, (_, i) => i);
    const result = chunk(items, size);
    expect(result.map((c) => c.length)).toEqual(chunks);
    expect(result.flat()).toEqual(items);
  });

  it('should default to Notion’s array limit of 100', () => {
    expect(chunk(Array.from({ length: 150 }, (_, i) => i)).map((c) => c.length)).toEqual([100, 50]);
  });

  it.each([0, -1, 1.5])('should refuse a chunk size of %s', (size) => {
    expect(() => chunk([1, 2], size)).toThrow(RangeError);
  });
});
