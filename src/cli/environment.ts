/**
 * The environment variables each `commitline` command reads, for its `--help`, and the ones it
 * cannot run without, checked with the rest of the configuration before anything starts.
 */
import type { Command } from 'commander';
import { environmentHelp, type RequiredVariable, type VariableName } from '../config/variables.js';

const REDIS: VariableName[] = ['REDIS_URL', 'REDIS_PREFIX'];
const LINEAR: VariableName[] = ['LINEAR_API_KEY', 'LINEAR_API_URL'];
const NOTION: VariableName[] = [
  'NOTION_TOKEN',
  'NOTION_API_URL',
  'NOTION_PARENT_PAGE_ID',
  'NOTION_RATE_LIMIT',
];
const RECOMPUTE: VariableName[] = [...REDIS, ...LINEAR, ...NOTION, 'COMMITLINE_CONFIG', 'LOG_LEVEL'];
const WORKERS: VariableName[] = ['RECOMPUTE_DEBOUNCE_SECONDS', 'SHUTDOWN_GRACE_SECONDS'];
const API: VariableName[] = ['LINEAR_WEBHOOK_SECRET', 'NOTION_WEBHOOK_SECRET'];
const SLACK: VariableName[] = ['SLACK_BOT_TOKEN', 'SLACK_CHANNEL', 'SLACK_API_URL'];

/** Per command, every variable it reads, in the order its help lists them. */
export const COMMAND_ENVIRONMENT: Readonly<Record<string, readonly VariableName[]>> = {
  serve: [...RECOMPUTE, 'ALLOW_EVICTING_REDIS', ...API, 'PORT', 'HOST', ...WORKERS, ...SLACK],
  api: [
    ...REDIS,
    'ALLOW_EVICTING_REDIS',
    ...API,
    ...LINEAR,
    'COMMITLINE_CONFIG',
    'PORT',
    'HOST',
    'LOG_LEVEL',
  ],
  worker: [...RECOMPUTE, 'ALLOW_EVICTING_REDIS', 'PORT', 'WORKER_PORT', 'HOST', ...WORKERS, ...SLACK],
  setup: [...LINEAR, ...NOTION, ...REDIS, 'COMMITLINE_CONFIG', 'LOG_LEVEL'],
  backfill: RECOMPUTE,
  digest: [...RECOMPUTE, ...SLACK],
  reconcile: RECOMPUTE,
  doctor: [
    ...REDIS,
    ...LINEAR,
    'LINEAR_WEBHOOK_SECRET',
    ...NOTION,
    'NOTION_WEBHOOK_SECRET',
    ...SLACK,
    'COMMITLINE_CONFIG',
    'LOG_LEVEL',
  ],
  check: ['LOG_LEVEL'],
  sandbox: ['LOG_LEVEL'],
  demo: ['REDIS_URL', 'LOG_LEVEL'],
};

const LINEAR_KEY: RequiredVariable = {
  variable: 'LINEAR_API_KEY',
  why: 'to read shipped issues from Linear',
};
const NOTION_TOKEN: RequiredVariable = { variable: 'NOTION_TOKEN', why: 'to write quarter pages to Notion' };

/** What the processes that read Linear and write Notion cannot start without. */
export const RECOMPUTE_REQUIRES: readonly RequiredVariable[] = [LINEAR_KEY, NOTION_TOKEN];

/** Adds an "Environment:" section to the help of every command that has an entry. */
export function describeEnvironment(program: Command): void {
  for (const command of program.commands) {
    const names = COMMAND_ENVIRONMENT[command.name()];
    if (names) command.addHelpText('after', environmentHelp(names));
  }
}
