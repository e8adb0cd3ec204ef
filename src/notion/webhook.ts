/**
 * Notion's webhooks, read for the route: the one-time verification request, the signature
 * (`X-Notion-Signature`, checked by the SDK's own verifier against the subscription's
 * verification token), and which page an event is about.
 */
import { timingSafeEqual } from 'node:crypto';
import { verifyWebhookSignature } from '@notionhq/client';
import { z } from 'zod';
import type { NotionEventReader } from '../http/notion-webhook.js';

/**
 * Events that can change what a quarter page or weekly row says: comments (signing, grading,
 * checkpoint notes; a deleted signature unsigns), the page body (the commitments) and properties
 * (the Excused box).
 */
const PAGE_EVENTS = new Set([
  'comment.created',
  'comment.updated',
  'comment.deleted',
  'page.content_updated',
  'page.properties_updated',
]);

const verification = z.object({ verification_token: z.string().min(1) });
const event = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  entity: z.looseObject({ id: z.string(), type: z.string() }),
  data: z.looseObject({ page_id: z.string().optional() }).optional(),
});

export function createNotionEventReader(options: { secret?: string | undefined }): NotionEventReader {
  return {
    verificationToken(body) {
      const parsed = verification.safeParse(body);
      return parsed.success && !(typeof body === 'object' && body !== null && 'type' in body)
        ? parsed.data.verification_token
        : undefined;
    },
    async verify(rawBody, signature) {
      if (!options.secret || !signature) return false;
      return verifyWebhookSignature({ body: rawBody, signature, verificationToken: options.secret });
    },
    holds(token) {
      const secret = Buffer.from(options.secret ?? '');
      const given = Buffer.from(token);
      return secret.length > 0 && secret.length === given.length && timingSafeEqual(secret, given);
    },
    pageEvent(body) {
      const parsed = event.safeParse(body);
      if (!parsed.success || !PAGE_EVENTS.has(parsed.data.type)) return undefined;
      const { entity, data } = parsed.data;
      // A comment event's entity is the comment; the page it sits on is in data.page_id.
      const pageId = entity.type === 'page' ? entity.id : data?.page_id;
      return pageId ? { eventId: parsed.data.id, type: parsed.data.type, pageId } : undefined;
    },
  };
}
