/**
 * Doctor checks everything a start would, against the sandbox: each roster identity in both
 * workspaces (naming the one that fails and why), identities two engineers share, each engineer's
 * manager, Redis AOF, the webhook's failed deliveries as Linear reports them; and it prints no
 * credential, not even a password inside REDIS_URL.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../src/config/env.js';
import { storeTargets } from '../../src/notion/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { verificationTokenKey } from '../../src/runtime/api.js';
import { type CheckResult, runDoctor } from '../../src/runtime/doctor.js';
import { checkRoster } from '../../src/runtime/doctor-roster.js';
import { SANDBOX_LINEAR_KEY, SANDBOX_NOTION_TOKEN } from '../../src/sandbox/sandbox.js';
import { commandRedis, deleteKeys, REDIS_URL, testPrefix } from '../helpers/redis.js';
import { sandboxWithNotion } from '../helpers/sandbox.js';

const prefix = testPrefix('doctor');
const redis = commandRedis();
let sandboxEnv: Awaited<ReturnType<typeof sandboxWithNotion>>;
let teamPath: string;
const silent = createLogger({ level: 'silent' });

const TEAM = `timezone: Europe/Berlin
managers:
  - { id: maya, name: Maya Okafor, notion: maya@example.com }
roster:
  - { id: ana, name: Ana Ruiz, linear: ana@example.com, notion: ana@example.com, manager: maya, startDate: 2026-09-14, tier: junior }
  - { id: ben, name: Ben Adeyemi, linear: ben@example.com, notion: ben@example.com, manager: maya, startDate: 2023-04-03, tier: senior }
  - { id: dana, name: Dana Kim, linear: dana@example.com, notion: dana@example.com, manager: ben, startDate: 2025-02-03, tier: mid }
  - { id: eve, name: Eve Stone, linear: ana@example.com, notion: eve@example.com, manager: maya, startDate: 2025-05-05, tier: mid }
`;

function environment(extra: Record<string, string> = {}) {
  return readEnv({
    REDIS_URL,
    REDIS_PREFIX: prefix,
    COMMITLINE_CONFIG: teamPath,
    LINEAR_API_KEY: SANDBOX_LINEAR_KEY,
    LINEAR_API_URL: sandboxEnv.urls.linearApiUrl,
    LINEAR_WEBHOOK_SECRET: 'whsec',
    NOTION_TOKEN: SANDBOX_NOTION_TOKEN,
    NOTION_API_URL: sandboxEnv.urls.notionApiUrl,
    NOTION_PARENT_PAGE_ID: sandboxEnv.parent.id,
    NOTION_WEBHOOK_SECRET: 'secret_notion',
    NOTION_RATE_LIMIT: '100',
    ...extra,
  });
}

const failed = (results: CheckResult[]) => results.filter((r) => !r.ok).map((r) => r.line);

beforeAll(async () => {
  sandboxEnv = await sandboxWithNotion({ redis, prefix });
  await storeTargets(redis, prefix, sandboxEnv.targets);
  const { linear, notion } = sandboxEnv.sandbox;
  linear.addLabel('production-visible');
  // Dana is in Notion but not in Linear; Maya's address is nowhere; Eve reuses Ana's Linear email.
  for (const who of ['ana', 'ben']) {
    linear.addUser({ name: who, email: `${who}@example.com` });
  }
  for (const who of ['ana', 'ben', 'dana', 'eve']) {
    notion.addUser({ type: 'person', name: who, email: `${who}@example.com` });
  }
  teamPath = join(await mkdtemp(join(tmpdir(), 'commitline-doctor-')), 'team.yaml');
  await writeFile(teamPath, TEAM);
});

afterAll(async () => {
  await sandboxEnv?.sandbox.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

describe('when the roster names people the workspaces do not have', () => {
  it('should name the unresolvable email, the shared one and the manager who does not resolve', async () => {
    const results = await runDoctor(environment(), silent);
    const problems = failed(results);
    expect(problems).toContain(
      'dana@example.com: no Linear user with this email (Dana Kim, roster[2].linear)',
    );
    expect(problems).toContain(
      'maya@example.com: no Notion user with this email (Maya Okafor, managers[0].notion)',
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^Ana Ruiz \(roster\[0\]\.linear\) and Eve Stone \(roster\[3\]\.linear\) are one Linear user/,
      ),
    );
    expect(problems).toContain(
      "Ana Ruiz's manager Maya Okafor (maya@example.com) does not resolve in Notion",
    );
    // Dana's manager is Ben, an engineer who resolves.
    expect(problems.some((p) => p.startsWith("Dana Kim's manager"))).toBe(false);
    // Ben resolves in both workspaces: nothing is said against him.
    expect(problems.some((p) => p.includes('ben@example.com'))).toBe(false);
    expect(results.find((r) => r.line.startsWith('roster:'))).toBeUndefined();
  });

  it('should say whether Redis keeps its data across a restart (AOF), as a warning when it does not', async () => {
    const results = await runDoctor(environment(), silent);
    const aof = results.find((r) => r.line.startsWith('Redis AOF'));
    expect(aof?.ok).toBe(true);
    const appendonly = ((await redis.config('GET', 'appendonly')) as string[])[1];
    expect(aof?.warning ?? false).toBe(appendonly !== 'yes');
  });
});

describe('when Linear reports failed deliveries to the webhook', () => {
  const LINEAR = 'https://api.linear.app';
  const answers: Record<string, unknown> = {
    CommitlineViewer: {
      viewer: { id: 'u-admin', name: 'Admin', email: 'admin@example.com' },
      organization: { id: 'org', name: 'Acme', urlKey: 'acme' },
    },
    CommitlineLabelByName: { issueLabels: { nodes: [{ id: 'l1', name: 'production-visible' }] } },
    CommitlineWebhooks: {
      webhooks: {
        nodes: [
          {
            id: 'hook',
            url: 'https://c.example.com/webhooks/linear',
            enabled: true,
            resourceTypes: ['Issue'],
          },
        ],
      },
    },
    CommitlineWebhookFailures: {
      webhook: {
        id: 'hook',
        failures: [
          {
            createdAt: new Date(Date.now() - 7_200_000).toISOString(),
            httpStatus: 503,
            responseOrError: 'queue unavailable',
          },
          {
            createdAt: new Date(Date.now() - 60_000).toISOString(),
            httpStatus: 401,
            responseOrError: '{"error":"missing, wrong or stale signature"}',
          },
        ],
      },
    },
    CommitlineUsersByEmailOrId: {
      users: {
        nodes: ['ana', 'ben', 'dana', 'eve'].map((who) => ({
          id: `lin-${who}`,
          email: `${who}@example.com`,
          name: who,
          active: true,
        })),
      },
    },
  };
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('should show the last one with the fix for its status', async () => {
    nock(LINEAR)
      .post('/graphql')
      .times(10)
      .reply(200, (_uri, body) => {
        const operation = /query (\w+)/.exec((body as { query: string }).query)?.[1] ?? '';
        return { data: answers[operation] };
      });
    const results = await runDoctor(environment({ LINEAR_API_URL: `${LINEAR}/graphql` }), silent);
    const delivery = results.find((r) => r.line.startsWith("Linear's last failed delivery"));
    expect(delivery).toMatchObject({ ok: false });
    expect(delivery?.line).toMatch(
      /got HTTP 401: \{"error":"missing, wrong or stale signature"\}; 2 failed in the last 24 h$/,
    );
    expect(delivery?.fix).toContain('LINEAR_WEBHOOK_SECRET does not match');
  });

  it('should say nothing of deliveries when Linear will not tell', async () => {
    nock(LINEAR)
      .post('/graphql')
      .times(10)
      .reply((_uri, body) => {
        const operation = /query (\w+)/.exec((body as { query: string }).query)?.[1] ?? '';
        if (operation === 'CommitlineWebhookFailures') {
          return [
            400,
            { errors: [{ message: 'Forbidden', extensions: { code: 'FORBIDDEN', type: 'forbidden' } }] },
          ];
        }
        return [200, { data: answers[operation] }];
      });
    const results = await runDoctor(environment({ LINEAR_API_URL: `${LINEAR}/graphql` }), silent);
    expect(results.some((r) => /^Linear('s last| reports no) failed deliver/.test(r.line))).toBe(false);
    expect(results.find((r) => r.line.startsWith('Linear webhook registered'))?.ok).toBe(true);
  });
});

describe('when the roster is checked without any network', () => {
  const team = {
    timezone: 'Europe/Berlin',
    label: 'production-visible',
    weekClose: { day: 5 as const, time: '18:00' },
    managers: [{ id: 'maya', name: 'Maya', notion: { id: 'n-maya' } }],
    roster: [
      {
        id: 'ana',
        name: 'Ana',
        linear: { email: 'ana@example.com' },
        notion: { id: 'n-bot' },
        managerId: 'maya',
        startDate: '2026-01-05',
        tier: 'mid' as const,
      },
    ],
  };

  it('should refuse a roster member mapped to commitline’s own integration', () => {
    const results = checkRoster(
      team,
      { people: [{ id: 'l-ana', email: 'ana@example.com', name: 'Ana', active: true }] },
      {
        people: [
          { id: 'n-maya', name: 'Maya' },
          { id: 'n-bot', name: 'commitline' },
        ],
        botId: 'n-bot',
      },
    );
    expect(failed(results)).toEqual([
      "n-bot is commitline's own Notion integration, not a person (Ana, roster[0].notion)",
    ]);
  });

  it('should say the roster resolves, once, when everyone does', () => {
    const results = checkRoster(
      { ...team, roster: [{ ...team.roster[0], notion: { id: 'n-ana' } }] } as typeof team,
      { people: [{ id: 'l-ana', email: 'ana@example.com', name: 'Ana', active: true }] },
      {
        people: [
          { id: 'n-maya', name: 'Maya' },
          { id: 'n-ana', name: 'Ana' },
        ],
        botId: 'n-bot',
      },
    );
    expect(results).toEqual([
      {
        ok: true,
        line: 'roster: 1 engineer and their managers resolve in Linear and Notion, each their own person',
      },
    ]);
  });
});

describe('when REDIS_URL carries a password', () => {
  it('should show the URL with its password masked, and no key or token', async () => {
    const results = await runDoctor(
      environment({ REDIS_URL: 'redis://:hunter2-redis@127.0.0.1:6379' }),
      silent,
    );
    const printed = results.map((r) => `${r.line} ${r.fix ?? ''}`).join('\n');
    expect(printed).toContain('redis://:***@127.0.0.1:6379');
    expect(printed).not.toContain('hunter2-redis');
    expect(printed).not.toContain(SANDBOX_NOTION_TOKEN);
    expect(printed).not.toContain(SANDBOX_LINEAR_KEY);
  });
});

describe('when Notion has sent a verification token and no secret is set yet', () => {
  it('should show the token with when it arrived and from which address', async () => {
    await redis.set(
      verificationTokenKey(prefix),
      JSON.stringify({ token: 'secret_from_notion', at: '2026-12-08T09:15:00.000Z', from: '198.51.100.4' }),
    );
    try {
      const lines = failed(await runDoctor(environment({ NOTION_WEBHOOK_SECRET: '' }), silent));
      expect(lines).toContainEqual(
        expect.stringContaining(
          'Notion sent a webhook verification token: secret_from_notion (received 2026-12-08T09:15:00.000Z from 198.51.100.4)',
        ),
      );
      // Once the secret is set, the token is not shown again.
      const configured = failed(await runDoctor(environment(), silent));
      expect(configured.some((l) => l.includes('secret_from_notion'))).toBe(false);
    } finally {
      await redis.del(verificationTokenKey(prefix));
    }
  });
});
