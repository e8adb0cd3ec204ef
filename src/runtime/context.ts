/** What every long-running commitline process starts from: validated config, a logger, metrics. */
import { type Config, type LoadOptions, loadConfig } from '../config/load.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { createDependencyMonitor, type DependencyMonitor } from './readiness.js';

export interface ProcessContext extends Config {
  logger: Logger;
  metrics: Metrics;
  /**
   * What this process depends on, checked in the background: the workers add Linear and Notion,
   * the API reports them on /readyz. Shared so `serve` (both in one process) reports both.
   */
  dependencies?: DependencyMonitor;
}

export async function startContext(
  processEnv: Record<string, string | undefined>,
  name: string,
  /** Variables the command cannot run without: reported with every other configuration problem. */
  options: LoadOptions = {},
): Promise<ProcessContext> {
  const config = await loadConfig(processEnv, options);
  const logger = createLogger({ level: config.env.logLevel }).child({ process: name });
  return { ...config, logger, metrics: createMetrics(), dependencies: createDependencyMonitor({ logger }) };
}
