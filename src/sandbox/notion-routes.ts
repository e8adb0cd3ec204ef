/**
 * The sandbox's Notion REST API (v1, 2025-09-03): what commitline calls, enforced the way Notion
 * enforces it: bearer token, Notion-Version, about 3 requests/s with 429 and Retry-After, and
 * 400 validation_error past the size limits. Faults can be injected per request.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FaultQueue } from './faults.js';
import { matches } from './notion-query.js';
import {
  blockIn,
  blockOut,
  checkArray,
  pageOut,
  propertyIn,
  richTextIn,
  ValidationError,
} from './notion-shapes.js';
import { type Json, type NotionStore, plain, type StoredPage } from './notion-store.js';
import type { TokenBucket } from './token-bucket.js';

export interface NotionRoutesOptions {
  store: NotionStore;
  token: string;
  bucket: TokenBucket;
  faults: FaultQueue;
}

function error(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ object: 'error', status, code, message, request_id: randomUUID() });
}

function codeOf(status: number): string {
  if (status === 429) return 'rate_limited';
  if (status === 400) return 'validation_error';
  if (status === 409) return 'conflict_error';
  if (status === 503) return 'service_unavailable';
  if (status === 504) return 'gateway_timeout';
  return 'internal_server_error';
}

function list(results: Json[], query: { start_cursor?: string; page_size?: string | number }, type: string) {
  const size = Math.min(Number(query.page_size ?? 100) || 100, 100);
  const start = Number(query.start_cursor ?? 0) || 0;
  const slice = results.slice(start, start + size);
  const more = start + size < results.length;
  return {
    object: 'list',
    results: slice,
    next_cursor: more ? String(start + size) : null,
    has_more: more,
    type,
    [type]: {},
    request_id: randomUUID(),
  };
}

export async function notionRoutes(app: FastifyInstance, options: NotionRoutesOptions): Promise<void> {
  const { store } = options;
  const bot = store.bot.id;

  // Requests carried out whose answer is then lost (a fault with `after`).
  const lostAnswers = new WeakMap<FastifyRequest, number>();
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    const status = lostAnswers.get(request);
    if (status === undefined || reply.statusCode >= 400) return payload;
    reply.code(status);
    return JSON.stringify({
      object: 'error',
      status,
      code: codeOf(status),
      message: `Injected ${status} after the request was carried out.`,
      request_id: randomUUID(),
    });
  });
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    store.requests.push({
      method: request.method,
      path: request.url.split('?')[0] ?? '',
      status: reply.statusCode,
    });
  });
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.headers.authorization !== `Bearer ${options.token}`) {
      return error(reply, 401, 'unauthorized', 'API token is invalid.');
    }
    if (!request.headers['notion-version']) {
      return error(
        reply,
        400,
        'missing_version',
        'Notion-Version header failed validation: Notion-Version header should be defined.',
      );
    }
    const fault = await options.faults.take('notion', {
      method: request.method,
      path: request.url.split('?')[0],
    });
    if (fault?.status && fault.after) {
      lostAnswers.set(request, fault.status);
    } else if (fault?.status) {
      return error(reply, fault.status, codeOf(fault.status), `Injected ${fault.status}.`);
    }
    const wait = options.bucket.take();
    if (wait > 0) {
      reply.header('retry-after', String(Math.ceil(wait / 1000)));
      return error(
        reply,
        429,
        'rate_limited',
        'You have been rate limited. Please try again in a few minutes.',
      );
    }
  });
  app.setErrorHandler((err, _request, reply) => {
    if (err instanceof ValidationError) return error(reply, 400, 'validation_error', err.message);
    return error(reply, 500, 'internal_server_error', err instanceof Error ? err.message : String(err));
  });

  const page404 = (reply: FastifyReply, id: string) =>
    error(
      reply,
      404,
      'object_not_found',
      `Could not find page with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
    );

  // Users
  const userOut = (u: { id: string; type: string; name: string; email?: string }) =>
    u.type === 'bot'
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
  app.get('/v1/users/me', async () => userOut(store.bot));
  app.get('/v1/users', async (request) =>
    list([...store.users.values()].map(userOut), request.query as Json, 'user'),
  );
  app.get('/v1/users/:id', async (request, reply) => {
    const user = store.users.get((request.params as { id: string }).id);
    return user ? userOut(user) : error(reply, 404, 'object_not_found', 'Could not find user.');
  });

  // Databases and data sources
  const databaseOut = (id: string) => {
    const db = store.databases.get(id);
    if (!db) return undefined;
    return {
      object: 'database',
      id: db.id,
      title: db.title,
      description: [],
      parent: { type: 'page_id', page_id: db.parentPageId },
      is_inline: false,
      in_trash: false,
      created_time: db.created_time,
      last_edited_time: db.created_time,
      data_sources: db.dataSourceIds.map((dsId) => ({
        id: dsId,
        name: store.dataSources.get(dsId)?.name ?? '',
      })),
      icon: null,
      cover: null,
      url: `https://www.notion.so/${db.id.replace(/-/g, '')}`,
      public_url: null,
    };
  };
  const dataSourceOut = (id: string) => {
    const ds = store.dataSources.get(id);
    if (!ds) return undefined;
    return {
      object: 'data_source',
      id: ds.id,
      name: ds.name,
      title: richTextIn([{ type: 'text', text: { content: ds.name } }], 'title', store),
      parent: { type: 'database_id', database_id: ds.databaseId },
      database_parent: { type: 'page_id', page_id: store.databases.get(ds.databaseId)?.parentPageId },
      properties: ds.properties,
      created_time: store.databases.get(ds.databaseId)?.created_time,
      last_edited_time: store.databases.get(ds.databaseId)?.created_time,
    };
  };
  const schemaIn = (properties: Record<string, Json>) =>
    Object.fromEntries(
      Object.entries(properties).map(([name, definition]) => {
        const type = Object.keys(definition)[0] ?? 'rich_text';
        return [name, { id: name.slice(0, 4), name, type, [type]: definition[type] ?? {} }];
      }),
    );

  app.post('/v1/databases', async (request, reply) => {
    const body = request.body as Json;
    const parent = body.parent as { page_id?: string };
    const parentPage = parent.page_id ? store.pages.get(parent.page_id) : undefined;
    if (!parentPage) return page404(reply, String(parent.page_id));
    const initial =
      (body.initial_data_source as { properties?: Record<string, Json> } | undefined)?.properties ?? {};
    const title = richTextIn(body.title, 'title', store);
    const now = store.stamp();
    const databaseId = randomUUID();
    const dataSourceId = randomUUID();
    store.dataSources.set(dataSourceId, {
      id: dataSourceId,
      databaseId,
      name: plain(title),
      properties: schemaIn(initial),
    });
    // A database sits on its parent page as a child_database block.
    const block = blockIn(
      { type: 'child_database', child_database: { title: plain(title) } },
      parentPage.id,
      bot,
      store,
      'database',
    );
    block.id = databaseId;
    store.blocks.delete(block.id);
    store.blocks.set(databaseId, block);
    parentPage.children.push(databaseId);
    store.databases.set(databaseId, {
      id: databaseId,
      parentPageId: parentPage.id,
      title,
      dataSourceIds: [dataSourceId],
      created_time: now,
      blockId: databaseId,
    });
    return databaseOut(databaseId);
  });
  app.get('/v1/databases/:id', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    return (
      databaseOut(id) ?? error(reply, 404, 'object_not_found', `Could not find database with ID: ${id}.`)
    );
  });
  app.get('/v1/data_sources/:id', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    return (
      dataSourceOut(id) ?? error(reply, 404, 'object_not_found', `Could not find data source with ID: ${id}.`)
    );
  });
  app.patch('/v1/data_sources/:id', async (request, reply) => {
    const ds = store.dataSources.get((request.params as { id: string }).id);
    if (!ds) return error(reply, 404, 'object_not_found', 'Could not find data source.');
    Object.assign(ds.properties, schemaIn(((request.body as Json).properties ?? {}) as Record<string, Json>));
    return dataSourceOut(ds.id);
  });
  app.post('/v1/data_sources/:id/query', async (request, reply) => {
    const ds = store.dataSources.get((request.params as { id: string }).id);
    if (!ds) return error(reply, 404, 'object_not_found', 'Could not find data source.');
    const body = (request.body ?? {}) as Json;
    const pages = [...store.pages.values()]
      .filter((p) => !p.in_trash && (p.parent as { data_source_id?: string }).data_source_id === ds.id)
      .filter((p) => matches(p, body.filter as Json | undefined))
      .sort((a, b) => a.created_time.localeCompare(b.created_time));
    return list(
      pages.map((p) => pageOut(p, store)),
      { start_cursor: body.start_cursor as string, page_size: body.page_size as number },
      'page_or_data_source',
    );
  });

  // Pages
  const propertiesIn = (page: StoredPage, input: Record<string, Json>) => {
    const dsId = (page.parent as { data_source_id?: string }).data_source_id;
    const schema = dsId ? store.dataSources.get(dsId)?.properties : undefined;
    for (const [name, value] of Object.entries(input)) {
      const type = schema ? String(schema[name]?.type ?? '') : name === 'title' ? 'title' : '';
      if (!type) throw new ValidationError(`${name} is not a property that exists.`);
      page.properties[name] = propertyIn(name, type, value, store);
    }
  };
  app.post('/v1/pages', async (request, reply) => {
    const body = request.body as Json;
    const parent = body.parent as { type?: string; data_source_id?: string; page_id?: string };
    if (parent.data_source_id && !store.dataSources.has(parent.data_source_id)) {
      return error(
        reply,
        404,
        'object_not_found',
        `Could not find data source with ID: ${parent.data_source_id}.`,
      );
    }
    if (parent.page_id && !store.pages.has(parent.page_id)) return page404(reply, parent.page_id);
    const now = store.stamp();
    const page: StoredPage = {
      id: randomUUID(),
      parent: parent.data_source_id
        ? {
            type: 'data_source_id',
            data_source_id: parent.data_source_id,
            database_id: store.dataSources.get(parent.data_source_id)?.databaseId,
          }
        : { type: 'page_id', page_id: parent.page_id },
      properties: {},
      created_time: now,
      last_edited_time: now,
      created_by: bot,
      last_edited_by: bot,
      in_trash: false,
      children: [],
    };
    propertiesIn(page, (body.properties ?? {}) as Record<string, Json>);
    const children = checkArray(body.children, 'children').map(
      (c, i) => blockIn(c, page.id, bot, store, `children[${i}]`).id,
    );
    page.children = children;
    store.pages.set(page.id, page);
    if (parent.page_id) {
      const child = blockIn(
        { type: 'child_page', child_page: { title: store.title(page) } },
        parent.page_id,
        bot,
        store,
        'page',
      );
      store.blocks.delete(child.id);
      child.id = page.id;
      store.blocks.set(page.id, child);
      store.pages.get(parent.page_id)?.children.push(page.id);
    }
    return pageOut(page, store);
  });
  app.get('/v1/pages/:id', async (request, reply) => {
    const page = store.pages.get((request.params as { id: string }).id);
    return page ? pageOut(page, store) : page404(reply, (request.params as { id: string }).id);
  });
  app.patch('/v1/pages/:id', async (request, reply) => {
    const page = store.pages.get((request.params as { id: string }).id);
    if (!page) return page404(reply, (request.params as { id: string }).id);
    const body = request.body as Json;
    propertiesIn(page, (body.properties ?? {}) as Record<string, Json>);
    if (typeof body.in_trash === 'boolean') page.in_trash = body.in_trash;
    if (typeof body.archived === 'boolean') page.in_trash = body.archived;
    store.touch(page.id, bot);
    return pageOut(page, store);
  });

  // Blocks
  app.get('/v1/blocks/:id', async (request, reply) => {
    const block = store.blocks.get((request.params as { id: string }).id);
    return block && !block.in_trash
      ? blockOut(block)
      : error(reply, 404, 'object_not_found', 'Could not find block.');
  });
  app.get('/v1/blocks/:id/children', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const children = store.childrenOf(id);
    if (!children) return error(reply, 404, 'object_not_found', `Could not find block with ID: ${id}.`);
    const blocks = children.map((c) => store.blocks.get(c)).filter((b) => b && !b.in_trash);
    return list(
      blocks.map((b) => blockOut(b as never)),
      request.query as Json,
      'block',
    );
  });
  app.patch('/v1/blocks/:id/children', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const children = store.childrenOf(id);
    if (!children) return error(reply, 404, 'object_not_found', `Could not find block with ID: ${id}.`);
    const body = request.body as Json;
    const created = checkArray(body.children, 'children').map((c, i) =>
      blockIn(c, id, bot, store, `children[${i}]`),
    );
    const position = body.position as { type: string; after_block?: { id: string } } | undefined;
    const after = (body.after as string | undefined) ?? position?.after_block?.id;
    const at = after ? children.indexOf(after) + 1 : position?.type === 'start' ? 0 : children.length;
    if (after && at === 0)
      throw new ValidationError(`body failed validation: after block ${after} is not a child of ${id}.`);
    children.splice(at, 0, ...created.map((b) => b.id));
    store.touch(id, bot);
    return list(created.map(blockOut), {}, 'block');
  });
  app.patch('/v1/blocks/:id', async (request, reply) => {
    const block = store.blocks.get((request.params as { id: string }).id);
    if (!block || block.in_trash) return error(reply, 404, 'object_not_found', 'Could not find block.');
    const body = request.body as Json;
    const update = body[block.type] as Json | undefined;
    if (update) {
      const replacement = blockIn(
        { type: block.type, [block.type]: update },
        block.parentId,
        bot,
        store,
        block.type,
      );
      store.blocks.delete(replacement.id);
      block.content = { ...block.content, ...replacement.content };
    }
    block.last_edited_time = store.stamp();
    block.last_edited_by = bot;
    store.touch(block.id, bot);
    return blockOut(block);
  });
  app.delete('/v1/blocks/:id', async (request, reply) => {
    const block = store.blocks.get((request.params as { id: string }).id);
    if (!block || block.in_trash) return error(reply, 404, 'object_not_found', 'Could not find block.');
    block.in_trash = true;
    store.touch(block.id, bot);
    return blockOut(block);
  });

  // Comments
  const commentOut = (c: {
    id: string;
    pageId: string;
    discussionId: string;
    created_time: string;
    created_by: string;
    rich_text: Json[];
  }) => ({
    object: 'comment',
    id: c.id,
    parent: { type: 'page_id', page_id: c.pageId },
    discussion_id: c.discussionId,
    created_time: c.created_time,
    last_edited_time: c.created_time,
    created_by: { object: 'user', id: c.created_by },
    rich_text: c.rich_text,
    display_name: { type: 'integration', resolved_name: store.users.get(c.created_by)?.name ?? '' },
  });
  app.get('/v1/comments', async (request, reply) => {
    const query = request.query as Json;
    const id = String(query.block_id ?? '');
    if (!store.pages.has(id) && !store.blocks.has(id)) return page404(reply, id);
    const pageId = store.pageOfBlock(id)?.id ?? id;
    return list(store.comments.filter((c) => c.pageId === pageId).map(commentOut), query, 'comment');
  });
  app.post('/v1/comments', async (request, reply) => {
    const body = request.body as Json;
    const pageId = (body.parent as { page_id?: string } | undefined)?.page_id ?? '';
    if (!store.pages.has(pageId)) return page404(reply, pageId);
    const comment = {
      id: randomUUID(),
      pageId,
      discussionId: randomUUID(),
      created_time: store.stamp(),
      created_by: bot,
      rich_text: richTextIn(body.rich_text, 'rich_text', store),
    };
    store.comments.push(comment);
    return commentOut(comment);
  });
}
