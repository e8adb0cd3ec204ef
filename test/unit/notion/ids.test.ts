import { describe, expect, it } from 'vitest';
import { parseNotionId } from '../../../src/notion/ids.js';

const UUID = '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d';
const HEX = UUID.replace(/-/g, '');

describe('when a Notion page is given by URL or id', () => {
  it.each([
    {
      case: 'a page URL with workspace, slug and query',
      input: `https://www.notion.so/acme/Team-goals-${HEX}?pvs=4`,
    },
    { case: 'a page URL without a slug', input: `https://www.notion.so/${HEX}` },
    { case: 'a slug that looks like hex itself', input: `https://www.notion.so/acme/deadbeef-cafe-${HEX}` },
    { case: 'a public notion.site URL', input: `https://acme.notion.site/Team-goals-${HEX}` },
    { case: 'a URL with a fragment', input: `https://www.notion.so/acme/Team-goals-${HEX}#block` },
    {
      case: 'a page peeked from a database view',
      input: `https://www.notion.so/acme/ffffffffffffffffffffffffffffffff?v=eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee&p=${HEX}&pm=s`,
    },
    { case: '32 hex characters', input: HEX },
    { case: 'upper-case hex', input: HEX.toUpperCase() },
    { case: 'a dashed UUID', input: UUID },
    { case: 'an id with spaces around it', input: `  ${HEX}\n` },
  ])('should read $case as the dashed UUID', ({ input }) => {
    expect(parseNotionId(input)).toBe(UUID);
  });

  it.each([
    { case: 'an empty string', input: '' },
    { case: 'a page title', input: 'Team goals' },
    { case: '31 hex characters', input: HEX.slice(1) },
    { case: '33 hex characters', input: `${HEX}0` },
    { case: 'a URL without an id', input: 'https://www.notion.so/acme/Team-goals' },
    { case: 'a URL whose id is cut short', input: `https://www.notion.so/acme/Team-goals-${HEX.slice(2)}` },
    { case: 'not hex', input: 'z'.repeat(32) },
  ])('should refuse $case with a message saying what is expected', ({ input }) => {
    expect(() => parseNotionId(input)).toThrow(/is not a Notion page URL or id: expected a link/);
  });
});
