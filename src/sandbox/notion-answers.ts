/** Notion's answers: its error body, its list envelope, and the one version the sandbox speaks. */
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { pageSize } from './notion-shapes.js';
import type { Json } from './notion-store.js';

/** The only version the sandbox speaks, the one commitline's client pins. */
export const NOTION_VERSION = '2025-09-03';

export function error(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ object: 'error', status, code, message, request_id: randomUUID() });
}

export function codeOf(status: number): string {
  if (status === 429) return 'rate_limited';
  if (status === 400) return 'validation_error';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'restricted_resource';
  if (status === 404) return 'object_not_found';
  if (status === 409) return 'conflict_error';
  if (status === 502) return 'bad_gateway';
  if (status === 503) return 'service_unavailable';
  if (status === 504) return 'gateway_timeout';
  return 'internal_server_error';
}

/** One page of a list; `where` says whether page_size came in the query string or the body. */
export function list(
  results: Json[],
  query: { start_cursor?: unknown; page_size?: unknown },
  type: string,
  where: 'body' | 'query' = 'query',
) {
  const size = pageSize(query.page_size, where);
  const start = Number(query.start_cursor ?? 0) || 0;
  const slice = results.slice(start, start + size);
  const more = start + size < results.length;
  return {
    object: 'list',
    results: slice,
    next_cursor: more ? String(start + size) : null,
    has_more: more,
    type,
    [type]: {},
    request_id: randomUUID(),
  };
}
