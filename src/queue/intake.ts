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

/**
 * The job id of a Linear delivery. Namespaced, so that no header value can name one of BullMQ's
 * own keys (`meta`, `active`, `wait`…) or take a form BullMQ refuses (an integer, a `:`).
 */
export function deliveryJobId(deliveryId: string): string {
  return `delivery-${deliveryId}`;
}

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
  const linear = renewableQueue(QUEUE.linearEvents, options);
  const notion = renewableQueue(QUEUE.notionEvents, options);
  return {
    async enqueueLinearEvent(data) {
      const job = linearEventJob.parse(data);
      // The delivery id names the job: a redelivery of the same delivery is ignored by BullMQ.
      await linear.add('linear-event', job, { ...INTAKE_JOB_OPTIONS, jobId: deliveryJobId(job.deliveryId) });
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

/**
 * A queue to add to that survives a Redis lost during its first contact: BullMQ keeps a queue
 * whose initial handshake (its version check) failed broken for good, so every later add would
 * fail while Redis is back. Such a queue is replaced, and the add tried once more on the new one.
 */
function renewableQueue(name: string, options: { connection: Redis; prefix: string }) {
  const open = () => {
    const queue = new Queue(name, { connection: options.connection, prefix: options.prefix });
    // The producer connection fails fast; errors surface on `add`, not as unhandled events.
    queue.on('error', () => {});
    return queue;
  };
  let queue = open();
  return {
    async add(jobName: string, data: object, opts: JobsOptions): Promise<void> {
      try {
        await queue.add(jobName, data, opts);
      } catch (error) {
        const broken = await queue.waitUntilReady().then(
          () => false,
          () => true,
        );
        if (!broken) throw error;
        const old = queue;
        queue = open();
        void old.close().catch(() => undefined);
        // Redis back: this delivery goes in now. Still away: the next one tries the new queue.
        if (options.connection.status !== 'ready') throw error;
        await queue.add(jobName, data, opts);
      }
    },
    close: () => queue.close(),
  };
}
