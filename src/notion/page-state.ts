/**
 * What commitline last wrote to one quarter page and its rows, kept in Redis so a recompute can
 * compare and send only the difference. It is a cache: when it is missing, the writer reads what
 * Notion shows and rebuilds it, rather than rewriting blindly.
 */
import type { Redis } from 'ioredis';
import type { SectionName } from './render-page.js';

export interface SectionState {
  headingId: string;
  blocks: { id: string; key: string }[];
}

export interface RowState {
  id: string;
  key: string;
}

export interface PageState {
  pageId?: string;
  propsKey?: string;
  sections?: Partial<Record<SectionName, SectionState>>;
  /** Every row of the page's quarter, by week; undefined when not known yet. */
  rows?: Record<string, RowState>;
}

export function pageStateStore(redis: Redis, prefix: string) {
  const key = (engineerId: string, quarterId: string) => `${prefix}:notion:state:${engineerId}:${quarterId}`;
  return {
    async load(engineerId: string, quarterId: string): Promise<PageState> {
      const raw = await redis.get(key(engineerId, quarterId));
      return raw ? (JSON.parse(raw) as PageState) : {};
    },
    async save(engineerId: string, quarterId: string, state: PageState): Promise<void> {
      // Kept well past the quarter's end; rebuilt from Notion if it ever expires.
      await redis.set(key(engineerId, quarterId), JSON.stringify(state), 'EX', 200 * 86_400);
    },
    async clear(engineerId: string, quarterId: string): Promise<void> {
      await redis.del(key(engineerId, quarterId));
    },
  };
}
