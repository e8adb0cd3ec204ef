/**
 * What the API's two ports serve, over real sockets: the webhook port (public) has the webhooks
 * and /healthz, and readiness and metrics only for a bearer of OPS_TOKEN; the operations port
 * has all three. A body sent a byte at a time is cut at the request timeout.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../src/config/env.js';
import { REQUEST_TIMEOUT_MS } from '../../src/http/app.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { buildApiServer } from '../../src/runtime/api.js';
import { commandRedis, deleteKeys, REDIS_URL, testPrefix } from '../helpers/redis.js';

const prefix = testPrefix('api-ports');
const redis = commandRedis();
const OPS_TOKEN = 'ops-token-for-the-scraper';

function serverWith(extra: Record<string, string> = {}) {
  return buildApiServer({
    env: readEnv({ REDIS_URL, REDIS_PREFIX: prefix, LINEAR_WEBHOOK_SECRET: 'whsec', ...extra }),
    label: { name: 'production-visible', ids: new Set() },
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics({ defaultMetrics: false }),
  });
}

function portOf(app: ReturnType<typeof serverWith>['app']): number {
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

const plain = serverWith();
const tokened = serverWith({ OPS_TOKEN });
let webhookUrl = '';
let opsUrl = '';
let tokenedUrl = '';

beforeAll(async () => {
  for (const server of [plain, tokened]) {
    await server.ready();
    await server.listen({ port: 0, opsPort: 0, host: '127.0.0.1' });
  }
  webhookUrl = `http://127.0.0.1:${portOf(plain.app)}`;
  opsUrl = `http://127.0.0.1:${portOf(plain.operations)}`;
  tokenedUrl = `http://127.0.0.1:${portOf(tokened.app)}`;
});
afterAll(async () => {
  await plain.close();
  await tokened.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

describe('the webhook port', () => {
  it('should answer /healthz to anyone', async () => {
    const res = await fetch(`${webhookUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it.each(['/metrics', '/readyz'])('should not serve %s without OPS_TOKEN', async (path) => {
    const res = await fetch(`${webhookUrl}${path}`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('commitline_');
  });

  it.each(['/metrics', '/readyz'])('should serve %s to the bearer of OPS_TOKEN only', async (path) => {
    const without = await fetch(`${tokenedUrl}${path}`);
    const wrong = await fetch(`${tokenedUrl}${path}`, { headers: { authorization: 'Bearer nope' } });
    const right = await fetch(`${tokenedUrl}${path}`, { headers: { authorization: `Bearer ${OPS_TOKEN}` } });
    expect([without.status, wrong.status, right.status]).toEqual([404, 404, 200]);
  });
});

describe('the operations port', () => {
  it('should serve health, readiness and metrics', async () => {
    const health = await fetch(`${opsUrl}/healthz`);
    const ready = await fetch(`${opsUrl}/readyz`);
    const metrics = await fetch(`${opsUrl}/metrics`);
    expect([health.status, ready.status, metrics.status]).toEqual([200, 200, 200]);
    expect(((await ready.json()) as { checks: unknown }).checks).toEqual({ redis: 'ok' });
    expect(await metrics.text()).toContain('commitline_webhook_deliveries_total');
  });

  it('should not serve the webhooks', async () => {
    const res = await fetch(`${opsUrl}/webhooks/linear`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });
});

describe('when a body arrives one byte a second', () => {
  it('should cut the request within the request timeout plus 1 s', async () => {
    const port = portOf(plain.app);
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    // A drip racing the server's close may meet a reset: the close is what is measured.
    socket.on('error', () => {});
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      'POST /webhooks/linear HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
    );
    const dripping = setInterval(() => {
      if (!socket.destroyed) socket.write('x');
    }, 1000);
    const closedAfter = await new Promise<number>((resolve) => {
      socket.once('close', () => resolve(performance.now() - started));
    });
    clearInterval(dripping);
    expect(closedAfter).toBeLessThan(REQUEST_TIMEOUT_MS + 1000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  }, 10_000);
});
