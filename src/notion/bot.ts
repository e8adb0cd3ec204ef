import type { Client } from '@notionhq/client';
import type { Redis } from 'ioredis';

/** Kept a day: a new integration (a new token) is recognised by the next day. */
const TTL_SECONDS = 86_400;

/**
 * Who commitline is in Notion: its integration's bot user, the author of what commitline wrote.
 * Asked of Notion once, then kept in this process and in Redis for the others.
 */
export function integrationIdentity(client: Client, redis: Redis, prefix: string): () => Promise<string> {
  const key = `${prefix}:notion:bot-id`;
  let botId: string | undefined;
  return async () => {
    botId ??= (await redis.get(key)) ?? undefined;
    if (!botId) {
      botId = (await client.users.me({})).id;
      await redis.set(key, botId, 'EX', TTL_SECONDS);
    }
    return botId;
  };
}
