/**
 * Everything a recompute needs to know about one quarter page, read once: the page and its
 * computed properties, commitline's section blocks with their keys, the commitment blocks and
 * who last edited them, the comments (on the page and on the blocks that matter), the weekly
 * rows, and the notices already posted. The plan is made against it; after a write it is kept
 * in Redis (the one cache, behind `take`), so a recompute triggered from Linear reads nothing.
 */
import { type Client, collectPaginatedAPI, isFullComment } from '@notionhq/client';
import type { Redis } from 'ioredis';
import type {
  Engineer,
  PageComment,
  Quarter,
  QuarterPageRead,
  QuarterReadback,
  QuarterRecord,
  WeekId,
} from '../domain/index.js';
import { hashOf } from './blocks.js';
import { integrationIdentity } from './bot.js';
import { plainText } from './limits.js';
import { metered, RequestMeter } from './meter.js';
import { noticeKeyOf } from './notice-link.js';
import { readPageBody, type SectionState } from './page-body.js';
import { findQuarterPage, findWeekRows, type NotionPage } from './page-index.js';
import { computedKeyOf, type SectionName } from './render-page.js';
import { rowKeyOf } from './render-week.js';
import { type NotionTargets, QUARTER_PROPS, WEEK_PROPS } from './schema.js';

export interface RowState {
  id: string;
  key: string;
  excused: boolean;
}

export interface QuarterSnapshot extends QuarterPageRead {
  readonly kind: 'notion-quarter-snapshot';
  readonly engineerId: string;
  readonly quarterId: string;
  /** Absent: the page does not exist yet. */
  readonly page?: { id: string; propsKey: string } | undefined;
  readonly sections: Partial<Record<SectionName, SectionState>>;
  /** Where a section the page lacks goes (after the divider under the commitments). */
  readonly sectionsAfter?: string;
  /** Every row of the page's quarter, by week. */
  readonly rows: Readonly<Record<WeekId, RowState>>;
  /** Notice keys commitline recorded: posted, or begun and not known to have been posted. */
  readonly notices: { readonly posted: readonly string[]; readonly pending: readonly string[] };
  /** Notion requests this snapshot cost to take (0 from the cache). */
  readonly requests: number;
  /** The commitments' blocks, in order: their inline comments count. */
  readonly commitmentBlocks?: readonly string[];
  /** Kept with a written page: a person's comment is still due there (see the sweep). */
  readonly awaitingComments?: boolean;
}

export function isQuarterSnapshot(read: QuarterPageRead | undefined): read is QuarterSnapshot {
  return (read as { kind?: unknown } | undefined)?.kind === 'notion-quarter-snapshot';
}

const TTL_SECONDS = 86_400;

export function snapshotStore(redis: Redis, prefix: string) {
  const key = (engineerId: string, quarterId: string) =>
    `${prefix}:notion:snapshot:${engineerId}:${quarterId}`;
  const noticesKey = (pageId: string) => `${prefix}:notion:notices:${pageId}`;
  const pendingKey = (pageId: string) => `${prefix}:notion:notices-pending:${pageId}`;
  return {
    async load(engineerId: string, quarterId: string): Promise<QuarterSnapshot | undefined> {
      const raw = await redis.get(key(engineerId, quarterId));
      if (!raw) return undefined;
      const parsed = JSON.parse(raw) as QuarterSnapshot;
      const readback = parsed.readback;
      return {
        ...parsed,
        requests: 0,
        readback: {
          ...readback,
          comments: readback.comments.map((c) => ({ ...c, createdAt: new Date(c.createdAt) })),
          commitmentEdits: readback.commitmentEdits.map((e) => ({
            ...e,
            lastEditedAt: new Date(e.lastEditedAt),
          })),
        },
      };
    },
    async save(snapshot: QuarterSnapshot): Promise<void> {
      await redis.set(
        key(snapshot.engineerId, snapshot.quarterId),
        JSON.stringify(snapshot),
        'EX',
        TTL_SECONDS,
      );
    },
    /** Every kept snapshot `wanted` by its owner (one SCAN over their keys). */
    async *kept(
      wanted: (owner: { engineerId: string; quarterId: string }) => boolean = () => true,
    ): AsyncGenerator<QuarterSnapshot> {
      const head = key('', '').slice(0, -1);
      const match = `${head.replace(/[*?[\]\\]/g, '\\$&')}*`;
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 500);
        cursor = next;
        for (const found of keys) {
          const owner = found.slice(head.length);
          const split = owner.lastIndexOf(':');
          if (split <= 0) continue;
          const engineerId = owner.slice(0, split);
          const quarterId = owner.slice(split + 1);
          // Decided from the key: a snapshot not wanted is never read.
          if (!wanted({ engineerId, quarterId })) continue;
          const snapshot = await this.load(engineerId, quarterId);
          if (snapshot) yield snapshot;
        }
      } while (cursor !== '0');
    },
    /** Forgets the kept snapshot: the next recompute reads what Notion shows. */
    async clear(engineerId: string, quarterId: string): Promise<void> {
      await redis.del(key(engineerId, quarterId));
    },
    async notices(pageId: string): Promise<{ posted: string[]; pending: string[] }> {
      const [posted, pending] = await Promise.all([
        redis.smembers(noticesKey(pageId)),
        redis.smembers(pendingKey(pageId)),
      ]);
      return { posted, pending };
    },
    /** A notice is recorded as pending before its post is sent… */
    async notePending(pageId: string, noticeKey: string): Promise<void> {
      await redis.sadd(pendingKey(pageId), noticeKey);
    },
    /** …and as posted once Notion has it. */
    async notePosted(pageId: string, noticeKey: string): Promise<void> {
      await redis.multi().sadd(noticesKey(pageId), noticeKey).srem(pendingKey(pageId), noticeKey).exec();
    },
  };
}

export type SnapshotStore = ReturnType<typeof snapshotStore>;

function weekOfRow(row: NotionPage): string {
  const week = row.properties[WEEK_PROPS.week];
  return week?.type === 'rich_text' ? plainText(week.rich_text) : '';
}

/** A quarter page's record, from the properties commitline wrote on it. */
export function quarterRecordOf(quarterId: string, page: NotionPage): QuarterRecord {
  const count = (name: string) => {
    const value = page.properties[name];
    return value?.type === 'number' ? (value.number ?? 0) : 0;
  };
  return {
    quarterId,
    weeksShipped: count(QUARTER_PROPS.weeksShipped),
    weeksMissed: count(QUARTER_PROPS.weeksMissed),
    hit: count(QUARTER_PROPS.hit),
    partial: count(QUARTER_PROPS.partial),
    missed: count(QUARTER_PROPS.missed),
  };
}

export function rowsState(rows: readonly NotionPage[]): Record<WeekId, RowState> {
  return Object.fromEntries(
    rows.map((row) => {
      const excused = row.properties[WEEK_PROPS.excused];
      return [
        weekOfRow(row),
        {
          id: row.id,
          key: hashOf(rowKeyOf(row.properties)),
          excused: excused?.type === 'checkbox' && excused.checkbox,
        },
      ];
    }),
  );
}

/**
 * Where the comments that count are: the page, and, as inline comments live on blocks, the
 * commitments and the grading table.
 */
export function commentedBlocks(
  snapshot: Pick<QuarterSnapshot, 'commitmentBlocks' | 'sections'> & { page?: { id: string } | undefined },
): string[] {
  if (!snapshot.page) return [];
  const table = snapshot.sections.grading?.blocks.find((b) => b.type === 'table');
  return [snapshot.page.id, ...(snapshot.commitmentBlocks ?? []), ...(table ? [table.id] : [])];
}

/** Comments on a page or a block, as the core reads them, and the notice keys of commitline's own. */
export async function readComments(
  client: Client,
  blockId: string,
  botId: string,
): Promise<{ comments: PageComment[]; noticeKeys: string[] }> {
  const results = await collectPaginatedAPI(client.comments.list, { block_id: blockId, page_size: 100 });
  const comments: PageComment[] = [];
  const noticeKeys: string[] = [];
  for (const c of results) {
    if (!isFullComment(c)) continue;
    const onBlock = c.parent.type === 'block_id' ? c.parent.block_id : undefined;
    comments.push({
      id: c.id,
      authorId: c.created_by.id,
      createdAt: new Date(c.created_time),
      text: plainText(c.rich_text),
      discussionId: c.discussion_id,
      ...(onBlock ? { blockId: onBlock } : {}),
    });
    if (c.created_by.id !== botId) continue;
    for (const item of c.rich_text) {
      const key = noticeKeyOf(item.href);
      if (key) noticeKeys.push(key);
    }
  }
  return { comments, noticeKeys };
}

export function createSnapshotReader(options: {
  client: Client;
  targets: NotionTargets;
  redis: Redis;
  prefix: string;
}) {
  const { client, targets } = options;
  const store = snapshotStore(options.redis, options.prefix);
  const integration = integrationIdentity(client, options.redis, options.prefix);

  /**
   * What Notion shows now, read whole; with `previousQuarterId`, also what the engineer's page of
   * that quarter says (one data-source query more, only on a whole read: kept snapshots carry it).
   */
  async function read(
    engineer: Engineer,
    quarter: Quarter,
    previousQuarterId?: string,
  ): Promise<QuarterSnapshot> {
    const page = await findQuarterPage(client, targets, engineer.id, quarter.id);
    const rows = rowsState(await findWeekRows(client, targets, engineer.id, quarter.id));
    const before = previousQuarterId
      ? await findQuarterPage(client, targets, engineer.id, previousQuarterId)
      : undefined;
    const previous =
      before && previousQuarterId ? { previousQuarter: quarterRecordOf(previousQuarterId, before) } : {};
    const excusedWeeks = Object.entries(rows)
      .filter(([week, row]) => week && row.excused)
      .map(([week]) => week);
    const base = {
      kind: 'notion-quarter-snapshot' as const,
      engineerId: engineer.id,
      quarterId: quarter.id,
      rows,
      requests: 0,
    };
    if (!page) {
      const readback: QuarterReadback = {
        exists: false,
        commitments: [],
        commitmentEdits: [],
        comments: [],
        excusedWeeks,
        ...previous,
      };
      return { ...base, sections: {}, notices: { posted: [], pending: [] }, readback };
    }
    const botId = await integration();
    const body = await readPageBody(client, page.id, botId);
    const commented = commentedBlocks({
      page: { id: page.id },
      commitmentBlocks: body.commitmentBlockIds,
      sections: body.sections,
    });
    const comments: PageComment[] = [];
    const keys = new Set<string>();
    for (const blockId of commented) {
      const read = await readComments(client, blockId, botId);
      comments.push(...read.comments);
      for (const key of read.noticeKeys) keys.add(key);
    }
    comments.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const recorded = await store.notices(page.id);
    for (const key of recorded.posted) keys.add(key);
    return {
      ...base,
      commitmentBlocks: body.commitmentBlockIds,
      page: { id: page.id, propsKey: hashOf(computedKeyOf(page.properties)) },
      sections: body.sections,
      ...(body.sectionsAfter ? { sectionsAfter: body.sectionsAfter } : {}),
      notices: { posted: [...keys], pending: recorded.pending.filter((k) => !keys.has(k)) },
      readback: {
        exists: true,
        commitments: body.commitments,
        commitmentEdits: body.commitmentEdits,
        comments,
        excusedWeeks,
        ...(body.signing ? { signing: body.signing } : {}),
        ...previous,
      },
    };
  }

  return {
    store,
    /**
     * The page as commitline last left it (kept after its last write), or as Notion shows it now
     * when nothing is kept or `fresh` asks (a person edited the page).
     */
    async take(
      engineer: Engineer,
      quarter: Quarter,
      opts: { fresh?: boolean; previousQuarterId?: string } = {},
    ): Promise<QuarterSnapshot> {
      const kept = opts.fresh ? undefined : await store.load(engineer.id, quarter.id);
      if (kept) return kept;
      const meter = new RequestMeter();
      const snapshot = await metered(meter, () => read(engineer, quarter, opts.previousQuarterId));
      return { ...snapshot, requests: meter.requests };
    },
    read,
  };
}
