import { readFile } from 'node:fs/promises';
import type { CalendarSettings } from '../domain/index.js';
import { type Env, readEnv } from './env.js';
import { ConfigError } from './errors.js';
import { parseTeamYaml, type TeamConfig } from './team.js';

export interface Config {
  env: Env;
  team: TeamConfig;
}

/** Reads the team file named by the environment. A missing file is a ConfigError saying how to make one. */
export async function loadTeamFile(path: string): Promise<TeamConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`The team file ${path}`, [
      {
        path: 'COMMITLINE_CONFIG',
        message:
          code === 'ENOENT'
            ? `no file at ${path}; copy config/team.example.yaml there or point COMMITLINE_CONFIG at your team file`
            : `cannot read ${path} (${code ?? 'unknown error'})`,
      },
    ]);
  }
  return parseTeamYaml(text, `The team file ${path}`);
}

/** Validates the environment and the team file once, at start. */
export async function loadConfig(processEnv: Record<string, string | undefined>): Promise<Config> {
  const env = readEnv(processEnv);
  const team = await loadTeamFile(env.configPath);
  return { env, team };
}

/** The calendar settings the domain core needs, from the team file. */
export function calendarSettings(team: TeamConfig): CalendarSettings {
  return {
    timezone: team.timezone,
    weekClose: team.weekClose,
    ...(team.quarters ? { quarters: team.quarters } : {}),
  };
}
