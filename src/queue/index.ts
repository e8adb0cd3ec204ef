export { createRedis, type RedisRole, waitReady } from './connection.js';
export { createIntake, INTAKE_JOB_OPTIONS, type Intake, NOTION_EVENT_DELAY_MS } from './intake.js';
export {
  type CadenceJob,
  cadenceJob,
  type LinearEventJob,
  linearEventJob,
  type NotionEventJob,
  notionEventJob,
  type RecomputeJob,
  recomputeJob,
  recomputeKey,
} from './jobs.js';
export { type LockOptions, LockTimeoutError, pageSerializer, withLock } from './lock.js';
export {
  DELIVERY_RETENTION_SECONDS,
  FAILED_RETENTION_SECONDS,
  QUEUE,
  QUEUE_NAMES,
  type QueueName,
} from './names.js';
export {
  createRecomputeScheduler,
  RECOMPUTE_JOB_OPTIONS,
  RETRY_AFTER_BACKOFF,
  type RecomputeScheduler,
} from './recompute.js';
export {
  assertRedisSafe,
  EvictingRedisError,
  type RedisFacts,
  readRedisFacts,
  versionAtLeast,
} from './redis-check.js';
export { cadencePatterns, upsertCadence } from './schedulers.js';
