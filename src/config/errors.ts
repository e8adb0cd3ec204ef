import type { z } from 'zod';

/** One problem in the configuration, as `path: message`. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** Invalid configuration: every problem at once, so a person fixes them in one pass. */
export class ConfigError extends Error {
  readonly code = 'invalid_config';
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(`${source} is invalid:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** `['roster', 2, 'tier']` → `roster[2].tier` */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
}

/** Turns zod issues (parsed with `reportInput: true`) into plain `path: message` problems. */
export function problemsFromZod(issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'invalid_value':
        if (input === undefined) return { path, message: `required: one of ${issue.values.join('|')}` };
        return { path, message: `expected one of ${issue.values.join('|')}, got ${describe(input)}` };
      case 'invalid_type':
        if (input === undefined) return { path, message: `required (${issue.expected})` };
        return { path, message: `expected ${issue.expected}, got ${describe(input)}` };
      case 'unrecognized_keys':
        return { path, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` };
      default:
        return { path, message: issue.message };
    }
  });
}
