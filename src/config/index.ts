export { type Env, type LogLevel, missingVariables, readEnv, requireEnv } from './env.js';
export { ConfigError, type ConfigProblem, type ConfigSection, formatPath, formatProblem } from './errors.js';
export {
  type Config,
  calendarSettings,
  type LoadOptions,
  loadConfig,
  loadConfigTeamOptional,
  loadTeamFile,
  NoTeamFileError,
} from './load.js';
export {
  type Identity,
  parseTeamConfig,
  parseTeamYaml,
  type TeamConfig,
  type TeamEngineer,
  type TeamPerson,
} from './team.js';
export { environmentHelp, type RequiredVariable, VARIABLES, type VariableName } from './variables.js';
