/** The sandbox, driven by the official SDKs exactly as commitline drives the real services. */
import { createServer } from 'node:http';
import { LinearClient } from '@linear/sdk';
import { LinearWebhookClient } from '@linear/sdk/webhooks';
import { APIErrorCode, Client, isNotionClientError } from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      >('mutation { issueCreate(input: { title: "Ship passkeys" }) { success issue { id } } }');
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
});
