/**
 * runProgram turns every failure into an exit code and one line for people: typed Linear and
 * Notion errors with their fix, anything else with its message, the stack only at LOG_LEVEL=debug.
 * Each case is a command that fails the way a real one does, run through the program builder.
 */
import { readFile } from 'node:fs/promises';
import { Client } from '@notionhq/client';
import type { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commands } from '../../../src/cli/commands/index.js';
import { COMMAND_ENVIRONMENT } from '../../../src/cli/environment.js';
import { parsePort, parsePositiveNumber, parseWebhookUrl } from '../../../src/cli/options.js';
import { buildProgram, packageVersion } from '../../../src/cli/program.js';
import { VARIABLES } from '../../../src/config/variables.js';
import { LinearApiError } from '../../../src/linear/errors.js';
import { NotionApiError } from '../../../src/notion/errors.js';
import { type CliRun, runCommands } from '../../helpers/cli.js';

const STACK = /\n\s+at /;

/** What a Notion SDK call throws when Notion answers `status` with `code`: the SDK's own error. */
async function notionSdkError(status: number, code: string, message: string): Promise<unknown> {
  const client = new Client({
    auth: 'ntn_test',
    retry: false,
    logger: () => {},
    fetch: async () =>
      new Response(JSON.stringify({ object: 'error', status, code, message, request_id: 'r' }), {
        status,
        headers: { 'content-type': 'application/json' },
      }),
  });
  return client.databases
    .create({ parent: { type: 'page_id', page_id: '59833787-2cf9-4fdf-8782-e53db20768a5' }, title: [] })
    .catch((error: unknown) => error);
}

function failWith(error: unknown, logLevel?: string): Promise<CliRun> {
  const register = (program: Command) => {
    program.command('fail').action(async () => {
      throw error;
    });
  };
  return runCommands([register], ['fail'], { logLevel });
}

beforeEach(() => {
  process.exitCode = undefined;
});
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

describe('when a command fails with a typed error', () => {
  it.each([
    {
      case: 'Linear refusing the key',
      error: new LinearApiError(
        'authentication',
        'Authentication required, not authenticated',
        undefined,
        400,
      ),
      line: 'commitline: Linear refused the API key (Authentication required, not authenticated): check LINEAR_API_KEY',
    },
    {
      case: 'Linear unreachable',
      error: new LinearApiError('network', 'fetch failed'),
      line: 'commitline: Linear could not be reached (fetch failed): check the network, and LINEAR_API_URL if it is set',
    },
    {
      case: 'Notion refusing the token',
      error: new NotionApiError('unauthorized', 'API token is invalid.', 401),
      line: 'commitline: Notion refused the token (API token is invalid.): check NOTION_TOKEN',
    },
    {
      case: 'Notion missing a capability',
      error: new NotionApiError('restricted', 'Insufficient permissions for this endpoint.', 403),
      line: 'at https://www.notion.so/profile/integrations → your integration → Capabilities',
    },
    {
      case: 'Notion not finding the page',
      error: new NotionApiError('not-found', 'Could not find page with ID: x.', 404),
      line: 'share the parent page with the integration',
    },
  ])('should print $case as one line with the fix, and exit 1', async ({ error, line }) => {
    const { code, stdout, stderr } = await failWith(error);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(line);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(STACK);
  });

  it('should translate the Notion SDK’s own 403 and name where to turn capabilities on', async () => {
    const raw = await notionSdkError(
      403,
      'restricted_resource',
      'Insufficient permissions for this endpoint.',
    );
    expect((raw as Error).name).toBe('APIResponseError');
    const { code, stderr } = await failWith(raw);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^commitline: Notion refused: the integration lacks a capability \(Insufficient permissions for this endpoint\.\): turn on .*Insert content.* at https:\/\/www\.notion\.so\/profile\/integrations/,
    );
    expect(stderr).not.toMatch(STACK);
  });

  it('should print the message of commitline’s own typed errors as it is', async () => {
    const error = Object.assign(
      new Error('The Notion database “Weekly baseline” has “Shipped” of another type'),
      {
        code: 'schema',
      },
    );
    const { code, stderr } = await failWith(error);
    expect(code).toBe(1);
    expect(stderr).toBe('commitline: The Notion database “Weekly baseline” has “Shipped” of another type\n');
  });
});

describe('when a command fails with an error nobody explained', () => {
  it('should print its message, offer LOG_LEVEL=debug, and exit 1 without a stack', async () => {
    const { code, stderr } = await failWith(new Error('something broke\nsecond line'));
    expect(code).toBe(1);
    expect(stderr).toBe('commitline: something broke (LOG_LEVEL=debug shows where it failed)\n');
  });

  it('should show the stack at LOG_LEVEL=debug', async () => {
    const { code, stderr } = await failWith(new Error('something broke'), 'debug');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^commitline: something broke\nError: something broke\n\s+at /);
  });

  it('should show the stack of a typed error at LOG_LEVEL=debug too, after its line', async () => {
    const { stderr } = await failWith(new LinearApiError('network', 'fetch failed'), 'debug');
    expect(stderr.split('\n')[0]).toContain('Linear could not be reached');
    expect(stderr).toMatch(STACK);
  });
});

describe('when option values are parsed', () => {
  it.each(['0', '4010', '65535'])('should accept the port %s', (value) => {
    expect(parsePort(value)).toBe(Number(value));
  });

  it.each(['abc', '-1', '65536', '1.5', '', '12abc'])('should refuse the port "%s"', (value) => {
    expect(() => parsePort(value)).toThrow('expected a port number from 0 to 65535.');
  });

  it.each(['3', '0.5', '60'])('should accept the rate %s', (value) => {
    expect(parsePositiveNumber(value)).toBe(Number(value));
  });

  it.each(['abc', '0', '-3', 'Infinity', 'NaN', ''])('should refuse the rate "%s"', (value) => {
    expect(() => parsePositiveNumber(value)).toThrow('expected a number above 0');
  });

  it.each([
    'https://commitline.example.com/webhooks/linear',
    'http://localhost:3000/webhooks/linear',
    'http://127.0.0.1:3000/webhooks/linear',
  ])('should accept the webhook URL %s', (url) => {
    expect(parseWebhookUrl(url)).toBe(url);
  });

  it.each([
    ['http://commitline.example.com/webhooks/linear', 'expected an https:// URL'],
    ['http://localhost.example.com/webhooks/linear', 'expected an https:// URL'],
    ['https://commitline.example.com/webhooks/notion', 'the route …/webhooks/linear'],
    ['https://commitline.example.com/webhooks/linear?x=1', 'the route …/webhooks/linear'],
    ['not a url', 'expected the public URL of the route'],
  ])('should refuse the webhook URL %s', (url, message) => {
    expect(() => parseWebhookUrl(url)).toThrow(message);
  });
});

describe('when an option value is not what the command needs', () => {
  it.each([
    { args: ['sandbox', '--port', 'abc'], option: '--port' },
    { args: ['sandbox', '--port', '70000'], option: '--port' },
    { args: ['sandbox', '--rate', 'abc'], option: '--rate' },
    { args: ['sandbox', '--rate', '0'], option: '--rate' },
    { args: ['demo', '--rate', 'abc'], option: '--rate' },
    { args: ['demo', '--rate', '-5'], option: '--rate' },
  ])('should exit 2 naming $option for `$args`', async ({ args, option }) => {
    const { code, stderr } = await runCommands(commands.slice(), args);
    expect(code).toBe(2);
    expect(stderr).toContain(`option '${option} <`);
    expect(stderr).toContain('is invalid');
    expect(stderr).not.toMatch(STACK);
  });

  it.each([
    'http://commitline.example.com/webhooks/linear',
    'ftp://commitline.example.com/webhooks/linear',
    'https://commitline.example.com/webhooks/notion',
    'commitline.example.com/webhooks/linear',
  ])('should refuse --webhook-url %s with exit 2, before calling anything', async (url) => {
    const { code, stderr } = await runCommands(commands.slice(), [
      'setup',
      '--skip-notion',
      '--webhook-url',
      url,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain("option '--webhook-url <url>'");
    expect(stderr).toContain('https://');
    expect(stderr).not.toMatch(STACK);
  });
});

describe('when someone asks which commitline this is', () => {
  it.each(['--version', '-V'])(
    'should print the version of package.json for %s, and exit 0',
    async (flag) => {
      const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as {
        version: string;
      };
      const { code, stdout } = await runCommands(commands.slice(), [flag]);
      expect(code).toBe(0);
      expect(stdout).toBe(`${pkg.version}\n`);
      expect(packageVersion()).toBe(pkg.version);
    },
  );
});

describe('when someone asks a command for --help', () => {
  const program = buildProgram(commands);
  const names = program.commands.map((c) => c.name());

  it('should know the environment of every command', () => {
    expect(names.filter((n) => !COMMAND_ENVIRONMENT[n])).toEqual([]);
  });

  it.each(names)(
    'should list the environment variables `%s` reads, each one commitline knows',
    async (name) => {
      const { code, stdout } = await runCommands(commands.slice(), [name, '--help']);
      expect(code).toBe(0);
      expect(stdout).toContain('\nEnvironment:\n');
      const section = stdout.slice(stdout.indexOf('\nEnvironment:\n'));
      const listed = [...section.matchAll(/^ {2}([A-Z][A-Z_]+) /gm)].map((m) => m[1]);
      expect(listed).toEqual(COMMAND_ENVIRONMENT[name]);
      for (const variable of listed) expect(Object.keys(VARIABLES)).toContain(variable);
    },
  );

  it('should give the default of a variable that has one', async () => {
    const { stdout } = await runCommands(commands.slice(), ['serve', '--help']);
    expect(stdout).toMatch(/^ {2}REDIS_URL +Redis for queues, .*\(default redis:\/\/127\.0\.0\.1:6379\)$/m);
    expect(stdout).toMatch(/^ {2}PORT +port of the HTTP server \(default 3000\)$/m);
  });

  it('should list the variables a worker needs, WORKER_PORT among them, and none only the API reads', async () => {
    const { stdout } = await runCommands(commands.slice(), ['worker', '--help']);
    expect(stdout).toMatch(/^ {2}WORKER_PORT /m);
    expect(stdout).not.toMatch(/^ {2}LINEAR_WEBHOOK_SECRET /m);
  });
});
