/** The queues commitline runs, named once. */
export const QUEUE = {
  /** Verified Linear deliveries, one job per `Linear-Delivery` id. */
  linearEvents: 'linear-events',
  /** Verified Notion events, deduplicated per page. */
  notionEvents: 'notion-events',
  /** Recompute one (engineer, quarter): Linear → domain → Notion. One job per page at a time. */
  recompute: 'recompute',
  /** Scheduled steps of the method: weekly close, quarter open, reminders, reconcile. */
  cadence: 'cadence',
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QUEUE);

/** Delivery ids are kept longer than Linear's retry horizon (1 min, 1 h, 6 h), so redeliveries dedupe. */
export const DELIVERY_RETENTION_SECONDS = 7 * 24 * 3600;
/** Failed jobs stay for inspection. */
export const FAILED_RETENTION_SECONDS = 30 * 24 * 3600;
