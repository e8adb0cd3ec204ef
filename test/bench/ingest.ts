/**
 * Webhook intake throughput: commitline's POST /webhooks/linear with relevant and irrelevant
 * signed deliveries, against a reference receiver (HMAC check + one BullMQ add) measured in the
 * same run. Prints requests/s, latency percentiles and the ratios; checks every 200 has its job.
 *
 *   npm run bench:ingest            (BENCH_REQUESTS, BENCH_CONNECTIONS to change the load)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE } from '../../src/queue/names.js';
import { issueDelivery, sign } from '../fixtures/linear/deliveries.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
/** Deliveries per run; each run sends exactly this many, all unique. */
const POOL = Number(process.env.BENCH_REQUESTS ?? 40_000);
const secret = 'bench-secret';
const prefix = `{bench-${randomUUID().slice(0, 8)}}`;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Prepared {
  body: string;
  headers: Record<string, string>;
}

/** Unique, freshly signed deliveries: each has its own Linear-Delivery id, so none dedupe. */
function prepare(kind: 'relevant' | 'irrelevant'): Prepared[] {
  const pool: Prepared[] = [];
  for (let i = 0; i < POOL; i++) {
    const body = JSON.stringify(
      kind === 'relevant'
        ? issueDelivery({ data: { id: randomUUID() } })
        : // A title edit on an unlabelled issue: verified, parsed, and dropped.
          issueDelivery({
            data: { id: randomUUID(), labelIds: [], labels: [] },
            updatedFrom: { title: 'Old title', updatedAt: '2026-11-24T15:00:00.000Z' },
          }),
    );
    pool.push({
      body,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'linear-delivery': randomUUID(),
        'linear-event': 'Issue',
        'linear-signature': sign(body, secret),
      },
    });
  }
  return pool;
}

async function run(name: string, port: number, pool: Prepared[]) {
  let next = 0;
  let first = 0;
  let last = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}/webhooks/linear`,
        method: 'POST',
        connections: CONNECTIONS,
        amount: pool.length,
        requests: [
          {
            setupRequest: (request) => {
              const delivery = pool[next++ % pool.length] as Prepared;
              return { ...request, body: delivery.body, headers: delivery.headers };
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    // autocannon ends a run on a one-second tick; time it from the first to the last response.
    instance.on('response', () => {
      last = performance.now();
      if (first === 0) first = last;
    });
  });
  if (next > pool.length)
    throw new Error(`${name}: ran past the pool of unique deliveries; raise BENCH_REQUESTS`);
  const perSecond = (result.requests.total - 1) / ((last - first) / 1000);
  return { name, result, sent: next, perSecond };
}

async function countKeys(redis: Redis): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = nextCursor;
    count += keys.length;
  } while (cursor !== '0');
  return count;
}

async function jobs(redis: Redis, queueName: string): Promise<number> {
  const queue = new Queue(queueName, { connection: redis, prefix });
  const counts = await queue.getJobCounts(
    'waiting',
    'delayed',
    'active',
    'completed',
    'failed',
    'prioritized',
  );
  await queue.close();
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

async function startServers(): Promise<{
  child: ChildProcess;
  ports: { commitline: number; reference: number; floor: number };
}> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./servers.ts', import.meta.url).pathname],
    {
      env: { ...process.env, BENCH_SECRET: secret, BENCH_PREFIX: prefix, REDIS_URL: redisUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench servers exited with ${code}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
  });
  return { child, ports: JSON.parse(line) };
}

const redis = new Redis(redisUrl);
const { child, ports } = await startServers();
try {
  process.stdout.write(
    `Ingest benchmark: ${POOL} deliveries per run, ${CONNECTIONS} connections, one 2xx = one job.\n\n`,
  );
  const reference = await run('reference receiver (HMAC + one add)', ports.reference, prepare('relevant'));
  const relevant = await run('commitline, relevant deliveries', ports.commitline, prepare('relevant'));
  const keysBefore = await countKeys(redis);
  const irrelevant = await run('commitline, irrelevant deliveries', ports.commitline, prepare('irrelevant'));
  const keysAfter = await countKeys(redis);
  const floor = await run('HTTP floor (bare route, answers 200)', ports.floor, prepare('irrelevant'));

  const rows = [reference, relevant, irrelevant, floor].map(({ name, result, perSecond }) => ({
    run: name,
    'req/s': Math.round(perSecond),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    'p99.9 ms': (result.latency as unknown as Record<string, number>).p99_9 ?? Number.NaN,
    '2xx': result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }));
  console.table(rows);

  const referenceJobs = await jobs(redis, 'reference-events');
  const commitlineJobs = await jobs(redis, QUEUE.linearEvents);
  const ratio = relevant.perSecond / reference.perSecond;
  const speedup = irrelevant.perSecond / relevant.perSecond;
  const ofFloor = irrelevant.perSecond / floor.perSecond;
  const ceiling = floor.perSecond / relevant.perSecond;
  const checks = [
    [`commitline / reference requests/s = ${ratio.toFixed(2)}`, ratio >= 0.8, 'target ≥ 0.80'],
    [
      `irrelevant / relevant requests/s = ${speedup.toFixed(2)}`,
      speedup >= 3,
      `target ≥ 3; the bare HTTP route itself is ${ceiling.toFixed(2)}× relevant on this machine`,
    ],
    [`relevant accepted/s = ${Math.round(relevant.perSecond)}`, relevant.perSecond >= 3000, 'target ≥ 3,000'],
    [`relevant p99 = ${relevant.result.latency.p99} ms`, relevant.result.latency.p99 < 25, 'target < 25 ms'],
    [
      `jobs ${commitlineJobs} = 2xx ${relevant.result['2xx']}`,
      commitlineJobs === relevant.result['2xx'],
      'every 200 has its job',
    ],
    [
      `reference jobs ${referenceJobs} = 2xx ${reference.result['2xx']}`,
      referenceJobs === reference.result['2xx'],
      '',
    ],
    [
      `irrelevant deliveries wrote ${keysAfter - keysBefore} Redis keys`,
      keysAfter === keysBefore,
      'must not touch Redis',
    ],
  ] as const;
  process.stdout.write('\n');
  process.stdout.write(
    `· irrelevant / HTTP floor requests/s = ${ofFloor.toFixed(2)}  (what verifying, parsing and dropping leave of bare HTTP)\n`,
  );
  for (const [text, ok, target] of checks)
    process.stdout.write(`${ok ? '✓' : '✗'} ${text}${target ? `  (${target})` : ''}\n`);
  process.exitCode = checks.slice(4).every(([, ok]) => ok) ? 0 : 1;
} finally {
  child.kill('SIGTERM');
  const queue = new Queue(QUEUE.linearEvents, { connection: redis, prefix });
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [nextCursor, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = nextCursor;
    keys.push(...found);
  } while (cursor !== '0');
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  redis.disconnect();
}
