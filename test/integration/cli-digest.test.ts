/**
 * `commitline digest` as a person runs it, a child process against the sandbox: printed with
 * --dry-run, posted once and then found as it is, clear errors without Slack or with a bad week.
 */

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets } from '../../src/notion/setup.js';
import { SANDBOX_LINEAR_KEY, SANDBOX_NOTION_TOKEN, SANDBOX_SLACK_TOKEN } from '../../src/sandbox/sandbox.js';
import { DIGEST_EVENT } from '../../src/slack/index.js';
import { spawnCommand } from '../helpers/bin.js';
import { commandRedis, deleteKeys, testPrefix } from '../helpers/redis.js';
import { sandboxWithNotion } from '../helpers/sandbox.js';

const prefix = testPrefix('cli-digest');
const redis = commandRedis();
let sandboxEnv: Awaited<ReturnType<typeof sandboxWithNotion>>;
let env: Record<string, string>;

function run(args: string[], extra: Record<string, string> = {}) {
  return spawnCommand(args, { ...env, ...extra });
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'commitline-digest-'));
  const teamFile = join(dir, 'team.yaml');
  await writeFile(
    teamFile,
    `timezone: Europe/Berlin
managers:
  - { id: maya, name: Maya Okafor, notion: maya@example.com }
roster:
  - { id: ana, name: Ana Ruiz, linear: ana@example.com, notion: ana@example.com, manager: maya, startDate: 2026-01-05, tier: mid }
  - { id: ben, name: Ben Adeyemi, linear: ben@example.com, notion: ben@example.com, manager: maya, startDate: 2026-01-05, tier: mid }
`,
  );
  const team = {
    label: 'production-visible',
    managers: [{ id: 'maya', name: 'Maya Okafor', notion: { email: 'maya@example.com' } }],
    roster: ['ana', 'ben'].map((id) => ({
      id,
      name: id === 'ana' ? 'Ana Ruiz' : 'Ben Adeyemi',
      notion: { email: `${id}@example.com` },
      linear: { email: `${id}@example.com` },
      managerId: 'maya',
      startDate: '2026-01-05',
      tier: 'mid' as const,
    })),
  };
  sandboxEnv = await sandboxWithNotion({ redis, prefix, team, liveSince: '2026-09-28' });
  await storeTargets(redis, prefix, sandboxEnv.targets);
  const { sandbox } = sandboxEnv;
  sandbox.linear.addLabel('production-visible');
  sandbox.linear.now = () => new Date('2026-09-30T10:00:00Z');
  const issue = await sandbox.actions.createIssue('ana@example.com', 'Passkeys on web');
  await sandbox.actions.ship(issue.id);
  sandbox.linear.now = () => new Date();
  env = {
    REDIS_PREFIX: prefix,
    COMMITLINE_CONFIG: teamFile,
    LINEAR_API_KEY: SANDBOX_LINEAR_KEY,
    LINEAR_API_URL: sandboxEnv.urls.linearApiUrl,
    NOTION_TOKEN: SANDBOX_NOTION_TOKEN,
    NOTION_API_URL: sandboxEnv.urls.notionApiUrl,
    NOTION_PARENT_PAGE_ID: sandboxEnv.parent.id,
    NOTION_RATE_LIMIT: '1000',
  };
}, 30_000);

afterAll(async () => {
  await sandboxEnv?.sandbox.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

const slack = () => ({
  SLACK_BOT_TOKEN: SANDBOX_SLACK_TOKEN,
  SLACK_CHANNEL: '#eng-weekly',
  SLACK_API_URL: sandboxEnv.urls.slackApiUrl,
});

describe('when `commitline digest` runs', { concurrent: true, timeout: 30_000 }, () => {
  it('should print a week’s digest with --dry-run, without Slack', async () => {
    const { code, stdout } = await run(['digest', '--week', '2026-W40', '--dry-run']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Week 2026-W40 · 28 Sep – 4 Oct 2026 (2026-Q4)');
    expect(lines).toContain('1 shipped · 1 missed · 0 excused');
    expect(lines.some((l) => /^✅ Ana Ruiz: ENG-\d+ Passkeys on web$/.test(l))).toBe(true);
    expect(lines).toContain('❌ Ben Adeyemi: no production-visible change');
  });

  it('should say Slack is not configured, and how, when asked to post without it', async () => {
    const { code, stderr } = await run(['digest', '--week', '2026-W40']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Slack is not configured: set SLACK_BOT_TOKEN .* and SLACK_CHANNEL .*--dry-run/);
  });

  it('should refuse a week its year does not have, naming --week', async () => {
    const { code, stderr } = await run(['digest', '--week', '2025-W53', '--dry-run']);
    expect(code).toBe(2);
    expect(stderr).toContain('--week:');
  });

  it('should refuse to post a week that has not closed for everyone, naming --week and --dry-run', async () => {
    const nextYear = `${new Date().getUTCFullYear() + 1}-W02`;
    const { code, stderr } = await run(['digest', '--week', nextYear], slack());
    expect(code).toBe(2);
    expect(stderr).toContain(`--week: ${nextYear} has not closed for everyone yet`);
    expect(stderr).toContain('--dry-run');
  });

  it('should post the week once, and find it as it is the second time', async () => {
    const first = await run(['digest', '--week', '2026-W40'], slack());
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Slack: posted in C0DIGEST01 \(ts \d+\.\d+\)/);
    const second = await run(['digest', '--week', '2026-W40'], slack());
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Slack: already posted as it is in C0DIGEST01');
    const messages = sandboxEnv.sandbox.slack
      .messages()
      .filter((m) => m.metadata?.event_type === DIGEST_EVENT);
    expect(messages).toHaveLength(1);
    expect(JSON.stringify(messages[0]?.blocks)).toContain('Passkeys on web');
  });

  it('should say what Slack refused, with the fix', async () => {
    const { code, stderr } = await run(['digest', '--week', '2026-W41'], {
      ...slack(),
      SLACK_BOT_TOKEN: 'xoxb-wrong',
    });
    expect(code).toBe(1);
    expect(stderr).toContain(
      'Slack refused (authentication: Slack answered invalid_auth): check SLACK_BOT_TOKEN',
    );
  });
});
