import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from '../observability/logger.js';
import { type LinearWebhookOptions, linearWebhook } from './linear-webhook.js';
import { type NotionWebhookOptions, notionWebhook } from './notion-webhook.js';
import { health, type OperationsOptions, operations } from './operations.js';

/** Fastify's own bound on a whole request, body included: a backstop behind the enqueue timeout. */
export const REQUEST_TIMEOUT_MS = 3_000;
/**
 * How often Node looks for requests past their timeout. Its default (30 s) lets a body sent a byte
 * at a time hold a connection for most of a minute whatever the timeout says.
 */
const TIMEOUT_CHECK_MS = 250;

export interface AppOptions {
  logger: Logger;
  linear?: LinearWebhookOptions;
  notion?: NotionWebhookOptions;
  /**
   * /readyz and /metrics on this app too, for a bearer of `token` (`OPS_TOKEN`): for a platform
   * that exposes one port. Without it they are served only by the operations app.
   */
  operations?: OperationsOptions & { token: string };
}

function fastify(logger: Logger): FastifyInstance {
  // Widened to Fastify's own logger type, so the app is a plain FastifyInstance.
  const loggerInstance: FastifyBaseLogger = logger;
  return Fastify({
    loggerInstance,
    // One line per delivery is logged by the routes where it matters; per-request logs would
    // dominate the cost of a webhook.
    logController: new LogController({ disableRequestLogging: true }),
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Given to Node's server at its creation too: set only afterwards, as Fastify does, it leaves
    // the headers timeout at 60 s, and a slow body is not cut at the request timeout.
    http: { requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: TIMEOUT_CHECK_MS },
    return503OnClosing: true,
  });
}

/**
 * The webhook app (PORT, public): the two webhooks and GET /healthz. Registers routes, never
 * listens (the caller does, and closes it).
 */
export function buildApp(options: AppOptions): FastifyInstance {
  const app = fastify(options.logger);
  if (options.linear) app.register(linearWebhook, options.linear);
  if (options.notion) app.register(notionWebhook, options.notion);
  if (options.operations) app.register(operations, options.operations);
  else app.register(health);
  return app;
}

/** The operations app (OPS_PORT, or a worker's WORKER_PORT): health, readiness and metrics. */
export function buildOperationsApp(options: {
  logger: Logger;
  operations: OperationsOptions;
}): FastifyInstance {
  const app = fastify(options.logger);
  app.register(operations, options.operations);
  return app;
}
