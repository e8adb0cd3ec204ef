import { z } from 'zod';
import { ConfigError, problemsFromZod } from './errors.js';

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

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes')
  .default(false);

const envSchema = z.object({
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().min(1).default('{commitline}'),
  ALLOW_EVICTING_REDIS: flag,
  LINEAR_API_KEY: optionalString,
  LINEAR_WEBHOOK_SECRET: secretList,
  LINEAR_API_URL: z.string().url().optional(),
  NOTION_TOKEN: optionalString,
  NOTION_WEBHOOK_SECRET: optionalString,
  NOTION_API_URL: z.string().url().optional(),
  NOTION_PARENT_PAGE_ID: optionalString,
  NOTION_RATE_LIMIT: z.coerce.number().positive().default(3),
  COMMITLINE_CONFIG: z.string().min(1).default('config/team.yaml'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  WORKER_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RECOMPUTE_DEBOUNCE_SECONDS: z.coerce.number().min(0).default(10),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().positive().default(20),
});

/** The environment, validated once at start. Nothing else in commitline reads `process.env`. */
export interface Env {
  redisUrl: string;
  redisPrefix: string;
  allowEvictingRedis: boolean;
  linearApiKey?: string;
  linearWebhookSecrets: readonly string[];
  linearApiUrl?: string;
  notionToken?: string;
  notionWebhookSecret?: string;
  notionApiUrl?: string;
  notionParentPageId?: string;
  notionRateLimitPerSecond: number;
  configPath: string;
  port: number;
  /** Health and metrics of `commitline worker` (default PORT + 1, so api and worker share a host). */
  workerPort: number;
  host: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  recomputeDebounceMs: number;
  shutdownGraceMs: number;
}

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export function readEnv(env: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(env, { reportInput: true });
  if (!parsed.success) throw new ConfigError('The environment', problemsFromZod(parsed.error.issues));
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
    configPath: e.COMMITLINE_CONFIG,
    port: e.PORT,
    workerPort: e.WORKER_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 1),
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    recomputeDebounceMs: Math.round(e.RECOMPUTE_DEBOUNCE_SECONDS * 1000),
    shutdownGraceMs: Math.round(e.SHUTDOWN_GRACE_SECONDS * 1000),
  };
}

/** Names the variable a command needs and says how to provide it. */
export function requireEnv<K extends keyof Env>(
  env: Env,
  key: K,
  variable: string,
  why: string,
): NonNullable<Env[K]> {
  const value = env[key];
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    throw new ConfigError('The environment', [
      { path: variable, message: `required ${why}; set ${variable}` },
    ]);
  }
  return value as NonNullable<Env[K]>;
}
