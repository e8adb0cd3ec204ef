/**
 * The sandbox's Linear GraphQL endpoint: runs the documents commitline sends (any selection of
 * the fields below) against the in-memory store, with Linear's auth, pagination limits and
 * error shapes. Not a full GraphQL server: enough of Linear for commitline and its tests.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  type FieldNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';
import type { FaultQueue } from './faults.js';
import type { LinearIssue, LinearStore } from './linear-store.js';

type Json = Record<string, unknown>;

class GraphQLFailure extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly type: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Linear refuses pages larger than this. */
const MAX_FIRST = 250;

function connection<T>(items: T[], args: Json) {
  const first = Number(args.first ?? 50);
  if (first > MAX_FIRST) {
    throw new GraphQLFailure(`first must be at most ${MAX_FIRST}`, 'INVALID_INPUT', 'invalid input');
  }
  const start = args.after ? Number(args.after) : 0;
  const nodes = items.slice(start, start + first);
  const end = start + nodes.length;
  return {
    nodes,
    pageInfo: {
      hasNextPage: end < items.length,
      endCursor: nodes.length > 0 ? String(end) : null,
      hasPreviousPage: start > 0,
      startCursor: String(start),
    },
  };
}

function compare(value: unknown, comparator: Json | undefined): boolean {
  if (!comparator) return true;
  return Object.entries(comparator).every(([op, expected]) => {
    switch (op) {
      case 'eq':
        return value === expected;
      case 'eqIgnoreCase':
        return String(value ?? '').toLowerCase() === String(expected).toLowerCase();
      case 'in':
        return (expected as unknown[]).includes(value);
      case 'gte':
        return value !== null && value !== undefined && String(value) >= String(expected);
      case 'lt':
        return value !== null && value !== undefined && String(value) < String(expected);
      case 'null':
        return expected ? value == null : value != null;
      default:
        return true;
    }
  });
}

export function createLinearResolvers(store: LinearStore) {
  const user = (id: string | null) => (id ? (store.users.get(id) ?? null) : null);
  const issueOut = (i: LinearIssue) => ({
    ...i,
    assignee: user(i.assigneeId),
    state: store.states.find((s) => s.id === i.stateId),
    labels: (args: Json) => connection(i.labelIds.map((id) => store.labels.get(id)).filter(Boolean), args),
  });
  const issueMatches = (i: LinearIssue, filter: Json = {}): boolean => {
    const f = filter as Record<string, Json>;
    if (f.assignee && !compare(i.assigneeId, (f.assignee as Record<string, Json>).id)) return false;
    if (f.completedAt && !compare(i.completedAt, f.completedAt)) return false;
    if (
      f.state &&
      !compare(store.states.find((s) => s.id === i.stateId)?.type, (f.state as Record<string, Json>).type)
    )
      return false;
    if (f.labels) {
      const some = (f.labels as Record<string, Record<string, Json>>).some;
      const labels = i.labelIds.map((id) => store.labels.get(id));
      if (some && !labels.some((l) => l && compare(l.name, some.name) && compare(l.id, some.id)))
        return false;
    }
    return true;
  };
  return {
    query: {
      viewer: () => store.viewer,
      organization: () => store.organization,
      issues: (args: Json) =>
        connection(
          [...store.issues.values()].filter((i) => issueMatches(i, args.filter as Json)).map(issueOut),
          args,
        ),
      issueLabels: (args: Json) =>
        connection(
          [...store.labels.values()].filter((l) =>
            compare(l.name, ((args.filter as Json | undefined)?.name as Json) ?? undefined),
          ),
          args,
        ),
      users: (args: Json) =>
        connection(
          [...store.users.values()].filter((u) =>
            compare(u.email, ((args.filter as Json | undefined)?.email as Json) ?? undefined),
          ),
          args,
        ),
      webhooks: (args: Json) => connection([...store.webhooks.values()], args),
      workflowStates: (args: Json) => connection(store.states, args),
    } as Record<string, (args: Json) => unknown>,
    mutation: {
      // Creating and moving issues delivers signed webhooks to every registered URL, as Linear does.
      issueCreate: async (args: Json) => {
        const input = args.input as {
          title: string;
          assigneeId?: string;
          labelIds?: string[];
          stateId?: string;
        };
        const issue = await store.addIssue({
          title: input.title,
          assigneeId: input.assigneeId ?? null,
          labelIds: input.labelIds ?? [],
        });
        if (input.stateId) await store.updateIssue(issue.id, { stateId: input.stateId });
        return { success: true, issue: issueOut(issue) };
      },
      issueUpdate: async (args: Json) => {
        const input = args.input as {
          title?: string;
          assigneeId?: string | null;
          labelIds?: string[];
          stateId?: string;
        };
        const issue = await store.updateIssue(String(args.id), input);
        return { success: true, issue: issueOut(issue) };
      },
      issueLabelCreate: (args: Json) => {
        const input = args.input as { name: string };
        return { success: true, issueLabel: store.addLabel(input.name) };
      },
      webhookCreate: (args: Json) => {
        const input = args.input as { url: string; secret?: string; label?: string; resourceTypes: string[] };
        const hook = {
          id: randomUUID(),
          url: input.url,
          secret: input.secret ?? randomUUID(),
          enabled: true,
          resourceTypes: input.resourceTypes,
          label: input.label ?? '',
        };
        store.webhooks.set(hook.id, hook);
        return { success: true, webhook: hook };
      },
    } as Record<string, (args: Json) => unknown>,
  };
}

function project(value: unknown, selection: SelectionSetNode | undefined, variables: Json): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => project(v, selection, variables));
  if (!selection) return value;
  const source = value as Json;
  const out: Json = {};
  for (const node of selection.selections) {
    if (node.kind !== Kind.FIELD) continue;
    const field = node as FieldNode;
    const name = field.name.value;
    const raw = name === '__typename' ? 'Object' : source[name];
    const resolved =
      typeof raw === 'function' ? (raw as (a: Json) => unknown)(argsOf(field, variables)) : raw;
    out[field.alias?.value ?? name] = project(resolved, field.selectionSet, variables);
  }
  return out;
}

function argsOf(field: FieldNode, variables: Json): Json {
  return Object.fromEntries(
    (field.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]),
  );
}

export async function linearRoutes(
  app: FastifyInstance,
  options: { store: LinearStore; apiKey: string; faults: FaultQueue },
): Promise<void> {
  const resolvers = createLinearResolvers(options.store);
  app.post('/graphql', async (request, reply) => {
    const fail = (
      status: number,
      message: string,
      code: string,
      type: string,
      headers: Record<string, string> = {},
    ) =>
      reply
        .code(status)
        .headers(headers)
        .send({
          errors: [{ message, extensions: { code, type, userError: true, userPresentableMessage: message } }],
        });
    if (request.headers.authorization !== options.apiKey) {
      return fail(
        401,
        'Authentication required, not authenticated',
        'AUTHENTICATION_ERROR',
        'authentication error',
      );
    }
    const fault = await options.faults.take('linear');
    if (fault?.status === 429 || fault?.status === 400) {
      return fail(400, 'Rate limit exceeded', 'RATELIMITED', 'ratelimited', {
        'x-ratelimit-requests-reset': String(Date.now() + 1_000),
        'x-ratelimit-requests-remaining': '0',
      });
    }
    if (fault?.status)
      return fail(fault.status, 'Internal server error', 'INTERNAL_SERVER_ERROR', 'internal error');

    const body = request.body as { query?: string; variables?: Json };
    try {
      const document = parse(body.query ?? '');
      const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as
        | OperationDefinitionNode
        | undefined;
      if (!operation)
        throw new GraphQLFailure(
          'No operation in the document',
          'GRAPHQL_VALIDATION_FAILED',
          'graphql error',
        );
      const root = operation.operation === 'mutation' ? resolvers.mutation : resolvers.query;
      const variables = body.variables ?? {};
      const data: Json = {};
      for (const node of operation.selectionSet.selections) {
        if (node.kind !== Kind.FIELD) continue;
        const resolver = root[node.name.value];
        if (!resolver) {
          throw new GraphQLFailure(
            `Cannot query field "${node.name.value}"`,
            'GRAPHQL_VALIDATION_FAILED',
            'graphql error',
          );
        }
        data[node.alias?.value ?? node.name.value] = project(
          await resolver(argsOf(node, variables)),
          node.selectionSet,
          variables,
        );
      }
      return { data };
    } catch (error) {
      if (error instanceof GraphQLFailure) return fail(error.status, error.message, error.code, error.type);
      return fail(
        400,
        error instanceof Error ? error.message : String(error),
        'GRAPHQL_VALIDATION_FAILED',
        'graphql error',
      );
    }
  });
}
