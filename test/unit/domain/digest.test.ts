import { describe, expect, it } from 'vitest';
import { engineerBaseline } from '../../../src/domain/baseline.js';
import { quarterById, weekById } from '../../../src/domain/calendar.js';
import {
  digestStreaks,
  digestText,
  EXCUSED_IN_NOTION,
  lastClosedWeek,
  weekDates,
  weekDigest,
} from '../../../src/domain/digest.js';
import { missStreakText } from '../../../src/domain/notices.js';
import type { CalendarSettings, Engineer, ShippedChange } from '../../../src/domain/types.js';
import { ANA, BEN, CHEN, SETTINGS, shipped } from '../../fixtures/team.js';

const q4 = quarterById('2026-Q4', SETTINGS);
// Wednesday of W43: W42 is the last closed week.
const now = new Date('2026-10-21T12:00:00Z');
const ticks = new Map([['chen', ['2026-W42']]]);

function team(
  engineers: readonly Engineer[],
  ships: readonly ShippedChange[],
  settings: CalendarSettings = SETTINGS,
) {
  return engineers.map((engineer) => ({
    engineer,
    baseline: engineerBaseline({
      engineer,
      quarter: q4,
      shipped: ships,
      excusedWeeks: ticks.get(engineer.id) ?? [],
      now,
      settings,
    }),
    pageUrl: `https://www.notion.so/page-${engineer.id}`,
  }));
}

const SHIPS = [
  shipped(ANA, '2026-09-30T10:00:00Z', 'Passkeys on web'),
  shipped(BEN, '2026-10-14T10:00:00Z', 'Faster sign-in'),
  shipped(BEN, '2026-10-15T10:00:00Z', 'Sign-in <beta> & more'),
  shipped(CHEN, '2026-10-07T10:00:00Z'),
];

describe('when the last closed week is asked for', () => {
  it.each([
    ['2026-10-21T12:00:00Z', '2026-W42'], // a Wednesday
    ['2026-10-23T15:59:00Z', '2026-W42'], // Friday 17:59 in Berlin
    ['2026-10-23T16:00:00Z', '2026-W43'], // Friday 18:00 in Berlin: the close
    ['2026-10-25T22:00:00Z', '2026-W43'], // Sunday night
  ])('at %s should be %s', (at, week) => {
    expect(lastClosedWeek(new Date(at), SETTINGS).id).toBe(week);
  });
});

describe('when the last closed week is asked for on a team across zones', () => {
  // A Berlin team with an engineer in Los Angeles: the week closes for everyone at her close.
  const roster = [ANA, { ...BEN, timezone: 'America/Los_Angeles' }];
  it.each([
    ['2026-10-23T16:00:00Z', '2026-W42'], // Friday 18:00 in Berlin, 09:00 in Los Angeles
    ['2026-10-24T00:59:00Z', '2026-W42'], // Friday 17:59 in Los Angeles
    ['2026-10-24T01:00:00Z', '2026-W43'], // Friday 18:00 in Los Angeles: closed for everyone
  ])('at %s should be %s', (at, week) => {
    expect(lastClosedWeek(new Date(at), SETTINGS, roster).id).toBe(week);
  });
});

describe('when a week’s dates are written', () => {
  it.each([
    ['2026-W42', '12–18 Oct 2026'],
    ['2026-W44', '26 Oct – 1 Nov 2026'],
    ['2026-W53', '28 Dec 2026 – 3 Jan 2027'],
  ])('%s should read %s', (id, dates) => {
    expect(weekDates(weekById(id, SETTINGS), SETTINGS.timezone)).toBe(dates);
  });
});

describe('when the digest of a closed week is made', () => {
  const digest = weekDigest({
    week: weekById('2026-W42', SETTINGS),
    quarter: q4,
    settings: SETTINGS,
    team: team([ANA, BEN, CHEN], SHIPS),
    gridUrl: 'https://www.notion.so/grid',
  });
  const line = (id: string) => digest.groups.flatMap((g) => g.lines).find((l) => l.engineerId === id);

  it('should say the week, its dates and its counts', () => {
    expect(digest).toMatchObject({ weekId: '2026-W42', quarterId: '2026-Q4', dates: '12–18 Oct 2026' });
    expect(digest.counts).toEqual({ hit: 1, missed: 1, excused: 1, open: 0 });
    expect(digest.gridUrl).toBe('https://www.notion.so/grid');
  });

  it('should list the shipped issues of a hit with their links, in the order they shipped', () => {
    expect(line('ben')).toMatchObject({ status: 'hit', pageUrl: 'https://www.notion.so/page-ben' });
    expect(line('ben')?.shipped.map((s) => s.title)).toEqual(['Faster sign-in', 'Sign-in <beta> & more']);
    expect(line('ben')?.shipped[0]?.url).toMatch(/^https:\/\/linear\.app\/acme\/issue\/ENG-\d+$/);
    expect(line('ben')?.streak).toBeUndefined();
  });

  it('should say why a ticked week is excused', () => {
    expect(line('chen')).toMatchObject({ status: 'excused', excusedBecause: EXCUSED_IN_NOTION });
  });

  it('should ask about a two-miss streak in the words of the Notion comment', () => {
    const streak = line('ana')?.streak;
    expect(streak).toEqual({
      key: 'ana:2026-W41',
      missed: ['2026-W41', '2026-W42'],
      question:
        '2 weeks missed in a row (W41, W42). Not a verdict, a question for your next 1:1: what got in the way?',
      message: missStreakText('Ana Ruiz', ['2026-W41', '2026-W42']),
    });
    expect(streak?.message).toContain('what got in the way? The usual causes are a broken local environment');
    expect(digestStreaks(digest).map((s) => [s.managerId, s.line.engineerId])).toEqual([['maya', 'ana']]);
  });

  it('should print as text for the terminal', () => {
    const text = digestText(digest).split('\n');
    expect(text[0]).toBe('Week 2026-W42 · 12–18 Oct 2026 (2026-Q4)');
    expect(text).toContain('1 shipped · 1 missed · 1 excused');
    expect(text).toContain('❌ Ana Ruiz: no production-visible change');
    expect(text).toContain(`🟡 Chen Wei: excused: ${EXCUSED_IN_NOTION}`);
    expect(text.some((l) => l.startsWith('✅ Ben Adeyemi: ENG-'))).toBe(true);
    expect(text.at(-1)).toBe('Team grid: https://www.notion.so/grid');
  });
});

describe('when an earlier week’s digest is made again later', () => {
  it('should show the streak as it stood then, not as it stands now', () => {
    const digest = weekDigest({
      week: weekById('2026-W41', SETTINGS),
      quarter: q4,
      settings: SETTINGS,
      team: team([ANA], SHIPS),
    });
    expect(digest.groups[0]?.lines[0]).toMatchObject({ engineerId: 'ana', status: 'missed' });
    expect(digest.groups[0]?.lines[0]?.streak).toBeUndefined();
  });
});

describe('when a streak is first told weeks after it began (a backfill)', () => {
  it('should tell the manager the run as it stands, in the Notion comment’s words', () => {
    // Ana last shipped in W40; by W45 she has missed W41 to W44.
    const later = engineerBaseline({
      engineer: ANA,
      quarter: q4,
      shipped: SHIPS,
      excusedWeeks: [],
      now: new Date('2026-11-04T12:00:00Z'),
      settings: SETTINGS,
    });
    const digest = weekDigest({
      week: weekById('2026-W44', SETTINGS),
      quarter: q4,
      settings: SETTINGS,
      team: [{ engineer: ANA, baseline: later }],
    });
    const streak = digest.groups[0]?.lines[0]?.streak;
    expect(streak?.key).toBe('ana:2026-W41');
    expect(streak?.missed).toEqual(['2026-W41', '2026-W42', '2026-W43', '2026-W44']);
    expect(streak?.message).toBe(missStreakText('Ana Ruiz', streak?.missed ?? []));
    expect(streak?.message).toContain(`${streak?.missed.length} weeks in a row`);
    expect(streak?.question).toContain(`${streak?.missed.length} weeks missed in a row`);
  });
});

describe('when the whole team is off that week', () => {
  const settings: CalendarSettings = {
    ...SETTINGS,
    offWeeks: [{ week: '2026-W42', reason: 'Company offsite' }],
  };
  const digest = weekDigest({
    week: weekById('2026-W42', settings),
    quarter: q4,
    settings,
    team: team([ANA, BEN, CHEN], SHIPS, settings),
  });
  const lines = digest.groups.flatMap((g) => g.lines);

  it('should excuse everyone who did not ship, with the off week’s reason, and raise no streak', () => {
    expect(digest.offWeek).toBe('Company offsite');
    expect(lines.find((l) => l.engineerId === 'ana')).toMatchObject({
      status: 'excused',
      excusedBecause: 'Company offsite',
    });
    expect(lines.find((l) => l.engineerId === 'ana')?.streak).toBeUndefined();
    expect(lines.find((l) => l.engineerId === 'chen')?.excusedBecause).toBe('Company offsite');
    expect(digestStreaks(digest)).toEqual([]);
  });

  it('should still count a ship in the off week as shipped', () => {
    expect(lines.find((l) => l.engineerId === 'ben')?.status).toBe('hit');
    expect(digest.counts).toEqual({ hit: 1, missed: 0, excused: 2, open: 0 });
  });
});

describe('when the team has several managers', () => {
  it('should group the lines by manager, in the order of their names', () => {
    const lee = { id: 'lee', name: 'Lee Adams', notionUserId: 'notion-lee' };
    const chenOfLee = { ...CHEN, manager: lee };
    const digest = weekDigest({
      week: weekById('2026-W42', SETTINGS),
      quarter: q4,
      settings: SETTINGS,
      team: team([ANA, chenOfLee, BEN], SHIPS),
    });
    expect(digest.groups.map((g) => [g.manager.name, g.lines.map((l) => l.engineerId)])).toEqual([
      ['Lee Adams', ['chen']],
      ['Maya Okafor', ['ana', 'ben']],
    ]);
    expect(digestText(digest)).toContain('Lee Adams’s team');
  });

  it('should leave out an engineer who had not started that week', () => {
    const late = { ...BEN, id: 'zoe', name: 'Zoe', linearUserId: 'lin-zoe', startDate: '2026-10-19' };
    const digest = weekDigest({
      week: weekById('2026-W42', SETTINGS),
      quarter: q4,
      settings: SETTINGS,
      team: team([ANA, late], SHIPS),
    });
    expect(digest.groups.flatMap((g) => g.lines).map((l) => l.engineerId)).toEqual(['ana']);
  });
});
