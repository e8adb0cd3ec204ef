import { signWebhookPayload } from '@notionhq/client';
import { describe, expect, it } from 'vitest';
import { createNotionEventReader } from '../../../src/notion/webhook.js';

const SECRET = 'secret_notion_verification_token';
const PAGE_ID = '59833787-2cf9-4fdf-8782-e53db20768a5';
const COMMENT_ID = '1c2d3e4f-0000-4000-8000-000000000001';
const reader = createNotionEventReader({ secret: SECRET });

const event = (type: string, entity: { id: string; type: string }, data: Record<string, unknown> = {}) => ({
  id: 'f1e2d3c4-0000-4000-8000-000000000009',
  timestamp: '2026-11-25T10:00:00.000Z',
  workspace_id: '0a0b0c0d-0000-4000-8000-000000000000',
  subscription_id: '0e0f0a0b-0000-4000-8000-000000000000',
  integration_id: '0c0d0e0f-0000-4000-8000-000000000000',
  type,
  authors: [{ id: 'ee5f0f84-409a-440f-983a-a5315961c6e4', type: 'person' }],
  attempt_number: 1,
  entity,
  data,
});

describe('when Notion sends the subscription’s verification request', () => {
  it('should hand back the verification token', () => {
    expect(reader.verificationToken({ verification_token: SECRET })).toBe(SECRET);
  });

  it('should tell a token NOTION_WEBHOOK_SECRET already holds from a new one', () => {
    expect(reader.holds(SECRET)).toBe(true);
    expect(reader.holds('secret_new_subscription_token')).toBe(false);
    expect(createNotionEventReader({}).holds('')).toBe(false);
  });

  it.each([
    { case: 'an event', body: event('page.content_updated', { id: PAGE_ID, type: 'page' }) },
    { case: 'an empty token', body: { verification_token: '' } },
    { case: 'not an object', body: 'verification_token' },
  ])('should not mistake $case for it', ({ body }) => {
    expect(reader.verificationToken(body)).toBeUndefined();
  });
});

describe('when a delivery’s signature is checked', () => {
  const raw = Buffer.from(JSON.stringify(event('page.content_updated', { id: PAGE_ID, type: 'page' })));

  it('should accept Notion’s signature over the raw bytes', async () => {
    const signature = await signWebhookPayload({ body: raw, verificationToken: SECRET });
    expect(await reader.verify(raw, signature)).toBe(true);
  });

  it.each([
    { case: 'no signature', signature: async () => undefined },
    {
      case: 'a signature made with another token',
      signature: () => signWebhookPayload({ body: raw, verificationToken: 'other' }),
    },
    { case: 'a malformed signature', signature: async () => 'sha256=zz' },
  ])('should refuse $case', async ({ signature }) => {
    expect(await reader.verify(raw, await signature())).toBe(false);
  });

  it('should refuse everything while no secret is configured', async () => {
    const signature = await signWebhookPayload({ body: raw, verificationToken: SECRET });
    expect(await createNotionEventReader({}).verify(raw, signature)).toBe(false);
  });
});

describe('when an event is read for the page it is about', () => {
  it.each([
    { type: 'page.content_updated', entity: { id: PAGE_ID, type: 'page' }, data: {} },
    {
      type: 'page.properties_updated',
      entity: { id: PAGE_ID, type: 'page' },
      data: {
        updated_properties: ['abc'],
        parent: { id: 'd9824bdc-8445-4327-be8b-5b47500af6ce', type: 'database' },
      },
    },
    {
      type: 'comment.created',
      entity: { id: COMMENT_ID, type: 'comment' },
      data: { page_id: PAGE_ID, parent: { id: PAGE_ID, type: 'page' } },
    },
    {
      type: 'comment.deleted',
      entity: { id: COMMENT_ID, type: 'comment' },
      data: { page_id: PAGE_ID, parent: { id: 'b1b2b3b4-0000-4000-8000-000000000000', type: 'block' } },
    },
  ])('should find the page of $type', ({ type, entity, data }) => {
    expect(reader.pageEvent(event(type, entity, data))).toEqual({
      eventId: 'f1e2d3c4-0000-4000-8000-000000000009',
      type,
      pageId: PAGE_ID,
    });
  });

  it.each([
    {
      case: 'an event that cannot change a page',
      body: event('database.schema_updated', { id: PAGE_ID, type: 'database' }),
    },
    {
      case: 'a comment event without its page',
      body: event('comment.created', { id: COMMENT_ID, type: 'comment' }),
    },
    { case: 'a body that is not an event', body: { hello: 'world' } },
  ])('should ignore $case', ({ body }) => {
    expect(reader.pageEvent(body)).toBeUndefined();
  });
});
