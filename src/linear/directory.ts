/** Linear's people, label and webhooks, as setup, doctor and roster resolution need them. */
import type { LinearApi } from './client.js';
import {
  CREATE_LABEL,
  CREATE_WEBHOOK,
  LABEL_BY_NAME,
  USERS_BY_EMAIL,
  USERS_BY_EMAIL_OR_ID,
  VIEWER,
  VIEWER_ID,
  WEBHOOK_FAILURES,
  WEBHOOKS,
} from './documents.js';

export interface LinearViewer {
  id: string;
  name: string;
  organization: { id: string; name: string; urlKey: string };
}
export interface LinearLabel {
  id: string;
  name: string;
}
export interface LinearWebhook {
  id: string;
  url: string;
  enabled: boolean;
  resourceTypes: string[];
}

export interface LinearPerson {
  id: string;
  email: string;
  name: string;
  active: boolean;
}
export interface LinearWebhookFailure {
  createdAt: string;
  /** Null when the request failed before any answer (DNS, refused connection, timeout). */
  httpStatus: number | null;
  responseOrError: string | null;
}

export function createLinearDirectory(api: LinearApi) {
  return {
    async viewer(): Promise<LinearViewer> {
      const data = await api.request<{
        viewer: { id: string; name: string };
        organization: LinearViewer['organization'];
      }>('viewer', VIEWER);
      return { id: data.viewer.id, name: data.viewer.name, organization: data.organization };
    },
    /** One cheap call that succeeds only with a working key (readiness). */
    async viewerId(): Promise<string> {
      const data = await api.request<{ viewer: { id: string } }>('viewerId', VIEWER_ID);
      return data.viewer.id;
    },
    /** The people with these emails or ids, deactivated ones included (doctor). */
    async people(emails: readonly string[], ids: readonly string[]): Promise<LinearPerson[]> {
      const people: LinearPerson[] = [];
      const step = 50;
      for (let i = 0; i < Math.max(emails.length, ids.length); i += step) {
        const data = await api.request<{ users: { nodes: LinearPerson[] } }>(
          'usersByEmailOrId',
          USERS_BY_EMAIL_OR_ID,
          { emails: emails.slice(i, i + step), ids: ids.slice(i, i + step) },
        );
        people.push(...data.users.nodes);
      }
      return people;
    },
    /** A webhook's failed deliveries as Linear reports them, newest first. */
    async webhookFailures(id: string): Promise<LinearWebhookFailure[]> {
      const data = await api.request<{ webhook: { failures: LinearWebhookFailure[] } }>(
        'webhookFailures',
        WEBHOOK_FAILURES,
        { id },
      );
      return [...data.webhook.failures].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
    /** Lower-cased email → Linear user id, for those found. */
    async userIdsByEmail(emails: string[]): Promise<Map<string, string>> {
      const found = new Map<string, string>();
      for (let i = 0; i < emails.length; i += 100) {
        const data = await api.request<{ users: { nodes: { id: string; email: string }[] } }>(
          'usersByEmail',
          USERS_BY_EMAIL,
          {
            emails: emails.slice(i, i + 100),
          },
        );
        for (const user of data.users.nodes) found.set(user.email.toLowerCase(), user.id);
      }
      return found;
    },
    async labelByName(name: string): Promise<LinearLabel | undefined> {
      const data = await api.request<{ issueLabels: { nodes: LinearLabel[] } }>(
        'labelByName',
        LABEL_BY_NAME,
        { name },
      );
      return data.issueLabels.nodes.find((l) => l.name.toLowerCase() === name.toLowerCase());
    },
    async createLabel(name: string): Promise<LinearLabel> {
      const data = await api.request<{ issueLabelCreate: { issueLabel: LinearLabel } }>(
        'createLabel',
        CREATE_LABEL,
        { name },
      );
      return data.issueLabelCreate.issueLabel;
    },
    async webhooks(): Promise<LinearWebhook[]> {
      const data = await api.request<{ webhooks: { nodes: LinearWebhook[] } }>('webhooks', WEBHOOKS);
      return data.webhooks.nodes;
    },
    async createWebhook(input: { url: string; secret: string; label: string }): Promise<LinearWebhook> {
      const data = await api.request<{ webhookCreate: { webhook: Omit<LinearWebhook, 'resourceTypes'> } }>(
        'createWebhook',
        CREATE_WEBHOOK,
        input,
      );
      return { ...data.webhookCreate.webhook, resourceTypes: ['Issue'] };
    },
  };
}

export type LinearDirectory = ReturnType<typeof createLinearDirectory>;
