/**
 * The receiver's intake over a Redis lost at the worst moment: during a queue's first handshake
 * (BullMQ's version check), which leaves a BullMQ queue unusable for good. The intake opens a new
 * one, so deliveries are taken again as soon as Redis answers.
 */
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createRedis, waitReady } from '../../src/queue/connection.js';
import { createIntake, deliveryJobId } from '../../src/queue/intake.js';
import { QUEUE } from '../../src/queue/names.js';
import { commandRedis, deleteKeys, REDIS_URL, testPrefix } from '../helpers/redis.js';

const prefix = testPrefix('intake');
const redis = commandRedis();
afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

describe('when Redis is lost during the queues’ first handshake, then answers again', () => {
  it('should take the next delivery, under its delivery id', async () => {
    const connection = createRedis(REDIS_URL, 'producer');
    connection.on('error', () => {});
    await waitReady(connection);
    // Both queues' version checks meet a dropped connection, as when Redis restarts just then.
    const info = vi
      .spyOn(connection, 'info')
      .mockRejectedValueOnce(new Error('Connection is closed.'))
      .mockRejectedValueOnce(new Error('Connection is closed.'));
    const intake = createIntake({ connection, prefix, notionEventDelayMs: 0 });
    const probe = new Queue(QUEUE.linearEvents, { connection: redis, prefix });
    try {
      await vi.waitFor(() => expect(info).toHaveBeenCalledTimes(2));
      const deliveryId = '7b1d3c2e-0000-4000-8000-000000000001';
      await intake.enqueueLinearEvent({
        deliveryId,
        organizationId: 'org-1',
        issueId: 'issue-1',
        action: 'update',
        assigneeIds: ['lin-ana'],
        completedAts: ['2026-11-25T10:00:00.000Z'],
      });
      expect((await probe.getJob(deliveryJobId(deliveryId)))?.id).toBe(deliveryJobId(deliveryId));
    } finally {
      await probe.close();
      await intake.close();
      connection.disconnect();
    }
  });
});
