/**
 * Notion webhook events, shaped and signed as Notion sends them (2025-09-03), to each subscribed
 * URL: a comment's event names its page and where it sits (the page or a block), a content edit
 * names the blocks it touched, a property edit the properties.
 */
import { randomUUID } from 'node:crypto';
import { signWebhookPayload } from '@notionhq/client';

export type NotionEventType = 'page.content_updated' | 'page.properties_updated' | 'comment.created';

export interface NotionEvent {
  type: NotionEventType;
  pageId: string;
  authorId: string;
  /** comment.created: the comment, and the block it is on when inline. */
  commentId?: string;
  blockId?: string;
  /** page.content_updated: the blocks changed. */
  updatedBlocks?: string[];
  /** page.properties_updated: the ids of the properties changed. */
  updatedProperties?: string[];
  /** Where the page sits: its parent page, or the data source of its database. */
  parent?: { id: string; type: 'page' | 'database' | 'space'; dataSourceId?: string } | undefined;
  /** When it happened (the sandbox's clock). */
  at?: Date;
}

export interface NotionSubscription {
  url: string;
  verificationToken: string;
}

export function notionEventBody(event: NotionEvent): string {
  const comment = event.type === 'comment.created';
  const parent = event.parent
    ? {
        id: event.parent.id,
        type: event.parent.type,
        ...(event.parent.dataSourceId ? { data_source_id: event.parent.dataSourceId } : {}),
      }
    : { id: randomUUID(), type: 'space' };
  return JSON.stringify({
    id: randomUUID(),
    timestamp: (event.at ?? new Date()).toISOString(),
    workspace_id: randomUUID(),
    workspace_name: 'Sandbox',
    subscription_id: randomUUID(),
    integration_id: randomUUID(),
    type: event.type,
    authors: [{ id: event.authorId, type: 'person' }],
    attempt_number: 1,
    entity: comment
      ? { id: event.commentId ?? randomUUID(), type: 'comment' }
      : { id: event.pageId, type: 'page' },
    data: comment
      ? {
          page_id: event.pageId,
          parent: event.blockId ? { id: event.blockId, type: 'block' } : { id: event.pageId, type: 'page' },
        }
      : event.type === 'page.content_updated'
        ? { parent, updated_blocks: (event.updatedBlocks ?? []).map((id) => ({ id, type: 'block' })) }
        : { parent, updated_properties: event.updatedProperties ?? [] },
  });
}

/** Signs and posts one event; answers the receiver's status (0 when it could not be reached). */
export async function sendNotionEvent(
  options: NotionEvent & { url: string; verificationToken: string },
): Promise<number> {
  const body = notionEventBody(options);
  const signature = await signWebhookPayload({ body, verificationToken: options.verificationToken });
  try {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-notion-signature': signature },
      body,
    });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}

/** The first call Notion makes to a new subscription's URL: the token, unsigned. */
export async function sendVerification(url: string, verificationToken: string): Promise<number> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verification_token: verificationToken }),
    });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}
