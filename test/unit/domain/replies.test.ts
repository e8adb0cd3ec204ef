import { describe, expect, it } from 'vitest';
import { repliesFor } from '../../../src/domain/replies.js';
import type { PageComment } from '../../../src/domain/types.js';

const ENGINEER = 'notion-ana';
const MANAGER = 'notion-maya';
// Thursday 1 October 2026, in Berlin.
const OCT_1 = '2026-10-01T08:30:00Z';
let n = 0;
const comment = (authorId: string, text: string, over: Partial<PageComment> = {}): PageComment => ({
  id: `c${++n}`,
  authorId,
  createdAt: new Date(OCT_1),
  text,
  discussionId: `d${n}`,
  ...over,
});
const replies = (comments: PageComment[], commitmentCount = 4, over = {}) =>
  repliesFor({
    engineerNotionId: ENGINEER,
    managerNotionId: MANAGER,
    comments,
    commitmentCount,
    timezone: 'Europe/Berlin',
    ...over,
  });
const SIGN = 'Sign with: I commit to these as of 2026-10-01.';
const GRADE = 'Grade each item once, e.g. “1 hit, 2 partial, 3 missed, 4 hit”.';

describe('when a signature cannot be read', () => {
  it.each([
    ['I commit to these', `I couldn't read a date in “I commit to these”. ${SIGN}`],
    ['I commit to the above goals!', `I couldn't read a date in “I commit to the above goals”. ${SIGN}`],
    ['commit to these as of', `I couldn't read a date in “commit to these”. ${SIGN}`],
    ['I commit to these as of the kickoff', `I couldn't read a date in “I commit to these”. ${SIGN}`],
    ['I commit as of 32 Oct', `“32 Oct” is not a date I can read. ${SIGN}`],
    ['I commit to these as of 2026-13-01', `“2026-13-01” is not a date I can read. ${SIGN}`],
    ['I commit to these as of 3/4/2026', `“3/4/2026” could be Wed 4 Mar 2026 or Fri 3 Apr 2026. ${SIGN}`],
    [
      'Looks good, approved from my side ✅ Committed as of 8/12/2026 — let’s revisit #2 at the checkpoint.',
      `“8/12/2026” could be Wed 12 Aug 2026 or Tue 8 Dec 2026. ${SIGN}`,
    ],
  ])('should answer “%s” with what was unclear and how to sign', (text, reply) => {
    const c = comment(ENGINEER, text);
    expect(replies([c])).toEqual([
      { key: `reply:${c.id}`, mentions: [ENGINEER], text: reply, replyTo: { discussionId: c.discussionId } },
    ]);
  });

  it('should suggest the day the comment was written, in the team timezone', () => {
    const late = comment(MANAGER, 'I commit to these', { createdAt: new Date('2026-09-30T23:30:00Z') });
    expect(replies([late])[0]?.text).toBe(
      "I couldn't read a date in “I commit to these”. Sign with: I commit to these as of 2026-10-01.",
    );
    expect(replies([late], 4, { timezone: undefined })[0]?.text).toContain('as of 2026-09-30.');
  });
});

describe('when grades cannot be read', () => {
  it.each([
    ['1 hit, 2 partial, 3 missed', `I couldn't read these grades: item 4 has no grade. ${GRADE}`],
    ['1 hit, 2 partial', `I couldn't read these grades: items 3 and 4 have no grade. ${GRADE}`],
    [
      '1 hit, 2 hit, 3 hit, 4 hit, 6 missed',
      `I couldn't read these grades: the page has 4 commitments, and this grades item 6. ${GRADE}`,
    ],
    [
      'hit, hit, hit, hit, hit, hit',
      `I couldn't read these grades: the page has 4 commitments, and this grades items 5 and 6. ${GRADE}`,
    ],
    [
      '1 hit, 2 missed, 2 partial, 3 hit, 4 hit',
      `I couldn't read these grades: item 2 has two different grades. ${GRADE}`,
    ],
    [
      '1 almost hit, 2 partial, 3 missed, 4 hit',
      `I couldn't read these grades: “almost hit” is not a grade (hit, missed or partial). ${GRADE}`,
    ],
    // The words of an item that are no grade are named, not taken for an item left out.
    [
      'Grades: 1 hit; 2 sort of; 3 miss; 4 hit',
      `I couldn't read these grades: “sort of” is not a grade (hit, missed or partial). ${GRADE}`,
    ],
    [
      '1 hit, 2 nearly there, 3 tbd',
      `I couldn't read these grades: “nearly there”, “tbd” are not a grade (hit, missed or partial); item 4 has no grade. ${GRADE}`,
    ],
    [
      '1 hit, 2 hit, 3 hit, 6 hit',
      `I couldn't read these grades: the page has 4 commitments, and this grades item 6; item 4 has no grade. ${GRADE}`,
    ],
  ])('should answer “%s” naming what was unclear', (text, reply) => {
    const c = comment(MANAGER, text);
    expect(replies([c])).toEqual([
      { key: `reply:${c.id}`, mentions: [MANAGER], text: reply, replyTo: { discussionId: c.discussionId } },
    ]);
  });

  it.each(['1 - done, 2 - partial, 3 - not done, 4 - hit', 'Grades: 1 hit; 2 mostly hit; 3 miss; 4 hit'])(
    'should not answer “%s”: done, not done and mostly hit are grades',
    (text) => {
      expect(replies([comment(MANAGER, text)])).toEqual([]);
    },
  );

  it('should say the earlier grades stand when an unreadable grade follows them', () => {
    const good = comment(MANAGER, '#1 hit, #2 partial, #3 missed, #4 hit', {
      createdAt: new Date('2026-12-22T09:00:00Z'),
    });
    const unread = comment(MANAGER, '1 hit; 2 almost hit; 3 miss; 4 hit', {
      createdAt: new Date('2026-12-23T09:00:00Z'),
    });
    expect(replies([good, unread]).map((r) => r.text)).toEqual([
      `I couldn't read these grades: “almost hit” is not a grade (hit, missed or partial). ${GRADE} Until then your earlier grades stand.`,
    ]);
  });

  describe('in sentences, in the method’s words', () => {
    const PROSE =
      'CSV export shipped, so that’s a hit. Reliability I’d call partial, the checkout error rate was missed (we got to 1.2%), and the runbook is a hit.';
    const OPENS = new Date('2026-12-14T00:00:00Z');
    const graded = { createdAt: new Date('2026-12-22T09:00:00Z') };

    it('should ask which grade is for which item once grading has opened', () => {
      expect(replies([comment(ENGINEER, PROSE, graded)], 4, { gradingOpens: OPENS })).toEqual([
        expect.objectContaining({
          text: `I couldn't read these grades: no item numbers say which grade is for which commitment. ${GRADE}`,
        }),
      ]);
    });

    it('should take them for conversation about the work before grading opens', () => {
      const early = comment(ENGINEER, PROSE, { createdAt: new Date('2026-11-02T09:00:00Z') });
      expect(replies([early], 4, { gradingOpens: OPENS })).toEqual([]);
    });

    it('should ask a change to one grade for every item again, the earlier grades standing', () => {
      const first = comment(
        MANAGER,
        'The first one is a hit, the second partial, the third missed and the fourth a hit.',
        graded,
      );
      const change = comment(
        MANAGER,
        'Second thoughts after reading the wiki page: 4 is more of a partial really, the rest stands 🤔',
        { createdAt: new Date('2026-12-23T09:00:00Z') },
      );
      expect(replies([first, change], 4, { gradingOpens: OPENS }).map((r) => r.text)).toEqual([
        `I couldn't read these grades: to change a grade, grade every item again. ${GRADE} Until then your earlier grades stand.`,
      ]);
    });

    it.each([
      'All hit except 2 (partial) and 3 (missed).',
      'The first one is a hit, the second partial, the third missed and the fourth a hit.',
    ])('should not answer “%s”: which item each grade is for is written', (text) => {
      expect(replies([comment(MANAGER, text, graded)], 4, { gradingOpens: OPENS })).toEqual([]);
    });
  });

  it('should say nothing about grades on a page with no commitments', () => {
    expect(replies([comment(ENGINEER, '1 hit, 2 hit')], 0)).toEqual([]);
  });
});

describe('when a comment needs no answer', () => {
  it.each([
    'I commit to these as of Oct 1, 2026',
    'I commit to these as of today',
    'I don’t think I commit to these as of now',
    'I can’t commit to these as of today',
    'I’m not ready to commit to these',
    'Not yet',
    '1 hit, 2 partial, 3 missed, 4 hit - let’s talk about 2',
    'hit ✅, partial 🟡, missed ❌, hit ✅',
    'My grades: ✅ 🟡 ✅ ✅ 🎉',
    '1 ✅ 2 🟡 3 ✅ 4 ✅ 👍',
    'Great quarter, we hit most of it',
    'Checkpoint held — item 3 cut',
    'Item 3 needs a number',
  ])('should not answer “%s”', (text) => {
    expect(replies([comment(ENGINEER, text)])).toEqual([]);
  });

  it('should not answer someone who is neither the engineer nor the manager', () => {
    expect(replies([comment('notion-someone', 'I commit to these')])).toEqual([]);
  });

  it('should not answer what the person already corrected, only what still stands', () => {
    const first = comment(ENGINEER, 'I commit to these', { createdAt: new Date('2026-10-01T08:00:00Z') });
    const fixed = comment(ENGINEER, 'I commit to these as of today', {
      createdAt: new Date('2026-10-01T08:05:00Z'),
    });
    const grades = comment(ENGINEER, '1 hit, 2 hit', { createdAt: new Date('2026-10-01T08:10:00Z') });
    expect(replies([first, fixed, grades]).map((r) => r.key)).toEqual([`reply:${grades.id}`]);
  });

  it('should answer each person for their own words', () => {
    const engineer = comment(ENGINEER, 'I commit to these', { createdAt: new Date('2026-10-01T08:00:00Z') });
    const manager = comment(MANAGER, 'I commit to these as of today', {
      createdAt: new Date('2026-10-01T09:00:00Z'),
    });
    expect(replies([engineer, manager]).map((r) => r.key)).toEqual([`reply:${engineer.id}`]);
  });

  it('should not answer what was written before commitline went live', () => {
    const before = comment(ENGINEER, 'I commit to these', { createdAt: new Date('2026-09-20T10:00:00Z') });
    expect(replies([before], 4, { goLive: new Date('2026-09-28T00:00:00Z') })).toEqual([]);
    expect(replies([before], 4, { goLive: new Date('2026-09-01T00:00:00Z') })).toHaveLength(1);
  });
});

describe('where a reply goes', () => {
  it('should answer an inline comment in its discussion, on its block', () => {
    const inline = comment(ENGINEER, 'I commit to these', {
      blockId: 'block-1',
      discussionId: 'discussion-9',
    });
    expect(replies([inline])[0]?.replyTo).toEqual({ discussionId: 'discussion-9', blockId: 'block-1' });
  });

  it('should post a comment without a discussion as a page comment', () => {
    const { discussionId: _, ...bare } = comment(ENGINEER, 'I commit to these');
    const [reply] = replies([bare]);
    expect(reply?.key).toBe(`reply:${bare.id}`);
    expect(reply).not.toHaveProperty('replyTo');
  });
});
