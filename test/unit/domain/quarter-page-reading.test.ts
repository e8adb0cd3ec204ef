/**
 * The quarter page reads what people write as the domain's readers do: signatures in people's
 * words (inline too), grades only in the grading weeks, replies to what cannot be read, the
 * first quarter by one definition, pairing with a senior of the roster.
 */
import { describe, expect, it } from 'vitest';
import { quarterById } from '../../../src/domain/calendar.js';
import type { QuarterReadback } from '../../../src/domain/ports.js';
import { buildQuarterPage } from '../../../src/domain/quarter-page.js';
import type { Commitment, Engineer, PageComment } from '../../../src/domain/types.js';
import { ANA, BEN, SETTINGS } from '../../fixtures/team.js';

// 14 weeks, Mon 28 Sep 2026 – Mon 4 Jan 2027; grading opens Mon 21 Dec.
const q4 = quarterById('2026-Q4', SETTINGS);
const COMMITMENTS: Commitment[] = [
  { index: 1, text: 'Ship the passkeys flow on web and iOS behind a flag', ambitious: true },
  { index: 2, text: 'Cut p95 sign-in latency from 1.4 s to under 600 ms', ambitious: false },
  { index: 3, text: 'Land one RFC on the device-trust system', ambitious: false },
  { index: 4, text: 'Write the onboarding doc for auth, paired with Kubernetes', ambitious: false },
];
let id = 0;
const comment = (
  authorId: string,
  at: string,
  text: string,
  over: Partial<PageComment> = {},
): PageComment => ({
  id: `comment-${++id}`,
  authorId,
  createdAt: new Date(at),
  text,
  ...over,
});
const build = (engineer: Engineer, now: string, comments: PageComment[], seniors?: readonly string[]) => {
  const readback: QuarterReadback = {
    exists: true,
    commitments: COMMITMENTS,
    commitmentEdits: [],
    comments,
    excusedWeeks: [],
  };
  return buildQuarterPage({
    engineer,
    quarter: q4,
    settings: SETTINGS,
    now: new Date(now),
    shipped: [],
    readback,
    ...(seniors ? { seniors } : {}),
  });
};

describe('when people sign in their own words', () => {
  it('should be signed by an inline signature on a commitment block and a page comment', () => {
    const built = build(BEN, '2026-10-02T12:00:00Z', [
      comment(
        BEN.notionUserId,
        '2026-10-01T09:00:00Z',
        'Signed. I commit to the above as of Oct 1, 2026 — Ben',
        {
          blockId: 'block-commitment-2',
          discussionId: 'discussion-1',
        },
      ),
      comment(
        BEN.manager.notionUserId,
        '2026-10-01T10:00:00Z',
        'I commit to these goals as of 1 October 2026 ✅',
      ),
    ]);
    expect(built.properties.status).toBe('signed');
    expect(built.notices.filter((n) => n.key.startsWith('reply:'))).toEqual([]);
  });

  it('should stay a draft on a negation, and answer a signature without a date where it was written', () => {
    const unclear = comment(BEN.notionUserId, '2026-10-01T09:00:00Z', 'I commit to these', {
      blockId: 'block-commitment-1',
      discussionId: 'discussion-7',
    });
    const built = build(BEN, '2026-10-02T12:00:00Z', [
      unclear,
      comment(BEN.manager.notionUserId, '2026-10-01T10:00:00Z', 'I don’t think I commit to these as of now'),
    ]);
    expect(built.properties.status).toBe('draft');
    expect(built.notices.filter((n) => n.key.startsWith('reply:'))).toEqual([
      {
        key: `reply:${unclear.id}`,
        mentions: [BEN.notionUserId],
        text: "I couldn't read a date in “I commit to these”. Sign with: I commit to these as of 2026-10-01.",
        replyTo: { discussionId: 'discussion-7', blockId: 'block-commitment-1' },
      },
    ]);
  });

  it('should answer nothing once commitline no longer speaks on the quarter (a backfill)', () => {
    const built = build(BEN, '2027-03-01T12:00:00Z', [
      comment(BEN.notionUserId, '2026-10-01T09:00:00Z', 'I commit to these', { discussionId: 'd' }),
    ]);
    expect(built.notices).toEqual([]);
  });
});

describe('when people grade', () => {
  const signatures = [
    comment(BEN.notionUserId, '2026-10-01T09:00:00Z', 'I commit to these as of today'),
    comment(BEN.manager.notionUserId, '2026-10-01T10:00:00Z', 'I commit to these as of today'),
  ];

  it('should be graded by grades in the grid’s own marks, with a remark after them', () => {
    const built = build(BEN, '2026-12-23T12:00:00Z', [
      ...signatures,
      comment(BEN.notionUserId, '2026-12-22T09:00:00Z', 'hit ✅, partial 🟡, missed ❌, hit ✅'),
      comment(
        BEN.manager.notionUserId,
        '2026-12-22T10:00:00Z',
        '1 hit, 2 partially hit, 3 missed, 4 hit - let’s talk about 2',
      ),
    ]);
    expect(built.properties.status).toBe('graded');
    expect(built.grading.map((row) => row.final)).toEqual(['hit', 'partial', 'missed', 'hit']);
  });

  it('should keep grades given before the last two weeks as early, and stay signed', () => {
    const early = [
      ...signatures,
      comment(BEN.notionUserId, '2026-12-10T09:00:00Z', 'hit, hit, hit, hit'),
      comment(BEN.manager.notionUserId, '2026-12-10T10:00:00Z', 'hit, hit, hit, hit'),
    ];
    const built = build(BEN, '2026-12-11T12:00:00Z', early);
    expect(built.properties.status).toBe('signed');
    expect(built.properties.hit).toBe(0);
    expect(built.grading.map((row) => [row.final, row.early])).toEqual(
      COMMITMENTS.map(() => ['pending', { engineer: 'hit', manager: 'hit' }]),
    );
  });

  it('should answer an unreadable grade in its discussion, leaving the page ungraded', () => {
    const short = comment(BEN.manager.notionUserId, '2026-12-22T10:00:00Z', '1 hit, 2 hit, 3 hit, 6 hit', {
      discussionId: 'discussion-grades',
    });
    const built = build(BEN, '2026-12-23T12:00:00Z', [
      ...signatures,
      comment(BEN.notionUserId, '2026-12-22T09:00:00Z', 'hit, hit, hit, hit'),
      short,
    ]);
    expect(built.properties.status).toBe('signed');
    expect(built.notices.find((n) => n.key === `reply:${short.id}`)).toMatchObject({
      mentions: [BEN.manager.notionUserId],
      replyTo: { discussionId: 'discussion-grades' },
      text: expect.stringContaining('this grades item 6; item 4 has no grade'),
    });
  });
});

describe('when a junior who joined two weeks before the quarter writes her first quarter', () => {
  // Ana started on Mon 14 Sep 2026, two weeks before 2026-Q4.
  const signed = [comment(ANA.notionUserId, '2026-10-01T09:00:00Z', 'I commit to these as of today')];

  it('should give her the first-quarter guidance', () => {
    expect(build(ANA, '2026-10-02T12:00:00Z', signed).guidance.kind).toBe('first-quarter');
  });

  it('should not count “paired with Kubernetes” when the roster’s seniors are known', () => {
    const built = build(ANA, '2026-10-02T12:00:00Z', signed, ['Ben Adeyemi', 'Chen Wei']);
    // Shown under "Before you sign" and in the Flags, and summed up once she has signed.
    expect(
      built.signing.findings.some((line) =>
        /^4\. Item 4 pairs with “Kubernetes”, who is not a senior or lead engineer on the roster/.test(line),
      ),
    ).toBe(true);
    expect(built.properties.flags).toContain('First quarter');
    expect(built.notices.find((n) => n.key.startsWith('signing-summary:'))?.text).toContain(
      'Item 4 pairs with “Kubernetes”',
    );
  });
});
