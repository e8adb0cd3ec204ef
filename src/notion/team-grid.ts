/**
 * The team grid in Notion: one page per quarter under the parent page, "Team baseline 2026-Q4",
 * holding one table of engineers × weeks. Rewritten only when the grid changed (content hash in
 * Redis); found again by its title when Redis has lost the id, never duplicated.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@notionhq/client';
import type { Redis } from 'ioredis';
import type { TeamGrid } from '../domain/index.js';

type TableRow = { type: 'table_row'; table_row: { cells: { type: 'text'; text: { content: string } }[][] } };

function tableOf(grid: TeamGrid) {
  const row = (cells: string[]): TableRow => ({
    type: 'table_row',
    table_row: { cells: cells.map((content) => [{ type: 'text', text: { content } }]) },
  });
  return {
    type: 'table' as const,
    table: {
      table_width: grid.header.length,
      has_column_header: true,
      has_row_header: true,
      children: [row(grid.header), ...grid.rows.map(row)],
    },
  };
}

export function createTeamGridPages(options: {
  client: Client;
  redis: Redis;
  prefix: string;
  parentPageId: string;
}) {
  const { client, redis } = options;
  const key = (title: string) => `${options.prefix}:notion:grid:${title}`;

  async function findPage(title: string): Promise<string | undefined> {
    let cursor: string | undefined;
    do {
      const page = await client.blocks.children.list({
        block_id: options.parentPageId,
        page_size: 100,
        ...(cursor ? { start_cursor: cursor } : {}),
      });
      for (const block of page.results) {
        if ('type' in block && block.type === 'child_page' && block.child_page.title === title)
          return block.id;
      }
      cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
    } while (cursor);
    return undefined;
  }

  return {
    /** Writes the grid; returns the number of Notion requests that changed something. */
    async write(grid: TeamGrid): Promise<{ pageId: string; writes: number }> {
      const hash = createHash('sha256').update(JSON.stringify(grid)).digest('hex');
      const stored = await redis.hgetall(key(grid.title));
      if (stored.pageId && stored.hash === hash) return { pageId: stored.pageId, writes: 0 };
      const table = tableOf(grid);
      let pageId = stored.pageId ?? (await findPage(grid.title));
      let writes = 0;
      if (!pageId) {
        const created = await client.pages.create({
          parent: { type: 'page_id', page_id: options.parentPageId },
          properties: { title: { title: [{ type: 'text', text: { content: grid.title } }] } },
          children: [table as never],
        });
        pageId = created.id;
        writes += 1;
      } else {
        const blocks = await client.blocks.children.list({ block_id: pageId, page_size: 100 });
        for (const block of blocks.results) {
          if ('type' in block && block.type === 'table') {
            await client.blocks.delete({ block_id: block.id });
            writes += 1;
          }
        }
        await client.blocks.children.append({ block_id: pageId, children: [table as never] });
        writes += 1;
      }
      await redis.hset(key(grid.title), { pageId, hash });
      return { pageId, writes };
    },
  };
}
