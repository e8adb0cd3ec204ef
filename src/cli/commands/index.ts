import type { Command } from 'commander';
import { registerApi } from './api.js';
import { registerBackfill, registerReconcile } from './backfill.js';
import { registerCheck } from './check.js';
import { registerDemo } from './demo.js';
import { registerDigest } from './digest.js';
import { registerDoctor } from './doctor.js';
import { registerSandbox } from './sandbox.js';
import { registerSetup } from './setup.js';
import { registerServe, registerWorker } from './worker.js';

/** Every `commitline` subcommand, in the order `--help` lists them. */
export const commands: ReadonlyArray<(program: Command) => void> = [
  registerServe,
  registerApi,
  registerWorker,
  registerSetup,
  registerBackfill,
  registerReconcile,
  registerDoctor,
  registerDigest,
  registerCheck,
  registerSandbox,
  registerDemo,
];
