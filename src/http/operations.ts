import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../observability/metrics.js';

/** A check's answer: working, or not (with why, when it can say). */
export type ReadinessAnswer = boolean | { ok: true } | { ok: false; reason: string };

export interface ReadinessCheck {
  name: string;
  check: () => Promise<ReadinessAnswer>;
}

/** Dependencies checked in the background (Linear, Notion), read from memory at each probe. */
export interface DependencyStates {
  watched(): string[];
  failing(): { dependency: string; reason: string }[];
}

export interface OperationsOptions {
  metrics: Metrics;
  readiness: readonly ReadinessCheck[];
  dependencies?: DependencyStates;
  /** Refreshes gauges sampled at scrape time (queue depth). */
  beforeScrape?: () => Promise<void>;
}

/** GET /healthz (the process), GET /readyz (its dependencies), GET /metrics (Prometheus). */
export async function operations(app: FastifyInstance, options: OperationsOptions): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  // 503 while anything this process needs is refused or unreachable, naming each and why.
  app.get('/readyz', async (_request, reply) => {
    const failing: { dependency: string; reason: string }[] = [];
    const checks: Record<string, 'ok' | 'failing'> = {};
    await Promise.all(
      options.readiness.map(async ({ name, check }) => {
        const answer: ReadinessAnswer = await check().catch((error: unknown) => ({
          ok: false as const,
          reason: error instanceof Error ? (error.message.split('\n')[0] ?? 'failing') : 'failing',
        }));
        const ok = typeof answer === 'boolean' ? answer : answer.ok;
        checks[name] = ok ? 'ok' : 'failing';
        if (!ok) {
          const reason = typeof answer === 'object' && !answer.ok ? answer.reason : 'failing';
          failing.push({ dependency: name, reason });
        }
      }),
    );
    for (const name of options.dependencies?.watched() ?? []) checks[name] = 'ok';
    for (const failure of options.dependencies?.failing() ?? []) {
      checks[failure.dependency] = 'failing';
      failing.push(failure);
    }
    const ready = failing.length === 0;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unready', checks, failing });
  });

  app.get('/metrics', async (_request, reply) => {
    await options.beforeScrape?.().catch(() => undefined);
    const body = await options.metrics.registry.metrics();
    return reply.type(options.metrics.registry.contentType).send(body);
  });
}
