/**
 * Every GraphQL document commitline sends to Linear: lean, with an explicit `first`, so each
 * stays far below Linear's 10,000-point complexity limit. Validated against Linear's published
 * schema in test/unit/linear/documents.test.ts.
 */

/**
 * One page of an engineer's shipped production-visible issues in [from, to). Archived ones too:
 * Linear auto-archives completed issues after a team-set period, and a ship stays a ship.
 */
export const SHIPPED_ISSUES = /* GraphQL */ `
  query CommitlineShippedIssues($assigneeId: ID!, $label: String!, $from: DateTimeOrDuration!, $to: DateTimeOrDuration!, $after: String) {
    issues(
      first: 100
      after: $after
      includeArchived: true
      filter: {
        assignee: { id: { eq: $assigneeId } }
        labels: { some: { name: { eqIgnoreCase: $label } } }
        completedAt: { gte: $from, lt: $to }
        state: { type: { eq: "completed" } }
      }
    ) {
      nodes {
        id
        identifier
        title
        url
        completedAt
        assignee { id }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const VIEWER = /* GraphQL */ `
  query CommitlineViewer {
    viewer { id name email }
    organization { id name urlKey }
  }
`;

/** The cheapest question that proves the key works: readiness asks it every few minutes. */
export const VIEWER_ID = /* GraphQL */ `
  query CommitlineViewerId {
    viewer { id }
  }
`;

export const LABEL_BY_NAME = /* GraphQL */ `
  query CommitlineLabelByName($name: String!) {
    issueLabels(first: 10, filter: { name: { eqIgnoreCase: $name } }) {
      nodes { id name }
    }
  }
`;

export const USERS_BY_EMAIL = /* GraphQL */ `
  query CommitlineUsersByEmail($emails: [String!]!) {
    users(first: 100, filter: { email: { in: $emails } }) {
      nodes { id email }
    }
  }
`;

/** The roster's people by email or id, deactivated ones included, so doctor can say which. */
export const USERS_BY_EMAIL_OR_ID = /* GraphQL */ `
  query CommitlineUsersByEmailOrId($emails: [String!]!, $ids: [ID!]!) {
    users(first: 100, includeDisabled: true, filter: { or: [{ email: { in: $emails } }, { id: { in: $ids } }] }) {
      nodes { id email name active }
    }
  }
`;

/** Linear's record of a webhook's failed deliveries (its last 50), asked apart: it may be refused. */
export const WEBHOOK_FAILURES = /* GraphQL */ `
  query CommitlineWebhookFailures($id: String!) {
    webhook(id: $id) {
      id
      failures { createdAt httpStatus responseOrError }
    }
  }
`;

export const WEBHOOKS = /* GraphQL */ `
  query CommitlineWebhooks {
    webhooks(first: 50) {
      nodes { id url enabled resourceTypes }
    }
  }
`;

export const CREATE_LABEL = /* GraphQL */ `
  mutation CommitlineCreateLabel($name: String!) {
    issueLabelCreate(input: { name: $name, color: "#4cb782", description: "A change a user could notice (commitline)" }) {
      success
      issueLabel { id name }
    }
  }
`;

export const CREATE_WEBHOOK = /* GraphQL */ `
  mutation CommitlineCreateWebhook($url: String!, $secret: String!, $label: String!) {
    webhookCreate(input: { url: $url, secret: $secret, label: $label, resourceTypes: ["Issue"], allPublicTeams: true }) {
      success
      webhook { id url enabled }
    }
  }
`;

/** Every document, by operation name, for the schema test. */
export const DOCUMENTS = {
  SHIPPED_ISSUES,
  VIEWER,
  VIEWER_ID,
  LABEL_BY_NAME,
  USERS_BY_EMAIL,
  USERS_BY_EMAIL_OR_ID,
  WEBHOOKS,
  WEBHOOK_FAILURES,
  CREATE_LABEL,
  CREATE_WEBHOOK,
};
