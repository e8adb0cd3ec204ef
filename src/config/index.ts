export { type Env, readEnv, requireEnv } from './env.js';
export { ConfigError, type ConfigProblem, formatPath } from './errors.js';
export { type Config, calendarSettings, loadConfig, loadTeamFile } from './load.js';
export {
  type Identity,
  parseTeamConfig,
  parseTeamYaml,
  type TeamConfig,
  type TeamEngineer,
  type TeamPerson,
} from './team.js';
