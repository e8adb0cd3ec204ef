/**
 * Reading a quarter page's body once and splitting it into its owners' parts: the engineer's
 * commitments (the list after the heading, up to the divider) and commitline's sections (each
 * under its heading), with the keys the plan compares against. A block in a section is
 * commitline's only if commitline's integration (`botId`) created it: what a person writes
 * there, a note under the checkpoint or a heading of their own, is theirs and never touched.
 */
import { type BlockObjectResponse, type Client, collectPaginatedAPI, isFullBlock } from '@notionhq/client';
import type { Commitment, CommitmentEdit, SigningRecord } from '../domain/index.js';
import { parseCommitments } from '../domain/index.js';
import { blockKey, hashOf, textKey } from './blocks.js';
import { type SectionName, sectionOfHeading } from './render-page.js';
import { parseSigningRecord } from './signing-record.js';

/** One of commitline's blocks in a section: its id, its type and the key of what it shows. */
export interface BlockState {
  id: string;
  type: string;
  key: string;
}

export interface SectionState {
  headingId: string;
  blocks: BlockState[];
}

export interface PageBody {
  commitments: Commitment[];
  commitmentEdits: CommitmentEdit[];
  /** The blocks the commitments were read from, in order (their inline comments count). */
  commitmentBlockIds: string[];
  sections: Partial<Record<SectionName, SectionState>>;
  /** The block after which commitline's first section goes (the divider under the commitments). */
  sectionsAfter?: string;
  /** commitline's record of signatures, from its own line under "Before you sign". */
  signing?: SigningRecord;
}

export async function childBlocks(client: Client, blockId: string): Promise<BlockObjectResponse[]> {
  const results = await collectPaginatedAPI(client.blocks.children.list, {
    block_id: blockId,
    page_size: 100,
  });
  return results.filter(isFullBlock);
}

/** The rich text of a text-bearing block; undefined for the others. */
export function richTextOf(block: BlockObjectResponse) {
  switch (block.type) {
    case 'paragraph':
      return block.paragraph.rich_text;
    case 'heading_1':
      return block.heading_1.rich_text;
    case 'heading_2':
      return block.heading_2.rich_text;
    case 'heading_3':
      return block.heading_3.rich_text;
    case 'bulleted_list_item':
      return block.bulleted_list_item.rich_text;
    case 'numbered_list_item':
      return block.numbered_list_item.rich_text;
    case 'to_do':
      return block.to_do.rich_text;
    case 'callout':
      return block.callout.rich_text;
    case 'quote':
      return block.quote.rich_text;
    case 'toggle':
      return block.toggle.rich_text;
    default:
      return undefined;
  }
}

/** The key of a block as Notion shows it (a table's rows are its children, read separately). */
async function keyOfBlock(client: Client, block: BlockObjectResponse): Promise<string> {
  if (block.type !== 'table') return hashOf(blockKey(block.type, richTextOf(block)));
  const rows = (await childBlocks(client, block.id)).flatMap((row) =>
    row.type === 'table_row' ? [row.table_row.cells] : [],
  );
  return hashOf(blockKey('table', undefined, rows));
}

export async function readPageBody(client: Client, pageId: string, botId: string): Promise<PageBody> {
  const blocks = await childBlocks(client, pageId);
  const items: BlockObjectResponse[] = [];
  const sections: Partial<Record<SectionName, SectionState>> = {};
  let inCommitments = true;
  let current: SectionState | undefined;
  let currentName: SectionName | undefined;
  let sectionsAfter: string | undefined;
  let previous: string | undefined;
  let signing: SigningRecord | undefined;
  const sectionOf = (block: BlockObjectResponse) =>
    block.type === 'heading_2' ? sectionOfHeading(textKey(block.heading_2.rich_text)) : undefined;
  const ownHeadings = new Set(blocks.filter((b) => b.created_by.id === botId).map(sectionOf));
  for (const block of blocks) {
    const before = previous;
    previous = block.id;
    if (block.type === 'divider' || block.type === 'heading_2') inCommitments = false;
    if (inCommitments) {
      if (
        block.type === 'numbered_list_item' ||
        block.type === 'bulleted_list_item' ||
        block.type === 'to_do'
      )
        items.push(block);
      continue;
    }
    const mine = block.created_by.id === botId;
    if (block.type === 'heading_2') {
      const section = sectionOf(block);
      // commitline's own heading anchors its section; a person's heading of that name does only
      // when commitline has none (a page a person copied), so what commitline adds is found again.
      if (section && (mine || (!ownHeadings.has(section) && !sections[section]))) {
        current = { headingId: block.id, blocks: [] };
        currentName = section;
        sections[section] = current;
        sectionsAfter ??= before;
      } else if (mine) {
        current = undefined;
      }
      continue;
    }
    if (block.type === 'divider' && !current) sectionsAfter ??= block.id;
    if (!current || !mine) continue;
    if (currentName === 'signing' && block.type === 'paragraph') {
      signing = parseSigningRecord(textKey(block.paragraph.rich_text)) ?? signing;
    }
    current.blocks.push({ id: block.id, type: block.type, key: await keyOfBlock(client, block) });
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
  return {
    commitments,
    commitmentEdits,
    commitmentBlockIds: written.map((w) => w.block.id),
    sections,
    ...(sectionsAfter ? { sectionsAfter } : {}),
    ...(signing ? { signing } : {}),
  };
}
