import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { prettyFactory } from 'pino-pretty';

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
  });
  return { write: (line: string) => write(prettify(line)) };
}

export function createLogger(
  options: { level?: LoggerOptions['level']; name?: string } = {},
  destination: DestinationStream = logDestination(),
): Logger {
  return pino(
    {
      name: options.name ?? 'commitline',
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Request logs carry method, url and ids; bodies are never logged.
      serializers: {
        req: (req: { method?: string; url?: string; id?: string; headers?: Record<string, unknown> }) => ({
          method: req.method,
          url: req.url,
          id: req.id,
          delivery: req.headers?.['linear-delivery'],
        }),
      },
    },
    destination,
  );
}
