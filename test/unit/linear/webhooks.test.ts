import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { LinearApi } from '../../../src/linear/client.js';
import {
  COMMITLINE_WEBHOOK_STATUS,
  commitlineWebhookStatus,
  findCommitlineWebhook,
  type LinearWebhookNode,
  webhookStatusLines,
} from '../../../src/linear/webhooks.js';

// Linear's published schema (MIT, from @linear/sdk; see test/fixtures/linear/README.md), kept with the sandbox.
const schema = buildSchema(
  readFileSync(new URL('../../../src/sandbox/linear-schema.graphql', import.meta.url), 'utf8'),
);

const hook = (overrides: Partial<LinearWebhookNode>): LinearWebhookNode => ({
  id: 'hook-1',
  url: 'https://commitline.acme.dev/webhooks/linear',
  label: 'commitline',
  enabled: true,
  resourceTypes: ['Issue'],
  ...overrides,
});
const other = hook({
  id: 'ci',
  url: 'https://ci.acme.dev/hooks/linear',
  label: 'CI',
  resourceTypes: ['Issue'],
});

describe('when setup looks for commitline’s webhook in Linear', () => {
  it('should ask Linear for a field set its schema has, with an explicit page size', () => {
    expect(validate(schema, parse(COMMITLINE_WEBHOOK_STATUS)).map((e) => e.message)).toEqual([]);
    expect(COMMITLINE_WEBHOOK_STATUS).toMatch(/webhooks\(first: \d+\)/);
    expect(COMMITLINE_WEBHOOK_STATUS).not.toMatch(/secret/);
  });

  it.each([
    { when: 'one delivers Issue events', hooks: [other, hook({})], state: 'ready' },
    { when: 'it is found by its path, whatever its label', hooks: [hook({ label: null })], state: 'ready' },
    {
      when: 'it is found by its label, behind a proxy path',
      hooks: [hook({ url: 'https://proxy.acme.dev/in/42' })],
      state: 'ready',
    },
    {
      when: 'a trailing slash ends its URL',
      hooks: [hook({ url: 'https://c.acme.dev/webhooks/linear/' })],
      state: 'ready',
    },
    { when: 'the only one is disabled', hooks: [hook({ enabled: false })], state: 'disabled' },
    {
      when: 'it sends comments only',
      hooks: [hook({ resourceTypes: ['Comment'] })],
      state: 'no-issue-events',
    },
    { when: 'the workspace has only others', hooks: [other], state: 'none' },
    { when: 'the workspace has none', hooks: [], state: 'none' },
    {
      when: 'a disabled one sits beside an enabled one',
      hooks: [hook({ id: 'old', enabled: false }), hook({ id: 'new' })],
      state: 'ready',
    },
  ])('should say $state when $when', ({ hooks, state }) => {
    expect(commitlineWebhookStatus(hooks).state).toBe(state);
  });

  it('should tell what to do when there is none, naming --webhook-url and the secret it prints', () => {
    const [line, fix] = webhookStatusLines(commitlineWebhookStatus([other]));
    expect(line).toBe('✗ Linear: no webhook for commitline');
    expect(fix).toContain('--webhook-url https://<your commitline host>/webhooks/linear');
    expect(fix).toContain('LINEAR_WEBHOOK_SECRET');
  });

  it('should say how many it looked through when Linear has more', async () => {
    const api: LinearApi = {
      request: async <T>() => ({ webhooks: { nodes: [other], pageInfo: { hasNextPage: true } } }) as T,
    };
    const status = await findCommitlineWebhook(api);
    expect(status).toEqual({ state: 'none', looked: 1, more: true });
    expect(webhookStatusLines(status)[0]).toBe(
      '✗ Linear: no webhook for commitline among the first 1 of this workspace',
    );
  });

  it('should say where it delivers when it is there', () => {
    expect(webhookStatusLines(commitlineWebhookStatus([hook({})]))).toEqual([
      '✓ Linear: webhook for commitline at https://commitline.acme.dev/webhooks/linear (Issue events)',
    ]);
  });
});
