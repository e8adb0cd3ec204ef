import { createServer, type Server } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerApi } from '../../../src/cli/commands/api.js';
import { registerServe, registerWorker } from '../../../src/cli/commands/worker.js';
import { assertPortsAvailable, PortUnavailableError } from '../../../src/runtime/port-check.js';
import { runCommands } from '../../helpers/cli.js';

const TEAM = new URL('../../../config/team.example.yaml', import.meta.url).pathname;

let busy: Server;
let port: number;

beforeEach(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  port = (busy.address() as { port: number }).port;
  process.exitCode = undefined;
});
afterEach(async () => {
  vi.unstubAllEnvs();
  process.exitCode = undefined;
  await new Promise((resolve) => busy.close(resolve));
});

describe('when the port is in use', () => {
  it('should throw a typed error naming the port and the variable to change', async () => {
    const error = await assertPortsAvailable([
      { port, host: '127.0.0.1', variable: 'PORT', purpose: 'the webhook API' },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortUnavailableError);
    expect(error).toMatchObject({ code: 'port-unavailable', port, variable: 'PORT', reason: 'EADDRINUSE' });
    expect((error as Error).message).toBe(
      `port ${port} (PORT) is already in use on 127.0.0.1, so the webhook API cannot listen: stop what uses it, or set PORT to a free port`,
    );
  });

  it('should let go of a free port, so the server can listen there right after', async () => {
    await new Promise((resolve) => busy.close(resolve));
    await assertPortsAvailable([{ port, host: '127.0.0.1', variable: 'PORT', purpose: 'the webhook API' }]);
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(port, '127.0.0.1', resolve));
    expect((busy.address() as { port: number }).port).toBe(port);
  });

  it.each([
    { command: 'api', register: registerApi, variable: 'PORT', env: (p: number) => ({ PORT: String(p) }) },
    {
      command: 'serve',
      register: registerServe,
      variable: 'PORT',
      env: (p: number) => ({ PORT: String(p) }),
    },
    {
      command: 'worker',
      register: registerWorker,
      variable: 'WORKER_PORT',
      env: (p: number) => ({ WORKER_PORT: String(p) }),
    },
  ])('should stop `$command` with one line naming $variable, before connecting to Redis', async (c) => {
    // Nothing listens on the Redis port: a command that got that far would wait for it, not fail.
    const env = {
      REDIS_URL: 'redis://127.0.0.1:1',
      HOST: '127.0.0.1',
      COMMITLINE_CONFIG: TEAM,
      LINEAR_API_KEY: 'lin_api_test',
      NOTION_TOKEN: 'ntn_test',
      ...c.env(port),
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const started = Date.now();
    const { code, stdout, stderr } = await runCommands([c.register], [c.command]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `commitline: port ${port} (${c.variable === 'WORKER_PORT' ? 'WORKER_PORT, default PORT + 1' : 'PORT'}) is already in use on 127.0.0.1, so ${c.command === 'worker' ? "the worker's health and metrics" : 'the webhook API'} cannot listen: stop what uses it, or set ${c.variable} to a free port\n`,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
