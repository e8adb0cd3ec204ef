/** Notion webhook events, signed as Notion signs them, sent to commitline's route. */
import { randomUUID } from 'node:crypto';
import { signWebhookPayload } from '@notionhq/client';

export type NotionEventType = 'page.content_updated' | 'page.properties_updated' | 'comment.created';

export async function sendNotionEvent(options: {
  url: string;
  verificationToken: string;
  type: NotionEventType;
  pageId: string;
  authorId: string;
  commentId?: string;
}): Promise<number> {
  const comment = options.type === 'comment.created';
  const body = JSON.stringify({
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    workspace_id: randomUUID(),
    workspace_name: 'Sandbox',
    subscription_id: randomUUID(),
    integration_id: randomUUID(),
    type: options.type,
    authors: [{ id: options.authorId, type: 'person' }],
    attempt_number: 1,
    entity: comment
      ? { id: options.commentId ?? randomUUID(), type: 'comment' }
      : { id: options.pageId, type: 'page' },
    data: comment
      ? { page_id: options.pageId, parent: { id: options.pageId, type: 'page' } }
      : { parent: { id: randomUUID(), type: 'database' } },
  });
  const signature = await signWebhookPayload({ body, verificationToken: options.verificationToken });
  const response = await fetch(options.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-notion-signature': signature },
    body,
  });
  await response.body?.cancel();
  return response.status;
}
