/**
 * Linear's filter language, the part the sandbox emulates. The schema has already refused what
 * Linear refuses (an unknown field or comparator is a validation error); a filter the schema allows
 * but the sandbox does not emulate is refused too, never silently taken as "match everything".
 */
import type { LinearIssue, LinearStore } from './linear-store.js';

type Json = Record<string, unknown>;

/** A document the schema accepts but the sandbox cannot answer faithfully. */
export class NotEmulated extends Error {
  constructor(what: string) {
    super(`The sandbox does not emulate ${what}.`);
  }
}

const lower = (v: unknown) => String(v ?? '').toLowerCase();
const time = (v: unknown) => {
  const text = String(v);
  // DateTimeOrDuration: a relative duration ("-P2W") is not emulated; commitline sends instants.
  if (/^-?P/.test(text)) throw new NotEmulated(`relative durations in date comparators ("${text}")`);
  return Date.parse(text);
};

/** One comparator object, e.g. `{ eq: "x" }` or `{ gte: "2026-10-05", lt: "2026-10-12" }`. */
export function compare(
  value: unknown,
  comparator: Json | undefined,
  kind: 'text' | 'date' = 'text',
): boolean {
  if (!comparator) return true;
  return Object.entries(comparator).every(([op, expected]) => {
    const present = value !== null && value !== undefined;
    const ordered = (test: (a: number | string, b: number | string) => boolean) => {
      if (!present) return false;
      return kind === 'date' ? test(time(value), time(expected)) : test(String(value), String(expected));
    };
    switch (op) {
      case 'eq':
        return kind === 'date' ? present && time(value) === time(expected) : value === expected;
      case 'neq':
        return value !== expected;
      case 'in':
        return (expected as unknown[]).includes(value);
      case 'nin':
        return !(expected as unknown[]).includes(value);
      case 'eqIgnoreCase':
        return present && lower(value) === lower(expected);
      case 'neqIgnoreCase':
        return lower(value) !== lower(expected);
      case 'contains':
        return present && String(value).includes(String(expected));
      case 'containsIgnoreCase':
        return present && lower(value).includes(lower(expected));
      case 'notContains':
        return !String(value ?? '').includes(String(expected));
      case 'startsWith':
        return present && String(value).startsWith(String(expected));
      case 'endsWith':
        return present && String(value).endsWith(String(expected));
      case 'gt':
        return ordered((a, b) => a > b);
      case 'gte':
        return ordered((a, b) => a >= b);
      case 'lt':
        return ordered((a, b) => a < b);
      case 'lte':
        return ordered((a, b) => a <= b);
      case 'null':
        return expected ? !present : present;
      default:
        throw new NotEmulated(`the comparator "${op}"`);
    }
  });
}

/** `and` / `or` around a per-key test; any key the test does not know is refused. */
function logical(filter: Json | undefined, test: (key: string, value: Json) => boolean): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([key, value]) => {
    if (key === 'and') return (value as Json[]).every((f) => logical(f, test));
    if (key === 'or') return (value as Json[]).some((f) => logical(f, test));
    return test(key, value as Json);
  });
}

export function userMatches(
  user: { id: string; name: string; email: string } | undefined,
  filter: Json | undefined,
): boolean {
  return logical(filter, (key, value) => {
    if (key === 'null') return value ? !user : Boolean(user);
    if (!user) return false;
    if (key === 'id') return compare(user.id, value);
    if (key === 'email') return compare(user.email, value);
    if (key === 'name' || key === 'displayName') return compare(user.name, value);
    throw new NotEmulated(`the user filter "${key}"`);
  });
}

export function labelMatches(label: { id: string; name: string }, filter: Json | undefined): boolean {
  return logical(filter, (key, value) => {
    if (key === 'id') return compare(label.id, value);
    if (key === 'name') return compare(label.name, value);
    throw new NotEmulated(`the label filter "${key}"`);
  });
}

export function issueMatches(store: LinearStore, issue: LinearIssue, filter: Json | undefined): boolean {
  return logical(filter, (key, value) => {
    switch (key) {
      case 'id':
        return compare(issue.id, value);
      case 'title':
        return compare(issue.title, value);
      case 'number':
        return compare(issue.number, value);
      case 'completedAt':
      case 'createdAt':
      case 'updatedAt':
      case 'startedAt':
      case 'canceledAt':
        return compare(issue[key], value, 'date');
      case 'assignee':
        return userMatches(issue.assigneeId ? store.users.get(issue.assigneeId) : undefined, value);
      case 'state': {
        const state = store.states.find((s) => s.id === issue.stateId);
        return logical(value, (k, v) => {
          if (k === 'type') return compare(state?.type, v);
          if (k === 'name') return compare(state?.name, v);
          if (k === 'id') return compare(state?.id, v);
          throw new NotEmulated(`the workflow state filter "${k}"`);
        });
      }
      case 'team':
        return logical(value, (k, v) => {
          if (k === 'id') return compare(store.team.id, v);
          if (k === 'key') return compare(store.team.key, v);
          if (k === 'name') return compare(store.team.name, v);
          throw new NotEmulated(`the team filter "${k}"`);
        });
      case 'labels': {
        const labels = issue.labelIds
          .map((id) => store.labels.get(id))
          .filter((l): l is NonNullable<typeof l> => Boolean(l));
        return Object.entries(value).every(([quantifier, inner]) => {
          if (quantifier === 'some') return labels.some((l) => labelMatches(l, inner as Json));
          if (quantifier === 'every') return labels.every((l) => labelMatches(l, inner as Json));
          if (quantifier === 'none') return !labels.some((l) => labelMatches(l, inner as Json));
          throw new NotEmulated(`the label collection filter "${quantifier}"`);
        });
      }
      default:
        throw new NotEmulated(`the issue filter "${key}"`);
    }
  });
}
