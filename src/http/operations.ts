import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
  /** When set, /readyz and /metrics answer only `Authorization: Bearer <token>` (404 otherwise). */
  token?: string;
}

/** GET /healthz: the process answers. Public: it tells nothing about the deployment. */
export async function health(app: FastifyInstance): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));
}

function bearerOf(request: FastifyRequest): Buffer {
  const header = request.headers.authorization ?? '';
  return Buffer.from(header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '');
}

/** GET /healthz (the process), GET /readyz (its dependencies), GET /metrics (Prometheus). */
export async function operations(app: FastifyInstance, options: OperationsOptions): Promise<void> {
  await health(app);
  const expected = options.token === undefined ? undefined : Buffer.from(options.token);
  // Without the token the endpoints are not there at all, as on a port that does not serve them.
  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!expected) return;
    const given = bearerOf(request);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.code(404).send({ error: 'not found' });
    }
  };

  // 503 while anything this process needs is refused or unreachable, naming each and why.
  app.get('/readyz', { onRequest: guard }, async (_request, reply) => {
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

  app.get('/metrics', { onRequest: guard }, async (_request, reply) => {
    await options.beforeScrape?.().catch(() => undefined);
    const body = await options.metrics.registry.metrics();
    return reply.type(options.metrics.registry.contentType).send(body);
  });
}
