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

/**
 * Notion's verification token (`secret_…`: letters, digits and `_`), bounded: it is kept for the
 * operator to paste, so nothing longer or stranger is ever stored.
 */
const VERIFICATION_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

/** A verification token as it arrived, kept for `commitline doctor` to show. */
export interface VerificationReceipt {
  token: string;
  /** When it arrived (ISO 8601). */
  at: string;
  /** The address it came from. */
  from: string;
}

export interface NotionWebhookOptions {
  reader: NotionEventReader;
  intake: Intake;
  metrics: Metrics;
  enqueueTimeoutMs: number;
  /**
   * Whether a verification token may be received: only while no NOTION_WEBHOOK_SECRET is set.
   * Once it is, an unsigned request can no longer change what the operator is shown.
   */
  acceptVerification: boolean;
  /** Keeps the verification token where the operator can read it (`commitline doctor`). */
  onVerificationToken: (receipt: VerificationReceipt) => Promise<void>;
  now?: () => Date;
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
      if (reader.holds(token)) {
        request.log.info(
          'Notion sent the webhook verification token again: NOTION_WEBHOOK_SECRET already holds it',
        );
        count('verification');
        return reply.code(200).send({ status: 'verification token already configured' });
      }
      if (!options.acceptVerification) {
        request.log.warn(
          { from: request.ip },
          'a Notion verification request came while NOTION_WEBHOOK_SECRET is set: not kept. For a new subscription, unset NOTION_WEBHOOK_SECRET, restart, and let Notion send its token again',
        );
        return refuse(reply, 403, 'verification_refused', 'NOTION_WEBHOOK_SECRET is already set');
      }
      if (!VERIFICATION_TOKEN.test(token)) {
        return refuse(
          reply,
          400,
          'verification_refused',
          'verification_token is not a Notion token (letters, digits and _, at most 256)',
        );
      }
      const receipt = { token, at: (options.now?.() ?? new Date()).toISOString(), from: request.ip };
      try {
        await withTimeout(options.onVerificationToken(receipt), options.enqueueTimeoutMs);
      } catch (error) {
        request.log.error({ err: error }, 'could not keep the Notion verification token');
        return refuse(reply, 503, 'unavailable', 'could not keep the verification token, retry');
      }
      request.log.warn(
        { from: request.ip },
        'Notion sent a webhook verification token: run `commitline doctor` to read it, paste it into Notion, and set NOTION_WEBHOOK_SECRET to it',
      );
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
