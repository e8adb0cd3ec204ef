/**
 * `commitline api`: the HTTP side. It verifies, validates and enqueues; it never calls Linear or
 * Notion while answering a webhook.
 */

import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Env } from '../config/env.js';
import { buildApp, buildOperationsApp } from '../http/app.js';
import type { NotionEventReader, VerificationReceipt } from '../http/notion-webhook.js';
import type {
  DependencyStates,
  OperationsOptions,
  ReadinessAnswer,
  ReadinessCheck,
} from '../http/operations.js';
import { LinearWebhookVerifier } from '../linear/index.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { maskUrl } from '../observability/redact.js';
import { createRedis, waitReady } from '../queue/connection.js';
import { createIntake } from '../queue/intake.js';
import { QUEUE_NAMES } from '../queue/names.js';
import { assertRedisSafe, EvictingRedisError } from '../queue/redis-check.js';

/** Linear gives up after 5 s; answer 503 well before that if Redis hangs. */
const ENQUEUE_TIMEOUT_MS = 2_500;
/** How long `ready()` waits for Redis before listening without it (answering 503 meanwhile). */
const REDIS_START_WAIT_MS = 3_000;

export interface ApiServer {
  /** The public app: the webhooks and /healthz (PORT). A worker has none. */
  app: FastifyInstance;
  /** Health, readiness and metrics, on a port of their own (OPS_PORT, or a worker's WORKER_PORT). */
  operations: FastifyInstance;
  /**
   * Waits a moment for Redis and, when it is there, refuses an evicting one (unless allowed). When
   * Redis is not there yet it resolves anyway: the process listens, /readyz answers 503 naming
   * Redis, webhooks answer 503 (so they are redelivered), and all of it recovers by itself once
   * Redis comes — checked for eviction then.
   */
  ready(): Promise<void>;
  /** Listens on the webhook port (unless `webhooks: false`) and on the operations port. */
  listen(ports: { port?: number; opsPort: number; host: string }): Promise<void>;
  close(): Promise<void>;
}

/** The label the Linear route filters by: given by every caller that serves webhooks. */
function labelFor(label: { name: string; ids: Set<string> } | undefined) {
  if (!label) throw new Error('the webhook routes need the production-visible label');
  return label;
}

export function verificationTokenKey(prefix: string): string {
  return `${prefix}:notion:verification-token`;
}

/** The verification token as the API kept it: JSON with when and where from, or (before) the bare token. */
export function readVerificationReceipt(kept: string): { token: string; at?: string; from?: string } {
  try {
    const parsed = JSON.parse(kept) as { token?: unknown; at?: unknown; from?: unknown };
    if (typeof parsed.token === 'string') {
      return {
        token: parsed.token,
        ...(typeof parsed.at === 'string' ? { at: parsed.at } : {}),
        ...(typeof parsed.from === 'string' ? { from: parsed.from } : {}),
      };
    }
  } catch {
    // An older API kept the token alone.
  }
  return { token: kept };
}

export function buildApiServer(options: {
  env: Env;
  /** The production-visible label, for the Linear webhook (absent with `webhooks: false`). */
  label?: { name: string; ids: Set<string> };
  logger: Logger;
  metrics: Metrics;
  notionReader?: NotionEventReader;
  /** More readiness checks (the workers, when `serve` runs both). */
  readiness?: ReadinessCheck[];
  /** The process's background checks (Linear, Notion), reported on /readyz. */
  dependencies?: DependencyStates;
  /** How long `ready()` waits for Redis (default 3 s). */
  redisWaitMs?: number;
  /** False for a worker's operations server: health and metrics, no webhook routes. */
  webhooks?: boolean;
  /** The wait before a Notion event is read, so a burst of edits costs one refresh (default 2 s). */
  notionEventDelayMs?: number;
}): ApiServer {
  const { env, logger, metrics } = options;
  const producer = createRedis(env.redisUrl, 'producer');
  const redisAt = maskUrl(env.redisUrl);
  // Logged once per outage, not at every reconnection attempt.
  let outage = false;
  producer.on('error', (error) => {
    if (outage) return;
    outage = true;
    logger.warn({ err: error, redis: redisAt }, 'Redis connection error (webhooks answer 503 meanwhile)');
  });
  // Why Redis may not be used even when connected (an evicting policy), checked at each connection.
  let unsafe: string | undefined;
  const checkSafe = () =>
    assertRedisSafe(producer, {
      allowEvicting: env.allowEvictingRedis,
      warn: (message) => logger.warn(message),
    }).then(
      () => {
        unsafe = undefined;
      },
      (error: unknown) => {
        if (!(error instanceof EvictingRedisError)) return;
        unsafe = error.message;
        logger.error({ redis: redisAt }, error.message);
      },
    );
  // Until `ready()` has looked, it checks the first connection itself (and may stop the start).
  let started = false;
  producer.on('ready', () => {
    if (outage) logger.info({ redis: redisAt }, 'Redis connected again');
    outage = false;
    if (started) void checkSafe();
  });
  const redisReadiness = async (): Promise<ReadinessAnswer> => {
    if (producer.status !== 'ready') return { ok: false, reason: `not reachable at ${redisAt}` };
    if (unsafe) return { ok: false, reason: unsafe };
    const pong = await producer.ping().catch(() => undefined);
    return pong === 'PONG' ? true : { ok: false, reason: `no answer from ${redisAt}` };
  };
  const webhooks = options.webhooks !== false;
  // Only the webhook routes enqueue: a worker's operations server has no intake.
  const intake = webhooks
    ? createIntake({
        connection: producer,
        prefix: env.redisPrefix,
        ...(options.notionEventDelayMs === undefined
          ? {}
          : { notionEventDelayMs: options.notionEventDelayMs }),
      })
    : undefined;
  const depthQueues = QUEUE_NAMES.map(
    (name) => new Queue(name, { connection: producer, prefix: env.redisPrefix }),
  );
  for (const queue of depthQueues) queue.on('error', () => {});

  const operations: OperationsOptions = {
    metrics,
    readiness: [{ name: 'redis', check: redisReadiness }, ...(options.readiness ?? [])],
    ...(options.dependencies ? { dependencies: options.dependencies } : {}),
    beforeScrape: async () => {
      for (const queue of depthQueues) {
        const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'failed', 'prioritized');
        for (const [state, count] of Object.entries(counts)) {
          metrics.queueDepth.set({ queue: queue.name, state }, count);
        }
      }
    },
  };
  const app = buildApp({
    logger,
    ...(intake
      ? {
          linear: {
            verifier: new LinearWebhookVerifier(env.linearWebhookSecrets),
            label: labelFor(options.label),
            intake,
            metrics,
            enqueueTimeoutMs: ENQUEUE_TIMEOUT_MS,
          },
        }
      : {}),
    ...(options.notionReader && intake
      ? {
          notion: {
            reader: options.notionReader,
            intake,
            metrics,
            enqueueTimeoutMs: ENQUEUE_TIMEOUT_MS,
            acceptVerification: env.notionWebhookSecret === undefined,
            onVerificationToken: async (received: VerificationReceipt) => {
              await producer.set(verificationTokenKey(env.redisPrefix), JSON.stringify(received));
            },
          },
        }
      : {}),
    ...(env.opsToken && webhooks ? { operations: { ...operations, token: env.opsToken } } : {}),
  });
  const operationsApp = buildOperationsApp({ logger, operations });

  return {
    app,
    operations: operationsApp,
    async ready() {
      const connected = await waitReady(producer, options.redisWaitMs ?? REDIS_START_WAIT_MS).then(
        () => true,
        () => false,
      );
      started = true;
      if (!connected) {
        if (producer.status === 'ready') void checkSafe();
        logger.warn(
          { redis: redisAt },
          'Redis is not reachable yet: listening anyway; /readyz answers 503 until it is',
        );
        return;
      }
      // At start an evicting Redis stops the process, as the operator can fix it before it runs.
      await assertRedisSafe(producer, {
        allowEvicting: env.allowEvictingRedis,
        warn: (message) => logger.warn(message),
      });
    },
    async listen({ port, opsPort, host }) {
      if (webhooks) await app.listen({ port: port ?? env.port, host });
      await operationsApp.listen({ port: opsPort, host });
    },
    async close() {
      await Promise.all([app.close(), operationsApp.close()]);
      await Promise.all(depthQueues.map((q) => q.close()));
      await intake?.close();
      producer.disconnect();
    },
  };
}
