import { describe, expect, it } from 'vitest';
import { engineerBaseline } from '../../../src/domain/baseline.js';
import { quarterById } from '../../../src/domain/calendar.js';
import { goLiveAt } from '../../../src/domain/go-live.js';
import { type NoticeInput, noticesFor } from '../../../src/domain/notices.js';
import { fingerprintOf, signOff } from '../../../src/domain/sign-off.js';
import type { PageComment } from '../../../src/domain/types.js';
import { BEN, SETTINGS, shipped } from '../../fixtures/team.js';

const q4 = quarterById('2026-Q4', SETTINGS);
const day = (d: string) => goLiveAt(d, SETTINGS.timezone);

function notices(
  now: string,
  options: { goLive?: Date; ships?: string[]; excused?: string[] } & Partial<NoticeInput> = {},
) {
  const { goLive, ships = [], excused = [], ...rest } = options;
  const at = new Date(now);
  const baseline = engineerBaseline({
    engineer: BEN,
    quarter: q4,
    shipped: ships.map((s) => shipped(BEN, s)),
    excusedWeeks: excused,
    now: at,
    settings: SETTINGS,
    goLive,
  });
  return noticesFor({
    engineer: BEN,
    quarter: q4,
    now: at,
    baseline,
    commitmentCount: 0,
    commitmentFindings: [],
    gradingFindings: [],
    signoff: signOff({
      commitments: [],
      signatures: {},
      record: { signatures: {} },
      commitmentEdits: [],
      engineerNotionId: BEN.notionUserId,
    }),
    checkpointHeld: false,
    graded: { engineer: false, manager: false },
    goLive,
    ...rest,
  });
}
const keys = (list: { key: string }[]) => list.map((n) => n.key);

describe('when a page is recomputed for the first time after going live in week 10', () => {
  // Set up on Wednesday 2 December 2026 (2026-W49, week 10 of 2026-Q4), 9 silent weeks before.
  const goLive = day('2026-12-02');

  it.each([
    { when: 'on go-live day', now: '2026-12-02T12:00:00Z', expected: [] as string[] },
    { when: 'after its first week closed empty', now: '2026-12-05T12:00:00Z', expected: [] },
    {
      when: 'after its second week closed empty',
      now: '2026-12-12T12:00:00Z',
      expected: ['miss-streak:2026-W49'],
    },
    {
      when: 'after its third week closed empty',
      now: '2026-12-19T12:00:00Z',
      expected: ['miss-streak:2026-W49'],
    },
    {
      when: 'in the grading week, which began after go-live',
      now: '2026-12-21T12:00:00Z',
      expected: ['miss-streak:2026-W49', 'grading:2026-Q4'],
    },
  ])('should post only what is due since go-live $when', ({ now, expected }) => {
    expect(keys(notices(now, { goLive }))).toEqual(expected);
  });

  it('should say the same words for the streak while it grows, so no second comment is posted', () => {
    const second = notices('2026-12-12T12:00:00Z', { goLive }).find((n) => n.key.startsWith('miss-streak:'));
    const third = notices('2026-12-19T12:00:00Z', { goLive }).find((n) => n.key.startsWith('miss-streak:'));
    expect(second?.text).toContain('(2026-W49, 2026-W50)');
    expect(third).toEqual(second);
    expect(second?.text).not.toMatch(/2026-W4[0-8]/);
  });

  it('should, without a go-live, still post what was due all along (the storm this prevents)', () => {
    expect(keys(notices('2026-12-02T12:00:00Z'))).toEqual([
      'miss-streak:2026-W40',
      'signing-reminder:2026-Q4',
      'checkpoint:2026-Q4',
    ]);
  });
});

describe('when a moment of the quarter falls on either side of go-live', () => {
  it.each([
    // The signing reminder is for week 1's close (Fri 2 Oct 2026, 18:00 Berlin).
    { goLive: '2026-10-02', now: '2026-10-03T12:00:00Z', key: 'signing-reminder:2026-Q4', posted: true },
    { goLive: '2026-10-03', now: '2026-10-03T12:00:00Z', key: 'signing-reminder:2026-Q4', posted: false },
    // The checkpoint is for week 7's start (Mon 9 Nov 2026).
    { goLive: '2026-11-09', now: '2026-11-10T12:00:00Z', key: 'checkpoint:2026-Q4', posted: true },
    { goLive: '2026-11-10', now: '2026-11-10T12:00:00Z', key: 'checkpoint:2026-Q4', posted: false },
    // The grading prompt is for week 13's start (Mon 21 Dec 2026), its reminders follow it.
    { goLive: '2026-12-21', now: '2026-12-26T12:00:00Z', key: 'grading-reminder:2026-W52', posted: true },
    { goLive: '2026-12-22', now: '2026-12-26T12:00:00Z', key: 'grading:2026-Q4', posted: false },
    { goLive: '2026-12-22', now: '2026-12-26T12:00:00Z', key: 'grading-reminder:2026-W52', posted: false },
  ])('should post $key when live since $goLive: $posted', ({ goLive, now, key, posted }) => {
    expect(keys(notices(now, { goLive: day(goLive) })).includes(key)).toBe(posted);
  });

  it('should say nothing at all before go-live (a `since` ahead in the team file)', () => {
    const findings = [{ code: 'too-many' as const, message: 'More than 5 commitments.' }];
    expect(
      notices('2026-11-20T12:00:00Z', { goLive: day('2026-11-23'), commitmentFindings: findings }),
    ).toEqual([]);
    expect(
      keys(notices('2026-11-23T12:00:00Z', { goLive: day('2026-11-23'), commitmentFindings: findings })),
    ).toEqual(['finding:too-many:page']);
  });

  it('should raise an edit after signing only against the text the signature covers', () => {
    const signature: PageComment = {
      id: '1a2b3c4d-0000-4000-8000-00c1a2b3c4d5',
      authorId: BEN.notionUserId,
      createdAt: new Date('2026-10-01T09:00:00Z'),
      text: 'I commit to these as of 1 October',
    };
    const before = [{ index: 1, text: 'Land one RFC on the device-trust system', ambitious: false }];
    const after = [{ index: 1, text: 'Land two RFCs on the device-trust system', ambitious: false }];
    const edit = {
      index: 1,
      lastEditedBy: BEN.manager.notionUserId,
      lastEditedAt: new Date('2026-12-02T10:00:00Z'),
    };
    const raised = (commitments: typeof before, recorded: string | undefined) =>
      keys(
        notices('2026-12-03T12:00:00Z', {
          goLive: day('2026-12-02'),
          signoff: signOff({
            commitments,
            signatures: { engineer: signature },
            record: recorded
              ? { lastRead: recorded, signatures: { '00c1a2b3c4d5': recorded } }
              : { signatures: {} },
            commitmentEdits: [edit],
            engineerNotionId: BEN.notionUserId,
          }),
        }),
      ).filter((k) => k.startsWith('changed-since-signing:') || k.startsWith('edited-by-other:'));
    // First seen after go-live with nothing recorded: the signature covers the text as it stands.
    expect(raised(after, undefined)).toEqual([]);
    // Recorded on the earlier text, then the manager changed it: one comment asks whose change it
    // was and for both signatures again.
    const signed = fingerprintOf(before);
    expect(raised(after, signed)).toEqual([`edited-by-other:${fingerprintOf(after)}:1`]);
    expect(raised(before, signed)).toEqual([]);
  });
});

describe('when a streak grows, is excused in part, or ends', () => {
  const streak = (now: string, ships: string[], excused: string[] = []) =>
    notices(now, { ships, excused }).filter((n) => n.key.startsWith('miss-streak:'));
  const afterW40 = ['2026-10-01T10:00:00Z'];

  it.each([
    {
      when: 'two weeks missed',
      now: '2026-10-17T12:00:00Z',
      ships: afterW40,
      excused: [],
      key: 'miss-streak:2026-W41',
    },
    {
      when: 'three weeks missed',
      now: '2026-10-24T12:00:00Z',
      ships: afterW40,
      excused: [],
      key: 'miss-streak:2026-W41',
    },
    {
      when: 'five weeks missed',
      now: '2026-11-07T12:00:00Z',
      ships: afterW40,
      excused: [],
      key: 'miss-streak:2026-W41',
    },
    {
      when: 'its first week excused later',
      now: '2026-10-24T12:00:00Z',
      ships: afterW40,
      excused: ['2026-W41'],
      key: 'miss-streak:2026-W41',
    },
    {
      when: 'a new streak after a week that shipped',
      now: '2026-11-14T12:00:00Z',
      ships: [...afterW40, '2026-10-27T10:00:00Z'],
      excused: [],
      key: 'miss-streak:2026-W45',
    },
  ])('should key it by its run: $when → $key', ({ now, ships, excused, key }) => {
    expect(keys(streak(now, ships, excused))).toEqual([key]);
  });

  it('should keep the words of a streak as it grows from two to five weeks', () => {
    const texts = ['2026-10-17', '2026-10-24', '2026-10-31', '2026-11-07'].map(
      (d) => streak(`${d}T12:00:00Z`, afterW40)[0]?.text,
    );
    expect(new Set(texts).size).toBe(1);
    expect(texts[0]).toContain('since 2026-W41: 2 weeks in a row (2026-W41, 2026-W42)');
  });

  it('should not raise a streak that a ship ended', () => {
    expect(streak('2026-10-24T12:00:00Z', [...afterW40, '2026-10-20T10:00:00Z'])).toEqual([]);
  });
});
