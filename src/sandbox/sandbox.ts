/**
 * A local stand-in for Linear and Notion, for the demo and the end-to-end tests: the official
 * SDKs reach it through LINEAR_API_URL (…/graphql) and NOTION_API_URL (…/notion), and nothing in
 * commitline knows it is not the real service.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { type Fault, FaultQueue } from './faults.js';
import { linearRoutes } from './linear-routes.js';
import { LinearStore } from './linear-store.js';
import { notionRoutes } from './notion-routes.js';
import { NotionStore } from './notion-store.js';
import { TokenBucket } from './token-bucket.js';

export const SANDBOX_LINEAR_KEY = 'lin_api_sandbox';
export const SANDBOX_NOTION_TOKEN = 'ntn_sandbox';

export interface Sandbox {
  app: FastifyInstance;
  linear: LinearStore;
  notion: NotionStore;
  faults: FaultQueue;
  /** Notion's requests per second; the demo raises it, and says so. */
  setNotionRate(perSecond: number): void;
  listen(port?: number, host?: string): Promise<{ linearApiUrl: string; notionApiUrl: string; port: number }>;
  close(): Promise<void>;
}

export function createSandbox(
  options: { notionRatePerSecond?: number; linearApiKey?: string; notionToken?: string } = {},
): Sandbox {
  const linear = new LinearStore();
  const notion = new NotionStore();
  const faults = new FaultQueue();
  const bucket = new TokenBucket(options.notionRatePerSecond ?? 3);
  const app = Fastify({ logger: false });
  app.register(linearRoutes, { store: linear, apiKey: options.linearApiKey ?? SANDBOX_LINEAR_KEY, faults });
  app.register(notionRoutes, {
    prefix: '/notion',
    store: notion,
    token: options.notionToken ?? SANDBOX_NOTION_TOKEN,
    bucket,
    faults,
  });
  app.post('/_sandbox/faults', async (request) => {
    faults.inject(request.body as Fault);
    return { injected: true };
  });
  return {
    app,
    linear,
    notion,
    faults,
    setNotionRate(perSecond) {
      bucket.setRate(perSecond);
    },
    async listen(port = 0, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      return {
        port: actual,
        linearApiUrl: `http://${host}:${actual}/graphql`,
        notionApiUrl: `http://${host}:${actual}/notion`,
      };
    },
    close: () => app.close(),
  };
}
