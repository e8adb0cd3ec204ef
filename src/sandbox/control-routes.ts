/**
 * The sandbox's control API, under /_sandbox, apart from the emulated Linear and Notion routes:
 * act as a person of the team (by email), look at what is there, inject faults. Answers JSON;
 * a refusal is `{ error }` with 400 (bad request) or 404 (no such person, page, block or issue).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ActionError, type SandboxActions } from './actions.js';
import type { Fault, FaultQueue } from './faults.js';
import type { LinearIssue, LinearStore } from './linear-store.js';
import { pageToMarkdown } from './markdown.js';
import { commentOut } from './notion-comment-routes.js';
import { blockOut, pageOut } from './notion-shapes.js';
import { type Json, type NotionStore, plain, propertyText } from './notion-store.js';
import type { People } from './people.js';

export interface ControlOptions {
  actions: SandboxActions;
  people: People;
  linear: LinearStore;
  notion: NotionStore;
  faults: FaultQueue;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export async function controlRoutes(app: FastifyInstance, options: ControlOptions): Promise<void> {
  const { actions, people, linear, notion, faults } = options;
  app.setErrorHandler((err, _request, reply: FastifyReply) => {
    if (err instanceof ActionError) return reply.code(err.status).send({ error: err.message });
    const status = (err as { statusCode?: number }).statusCode;
    return reply
      .code(status && status < 500 ? status : 500)
      .send({ error: err instanceof Error ? err.message : String(err) });
  });
  const body = (request: { body?: unknown }) => (request.body ?? {}) as Json;
  const issueOut = (i: LinearIssue) => ({
    id: i.id,
    identifier: i.identifier,
    title: i.title,
    url: i.url,
    state: linear.states.find((s) => s.id === i.stateId)?.type,
    assignee: [...people.list()].find((p) => p.linearUserId === i.assigneeId)?.email ?? null,
    labels: i.labelIds.map((id) => linear.labels.get(id)?.name),
    completedAt: i.completedAt,
  });

  app.get('/people', async () => ({ people: people.list() }));

  app.post('/faults', async (request) => {
    faults.inject(request.body as Fault);
    return { injected: true };
  });

  // Notion
  app.post('/notion/webhooks', async (request) => {
    const b = body(request);
    const url = text(b.url);
    if (!url) throw new ActionError('give the webhook "url", e.g. http://127.0.0.1:3000/webhooks/notion');
    const token = text(b.verification_token) ?? `secret_${randomUUID().replace(/-/g, '')}`;
    const status = await actions.subscribeNotion(url, token);
    return { url, verification_token: token, handshake_status: status };
  });
  app.get('/notion/pages', async () => ({
    pages: [...notion.pages.values()]
      .filter((p) => !p.in_trash)
      .map((p) => ({
        id: p.id,
        title: notion.title(p),
        properties: Object.fromEntries(Object.entries(p.properties).map(([k, v]) => [k, propertyText(v)])),
      })),
  }));
  app.get('/notion/pages/:page_id', async (request, reply) => {
    const id = (request.params as { page_id: string }).page_id;
    const page = notion.pages.get(id);
    if (!page) throw new ActionError(`no page ${id}`, 404);
    if ((request.query as Json).format === 'markdown') {
      return reply.type('text/markdown; charset=utf-8').send(pageToMarkdown(notion, id));
    }
    return {
      page: pageOut(page, notion),
      blocks: page.children
        .map((b) => notion.blocks.get(b))
        .filter((b) => b !== undefined && !b.in_trash)
        .map((b) => ({ ...(b ? blockOut(b, notion) : {}), text: plain(b?.content.rich_text as Json[]) })),
      comments: notion.comments.filter((c) => c.pageId === id).map((c) => commentOut(notion, c)),
    };
  });
  app.post('/notion/comments', async (request) => {
    const b = body(request);
    const where = {
      ...(text(b.page_id) ? { pageId: text(b.page_id) } : {}),
      ...(text(b.block_id) ? { blockId: text(b.block_id) } : {}),
      ...(text(b.discussion_id) ? { discussionId: text(b.discussion_id) } : {}),
    };
    if (Object.keys(where).length !== 1) {
      throw new ActionError('say where: exactly one of "page_id", "block_id" or "discussion_id"');
    }
    return commentOut(notion, await actions.comment(b.as, where, b.text));
  });
  app.post('/notion/blocks/:block_id/text', async (request) => {
    const b = body(request);
    const block = await actions.editBlock(b.as, (request.params as { block_id: string }).block_id, b.text);
    return blockOut(block, notion);
  });
  app.post('/notion/pages/:page_id/commitments', async (request) => {
    const b = body(request);
    const written = await actions.writeCommitments(
      b.as,
      (request.params as { page_id: string }).page_id,
      b.items,
    );
    return { blocks: written.map((block) => blockOut(block, notion)) };
  });
  app.post('/notion/excused', async (request) => {
    const b = body(request);
    const page = await actions.setExcused(
      b.as,
      {
        ...(text(b.page_id) ? { pageId: text(b.page_id) } : {}),
        ...(text(b.week) ? { week: text(b.week) } : {}),
        ...(text(b.engineer) ? { engineer: text(b.engineer) } : {}),
      },
      b.excused !== false,
    );
    return pageOut(page, notion);
  });

  // Linear
  app.get('/linear/issues', async () => ({ issues: [...linear.issues.values()].map(issueOut) }));
  app.post('/linear/issues', async (request) => {
    const b = body(request);
    const issue = await actions.createIssue(b.as, b.title);
    return issueOut(b.ship === true ? await actions.ship(issue.id) : issue);
  });
  app.post('/linear/issues/:id/ship', async (request) =>
    issueOut(await actions.ship((request.params as { id: string }).id)),
  );
  app.post('/linear/issues/:id/reopen', async (request) =>
    issueOut(await actions.reopen((request.params as { id: string }).id)),
  );
  app.get('/linear/deliveries', async () => ({ deliveries: linear.deliveries }));
  app.get('/notion/deliveries', async () => ({ deliveries: actions.notionDeliveries }));
}
