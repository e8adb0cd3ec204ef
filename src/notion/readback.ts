/**
 * What people wrote on a quarter page, read back through the domain's eyes: commitments, comments,
 * and the Excused boxes of the weekly rows. Cached in Redis until a Notion event (or the sweep)
 * says the page changed, so a recompute triggered from Linear does not re-read the whole page.
 */
import type { Client } from '@notionhq/client';
import type { Redis } from 'ioredis';
import type { PageComment, QuarterReadback } from '../domain/index.js';
import { plainText } from './limits.js';
import { WEEK_PROPS } from './schema.js';

const TTL_SECONDS = 86_400;

const readbackKey = (prefix: string, engineerId: string, quarterId: string) =>
  `${prefix}:notion:readback:${engineerId}:${quarterId}`;

export async function invalidateReadback(
  redis: Redis,
  prefix: string,
  engineerId: string,
  quarterId: string,
): Promise<void> {
  await redis.del(readbackKey(prefix, engineerId, quarterId));
}

export async function cachedReadback(
  redis: Redis,
  prefix: string,
  engineerId: string,
  quarterId: string,
): Promise<QuarterReadback | undefined> {
  const raw = await redis.get(readbackKey(prefix, engineerId, quarterId));
  if (!raw) return undefined;
  const parsed = JSON.parse(raw) as QuarterReadback;
  return {
    ...parsed,
    comments: parsed.comments.map((c) => ({ ...c, createdAt: new Date(c.createdAt) })),
    commitmentEdits: parsed.commitmentEdits.map((e) => ({ ...e, lastEditedAt: new Date(e.lastEditedAt) })),
  };
}

export async function storeReadback(
  redis: Redis,
  prefix: string,
  engineerId: string,
  quarterId: string,
  readback: QuarterReadback,
): Promise<void> {
  await redis.set(readbackKey(prefix, engineerId, quarterId), JSON.stringify(readback), 'EX', TTL_SECONDS);
}

export async function readComments(client: Client, pageId: string): Promise<PageComment[]> {
  const comments: PageComment[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.comments.list({
      block_id: pageId,
      page_size: 100,
      ...(cursor ? { start_cursor: cursor } : {}),
    });
    for (const c of page.results) {
      comments.push({
        id: c.id,
        authorId: c.created_by.id,
        createdAt: new Date(c.created_time),
        text: plainText(c.rich_text),
      });
    }
    cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return comments;
}

/** Weeks whose Excused box a person ticked. */
export function excusedWeeksOf(rows: readonly { properties: Record<string, unknown> }[]): string[] {
  return rows
    .filter(
      (row) => (row.properties[WEEK_PROPS.excused] as { checkbox?: boolean } | undefined)?.checkbox === true,
    )
    .map((row) =>
      plainText((row.properties[WEEK_PROPS.week] as { rich_text?: { plain_text?: string }[] }).rich_text),
    )
    .filter(Boolean);
}
