import type { Command } from 'commander';

/** Every `commitline` subcommand, in the order `--help` lists them. */
export const commands: ReadonlyArray<(program: Command) => void> = [];
