import type { Command } from 'commander';
import { buildApiServer } from '../../runtime/api.js';
import { startContext } from '../../runtime/context.js';
import { productionVisibleLabel } from '../../runtime/label.js';
import { untilStopped } from '../../runtime/lifecycle.js';
import { assertPortsAvailable, opsPortUse } from '../../runtime/port-check.js';
import { startWorkerProcess, type WorkerProcess } from '../../runtime/worker-process.js';
import { RECOMPUTE_REQUIRES } from '../environment.js';

/** The workers' readiness: running, or why not (the start's own reason is reported beside it). */
function workersReadiness(worker: WorkerProcess) {
  return {
    name: 'workers',
    check: async () => worker.workers.running() || { ok: false as const, reason: 'not started yet' },
  };
}

/** `commitline worker`: the workers and schedulers, with health and metrics on WORKER_PORT. */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('Run the workers and the cadence schedulers (scale apart from `api`).')
    .action(async () => {
      const context = await startContext(process.env, 'worker', { require: RECOMPUTE_REQUIRES });
      // Before Redis and the workers: a port in use is said at once, naming the variable.
      await assertPortsAvailable([
        {
          port: context.env.workerPort,
          host: context.env.host,
          variable: 'WORKER_PORT',
          defaultsTo: 'PORT + 1',
          purpose: "the worker's health and metrics",
        },
      ]);
      const worker = await startWorkerProcess(context);
      // Health, readiness and metrics only: webhooks go to `commitline api`.
      const operations = buildApiServer({
        ...context,
        readiness: [workersReadiness(worker)],
        webhooks: false,
      });
      await operations.ready();
      await operations.listen({ opsPort: context.env.workerPort, host: context.env.host });
      await untilStopped(context.logger, async () => {
        await operations.close();
        await worker.close();
      });
    });
}

/** `commitline serve`: API and workers in one process; what `npm start` runs. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the webhook API and the workers in one process.')
    .action(async () => {
      const context = await startContext(process.env, 'serve', { require: RECOMPUTE_REQUIRES });
      await assertPortsAvailable([
        { port: context.env.port, host: context.env.host, variable: 'PORT', purpose: 'the webhook API' },
        opsPortUse(context.env),
      ]);
      if (context.env.linearWebhookSecrets.length === 0) {
        context.logger.warn(
          'LINEAR_WEBHOOK_SECRET is not set: every Linear delivery will be refused with 401',
        );
      }
      const worker = await startWorkerProcess(context);
      const api = buildApiServer({
        ...context,
        label: await productionVisibleLabel(context),
        readiness: [workersReadiness(worker)],
        notionReader: worker.notionReader,
        // The workers' start has just waited for Redis. When they are not running (Redis down, or
        // a credential refused), a moment is enough for the API's own connection, then it listens.
        ...(worker.workers.running() ? {} : { redisWaitMs: 500 }),
      });
      await api.ready();
      await api.listen({ port: context.env.port, opsPort: context.env.opsPort, host: context.env.host });
      await untilStopped(context.logger, async () => {
        await api.close();
        await worker.close();
      });
    });
}
