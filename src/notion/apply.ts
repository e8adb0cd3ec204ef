/**
 * Carrying out a plan on Notion, in order, under the shared rate limit (the client's), with the
 * SDK's own parameter types. Notion's caps are held here, where requests are built: at most 100
 * blocks per append and 100 rows in a table created at once (the rest appended to it).
 *
 * A failure whose answer was lost may hide a success (a 5xx, a dropped connection): such a write
 * is checked against what Notion shows before anything is sent again. A block already deleted is
 * done; a row or a comment found is adopted; a page found means the plan was made on a stale
 * snapshot, and the writer plans again.
 *
 * Under a page lock that is lost (another holder may be writing now), nothing more is sent: the
 * signal is checked before every request that changes something, and the apply stops with the
 * lock's LockLostError. A request already past its check when the loss is seen (sent, or waiting
 * for the shared rate limit) still goes: at most one, as for a request in flight.
 */
import type { BlockObjectRequest, Client, UpdateBlockParameters } from '@notionhq/client';
import type { Redis } from 'ioredis';
import type { Notice } from '../domain/index.js';
import { withLock } from '../queue/lock.js';
import type { BlockRequest, TableRowRequest } from './blocks.js';
import { NotionApiError } from './errors.js';
import { chunk, MAX_ARRAY, MAX_BLOCKS_PER_APPEND, type RichTextRequest, richText } from './limits.js';
import { noticeLink } from './notice-link.js';
import { type BlockState, readPageBody } from './page-body.js';
import { findQuarterPage, findWeekRows } from './page-index.js';
import type { Operation } from './plan.js';
import { rowRelation } from './render-week.js';
import type { NotionTargets } from './schema.js';
import { type QuarterSnapshot, readComments, rowsState, type SnapshotStore } from './snapshot.js';

export interface ApplyContext {
  client: Client;
  targets: NotionTargets;
  redis: Redis;
  prefix: string;
  store: SnapshotStore;
  /** commitline's integration's user id: its blocks and comments are the ones it created. */
  botId: () => Promise<string>;
}

/** The plan was made on a snapshot Notion no longer matches (a page another process created). */
export class StaleSnapshotError extends Error {
  override readonly name = 'StaleSnapshotError';
}

/** A failure after which the write may or may not have been carried out. */
const ambiguous = (error: unknown) =>
  error instanceof NotionApiError && (error.code === 'server' || error.code === 'network');

/** A block within Notion's caps, and the table rows that must follow it in later requests. */
export function withinLimits(block: BlockRequest): { block: BlockObjectRequest; rest: TableRowRequest[] } {
  if (block.type !== 'table' || block.table.children.length <= MAX_ARRAY) return { block, rest: [] };
  return {
    block: { ...block, table: { ...block.table, children: block.table.children.slice(0, MAX_ARRAY) } },
    rest: block.table.children.slice(MAX_ARRAY),
  };
}

/** Appends blocks to `parentId` (after `after`, or at the end), 100 at a time; their ids in order. */
export async function appendBlocks(
  client: Client,
  parentId: string,
  blocks: readonly BlockRequest[],
  after?: string,
  lockLost?: AbortSignal,
): Promise<string[]> {
  const ids: string[] = [];
  let previous = after;
  for (const part of chunk(blocks, MAX_BLOCKS_PER_APPEND)) {
    const limited = part.map(withinLimits);
    lockLost?.throwIfAborted();
    const appended = await client.blocks.children.append({
      block_id: parentId,
      children: limited.map((l) => l.block),
      ...(previous ? { position: { type: 'after_block', after_block: { id: previous } } } : {}),
    });
    const created = appended.results.slice(-part.length).map((r) => r.id);
    for (const [i, id] of created.entries()) {
      const rest = limited[i]?.rest ?? [];
      for (const rows of chunk(rest, MAX_BLOCKS_PER_APPEND)) {
        lockLost?.throwIfAborted();
        await client.blocks.children.append({ block_id: id, children: rows });
      }
    }
    ids.push(...created);
    previous = created.at(-1) ?? previous;
  }
  return ids;
}

function updateBody(blockId: string, block: BlockRequest): UpdateBlockParameters {
  switch (block.type) {
    case 'paragraph':
      return { block_id: blockId, paragraph: block.paragraph };
    case 'heading_2':
      return { block_id: blockId, heading_2: block.heading_2 };
    case 'bulleted_list_item':
      return { block_id: blockId, bulleted_list_item: block.bulleted_list_item };
    case 'numbered_list_item':
      return { block_id: blockId, numbered_list_item: block.numbered_list_item };
    case 'callout':
      return { block_id: blockId, callout: block.callout };
    case 'divider':
      return { block_id: blockId, divider: block.divider };
    case 'table':
      // The plan never rewrites a table in place: its rows are child blocks.
      return { block_id: blockId, table: { has_column_header: block.table.has_column_header } };
  }
}

/** The comment's text, its last character linking back with the notice's key (see notice-link). */
export function noticeText(notice: Notice, pageId: string): RichTextRequest[] {
  const mentions = notice.mentions.flatMap((id): RichTextRequest[] => [
    { type: 'mention', mention: { type: 'user', user: { id } } },
    { type: 'text', text: { content: ' ' } },
  ]);
  const body = notice.text;
  const tail = body.slice(-1) || '·';
  return [
    ...mentions,
    ...(body.length > 1 ? richText(body.slice(0, -1)) : []),
    ...richText(tail, noticeLink(pageId, notice.key)),
  ];
}

export interface Applied {
  snapshot: QuarterSnapshot;
  /** Operations carried out (a re-check that found one done counts as carried out). */
  done: number;
}

export async function applyPlan(
  context: ApplyContext,
  snapshot: QuarterSnapshot,
  operations: readonly Operation[],
  lockLost?: AbortSignal,
): Promise<Applied> {
  if (operations.length === 0) return { snapshot, done: 0 };
  const { client, targets, store } = context;
  // Before the first change, the kept snapshot goes: a process dying midway leaves nothing that
  // would make the next recompute create a row, a block or a comment a second time.
  await store.clear(snapshot.engineerId, snapshot.quarterId);

  let pageId = snapshot.page?.id;
  let propsKey = snapshot.page?.propsKey ?? '';
  let sections = structuredClone(snapshot.sections);
  const rows = { ...snapshot.rows };
  const posted = new Set(snapshot.notices.posted);
  const pending = new Set(snapshot.notices.pending);
  const requirePage = () => {
    if (!pageId) throw new StaleSnapshotError('the plan writes to a quarter page that does not exist');
    return pageId;
  };
  let done = 0;

  for (const op of operations) {
    lockLost?.throwIfAborted();
    switch (op.kind) {
      case 'create-page': {
        const lock = `${context.prefix}:notion:lock:create:${snapshot.engineerId}:${snapshot.quarterId}`;
        // The holder may wait out a Notion pause (up to 5 min) while it holds the lock.
        pageId = await withLock(
          context.redis,
          lock,
          async (createLockLost) => {
            const lost = lockLost ? AbortSignal.any([lockLost, createLockLost]) : createLockLost;
            const found = await findQuarterPage(client, targets, snapshot.engineerId, snapshot.quarterId);
            if (found) throw new StaleSnapshotError('another process created the quarter page');
            const [first = [], ...more] = chunk(op.children, MAX_BLOCKS_PER_APPEND);
            lost.throwIfAborted();
            try {
              const created = await client.pages.create({
                parent: { type: 'data_source_id', data_source_id: targets.quarterDataSourceId },
                properties: op.properties,
                children: first.map((b) => withinLimits(b).block),
              });
              for (const part of more) await appendBlocks(client, created.id, part, undefined, lost);
              return created.id;
            } catch (error) {
              if (
                ambiguous(error) &&
                (await findQuarterPage(client, targets, snapshot.engineerId, snapshot.quarterId))
              )
                throw new StaleSnapshotError('the quarter page was created though its answer was lost');
              throw error;
            }
          },
          { waitMs: 6 * 60_000 },
        );
        sections = (await readPageBody(client, pageId, await context.botId())).sections;
        propsKey = op.key;
        break;
      }
      case 'update-properties':
        await client.pages.update({ page_id: requirePage(), properties: op.properties });
        propsKey = op.key;
        break;
      case 'update-row':
        await client.pages.update({ page_id: op.rowId, properties: op.properties });
        rows[op.week] = { ...(rows[op.week] ?? { excused: false }), id: op.rowId, key: op.key };
        break;
      case 'create-row': {
        const parent = requirePage();
        try {
          const created = await client.pages.create({
            parent: { type: 'data_source_id', data_source_id: targets.weekDataSourceId },
            properties: { ...op.properties, ...rowRelation(parent) },
          });
          rows[op.week] = { id: created.id, key: op.key, excused: false };
        } catch (error) {
          if (!ambiguous(error)) throw error;
          const found = rowsState(
            await findWeekRows(client, targets, snapshot.engineerId, snapshot.quarterId),
          )[op.week];
          if (!found) throw error;
          rows[op.week] = found;
        }
        break;
      }
      case 'delete-block': {
        await deleteBlock(client, op.blockId);
        const section = sections[op.section];
        if (section) section.blocks = section.blocks.filter((b) => b.id !== op.blockId);
        break;
      }
      case 'update-block': {
        await client.blocks.update(updateBody(op.blockId, op.block));
        const block = sections[op.section]?.blocks.find((b) => b.id === op.blockId);
        if (block) block.key = op.key;
        break;
      }
      case 'append-blocks': {
        const ids = await appendBlocks(
          client,
          requirePage(),
          op.blocks.map((b) => b.block),
          op.after,
          lockLost,
        );
        const section = sections[op.section];
        if (section) {
          const at = section.blocks.findIndex((b) => b.id === op.after) + 1;
          const added: BlockState[] = op.blocks.map((b, i) => ({
            id: ids[i] ?? '',
            type: b.block.type,
            key: b.key,
          }));
          section.blocks.splice(at, 0, ...added);
        }
        break;
      }
      case 'append-section': {
        const ids = await appendBlocks(
          client,
          requirePage(),
          op.blocks.map((b) => b.block),
          op.after,
          lockLost,
        );
        const [headingId = '', ...rest] = ids;
        sections[op.section] = {
          headingId,
          blocks: op.blocks.slice(1).map((b, i) => ({ id: rest[i] ?? '', type: b.block.type, key: b.key })),
        };
        break;
      }
      case 'post-notice': {
        const parent = requirePage();
        if (posted.has(op.notice.key)) break;
        // A post begun and never recorded (its answer lost with a process): Notion's comments decide.
        if (op.recheck && (await noticePosted(context, parent, op.notice))) {
          await store.notePosted(parent, op.notice.key);
          posted.add(op.notice.key);
          break;
        }
        await store.notePending(parent, op.notice.key);
        pending.add(op.notice.key);
        // The re-check above read Notion: the lock may have gone meanwhile.
        lockLost?.throwIfAborted();
        try {
          const rich_text = noticeText(op.notice, parent);
          await client.comments.create(
            op.notice.replyTo
              ? { discussion_id: op.notice.replyTo.discussionId, rich_text }
              : { parent: { page_id: parent }, rich_text },
          );
        } catch (error) {
          if (!ambiguous(error) || !(await noticePosted(context, parent, op.notice))) throw error;
        }
        await store.notePosted(parent, op.notice.key);
        posted.add(op.notice.key);
        pending.delete(op.notice.key);
        break;
      }
    }
    done += 1;
  }

  const next: QuarterSnapshot = {
    ...snapshot,
    ...(pageId ? { page: { id: pageId, propsKey } } : {}),
    sections,
    rows,
    notices: { posted: [...posted], pending: [...pending].filter((k) => !posted.has(k)) },
    readback: { ...snapshot.readback, exists: pageId !== undefined },
    requests: 0,
  };
  return { snapshot: next, done };
}

/** Deletes a block; one found already deleted (a retried DELETE whose first answer was lost) is done. */
async function deleteBlock(client: Client, blockId: string): Promise<void> {
  try {
    await client.blocks.delete({ block_id: blockId });
  } catch (error) {
    if (!(error instanceof NotionApiError)) throw error;
    if (error.code === 'not-found') return;
    if (!['validation', 'server', 'network', 'conflict'].includes(error.code)) throw error;
    const gone = await client.blocks.retrieve({ block_id: blockId }).then(
      (block) => ('in_trash' in block && block.in_trash) || ('archived' in block && block.archived === true),
      (retrieveError: unknown) =>
        retrieveError instanceof NotionApiError && retrieveError.code === 'not-found',
    );
    if (!gone) throw error;
  }
}

/** Whether the integration's comment for `notice` is on the page (or in the discussion it answers). */
async function noticePosted(context: ApplyContext, pageId: string, notice: Notice): Promise<boolean> {
  const where = notice.replyTo?.blockId ?? pageId;
  const { noticeKeys } = await readComments(context.client, where, await context.botId());
  return noticeKeys.includes(notice.key);
}
