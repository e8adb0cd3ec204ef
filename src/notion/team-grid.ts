/**
 * The team grid in Notion: one page per quarter under the parent page, "Team baseline 2026-Q4",
 * holding one table of engineers × weeks. Rewritten only when the grid changed (content hash in
 * Redis); found again by its title when Redis has lost the id, never duplicated. A team of more
 * than 99 engineers gets its table in parts: Notion takes 100 rows in a table created at once.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@notionhq/client';
import type { Redis } from 'ioredis';
import type { TeamGrid, TeamGridStore } from '../domain/index.js';
import { appendBlocks, withinLimits } from './apply.js';
import type { BlockRequest } from './blocks.js';
import { chunk, MAX_BLOCKS_PER_APPEND, richText } from './limits.js';
import { metered, RequestMeter } from './meter.js';
import { childBlocks } from './page-body.js';

function tableOf(grid: TeamGrid): BlockRequest {
  const row = (cells: string[]) => ({
    type: 'table_row' as const,
    table_row: { cells: cells.map((content) => richText(content)) },
  });
  return {
    type: 'table',
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
}): TeamGridStore & {
  write(grid: TeamGrid): Promise<{ pageId: string; writes: number }>;
  /** The grid page of that title, when it has been written: the digest links to it. */
  pageIdOf(title: string): Promise<string | undefined>;
} {
  const { client, redis } = options;
  const key = (title: string) => `${options.prefix}:notion:grid:${title}`;

  async function findPage(title: string): Promise<string | undefined> {
    const children = await childBlocks(client, options.parentPageId);
    return children.find((block) => block.type === 'child_page' && block.child_page.title === title)?.id;
  }

  async function rewrite(grid: TeamGrid, stored: Record<string, string>): Promise<string> {
    const table = tableOf(grid);
    const pageId = stored.pageId ?? (await findPage(grid.title));
    if (pageId) {
      for (const block of await childBlocks(client, pageId)) {
        if (block.type === 'table') await client.blocks.delete({ block_id: block.id });
      }
      await appendBlocks(client, pageId, [table]);
      return pageId;
    }
    const { block, rest } = withinLimits(table);
    const created = await client.pages.create({
      parent: { type: 'page_id', page_id: options.parentPageId },
      properties: { title: { title: richText(grid.title) } },
      children: [block],
    });
    if (rest.length > 0) {
      // The rows past the first 100 go to the table just created.
      const tableBlock = (await childBlocks(client, created.id)).find((b) => b.type === 'table');
      for (const rows of chunk(rest, MAX_BLOCKS_PER_APPEND)) {
        if (tableBlock) await client.blocks.children.append({ block_id: tableBlock.id, children: rows });
      }
    }
    return created.id;
  }

  return {
    async pageIdOf(title: string): Promise<string | undefined> {
      return (await redis.hget(key(title), 'pageId')) ?? (await findPage(title));
    },
    /** Writes the grid; returns the number of Notion requests that changed something. */
    async write(grid: TeamGrid): Promise<{ pageId: string; writes: number }> {
      const hash = createHash('sha256').update(JSON.stringify(grid)).digest('hex');
      const stored = await redis.hgetall(key(grid.title));
      if (stored.pageId && stored.hash === hash) return { pageId: stored.pageId, writes: 0 };
      const meter = new RequestMeter();
      const pageId = await metered(meter, () => rewrite(grid, stored));
      await redis.hset(key(grid.title), { pageId, hash });
      return { pageId, writes: meter.writes };
    },
  };
}
