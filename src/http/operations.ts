import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../observability/metrics.js';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean>;
}

export interface OperationsOptions {
  metrics: Metrics;
  readiness: readonly ReadinessCheck[];
  /** Refreshes gauges sampled at scrape time (queue depth). */
  beforeScrape?: () => Promise<void>;
}

/** GET /healthz (the process), GET /readyz (its dependencies), GET /metrics (Prometheus). */
export async function operations(app: FastifyInstance, options: OperationsOptions): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const results = await Promise.all(
      options.readiness.map(async ({ name, check }) => {
        const ok = await check().catch(() => false);
        return [name, ok] as const;
      }),
    );
    const ready = results.every(([, ok]) => ok);
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not ready',
      checks: Object.fromEntries(results.map(([name, ok]) => [name, ok ? 'ok' : 'failing'])),
    });
  });

  app.get('/metrics', async (_request, reply) => {
    await options.beforeScrape?.().catch(() => undefined);
    const body = await options.metrics.registry.metrics();
    return reply.type(options.metrics.registry.contentType).send(body);
  });
}
