/**
 * The sandbox's Slack Web API: the methods commitline's digest calls, answered the way Slack
 * answers them. `POST /slack/api/<method>`, the token as a bearer header (or a `token` field),
 * the body form-encoded (what `@slack/web-api` sends, objects as JSON strings) or JSON. Failures
 * are HTTP 200 with `{ ok: false, error }` (`invalid_auth`, `channel_not_found`, `not_in_channel`,
 * `users_not_found`, `message_not_found` …); a rate limit is a 429 with `Retry-After` and
 * `{ ok: false, error: "ratelimited" }`. Faults (`service: "slack"`) can be injected per method.
 */
import { parse as parseQuery } from 'node:querystring';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FaultQueue } from './faults.js';
import {
  SANDBOX_BOT,
  SANDBOX_SLACK_TEAM,
  type SlackMetadataIn,
  type SlackStore,
  type StoredChannel,
  type StoredSlackMessage,
} from './slack-store.js';

export interface SlackRoutesOptions {
  store: SlackStore;
  token: string;
  faults: FaultQueue;
}

type Body = Record<string, unknown>;

/** Slack's own error: HTTP 200, `ok: false`. */
class SlackRefusal extends Error {
  constructor(readonly error: string) {
    super(error);
  }
}

/** A field the SDK sends as a JSON string in a form, or as itself in a JSON body. */
function jsonField(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new SlackRefusal('invalid_arguments');
  }
}

const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const bool = (value: unknown) => value === true || value === 'true' || value === '1' || value === 1;

function messageOut(m: StoredSlackMessage, withMetadata: boolean) {
  return {
    type: 'message',
    user: m.user,
    bot_id: SANDBOX_BOT.botId,
    app_id: 'A0SANDBOX1',
    text: m.text,
    ts: m.ts,
    team: SANDBOX_SLACK_TEAM.id,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.edited ? { edited: m.edited } : {}),
    ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
  };
}

function channelOut(c: StoredChannel) {
  return c.isIm
    ? {
        id: c.id,
        created: c.created,
        is_im: true,
        is_org_shared: false,
        user: c.user,
        is_user_deleted: false,
      }
    : {
        id: c.id,
        name: c.name,
        name_normalized: c.name,
        is_channel: !c.isPrivate,
        is_group: c.isPrivate,
        is_im: false,
        is_mpim: false,
        is_private: c.isPrivate,
        is_archived: c.isArchived,
        is_general: false,
        is_member: c.botIsMember,
        created: c.created,
        creator: 'U0CREATOR1',
        context_team_id: SANDBOX_SLACK_TEAM.id,
      };
}

function metadataIn(value: unknown): SlackMetadataIn | undefined {
  const m = jsonField(value);
  if (m === undefined || m === null) return undefined;
  if (typeof m !== 'object' || typeof (m as Body).event_type !== 'string')
    throw new SlackRefusal('invalid_metadata_format');
  const payload = (m as Body).event_payload;
  if (typeof payload !== 'object' || payload === null) throw new SlackRefusal('invalid_metadata_format');
  return { event_type: (m as Body).event_type as string, event_payload: payload as Record<string, unknown> };
}

function blocksIn(value: unknown): unknown[] | undefined {
  const blocks = jsonField(value);
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) throw new SlackRefusal('invalid_blocks_format');
  // Slack's limits: 50 blocks in a message, 3,000 characters in a section's text.
  if (blocks.length > 50) throw new SlackRefusal('invalid_blocks');
  for (const block of blocks as Body[]) {
    const text = (block.text as Body | undefined)?.text;
    if (block.type === 'section' && typeof text === 'string' && text.length > 3000) {
      throw new SlackRefusal('invalid_blocks');
    }
    if (block.type === 'header' && typeof text === 'string' && text.length > 150) {
      throw new SlackRefusal('invalid_blocks');
    }
  }
  return blocks;
}

/** A cursor is the offset of the next page, as opaque as Slack's. */
const cursorOf = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64');
function offsetOf(cursor: unknown): number {
  const text = str(cursor);
  if (!text) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(text, 'base64').toString('utf8'));
  if (!match) throw new SlackRefusal('invalid_cursor');
  return Number(match[1]);
}

export async function slackRoutes(app: FastifyInstance, options: SlackRoutesOptions): Promise<void> {
  const { store } = options;
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, parseQuery(String(body)));
    },
  );

  const writable = (idOrName: unknown): StoredChannel => {
    const channel = store.channel(str(idOrName) ?? '');
    if (!channel) throw new SlackRefusal('channel_not_found');
    if (channel.isArchived) throw new SlackRefusal('is_archived');
    if (!channel.botIsMember) throw new SlackRefusal('not_in_channel');
    return channel;
  };
  const byId = (id: unknown): StoredChannel => {
    const channel = store.channels.get(str(id) ?? '');
    if (!channel) throw new SlackRefusal('channel_not_found');
    return channel;
  };

  const methods: Record<string, (body: Body) => Body> = {
    'auth.test': () => ({
      url: `https://${SANDBOX_SLACK_TEAM.domain}.slack.com/`,
      team: SANDBOX_SLACK_TEAM.name,
      user: SANDBOX_BOT.name,
      team_id: SANDBOX_SLACK_TEAM.id,
      user_id: SANDBOX_BOT.userId,
      bot_id: SANDBOX_BOT.botId,
      is_enterprise_install: false,
    }),
    'chat.postMessage': (body) => {
      const channel = writable(body.channel);
      const text = str(body.text) ?? '';
      const blocks = blocksIn(body.blocks);
      if (!text && !blocks) throw new SlackRefusal('no_text');
      if (text.length > 40_000) throw new SlackRefusal('msg_too_long');
      const metadata = metadataIn(body.metadata);
      const message = store.post(channel, {
        text,
        ...(blocks ? { blocks } : {}),
        ...(metadata ? { metadata } : {}),
      });
      return { channel: channel.id, ts: message.ts, message: messageOut(message, true) };
    },
    'chat.update': (body) => {
      const channel = writable(body.channel);
      const message = channel.messages.find((m) => m.ts === str(body.ts));
      if (!message) throw new SlackRefusal('message_not_found');
      const blocks = blocksIn(body.blocks);
      const metadata = metadataIn(body.metadata);
      if (body.text !== undefined) message.text = str(body.text) ?? '';
      if (blocks) message.blocks = blocks;
      if (metadata) message.metadata = metadata;
      message.edited = { user: SANDBOX_BOT.userId, ts: store.nextTs() };
      return { channel: channel.id, ts: message.ts, text: message.text, message: messageOut(message, true) };
    },
    'conversations.history': (body) => {
      const channel = byId(body.channel);
      if (!channel.botIsMember) throw new SlackRefusal('not_in_channel');
      const oldest = Number(str(body.oldest) ?? '0');
      const latest = str(body.latest) ? Number(body.latest) : Number.POSITIVE_INFINITY;
      const limit = Math.min(Math.max(Number(str(body.limit) ?? body.limit ?? 100) || 100, 1), 999);
      const inRange = channel.messages
        .filter((m) => Number(m.ts) > oldest && Number(m.ts) < latest)
        .reverse();
      const offset = offsetOf(body.cursor);
      const page = inRange.slice(offset, offset + limit);
      const more = offset + limit < inRange.length;
      const withMetadata = bool(body.include_all_metadata);
      return {
        messages: page.map((m) => messageOut(m, withMetadata)),
        has_more: more,
        pin_count: 0,
        channel_actions_ts: null,
        channel_actions_count: 0,
        response_metadata: { next_cursor: more ? cursorOf(offset + limit) : '' },
      };
    },
    'conversations.info': (body) => ({ channel: channelOut(byId(body.channel)) }),
    'conversations.list': (body) => {
      const all = [...store.channels.values()].filter(
        (c) => !c.isIm && !(bool(body.exclude_archived) && c.isArchived) && (!c.isPrivate || c.botIsMember),
      );
      const limit = Math.min(Math.max(Number(body.limit ?? 100) || 100, 1), 1000);
      const offset = offsetOf(body.cursor);
      const more = offset + limit < all.length;
      return {
        channels: all.slice(offset, offset + limit).map(channelOut),
        response_metadata: { next_cursor: more ? cursorOf(offset + limit) : '' },
      };
    },
    'users.lookupByEmail': (body) => {
      const user = store.users.get((str(body.email) ?? '').toLowerCase());
      if (!user) throw new SlackRefusal('users_not_found');
      return {
        user: {
          id: user.id,
          team_id: SANDBOX_SLACK_TEAM.id,
          name: user.email.split('@')[0],
          deleted: false,
          real_name: user.name,
          is_bot: false,
          profile: { email: user.email, real_name: user.name, display_name: user.name },
        },
      };
    },
    'conversations.open': (body) => {
      const users = (str(body.users) ?? '').split(',').filter(Boolean);
      const [userId] = users;
      if (!userId) throw new SlackRefusal('users_list_not_supplied');
      if (users.length > 1) throw new SlackRefusal('not_enough_users');
      if (![...store.users.values()].some((u) => u.id === userId)) throw new SlackRefusal('user_not_found');
      const { channel, alreadyOpen } = store.openIm(userId);
      return { no_op: alreadyOpen, already_open: alreadyOpen, channel: { id: channel.id } };
    },
  };

  app.post('/:method', async (request, reply: FastifyReply) => {
    const { method } = request.params as { method: string };
    const body = (request.body ?? {}) as Body;
    const fault = await options.faults.take('slack', { method: 'POST', path: `/${method}` });
    if (fault?.status === 429) {
      return reply.code(429).header('retry-after', '1').send({ ok: false, error: 'ratelimited' });
    }
    if (fault?.status && !fault.after) return reply.code(fault.status).send(`Injected ${fault.status}`);
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : str(body.token);
    if (!token) return reply.send({ ok: false, error: 'not_authed' });
    if (token !== options.token) return reply.send({ ok: false, error: 'invalid_auth' });
    const handler = methods[method];
    if (!handler) return reply.code(404).send({ ok: false, error: 'unknown_method' });
    try {
      const answer = { ok: true, ...handler(body) };
      // Carried out, and then the answer is lost, as behind a proxy that timed out.
      if (fault?.status) return reply.code(fault.status).send(`Injected ${fault.status} after the call`);
      return reply.send(answer);
    } catch (error) {
      if (error instanceof SlackRefusal) return reply.send({ ok: false, error: error.error });
      throw error;
    }
  });
}
