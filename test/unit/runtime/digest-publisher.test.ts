import { describe, expect, it } from 'vitest';
import type { QuarterPageStore, ShippedChange, WeekDigest } from '../../../src/domain/index.js';
import { quarterById } from '../../../src/domain/index.js';
import { createLogger } from '../../../src/observability/logger.js';
import { createDigestPublisher, type DigestSources, managerEmails } from '../../../src/runtime/digest.js';
import { SlackApiError, type SlackDigests, type StreakRecipient } from '../../../src/slack/index.js';
import { ANA, BEN, SETTINGS, shipped } from '../../fixtures/team.js';

/** Ana shipped in W40 only; Ben every week up to W43. */
const SHIPS: ShippedChange[] = [
  shipped(ANA, '2026-09-30T10:00:00Z'),
  ...['2026-09-30', '2026-10-07', '2026-10-14', '2026-10-21'].map((d) => shipped(BEN, `${d}T10:00:00Z`)),
];

function setup(now: string, options: { goLive?: string; tell?: (r: StreakRecipient) => Promise<'dm'> } = {}) {
  const published: { week: string; existingOnly: boolean }[] = [];
  const told: StreakRecipient[] = [];
  const errors: string[] = [];
  const notion: QuarterPageStore = {
    read: async () => ({
      readback: { exists: true, commitments: [], commitmentEdits: [], comments: [], excusedWeeks: [] },
      page: { id: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' },
    }),
    write: async () => ({ writes: 0, requests: 0 }),
  };
  const sources: DigestSources = {
    settings: SETTINGS,
    label: 'production-visible',
    linear: { shippedChanges: async (q) => SHIPS.filter((s) => s.assigneeId === q.assigneeId) },
    notion,
    now: () => new Date(now),
    roster: [ANA, BEN],
    ...(options.goLive ? { goLive: async () => new Date(options.goLive as string) } : {}),
    gridPageId: async () => 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  };
  const slack: SlackDigests = {
    channelId: async () => 'C0DIGEST01',
    publish: async (digest: WeekDigest, o) => {
      published.push({ week: digest.weekId, existingOnly: o.existingOnly ?? false });
      return { outcome: 'posted', channel: 'C0DIGEST01', ts: '1.000001' };
    },
    tellManager: async (r) => {
      told.push(r);
      return options.tell ? options.tell(r) : 'dm';
    },
  };
  const logger = createLogger({ level: 'error' }, { write: (line: string) => void errors.push(line) });
  const publisher = createDigestPublisher({
    sources,
    slack,
    managerEmails: new Map([['maya', 'maya@example.com']]),
    logger,
  });
  return { publisher, published, told, errors };
}

describe('when a week closes with the digest on', () => {
  it('should publish the week that closed for everyone and tell the manager of a current streak', async () => {
    const { publisher, published, told } = setup('2026-10-16T16:05:00Z'); // Friday 18:05 in Berlin, W42
    await publisher.weekClosed('2026-W42');
    expect(published).toEqual([{ week: '2026-W42', existingOnly: false }]);
    expect(told.map((r) => [r.managerEmail, r.engineerName, r.streak.key, r.since.toISOString()])).toEqual([
      ['maya@example.com', 'Ana Ruiz', 'ana:2026-W41', '2026-10-04T22:00:00.000Z'],
    ]);
    expect(told[0]?.pageUrl).toBe('https://www.notion.so/0f1e2d3c4b5a69788796a5b4c3d2e1f0');
  });

  it('should publish nothing for a week that closed before go-live', async () => {
    const { publisher, published } = setup('2026-10-16T16:05:00Z', { goLive: '2026-10-19T00:00:00Z' });
    await publisher.weekClosed('2026-W42');
    expect(published).toEqual([]);
  });

  it('should not tell a manager about an older week’s streak when that week is posted again', async () => {
    const { publisher, told } = setup('2026-10-28T10:00:00Z'); // W44: W42 is history by now
    const run = await publisher.publishWeek('2026-W42');
    expect(run.digest.groups[0]?.lines.find((l) => l.engineerId === 'ana')?.streak?.key).toBe('ana:2026-W41');
    expect(told).toEqual([]);
  });

  it('should log a streak note Slack refuses for good, and still count the digest as published', async () => {
    const refuse = async (): Promise<'dm'> => {
      throw new SlackApiError(
        'missing-scope',
        'Slack answered missing_scope (needs im:write)',
        'missing_scope',
      );
    };
    const { publisher, published, errors } = setup('2026-10-16T16:05:00Z', { tell: refuse });
    await expect(publisher.weekClosed('2026-W42')).resolves.toBeUndefined();
    expect(published).toHaveLength(1);
    expect(errors.join('')).toContain('streak not told to the manager in Slack');
  });

  it('should let a streak note that time may fix fail the step, to be tried again', async () => {
    const limited = async (): Promise<'dm'> => {
      throw new SlackApiError('rate-limited', 'Slack kept answering 429', 'ratelimited', 1000);
    };
    const { publisher } = setup('2026-10-16T16:05:00Z', { tell: limited });
    await expect(publisher.weekClosed('2026-W42')).rejects.toMatchObject({ code: 'rate-limited' });
  });
});

describe('when a past week of the quarter changes', () => {
  it('should update the digests of its closed weeks only, never post one', async () => {
    const { publisher, published, told } = setup('2026-10-21T12:00:00Z'); // W43 open
    await publisher.quarterChanged(quarterById('2026-Q4', SETTINGS));
    expect(published).toEqual(
      ['2026-W40', '2026-W41', '2026-W42'].map((week) => ({ week, existingOnly: true })),
    );
    expect(told).toEqual([]);
  });
});

describe('when the managers’ emails are read from the team file', () => {
  it('should take managers and engineers who manage, by their email only', () => {
    const emails = managerEmails({
      managers: [
        { id: 'maya', name: 'Maya', notion: { email: 'maya@example.com' } },
        { id: 'lee', name: 'Lee', notion: { id: 'notion-lee' } },
      ],
      roster: [
        {
          id: 'ben',
          name: 'Ben',
          notion: { email: 'ben@example.com' },
          linear: { email: 'ben@example.com' },
          managerId: 'maya',
          startDate: '2023-04-03',
          tier: 'senior',
        },
      ],
    });
    expect([...emails]).toEqual([
      ['maya', 'maya@example.com'],
      ['ben', 'ben@example.com'],
    ]);
  });
});
