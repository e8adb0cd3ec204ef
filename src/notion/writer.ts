/**
 * The quarter page store of the domain's port, on Notion: snapshot → plan → apply. A recompute
 * reads the page once (`read`), the domain decides what the page should show, and `write` plans
 * the difference from that same snapshot and applies it. Never writes what people own: the
 * commitments, the Excused boxes, comments.
 */
import type { Client } from '@notionhq/client';
import type { Redis } from 'ioredis';
import type {
  Engineer,
  Quarter,
  QuarterPage,
  QuarterPageRead,
  QuarterPageStore,
  WriteReport,
} from '../domain/index.js';
import { applyPlan, StaleSnapshotError } from './apply.js';
import { integrationIdentity } from './bot.js';
import { metered, RequestMeter } from './meter.js';
import { type Operation, planQuarterPage } from './plan.js';
import type { NotionTargets } from './schema.js';
import { createSnapshotReader, isQuarterSnapshot, type QuarterSnapshot } from './snapshot.js';

export interface NotionQuarterPages extends QuarterPageStore {
  read(
    engineer: Engineer,
    quarter: Quarter,
    options?: { fresh?: boolean; previousQuarterId?: string },
  ): Promise<QuarterSnapshot>;
  /** The report of the last `write`, for logs and tests. */
  readonly lastReport: WriteReport;
  /** The operations the last `write` planned, for logs and tests. */
  readonly lastPlan: readonly Operation[];
  /** Forgets the kept snapshot of a page, so the next recompute reads Notion. */
  invalidate(engineerId: string, quarterId: string): Promise<void>;
}

export function createNotionQuarterPages(options: {
  client: Client;
  targets: NotionTargets;
  redis: Redis;
  prefix: string;
  timezone: string;
}): NotionQuarterPages {
  const { client, targets, redis, prefix, timezone } = options;
  const snapshots = createSnapshotReader({ client, targets, redis, prefix });
  const context = {
    client,
    targets,
    redis,
    prefix,
    store: snapshots.store,
    botId: integrationIdentity(client, redis, prefix),
  };
  let lastReport: WriteReport = { requests: 0, writes: 0 };
  let lastPlan: readonly Operation[] = [];

  async function planAndApply(
    page: QuarterPage,
    snapshot: QuarterSnapshot,
    lockLost: AbortSignal | undefined,
  ): Promise<void> {
    const operations = planQuarterPage(snapshot, page, { timezone });
    lastPlan = operations;
    try {
      const applied = await applyPlan(context, snapshot, operations, lockLost);
      // A lock lost during the last request: another holder may have written since, so what this
      // one saw is not kept (the catch below forgets it).
      lockLost?.throwIfAborted();
      // The record binding signatures to their text is what the page now shows; the previous
      // quarter's record is kept with it, read once, whatever snapshot the plan was made on.
      const readback = {
        ...applied.snapshot.readback,
        signing: page.signing.record,
        ...(page.previousQuarter ? { previousQuarter: page.previousQuarter.record } : {}),
      };
      await snapshots.store.save({ ...applied.snapshot, readback, awaitingComments: page.awaitingComments });
    } catch (error) {
      // Part of the plan may have been sent: the next attempt reads what Notion shows.
      await snapshots.store.clear(snapshot.engineerId, snapshot.quarterId).catch(() => undefined);
      throw error;
    }
  }

  return {
    read: (engineer, quarter, readOptions) => snapshots.take(engineer, quarter, readOptions),
    async write(page: QuarterPage, read?: QuarterPageRead, options = {}): Promise<WriteReport> {
      const { lockLost } = options;
      const meter = new RequestMeter();
      const given =
        isQuarterSnapshot(read) && read.engineerId === page.engineer.id && read.quarterId === page.quarter.id
          ? read
          : undefined;
      await metered(meter, async () => {
        const snapshot = given ?? (await snapshots.take(page.engineer, page.quarter));
        try {
          await planAndApply(page, snapshot, lockLost);
        } catch (error) {
          if (!(error instanceof StaleSnapshotError)) throw error;
          // Another process wrote the page first: plan again against what Notion shows now.
          await planAndApply(
            page,
            await snapshots.take(page.engineer, page.quarter, { fresh: true }),
            lockLost,
          );
        }
      });
      lastReport = { requests: meter.requests + (given?.requests ?? 0), writes: meter.writes };
      return lastReport;
    },
    invalidate: (engineerId, quarterId) => snapshots.store.clear(engineerId, quarterId),
    get lastReport() {
      return lastReport;
    },
    get lastPlan() {
      return lastPlan;
    },
  };
}
