import type { Command } from 'commander';
import { readEnv } from '../../config/env.js';
import { createLogger } from '../../observability/logger.js';
import { runDoctor } from '../../runtime/doctor.js';
import { EXIT } from '../program.js';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('Check the configuration, Redis, Linear and Notion: one line each, with the fix.')
    .action(async () => {
      const env = readEnv(process.env);
      const results = await runDoctor(env, createLogger({ level: 'silent' }));
      for (const result of results) {
        process.stdout.write(`${result.ok ? '✓' : '✗'} ${result.line}\n`);
        if (!result.ok && result.fix) process.stdout.write(`    fix: ${result.fix}\n`);
      }
      const failed = results.filter((r) => !r.ok).length;
      process.stdout.write(failed === 0 ? '\nEverything checks out.\n' : `\n${failed} problem(s) to fix.\n`);
      process.exitCode = failed === 0 ? EXIT.ok : EXIT.failure;
    });
}
