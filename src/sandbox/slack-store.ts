/**
 * The sandbox's Slack workspace: one bot, channels with their messages, people by email, and the
 * direct-message channels opened with them. Message `ts` follow the sandbox's clock (the demo's
 * and the tests' simulated time), so a week's history reads as it would have in real Slack.
 */

export interface SlackMetadataIn {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface StoredSlackMessage {
  ts: string;
  text: string;
  blocks?: unknown[];
  metadata?: SlackMetadataIn;
  /** The bot's user id: every message here is the app's. */
  user: string;
  edited?: { user: string; ts: string };
}

export interface StoredChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  isIm: boolean;
  /** The bot is in the channel (invited). */
  botIsMember: boolean;
  /** For a DM: the person on the other side. */
  user?: string;
  created: number;
  /** Oldest first. */
  messages: StoredSlackMessage[];
}

export interface SlackUser {
  id: string;
  email: string;
  name: string;
}

export const SANDBOX_SLACK_TEAM = {
  id: 'T0SANDBOX',
  name: 'commitline sandbox',
  domain: 'commitline-sandbox',
};
export const SANDBOX_BOT = { userId: 'U0BOT00001', botId: 'B0BOT00001', name: 'commitline' };
/** The channel the sandbox starts with, the bot invited: SLACK_CHANNEL for the demo. */
export const SANDBOX_SLACK_CHANNEL = { id: 'C0DIGEST01', name: 'eng-weekly' };

export class SlackStore {
  readonly channels = new Map<string, StoredChannel>();
  readonly users = new Map<string, SlackUser>();
  #lastTs = 0;
  #counter = 0;

  constructor(private readonly clock: () => Date = () => new Date()) {
    this.addChannel(SANDBOX_SLACK_CHANNEL.name, { id: SANDBOX_SLACK_CHANNEL.id });
  }

  addChannel(
    name: string,
    options: { id?: string; isPrivate?: boolean; botIsMember?: boolean; isArchived?: boolean } = {},
  ): StoredChannel {
    this.#counter += 1;
    const id = options.id ?? `C0${String(this.#counter).padStart(8, '0')}`;
    const channel: StoredChannel = {
      id,
      name,
      isPrivate: options.isPrivate ?? false,
      isArchived: options.isArchived ?? false,
      isIm: false,
      botIsMember: options.botIsMember ?? true,
      created: Math.floor(this.clock().getTime() / 1000),
      messages: [],
    };
    this.channels.set(id, channel);
    return channel;
  }

  addUser(email: string, name: string): SlackUser {
    const existing = this.users.get(email.toLowerCase());
    if (existing) return existing;
    this.#counter += 1;
    const user = { id: `U0${String(this.#counter).padStart(8, '0')}`, email: email.toLowerCase(), name };
    this.users.set(user.email, user);
    return user;
  }

  /** A channel by id, or by name (with or without `#`), as chat.postMessage takes it. */
  channel(idOrName: string): StoredChannel | undefined {
    const byId = this.channels.get(idOrName);
    if (byId) return byId;
    const name = idOrName.replace(/^#/, '');
    return [...this.channels.values()].find((c) => !c.isIm && c.name === name);
  }

  /** The DM channel with a user, opened on first use. */
  openIm(userId: string): { channel: StoredChannel; alreadyOpen: boolean } {
    const found = [...this.channels.values()].find((c) => c.isIm && c.user === userId);
    if (found) return { channel: found, alreadyOpen: true };
    this.#counter += 1;
    const channel: StoredChannel = {
      id: `D0${String(this.#counter).padStart(8, '0')}`,
      name: '',
      isPrivate: true,
      isArchived: false,
      isIm: true,
      botIsMember: true,
      user: userId,
      created: Math.floor(this.clock().getTime() / 1000),
      messages: [],
    };
    this.channels.set(channel.id, channel);
    return { channel, alreadyOpen: false };
  }

  /** `1733650000.000100`: seconds and a sequence, always increasing, from the sandbox's clock. */
  nextTs(): string {
    const micros = Math.max(this.clock().getTime() * 1000, this.#lastTs + 100);
    this.#lastTs = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  post(channel: StoredChannel, message: Omit<StoredSlackMessage, 'ts' | 'user'>): StoredSlackMessage {
    const stored = { ...message, ts: this.nextTs(), user: SANDBOX_BOT.userId };
    channel.messages.push(stored);
    return stored;
  }

  /** Every message of a channel (the digest channel when none is named), oldest first. */
  messages(idOrName: string = SANDBOX_SLACK_CHANNEL.id): StoredSlackMessage[] {
    return this.channel(idOrName)?.messages ?? [];
  }

  /** The DM messages the bot sent to the person with that email. */
  directMessages(email: string): StoredSlackMessage[] {
    const user = this.users.get(email.toLowerCase());
    if (!user) return [];
    return [...this.channels.values()].find((c) => c.isIm && c.user === user.id)?.messages ?? [];
  }
}
