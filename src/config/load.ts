import { readFile } from 'node:fs/promises';
import type { CalendarSettings } from '../domain/index.js';
import { type Env, missingVariables, readEnv } from './env.js';
import { ConfigError, type ConfigProblem, type ConfigSection } from './errors.js';
import { parseTeamYaml, type TeamConfig } from './team.js';
import type { RequiredVariable } from './variables.js';

export interface Config {
  env: Env;
  team: TeamConfig;
}

/** There is no file where the team file should be (a command that can run without one goes on). */
export class NoTeamFileError extends ConfigError {}

/** Reads the team file named by the environment. A missing file is a ConfigError saying how to make one. */
export async function loadTeamFile(path: string): Promise<TeamConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const Refusal = code === 'ENOENT' ? NoTeamFileError : ConfigError;
    throw new Refusal(`The team file ${path}`, [
      {
        path: 'COMMITLINE_CONFIG',
        message:
          code === 'ENOENT'
            ? `no file at ${path}; copy config/team.example.yaml to it (with docker compose: config/team.yaml next to docker-compose.yml), or point COMMITLINE_CONFIG at your team file`
            : code === 'EISDIR'
              ? `${path} is a folder, not a file (a container runtime makes one when it mounts a file that did not exist); remove it, write the team file there, or mount the folder that holds it`
              : `cannot read ${path} (${code ?? 'unknown error'})`,
      },
    ]);
  }
  return parseTeamYaml(text, `The team file ${path}`);
}

export interface LoadOptions {
  /** Variables the command cannot run without; each missing one is a problem of the report. */
  require?: readonly RequiredVariable[];
}

interface Loaded {
  env?: Env;
  team?: TeamConfig;
  teamMissing: boolean;
  sections: ConfigSection[];
}

/** Reads everything and keeps every problem: the environment's, the missing variables', the team file's. */
async function readAll(
  processEnv: Record<string, string | undefined>,
  options: LoadOptions,
): Promise<Loaded> {
  const envProblems: ConfigProblem[] = [];
  let env: Env | undefined;
  try {
    env = readEnv(processEnv);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    envProblems.push(...error.problems);
  }
  envProblems.push(...missingVariables(processEnv, options.require ?? []));
  const sections: ConfigSection[] = [{ source: 'The environment', problems: envProblems }];
  // The team file is read even when the environment is wrong, so both are fixed in one pass.
  const path = env?.configPath ?? (processEnv.COMMITLINE_CONFIG?.trim() || 'config/team.yaml');
  let team: TeamConfig | undefined;
  let teamMissing = false;
  try {
    team = await loadTeamFile(path);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    teamMissing = error instanceof NoTeamFileError;
    sections.push(...error.sections);
  }
  return { ...(env ? { env } : {}), ...(team ? { team } : {}), teamMissing, sections };
}

/**
 * Validates the environment and the team file once, at start. Throws one ConfigError listing
 * every problem of both, and every required variable that is missing.
 */
export async function loadConfig(
  processEnv: Record<string, string | undefined>,
  options: LoadOptions = {},
): Promise<Config> {
  const { env, team, sections } = await readAll(processEnv, options);
  const error = ConfigError.combine(sections);
  if (error || !env || !team)
    throw (
      error ??
      new ConfigError(
        'The configuration',
        sections.flatMap((s) => s.problems),
      )
    );
  return { env, team };
}

/**
 * Like loadConfig for a command that can run without a team file (`setup`): a file that is not
 * there is no problem, a file that is there must be valid.
 */
export async function loadConfigTeamOptional(
  processEnv: Record<string, string | undefined>,
  options: LoadOptions = {},
): Promise<{ env: Env; team?: TeamConfig }> {
  const { env, team, teamMissing, sections } = await readAll(processEnv, options);
  const error = ConfigError.combine(teamMissing ? sections.slice(0, 1) : sections);
  if (error || !env) throw error ?? new ConfigError('The environment', sections[0]?.problems ?? []);
  return { env, ...(team ? { team } : {}) };
}

/** The calendar settings the domain core needs, from the team file. */
export function calendarSettings(team: TeamConfig): CalendarSettings {
  return {
    timezone: team.timezone,
    weekClose: team.weekClose,
    ...(team.quarters ? { quarters: team.quarters } : {}),
    ...(team.offWeeks ? { offWeeks: team.offWeeks } : {}),
  };
}
