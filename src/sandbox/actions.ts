/**
 * What a person does in the sandbox's Linear and Notion, as they would in the real apps: comment
 * (on a page or inline on a block), reply, rewrite a block, write their commitments, tick Excused,
 * ship or reopen an issue. Each change is followed by the webhook the real service would send:
 * Linear's signed Issue delivery, Notion's signed event to every subscription.
 */
import { WEEK_PROPS } from '../notion/index.js';
import type { LinearIssue, LinearStore } from './linear-store.js';
import {
  type NotionEvent,
  type NotionSubscription,
  sendNotionEvent,
  sendVerification,
} from './notion-events.js';
import type { NotionStore, StoredBlock, StoredComment, StoredPage } from './notion-store.js';
import { propertyText } from './notion-store.js';
import type { People, SandboxPerson } from './people.js';

/** A request the sandbox cannot carry out, with the HTTP status the control API answers. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface NotionDelivery {
  url: string;
  type: NotionEvent['type'];
  status: number;
}

export class SandboxActions {
  readonly notionSubscriptions: NotionSubscription[] = [];
  readonly notionDeliveries: NotionDelivery[] = [];

  constructor(
    private readonly linear: LinearStore,
    private readonly notion: NotionStore,
    private readonly people: People,
    /** The label a shipped issue carries (the team file's). */
    readonly label: string,
  ) {}

  person(who: unknown): SandboxPerson {
    if (typeof who !== 'string' || who === '') throw new ActionError('say who acts: "as": an email');
    const person = this.people.find(who);
    if (!person) throw new ActionError(`nobody in the sandbox is ${who}: see GET /_sandbox/people`, 404);
    return person;
  }

  /** Subscribes a URL to Notion's events, with the verification handshake Notion starts with. */
  async subscribeNotion(url: string, verificationToken: string): Promise<number> {
    const status = await sendVerification(url, verificationToken);
    this.notionSubscriptions.push({ url, verificationToken });
    return status;
  }

  async #emit(event: NotionEvent): Promise<void> {
    for (const s of this.notionSubscriptions) {
      const status = await sendNotionEvent({ ...event, at: this.notion.now(), ...s });
      this.notionDeliveries.push({ url: s.url, type: event.type, status });
    }
  }

  #page(id: string): StoredPage {
    const page = this.notion.pages.get(id);
    if (!page || page.in_trash) throw new ActionError(`no page ${id}`, 404);
    return page;
  }

  #parentOf(page: StoredPage): NotionEvent['parent'] {
    const p = page.parent as {
      type?: string;
      page_id?: string;
      data_source_id?: string;
      database_id?: string;
    };
    if (p.data_source_id) {
      return { id: p.database_id ?? p.data_source_id, type: 'database', dataSourceId: p.data_source_id };
    }
    return p.page_id ? { id: p.page_id, type: 'page' } : undefined;
  }

  /** A comment on a page, inline on a block, or a reply in a discussion. */
  async comment(
    who: unknown,
    where: { pageId?: string | undefined; blockId?: string | undefined; discussionId?: string | undefined },
    text: unknown,
  ): Promise<StoredComment> {
    const person = this.person(who);
    if (typeof text !== 'string' || text.trim() === '')
      throw new ActionError('say what the comment says: "text"');
    let comment: StoredComment;
    if (where.discussionId) {
      const thread = this.notion.discussion(where.discussionId);
      if (!thread) throw new ActionError(`no discussion ${where.discussionId}`, 404);
      comment = this.notion.addComment(thread.pageId, person.notionUserId, text, {
        discussionId: where.discussionId,
      });
    } else if (where.blockId && !this.notion.pages.has(where.blockId)) {
      const block = this.notion.blocks.get(where.blockId);
      const page = block && !block.in_trash ? this.notion.pageOfBlock(block.id) : undefined;
      if (!page) throw new ActionError(`no block ${where.blockId}`, 404);
      comment = this.notion.addComment(page.id, person.notionUserId, text, { blockId: where.blockId });
    } else {
      const page = this.#page(where.pageId ?? where.blockId ?? '');
      comment = this.notion.addComment(page.id, person.notionUserId, text);
    }
    await this.#emit({
      type: 'comment.created',
      pageId: comment.pageId,
      authorId: person.notionUserId,
      commentId: comment.id,
      ...(comment.blockId ? { blockId: comment.blockId } : {}),
    });
    return comment;
  }

  /** A person rewrites the text of one block. */
  async editBlock(who: unknown, blockId: string, text: unknown): Promise<StoredBlock> {
    const person = this.person(who);
    if (typeof text !== 'string') throw new ActionError('say what the block now says: "text"');
    const block = this.notion.blocks.get(blockId);
    if (!block || block.in_trash) throw new ActionError(`no block ${blockId}`, 404);
    if (!('rich_text' in block.content))
      throw new ActionError(`block ${blockId} (${block.type}) holds no text`);
    const page = this.notion.pageOfBlock(blockId);
    this.notion.editBlockText(blockId, text, person.notionUserId);
    if (page) {
      await this.#emit({
        type: 'page.content_updated',
        pageId: page.id,
        authorId: person.notionUserId,
        updatedBlocks: [blockId],
        parent: this.#parentOf(page),
      });
    }
    return block;
  }

  /** A person writes their commitments into the page's numbered list, replacing what was there. */
  async writeCommitments(who: unknown, pageId: string, items: unknown): Promise<StoredBlock[]> {
    const person = this.person(who);
    if (!Array.isArray(items) || items.length === 0 || !items.every((i) => typeof i === 'string')) {
      throw new ActionError('give the commitments as "items": ["…", "…"]');
    }
    const page = this.#page(pageId);
    try {
      this.notion.writeListItems(page.id, items, person.notionUserId);
    } catch (error) {
      throw new ActionError(error instanceof Error ? error.message : String(error));
    }
    const written = page.children
      .map((id) => this.notion.blocks.get(id))
      .filter((b): b is StoredBlock => b?.type === 'numbered_list_item' && !b.in_trash);
    await this.#emit({
      type: 'page.content_updated',
      pageId: page.id,
      authorId: person.notionUserId,
      updatedBlocks: written.map((b) => b.id),
      parent: this.#parentOf(page),
    });
    return written;
  }

  /** A person ticks (or clears) Excused on a weekly row: by its id, or by week and engineer. */
  async setExcused(
    who: unknown,
    row: { pageId?: string | undefined; week?: string | undefined; engineer?: string | undefined },
    excused = true,
  ): Promise<StoredPage> {
    const person = this.person(who);
    let page: StoredPage | undefined;
    if (row.pageId) page = this.#page(row.pageId);
    else if (row.week) {
      const engineer = row.engineer ? this.person(row.engineer).key : person.key;
      page = [...this.notion.pages.values()].find(
        (p) =>
          !p.in_trash &&
          p.properties[WEEK_PROPS.excused]?.type === 'checkbox' &&
          propertyText(p.properties[WEEK_PROPS.week]) === row.week &&
          propertyText(p.properties[WEEK_PROPS.engineerKey]) === engineer,
      );
      if (!page) throw new ActionError(`no weekly row for ${engineer} in ${row.week} (yet)`, 404);
    } else throw new ActionError('say which row: "page_id", or "week" (and "engineer")');
    if (page.properties[WEEK_PROPS.excused]?.type !== 'checkbox') {
      throw new ActionError(`page ${page.id} has no ${WEEK_PROPS.excused} box: is it a weekly row?`);
    }
    this.notion.setCheckbox(page.id, WEEK_PROPS.excused, excused, person.notionUserId);
    await this.#emit({
      type: 'page.properties_updated',
      pageId: page.id,
      authorId: person.notionUserId,
      updatedProperties: [String(page.properties[WEEK_PROPS.excused]?.id ?? WEEK_PROPS.excused)],
      parent: this.#parentOf(page),
    });
    return page;
  }

  /** A new issue assigned to the person (in Todo); Linear tells its webhooks. */
  async createIssue(who: unknown, title: unknown): Promise<LinearIssue> {
    const person = this.person(who);
    if (typeof title !== 'string' || title.trim() === '') throw new ActionError('give the issue a "title"');
    return this.linear.addIssue({ title, assigneeId: person.linearUserId });
  }

  #issue(id: string): LinearIssue {
    const issue = this.linear.findIssue(id);
    if (!issue) throw new ActionError(`no issue ${id}`, 404);
    return issue;
  }

  /** The issue carries the label and moves to Done: a production-visible change shipped. */
  ship(id: string): Promise<LinearIssue> {
    return this.linear.shipIssue(this.#issue(id).id, this.label);
  }

  /** The issue moves back to In Progress: it stops counting where it counted. */
  reopen(id: string): Promise<LinearIssue> {
    return this.linear.reopenIssue(this.#issue(id).id);
  }
}
