import type { Command } from 'commander';
import { notionEventReader } from '../../runtime/adapters.js';
import { buildApiServer } from '../../runtime/api.js';
import { startContext } from '../../runtime/context.js';
import { productionVisibleLabel } from '../../runtime/label.js';
import { untilStopped } from '../../runtime/lifecycle.js';
import { assertPortsAvailable, opsPortUse } from '../../runtime/port-check.js';

/** `commitline api`: the webhook receiver and operations endpoints, without workers. */
export function registerApi(program: Command): void {
  program
    .command('api')
    .description('Receive Linear and Notion webhooks and enqueue them (scale apart from `worker`).')
    .action(async () => {
      const context = await startContext(process.env, 'api');
      const { env, logger } = context;
      // Before Redis and the label lookup: a port in use is said at once, naming PORT.
      await assertPortsAvailable([
        { port: env.port, host: env.host, variable: 'PORT', purpose: 'the webhook API' },
        opsPortUse(env),
      ]);
      if (env.linearWebhookSecrets.length === 0) {
        logger.warn('LINEAR_WEBHOOK_SECRET is not set: every Linear delivery will be refused with 401');
      }
      const api = buildApiServer({
        ...context,
        label: await productionVisibleLabel(context),
        notionReader: notionEventReader(env),
      });
      await api.ready();
      await api.listen({ port: env.port, opsPort: env.opsPort, host: env.host });
      await untilStopped(logger, () => api.close());
    });
}
