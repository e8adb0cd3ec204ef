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
  };
}
