import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DOCUMENTS } from '../../../src/linear/documents.js';

// Linear's published schema (MIT, from @linear/sdk; see test/fixtures/linear/README.md), kept with the sandbox.
const schema = buildSchema(
  readFileSync(new URL('../../../src/sandbox/linear-schema.graphql', import.meta.url), 'utf8'),
);

describe('when commitline’s GraphQL documents are checked against Linear’s schema', () => {
  it.each(Object.entries(DOCUMENTS))('should find %s valid', (_name, document) => {
    const errors = validate(schema, parse(document)).map((e) => e.message);
    expect(errors).toEqual([]);
  });

  it('should notice a field Linear does not have', () => {
    const broken = DOCUMENTS.SHIPPED_ISSUES.replace('completedAt\n', 'shippedAt\n');
    expect(
      validate(schema, parse(broken))
        .map((e) => e.message)
        .join(' '),
    ).toContain('shippedAt');
  });

  it('should ask for an explicit page size everywhere it lists', () => {
    for (const document of Object.values(DOCUMENTS)) {
      if (/\b(issues|issueLabels|users|webhooks)\(/.test(document)) expect(document).toMatch(/first: \d+/);
    }
  });
});
