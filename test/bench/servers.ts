/**
 * The two receivers the ingest benchmark compares, in a process of their own so the load
 * generator does not share their event loop: commitline's API exactly as `commitline api` builds
 * it, a reference receiver that does the floor cost of the job (check the HMAC, one `add`), and a
 * bare route that only reads and answers (the cost of HTTP itself).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Queue } from 'bullmq';
import Fastify from 'fastify';
import { readEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createRedis } from '../../src/queue/connection.js';
import { INTAKE_JOB_OPTIONS } from '../../src/queue/intake.js';
import { buildApiServer } from '../../src/runtime/api.js';

const secret = process.env.BENCH_SECRET ?? 'bench-secret';
const prefix = process.env.BENCH_PREFIX ?? '{bench}';
const env = readEnv({ ...process.env, LINEAR_WEBHOOK_SECRET: secret, REDIS_PREFIX: prefix });

const commitline = buildApiServer({
  env,
  label: { name: 'production-visible', ids: new Set() },
  logger: createLogger({ level: 'warn' }),
  metrics: createMetrics(),
});
await commitline.ready();
await commitline.listen({ port: 0, opsPort: 0, host: '127.0.0.1' });

const reference = Fastify();
const connection = createRedis(env.redisUrl, 'producer');
const queue = new Queue('reference-events', { connection, prefix });
reference.removeAllContentTypeParsers();
reference.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
reference.post('/webhooks/linear', async (request, reply) => {
  const raw = request.body as Buffer;
  const expected = createHmac('sha256', secret).update(raw).digest();
  const given = Buffer.from(String(request.headers['linear-signature'] ?? ''), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return reply.code(401).send();
  const body = JSON.parse(raw.toString('utf8')) as {
    organizationId: string;
    action: string;
    data: { id: string; assigneeId: string; completedAt: string };
  };
  // The same job commitline makes (ids only, same retention): the floor cost of the job itself.
  const deliveryId = String(request.headers['linear-delivery']);
  await queue.add(
    'linear-event',
    {
      deliveryId,
      organizationId: body.organizationId,
      issueId: body.data.id,
      action: body.action,
      assigneeIds: [body.data.assigneeId],
      completedAts: [body.data.completedAt],
    },
    { ...INTAKE_JOB_OPTIONS, jobId: deliveryId },
  );
  return reply.code(200).send({ status: 'enqueued' });
});
await reference.listen({ port: 0, host: '127.0.0.1' });

// The HTTP floor: the same bytes read and answered with nothing done. No receiver can beat it on
// this machine, so it bounds how much faster than a relevant delivery an irrelevant one can be.
const floor = Fastify();
floor.removeAllContentTypeParsers();
floor.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
floor.post('/webhooks/linear', async (_request, reply) => reply.code(200).send({ status: 'ignored' }));
await floor.listen({ port: 0, host: '127.0.0.1' });

const portOf = (app: typeof reference) => {
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : 0;
};
process.stdout.write(
  `${JSON.stringify({ commitline: portOf(commitline.app as never), reference: portOf(reference), floor: portOf(floor) })}\n`,
);

process.on('SIGTERM', async () => {
  await commitline.close();
  await reference.close();
  await floor.close();
  await queue.close();
  connection.disconnect();
  process.exit(0);
});
