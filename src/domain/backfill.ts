/**
 * What `commitline backfill` may do with a quarter, and with each engineer in it. A backfill
 * rewrites what Linear and Notion show; it is not a way to speak about the past:
 * - a quarter that has not begun has nothing to backfill: refused;
 * - the current quarter is recomputed as a worker would (pages created, comments as due);
 * - a past quarter rewrites the pages it has; new pages (and their rows) only when asked for
 *   with `--create`; and never a comment, however it goes;
 * - an engineer who joined after the quarter ended has no page for it, ever.
 */
import { dayOf, formatDayLabel } from './calendar.js';
import type { IsoDate, Quarter } from './types.js';

export type BackfillQuarterDecision =
  | { action: 'refuse'; code: 'future-quarter'; message: string }
  | {
      action: 'recompute';
      /** `current` while the quarter runs, `past` once it has ended. */
      when: 'current' | 'past';
      /** Create a page (and its rows) that does not exist yet; false: only existing pages. */
      createPages: boolean;
      /** Post the comments due; false: write rows, properties and blocks only. */
      notices: boolean;
    };

export type BackfillEngineerDecision =
  | { action: 'skip'; code: 'joined-after-quarter'; message: string }
  | { action: 'recompute' };

/** The quarter as a whole: refuse a future one, and say how a past one is written. */
export function backfillQuarterDecision(input: {
  quarter: Quarter;
  now: Date;
  /** `--create`: create the pages a past quarter never had. */
  create: boolean;
  timezone: string;
}): BackfillQuarterDecision {
  const { quarter, now, create, timezone } = input;
  if (now.getTime() < quarter.start.getTime()) {
    return {
      action: 'refuse',
      code: 'future-quarter',
      message: `${quarter.id} has not begun (it starts on ${formatDayLabel(dayOf(quarter.start, timezone))}): there is nothing to backfill yet. Its pages are opened when it begins.`,
    };
  }
  if (now.getTime() < quarter.end.getTime()) {
    return { action: 'recompute', when: 'current', createPages: true, notices: true };
  }
  return { action: 'recompute', when: 'past', createPages: create, notices: false };
}

/** One engineer: someone who joined after the quarter's last day never gets a page for it. */
export function backfillEngineerDecision(input: {
  quarter: Quarter;
  engineerName: string;
  startDate: IsoDate;
  timezone: string;
}): BackfillEngineerDecision {
  const { quarter, engineerName, startDate, timezone } = input;
  const lastDay = dayOf(new Date(quarter.end.getTime() - 1), timezone);
  if (startDate > lastDay) {
    return {
      action: 'skip',
      code: 'joined-after-quarter',
      message: `${engineerName} joined on ${formatDayLabel(startDate)}, after ${quarter.id} ended: no page for it.`,
    };
  }
  return { action: 'recompute' };
}

/** Both decisions at once, for one engineer in one quarter. */
export function backfillDecision(input: {
  quarter: Quarter;
  now: Date;
  engineer: { name: string; startDate: IsoDate };
  create: boolean;
  timezone: string;
}): BackfillQuarterDecision | Extract<BackfillEngineerDecision, { action: 'skip' }> {
  const whole = backfillQuarterDecision(input);
  if (whole.action === 'refuse') return whole;
  const one = backfillEngineerDecision({
    quarter: input.quarter,
    engineerName: input.engineer.name,
    startDate: input.engineer.startDate,
    timezone: input.timezone,
  });
  return one.action === 'skip' ? one : whole;
}
