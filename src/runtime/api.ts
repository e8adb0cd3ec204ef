/**
 * `commitline api`: the HTTP side. It verifies, validates and enqueues; it never calls Linear or
 * Notion while answering a webhook.
 */

import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Env } from '../config/env.js';
import { buildApp } from '../http/app.js';
import type { NotionEventReader } from '../http/notion-webhook.js';
import type { ReadinessCheck } from '../http/operations.js';
import { LinearWebhookVerifier } from '../linear/index.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { createRedis, waitReady } from '../queue/connection.js';
import { createIntake } from '../queue/intake.js';
import { QUEUE_NAMES } from '../queue/names.js';
import { assertRedisSafe } from '../queue/redis-check.js';

/** Linear gives up after 5 s; answer 503 well before that if Redis hangs. */
const ENQUEUE_TIMEOUT_MS = 2_500;

export interface ApiServer {
  app: FastifyInstance;
  /**
   * Resolves once Redis is connected and safe for queues (refuses an evicting one unless allowed):
   * the producer fails fast, so listen only after this.
   */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function verificationTokenKey(prefix: string): string {
  return `${prefix}:notion:verification-token`;
}

export function buildApiServer(options: {
  env: Env;
  label: { name: string; ids: Set<string> };
  logger: Logger;
  metrics: Metrics;
  notionReader?: NotionEventReader;
  /** More readiness checks (the workers, when `serve` runs both). */
  readiness?: ReadinessCheck[];
  /** False for a worker's operations server: health and metrics, no webhook routes. */
  webhooks?: boolean;
}): ApiServer {
  const { env, logger, metrics } = options;
  const producer = createRedis(env.redisUrl, 'producer');
  producer.on('error', (error) =>
    logger.warn({ err: error }, 'Redis connection error (webhooks answer 503 meanwhile)'),
  );
  const intake = createIntake({ connection: producer, prefix: env.redisPrefix });
  const depthQueues = QUEUE_NAMES.map(
    (name) => new Queue(name, { connection: producer, prefix: env.redisPrefix }),
  );
  for (const queue of depthQueues) queue.on('error', () => {});

  const app = buildApp({
    logger,
    ...(options.webhooks === false
      ? {}
      : {
          linear: {
            verifier: new LinearWebhookVerifier(env.linearWebhookSecrets),
            label: options.label,
            intake,
            metrics,
            enqueueTimeoutMs: ENQUEUE_TIMEOUT_MS,
          },
        }),
    ...(options.notionReader && options.webhooks !== false
      ? {
          notion: {
            reader: options.notionReader,
            intake,
            metrics,
            enqueueTimeoutMs: ENQUEUE_TIMEOUT_MS,
            onVerificationToken: async (token: string) => {
              await producer.set(verificationTokenKey(env.redisPrefix), token);
            },
          },
        }
      : {}),
    operations: {
      metrics,
      readiness: [
        { name: 'redis', check: async () => (await producer.ping()) === 'PONG' },
        ...(options.readiness ?? []),
      ],
      beforeScrape: async () => {
        for (const queue of depthQueues) {
          const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'failed', 'prioritized');
          for (const [state, count] of Object.entries(counts)) {
            metrics.queueDepth.set({ queue: queue.name, state }, count);
          }
        }
      },
    },
  });

  return {
    app,
    async ready() {
      await waitReady(producer, 10_000);
      await assertRedisSafe(producer, {
        allowEvicting: env.allowEvictingRedis,
        warn: (message) => logger.warn(message),
      });
    },
    async close() {
      await app.close();
      await Promise.all(depthQueues.map((q) => q.close()));
      await intake.close();
      producer.disconnect();
    },
  };
}
