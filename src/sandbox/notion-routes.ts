/**
 * The sandbox's Notion REST API (v1, 2025-09-03): what commitline calls, enforced the way Notion
 * enforces it: bearer token, Notion-Version 2025-09-03, about 3 requests/s with 429 and
 * Retry-After, 400 validation_error past the size limits and for malformed ids, 400
 * invalid_request_url for a route Notion does not have. Faults can be injected per request.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FaultQueue } from './faults.js';
import { codeOf, error, list, NOTION_VERSION } from './notion-answers.js';
import { commentRoutes } from './notion-comment-routes.js';
import { matches } from './notion-query.js';
import {
  blockIn,
  blockOut,
  checkArray,
  notionId,
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
  // What was refused, and why, for tests and for a person reading the sandbox's record.
  const refusals = new WeakMap<FastifyRequest, { code: string; message: string }>();
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    if (reply.statusCode >= 400 && typeof payload === 'string') {
      try {
        const body = JSON.parse(payload) as { code?: string; message?: string };
        refusals.set(request, { code: String(body.code), message: String(body.message) });
      } catch {
        // Not Notion's error body: nothing to record.
      }
    }
    return payload;
  });
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    store.requests.push({
      method: request.method,
      path: request.url.split('?')[0] ?? '',
      status: reply.statusCode,
      ...refusals.get(request),
    });
  });
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.headers.authorization !== `Bearer ${options.token}`) {
      return error(reply, 401, 'unauthorized', 'API token is invalid.');
    }
    const version = request.headers['notion-version'];
    if (!version) {
      return error(
        reply,
        400,
        'missing_version',
        'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.',
      );
    }
    if (version !== NOTION_VERSION) {
      // Notion knows older versions too, with other shapes; the sandbox answers only in 2025-09-03's.
      return error(
        reply,
        400,
        'validation_error',
        `Notion-Version header failed validation: Notion-Version header should be "${NOTION_VERSION}", instead was ${JSON.stringify(version)}. (The sandbox speaks only ${NOTION_VERSION}, the version commitline uses.)`,
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
  // Ids as Notion takes them: with or without dashes; anything else is a validation_error.
  app.addHook('preHandler', async (request: FastifyRequest) => {
    if (request.is404) return;
    const params = (request.params ?? {}) as Record<string, string>;
    for (const [name, value] of Object.entries(params)) params[name] = notionId(value, `path.${name}`);
  });
  app.setErrorHandler((err, _request, reply) => {
    if (err instanceof ValidationError) return error(reply, 400, 'validation_error', err.message);
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 400 || status === 415)
      return error(reply, 400, 'invalid_json', 'Error parsing JSON body.');
    if (status === 413) return error(reply, 413, 'payload_too_large', 'Request body too large.');
    return error(reply, 500, 'internal_server_error', err instanceof Error ? err.message : String(err));
  });
  app.setNotFoundHandler((_request, reply) =>
    error(reply, 400, 'invalid_request_url', 'Invalid request URL.'),
  );

  const page404 = (reply: FastifyReply, id: string) =>
    error(
      reply,
      404,
      'object_not_found',
      `Could not find page with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
    );

  // Databases and data sources
  const databaseOut = (id: string) => {
    const db = store.databases.get(id);
    if (!db) return undefined;
    return {
      object: 'database',
      id: db.id,
      title: db.title,
      description: db.description ?? [],
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
    const parent = { ...((body.parent ?? {}) as { page_id?: string }) };
    parent.page_id = notionId(parent.page_id, 'body.parent.page_id');
    const parentPage = store.pages.get(parent.page_id);
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
      description: body.description === undefined ? [] : richTextIn(body.description, 'description', store),
    });
    return databaseOut(databaseId);
  });
  app.get('/v1/databases/:database_id', async (request, reply) => {
    const id = (request.params as { database_id: string }).database_id;
    return (
      databaseOut(id) ?? error(reply, 404, 'object_not_found', `Could not find database with ID: ${id}.`)
    );
  });
  app.patch('/v1/databases/:database_id', async (request, reply) => {
    const id = (request.params as { database_id: string }).database_id;
    const db = store.databases.get(id);
    if (!db) return error(reply, 404, 'object_not_found', `Could not find database with ID: ${id}.`);
    const body = (request.body ?? {}) as Json;
    if (body.description !== undefined) db.description = richTextIn(body.description, 'description', store);
    return databaseOut(id);
  });
  app.get('/v1/data_sources/:data_source_id', async (request, reply) => {
    const id = (request.params as { data_source_id: string }).data_source_id;
    return (
      dataSourceOut(id) ?? error(reply, 404, 'object_not_found', `Could not find data source with ID: ${id}.`)
    );
  });
  app.patch('/v1/data_sources/:data_source_id', async (request, reply) => {
    const ds = store.dataSources.get((request.params as { data_source_id: string }).data_source_id);
    if (!ds) return error(reply, 404, 'object_not_found', 'Could not find data source.');
    Object.assign(ds.properties, schemaIn(((request.body as Json).properties ?? {}) as Record<string, Json>));
    return dataSourceOut(ds.id);
  });
  app.post('/v1/data_sources/:data_source_id/query', async (request, reply) => {
    const ds = store.dataSources.get((request.params as { data_source_id: string }).data_source_id);
    if (!ds) return error(reply, 404, 'object_not_found', 'Could not find data source.');
    const body = (request.body ?? {}) as Json;
    const pages = [...store.pages.values()]
      .filter((p) => !p.in_trash && (p.parent as { data_source_id?: string }).data_source_id === ds.id)
      .filter((p) => matches(p, body.filter as Json | undefined))
      .sort((a, b) => a.created_time.localeCompare(b.created_time));
    return list(
      pages.map((p) => pageOut(p, store)),
      { start_cursor: body.start_cursor, page_size: body.page_size },
      'page_or_data_source',
      'body',
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
    const parent = {
      ...((body.parent ?? {}) as { type?: string; data_source_id?: string; page_id?: string }),
    };
    if (parent.data_source_id !== undefined || parent.type === 'data_source_id') {
      parent.data_source_id = notionId(parent.data_source_id, 'body.parent.data_source_id');
    } else {
      parent.page_id = notionId(parent.page_id, 'body.parent.page_id');
    }
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
  app.get('/v1/pages/:page_id', async (request, reply) => {
    const id = (request.params as { page_id: string }).page_id;
    const page = store.pages.get(id);
    return page ? pageOut(page, store) : page404(reply, id);
  });
  app.patch('/v1/pages/:page_id', async (request, reply) => {
    const id = (request.params as { page_id: string }).page_id;
    const page = store.pages.get(id);
    if (!page) return page404(reply, id);
    const body = request.body as Json;
    propertiesIn(page, (body.properties ?? {}) as Record<string, Json>);
    if (typeof body.in_trash === 'boolean') page.in_trash = body.in_trash;
    if (typeof body.archived === 'boolean') page.in_trash = body.archived;
    store.touch(page.id, bot);
    return pageOut(page, store);
  });

  // Blocks
  app.get('/v1/blocks/:block_id', async (request, reply) => {
    const block = store.blocks.get((request.params as { block_id: string }).block_id);
    return block && !block.in_trash
      ? blockOut(block, store)
      : error(reply, 404, 'object_not_found', 'Could not find block.');
  });
  app.get('/v1/blocks/:block_id/children', async (request, reply) => {
    const id = (request.params as { block_id: string }).block_id;
    const children = store.childrenOf(id);
    if (!children) return error(reply, 404, 'object_not_found', `Could not find block with ID: ${id}.`);
    const blocks = children.map((c) => store.blocks.get(c)).filter((b) => b && !b.in_trash);
    return list(
      blocks.filter((b) => b !== undefined).map((b) => blockOut(b, store)),
      request.query as Json,
      'block',
    );
  });
  app.patch('/v1/blocks/:block_id/children', async (request, reply) => {
    const id = (request.params as { block_id: string }).block_id;
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
    return list(
      created.map((b) => blockOut(b, store)),
      {},
      'block',
    );
  });
  app.patch('/v1/blocks/:block_id', async (request, reply) => {
    const block = store.blocks.get((request.params as { block_id: string }).block_id);
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
    return blockOut(block, store);
  });
  app.delete('/v1/blocks/:block_id', async (request, reply) => {
    const block = store.blocks.get((request.params as { block_id: string }).block_id);
    if (!block || block.in_trash) return error(reply, 404, 'object_not_found', 'Could not find block.');
    block.in_trash = true;
    store.touch(block.id, bot);
    return blockOut(block, store);
  });

  await commentRoutes(app, { store, page404 });
}
