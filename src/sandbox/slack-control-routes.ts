/**
 * The sandbox's Slack, seen and arranged from outside, under /_sandbox/slack: the messages of a
 * channel or of a person's DM (what the tests and a person trying commitline read), people and
 * channels added, and the bot invited to or removed from a channel.
 */
import type { FastifyInstance } from 'fastify';
import { ActionError } from './actions.js';
import { SANDBOX_SLACK_CHANNEL, type SlackStore, type StoredSlackMessage } from './slack-store.js';

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

const out = (m: StoredSlackMessage) => ({
  ts: m.ts,
  text: m.text,
  blocks: m.blocks ?? [],
  metadata: m.metadata ?? null,
  edited: m.edited !== undefined,
});

export async function slackControlRoutes(
  app: FastifyInstance,
  options: { store: SlackStore },
): Promise<void> {
  const { store } = options;
  app.setErrorHandler((err, _request, reply) => {
    if (err instanceof ActionError) return reply.code(err.status).send({ error: err.message });
    return reply.code(500).send({ error: err instanceof Error ? err.message : String(err) });
  });

  app.get('/channels', async () => ({
    channels: [...store.channels.values()]
      .filter((c) => !c.isIm)
      .map((c) => ({ id: c.id, name: c.name, botIsMember: c.botIsMember, messages: c.messages.length })),
  }));

  /** `?channel=<id or name>` (default the digest channel), or `?email=` for the DMs to a person. */
  app.get('/messages', async (request) => {
    const query = request.query as { channel?: string; email?: string };
    if (query.email) return { messages: store.directMessages(query.email).map(out) };
    const channel = store.channel(query.channel ?? SANDBOX_SLACK_CHANNEL.id);
    if (!channel) throw new ActionError(`no channel ${query.channel}`, 404);
    return { channel: channel.id, messages: channel.messages.map(out) };
  });

  app.post('/users', async (request) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const email = text(body.email);
    if (!email) throw new ActionError('give the person\'s "email" (and "name")');
    return { user: store.addUser(email, text(body.name) ?? email) };
  });

  app.post('/channels', async (request) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const name = text(body.name);
    if (!name)
      throw new ActionError('give the channel\'s "name", and "botIsMember": false to leave the bot out');
    const existing = store.channel(name);
    if (existing) {
      if (typeof body.botIsMember === 'boolean') existing.botIsMember = body.botIsMember;
      return { channel: { id: existing.id, name: existing.name, botIsMember: existing.botIsMember } };
    }
    const created = store.addChannel(name, {
      ...(typeof body.botIsMember === 'boolean' ? { botIsMember: body.botIsMember } : {}),
      ...(body.isPrivate === true ? { isPrivate: true } : {}),
    });
    return { channel: { id: created.id, name: created.name, botIsMember: created.botIsMember } };
  });
}
