import type { Command } from 'commander';
import '../../workers/register.js';
import { vi } from 'vitest';
import { buildProgram, runProgram } from '../../src/cli/program.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs commands in this process through the program builder, with stdout and stderr captured. */
export async function runCommands(
  registers: ((program: Command) => void)[],
  argv: readonly string[],
  options?: { logLevel?: string | undefined },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await runProgram(buildProgram(registers), argv, options);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}
