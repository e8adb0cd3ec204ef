/**
 * The sandbox's Notion users and comments. Comments as 2025-09-03 has them: on a page
 * (`parent.page_id`), inline on a block (`parent.block_id`), or a reply in a discussion
 * (`discussion_id`). Listing with a page's id returns the page's own comments only; with a
 * block's id, that block's: Notion does not gather a page's inline discussions under the page.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { error, list } from './notion-answers.js';
import { notionId, richTextIn, ValidationError } from './notion-shapes.js';
import type { Json, NotionStore, SandboxUser, StoredComment } from './notion-store.js';

export function userOut(u: SandboxUser): Json {
  return u.type === 'bot'
    ? {
        object: 'user',
        id: u.id,
        type: 'bot',
        name: u.name,
        avatar_url: null,
        bot: { owner: { type: 'workspace', workspace: true }, workspace_name: 'Sandbox' },
      }
    : {
        object: 'user',
        id: u.id,
        type: 'person',
        name: u.name,
        avatar_url: null,
        person: u.email ? { email: u.email } : {},
      };
}

export function commentOut(store: NotionStore, c: StoredComment): Json {
  const author = store.users.get(c.created_by);
  return {
    object: 'comment',
    id: c.id,
    parent: c.blockId ? { type: 'block_id', block_id: c.blockId } : { type: 'page_id', page_id: c.pageId },
    discussion_id: c.discussionId,
    created_time: c.created_time,
    last_edited_time: c.created_time,
    created_by: { object: 'user', id: c.created_by },
    rich_text: c.rich_text,
    display_name: {
      type: author?.type === 'bot' ? 'integration' : 'user',
      resolved_name: author?.name ?? null,
    },
  };
}

export async function commentRoutes(
  app: FastifyInstance,
  options: { store: NotionStore; page404: (reply: FastifyReply, id: string) => unknown },
): Promise<void> {
  const { store, page404 } = options;
  const bot = store.bot.id;

  app.get('/v1/users/me', async () => userOut(store.bot));
  app.get('/v1/users', async (request) =>
    list([...store.users.values()].map(userOut), request.query as Json, 'user'),
  );
  app.get('/v1/users/:user_id', async (request, reply) => {
    const user = store.users.get((request.params as { user_id: string }).user_id);
    return user ? userOut(user) : error(reply, 404, 'object_not_found', 'Could not find user.');
  });

  const liveBlock = (id: string) => {
    const block = store.blocks.get(id);
    return block && !block.in_trash ? block : undefined;
  };

  app.get('/v1/comments', async (request, reply) => {
    const query = request.query as Json;
    const id = notionId(query.block_id, 'query.block_id');
    const onPage = store.pages.has(id);
    if (!onPage && !liveBlock(id)) return page404(reply, id);
    const comments = store.comments.filter((c) =>
      onPage ? c.pageId === id && !c.blockId : c.blockId === id,
    );
    return list(
      comments.map((c) => commentOut(store, c)),
      query,
      'comment',
    );
  });

  app.post('/v1/comments', async (request, reply) => {
    const body = (request.body ?? {}) as Json;
    const parent = body.parent as { page_id?: unknown; block_id?: unknown } | undefined;
    if ((parent === undefined) === (body.discussion_id === undefined)) {
      throw new ValidationError(
        'body failed validation: exactly one of body.parent or body.discussion_id should be defined.',
      );
    }
    if (body.rich_text === undefined) {
      throw new ValidationError(
        'body failed validation: body.rich_text should be defined, instead was `undefined`.',
      );
    }
    const richText = richTextIn(body.rich_text, 'rich_text', store);
    if (body.discussion_id !== undefined) {
      const discussionId = notionId(body.discussion_id, 'body.discussion_id');
      const thread = store.discussion(discussionId);
      if (!thread) {
        return error(reply, 404, 'object_not_found', `Could not find discussion with ID: ${discussionId}.`);
      }
      return commentOut(store, store.addComment(thread.pageId, bot, richText, { discussionId }));
    }
    if (parent?.block_id !== undefined) {
      const blockId = notionId(parent.block_id, 'body.parent.block_id');
      // A page is a block too: a comment with a page's id as block_id is on the page.
      if (store.pages.has(blockId)) return commentOut(store, store.addComment(blockId, bot, richText));
      const page = liveBlock(blockId) ? store.pageOfBlock(blockId) : undefined;
      if (!page) return error(reply, 404, 'object_not_found', `Could not find block with ID: ${blockId}.`);
      return commentOut(store, store.addComment(page.id, bot, richText, { blockId }));
    }
    const pageId = notionId(parent?.page_id, 'body.parent.page_id');
    if (!store.pages.has(pageId)) return page404(reply, pageId);
    return commentOut(store, store.addComment(pageId, bot, richText));
  });
}
