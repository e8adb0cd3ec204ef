/**
 * Deciding what to change on one quarter page: a pure function of what Notion showed (the
 * snapshot) and what the domain wants (the QuarterPage), giving the operations that take one to
 * the other and nothing more. No client, no Redis, no clock: `apply` carries them out.
 */
import type { CreatePageParameters, UpdatePageParameters } from '@notionhq/client';
import type { Notice, QuarterPage, WeekId } from '../domain/index.js';
import { type BlockRequest, hashOf, heading, requestKey } from './blocks.js';
import { diffLists } from './list-diff.js';
import type { SectionState } from './page-body.js';
import {
  computedKey,
  computedProperties,
  identityProperties,
  initialBody,
  SECTIONS,
  type SectionName,
  sectionBlocks,
  sectionHeading,
} from './render-page.js';
import { rowComputedProperties, rowIdentityProperties, rowKey } from './render-week.js';
import type { QuarterSnapshot } from './snapshot.js';

export type Operation =
  | {
      kind: 'create-page';
      key: string;
      properties: NonNullable<CreatePageParameters['properties']>;
      children: BlockRequest[];
    }
  | { kind: 'update-properties'; key: string; properties: NonNullable<UpdatePageParameters['properties']> }
  /** The relation to the quarter page is added by `apply`: the page may be created by the same plan. */
  | {
      kind: 'create-row';
      week: WeekId;
      key: string;
      properties: NonNullable<CreatePageParameters['properties']>;
    }
  | {
      kind: 'update-row';
      week: WeekId;
      rowId: string;
      key: string;
      properties: NonNullable<UpdatePageParameters['properties']>;
    }
  | { kind: 'delete-block'; section: SectionName; blockId: string }
  | { kind: 'update-block'; section: SectionName; blockId: string; key: string; block: BlockRequest }
  /** Inserted right after `after` (a kept block or the section's heading), in this order. */
  | {
      kind: 'append-blocks';
      section: SectionName;
      after: string;
      blocks: { key: string; block: BlockRequest }[];
    }
  /** A whole section, its heading first, inserted right after `after` (or at the page's end). */
  | {
      kind: 'append-section';
      section: SectionName;
      after?: string;
      blocks: { key: string; block: BlockRequest }[];
    }
  /** `recheck`: its post began once and was not recorded: look at the comments before posting. */
  | { kind: 'post-notice'; notice: Notice; recheck: boolean };

export interface PlanOptions {
  /** The team timezone, for the days shown on the page. */
  timezone: string;
}

/** Blocks of one type that can be rewritten in place (a table's rows are children: it cannot). */
const updatable = (type: string) => type !== 'table';

/** The operations that take one section from what it shows to what it should show. */
export function planSection(
  section: SectionName,
  current: SectionState,
  desired: BlockRequest[],
): Operation[] {
  const want = desired.map((block) => ({ key: hashOf(requestKey(block)), block }));
  const edits = diffLists(
    current.blocks.map((b) => b.key),
    want.map((w) => w.key),
  );
  const operations: Operation[] = [];
  /** The block the next insertion goes after: the last one kept or rewritten, else the heading. */
  let after = current.headingId;
  let removed: number[] = [];
  let inserted: number[] = [];
  const flush = () => {
    // A removal facing an insertion of the same type is one rewrite in place, not two writes.
    while (removed.length > 0 && inserted.length > 0) {
      const from = current.blocks[removed[0] as number];
      const to = want[inserted[0] as number];
      if (!from || !to || from.type !== to.block.type || !updatable(from.type)) break;
      operations.push({ kind: 'update-block', section, blockId: from.id, key: to.key, block: to.block });
      after = from.id;
      removed = removed.slice(1);
      inserted = inserted.slice(1);
    }
    for (const index of removed) {
      const block = current.blocks[index];
      if (block) operations.push({ kind: 'delete-block', section, blockId: block.id });
    }
    if (inserted.length > 0) {
      const blocks = inserted.flatMap((index) => {
        const w = want[index];
        return w ? [w] : [];
      });
      operations.push({ kind: 'append-blocks', section, after, blocks });
    }
    removed = [];
    inserted = [];
  };
  for (const edit of edits) {
    if (edit.kind === 'remove') removed.push(edit.from);
    else if (edit.kind === 'insert') inserted.push(edit.to);
    else {
      flush();
      after = current.blocks[edit.from]?.id ?? after;
    }
  }
  flush();
  return operations;
}

function planNotices(snapshot: QuarterSnapshot, notices: readonly Notice[]): Operation[] {
  const posted = new Set(snapshot.notices.posted);
  const pending = new Set(snapshot.notices.pending);
  return notices
    .filter((notice) => !posted.has(notice.key))
    .map((notice) => ({ kind: 'post-notice', notice, recheck: pending.has(notice.key) }));
}

function planRows(snapshot: QuarterSnapshot, page: QuarterPage): Operation[] {
  return page.weeks.flatMap((row): Operation[] => {
    const key = hashOf(rowKey(row));
    const existing = snapshot.rows[row.week];
    if (existing?.key === key) return [];
    if (existing) {
      return [
        {
          kind: 'update-row',
          week: row.week,
          rowId: existing.id,
          key,
          properties: rowComputedProperties(row),
        },
      ];
    }
    return [
      {
        kind: 'create-row',
        week: row.week,
        key,
        properties: {
          ...rowIdentityProperties(row, page.engineer, page.quarter),
          ...rowComputedProperties(row),
        },
      },
    ];
  });
}

function planNewSection(
  snapshot: QuarterSnapshot,
  page: QuarterPage,
  section: SectionName,
  options: PlanOptions,
): Operation {
  const blocks = [heading(sectionHeading(page, section)), ...sectionBlocks(page, section, options.timezone)];
  return {
    kind: 'append-section',
    section,
    ...(snapshot.sectionsAfter ? { after: snapshot.sectionsAfter } : {}),
    blocks: blocks.map((block) => ({ key: hashOf(requestKey(block)), block })),
  };
}

/** Exactly the operations that make Notion show `page`, given that it shows `snapshot`. */
export function planQuarterPage(
  snapshot: QuarterSnapshot,
  page: QuarterPage,
  options: PlanOptions,
): Operation[] {
  if (!snapshot.page) {
    return [
      {
        kind: 'create-page',
        key: hashOf(computedKey(page)),
        properties: { ...identityProperties(page), ...computedProperties(page) },
        children: initialBody(page, options.timezone),
      },
      ...planRows(snapshot, page),
      ...planNotices(snapshot, page.notices),
    ];
  }
  const operations: Operation[] = [];
  const propsKey = hashOf(computedKey(page));
  if (snapshot.page.propsKey !== propsKey) {
    operations.push({ kind: 'update-properties', key: propsKey, properties: computedProperties(page) });
  }
  operations.push(...planRows(snapshot, page));
  for (const section of SECTIONS) {
    const current = snapshot.sections[section];
    if (!current) {
      // A section whose heading a person deleted is theirs now: commitline does not re-add it,
      // but for "Before you sign", which holds the record binding signatures to their text.
      if (section === 'signing') operations.push(planNewSection(snapshot, page, section, options));
      continue;
    }
    operations.push(...planSection(section, current, sectionBlocks(page, section, options.timezone)));
  }
  operations.push(...planNotices(snapshot, page.notices));
  return operations;
}
