import type { z } from 'zod';

/** One problem in the configuration, as `path: message`, and where it is written when known. */
export interface ConfigProblem {
  /** The variable (`PORT`) or the field (`roster[2].tier`); empty for a YAML syntax error. */
  path: string;
  /** What is wrong, what was given, and the fix after "; " where one is known. */
  message: string;
  /** Another field the message names (`roster[0]` of "already used by roster[0]"): its line is added. */
  refers?: string;
  /** 1-based line and column in the file, for a problem in a file. */
  line?: number;
  column?: number;
}

/** The problems of one source: the environment, or one file. */
export interface ConfigSection {
  source: string;
  problems: readonly ConfigProblem[];
}

/** `roster[2].tier (line 7, column 14): expected …`; a YAML error is `line 3, column 1: …`. */
export function formatProblem(problem: ConfigProblem): string {
  const at =
    problem.line === undefined
      ? ''
      : `line ${problem.line}${problem.column === undefined ? '' : `, column ${problem.column}`}`;
  if (!problem.path) return at ? `${at}: ${problem.message}` : problem.message;
  return at ? `${problem.path} (${at}): ${problem.message}` : `${problem.path}: ${problem.message}`;
}

function sectionText(section: ConfigSection): string {
  return `${section.source} is invalid:\n${section.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`;
}

/** Invalid configuration: every problem at once, so a person fixes them in one pass. */
export class ConfigError extends Error {
  readonly code = 'invalid-config';
  /** Every source with problems; the first is `source`/`problems`. */
  readonly sections: readonly ConfigSection[];
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
    more: readonly ConfigSection[] = [],
  ) {
    const sections = [{ source, problems }, ...more];
    super(sections.map(sectionText).join('\n'));
    this.name = 'ConfigError';
    this.sections = sections;
  }

  /** One error listing the problems of every source, in order; undefined when there are none. */
  static combine(sections: readonly ConfigSection[]): ConfigError | undefined {
    const [first, ...rest] = sections.filter((s) => s.problems.length > 0);
    return first ? new ConfigError(first.source, first.problems, rest) : undefined;
  }

  /** Every problem of every source. */
  allProblems(): ConfigProblem[] {
    return this.sections.flatMap((s) => s.problems);
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

/** `roster[2].tier` → `['roster', 2, 'tier']`; `(root)` → `[]`. */
export function parsePath(path: string): (string | number)[] {
  if (path === '(root)') return [];
  const out: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) out.push(Number(match[2]));
    else if (match[1] !== undefined) out.push(match[1]);
  }
  return out;
}

/** What was given, for a message: strings quoted, lists and objects named. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
}

/** A zod issue's message, with what was given when the issue carries it and the message does not. */
function withInput(message: string, input: unknown): string {
  if (input === undefined || typeof input === 'object' || message.includes(', got ')) return message;
  const at = message.indexOf('; ');
  const given = `, got ${describeValue(input)}`;
  return at < 0 ? `${message}${given}` : `${message.slice(0, at)}${given}${message.slice(at)}`;
}

/**
 * Turns zod issues (parsed with `reportInput: true`) into plain `path: message` problems, each
 * saying what was given. An unknown field is one problem per key, at the key, so each can be located.
 */
export function problemsFromZod(issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    const path = formatPath(issue.path);
    const input = (issue as { input?: unknown }).input;
    const field = String(issue.path[issue.path.length - 1] ?? 'it');
    switch (issue.code) {
      case 'invalid_value':
        if (input === undefined)
          return [{ path, message: `missing; add ${field}: one of ${issue.values.join('|')}` }];
        return [{ path, message: `expected one of ${issue.values.join('|')}, got ${describeValue(input)}` }];
      case 'invalid_type':
        if (input === undefined) return [{ path, message: `missing; add ${field} (${issue.expected})` }];
        return [{ path, message: `expected ${issue.expected}, got ${describeValue(input)}` }];
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({
          path: formatPath([...issue.path, key]),
          message: 'unknown field; remove it or correct its name',
        }));
      default:
        return [{ path, message: withInput(issue.message, input) }];
    }
  });
}
