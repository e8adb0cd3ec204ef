/** One line of `commitline doctor`: what was checked and found, and the fix when it failed. */
export interface CheckResult {
  /** False for a problem to fix; a warning is ok, said with `warning`. */
  ok: boolean;
  /** Works, but something is worth knowing (Redis without AOF, a deactivated user). */
  warning?: boolean;
  /** What was checked, and what was found. */
  line: string;
  /** How to fix it, when it failed. */
  fix?: string;
}

export const pass = (line: string): CheckResult => ({ ok: true, line });
export const fail = (line: string, fix: string): CheckResult => ({ ok: false, line, fix });
export const warn = (line: string, fix: string): CheckResult => ({ ok: true, warning: true, line, fix });
