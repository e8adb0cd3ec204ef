import { spawn } from 'node:child_process';
import { REDIS_URL } from './redis.js';

/** The `commitline` entry point, as npm and the image run it. */
export const BIN = new URL('../../bin/commitline.js', import.meta.url).pathname;

/** Runs `commitline <args>` as a child process with only `env` (and PATH, HOME, REDIS_URL) set. */
export function spawnCommand(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', REDIS_URL, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
