import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/errors.js';
import { EvictingRedisError } from '../queue/redis-check.js';
import { describeEnvironment } from './environment.js';
import { explainFailure, failureLine } from './failures.js';

/** Exit codes of every commitline command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Thrown by a command to stop with a usage error (exit 2) and a one-line explanation. */
export class UsageError extends Error {
  readonly code = 'usage';
}

/** Thrown by a command to stop with a failure (exit 1) and a message meant for people, no stack. */
export class CommandFailure extends Error {
  readonly code = 'failure';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

/** commitline's version, from its package.json (next to src/ when run from the sources, or dist/). */
export function packageVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'commitline' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Not there from this location: try the next.
    }
  }
  return 'unknown';
}

/** Builds the `commitline` program: each command file registers itself; nothing runs here. */
export function buildProgram(
  registrations: ReadonlyArray<(program: Command) => void>,
  options: { version?: string } = {},
): Command {
  const program = new Command('commitline')
    .description('Weekly shipping baselines and quarterly commitments, from Linear to Notion.')
    .version(options.version ?? packageVersion(), '-V, --version', 'print the version of commitline')
    .showHelpAfterError()
    .exitOverride()
    .addHelpText('after', '\nEach command’s --help lists the environment variables it reads.');
  for (const register of registrations) register(program);
  // Usage errors of subcommands exit 2, like the program's own.
  for (const sub of program.commands) sub.exitOverride().showHelpAfterError();
  describeEnvironment(program);
  return program;
}

/** Stack traces are for debugging: shown only at LOG_LEVEL=debug or trace. */
function showsStacks(logLevel: string | undefined): boolean {
  return logLevel === 'debug' || logLevel === 'trace';
}

/**
 * Runs the program and turns every outcome into an exit code: 0 ok, 1 failure, 2 usage. It never
 * throws: a failure is one line on stderr (with the fix where one is known), the stack only at
 * LOG_LEVEL=debug.
 */
export async function runProgram(
  program: Command,
  argv: readonly string[],
  options: { logLevel?: string | undefined } = { logLevel: process.env.LOG_LEVEL },
): Promise<number> {
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      if (error.exitCode === 0) return EXIT.ok;
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`commitline: ${error.message}\n`);
      return EXIT.usage;
    }
    // Configuration problems are the operator's to fix: the problems, never a stack trace.
    if (error instanceof ConfigError || error instanceof EvictingRedisError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.failure;
    }
    if (error instanceof CommandFailure) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    const explained = explainFailure(error);
    const debug = showsStacks(options.logLevel);
    if (explained) {
      process.stderr.write(`commitline: ${failureLine(explained)}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(
        `commitline: ${message.split('\n')[0]}${debug ? '' : ' (LOG_LEVEL=debug shows where it failed)'}\n`,
      );
    }
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return EXIT.failure;
  }
}
