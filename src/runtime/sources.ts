/**
 * What a page or the team grid is computed from: the team's calendar and label, Linear and
 * Notion through their adapters, the clock, and when commitline went live. Put together once per
 * process, for the workers and an operator's backfill alike.
 */
import type { CalendarSettings, Clock, LinearReader, QuarterPageStore } from '../domain/index.js';

export interface TeamSources {
  settings: CalendarSettings;
  /** The production-visible label's name. */
  label: string;
  linear: LinearReader;
  notion: QuarterPageStore;
  now: Clock;
  /** When commitline went live for the team: weeks and moments before it stay quiet history. */
  goLive?: () => Promise<Date | undefined>;
}

export function teamSources(options: {
  settings: CalendarSettings;
  label: string;
  adapters: { linear: LinearReader; notion: QuarterPageStore; goLive: () => Promise<Date> };
  now: Clock;
}): TeamSources {
  const { adapters } = options;
  return {
    settings: options.settings,
    label: options.label,
    linear: adapters.linear,
    notion: adapters.notion,
    now: options.now,
    goLive: adapters.goLive,
  };
}
