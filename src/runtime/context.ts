/** What every long-running commitline process starts from: validated config, a logger, metrics. */
import { type Config, loadConfig } from '../config/load.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';

export interface ProcessContext extends Config {
  logger: Logger;
  metrics: Metrics;
}

export async function startContext(
  processEnv: Record<string, string | undefined>,
  name: string,
): Promise<ProcessContext> {
  const config = await loadConfig(processEnv);
  const logger = createLogger({ level: config.env.logLevel }).child({ process: name });
  return { ...config, logger, metrics: createMetrics() };
}
