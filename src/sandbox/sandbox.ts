/**
 * A local stand-in for Linear and Notion, for the demo, the tests and a team's local try-out: the
 * official SDKs reach it through LINEAR_API_URL (…/graphql) and NOTION_API_URL (…/notion), and
 * nothing in commitline knows it is not the real service. People of a team file can be seeded in
 * both workspaces and act through the control API under /_sandbox (see control-routes.ts).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { TeamConfig } from '../config/team.js';
import { SandboxActions } from './actions.js';
import { controlRoutes } from './control-routes.js';
import { FaultQueue } from './faults.js';
import { linearRoutes } from './linear-routes.js';
import { LinearStore } from './linear-store.js';
import { notionRoutes } from './notion-routes.js';
import { NotionStore } from './notion-store.js';
import { People } from './people.js';
import { slackControlRoutes } from './slack-control-routes.js';
import { slackRoutes } from './slack-routes.js';
import { SANDBOX_SLACK_CHANNEL, SlackStore } from './slack-store.js';
import { TokenBucket } from './token-bucket.js';

export const SANDBOX_LINEAR_KEY = 'lin_api_sandbox';
export const SANDBOX_NOTION_TOKEN = 'ntn_sandbox';
export const SANDBOX_SLACK_TOKEN = 'xoxb-sandbox';
export { SANDBOX_SLACK_CHANNEL };

export interface Sandbox {
  app: FastifyInstance;
  linear: LinearStore;
  notion: NotionStore;
  /** The Slack workspace: the digest's channel, people by email, their DMs. */
  slack: SlackStore;
  faults: FaultQueue;
  /** The team's people, in both workspaces. */
  people: People;
  /** What people do, with the webhooks that follow (the control API's work). */
  actions: SandboxActions;
  /** Notion's requests per second; the demo raises it, and says so. */
  setNotionRate(perSecond: number): void;
  /** The key and token accepted from now on: a person revoking or restoring a credential. */
  setCredentials(credentials: { linearApiKey?: string; notionToken?: string; slackToken?: string }): void;
  listen(
    port?: number,
    host?: string,
  ): Promise<{
    linearApiUrl: string;
    notionApiUrl: string;
    slackApiUrl: string;
    controlUrl: string;
    port: number;
  }>;
  close(): Promise<void>;
}

export function createSandbox(
  options: {
    notionRatePerSecond?: number;
    linearApiKey?: string;
    notionToken?: string;
    /** Seeds every manager and engineer of the team file; its label is the one `ship` adds. */
    team?: Pick<TeamConfig, 'managers' | 'roster' | 'label'>;
    /** The clock of Slack message timestamps (the demo's simulated time); default the real one. */
    slackClock?: () => Date;
  } = {},
): Sandbox {
  const linear = new LinearStore();
  const notion = new NotionStore();
  const faults = new FaultQueue();
  const slack = new SlackStore(options.slackClock);
  const people = new People(linear, notion);
  if (options.team) {
    people.seedTeam(options.team);
    // The team's people in Slack too, by the email the team file gives them.
    for (const person of [...options.team.managers, ...options.team.roster]) {
      if (person.notion.email) slack.addUser(person.notion.email, person.name);
    }
  }
  const actions = new SandboxActions(linear, notion, people, options.team?.label ?? 'production-visible');
  const bucket = new TokenBucket(options.notionRatePerSecond ?? 3);
  const app = Fastify({ logger: false });
  // Fastify hands each plugin these very objects, so a credential changed here applies at once.
  const linearOptions = { store: linear, apiKey: options.linearApiKey ?? SANDBOX_LINEAR_KEY, faults };
  const notionOptions = {
    prefix: '/notion',
    store: notion,
    token: options.notionToken ?? SANDBOX_NOTION_TOKEN,
    bucket,
    faults,
  };
  app.register(linearRoutes, linearOptions);
  app.register(notionRoutes, notionOptions);
  const slackOptions = { prefix: '/slack/api', store: slack, token: SANDBOX_SLACK_TOKEN, faults };
  app.register(slackRoutes, slackOptions);
  app.register(controlRoutes, { prefix: '/_sandbox', actions, people, linear, notion, faults });
  app.register(slackControlRoutes, { prefix: '/_sandbox/slack', store: slack });
  return {
    app,
    linear,
    notion,
    slack,
    faults,
    people,
    actions,
    setNotionRate(perSecond) {
      bucket.setRate(perSecond);
    },
    setCredentials(credentials) {
      if (credentials.linearApiKey !== undefined) linearOptions.apiKey = credentials.linearApiKey;
      if (credentials.notionToken !== undefined) notionOptions.token = credentials.notionToken;
      if (credentials.slackToken !== undefined) slackOptions.token = credentials.slackToken;
    },
    async listen(port = 0, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      const base = `http://${host}:${actual}`;
      return {
        port: actual,
        linearApiUrl: `${base}/graphql`,
        notionApiUrl: `${base}/notion`,
        slackApiUrl: `${base}/slack/api/`,
        controlUrl: `${base}/_sandbox`,
      };
    },
    close: () => app.close(),
  };
}
