import { z } from 'zod';
import { ConfigError, type ConfigProblem, problemsFromZod } from './errors.js';
import { type RequiredVariable, type VariableName, variableInfo } from './variables.js';

const secretList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .optional();

const optionalString = z
  .string()
  .transform((v) => v.trim())
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** Passwords in a URL, as `redis://:***@host`: what was given is echoed back to the terminal and logs. */
function maskPassword(text: string): string {
  return text.replace(/(\/\/[^/@:]*:)[^@/]*@/, '$1***@');
}

const given = (raw: string) => JSON.stringify(maskPassword(raw));

/** A variable read as text and checked by `parse`; empty counts as unset (a `PORT=` line in .env). */
function variable<T>(fallback: T, parse: (raw: string) => { value: T } | { problem: string }) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T => {
      if (raw === undefined || raw.trim() === '') return fallback;
      const result = parse(raw.trim());
      if ('value' in result) return result.value;
      ctx.addIssue({ code: 'custom', message: result.problem });
      return z.NEVER;
    });
}

function port<T extends number | undefined>(
  name: 'PORT' | 'WORKER_PORT' | 'OPS_PORT',
  fallback: T,
  example: number,
) {
  return variable<number | T>(fallback, (raw) => {
    const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    // 0 (any free port) is kept for tests; people are told 1 to 65535.
    if (Number.isInteger(n) && n >= 0 && n <= 65_535) return { value: n };
    return {
      problem: `must be a whole number from 1 to 65535, got ${given(raw)}; e.g. ${name}=${example}`,
    };
  });
}

function seconds(name: string, fallback: number, options: { zero: boolean; example: number }) {
  return variable<number>(fallback, (raw) => {
    const n = Number(raw);
    if (Number.isFinite(n) && (options.zero ? n >= 0 : n > 0)) return { value: n };
    const range = options.zero ? '0 or more' : 'above 0';
    return {
      problem: `must be a number of seconds, ${range}, got ${given(raw)}; e.g. ${name}=${options.example}`,
    };
  });
}

const rate = variable<number>(3, (raw) => {
  const n = Number(raw);
  if (Number.isFinite(n) && n > 0) return { value: n };
  return {
    problem: `must be a number of requests per second above 0, got ${given(raw)}; e.g. NOTION_RATE_LIMIT=3`,
  };
});

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A Redis URL as ioredis reads it: redis:// or rediss://, a host, and a database number if any. */
function parseRedisUrl(raw: string): { value: string } | { problem: string } {
  const refuse = (fix: string) => ({
    problem: `must be a redis:// or rediss:// URL, got ${given(raw)}; ${fix}`,
  });
  if (!HAS_SCHEME.test(raw)) return refuse(`set REDIS_URL=redis://${maskPassword(raw)}`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('e.g. REDIS_URL=redis://127.0.0.1:6379');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    return refuse(`set REDIS_URL=${maskPassword(raw.replace(HAS_SCHEME, 'redis://'))} (rediss:// for TLS)`);
  }
  if (!url.hostname) return refuse('name the host, e.g. REDIS_URL=redis://127.0.0.1:6379');
  if (!/^\/?(\d+)?$/.test(url.pathname)) {
    return {
      problem: `must end with a database number if anything, got ${given(raw)}; e.g. redis://${url.host}/0`,
    };
  }
  return { value: raw };
}

function httpUrl(name: string) {
  return variable<string | undefined>(undefined, (raw) => {
    try {
      const url = new URL(raw);
      if (url.protocol === 'http:' || url.protocol === 'https:') return { value: raw };
    } catch {}
    return { problem: `must be an http:// or https:// URL, got ${given(raw)}; or leave ${name} unset` };
  });
}

function oneOf<const T extends readonly string[]>(values: T, fallback: T[number]) {
  return variable<T[number]>(fallback, (raw) =>
    (values as readonly string[]).includes(raw)
      ? { value: raw as T[number] }
      : { problem: `must be one of ${values.join('|')}, got ${given(raw)}` },
  );
}

const FLAGS = { '1': true, true: true, yes: true, '0': false, false: false, no: false } as const;
const flag = variable<boolean>(false, (raw) => {
  const value = FLAGS[raw.toLowerCase() as keyof typeof FLAGS];
  return value === undefined
    ? { problem: `must be 1 or 0 (true/false, yes/no), got ${given(raw)}` }
    : { value };
});

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const text = (fallback: string) => variable<string>(fallback, (raw) => ({ value: raw }));

const envSchema = z.object({
  REDIS_URL: variable('redis://127.0.0.1:6379', parseRedisUrl),
  REDIS_PREFIX: text('{commitline}'),
  ALLOW_EVICTING_REDIS: flag,
  LINEAR_API_KEY: optionalString,
  LINEAR_WEBHOOK_SECRET: secretList,
  LINEAR_API_URL: httpUrl('LINEAR_API_URL'),
  NOTION_TOKEN: optionalString,
  NOTION_WEBHOOK_SECRET: optionalString,
  NOTION_API_URL: httpUrl('NOTION_API_URL'),
  NOTION_PARENT_PAGE_ID: optionalString,
  NOTION_RATE_LIMIT: rate,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_CHANNEL: optionalString,
  SLACK_API_URL: httpUrl('SLACK_API_URL'),
  COMMITLINE_CONFIG: text('config/team.yaml'),
  PORT: port('PORT', 3000, 3000),
  WORKER_PORT: port('WORKER_PORT', undefined, 3001),
  OPS_PORT: port('OPS_PORT', undefined, 3002),
  OPS_TOKEN: optionalString,
  HOST: text('0.0.0.0'),
  LOG_LEVEL: oneOf(LOG_LEVELS, 'info'),
  RECOMPUTE_DEBOUNCE_SECONDS: seconds('RECOMPUTE_DEBOUNCE_SECONDS', 10, { zero: true, example: 10 }),
  SHUTDOWN_GRACE_SECONDS: seconds('SHUTDOWN_GRACE_SECONDS', 20, { zero: false, example: 20 }),
});

const isSet = (value: string | undefined) => value !== undefined && value.trim() !== '';

/** The Slack digest is on with both of its variables; one alone is a mistake, not "off". */
function slackPairProblems(env: Record<string, string | undefined>): ConfigProblem[] {
  const token = isSet(env.SLACK_BOT_TOKEN);
  const channel = isSet(env.SLACK_CHANNEL);
  if (token && !channel) {
    return [
      {
        path: 'SLACK_CHANNEL',
        message:
          'required with SLACK_BOT_TOKEN; set it to the digest’s channel (an id such as C0123ABCD, or #name), or unset SLACK_BOT_TOKEN',
      },
    ];
  }
  if (channel && !token) {
    return [
      {
        path: 'SLACK_BOT_TOKEN',
        message:
          'required with SLACK_CHANNEL; set it to the Slack app’s Bot User OAuth Token (xoxb-…), or unset SLACK_CHANNEL',
      },
    ];
  }
  return [];
}

/** Where the Friday digest goes, when Slack is configured. */
export interface SlackSettings {
  token: string;
  /** An id (C0123ABCD) or a name (`eng-weekly`, the `#` dropped). */
  channel: string;
  apiUrl?: string | undefined;
}

/** The environment, validated once at start. Nothing else in commitline reads `process.env`. */
export interface Env {
  redisUrl: string;
  redisPrefix: string;
  allowEvictingRedis: boolean;
  linearApiKey?: string | undefined;
  linearWebhookSecrets: readonly string[];
  linearApiUrl?: string | undefined;
  notionToken?: string | undefined;
  notionWebhookSecret?: string | undefined;
  notionApiUrl?: string | undefined;
  notionParentPageId?: string | undefined;
  notionRateLimitPerSecond: number;
  /** Absent: no Slack digest. */
  slack?: SlackSettings | undefined;
  configPath: string;
  port: number;
  /** Health and metrics of `commitline worker` (default PORT + 1, so api and worker share a host). */
  workerPort: number;
  /** Readiness and metrics of `api` and `serve`, apart from the public webhook port (default PORT + 2). */
  opsPort: number;
  /** Also serves readiness and metrics on the webhook port, to a bearer of this token. */
  opsToken?: string | undefined;
  host: string;
  logLevel: LogLevel;
  recomputeDebounceMs: number;
  shutdownGraceMs: number;
}

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export function readEnv(env: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(env, { reportInput: true });
  const pair = slackPairProblems(env);
  if (!parsed.success || pair.length > 0) {
    const problems = parsed.success ? [] : problemsFromZod(parsed.error.issues);
    throw new ConfigError('The environment', [...problems, ...pair]);
  }
  const e = parsed.data;
  return {
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    allowEvictingRedis: e.ALLOW_EVICTING_REDIS,
    linearApiKey: e.LINEAR_API_KEY,
    linearWebhookSecrets: e.LINEAR_WEBHOOK_SECRET ?? [],
    linearApiUrl: e.LINEAR_API_URL,
    notionToken: e.NOTION_TOKEN,
    notionWebhookSecret: e.NOTION_WEBHOOK_SECRET,
    notionApiUrl: e.NOTION_API_URL,
    notionParentPageId: e.NOTION_PARENT_PAGE_ID,
    notionRateLimitPerSecond: e.NOTION_RATE_LIMIT,
    ...(e.SLACK_BOT_TOKEN && e.SLACK_CHANNEL
      ? {
          slack: {
            token: e.SLACK_BOT_TOKEN,
            channel: e.SLACK_CHANNEL.replace(/^#/, ''),
            ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
          },
        }
      : {}),
    configPath: e.COMMITLINE_CONFIG,
    port: e.PORT,
    workerPort: e.WORKER_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 1),
    opsPort: e.OPS_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 2),
    opsToken: e.OPS_TOKEN,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    recomputeDebounceMs: Math.round(e.RECOMPUTE_DEBOUNCE_SECONDS * 1000),
    shutdownGraceMs: Math.round(e.SHUTDOWN_GRACE_SECONDS * 1000),
  };
}

function missing(variable: VariableName, why: string): ConfigProblem {
  const spec = variableInfo(variable);
  return { path: variable, message: `required ${why}; set ${variable}${spec.get ? ` to ${spec.get}` : ''}` };
}

/** The variables a command needs that are unset or empty, each with what it is for and where to get it. */
export function missingVariables(
  env: Record<string, string | undefined>,
  required: readonly RequiredVariable[],
): ConfigProblem[] {
  return required
    .filter((r) => !env[r.variable]?.replace(/[\s,]/g, ''))
    .map((r) => missing(r.variable, r.why));
}

/** Names the variable a command needs and says how to provide it. */
export function requireEnv<K extends keyof Env>(
  env: Env,
  key: K,
  variable: VariableName,
  why: string,
): NonNullable<Env[K]> {
  const value = env[key];
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    throw new ConfigError('The environment', [missing(variable, why)]);
  }
  return value as NonNullable<Env[K]>;
}
