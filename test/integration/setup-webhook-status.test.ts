/**
 * `commitline setup` without --webhook-url, against the sandbox's Linear: it says whether Linear
 * already delivers Issue events to commitline, and what to do when it does not.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerSetup } from '../../src/cli/commands/setup.js';
import { createSandbox, SANDBOX_LINEAR_KEY, type Sandbox } from '../../src/sandbox/sandbox.js';
import { runCommands } from '../helpers/cli.js';

let sandbox: Sandbox;
let linearApiUrl: string;

beforeAll(async () => {
  sandbox = createSandbox({});
  ({ linearApiUrl } = await sandbox.listen(0));
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const setup = (...args: string[]) => {
  vi.stubEnv('LINEAR_API_KEY', SANDBOX_LINEAR_KEY);
  vi.stubEnv('LINEAR_API_URL', linearApiUrl);
  vi.stubEnv('COMMITLINE_CONFIG', '/nonexistent/team.yaml');
  return runCommands([registerSetup], ['setup', '--skip-notion', ...args]);
};

describe('when setup runs without --webhook-url', () => {
  it('should say there is no webhook for commitline yet, and how to register one', async () => {
    const { code, stdout } = await setup();
    expect(code).toBe(0);
    expect(stdout).toContain('✗ Linear: no webhook for commitline\n');
    expect(stdout).toContain(
      'Run setup again with --webhook-url https://<your commitline host>/webhooks/linear',
    );
    expect(sandbox.linear.webhooks.size).toBe(0);
  });

  it('should say where it delivers once one is registered', async () => {
    const registered = await setup('--webhook-url', 'http://127.0.0.1:3000/webhooks/linear');
    expect(registered.code).toBe(0);
    const { code, stdout } = await setup();
    expect(code).toBe(0);
    expect(stdout).toContain(
      '✓ Linear: webhook for commitline at http://127.0.0.1:3000/webhooks/linear (Issue events)',
    );
    expect(stdout).not.toContain('LINEAR_WEBHOOK_SECRET=');
  });
});
