import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { maskLogArguments } from './redact.js';

export type { Logger } from 'pino';

/**
 * Paths pino replaces with "[redacted]". Webhook signatures, authorization headers and every
 * token or secret, wherever they appear in a log object.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["linear-signature"]',
  'req.headers["x-notion-signature"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["linear-signature"]',
  'headers["x-notion-signature"]',
  '*.apiKey',
  '*.token',
  '*.secret',
  '*.secrets',
  '*.webhookSecret',
  '*.linearApiKey',
  '*.notionToken',
  '*.linearWebhookSecrets',
  '*.notionWebhookSecret',
  '*.opsToken',
  '*.verification_token',
  'apiKey',
  'token',
  'secret',
  'verification_token',
];

/**
 * Where commitline's logs go: stderr, so a command's stdout holds only the lines meant for people;
 * readable lines on a terminal, one JSON object per line anywhere else (a log collector).
 * `write` sends the lines elsewhere, e.g. above a progress bar.
 */
export function logDestination(
  options: { pretty?: boolean; write?: (line: string) => void } = {},
): DestinationStream {
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  if (!(options.pretty ?? process.stderr.isTTY === true)) return { write };
  const prettify = prettyFactory({
    colorize: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,name',
    singleLine: true,
  });
  return { write: (line: string) => write(prettify(line)) };
}

/** An error in a log line without its stack: what a person running a command reads. */
function errWithoutStack(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  const { stack: _stack, ...rest } = serialized as Record<string, unknown>;
  return rest;
}

export function createLogger(
  options: {
    level?: LoggerOptions['level'];
    name?: string;
    /** False for a command's logs: stacks only at LOG_LEVEL=debug or trace, as for its failure line. */
    stacks?: boolean;
  } = {},
  destination: DestinationStream = logDestination(),
): Logger {
  const level = options.level ?? 'info';
  const stacks = options.stacks ?? true;
  const withStacks = stacks || level === 'debug' || level === 'trace';
  return pino(
    {
      name: options.name ?? 'commitline',
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // A URL's password (a REDIS_URL in an error message) never reaches a log line.
      hooks: {
        logMethod(args, method) {
          method.apply(this, maskLogArguments(args));
        },
      },
      // Request logs carry method, url and ids; bodies are never logged.
      serializers: {
        req: (req: { method?: string; url?: string; id?: string; headers?: Record<string, unknown> }) => ({
          method: req.method,
          url: req.url,
          id: req.id,
          delivery: req.headers?.['linear-delivery'],
        }),
        ...(withStacks ? {} : { err: errWithoutStack }),
      },
    },
    destination,
  );
}
