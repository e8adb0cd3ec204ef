import type { Command } from 'commander';
import { registerApi } from './api.js';

/** Every `commitline` subcommand, in the order `--help` lists them. */
export const commands: ReadonlyArray<(program: Command) => void> = [registerApi];
