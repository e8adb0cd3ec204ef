import type { Logger } from '../observability/logger.js';

/**
 * Resolves once SIGTERM or SIGINT has been received and `close` has finished. A second signal
 * while closing exits at once, for the operator who really means it.
 */
export function untilStopped(logger: Logger, close: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let closing = false;
    const stop = (signal: NodeJS.Signals) => {
      if (closing) {
        logger.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      closing = true;
      logger.info({ signal }, 'shutting down: no new work, finishing what is running');
      close()
        .catch((error: unknown) => logger.error({ err: error }, 'error while shutting down'))
        .finally(() => {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
          logger.info('stopped');
          resolve();
        });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
