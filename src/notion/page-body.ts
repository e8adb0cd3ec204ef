/**
 * Reading a quarter page's body once and splitting it into its owners' parts: the engineer's
 * commitments (the list after the heading, up to the divider) and commitline's sections (each
 * under its heading), with the keys the writer compares against. A block in a section is
 * commitline's only if commitline's integration (`botId`) created it: what a person writes
 * there, a note under the checkpoint or a heading of their own, is theirs and never touched.
 */
import type { Client } from '@notionhq/client';
import type { Commitment, CommitmentEdit } from '../domain/index.js';
import { parseCommitments } from '../domain/index.js';
import { blockKey, hashOf, textKey } from './blocks.js';
import type { SectionState } from './page-state.js';
import { type SectionName, sectionOfHeading } from './render-page.js';

type Block = {
  id: string;
  type: string;
  last_edited_time: string;
  created_by: { id: string };
  last_edited_by: { id: string };
  [key: string]: unknown;
};

export interface PageBody {
  commitments: Commitment[];
  commitmentEdits: CommitmentEdit[];
  sections: Partial<Record<SectionName, SectionState>>;
}

async function children(client: Client, blockId: string): Promise<Block[]> {
  const blocks: Block[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.blocks.children.list({
      block_id: blockId,
      page_size: 100,
      ...(cursor ? { start_cursor: cursor } : {}),
    });
    blocks.push(...(page.results as unknown as Block[]));
    cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return blocks;
}

const richTextOf = (block: Block) =>
  (block[block.type] as { rich_text?: { plain_text?: string }[] } | undefined)?.rich_text;

export async function readPageBody(client: Client, pageId: string, botId: string): Promise<PageBody> {
  const blocks = await children(client, pageId);
  const items: Block[] = [];
  const sections: Partial<Record<SectionName, SectionState>> = {};
  let inCommitments = true;
  let current: SectionState | undefined;
  const sectionOf = (block: Block) =>
    block.type === 'heading_2' ? sectionOfHeading(textKey(richTextOf(block))) : undefined;
  const ownHeadings = new Set(blocks.filter((b) => b.created_by.id === botId).map(sectionOf));
  for (const block of blocks) {
    if (block.type === 'divider' || block.type === 'heading_2') inCommitments = false;
    if (inCommitments) {
      if (block.type === 'numbered_list_item' || block.type === 'bulleted_list_item') items.push(block);
      continue;
    }
    const mine = block.created_by.id === botId;
    if (block.type === 'heading_2') {
      const section = sectionOf(block);
      // commitline's own heading anchors its section; a person's heading of that name does only
      // when commitline has none (a page a person copied), so what commitline adds is found again.
      if (section && (mine || (!ownHeadings.has(section) && !sections[section]))) {
        current = { headingId: block.id, blocks: [] };
        sections[section] = current;
      } else if (mine) {
        current = undefined;
      }
      continue;
    }
    if (!current || !mine) continue;
    const rows =
      block.type === 'table'
        ? (await children(client, block.id)).map(
            (row) => (row.table_row as { cells: { plain_text?: string }[][] }).cells,
          )
        : undefined;
    current.blocks.push({ id: block.id, key: hashOf(blockKey(block, rows)) });
  }

  // The list items, as the draft text people would write, read with the same forgiving parser.
  const written = items
    .map((block) => ({ block, text: textKey(richTextOf(block)).trim() }))
    .filter((item) => item.text.length > 0);
  const commitments = parseCommitments(
    ['I will:', ...written.map((w, i) => `${i + 1}. ${w.text}`)].join('\n'),
  );
  const commitmentEdits = written.map(({ block }, i) => ({
    index: i + 1,
    lastEditedBy: block.last_edited_by.id,
    lastEditedAt: new Date(block.last_edited_time),
  }));
  return { commitments, commitmentEdits, sections };
}
