import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

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

export function createLogger(
  options: { level?: LoggerOptions['level']; name?: string } = {},
  destination?: DestinationStream,
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
