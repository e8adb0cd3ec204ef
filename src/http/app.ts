import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from '../observability/logger.js';
import { type LinearWebhookOptions, linearWebhook } from './linear-webhook.js';
import { type NotionWebhookOptions, notionWebhook } from './notion-webhook.js';
import { type OperationsOptions, operations } from './operations.js';

export interface AppOptions {
  logger: Logger;
  linear?: LinearWebhookOptions;
  notion?: NotionWebhookOptions;
  operations: OperationsOptions;
  /** Fastify's own bound on a request, a backstop behind the enqueue timeout. */
  requestTimeoutMs?: number;
}

/** Builds the HTTP app: registers routes, never listens (the caller does, and closes it). */
export function buildApp(options: AppOptions): FastifyInstance {
  // Widened to Fastify's own logger type, so the app is a plain FastifyInstance.
  const loggerInstance: FastifyBaseLogger = options.logger;
  const app = Fastify({
    loggerInstance,
    // One line per delivery is logged by the routes where it matters; per-request logs would
    // dominate the cost of a webhook.
    logController: new LogController({ disableRequestLogging: true }),
    requestTimeout: options.requestTimeoutMs ?? 3_000,
    return503OnClosing: true,
  });
  if (options.linear) app.register(linearWebhook, options.linear);
  if (options.notion) app.register(notionWebhook, options.notion);
  app.register(operations, options.operations);
  return app;
}
