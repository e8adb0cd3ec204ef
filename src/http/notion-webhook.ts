import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DeliveryOutcome, Metrics } from '../observability/metrics.js';
import type { Intake } from '../queue/intake.js';
import { WEBHOOK_BODY_LIMIT } from './linear-webhook.js';
import { withTimeout } from './timeout.js';
import { webhookErrorHandler } from './webhook-errors.js';

/** What the route needs to know about Notion's webhooks; implemented in src/notion. */
export interface NotionEventReader {
  /** The one-time `{ verification_token }` request of a new subscription, or undefined. */
  verificationToken(body: unknown): string | undefined;
  verify(rawBody: Buffer, signature: string | undefined): Promise<boolean>;
  /** Whether NOTION_WEBHOOK_SECRET is already this verification token. */
  holds(token: string): boolean;
  /** The page an event is about, when the event can change a quarter page or weekly row. */
  pageEvent(body: unknown): { eventId: string; type: string; pageId: string } | undefined;
}

export interface NotionWebhookOptions {
  reader: NotionEventReader;
  intake: Intake;
  metrics: Metrics;
  enqueueTimeoutMs: number;
  /** Keeps the verification token where the operator can read it (`commitline doctor`). */
  onVerificationToken: (token: string) => Promise<void>;
}

/** POST /webhooks/notion: the subscription handshake, then verified events → a refresh of that page. */
export async function notionWebhook(app: FastifyInstance, options: NotionWebhookOptions): Promise<void> {
  const { reader, intake, metrics } = options;
  const count = (outcome: DeliveryOutcome) => metrics.deliveries.inc({ source: 'notion', outcome });
  const refuse = (reply: FastifyReply, status: number, outcome: DeliveryOutcome, error: string) => {
    count(outcome);
    return reply.code(status).send({ error });
  };

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) => {
    done(null, body);
  });
  app.setErrorHandler(webhookErrorHandler('Notion', refuse));

  app.post('/webhooks/notion', async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const header = request.headers['x-notion-signature'];
    const signature = typeof header === 'string' && header.length > 0 ? header : undefined;
    const parse = (): { ok: true; body: unknown } | { ok: false } => {
      try {
        return { ok: true, body: JSON.parse(raw.toString('utf8')) };
      } catch {
        return { ok: false };
      }
    };

    // Only the subscription's one-time verification request comes unsigned (there is no token
    // to sign with yet); everything else is verified on the raw bytes before it is parsed.
    if (!signature) {
      const parsed = parse();
      if (!parsed.ok) return refuse(reply, 400, 'bad_request', 'body is not JSON');
      const token = reader.verificationToken(parsed.body);
      if (token === undefined) return refuse(reply, 401, 'unauthorized', 'missing X-Notion-Signature');
      try {
        await withTimeout(options.onVerificationToken(token), options.enqueueTimeoutMs);
      } catch (error) {
        request.log.error({ err: error }, 'could not keep the Notion verification token');
        return refuse(reply, 503, 'unavailable', 'could not keep the verification token, retry');
      }
      if (reader.holds(token)) {
        request.log.info(
          'Notion sent the webhook verification token again: NOTION_WEBHOOK_SECRET already holds it',
        );
      } else {
        request.log.warn(
          'Notion sent a webhook verification token: run `commitline doctor` to read it, paste it into Notion, and set NOTION_WEBHOOK_SECRET to it',
        );
      }
      count('verification');
      return reply.code(200).send({ status: 'verification token received' });
    }

    if (!(await reader.verify(raw, signature))) {
      return refuse(reply, 401, 'unauthorized', 'wrong X-Notion-Signature');
    }
    const parsed = parse();
    if (!parsed.ok) return refuse(reply, 400, 'bad_request', 'body is not JSON');
    const body = parsed.body;

    const event = reader.pageEvent(body);
    if (!event) {
      count('ignored');
      return reply.code(200).send({ status: 'ignored' });
    }
    try {
      await withTimeout(intake.enqueueNotionEvent(event), options.enqueueTimeoutMs);
    } catch (error) {
      request.log.error(
        { err: error, eventId: event.eventId },
        'could not enqueue a Notion event; answering 503',
      );
      return refuse(reply, 503, 'unavailable', 'queue unavailable, retry later');
    }
    count('enqueued');
    return reply.code(200).send({ status: 'enqueued' });
  });
}
