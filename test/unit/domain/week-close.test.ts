import { describe, expect, it } from 'vitest';
import {
  closesWeekForEveryone,
  engineersIn,
  isWeekClosedForEveryone,
  isWeekClosing,
  rosterZones,
  teamCloseOf,
} from '../../../src/domain/week-close.js';
import { ANA, BEN, CHEN, SETTINGS } from '../../fixtures/team.js';

const roster = [{ ...ANA, timezone: 'America/Los_Angeles' }, { ...BEN, timezone: 'Asia/Tokyo' }, CHEN];
const at = (iso: string) => new Date(iso);

describe('when a week closes on a team spread over zones', () => {
  it('should know each zone of the roster once, the team’s for those without their own', () => {
    expect(rosterZones(roster, SETTINGS)).toEqual(['America/Los_Angeles', 'Asia/Tokyo', 'Europe/Berlin']);
    expect(rosterZones([], SETTINGS)).toEqual(['Europe/Berlin']);
    expect(engineersIn('Europe/Berlin', roster, SETTINGS).map((e) => e.id)).toEqual([CHEN.id]);
  });

  it('should be closed for everyone at the last engineer’s close, Los Angeles’s', () => {
    // 2026-W47: Friday 20 November 18:00 in Los Angeles (PST) is Saturday 02:00 UTC.
    expect(teamCloseOf('2026-W47', roster, SETTINGS).toISOString()).toBe('2026-11-21T02:00:00.000Z');
    expect(isWeekClosedForEveryone('2026-W47', roster, SETTINGS, at('2026-11-21T01:59:00Z'))).toBe(false);
    expect(isWeekClosedForEveryone('2026-W47', roster, SETTINGS, at('2026-11-21T02:00:00Z'))).toBe(true);
  });

  it.each([
    { zone: 'Asia/Tokyo', now: '2026-11-21T02:00:00Z', acts: false },
    { zone: 'Europe/Berlin', now: '2026-11-21T02:00:00Z', acts: false },
    { zone: 'America/Los_Angeles', now: '2026-11-20T17:00:00Z', acts: false },
    { zone: 'America/Los_Angeles', now: '2026-11-21T02:00:00Z', acts: true },
    { zone: undefined, now: '2026-11-21T02:00:00Z', acts: true },
    { zone: undefined, now: '2026-11-20T17:00:00Z', acts: false },
  ])('should let the step of $zone at $now act for everyone: $acts', ({ zone, now, acts }) => {
    expect(closesWeekForEveryone({ zone, week: '2026-W47', roster, settings: SETTINGS, now: at(now) })).toBe(
      acts,
    );
  });

  it('should let exactly one of two zones closing at the same instant act', () => {
    const twins = [
      { ...ANA, timezone: 'Europe/Paris' },
      { ...BEN, timezone: 'Europe/Berlin' },
    ];
    const now = at('2026-11-20T17:00:00Z');
    const acting = ['Europe/Paris', 'Europe/Berlin'].filter((zone) =>
      closesWeekForEveryone({ zone, week: '2026-W47', roster: twins, settings: SETTINGS, now }),
    );
    expect(acting).toEqual(['Europe/Berlin']);
  });

  it.each([
    { now: '2026-11-20T08:59:00Z', closing: false }, // before Tokyo's close
    { now: '2026-11-20T09:00:00Z', closing: true }, // Tokyo closed, not yet Berlin and Los Angeles
    { now: '2026-11-21T01:59:00Z', closing: true },
    { now: '2026-11-21T02:00:00Z', closing: false }, // closed for everyone
  ])('should know at $now whether the week is closing: $closing', ({ now, closing }) => {
    expect(isWeekClosing(at(now), roster, SETTINGS)).toBe(closing);
  });
});
