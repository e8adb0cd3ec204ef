import { describe, expect, it } from 'vitest';
import { quarterById } from '../../../src/domain/calendar.js';
import { goLiveAt } from '../../../src/domain/go-live.js';
import type { QuarterReadback } from '../../../src/domain/ports.js';
import { buildQuarterPage, FLAG } from '../../../src/domain/quarter-page.js';
import { fingerprintOf, signatureRef } from '../../../src/domain/sign-off.js';
import type { Commitment, PageComment } from '../../../src/domain/types.js';
import { ANA, BEN, SETTINGS, shipped } from '../../fixtures/team.js';

const q4 = quarterById('2026-Q4', SETTINGS);

const COMMITMENTS: Commitment[] = [
  { index: 1, text: 'Ship the passkeys flow on web and iOS behind a flag', ambitious: false },
  { index: 2, text: 'Cut p95 sign-in latency from 1.4 s to under 600 ms', ambitious: false },
  { index: 3, text: 'Land one RFC on the device-trust system', ambitious: false },
];

let commentId = 0;
function comment(authorId: string, at: string, text: string): PageComment {
  commentId += 1;
  return {
    id: `00000000-0000-4000-8000-${String(commentId).padStart(12, '0')}`,
    authorId,
    createdAt: new Date(at),
    text,
  };
}

function readback(overrides: Partial<QuarterReadback> = {}): QuarterReadback {
  return { exists: true, commitments: [], commitmentEdits: [], comments: [], excusedWeeks: [], ...overrides };
}

function page(
  now: string,
  overrides: Partial<QuarterReadback> = {},
  changes = [shipped(BEN, '2026-10-01T10:00:00Z')],
) {
  return buildQuarterPage({
    engineer: BEN,
    quarter: q4,
    settings: SETTINGS,
    now: new Date(now),
    shipped: changes,
    readback: readback(overrides),
  });
}

describe('when a quarter page is built', () => {
  it('should open with the quarter and its last day for people', () => {
    expect(page('2026-10-01T12:00:00Z').heading).toBe('By end of 2026-Q4 (Fri 1 Jan 2027), I will:');
  });

  it('should list the evidence oldest first, only the engineer’s own', () => {
    const changes = [
      shipped(BEN, '2026-10-20T10:00:00Z', 'later'),
      shipped(BEN, '2026-10-06T10:00:00Z', 'earlier'),
      shipped(ANA, '2026-10-07T10:00:00Z', 'not Ben’s'),
    ];
    const built = page('2026-11-01T12:00:00Z', {}, changes);
    expect(built.evidence.map((c) => c.title)).toEqual(['earlier', 'later']);
  });

  it('should keep the current week open even when it already has a ship', () => {
    const built = page('2026-10-01T12:00:00Z', {}, [shipped(BEN, '2026-09-30T10:00:00Z')]);
    expect(built.weeks.map((w) => [w.week, w.status])).toEqual([['2026-W40', 'open']]);
    expect(built.properties.weeksShipped).toBe(0);
  });
});

describe('when two closed weeks in a row have no production-visible change', () => {
  const built = page('2026-10-17T12:00:00Z', {}, [shipped(BEN, '2026-09-29T10:00:00Z')]);

  it('should flag the page and mention the manager once, as a question', () => {
    expect(built.properties.missStreak).toBe(2);
    expect(built.properties.flags).toContain(FLAG.missStreak);
    const notice = built.notices.find((n) => n.key.startsWith('miss-streak:'));
    expect(notice?.key).toBe('miss-streak:2026-W41');
    expect(notice?.mentions).toEqual([BEN.manager.notionUserId]);
    expect(notice?.text).toContain('what got in the way?');
    expect(notice?.text).not.toMatch(/fail|underperform/i);
  });

  it('should not flag when one of the weeks was excused', () => {
    const excused = page('2026-10-17T12:00:00Z', { excusedWeeks: ['2026-W41'] }, [
      shipped(BEN, '2026-09-29T10:00:00Z'),
    ]);
    expect(excused.properties.missStreak).toBe(1);
    expect(excused.notices.some((n) => n.key.startsWith('miss-streak:'))).toBe(false);
  });
});

describe('when the quarter moves through its rhythm', () => {
  const signatures = [
    comment(BEN.notionUserId, '2026-09-29T09:00:00Z', 'I commit to these as of 29 September'),
    comment(BEN.manager.notionUserId, '2026-09-29T10:00:00Z', 'I commit to these as of 29 September.'),
  ];

  it('should remind both to sign after week 1 closes, naming only who has not signed', () => {
    const before = page('2026-10-02T15:00:00Z', { commitments: COMMITMENTS });
    expect(before.notices.some((n) => n.key.startsWith('signing-reminder:'))).toBe(false);
    const after = page('2026-10-02T17:00:00Z', {
      commitments: COMMITMENTS,
      comments: signatures.slice(0, 1),
    });
    const reminder = after.notices.find((n) => n.key === 'signing-reminder:2026-Q4');
    expect(reminder?.mentions).toEqual([BEN.manager.notionUserId]);
  });

  it('should be signed once both have signed, and checked once the manager records the checkpoint', () => {
    expect(
      page('2026-10-05T12:00:00Z', { commitments: COMMITMENTS, comments: signatures }).properties.status,
    ).toBe('signed');
    const held = comment(
      BEN.manager.notionUserId,
      '2026-11-10T10:00:00Z',
      'Checkpoint held: re-scoped item 3.',
    );
    const checked = page('2026-11-12T12:00:00Z', {
      commitments: COMMITMENTS,
      comments: [...signatures, held],
    });
    expect(checked.properties.status).toBe('checked');
    expect(checked.notices.some((n) => n.key.startsWith('checkpoint:'))).toBe(false);
  });

  it('should nudge the manager at week 7 until the checkpoint is held', () => {
    const built = page('2026-11-10T12:00:00Z', { commitments: COMMITMENTS, comments: signatures });
    expect(built.checkpoint.week).toBe('2026-W46');
    expect(built.notices.find((n) => n.key === 'checkpoint:2026-Q4')?.mentions).toEqual([
      BEN.manager.notionUserId,
    ]);
  });

  it('should show where grades differ, and count only agreed grades', () => {
    const grades = [
      comment(BEN.notionUserId, '2026-12-22T10:00:00Z', '1 hit, 2 partial, 3 missed'),
      comment(BEN.manager.notionUserId, '2026-12-22T11:00:00Z', '1 hit, 2 missed, 3 missed'),
    ];
    const built = page('2026-12-23T12:00:00Z', {
      commitments: COMMITMENTS,
      comments: [...signatures, ...grades],
    });
    expect(built.grading.map((row) => row.final)).toEqual(['hit', 'disagree', 'missed']);
    expect(built.properties).toMatchObject({ status: 'graded', hit: 1, partial: 0, missed: 1 });
    expect(built.properties.flags).toContain(FLAG.gradesDiffer);
  });

  it('should prompt both to grade in the grading week until both have', () => {
    const built = page('2026-12-22T12:00:00Z', { commitments: COMMITMENTS, comments: signatures });
    expect(built.notices.find((n) => n.key === 'grading:2026-Q4')?.mentions).toEqual([
      BEN.notionUserId,
      BEN.manager.notionUserId,
    ]);
  });
});

describe('when grades are still missing as the quarter ends', () => {
  const signatures = [
    comment(BEN.notionUserId, '2026-09-29T09:00:00Z', 'I commit to these as of 29 September'),
    comment(BEN.manager.notionUserId, '2026-09-29T10:00:00Z', 'I commit to these as of 29 September.'),
  ];
  const engineerGraded = comment(BEN.notionUserId, '2026-12-22T10:00:00Z', '1 hit, 2 partial, 3 missed');
  const reminders = (now: string) =>
    page(now, { commitments: COMMITMENTS, comments: [...signatures, engineerGraded] }).notices.filter((n) =>
      n.key.startsWith('grading-reminder:'),
    );

  it('should remind at every week close, and once more a week after the quarter, each in its own words', () => {
    const sent = reminders('2027-01-09T12:00:00Z');
    expect(sent.map((n) => n.key)).toEqual([
      'grading-reminder:2026-W52',
      'grading-reminder:2026-W53',
      'grading-reminder:2027-W01',
    ]);
    expect(new Set(sent.map((n) => n.text)).size).toBe(3);
    expect(sent[2]?.text).toBe(
      'A week after 2026-Q4: still waiting for a grade on every commitment (hit, missed or partial), in a comment on this page.',
    );
    // Only the one who has not graded is asked again.
    expect(sent.every((n) => n.mentions.join() === BEN.manager.notionUserId)).toBe(true);
  });

  it('should remind a second week after, then fall silent two weeks after the quarter’s last day', () => {
    expect(reminders('2027-01-16T12:00:00Z').map((n) => n.key)).toContain('grading-reminder:2027-W02');
    expect(reminders('2027-01-18T12:00:00Z')).toEqual([]);
  });
});

describe('when a week of a raised streak is excused afterwards', () => {
  const changes = [shipped(BEN, '2026-10-01T10:00:00Z')];
  const first = page('2026-10-17T12:00:00Z', {}, changes).notices.find((n) =>
    n.key.startsWith('miss-streak:'),
  );

  it('should keep the same streak under the same key, so it is not raised a second time', () => {
    expect(first?.text).toContain('(2026-W41, 2026-W42)');
    const later = page('2026-10-24T12:00:00Z', { excusedWeeks: ['2026-W41'] }, changes);
    expect(later.properties.missStreak).toBe(2);
    expect(later.notices.filter((n) => n.key.startsWith('miss-streak:')).map((n) => n.key)).toEqual([
      first?.key,
    ]);
  });

  it('should still raise a new streak after a week that shipped', () => {
    const later = page('2026-11-14T12:00:00Z', {}, [
      ...changes,
      shipped(BEN, '2026-10-20T10:00:00Z'),
      shipped(BEN, '2026-10-27T10:00:00Z'),
    ]);
    expect(later.notices.filter((n) => n.key.startsWith('miss-streak:')).map((n) => n.key)).toEqual([
      'miss-streak:2026-W45',
    ]);
  });
});

describe('when an old quarter is recomputed (a backfill)', () => {
  it('should rewrite what it shows but nudge nobody', () => {
    const built = page('2027-03-01T12:00:00Z', { commitments: COMMITMENTS }, []);
    expect(built.properties.weeksMissed).toBe(14);
    expect(built.notices).toEqual([]);
  });
});

describe('when commitments are edited after signing by someone else', () => {
  const signatures = [
    comment(BEN.notionUserId, '2026-09-29T09:00:00Z', 'I commit to these as of 29 September'),
    comment(BEN.manager.notionUserId, '2026-09-29T10:00:00Z', 'I commit to these as of 29 September'),
  ];
  const signed = fingerprintOf(COMMITMENTS);
  const record = {
    lastRead: signed,
    signatures: Object.fromEntries(signatures.map((c) => [signatureRef(c), signed])),
  };
  const rewritten = COMMITMENTS.map((c) => (c.index === 2 ? { ...c, text: 'Cut p95 sign-in latency' } : c));
  const built = page('2026-10-10T12:00:00Z', {
    commitments: rewritten,
    comments: signatures,
    signing: record,
    commitmentEdits: [
      { index: 2, lastEditedBy: BEN.manager.notionUserId, lastEditedAt: new Date('2026-10-09T10:00:00Z') },
      { index: 1, lastEditedBy: BEN.notionUserId, lastEditedAt: new Date('2026-09-28T11:00:00Z') },
    ],
  });

  it('should ask both to sign again, and put the ownership question once, for that edit', () => {
    expect(built.properties.status).toBe('draft');
    const keys = built.notices
      .map((n) => n.key)
      .filter((k) => /^(changed-since-signing|edited-by-other):/.test(k));
    expect(keys).toEqual([`edited-by-other:${fingerprintOf(rewritten)}:2`]);
    expect(built.properties.flags).toEqual(
      expect.arrayContaining([FLAG.changedSinceSigning, FLAG.editedByOther]),
    );
    expect(built.signing.status[0]).toMatch(/signed as of 29 September an earlier text/);
  });

  it('should be signed again once both sign the new text', () => {
    const again = [
      ...signatures,
      comment(BEN.notionUserId, '2026-10-11T09:00:00Z', 'I commit to these as of 11 October'),
      comment(BEN.manager.notionUserId, '2026-10-11T10:00:00Z', 'I commit to the above as of 11 October'),
    ];
    const resigned = page('2026-10-12T12:00:00Z', {
      commitments: rewritten,
      comments: again,
      signing: { ...record, lastRead: fingerprintOf(rewritten) },
      commitmentEdits: [],
    });
    expect(resigned.properties.status).toBe('signed');
    expect(resigned.properties.flags).not.toContain(FLAG.changedSinceSigning);
  });
});

describe('when the commitments are written and signed within the minute commitline last read them empty', () => {
  it('should count both signatures for the text written, not for the empty page', () => {
    const signatures = [
      comment(BEN.notionUserId, '2026-09-29T09:00:10Z', 'I commit to these as of 29 September'),
      comment(BEN.manager.notionUserId, '2026-09-29T09:00:40Z', 'I commit to these as of 29 September'),
    ];
    const built = page('2026-09-29T09:01:00Z', {
      commitments: COMMITMENTS,
      comments: signatures,
      signing: { lastRead: fingerprintOf([]), signatures: {} },
      commitmentEdits: COMMITMENTS.map((c) => ({
        index: c.index,
        lastEditedBy: BEN.notionUserId,
        lastEditedAt: new Date('2026-09-29T09:00:00Z'),
      })),
    });
    expect(built.properties.status).toBe('signed');
    expect(built.properties.flags).not.toContain(FLAG.changedSinceSigning);
    expect(Object.values(built.signing.record.signatures)).toEqual([
      fingerprintOf(COMMITMENTS),
      fingerprintOf(COMMITMENTS),
    ]);
  });
});

describe('when a signature on an empty page is first read after the commitments came, minutes later', () => {
  it('should not cover the text written after it', () => {
    const early = comment(
      BEN.manager.notionUserId,
      '2026-09-29T10:00:10Z',
      'I commit to these as of 29 September',
    );
    const built = page('2026-09-29T10:15:00Z', {
      commitments: COMMITMENTS,
      comments: [early],
      signing: { lastRead: fingerprintOf([]), signatures: {} },
      commitmentEdits: COMMITMENTS.map((c) => ({
        index: c.index,
        lastEditedBy: BEN.notionUserId,
        lastEditedAt: new Date('2026-09-29T10:10:00Z'),
      })),
    });
    expect(built.signing.record.signatures).toEqual({ [signatureRef(early)]: fingerprintOf([]) });
    expect(built.properties.flags).toContain(FLAG.changedSinceSigning);
  });

  it('should still read a record that names signatures by their first eight digits', () => {
    const signature = comment(
      BEN.notionUserId,
      '2026-09-29T09:00:00Z',
      'I commit to these as of 29 September',
    );
    const legacy = signature.id.replace(/-/g, '').slice(0, 8);
    const built = page('2026-10-10T12:00:00Z', {
      commitments: COMMITMENTS,
      comments: [signature],
      // Signed an earlier text; the current one was never signed.
      signing: { lastRead: fingerprintOf(COMMITMENTS), signatures: { [legacy]: 'aaaaaaaa' } },
      commitmentEdits: [],
    });
    expect(built.properties.flags).toContain(FLAG.changedSinceSigning);
  });
});

describe('when two people sign a page with fewer than 3 commitments', () => {
  it('should stay a draft, and say why', () => {
    const signatures = [
      comment(BEN.notionUserId, '2026-09-29T09:00:00Z', 'I commit to these as of 29 September'),
      comment(BEN.manager.notionUserId, '2026-09-29T10:00:00Z', 'I commit to these as of 29 September'),
    ];
    const empty = page('2026-10-01T12:00:00Z', { commitments: [], comments: signatures });
    expect(empty.properties.status).toBe('draft');
    expect(empty.signing.status).toContain('Signatures count on 3 to 5 commitments.');
  });
});

describe('when a team goes live in week 10 after 9 silent weeks', () => {
  // Set up on Wednesday 2 December 2026: 2026-W49, week 10 of 2026-Q4.
  const goLive = goLiveAt('2026-12-02', SETTINGS.timezone);
  const live = (now: string, changes = [shipped(BEN, '2026-10-07T10:00:00Z')]) =>
    buildQuarterPage({
      engineer: BEN,
      quarter: q4,
      settings: SETTINGS,
      now: new Date(now),
      shipped: changes,
      readback: readback({ commitments: COMMITMENTS }),
      goLive,
    });

  it('should post nothing about the weeks before it, and flag nothing', () => {
    const first = live('2026-12-02T12:00:00Z');
    expect(first.notices).toEqual([]);
    expect(first.properties).toMatchObject({ missStreak: 0, weeksMissed: 0, weeksShipped: 0, flags: [] });
  });

  it('should show the weeks before it as history, with what shipped in them', () => {
    const first = live('2026-12-02T12:00:00Z');
    expect(first.weeks.filter((w) => w.beforeCommitline).map((w) => w.week)).toEqual(
      q4.weeks.slice(0, 9).map((w) => w.id),
    );
    expect(first.weeks.find((w) => w.week === '2026-W41')).toMatchObject({
      status: 'hit',
      beforeCommitline: true,
    });
    expect(first.weeks.at(-1)).toEqual({
      week: '2026-W49',
      days: { first: '2026-11-30', last: '2026-12-06' },
      status: 'open',
      shipped: [],
    });
    expect(first.evidence).toHaveLength(1);
    // Weeks before commitline count for nothing: shipped or missed, they show only as history.
    expect(first.properties).toMatchObject({ weeksShipped: 0, weeksMissed: 0, missStreak: 0 });
  });

  it('should raise a streak of two of its own weeks once, and then only count', () => {
    const second = live('2026-12-12T12:00:00Z');
    const third = live('2026-12-19T12:00:00Z');
    expect(second.properties).toMatchObject({ missStreak: 2, weeksMissed: 2 });
    expect(second.properties.flags).toContain(FLAG.missStreak);
    expect(second.notices.map((n) => n.key)).toEqual(['miss-streak:2026-W49']);
    expect(third.properties).toMatchObject({ missStreak: 3, weeksMissed: 3 });
    expect(third.properties.flags).toContain(FLAG.missStreak);
    // Same key and same words: the writer posts it once, with or without what Redis remembers.
    expect(third.notices).toEqual(second.notices);
  });
});
