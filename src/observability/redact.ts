/**
 * Credentials never reach a terminal or a log line: a URL's password (`redis://:secret@host`,
 * `rediss://user:secret@host`) is masked wherever a URL is shown — doctor, demo, logs.
 */

export const MASK = '***';

/** A URL with its password masked; text that is not a URL comes back unchanged. */
export function maskUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return maskUrls(value);
  }
  if (!url.password) return value;
  url.password = MASK;
  return url.toString();
}

/**
 * Every `scheme://user:password@` in free text (an error message that quotes its URL) with the
 * password masked. A password is what stands between the first `:` after `//` and the last `@`
 * before the host, so one with `@` or `/` in it (a pasted secret, unencoded) is masked whole.
 */
export function maskUrls(text: string): string {
  return text.replace(
    /([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):([^\s]*)@(?=[^\s@]*(?:[\s/?#]|$))/gi,
    `$1$2:${MASK}@`,
  );
}

/**
 * For pino's `hooks.logMethod` (src/observability/logger.ts): masks URL passwords in a log line's
 * message and in its error's message, without copying objects that hold none.
 */
export function maskLogArguments<T extends unknown[]>(args: T): T {
  for (const [i, arg] of args.entries()) args[i] = maskArgument(arg);
  return args;
}

function maskArgument(arg: unknown): unknown {
  if (typeof arg === 'string') return maskUrls(arg);
  if (arg instanceof Error) {
    const masked = maskUrls(arg.message);
    if (masked !== arg.message) arg.message = masked;
    return arg;
  }
  if (arg && typeof arg === 'object' && 'err' in arg && arg.err instanceof Error) {
    const masked = maskUrls(arg.err.message);
    if (masked !== arg.err.message) arg.err.message = masked;
  }
  return arg;
}
