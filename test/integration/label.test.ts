import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../src/config/env.js';
import type { TeamConfig } from '../../src/config/team.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { productionVisibleLabel } from '../../src/runtime/label.js';
import { createSandbox, SANDBOX_LINEAR_KEY } from '../../src/sandbox/sandbox.js';

const sandbox = createSandbox({});
let linearApiUrl: string;
const lines: string[] = [];
const logger = createLogger({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
const team = { label: 'production-visible' } as TeamConfig;
const context = (env: Record<string, string>) => ({
  env: readEnv(env),
  team,
  logger,
  metrics: createMetrics(),
});

beforeAll(async () => {
  ({ linearApiUrl } = await sandbox.listen(0));
});
afterAll(() => sandbox.close());

describe('when the API starts with a Linear key', () => {
  it('should know the production-visible label’s id before any delivery names it', async () => {
    const label = sandbox.linear.addLabel('Production-Visible');
    const known = await productionVisibleLabel(
      context({ LINEAR_API_KEY: SANDBOX_LINEAR_KEY, LINEAR_API_URL: linearApiUrl }),
    );
    expect(known).toEqual({ name: 'production-visible', ids: new Set([label.id]) });
  });

  it('should start anyway, knowing no id, when Linear refuses the key', async () => {
    lines.length = 0;
    const known = await productionVisibleLabel(
      context({ LINEAR_API_KEY: 'lin_api_wrong', LINEAR_API_URL: linearApiUrl }),
    );
    expect(known.ids.size).toBe(0);
    expect(lines.join('')).toContain('could not look the label up in Linear');
    expect(lines.join('')).not.toContain('lin_api_wrong');
  });

  it('should not ask Linear at all without a key', async () => {
    lines.length = 0;
    const known = await productionVisibleLabel(context({ LINEAR_API_URL: 'http://127.0.0.1:1/graphql' }));
    expect(known.ids.size).toBe(0);
    expect(lines).toEqual([]);
  });
});
