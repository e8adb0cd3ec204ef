/** The sandbox, driven by the official SDKs exactly as commitline drives the real services. */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { LinearClient } from '@linear/sdk';
import { LinearWebhookClient } from '@linear/sdk/webhooks';
import { APIErrorCode, Client, isNotionClientError } from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTeamFile } from '../../src/config/load.js';
import type { TeamConfig } from '../../src/config/team.js';
import { DOCUMENTS } from '../../src/linear/documents.js';
import { createLinearApi, createLinearDirectory } from '../../src/linear/index.js';
import { createNotionEventReader, listUsersByEmail } from '../../src/notion/index.js';
import {
  createSandbox,
  SANDBOX_LINEAR_KEY,
  SANDBOX_NOTION_TOKEN,
  type Sandbox,
} from '../../src/sandbox/sandbox.js';

let sandbox: Sandbox;
let urls: Awaited<ReturnType<Sandbox['listen']>>;

beforeAll(async () => {
  sandbox = createSandbox({ notionRatePerSecond: 1_000 });
  urls = await sandbox.listen(0);
});
afterAll(() => sandbox.close());

const notion = (auth = SANDBOX_NOTION_TOKEN) =>
  new Client({ auth, baseUrl: urls.notionApiUrl, retry: false });
const codeOf = (error: unknown) => (isNotionClientError(error) ? error.code : String(error));

describe('when the Linear SDK talks to the sandbox', () => {
  it('should page through issues filtered as commitline filters them', async () => {
    const ana = sandbox.linear.addUser({ name: 'Ana', email: 'ana@sandbox.test' });
    const label = sandbox.linear.addLabel('production-visible');
    for (let i = 0; i < 5; i++) {
      const issue = await sandbox.linear.addIssue({
        title: `Change ${i}`,
        assigneeId: ana.id,
        labelIds: [label.id],
      });
      if (i < 4) await sandbox.linear.completeIssue(issue.id);
    }
    const client = new LinearClient({ apiKey: SANDBOX_LINEAR_KEY, apiUrl: urls.linearApiUrl });
    const query = `query($after: String) { issues(first: 3, after: $after, filter: { assignee: { id: { eq: "${ana.id}" } }, labels: { some: { name: { eqIgnoreCase: "PRODUCTION-VISIBLE" } } }, state: { type: { eq: "completed" } } }) { nodes { identifier completedAt } pageInfo { hasNextPage endCursor } } }`;
    type Page = {
      issues: { nodes: { identifier: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    };
    const first = await client.client.rawRequest<Page, Record<string, unknown>>(query, { after: null });
    expect(first.data?.issues.nodes).toHaveLength(3);
    expect(first.data?.issues.pageInfo.hasNextPage).toBe(true);
    const second = await client.client.rawRequest<Page, Record<string, unknown>>(query, {
      after: first.data?.issues.pageInfo.endCursor,
    });
    expect(second.data?.issues.nodes).toHaveLength(1);
    expect(second.data?.issues.pageInfo.hasNextPage).toBe(false);
  });

  it('should hide an archived issue from lists unless asked to include archived ones, as Linear does', async () => {
    const bo = sandbox.linear.addUser({ name: 'Bo', email: 'bo@sandbox.test' });
    const issue = await sandbox.linear.addIssue({ title: 'Archived change', assigneeId: bo.id });
    await sandbox.linear.completeIssue(issue.id);
    const client = new LinearClient({ apiKey: SANDBOX_LINEAR_KEY, apiUrl: urls.linearApiUrl });
    // Through the SDK's own mutation, as a person archiving it in Linear would.
    const archived = await client.archiveIssue(issue.id);
    expect(archived.success).toBe(true);
    const list = (includeArchived: boolean) =>
      client.client.rawRequest<
        { issues: { nodes: { archivedAt: string | null }[] } },
        Record<string, unknown>
      >(
        `query($include: Boolean) { issues(first: 10, includeArchived: $include, filter: { assignee: { id: { eq: "${bo.id}" } } }) { nodes { archivedAt } } }`,
        { include: includeArchived },
      );
    expect((await list(false)).data?.issues.nodes).toEqual([]);
    const all = (await list(true)).data?.issues.nodes ?? [];
    expect(all).toHaveLength(1);
    expect(all[0]?.archivedAt).toEqual(expect.any(String));
  });

  it('should refuse a wrong key the way Linear does', async () => {
    const client = new LinearClient({ apiKey: 'lin_api_wrong', apiUrl: urls.linearApiUrl });
    await expect(client.client.rawRequest('query { viewer { id } }')).rejects.toMatchObject({
      type: 'AuthenticationError',
    });
  });

  it('should refuse pages larger than Linear allows', async () => {
    const client = new LinearClient({ apiKey: SANDBOX_LINEAR_KEY, apiUrl: urls.linearApiUrl });
    await expect(
      client.client.rawRequest('query { issues(first: 500) { nodes { id } } }'),
    ).rejects.toMatchObject({ type: 'InvalidInput' });
  });
});

describe('when issues change in the sandbox', () => {
  it('should sign and send Issue webhooks to registered URLs, as Linear does', async () => {
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const address = receiver.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/webhooks/linear`;
    try {
      const client = new LinearClient({ apiKey: SANDBOX_LINEAR_KEY, apiUrl: urls.linearApiUrl });
      await client.client.rawRequest(
        'mutation($url: String!) { webhookCreate(input: { url: $url, secret: "whsec_sandbox", resourceTypes: ["Issue"], allPublicTeams: true }) { success } }',
        { url },
      );
      const done = sandbox.linear.state('completed');
      const created = await client.client.rawRequest<
        { issueCreate: { issue: { id: string } } },
        Record<string, unknown>
      >(
        'mutation($team: String!) { issueCreate(input: { title: "Ship passkeys", teamId: $team }) { success issue { id } } }',
        {
          team: sandbox.linear.team.id,
        },
      );
      await client.client.rawRequest(
        'mutation($id: String!, $state: String!) { issueUpdate(id: $id, input: { stateId: $state }) { success } }',
        {
          id: created.data?.issueCreate.issue.id,
          state: done.id,
        },
      );
      expect(received).toHaveLength(2);
      const verifier = new LinearWebhookClient('whsec_sandbox');
      const update = received[1];
      const payload = verifier.parseData(
        Buffer.from(update?.body ?? ''),
        String(update?.headers['linear-signature']),
      ) as {
        action: string;
        data: { completedAt: string | null };
        updatedFrom: Record<string, unknown>;
      };
      expect(payload.action).toBe('update');
      expect(payload.data.completedAt).not.toBeNull();
      expect(payload.updatedFrom).toHaveProperty('stateId');
      expect(update?.headers['linear-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      receiver.close();
    }
  });
});

describe('when the Notion SDK talks to the sandbox', () => {
  it('should create a database with its data source, and query pages back', async () => {
    const parent = sandbox.notion.addPage('Parent');
    const database = await notion().databases.create({
      parent: { type: 'page_id', page_id: parent.id },
      title: [{ type: 'text', text: { content: 'Things' } }],
      initial_data_source: { properties: { Name: { title: {} }, Done: { checkbox: {} } } },
    });
    const dataSourceId = 'data_sources' in database ? database.data_sources[0]?.id : undefined;
    expect(dataSourceId).toBeDefined();
    await notion().pages.create({
      parent: { type: 'data_source_id', data_source_id: dataSourceId as string },
      properties: { Name: { title: [{ text: { content: 'One' } }] }, Done: { checkbox: true } },
    });
    const result = await notion().dataSources.query({
      data_source_id: dataSourceId as string,
      filter: { property: 'Done', checkbox: { equals: true } },
    });
    expect(result.results).toHaveLength(1);
    expect(result.results[0]).toMatchObject({
      object: 'page',
      parent: { type: 'data_source_id', data_source_id: dataSourceId },
    });
  });

  it('should refuse more than 100 blocks in one append, and rich text over 2,000 characters', async () => {
    const page = sandbox.notion.addPage('Limits');
    const paragraph = (content: string) => ({ paragraph: { rich_text: [{ text: { content } }] } });
    const tooMany = await notion()
      .blocks.children.append({
        block_id: page.id,
        children: Array.from({ length: 101 }, () => paragraph('x')),
      })
      .catch(codeOf);
    expect(tooMany).toBe(APIErrorCode.ValidationError);
    const tooLong = await notion()
      .blocks.children.append({ block_id: page.id, children: [paragraph('x'.repeat(2_001))] })
      .catch(codeOf);
    expect(tooLong).toBe(APIErrorCode.ValidationError);
  });

  it('should answer 429 with Retry-After past its rate, and a wrong token with 401', async () => {
    sandbox.setNotionRate(2);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        notion()
          .users.me({})
          .then(() => 'ok', codeOf),
      ),
    );
    sandbox.setNotionRate(1_000);
    expect(results).toContain(APIErrorCode.RateLimited);
    expect(await notion('ntn_wrong').users.me({}).catch(codeOf)).toBe(APIErrorCode.Unauthorized);
  });

  it('should inject the faults it is asked for, then answer normally', async () => {
    sandbox.faults.inject({ service: 'notion', status: 502, count: 1 });
    expect(
      await notion()
        .users.me({})
        .catch((e: unknown) => (isNotionClientError(e) && 'status' in e ? e.status : e)),
    ).toBe(502);
    expect((await notion().users.me({})).object).toBe('user');
  });

  it('should answer an injected 401 as a refused token, in each service’s own words', async () => {
    sandbox.faults.inject({ service: 'notion', status: 401, count: 1 });
    expect(await notion().users.me({}).catch(codeOf)).toBe(APIErrorCode.Unauthorized);
    sandbox.faults.inject({ service: 'linear', status: 401, count: 1 });
    const refused = await graphql('query { viewer { id } }');
    expect(refused.status).toBe(401);
    expect(JSON.stringify(refused.body)).toContain('AUTHENTICATION_ERROR');
  });
});

/** Posts a raw GraphQL document, to read Linear's status and error body as they come. */
async function graphql(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(urls.linearApiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: SANDBOX_LINEAR_KEY },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      data?: unknown;
      errors?: { message: string; extensions: Record<string, unknown> }[];
    },
  };
}

describe('when a document is not one Linear would run', () => {
  const client = () => new LinearClient({ apiKey: SANDBOX_LINEAR_KEY, apiUrl: urls.linearApiUrl });

  it('should answer an unknown field with a 400 validation error, not null', async () => {
    const { status, body } = await graphql('query { viewer { id nickname } }');
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toContain('Cannot query field "nickname" on type "User".');
    expect(body.errors?.[0]).toMatchObject({
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', type: 'graphql error', userError: true },
    });
    await expect(client().client.rawRequest('query { viewer { id nickname } }')).rejects.toMatchObject({
      type: 'GraphqlError',
    });
  });

  it('should refuse an unknown filter comparator by schema validation', async () => {
    const { status, body } = await graphql(
      'query { issues(first: 10, filter: { completedAt: { after: "2026-10-01" } }) { nodes { id } } }',
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toContain('"after"');
    expect(body.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('should refuse a query over 10,000 complexity points, counting connections by their first (50 when unset)', async () => {
    // 250 issues × (1 + 50 labels × 1.1) = 14,000 points: labels has no `first`, so 50.
    const tooComplex = 'query { issues(first: 250) { nodes { labels { nodes { id } } } } }';
    const { status, body } = await graphql(tooComplex);
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({
      message: 'Query too complex',
      extensions: {
        code: 'INPUT_ERROR',
        type: 'invalid input',
        userPresentableMessage:
          'The query is too complex. Complexity: 14000. Maximum allowed complexity: 10000.',
      },
    });
    await expect(client().client.rawRequest(tooComplex)).rejects.toMatchObject({ type: 'InvalidInput' });
    // The same with labels(first: 10) is 250 × (1 + 10 × 1.1) = 3,000: run.
    const bounded = await graphql(
      'query { issues(first: 250) { nodes { labels(first: 10) { nodes { id } } } } }',
    );
    expect(bounded.status).toBe(200);
  });

  it('should run every document commitline sends, each well under the limit', async () => {
    const hook = { id: randomUUID(), url: 'http://127.0.0.1:9/webhooks/linear', secret: 's', enabled: true };
    sandbox.linear.webhooks.set(hook.id, { ...hook, resourceTypes: ['Issue'], label: 'commitline' });
    const variables = {
      assigneeId: sandbox.linear.viewer.id,
      label: 'production-visible',
      from: '2026-09-28T00:00:00.000Z',
      to: '2026-10-05T00:00:00.000Z',
      after: null,
      name: 'production-visible',
      emails: ['nobody@sandbox.test'],
      ids: [sandbox.linear.viewer.id],
      id: hook.id,
      url: 'http://127.0.0.1:9/webhooks/linear',
      secret: 'whsec_sandbox',
    };
    for (const [name, document] of Object.entries(DOCUMENTS)) {
      const response = await fetch(urls.linearApiUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: SANDBOX_LINEAR_KEY },
        body: JSON.stringify({ query: document, variables }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      expect({ name, status: response.status, errors: body.errors }).toEqual({
        name,
        status: 200,
        errors: undefined,
      });
      expect(Number(response.headers.get('x-complexity'))).toBeLessThan(1_000);
    }
  });

  it('should name a field the schema has but the sandbox does not emulate, instead of answering null', async () => {
    const { status, body } = await graphql('query { issues(first: 1) { nodes { id estimate } } }');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toBe('The sandbox does not emulate Issue.estimate.');
  });
});

describe('when a Notion request is not one Notion would take', () => {
  const status = (error: unknown) =>
    isNotionClientError(error) && 'status' in error ? { status: error.status, code: error.code } : error;

  it('should refuse another Notion-Version, and a missing one, with 400', async () => {
    const old = new Client({
      auth: SANDBOX_NOTION_TOKEN,
      baseUrl: urls.notionApiUrl,
      notionVersion: '2022-06-28',
      retry: false,
    });
    expect(await old.users.me({}).catch(status)).toEqual({ status: 400, code: APIErrorCode.ValidationError });
    const response = await fetch(`${urls.notionApiUrl}/v1/users/me`, {
      headers: { authorization: `Bearer ${SANDBOX_NOTION_TOKEN}` },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      object: 'error',
      status: 400,
      code: 'missing_version',
      message:
        'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.',
    });
  });

  it('should refuse page_size over 100 with validation_error, in the query string and in a body', async () => {
    expect(await notion().users.list({ page_size: 101 }).catch(status)).toEqual({
      status: 400,
      code: APIErrorCode.ValidationError,
    });
    const parent = sandbox.notion.addPage('Sizes');
    const database = await notion().databases.create({
      parent: { type: 'page_id', page_id: parent.id },
      title: [{ type: 'text', text: { content: 'Sized' } }],
      initial_data_source: { properties: { Name: { title: {} } } },
    });
    const dataSourceId = 'data_sources' in database ? (database.data_sources[0]?.id ?? '') : '';
    expect(
      await notion().dataSources.query({ data_source_id: dataSourceId, page_size: 101 }).catch(status),
    ).toEqual({
      status: 400,
      code: APIErrorCode.ValidationError,
    });
    expect((await notion().dataSources.query({ data_source_id: dataSourceId, page_size: 100 })).object).toBe(
      'list',
    );
  });

  it('should answer a route Notion does not have with 400 invalid_request_url in Notion’s error shape', async () => {
    const error = await notion()
      .request({ path: 'workspaces', method: 'get' })
      .catch((e: unknown) => e);
    expect(status(error)).toEqual({ status: 400, code: APIErrorCode.InvalidRequestURL });
    const response = await fetch(`${urls.notionApiUrl}/v1/nothing/here`, {
      headers: { authorization: `Bearer ${SANDBOX_NOTION_TOKEN}`, 'notion-version': '2025-09-03' },
    });
    expect(await response.json()).toMatchObject({
      object: 'error',
      status: 400,
      code: 'invalid_request_url',
      message: 'Invalid request URL.',
    });
  });

  it('should refuse a malformed id with validation_error, and take an id without dashes', async () => {
    expect(await notion().pages.retrieve({ page_id: 'not-a-page' }).catch(status)).toEqual({
      status: 400,
      code: APIErrorCode.ValidationError,
    });
    expect(await notion().comments.list({ block_id: '1234' }).catch(status)).toEqual({
      status: 400,
      code: APIErrorCode.ValidationError,
    });
    const page = sandbox.notion.addPage('Undashed');
    const retrieved = await notion().pages.retrieve({ page_id: page.id.replace(/-/g, '') });
    expect(retrieved.id).toBe(page.id);
  });
});

describe('when the sandbox is started with a team file', () => {
  let team: Sandbox;
  let teamUrls: Awaited<ReturnType<Sandbox['listen']>>;
  let config: TeamConfig;
  const events: { body: string; signature: string | undefined }[] = [];
  let receiver: Server;
  let receiverUrl = '';
  const reader = createNotionEventReader({ secret: 'secret_sandbox_events' });

  beforeAll(async () => {
    config = await loadTeamFile('config/team.example.yaml');
    team = createSandbox({ notionRatePerSecond: 1_000, team: config });
    teamUrls = await team.listen(0);
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const signature = req.headers['x-notion-signature'];
        events.push({ body, signature: typeof signature === 'string' ? signature : undefined });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const address = receiver.address();
    receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/webhooks/notion`;
  });
  afterAll(async () => {
    receiver.close();
    await team.close();
  });

  const emails = () => [...config.managers, ...config.roster].map((p) => p.notion.email ?? '');
  const teamNotion = () =>
    new Client({ auth: SANDBOX_NOTION_TOKEN, baseUrl: teamUrls.notionApiUrl, retry: false });
  const control = async (path: string, body?: unknown) => {
    const response = await fetch(`${teamUrls.controlUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** The events received since `from`, verified as commitline's receiver verifies them. */
  const eventsSince = async (from: number) => {
    const out: Record<string, unknown>[] = [];
    for (const e of events.slice(from)) {
      if (!e.signature) continue; // the unsigned handshake
      expect(await reader.verify(Buffer.from(e.body), e.signature)).toBe(true);
      out.push(JSON.parse(e.body) as Record<string, unknown>);
    }
    return out;
  };

  it('should find every roster person in Linear by email, as commitline’s directory looks them up', async () => {
    const directory = createLinearDirectory(
      createLinearApi({ apiKey: SANDBOX_LINEAR_KEY, apiUrl: teamUrls.linearApiUrl }),
    );
    const found = await directory.userIdsByEmail(emails());
    expect([...found.keys()].sort()).toEqual([...emails()].sort());
    const viewer = await directory.viewer();
    expect([...found.values()]).not.toContain(viewer.id);
  });

  it('should list every roster person as a Notion person with their email, and never the bot', async () => {
    const client = teamNotion();
    const found = await listUsersByEmail(client, emails());
    expect([...found.keys()].sort()).toEqual([...emails()].sort());
    const me = await client.users.me({});
    expect([...found.values()]).not.toContain(me.id);
    const listed = await client.users.list({});
    const persons = listed.results.filter((u) => u.type === 'person');
    expect(persons.map((u) => u.name).sort()).toEqual(['Ana Ruiz', 'Ben Adeyemi', 'Chen Wei', 'Maya Okafor']);
    const people = await control('/people');
    expect(
      (people.body.people as { email: string; role: string }[]).map((p) => `${p.role}:${p.email}`),
    ).toContain('manager:maya@example.com');
  });

  it('should answer the verification handshake, then sign each event with the token', async () => {
    const from = events.length;
    const subscribed = await control('/notion/webhooks', {
      url: receiverUrl,
      verification_token: 'secret_sandbox_events',
    });
    expect(subscribed.body).toMatchObject({
      verification_token: 'secret_sandbox_events',
      handshake_status: 200,
    });
    expect(JSON.parse(events[from]?.body ?? '{}')).toEqual({ verification_token: 'secret_sandbox_events' });
  });

  it('should let a person comment on a page and inline on a block, each listed where Notion lists it', async () => {
    const page = team.notion.addPage('Ana — 2026-Q4');
    const block = team.notion.addParagraph(page.id, 'Ship passkeys on web', team.notion.bot.id);
    const from = events.length;
    const onPage = await control('/notion/comments', {
      as: 'ana@example.com',
      page_id: page.id,
      text: 'I commit to these as of 5 October',
    });
    expect(onPage.status).toBe(200);
    const inline = await control('/notion/comments', {
      as: 'MAYA@example.com',
      block_id: block.id,
      text: 'Which browsers?',
    });
    const reply = await control('/notion/comments', {
      as: 'ana@example.com',
      discussion_id: inline.body.discussion_id,
      text: 'Chrome and Safari',
    });
    const client = teamNotion();
    const pageComments = await client.comments.list({ block_id: page.id });
    expect(pageComments.results.map((c) => c.id)).toEqual([onPage.body.id]);
    expect(pageComments.results[0]).toMatchObject({
      parent: { type: 'page_id', page_id: page.id },
      created_by: { id: team.people.find('ana@example.com')?.notionUserId },
    });
    const blockComments = await client.comments.list({ block_id: block.id });
    expect(blockComments.results.map((c) => c.id)).toEqual([inline.body.id, reply.body.id]);
    expect(blockComments.results[1]).toMatchObject({
      parent: { type: 'block_id', block_id: block.id },
      discussion_id: inline.body.discussion_id,
      created_by: { id: team.people.find('ana@example.com')?.notionUserId },
    });
    const received = await eventsSince(from);
    expect(received.map((e) => e.type)).toEqual(['comment.created', 'comment.created', 'comment.created']);
    expect(received[1]).toMatchObject({
      entity: { id: inline.body.id, type: 'comment' },
      data: { page_id: page.id, parent: { id: block.id, type: 'block' } },
    });
    expect(reader.pageEvent(received[0])).toMatchObject({ type: 'comment.created', pageId: page.id });
  });

  it('should post inline comments and replies through the Notion API too', async () => {
    const page = team.notion.addPage('Inline');
    const block = team.notion.addParagraph(page.id, 'Grading table', team.notion.bot.id);
    const client = teamNotion();
    const inline = await client.comments.create({
      parent: { block_id: block.id },
      rich_text: [{ text: { content: 'A note on the table' } }],
    });
    const reply = await client.comments.create({
      discussion_id: 'discussion_id' in inline ? inline.discussion_id : '',
      rich_text: [{ text: { content: 'And an answer' } }],
    });
    expect('parent' in reply && reply.parent).toEqual({ type: 'block_id', block_id: block.id });
    expect((await client.comments.list({ block_id: page.id })).results).toEqual([]);
    expect((await client.comments.list({ block_id: block.id })).results).toHaveLength(2);
  });

  it('should let a person edit a block, recorded as theirs to the minute, and tell the webhook', async () => {
    const page = team.notion.addPage('Ben — 2026-Q4');
    const block = team.notion.addParagraph(
      page.id,
      'Move logs to Datadog',
      team.people.find('ben')?.notionUserId ?? '',
    );
    const from = events.length;
    const edited = await control(`/notion/blocks/${block.id}/text`, {
      as: 'maya@example.com',
      text: 'Move logs to Datadog by W45',
    });
    expect(edited.status).toBe(200);
    const retrieved = await teamNotion().blocks.retrieve({ block_id: block.id });
    expect(retrieved).toMatchObject({
      last_edited_by: { id: team.people.find('maya@example.com')?.notionUserId },
      paragraph: { rich_text: [{ plain_text: 'Move logs to Datadog by W45' }] },
    });
    expect('last_edited_time' in retrieved && retrieved.last_edited_time).toMatch(/:00\.000Z$/);
    const received = await eventsSince(from);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      type: 'page.content_updated',
      entity: { id: page.id, type: 'page' },
      data: { updated_blocks: [{ id: block.id, type: 'block' }] },
      authors: [{ id: team.people.find('maya@example.com')?.notionUserId, type: 'person' }],
    });
  });

  it('should let an engineer write their commitments into the page’s list', async () => {
    const page = team.notion.addPage('Chen — 2026-Q4');
    team.notion.addParagraph(page.id, 'placeholder', team.notion.bot.id);
    const list = team.notion.textBlock('numbered_list_item', '', page.id, team.notion.bot.id);
    team.notion.blocks.set(list.id, list);
    page.children.push(list.id);
    const written = await control(`/notion/pages/${page.id}/commitments`, {
      as: 'chen@example.com',
      items: ['Hire two backend engineers', 'Land the service-decomposition RFC'],
    });
    expect(written.status).toBe(200);
    const blocks = await teamNotion().blocks.children.list({ block_id: page.id });
    const items = blocks.results.filter((b) => 'type' in b && b.type === 'numbered_list_item');
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ last_edited_by: { id: team.people.find('chen')?.notionUserId } });
  });

  it('should let a person tick Excused on their weekly row, with the properties event', async () => {
    const parent = team.notion.addPage('Weeks');
    const database = await teamNotion().databases.create({
      parent: { type: 'page_id', page_id: parent.id },
      title: [{ type: 'text', text: { content: 'Weekly baseline' } }],
      initial_data_source: {
        properties: {
          Name: { title: {} },
          Week: { rich_text: {} },
          'Engineer key': { rich_text: {} },
          Excused: { checkbox: {} },
        },
      },
    });
    const dataSourceId = 'data_sources' in database ? (database.data_sources[0]?.id ?? '') : '';
    const row = await teamNotion().pages.create({
      parent: { type: 'data_source_id', data_source_id: dataSourceId },
      properties: {
        Name: { title: [{ text: { content: 'Ben — 2026-W45' } }] },
        Week: { rich_text: [{ text: { content: '2026-W45' } }] },
        'Engineer key': { rich_text: [{ text: { content: 'ben' } }] },
        Excused: { checkbox: false },
      },
    });
    const from = events.length;
    const ticked = await control('/notion/excused', { as: 'ben@example.com', week: '2026-W45' });
    expect(ticked.status).toBe(200);
    const after = await teamNotion().pages.retrieve({ page_id: row.id });
    expect(after).toMatchObject({
      properties: { Excused: { checkbox: true } },
      last_edited_by: { id: team.people.find('ben')?.notionUserId },
    });
    const received = await eventsSince(from);
    expect(received).toMatchObject([
      { type: 'page.properties_updated', entity: { id: row.id }, data: { parent: { type: 'database' } } },
    ]);
  });

  it('should let a person ship and reopen an issue, each with Linear’s signed webhook', async () => {
    const deliveries: string[] = [];
    const linearReceiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        deliveries.push(`${String(req.headers['linear-signature'])} ${body}`);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => linearReceiver.listen(0, '127.0.0.1', resolve));
    const address = linearReceiver.address();
    try {
      await createLinearDirectory(
        createLinearApi({ apiKey: SANDBOX_LINEAR_KEY, apiUrl: teamUrls.linearApiUrl }),
      ).createWebhook({
        url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/webhooks/linear`,
        secret: 'whsec_team',
        label: 'commitline',
      });
      const created = await control('/linear/issues', { as: 'ana@example.com', title: 'Passkeys on web' });
      expect(created.body).toMatchObject({ state: 'unstarted', assignee: 'ana@example.com', labels: [] });
      const shipped = await control(`/linear/issues/${String(created.body.identifier)}/ship`, {});
      expect(shipped.body).toMatchObject({ state: 'completed', labels: ['production-visible'] });
      const reopened = await control(`/linear/issues/${String(created.body.id)}/reopen`, {});
      expect(reopened.body).toMatchObject({ state: 'started', completedAt: null });
      const verifier = new LinearWebhookClient('whsec_team');
      const parsed = deliveries.map((d) => {
        const at = d.indexOf(' ');
        return verifier.parseData(Buffer.from(d.slice(at + 1)), d.slice(0, at)) as {
          action: string;
          data: { completedAt: string | null; assigneeId: string; state: { type: string } };
        };
      });
      expect(parsed.map((p) => `${p.action}:${p.data.state.type}`)).toEqual([
        'create:unstarted',
        'update:completed',
        'update:started',
      ]);
      expect(parsed[1]?.data.completedAt).not.toBeNull();
      expect(parsed[1]?.data.assigneeId).toBe(team.people.find('ana')?.linearUserId);
    } finally {
      linearReceiver.close();
    }
  });

  it('should refuse to act as somebody who is not in the sandbox', async () => {
    const page = team.notion.addPage('Nobody');
    const refused = await control('/notion/comments', {
      as: 'eve@example.com',
      page_id: page.id,
      text: 'Hi',
    });
    expect(refused.status).toBe(404);
    expect(String(refused.body.error)).toContain('eve@example.com');
    expect(team.notion.comments.filter((c) => c.pageId === page.id)).toEqual([]);
  });
});
