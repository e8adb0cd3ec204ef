import type { Command } from 'commander';
import { readEnv } from '../../config/env.js';
import { plural } from '../../domain/index.js';
import { createLogger } from '../../observability/logger.js';
import { runDoctor } from '../../runtime/doctor.js';
import { EXIT } from '../program.js';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description(
      'Check everything a start would: the configuration, Redis, Linear, Notion and every roster identity; one line each, with the fix. Never prints a credential.',
    )
    .action(async () => {
      const env = readEnv(process.env);
      const results = await runDoctor(env, createLogger({ level: 'silent' }));
      for (const result of results) {
        const mark = !result.ok ? '✗' : result.warning ? '!' : '✓';
        process.stdout.write(`${mark} ${result.line}\n`);
        // A fix of several lines (one per team-file problem) lines up under its first.
        if ((!result.ok || result.warning) && result.fix)
          process.stdout.write(`    fix: ${result.fix.replaceAll('\n', '\n         ')}\n`);
      }
      const failed = results.filter((r) => !r.ok).length;
      const warnings = results.filter((r) => r.ok && r.warning).length;
      const noted = warnings > 0 ? ` (${plural(warnings, 'warning')}, marked !)` : '';
      process.stdout.write(
        failed === 0 ? `\nEverything checks out${noted}.\n` : `\n${failed} problem(s) to fix${noted}.\n`,
      );
      process.exitCode = failed === 0 ? EXIT.ok : EXIT.failure;
    });
}
