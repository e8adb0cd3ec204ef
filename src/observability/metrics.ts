import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export type DeliveryOutcome =
  | 'enqueued'
  | 'ignored'
  | 'unauthorized'
  | 'bad_request'
  /** A signed Linear delivery whose `Linear-Delivery` header is not a UUID. */
  | 'bad_delivery_id'
  | 'too_large'
  | 'unavailable'
  | 'verification'
  /** A Notion verification request refused: a secret is configured, or the token is malformed. */
  | 'verification_refused'
  /** An unexpected failure while handling a delivery, answered 500. */
  | 'error';

/** Every metric commitline exposes on GET /metrics, on one registry per process. */
export interface Metrics {
  registry: Registry;
  deliveries: Counter<'source' | 'outcome'>;
  jobs: Counter<'queue' | 'outcome'>;
  queueDepth: Gauge<'queue' | 'state'>;
  linearCalls: Counter<'operation' | 'outcome'>;
  notionRequests: Counter<'method' | 'outcome'>;
  slackCalls: Counter<'method' | 'outcome'>;
  /** Friday digests, by what happened to the week's message (posted, updated, unchanged). */
  digests: Counter<'outcome'>;
  /** Two-miss streaks told to the engineer's manager, by how (dm, channel). */
  streakNotes: Counter<'via'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'commitline_' });
  return {
    registry,
    deliveries: new Counter({
      name: 'commitline_webhook_deliveries_total',
      help: 'Webhook deliveries received, by source (linear, notion) and outcome.',
      labelNames: ['source', 'outcome'],
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'commitline_jobs_total',
      help: 'Jobs finished or set aside, by queue and outcome (completed, failed, retried, waiting: for a service that cannot be used).',
      labelNames: ['queue', 'outcome'],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'commitline_queue_depth',
      help: 'Jobs in each queue, by state, sampled at scrape time.',
      labelNames: ['queue', 'state'],
      registers: [registry],
    }),
    linearCalls: new Counter({
      name: 'commitline_linear_api_calls_total',
      help: 'Linear API calls, by operation and outcome (ok or the error kind).',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    }),
    notionRequests: new Counter({
      name: 'commitline_notion_requests_total',
      help: 'Notion API requests, by method and outcome (HTTP status class or error kind).',
      labelNames: ['method', 'outcome'],
      registers: [registry],
    }),
    slackCalls: new Counter({
      name: 'commitline_slack_api_calls_total',
      help: 'Slack Web API calls, by method and outcome (ok, or the error code; rate-limited-wait: a 429 waited out).',
      labelNames: ['method', 'outcome'],
      registers: [registry],
    }),
    digests: new Counter({
      name: 'commitline_slack_digests_total',
      help: 'Weekly digests published to Slack, by outcome (posted, updated, unchanged).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    streakNotes: new Counter({
      name: 'commitline_slack_streak_notes_total',
      help: 'Two-miss streaks told to the manager in Slack, by how (dm, or channel when no Slack user has their email).',
      labelNames: ['via'],
      registers: [registry],
    }),
  };
}
