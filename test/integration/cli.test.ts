/**
 * The `commitline` command as people run it: a child process, its output and its exit code.
 * `doctor` runs against the sandbox, with Redis, Linear and Notion set up as `setup` leaves them.
 *
 * Each child spends about a second of a core starting, and some of them seconds waiting (retries,
 * an unreachable Redis): the groups of tests run concurrently, those that share state in order,
 * with at most a few children at a time (see `slot`).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createSandbox,
  SANDBOX_LINEAR_KEY,
  SANDBOX_NOTION_TOKEN,
  type Sandbox,
} from '../../src/sandbox/sandbox.js';
import { JUNIOR_ON_AUTH, TWELVE_ITEMS } from '../fixtures/goal-sets.js';
import { BIN, spawnCommand } from '../helpers/bin.js';
import { commandRedis, deleteKeys, REDIS_URL, testPrefix } from '../helpers/redis.js';
import { freePort, startRedis } from '../helpers/redis-server.js';
import { deployedSandbox, sandboxEnvironment, type sandboxWithNotion } from '../helpers/sandbox.js';

/** Children at once: enough to fill this machine's cores while others wait on a timer. */
const SLOTS = 4;
let freeSlots = SLOTS;
const waitingForSlot: (() => void)[] = [];

/** Runs `work` (one child process) when a slot is free, first come first served. */
async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (freeSlots > 0) freeSlots -= 1;
  else await new Promise<void>((resolve) => waitingForSlot.push(resolve));
  try {
    return await work();
  } finally {
    const next = waitingForSlot.shift();
    if (next) next();
    else freeSlots += 1;
  }
}

/** A test's time includes its wait for a slot, behind the other groups' children. */
const CONCURRENT = { concurrent: true, timeout: 60_000 } as const;
// Every group of this file at once (vitest's default is 5); `slot` bounds the children.
vi.setConfig({ maxConcurrency: 10 });

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return slot(() => spawnCommand(args, env));
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'commitline-cli-'));
});

describe('when `commitline check` reads a draft', CONCURRENT, () => {
  beforeAll(async () => {
    await writeFile(join(dir, 'good.md'), JUNIOR_ON_AUTH);
    await writeFile(join(dir, 'twelve.md'), TWELVE_ITEMS);
  });

  it('should exit 0 with no findings on a good draft', async () => {
    const draft = join(dir, 'good.md');
    const { code, stdout } = await run([
      'check',
      draft,
      '--tier',
      'junior',
      '--start-date',
      '2026-10-05',
      '--quarter',
      '2026-Q4',
    ]);
    expect(stdout).toContain('4 commitments, nothing to change.');
    expect(code).toBe(0);
  });

  it('should exit 1 and say why on 12 items, and give JSON with --json', async () => {
    const draft = join(dir, 'twelve.md');
    const [human, json] = await Promise.all([run(['check', draft]), run(['check', draft, '--json'])]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('12 commitments is more than anyone can hold in a quarter');
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as { commitments: unknown[]; findings: { code: string }[] };
    expect(parsed.commitments).toHaveLength(12);
    expect(parsed.findings.map((f) => f.code)).toContain('too-many');
  });

  it('should exit 2 on a usage error', async () => {
    const [bad, none, missing] = await Promise.all([
      run(['check', join(dir, 'good.md'), '--tier', 'staff']),
      run(['check']),
      run(['check', join(dir, 'missing.md')]),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--tier: expected one of junior|mid|senior|lead, got "staff"');
    expect(none.code).toBe(2);
    expect(missing.code).toBe(2);
  });
});

describe('when the team file is broken', CONCURRENT, () => {
  it('should list every problem as path: message, without a stack trace, and exit 1', async () => {
    const file = join(dir, 'team.yaml');
    await writeFile(
      file,
      `timezone: Mars/Olympus
roster:
  - { id: ana, name: Ana, linear: a@x.com, notion: a@x.com, manager: nobody, startDate: 2026-09-14, tier: junior }
  - { id: ben, name: Ben, linear: b@x.com, notion: b@x.com, manager: ana, startDate: 2026-01-05, tier: staff }
`,
    );
    const { code, stderr } = await run(['serve'], { COMMITLINE_CONFIG: file, PORT: 'abc' });
    expect(code).toBe(1);
    // The environment's problems and the team file's, in one report, each with its line.
    expect(stderr).toContain('  PORT: must be a whole number from 1 to 65535, got "abc"; e.g. PORT=3000\n');
    expect(stderr).toContain(
      '  LINEAR_API_KEY: required to read shipped issues from Linear; set LINEAR_API_KEY',
    );
    expect(stderr).toContain('  NOTION_TOKEN: required to write quarter pages to Notion; set NOTION_TOKEN');
    expect(stderr).toContain(`The team file ${file} is invalid:`);
    expect(stderr).toContain('  timezone (line 1, column 1): expected an IANA timezone');
    expect(stderr).toContain(
      '  roster[1].tier (line 4, column 98): expected one of junior|mid|senior|lead, got "staff"',
    );
    expect(stderr).toContain(
      '  roster[0].manager (line 3, column 61): "nobody" is neither in managers nor in roster',
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('when `commitline setup` and `backfill` run against the sandbox', CONCURRENT, () => {
  const prefix = testPrefix('cli-setup');
  const redis = commandRedis();
  let sandbox: Sandbox;
  let env: Record<string, string>;
  let parentId: string;

  beforeAll(async () => {
    sandbox = createSandbox({ notionRatePerSecond: 1_000 });
    const urls = await sandbox.listen(0);
    parentId = sandbox.notion.addPage('Engineering goals').id;
    const ana = sandbox.linear.addUser({ name: 'Ana', email: 'ana@example.com' });
    sandbox.notion.addUser({ type: 'person', name: 'Ana', email: 'ana@example.com' });
    sandbox.notion.addUser({ type: 'person', name: 'Maya', email: 'maya@example.com' });
    const team = join(dir, 'setup-team.yaml');
    await writeFile(
      team,
      `timezone: Europe/Berlin
managers:
  - { id: maya, name: Maya, notion: maya@example.com }
roster:
  - { id: ana, name: Ana, linear: ${ana.email}, notion: ana@example.com, manager: maya, startDate: 2026-01-05, tier: mid }
`,
    );
    env = {
      REDIS_PREFIX: prefix,
      COMMITLINE_CONFIG: team,
      LINEAR_API_KEY: SANDBOX_LINEAR_KEY,
      LINEAR_API_URL: urls.linearApiUrl,
      NOTION_TOKEN: SANDBOX_NOTION_TOKEN,
      NOTION_API_URL: urls.notionApiUrl,
      NOTION_RATE_LIMIT: '200',
    };
  });
  afterAll(async () => {
    await sandbox.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  // In order: the backfill needs what setup created.
  it.sequential('should create the label, the webhook and both databases once, however often it runs', async () => {
    const args = [
      'setup',
      '--parent',
      `https://www.notion.so/acme/Engineering-goals-${parentId.replace(/-/g, '')}`,
      '--webhook-url',
      'https://commitline.example.com/webhooks/linear',
    ];
    const first = await run(args, env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('✓ Notion: created Quarter commitments and Weekly baseline');
    expect(first.stdout).toMatch(/LINEAR_WEBHOOK_SECRET=[0-9a-f]{64}/);
    expect(first.stdout).toContain(`NOTION_PARENT_PAGE_ID=${parentId}`);
    const second = await run(args, env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('✓ Notion: both databases were already there');
    expect(second.stdout).toContain('✓ Linear: webhook already registered');
    expect(second.stdout).not.toContain('LINEAR_WEBHOOK_SECRET=');
    expect(sandbox.notion.databases.size).toBe(2);
    expect([...sandbox.linear.labels.values()].map((l) => l.name)).toEqual(['production-visible']);
    expect(sandbox.linear.webhooks.size).toBe(1);
  });

  it.sequential('should backfill a quarter with a progress bar and a summary', async () => {
    // A past quarter that never had pages: created only with --create, which the run without says.
    const without = await run(['backfill', '--quarter', '2026-Q3'], env);
    expect(without.code).toBe(0);
    expect(without.stdout).toContain(
      '1 page does not exist for 2026-Q3, a past quarter: run again with --create to write it',
    );
    const quarterPages = () =>
      sandbox.notion.pagesWhere(
        sandbox.notion.dataSources.keys().next().value as string,
        'Quarter',
        '2026-Q3',
      );
    expect(quarterPages()).toHaveLength(0);
    const { code, stdout, stderr } = await run(['backfill', '--quarter', '2026-Q3', '--create'], env);
    expect(code).toBe(0);
    const summary = stdout.match(
      /^backfill: 1 of 1 page for 2026-Q3, (\d+) Notion requests?, (\d+) writes?$/m,
    );
    // The page, its rows and the team grid were written, and counted.
    expect(Number(summary?.[2])).toBeGreaterThan(10);
    expect(Number(summary?.[1])).toBeGreaterThan(Number(summary?.[2]));
    expect(
      [...sandbox.notion.pages.values()].some((p) => sandbox.notion.title(p) === 'Team baseline 2026-Q3'),
    ).toBe(true);
    expect(stderr).toContain('backfill 2026-Q3');
    expect(quarterPages()).toHaveLength(1);
    const usage = await run(['backfill', '--quarter', '2026-Q9'], env);
    expect(usage.code).toBe(2);
  });
});

describe('when `commitline doctor` checks a deployment', CONCURRENT, () => {
  const prefix = testPrefix('cli-doctor');
  const redis = commandRedis();
  let sandboxEnv: Awaited<ReturnType<typeof sandboxWithNotion>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    sandboxEnv = await deployedSandbox(redis, prefix);
    sandboxEnv.sandbox.linear.webhooks.set('hook', {
      id: 'hook',
      url: 'https://commitline.example.com/webhooks/linear',
      secret: 's',
      enabled: true,
      resourceTypes: ['Issue'],
      label: 'commitline',
    });
    env = sandboxEnvironment(sandboxEnv, prefix);
  });
  afterAll(async () => {
    await sandboxEnv.sandbox.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  // In order: serve writes to this deployment's Redis while it runs.
  it.sequential('should show every check ✓ against the sandbox and exit 0', async () => {
    const { code, stdout } = await run(['doctor'], env);
    const lines = stdout.split('\n').filter((l) => /^[✓✗]/.test(l));
    expect(lines.filter((l) => l.startsWith('✗'))).toEqual([]);
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(stdout).toContain('✓ Linear webhook registered and enabled');
    expect(stdout).toContain('✓ Notion database "Weekly baseline" has every property');
    expect(code).toBe(0);
  });

  // Not in a slot: once started, it mostly waits.
  it.sequential('should serve: ready with workers running, webhooks counted on /metrics, and stop cleanly on SIGTERM', async () => {
    const port = await freePort();
    const opsPort = await freePort();
    const team = join(dir, 'serve-team.yaml');
    await writeFile(
      team,
      `timezone: Europe/Berlin
managers:
  - { id: maya, name: Maya, notion: maya@example.com }
roster:
  - { id: ana, name: Ana, linear: lin-ana, notion: not-ana, manager: maya, startDate: 2026-01-05, tier: mid }
`,
    );
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        REDIS_URL,
        ...env,
        COMMITLINE_CONFIG: team,
        PORT: String(port),
        OPS_PORT: String(opsPort),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
    });
    let output = '';
    child.stderr.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    const ops = `http://127.0.0.1:${opsPort}`;
    let ready: Response | undefined;
    for (let i = 0; i < 400 && !ready?.ok; i++) {
      await new Promise((r) => setTimeout(r, 50));
      ready = await fetch(`${ops}/readyz`).catch(() => undefined);
    }
    expect(await ready?.json()).toEqual({
      status: 'ready',
      checks: { redis: 'ok', workers: 'ok', linear: 'ok', notion: 'ok' },
      failing: [],
    });
    const unsigned = await fetch(`${base}/webhooks/linear`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(401);
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    const metrics = await (await fetch(`${ops}/metrics`)).text();
    expect(metrics).toContain(
      'commitline_webhook_deliveries_total{source="linear",outcome="unauthorized"} 1',
    );
    expect(metrics).toMatch(/commitline_queue_depth\{queue="recompute",state="waiting"\} 0/);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).not.toMatch(/error/i);
  }, 60_000);

  it.sequential('should name a wrong Notion token and an evicting Redis, and exit 1', async () => {
    const port = await freePort();
    const evicting = await startRedis(port, ['--maxmemory-policy', 'allkeys-lru']);
    try {
      const { code, stdout } = await run(['doctor'], {
        ...env,
        NOTION_TOKEN: 'ntn_wrong',
        REDIS_URL: `redis://127.0.0.1:${port}`,
      });
      expect(stdout).toContain('✗ Redis maxmemory-policy is allkeys-lru');
      expect(stdout).toContain('✗ Notion token rejected');
      expect(stdout).toMatch(/fix: set `maxmemory-policy noeviction`/);
      expect(code).toBe(1);
    } finally {
      evicting.kill('SIGKILL');
    }
  });
});

const STACK = /\n\s+at |\\n\s+at /;

/**
 * A failed command's stderr: warnings logged on the way (one JSON object a line, as off a
 * terminal, none below warn), then the failure said once, as the last line.
 */
function failureOf(stderr: string): string {
  const lines = stderr.trim().split('\n');
  for (const line of lines.slice(0, -1)) {
    expect((JSON.parse(line) as { level: number }).level).toBeGreaterThanOrEqual(40);
  }
  expect(lines.filter((l) => l.startsWith('commitline: '))).toHaveLength(1);
  return lines.at(-1) ?? '';
}

describe('when `commitline setup` meets a service it cannot use', CONCURRENT, () => {
  let sandbox: Sandbox;
  let urls: { linearApiUrl: string; notionApiUrl: string };
  let parentId: string;
  const prefix = testPrefix('cli-failures');
  const redis = commandRedis();

  beforeAll(async () => {
    sandbox = createSandbox({ notionRatePerSecond: 1_000 });
    urls = await sandbox.listen(0);
    parentId = sandbox.notion.addPage('Engineering goals').id;
  });
  afterAll(async () => {
    await sandbox.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('should say Linear cannot be reached in one line and exit 1, without a stack trace', async () => {
    const { code, stderr } = await run(['setup', '--skip-notion'], {
      LINEAR_API_KEY: SANDBOX_LINEAR_KEY,
      LINEAR_API_URL: 'http://127.0.0.1:1/graphql',
    });
    expect(code).toBe(1);
    expect(failureOf(stderr)).toMatch(
      /^commitline: Linear could not be reached \(.+\): check the network, and LINEAR_API_URL if it is set$/,
    );
    expect(stderr).not.toMatch(STACK);
  });

  it('should name LINEAR_API_KEY when Linear refuses the key, and show the stack only at LOG_LEVEL=debug', async () => {
    const env = { LINEAR_API_KEY: 'lin_api_wrong', LINEAR_API_URL: urls.linearApiUrl };
    const { code, stdout, stderr } = await run(['setup', '--skip-notion'], env);
    expect(code).toBe(1);
    expect(failureOf(stderr)).toMatch(/^commitline: Linear refused the API key \(.+\): check LINEAR_API_KEY/);
    expect(stderr).not.toMatch(STACK);
    expect(stdout).toBe('');
    const debug = await run(['setup', '--skip-notion'], { ...env, LOG_LEVEL: 'debug' });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toContain('check LINEAR_API_KEY');
    expect(debug.stderr).toMatch(/LinearApiError[^\n]*\n\s+at /);
  });

  it('should accept an http:// webhook URL on this machine (the sandbox and tests)', async () => {
    const { code, stdout } = await run(
      ['setup', '--skip-notion', '--webhook-url', 'http://127.0.0.1:3000/webhooks/linear'],
      { LINEAR_API_KEY: SANDBOX_LINEAR_KEY, LINEAR_API_URL: urls.linearApiUrl },
    );
    expect(code).toBe(0);
    expect(stdout).toContain('✓ Linear: webhook registered at http://127.0.0.1:3000/webhooks/linear');
  });

  it('should say to fix NOTION_TOKEN when Notion refuses it, and exit 1', async () => {
    const { code, stdout, stderr } = await run(['setup', '--skip-linear', '--parent', parentId], {
      REDIS_PREFIX: prefix,
      NOTION_TOKEN: 'ntn_wrong',
      NOTION_API_URL: urls.notionApiUrl,
    });
    expect(code).toBe(1);
    expect(stdout).toContain('✗ Notion: a valid token — Notion refused NOTION_TOKEN');
    expect(stderr).toContain('Fix NOTION_TOKEN, then run setup again.');
    expect(stderr).not.toMatch(STACK);
    expect(sandbox.notion.databases.size).toBe(0);
  });

  it('should say Notion cannot be reached in one line and exit 1', async () => {
    const { code, stderr } = await run(['setup', '--skip-linear', '--parent', parentId], {
      REDIS_PREFIX: prefix,
      NOTION_TOKEN: SANDBOX_NOTION_TOKEN,
      NOTION_API_URL: 'http://127.0.0.1:1/notion',
    });
    expect(code).toBe(1);
    expect(failureOf(stderr)).toMatch(
      /^commitline: Notion could not be reached \(.+\): check the network, and NOTION_API_URL if it is set$/,
    );
    expect(stderr).not.toMatch(STACK);
  });
});

describe('when `commitline doctor` meets more than one problem', CONCURRENT, () => {
  const prefix = testPrefix('cli-doctor-problems');
  const redis = commandRedis();
  let sandboxEnv: Awaited<ReturnType<typeof sandboxWithNotion>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    sandboxEnv = await deployedSandbox(redis, prefix);
    env = sandboxEnvironment(sandboxEnv, prefix);
  });
  afterAll(async () => {
    await sandboxEnv.sandbox.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('should still check Notion when Redis is down, finding the databases under the parent page', async () => {
    const down = `redis://127.0.0.1:${await freePort()}`;
    const { code, stdout } = await run(['doctor'], { ...env, REDIS_URL: down });
    expect(stdout).toContain(`✗ Redis not reachable at ${down}`);
    expect(stdout).toContain('✓ Notion: token of the integration');
    expect(stdout).toContain('✓ Notion: read content');
    expect(stdout).toContain('✓ Notion database "Quarter commitments" has every property');
    expect(stdout).toContain('✓ Notion database "Weekly baseline" has every property');
    expect(code).toBe(1);
  });

  it('should say the databases could not be checked without Redis or a parent page, and exit 1', async () => {
    const down = `redis://127.0.0.1:${await freePort()}`;
    const { NOTION_PARENT_PAGE_ID: _, ...withoutParent } = env;
    const { code, stdout } = await run(['doctor'], { ...withoutParent, REDIS_URL: down });
    expect(stdout).toContain('✗ Redis not reachable');
    expect(stdout).toContain('✓ Notion: token of the integration');
    expect(stdout).toContain(
      '✗ Notion databases not checked: their ids are kept in Redis, which is not reachable',
    );
    expect(stdout).toMatch(/fix: start Redis and run doctor again/);
    expect(code).toBe(1);
  });

  // After the two above (which run together), as they expect both databases.
  it.sequential('should report a deleted database on its own line with the fix, and still check the other', async () => {
    sandboxEnv.sandbox.notion.dataSources.delete(sandboxEnv.targets.quarterDataSourceId);
    const { code, stdout } = await run(['doctor'], env);
    expect(stdout).toContain('✓ Notion: token of the integration');
    expect(stdout).not.toContain('Notion token rejected');
    expect(stdout).toMatch(
      /✗ Notion database "Quarter commitments" \(data source [0-9a-f-]+, recorded in Redis\): not found/,
    );
    expect(stdout).toContain('fix: run `commitline setup --parent <Notion page URL>` again');
    expect(stdout).toContain('✓ Notion database "Weekly baseline" has every property');
    expect(code).toBe(1);
  });
});
