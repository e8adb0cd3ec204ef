import { buildApp, buildOperationsApp } from '../../src/http/app.js';
import { LinearWebhookVerifier } from '../../src/linear/webhook.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import { createRedis } from '../../src/queue/connection.js';
import { createIntake, type Intake } from '../../src/queue/intake.js';
import { REDIS_URL } from './redis.js';

/** The API app as `commitline api` builds it, on a Redis URL and prefix of the test's own. */
export function buildReceiver(options: {
  prefix: string;
  secrets: string[];
  redisUrl?: string;
  labelIds?: string[];
}) {
  const connection = createRedis(options.redisUrl ?? REDIS_URL, 'producer');
  connection.on('error', () => {});
  const intake: Intake = createIntake({ connection, prefix: options.prefix });
  const metrics: Metrics = createMetrics({ defaultMetrics: false });
  const app = buildApp({
    logger: createLogger({ level: 'silent' }),
    linear: {
      verifier: new LinearWebhookVerifier(options.secrets),
      label: { name: 'production-visible', ids: new Set(options.labelIds ?? []) },
      intake,
      metrics,
      enqueueTimeoutMs: 2_500,
    },
  });
  const operations = buildOperationsApp({
    logger: createLogger({ level: 'silent' }),
    operations: {
      metrics,
      readiness: [{ name: 'redis', check: async () => (await connection.ping()) === 'PONG' }],
    },
  });
  return {
    app,
    /** /readyz and /metrics, on the operations port in production. */
    operations,
    metrics,
    connection,
    async close() {
      await app.close();
      await operations.close();
      await intake.close();
      connection.disconnect();
    },
  };
}
