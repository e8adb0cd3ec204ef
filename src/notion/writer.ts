/**
 * The QuarterPageWriter of the domain's port, on Notion: finds or creates the quarter page,
 * compares what the domain wants with what was last written, and sends only the difference.
 * Never writes what people own: the commitments, the Excused boxes, comments.
 */
import type { Client } from '@notionhq/client';
import type { Redis } from 'ioredis';
import type {
  Engineer,
  Notice,
  Quarter,
  QuarterPage,
  QuarterPageWriter,
  QuarterReadback,
  WriteReport,
} from '../domain/index.js';
import type { Logger } from '../observability/logger.js';
import { withLock } from '../queue/index.js';
import { type BlockRequest, blockKey, hashOf } from './blocks.js';
import { integrationIdentity } from './bot.js';
import { toNotionApiError } from './errors.js';
import { chunk, MAX_BLOCKS_PER_APPEND, plainText, richText } from './limits.js';
import { metered, RequestMeter } from './meter.js';
import { readPageBody } from './page-body.js';
import { findQuarterPage, findWeekRows, type NotionPage } from './page-index.js';
import { type PageState, pageStateStore, type SectionState } from './page-state.js';
import {
  cachedReadback,
  excusedWeeksOf,
  invalidateReadback,
  readComments,
  storeReadback,
} from './readback.js';
import {
  computedKey,
  computedKeyOf,
  computedProperties,
  identityProperties,
  initialBody,
  SECTIONS,
  sectionBlocks,
} from './render-page.js';
import { rowComputedProperties, rowCreateProperties, rowKey, rowKeyOf } from './render-week.js';
import { type NotionTargets, WEEK_PROPS } from './schema.js';

export interface NotionQuarterWriter extends QuarterPageWriter {
  /** The requests of the last `write`, for logs and tests. */
  readonly lastReport: WriteReport;
}

export function createNotionQuarterWriter(options: {
  client: Client;
  targets: NotionTargets;
  redis: Redis;
  prefix: string;
  timezone: string;
  logger?: Logger;
}): NotionQuarterWriter {
  const { client, targets, redis, prefix, timezone } = options;
  const states = pageStateStore(redis, prefix);
  const noticesKey = (pageId: string) => `${prefix}:notion:notices:${pageId}`;
  /** Notices whose post was sent but not yet recorded as done. */
  const pendingKey = (pageId: string) => `${prefix}:notion:notices-pending:${pageId}`;
  let lastReport: WriteReport = { requests: 0, writes: 0 };

  /** commitline's blocks are the ones its integration created. */
  const integration = integrationIdentity(client, redis, prefix);
  const readBody = async (pageId: string) => readPageBody(client, pageId, await integration());

  /** Rows as Notion shows them → the state the writer compares against. */
  const rowsState = (rows: NotionPage[]) =>
    Object.fromEntries(
      rows.map((row) => {
        const week = plainText(
          (row.properties[WEEK_PROPS.week] as { rich_text?: { plain_text?: string }[] }).rich_text,
        );
        return [week, { id: row.id, key: hashOf(rowKeyOf(row.properties)) }];
      }),
    );

  async function read(
    engineer: Engineer,
    quarter: Quarter,
    options: { fresh?: boolean } = {},
  ): Promise<QuarterReadback> {
    // A refresh after a person's edit reads Notion itself: a cached readback may predate the edit.
    const cached = options.fresh ? undefined : await cachedReadback(redis, prefix, engineer.id, quarter.id);
    if (cached) return cached;
    const state = await states.load(engineer.id, quarter.id);
    const page = state.pageId ? undefined : await findQuarterPage(client, targets, engineer.id, quarter.id);
    const pageId = state.pageId ?? page?.id;
    if (!pageId)
      return { exists: false, commitments: [], commitmentEdits: [], comments: [], excusedWeeks: [] };
    const body = await readBody(pageId);
    const comments = await readComments(client, pageId);
    const rows = await findWeekRows(client, targets, engineer.id, quarter.id);
    const readback: QuarterReadback = {
      exists: true,
      commitments: body.commitments,
      commitmentEdits: body.commitmentEdits,
      comments,
      excusedWeeks: excusedWeeksOf(rows),
    };
    // What was read is also what the writer compares against: no second read to write.
    await states.save(engineer.id, quarter.id, {
      ...state,
      pageId,
      ...(page ? { propsKey: hashOf(computedKeyOf(page.properties)) } : {}),
      sections: body.sections,
      rows: rowsState(rows),
    });
    await storeReadback(redis, prefix, engineer.id, quarter.id, readback);
    return readback;
  }

  async function ensurePage(page: QuarterPage, state: PageState): Promise<PageState> {
    if (state.pageId) return state;
    const { engineer, quarter } = page;
    const lock = `${prefix}:notion:lock:create:${engineer.id}:${quarter.id}`;
    // The holder may wait out a Notion pause (up to 5 min) while it holds the lock.
    return withLock(
      redis,
      lock,
      async () => {
        const found = await findQuarterPage(client, targets, engineer.id, quarter.id);
        if (found) return { ...state, pageId: found.id, propsKey: hashOf(computedKeyOf(found.properties)) };
        const body = initialBody(page, timezone);
        const [first = [], ...rest] = chunk(body, MAX_BLOCKS_PER_APPEND);
        const created = await client.pages.create({
          parent: { type: 'data_source_id', data_source_id: targets.quarterDataSourceId },
          properties: { ...identityProperties(page), ...computedProperties(page) } as never,
          children: first as never,
        });
        for (const more of rest) {
          await client.blocks.children.append({ block_id: created.id, children: more as never });
        }
        const read = await readBody(created.id);
        // A page just created holds nothing of people's yet: that is its readback.
        await storeReadback(redis, prefix, engineer.id, quarter.id, {
          exists: true,
          commitments: [],
          commitmentEdits: [],
          comments: [],
          excusedWeeks: [],
        });
        return { pageId: created.id, propsKey: hashOf(computedKey(page)), sections: read.sections, rows: {} };
      },
      { waitMs: 6 * 60_000 },
    );
  }

  async function writeSection(
    pageId: string,
    current: SectionState,
    desired: BlockRequest[],
    changing: () => Promise<void>,
  ): Promise<SectionState> {
    const keys = desired.map((b) => hashOf(blockKey(b as never)));
    const have = current.blocks.map((b) => b.key);
    if (keys.length === have.length && keys.every((k, i) => k === have[i])) return current;

    const sameShape =
      keys.length === have.length &&
      desired.every((b, i) => b.type !== 'table' && current.blocks[i] !== undefined) &&
      current.blocks.length > 0;
    if (sameShape) {
      const blocks = [...current.blocks];
      for (const [i, block] of desired.entries()) {
        const existing = blocks[i];
        if (!existing || existing.key === keys[i]) continue;
        const { type } = block;
        await changing();
        await client.blocks.update({
          block_id: existing.id,
          [type]: (block as Record<string, unknown>)[type],
        } as never);
        blocks[i] = { id: existing.id, key: keys[i] as string };
      }
      return { ...current, blocks };
    }

    const isPrefix = have.every((k, i) => k === keys[i]);
    const kept = isPrefix ? current.blocks : [];
    await changing();
    if (!isPrefix) {
      for (const block of current.blocks) await client.blocks.delete({ block_id: block.id });
    }
    const blocks = [...kept];
    for (const part of chunk(desired.slice(kept.length), MAX_BLOCKS_PER_APPEND)) {
      const after = blocks.at(-1)?.id ?? current.headingId;
      const appended = await client.blocks.children.append({
        block_id: pageId,
        children: part as never,
        position: { type: 'after_block', after_block: { id: after } },
      });
      appended.results.forEach((result, i) => {
        blocks.push({ id: result.id, key: keys[blocks.length] ?? hashOf(blockKey(part[i] as never)) });
      });
    }
    return { ...current, blocks };
  }

  async function postNotices(
    pageId: string,
    notices: readonly Notice[],
    readback: QuarterReadback | undefined,
  ) {
    if (notices.length === 0) return;
    const [posted, pending] = await Promise.all([
      redis.smembers(noticesKey(pageId)).then((keys) => new Set(keys)),
      redis.smembers(pendingKey(pageId)).then((keys) => new Set(keys)),
    ]);
    let comments = readback?.comments;
    let reread = false;
    for (const notice of notices) {
      if (posted.has(notice.key)) continue;
      // A post that began but was never recorded (its answer lost with a process): what Notion
      // shows decides, read once. Redis may also have forgotten: a comment with this text counts.
      if (pending.has(notice.key) && !reread) {
        comments = await readComments(client, pageId);
        reread = true;
      }
      const already = comments?.some((c) => c.text.includes(notice.text)) ?? false;
      if (!already) {
        await redis.sadd(pendingKey(pageId), notice.key);
        await client.comments.create({
          parent: { page_id: pageId },
          rich_text: [
            ...notice.mentions.flatMap((id) => [
              { type: 'mention' as const, mention: { type: 'user' as const, user: { id } } },
              { type: 'text' as const, text: { content: ' ' } },
            ]),
            ...richText(notice.text),
          ] as never,
        });
      }
      await redis.multi().sadd(noticesKey(pageId), notice.key).srem(pendingKey(pageId), notice.key).exec();
    }
  }

  async function write(page: QuarterPage): Promise<WriteReport> {
    const meter = new RequestMeter();
    await metered(meter, () => writeDiff(page));
    lastReport = { requests: meter.requests, writes: meter.writes };
    return lastReport;
  }

  async function writeDiff(page: QuarterPage): Promise<void> {
    const { engineer, quarter } = page;
    // Before the first change is sent, the kept state is dropped: should this process die
    // midway, the next write reads what Notion shows instead of trusting a state that lacks
    // the rows and blocks just created.
    let unsaved = false;
    const changing = async () => {
      if (unsaved) return;
      unsaved = true;
      await states.clear(engineer.id, quarter.id);
    };
    try {
      let state = await ensurePage(page, await states.load(engineer.id, quarter.id));
      const pageId = state.pageId as string;

      const propsKey = hashOf(computedKey(page));
      if (state.propsKey !== propsKey) {
        await changing();
        await client.pages.update({ page_id: pageId, properties: computedProperties(page) as never });
        state = { ...state, propsKey };
      }

      if (!state.rows) {
        const rows = await findWeekRows(client, targets, engineer.id, quarter.id);
        state = { ...state, rows: rowsState(rows) };
      }
      const rows = { ...state.rows };
      for (const row of page.weeks) {
        const key = hashOf(rowKey(row));
        const existing = rows[row.week];
        if (existing?.key === key) continue;
        await changing();
        if (existing) {
          await client.pages.update({
            page_id: existing.id,
            properties: rowComputedProperties(row) as never,
          });
          rows[row.week] = { id: existing.id, key };
        } else {
          const created = await client.pages.create({
            parent: { type: 'data_source_id', data_source_id: targets.weekDataSourceId },
            properties: rowCreateProperties(row, engineer, quarter, pageId) as never,
          });
          rows[row.week] = { id: created.id, key };
        }
      }
      state = { ...state, rows };

      if (!state.sections || SECTIONS.some((s) => !state.sections?.[s])) {
        const body = await readBody(pageId);
        state = { ...state, sections: body.sections };
      }
      const sections = { ...state.sections };
      for (const name of SECTIONS) {
        const current = sections[name];
        // A section whose heading a person deleted is theirs now: commitline does not re-add it.
        if (!current) continue;
        sections[name] = await writeSection(pageId, current, sectionBlocks(page, name, timezone), changing);
      }
      state = { ...state, sections };
      await states.save(engineer.id, quarter.id, state);

      await postNotices(pageId, page.notices, await cachedReadback(redis, prefix, engineer.id, quarter.id));
    } catch (error) {
      // Part of the diff may have been sent, a comment among it: forget the cached state and
      // readback, so the next attempt reads what Notion shows instead of creating a row, a block
      // or a comment a second time.
      await Promise.allSettled([
        states.clear(engineer.id, quarter.id),
        invalidateReadback(redis, prefix, engineer.id, quarter.id),
      ]);
      throw toNotionApiError(error);
    }
  }

  return {
    read: (engineer, quarter, options) =>
      read(engineer, quarter, options).catch((error: unknown) => Promise.reject(toNotionApiError(error))),
    write,
    get lastReport() {
      return lastReport;
    },
  };
}
