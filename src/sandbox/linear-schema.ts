/**
 * Linear's published GraphQL schema (src/sandbox/linear-schema.graphql, MIT, from @linear/sdk), and
 * what Linear checks with it before running a document: validation and query complexity.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';

/** Linear refuses a single query above this many points. */
export const MAX_COMPLEXITY = 10_000;
/** A connection without `first`/`last` is priced at Linear's default page size. */
const DEFAULT_PAGE = 50;

let cached: GraphQLSchema | undefined;

/** Built once per process (about a third of a second); next to the module, or in src/ when run from dist/. */
export function linearSchema(): GraphQLSchema {
  if (cached) return cached;
  const candidates = [
    new URL('./linear-schema.graphql', import.meta.url),
    new URL('../../../src/sandbox/linear-schema.graphql', import.meta.url),
  ].map((u) => fileURLToPath(u));
  const path = candidates.find((p) => existsSync(p));
  if (!path) throw new Error(`Linear's schema is missing: expected it at ${candidates[0]}`);
  cached = buildSchema(readFileSync(path, 'utf8'), { assumeValidSDL: true });
  return cached;
}

type Json = Record<string, unknown>;

/**
 * The complexity Linear documents: 0.1 point a scalar field, 1 point an object, and a connection
 * multiplies what each of its nodes costs by its `first` (or `last`, else 50); rounded up.
 */
export function queryComplexity(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Json,
): number {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root) return 0;

  const fieldOf = (type: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined =>
    isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;

  const cost = (selection: SelectionSetNode | undefined, type: GraphQLNamedType): number => {
    if (!selection) return 0;
    let total = 0;
    for (const node of selection.selections) {
      if (node.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(node.name.value);
        if (fragment) total += cost(fragment.selectionSet, type);
        continue;
      }
      if (node.kind === Kind.INLINE_FRAGMENT) {
        const on = node.typeCondition ? schema.getType(node.typeCondition.name.value) : type;
        total += cost(node.selectionSet, on ?? type);
        continue;
      }
      if (node.name.value === '__typename') continue;
      const field = fieldOf(type, node.name.value);
      if (!field) continue;
      const named = getNamedType(field.type);
      if (!node.selectionSet) {
        total += 0.1;
        continue;
      }
      const inner = cost(node.selectionSet, named);
      if (named instanceof GraphQLObjectType && named.name.endsWith('Connection')) {
        const args = Object.fromEntries(
          (node.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]),
        );
        const page = Number(args.first ?? args.last ?? DEFAULT_PAGE) || DEFAULT_PAGE;
        total += page * inner;
      } else {
        total += 1 + inner;
      }
    }
    return total;
  };
  // Rounded to a tenth first, so 0.1 steps do not add up to 10,000.0000001.
  return Math.ceil(Math.round(cost(operation.selectionSet, root) * 10) / 10);
}
