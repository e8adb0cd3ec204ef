import type { FastifyInstance, FastifyReply } from 'fastify';
import type { LinearWebhookVerifier } from '../linear/index.js';
import {
  affectedKeys,
  isRelevant,
  type LabelKnowledge,
  labelIdsNamed,
  parseDelivery,
} from '../linear/index.js';
import type { DeliveryOutcome, Metrics } from '../observability/metrics.js';
import type { Intake } from '../queue/intake.js';
import { withTimeout } from './timeout.js';
import { webhookErrorHandler } from './webhook-errors.js';

export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** The shape of a `Linear-Delivery` header: a UUID, in either case. */
const DELIVERY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface LinearWebhookOptions {
  verifier: LinearWebhookVerifier;
  /** The production-visible label; `ids` grows as deliveries name it. */
  label: { name: string; ids: Set<string> };
  intake: Intake;
  metrics: Metrics;
  /** Linear gives up after 5 s: answer 503 well before that if the enqueue hangs. */
  enqueueTimeoutMs: number;
}

/**
 * POST /webhooks/linear: verify the raw bytes, validate, drop what cannot matter, enqueue, answer.
 * Nothing slow happens here: the truth is read from Linear later, by a worker.
 */
export async function linearWebhook(app: FastifyInstance, options: LinearWebhookOptions): Promise<void> {
  const { verifier, label, intake, metrics } = options;
  const count = (outcome: DeliveryOutcome) => metrics.deliveries.inc({ source: 'linear', outcome });
  const refuse = (
    reply: FastifyReply,
    status: number,
    outcome: DeliveryOutcome,
    error: string,
    extra = {},
  ) => {
    count(outcome);
    return reply.code(status).send({ error, ...extra });
  };

  // The raw body is kept on this route only: the signature is over the exact bytes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) => {
    done(null, body);
  });

  app.setErrorHandler(webhookErrorHandler('Linear', refuse));

  app.post('/webhooks/linear', async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const signature = request.headers['linear-signature'];
    const verified = verifier.verify(raw, typeof signature === 'string' ? signature : undefined);
    if (!verified.ok) {
      return verified.reason === 'not_json'
        ? refuse(reply, 400, 'bad_request', 'body is not JSON')
        : refuse(reply, 401, 'unauthorized', 'missing, wrong or stale signature');
    }

    const header = request.headers['linear-delivery'];
    if (typeof header !== 'string' || header.length === 0) {
      return refuse(reply, 400, 'bad_delivery_id', 'missing Linear-Delivery header');
    }
    // Linear names each delivery with a UUID; anything else is not Linear's, and must never reach
    // the queue as a job id.
    if (!DELIVERY_ID.test(header)) {
      return refuse(reply, 400, 'bad_delivery_id', 'Linear-Delivery is not a UUID');
    }
    const deliveryId = header.toLowerCase();

    const parsed = parseDelivery(verified.body);
    if (parsed.kind === 'invalid') {
      return refuse(reply, 400, 'bad_request', `invalid ${parsed.field}: ${parsed.message}`, {
        field: parsed.field,
      });
    }
    if (parsed.kind === 'other') {
      count('ignored');
      return reply.code(200).send({ status: 'ignored' });
    }

    const { event } = parsed;
    for (const id of labelIdsNamed(event, label.name)) label.ids.add(id);
    if (!isRelevant(event, label as LabelKnowledge)) {
      count('ignored');
      return reply.code(200).send({ status: 'ignored' });
    }

    try {
      await withTimeout(
        intake.enqueueLinearEvent({
          deliveryId,
          organizationId: event.organizationId,
          issueId: event.issue.id,
          action: event.action,
          ...affectedKeys(event),
        }),
        options.enqueueTimeoutMs,
      );
    } catch (error) {
      request.log.error(
        { err: error, deliveryId },
        'could not enqueue a Linear delivery; answering 503 so Linear retries',
      );
      return refuse(reply, 503, 'unavailable', 'queue unavailable, retry later');
    }
    count('enqueued');
    return reply.code(200).send({ status: 'enqueued' });
  });
}
