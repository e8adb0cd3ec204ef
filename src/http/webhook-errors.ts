import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { DeliveryOutcome } from '../observability/metrics.js';

type Refuse = (reply: FastifyReply, status: number, outcome: DeliveryOutcome, error: string) => FastifyReply;

/**
 * A webhook plugin's own error handler. Fastify refuses some requests before the handler runs (a
 * body over the limit, a Content-Length that does not match the bytes): they are counted with
 * the rest. It runs only on an error, so an accepted delivery pays nothing for it.
 */
export function webhookErrorHandler(source: string, refuse: Refuse) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) return refuse(reply, 413, 'too_large', 'body over 1 MiB');
    if (status >= 400 && status < 500) return refuse(reply, status, 'bad_request', error.message);
    request.log.error(
      { err: error },
      `a ${source} delivery failed unexpectedly; answering 500 so it is retried`,
    );
    return refuse(reply, 500, 'error', 'internal error, retry later');
  };
}
