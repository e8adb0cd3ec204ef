import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type LinearEventJob, linearEventJob, type NotionEventJob, notionEventJob } from './jobs.js';
import { DELIVERY_RETENTION_SECONDS, FAILED_RETENTION_SECONDS, QUEUE } from './names.js';

/** Retried with exponential backoff; kept long enough to dedupe redeliveries and to inspect failures. */
export const INTAKE_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: DELIVERY_RETENTION_SECONDS },
  removeOnFail: { age: FAILED_RETENTION_SECONDS },
};

/** A short wait so that Notion's burst of events about one page costs one refresh. */
export const NOTION_EVENT_DELAY_MS = 2_000;

/** What the webhook receiver may do: put a verified event on a queue, durably, and nothing else. */
export interface Intake {
  enqueueLinearEvent(data: LinearEventJob): Promise<void>;
  enqueueNotionEvent(data: NotionEventJob): Promise<void>;
  close(): Promise<void>;
}

export function createIntake(options: {
  connection: Redis;
  prefix: string;
  /** The wait before a Notion event is read (default NOTION_EVENT_DELAY_MS). */
  notionEventDelayMs?: number;
}): Intake {
  const linear = new Queue(QUEUE.linearEvents, { connection: options.connection, prefix: options.prefix });
  const notion = new Queue(QUEUE.notionEvents, { connection: options.connection, prefix: options.prefix });
  // The producer connection fails fast; errors surface on `add`, not as unhandled events.
  linear.on('error', () => {});
  notion.on('error', () => {});
  return {
    async enqueueLinearEvent(data) {
      const job = linearEventJob.parse(data);
      // The delivery id is the job id: a redelivery of the same delivery is ignored by BullMQ.
      await linear.add('linear-event', job, { ...INTAKE_JOB_OPTIONS, jobId: job.deliveryId });
    },
    async enqueueNotionEvent(data) {
      const job = notionEventJob.parse(data);
      await notion.add('notion-event', job, {
        ...INTAKE_JOB_OPTIONS,
        delay: options.notionEventDelayMs ?? NOTION_EVENT_DELAY_MS,
        // One pending refresh per page; released when it completes, so later edits refresh again.
        deduplication: { id: job.pageId },
      });
    },
    async close() {
      await Promise.all([linear.close(), notion.close()]);
    },
  };
}
