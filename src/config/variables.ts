/**
 * Every environment variable commitline reads, named once: what it is for, its default, and
 * where a person gets a value. `--help` and the "required" problems are written from this table.
 */
export const VARIABLES = {
  REDIS_URL: {
    about: 'Redis for queues, caches and the shared Notion rate limit',
    default: 'redis://127.0.0.1:6379',
  },
  REDIS_PREFIX: { about: 'prefix of every Redis key', default: '{commitline}' },
  ALLOW_EVICTING_REDIS: { about: 'set to 1 to run on a Redis that may evict keys, not advised' },
  LINEAR_API_KEY: {
    about: 'Linear API key',
    get: 'a personal API key from Linear → Settings → Security & access',
  },
  LINEAR_WEBHOOK_SECRET: {
    about: "signing secret of Linear's webhook (comma-separated during a rotation)",
    get: 'the secret `commitline setup --webhook-url <url>` prints',
  },
  LINEAR_API_URL: { about: 'another base URL for the Linear API (the sandbox, tests)' },
  NOTION_TOKEN: {
    about: 'Notion integration secret',
    get: 'the internal integration secret at https://www.notion.so/profile/integrations',
  },
  NOTION_WEBHOOK_SECRET: { about: "verification token of Notion's webhook subscription" },
  NOTION_API_URL: { about: 'another base URL for the Notion API (the sandbox, tests)' },
  NOTION_PARENT_PAGE_ID: {
    about: 'the Notion page that holds the databases',
    get: 'the id `commitline setup --parent <Notion page URL>` prints',
  },
  NOTION_RATE_LIMIT: { about: 'Notion requests per second, shared by every process', default: '3' },
  SLACK_BOT_TOKEN: {
    about: 'Slack bot token for the Friday digest (optional, with SLACK_CHANNEL)',
    get: 'the Bot User OAuth Token (xoxb-…) of your Slack app, under OAuth & Permissions',
  },
  SLACK_CHANNEL: {
    about: 'the Slack channel of the Friday digest, an id (C0123ABCD) or a name (#eng-weekly)',
    get: 'the channel’s id (channel details → About) or its name, with the app invited to it',
  },
  SLACK_API_URL: { about: 'another base URL for the Slack Web API (the sandbox, tests)' },
  COMMITLINE_CONFIG: { about: 'the team file', default: 'config/team.yaml' },
  PORT: { about: 'port of the HTTP server', default: '3000' },
  WORKER_PORT: { about: 'port of a worker’s health and metrics', default: 'PORT + 1' },
  OPS_PORT: { about: 'port of readiness and metrics of `api` and `serve`', default: 'PORT + 2' },
  OPS_TOKEN: { about: 'bearer token that also opens readiness and metrics on PORT' },
  HOST: { about: 'address to listen on', default: '0.0.0.0' },
  LOG_LEVEL: {
    about: 'fatal|error|warn|info|debug|trace|silent; debug also shows where a command failed',
  },
  RECOMPUTE_DEBOUNCE_SECONDS: { about: 'wait before recomputing a page after a change', default: '10' },
  SHUTDOWN_GRACE_SECONDS: { about: 'time running jobs get to finish on SIGTERM', default: '20' },
} as const satisfies Record<string, { about: string; default?: string; get?: string }>;

export type VariableName = keyof typeof VARIABLES;

/** One variable's entry, with every field of the table's shape. */
export function variableInfo(name: VariableName): { about: string; default?: string; get?: string } {
  return VARIABLES[name];
}

/** A variable a command cannot run without, and what it is needed for. */
export interface RequiredVariable {
  variable: VariableName;
  why: string;
}

/** The "Environment:" lines of a command's help. */
export function environmentHelp(names: readonly VariableName[]): string {
  const width = Math.max(...names.map((n) => n.length));
  const lines = names.map((name) => {
    const v = variableInfo(name);
    return `  ${name.padEnd(width)}  ${v.about}${v.default ? ` (default ${v.default})` : ''}`;
  });
  return `\nEnvironment:\n${lines.join('\n')}`;
}
