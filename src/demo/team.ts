/**
 * The demo's team and its quarter: five engineers of mixed tiers and tenures, each with a
 * shipping pattern (weeks of the quarter, 1-based) and commitments written the way people write.
 */
import type { Tier } from '../domain/index.js';

export interface DemoEngineer {
  id: string;
  name: string;
  email: string;
  tier: Tier;
  startDate: string;
  /** Weeks of the quarter (1-based) in which a production-visible change ships. */
  ships: number[];
  /** Weeks the engineer ticks Excused (leave, sickness). */
  excused?: number[];
  commitments: string[];
  /** Grades at week 13: the engineer's and the manager's comment. */
  grades: { engineer: string; manager: string };
}

export const DEMO_MANAGER = { id: 'maya', name: 'Maya Okafor', email: 'maya@demo.test' };

const all = (from: number, to: number, except: number[] = []) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((w) => !except.includes(w));

export const DEMO_TEAM: DemoEngineer[] = [
  {
    id: 'ana',
    name: 'Ana Ruiz',
    email: 'ana@demo.test',
    tier: 'junior',
    startDate: '2026-08-03',
    // Weeks 5 and 6 slip: two misses in a row, the flag for a conversation.
    ships: all(1, 13, [5, 6]),
    commitments: [
      'Ship email+password sign-up behind a feature flag (ambitious)',
      'Raise line coverage of the auth module from 12% to 80%',
      'Write the onboarding doc for the next engineer on auth',
      'Pair with Ben on the rate-limit design RFC',
    ],
    grades: { engineer: '1 hit, 2 partial, 3 hit, 4 hit', manager: '1 hit, 2 partial, 3 hit, 4 hit' },
  },
  {
    id: 'ben',
    name: 'Ben Adeyemi',
    email: 'ben@demo.test',
    tier: 'senior',
    startDate: '2023-04-03',
    // Week 8 is leave: excused, neither a miss nor a streak.
    ships: all(1, 13, [8]),
    excused: [8],
    commitments: [
      'Move logs from Loki to Datadog with zero data loss at cutover',
      'Cut median SEV-2 time-to-recover from 47 to under 25 minutes',
      'Land one RFC on the long-term metrics strategy',
      'Bring one mid engineer onto the on-call rotation',
      'Finish the alert-fatigue audit and halve noisy alerts',
    ],
    // One disagreement: the review's agenda.
    grades: {
      engineer: '1 hit, 2 hit, 3 hit, 4 partial, 5 missed',
      manager: '1 hit, 2 partial, 3 hit, 4 partial, 5 missed',
    },
  },
  {
    id: 'chen',
    name: 'Chen Wei',
    email: 'chen@demo.test',
    tier: 'lead',
    startDate: '2021-01-11',
    ships: [1, 2, 4, 5, 7, 8, 10, 11, 13],
    commitments: [
      'Hire two backend engineers (one mid, one senior)',
      'Land the service-decomposition RFC with the founder’s sign-off',
      'Cut backend deploy lead time from 38 to under 12 minutes',
    ],
    grades: { engineer: 'hit / hit / partial', manager: 'hit / hit / partial' },
  },
  {
    id: 'dev',
    name: 'Dev Patel',
    email: 'dev@demo.test',
    tier: 'mid',
    startDate: '2026-06-01',
    ships: all(1, 13, [3, 9]),
    commitments: [
      'Ship CSV export of invoices on web (ambitious)',
      'Cut p95 search latency from 1.4 s to under 600 ms',
      'Publish the billing runbook',
    ],
    grades: { engineer: '1 hit, 2 hit, 3 hit', manager: '1 hit, 2 hit, 3 hit' },
  },
  {
    id: 'eve',
    name: 'Eve Laurent',
    email: 'eve@demo.test',
    tier: 'junior',
    startDate: '2026-10-05',
    // First quarter: joins in week 2.
    ships: all(3, 13, [7]),
    commitments: [
      'Ship the notification settings page on web',
      'Pair with Ben on the on-call handbook',
      'Write the onboarding notes for the billing service',
      'Raise billing test coverage from 40% to 70% (ambitious)',
    ],
    grades: { engineer: '1 hit, 2 hit, 3 hit, 4 partial', manager: '1 hit, 2 hit, 3 hit, 4 partial' },
  },
];
