/**
 * The sandbox's Linear GraphQL endpoint. Every document is checked as Linear checks it: parsed and
 * validated against Linear's published schema (an unknown field, argument or comparator is a 400
 * GRAPHQL_VALIDATION_FAILED), priced by complexity (over 10,000 points is refused), then run
 * against the in-memory store. A field the schema has but the sandbox does not emulate is an
 * error naming it, never a silent `null`.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLNamedType,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  type SelectionSetNode,
  validate,
  valueFromASTUntyped,
} from 'graphql';
import type { FaultQueue } from './faults.js';
import { issueMatches, labelMatches, NotEmulated, userMatches } from './linear-filters.js';
import { linearSchema, MAX_COMPLEXITY, queryComplexity } from './linear-schema.js';
import type { LinearIssue, LinearStore, LinearUser } from './linear-store.js';

type Json = Record<string, unknown>;

/** One error of Linear's `errors` array: its message and `extensions`. */
class LinearFailure extends Error {
  constructor(
    message: string,
    readonly extensions: Json,
    readonly status = 400,
    readonly locations?: readonly { line: number; column: number }[],
  ) {
    super(message);
  }
}

const validationFailure = (message: string, locations?: readonly { line: number; column: number }[]) =>
  new LinearFailure(
    message,
    {
      http: { status: 400, headers: {} },
      code: 'GRAPHQL_VALIDATION_FAILED',
      type: 'graphql error',
      userError: true,
    },
    400,
    locations,
  );

const inputFailure = (message: string, userPresentableMessage = message) =>
  new LinearFailure(message, {
    code: 'INPUT_ERROR',
    type: 'invalid input',
    statusCode: 400,
    userError: true,
    userPresentableMessage,
    http: { status: 400 },
  });

/** Linear refuses pages larger than this. */
const MAX_FIRST = 250;

function connection<T>(items: T[], args: Json) {
  if (args.last !== undefined || args.before !== undefined) throw new NotEmulated('backward pagination');
  const first = Number(args.first ?? 50);
  if (first > MAX_FIRST) throw inputFailure(`first must be at most ${MAX_FIRST}`);
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

export function createLinearResolvers(store: LinearStore) {
  const userOut = (u: LinearUser | undefined) =>
    u
      ? { ...u, displayName: u.name.split(' ')[0]?.toLowerCase() ?? u.name, active: true, admin: false }
      : null;
  const team = () => ({ ...store.team });
  const stateOut = (id: string) => {
    const state = store.states.find((s) => s.id === id);
    return state ? { ...state, color: '#5e6ad2', team: team() } : null;
  };
  const issueOut = (i: LinearIssue) => ({
    ...i,
    description: null,
    priority: 0,
    assignee: i.assigneeId ? userOut(store.users.get(i.assigneeId)) : null,
    state: stateOut(i.stateId),
    team: team(),
    labels: (args: Json) =>
      connection(
        i.labelIds
          .map((id) => store.labels.get(id))
          .filter((l): l is NonNullable<typeof l> => Boolean(l))
          .filter((l) => labelMatches(l, args.filter as Json | undefined)),
        args,
      ),
  });
  const notFound = (what: string) => inputFailure('Entity not found', `Could not find referenced ${what}.`);
  return {
    query: {
      viewer: () => userOut(store.viewer),
      organization: () => store.organization,
      issue: (args: Json) => {
        const issue = store.findIssue(String(args.id));
        if (!issue) throw notFound('Issue');
        return issueOut(issue);
      },
      issues: (args: Json) =>
        connection(
          [...store.issues.values()]
            // Archived issues are left out unless asked for, as Linear does.
            .filter((i) => args.includeArchived === true || i.archivedAt === null)
            .filter((i) => issueMatches(store, i, args.filter as Json | undefined))
            .map(issueOut),
          args,
        ),
      issueLabels: (args: Json) =>
        connection(
          [...store.labels.values()].filter((l) => labelMatches(l, args.filter as Json | undefined)),
          args,
        ),
      users: (args: Json) =>
        connection(
          [...store.users.values()]
            .filter((u) => userMatches(u, args.filter as Json | undefined))
            .map(userOut),
          args,
        ),
      teams: (args: Json) => connection([team()], args),
      webhooks: (args: Json) => connection([...store.webhooks.values()], args),
      // Deliveries the sandbox could not make are its webhook's failures, as Linear records them.
      webhook: (args: Json) => {
        const hook = store.webhooks.get(String(args.id));
        if (!hook) throw notFound('Webhook');
        return {
          ...hook,
          failures: store.deliveries
            .filter((d) => d.url === hook.url && d.status !== 200)
            .slice(-50)
            .map((d) => ({
              id: d.deliveryId,
              createdAt: d.at,
              httpStatus: d.status || null,
              responseOrError: d.status ? `HTTP ${d.status}` : 'connection refused',
            })),
        };
      },
      workflowStates: (args: Json) =>
        connection(
          store.states.map((s) => stateOut(s.id)),
          args,
        ),
    } as Record<string, (args: Json) => unknown>,
    mutation: {
      // Creating and moving issues delivers signed webhooks to every registered URL, as Linear does.
      issueCreate: async (args: Json) => {
        const input = args.input as {
          title: string;
          teamId: string;
          assigneeId?: string;
          labelIds?: string[];
          stateId?: string;
        };
        if (input.teamId !== store.team.id && input.teamId !== store.team.key) throw notFound('Team');
        if (input.assigneeId && !store.users.has(input.assigneeId)) throw notFound('User');
        const issue = await store.addIssue({
          title: input.title,
          assigneeId: input.assigneeId ?? null,
          labelIds: input.labelIds ?? [],
        });
        if (input.stateId) await store.updateIssue(issue.id, { stateId: input.stateId });
        return { success: true, lastSyncId: 0, issue: issueOut(issue) };
      },
      issueUpdate: async (args: Json) => {
        const input = args.input as {
          title?: string;
          assigneeId?: string | null;
          labelIds?: string[];
          stateId?: string;
        };
        const found = store.findIssue(String(args.id));
        if (!found) throw notFound('Issue');
        if (input.stateId && !store.states.some((s) => s.id === input.stateId))
          throw notFound('WorkflowState');
        const known = new Set(['title', 'assigneeId', 'labelIds', 'stateId']);
        const other = Object.keys(input).find((k) => !known.has(k));
        if (other) throw new NotEmulated(`IssueUpdateInput.${other}`);
        const issue = await store.updateIssue(found.id, input);
        return { success: true, lastSyncId: 0, issue: issueOut(issue) };
      },
      issueArchive: async (args: Json) => {
        const found = store.findIssue(String(args.id));
        if (!found) throw notFound('Issue');
        if (args.trash === true) throw new NotEmulated('issueArchive(trash: true)');
        const issue = await store.archiveIssue(found.id);
        return { success: true, lastSyncId: 0, entity: issueOut(issue) };
      },
      issueLabelCreate: (args: Json) => {
        const input = args.input as { name: string };
        return { success: true, lastSyncId: 0, issueLabel: store.addLabel(input.name) };
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
        return { success: true, lastSyncId: 0, webhook: hook };
      },
    } as Record<string, (args: Json) => unknown>,
  };
}

interface Run {
  variables: Json;
  fragments: Map<string, FragmentDefinitionNode>;
}

function argsOf(field: FieldNode, run: Run): Json {
  return Object.fromEntries(
    (field.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, run.variables)]),
  );
}

/** The fields of a selection set, fragments spread in (the schema has checked their conditions). */
function fieldsOf(selection: SelectionSetNode, run: Run): FieldNode[] {
  return selection.selections.flatMap((node) => {
    if (node.kind === Kind.FIELD) return [node];
    if (node.kind === Kind.INLINE_FRAGMENT) return fieldsOf(node.selectionSet, run);
    const fragment = run.fragments.get(node.name.value);
    return fragment ? fieldsOf(fragment.selectionSet, run) : [];
  });
}

async function project(
  value: unknown,
  selection: SelectionSetNode | undefined,
  type: GraphQLNamedType,
  run: Run,
): Promise<unknown> {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return Promise.all(value.map((v) => project(v, selection, type, run)));
  if (!selection) return value;
  const source = value as Json;
  const out: Json = {};
  const fields = isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
  for (const field of fieldsOf(selection, run)) {
    const name = field.name.value;
    const key = field.alias?.value ?? name;
    if (name === '__typename') {
      out[key] = type.name;
      continue;
    }
    const raw = source[name];
    if (raw === undefined) throw new NotEmulated(`${type.name}.${name}`);
    const resolved =
      typeof raw === 'function' ? await (raw as (a: Json) => unknown)(argsOf(field, run)) : raw;
    const fieldType = fields[name];
    out[key] = fieldType
      ? await project(resolved, field.selectionSet, getNamedType(fieldType.type), run)
      : resolved;
  }
  return out;
}

const locationsOf = (error: GraphQLError) =>
  error.locations?.map((l) => ({ line: l.line, column: l.column }));

export async function linearRoutes(
  app: FastifyInstance,
  options: { store: LinearStore; apiKey: string; faults: FaultQueue },
): Promise<void> {
  const resolvers = createLinearResolvers(options.store);
  const schema = linearSchema();
  app.addHook('onSend', async (request, reply, payload) => {
    const body = (request.body ?? {}) as { query?: string; operationName?: string };
    const named = /(?:query|mutation)\s+(\w+)/.exec(body.query ?? '')?.[1];
    const text = typeof payload === 'string' ? payload : '';
    const error = reply.statusCode >= 400 ? /"message":"((?:[^"\\]|\\.)*)"/.exec(text)?.[1] : undefined;
    options.store.requests.push({
      operation: body.operationName ?? named ?? 'anonymous',
      status: reply.statusCode,
      ...(error ? { error } : {}),
    });
    return payload;
  });
  const send = (reply: FastifyReply, failures: LinearFailure[], headers: Record<string, string> = {}) =>
    reply
      .code(failures[0]?.status ?? 400)
      .headers(headers)
      .send({
        errors: failures.map((f) => ({
          message: f.message,
          ...(f.locations ? { locations: f.locations } : {}),
          extensions: f.extensions,
        })),
      });
  const simple = (status: number, message: string, code: string, type: string) =>
    new LinearFailure(
      message,
      { code, type, userError: status < 500, userPresentableMessage: message },
      status,
    );

  const refuseKey = (reply: FastifyReply) =>
    send(reply, [
      simple(
        401,
        'Authentication required, not authenticated',
        'AUTHENTICATION_ERROR',
        'authentication error',
      ),
    ]);

  app.post('/graphql', async (request, reply) => {
    if (request.headers.authorization !== options.apiKey) return refuseKey(reply);
    const fault = await options.faults.take('linear');
    // An injected 401 is a refused key, in Linear's words.
    if (fault?.status === 401) return refuseKey(reply);
    if (fault?.status === 429 || fault?.status === 400) {
      return send(reply, [simple(400, 'Rate limit exceeded', 'RATELIMITED', 'ratelimited')], {
        'x-ratelimit-requests-reset': String(Date.now() + 1_000),
        'x-ratelimit-requests-remaining': '0',
      });
    }
    if (fault?.status) {
      return send(reply, [
        simple(fault.status, 'Internal server error', 'INTERNAL_SERVER_ERROR', 'internal error'),
      ]);
    }

    const body = (request.body ?? {}) as { query?: string; variables?: Json; operationName?: string };
    try {
      let document: ReturnType<typeof parse>;
      try {
        document = parse(body.query ?? '');
      } catch (error) {
        const e = error as GraphQLError;
        throw validationFailure(e.message, locationsOf(e));
      }
      const invalid = validate(schema, document);
      if (invalid.length > 0) {
        return send(
          reply,
          invalid.map((e) => validationFailure(e.message, locationsOf(e))),
        );
      }
      const operation = getOperationAST(document, body.operationName);
      if (!operation)
        throw validationFailure('Must provide operation name if query contains multiple operations.');
      if (operation.operation === 'subscription') throw new NotEmulated('subscriptions');
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], body.variables ?? {});
      if (coerced.errors) {
        return send(
          reply,
          coerced.errors.map((e) => validationFailure(e.message, locationsOf(e))),
        );
      }
      const run: Run = {
        variables: coerced.coerced,
        fragments: new Map(
          document.definitions
            .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
            .map((d) => [d.name.value, d]),
        ),
      };
      const complexity = queryComplexity(schema, document, operation, run.variables);
      if (complexity > MAX_COMPLEXITY) {
        throw inputFailure(
          'Query too complex',
          `The query is too complex. Complexity: ${complexity}. Maximum allowed complexity: ${MAX_COMPLEXITY}.`,
        );
      }
      const rootType = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
      const root = operation.operation === 'mutation' ? resolvers.mutation : resolvers.query;
      const rootFields = rootType?.getFields() ?? {};
      const data: Json = {};
      for (const node of fieldsOf(operation.selectionSet, run)) {
        const name = node.name.value;
        const key = node.alias?.value ?? name;
        if (name === '__typename') {
          data[key] = rootType?.name;
          continue;
        }
        const resolver = root[name];
        const field = rootFields[name];
        if (!resolver || !field) throw new NotEmulated(`${rootType?.name}.${name}`);
        data[key] = await project(
          await resolver(argsOf(node, run)),
          node.selectionSet,
          getNamedType(field.type),
          run,
        );
      }
      reply.header('x-complexity', String(complexity));
      return { data };
    } catch (error) {
      if (error instanceof LinearFailure) return send(reply, [error]);
      if (error instanceof NotEmulated) {
        return send(reply, [simple(400, error.message, 'SANDBOX_NOT_EMULATED', 'graphql error')]);
      }
      return send(reply, [
        simple(
          500,
          error instanceof Error ? error.message : String(error),
          'INTERNAL_SERVER_ERROR',
          'internal error',
        ),
      ]);
    }
  });
}
