/**
 * Whether Linear already sends commitline its Issue events: setup says so when it is not asked to
 * register a webhook, and says what to do when there is none (or one that cannot deliver).
 */
import type { LinearApi } from './client.js';

/** The workspace's webhooks, as much as recognising commitline's needs. */
export const COMMITLINE_WEBHOOK_STATUS = /* GraphQL */ `
  query CommitlineWebhookStatus {
    webhooks(first: 100) {
      nodes { id url label enabled resourceTypes }
      pageInfo { hasNextPage }
    }
  }
`;

export interface LinearWebhookNode {
  id: string;
  url: string | null;
  label: string | null;
  enabled: boolean;
  resourceTypes: string[];
}

export type CommitlineWebhookStatus =
  | { state: 'ready'; url: string }
  | { state: 'disabled'; url: string }
  | { state: 'no-issue-events'; url: string }
  | { state: 'none'; looked: number; more: boolean };

/** The path commitline receives Linear's deliveries on. */
const RECEIVER_PATH = '/webhooks/linear';

/** commitline's: pointed at its receiver, or labelled as setup labels the ones it creates. */
function isCommitline(hook: LinearWebhookNode): hook is LinearWebhookNode & { url: string } {
  if (!hook.url) return false;
  let path = '';
  try {
    path = new URL(hook.url).pathname.replace(/\/+$/, '');
  } catch {
    // Linear keeps the URL it was given; one that does not parse is nobody's receiver.
  }
  return path.endsWith(RECEIVER_PATH) || hook.label?.trim().toLowerCase() === 'commitline';
}

/** The best of commitline's webhooks: one that delivers Issue events, else the closest to it. */
export function commitlineWebhookStatus(
  hooks: readonly LinearWebhookNode[],
  more = false,
): CommitlineWebhookStatus {
  const ours = hooks.filter(isCommitline);
  const issues = (h: LinearWebhookNode) => h.resourceTypes.includes('Issue');
  const ready = ours.find((h) => h.enabled && issues(h));
  if (ready) return { state: 'ready', url: ready.url };
  const disabled = ours.find((h) => !h.enabled && issues(h));
  if (disabled) return { state: 'disabled', url: disabled.url };
  const other = ours[0];
  if (other) return { state: 'no-issue-events', url: other.url };
  return { state: 'none', looked: hooks.length, more };
}

export async function findCommitlineWebhook(api: LinearApi): Promise<CommitlineWebhookStatus> {
  const data = await api.request<{
    webhooks: { nodes: LinearWebhookNode[]; pageInfo: { hasNextPage: boolean } };
  }>('webhookStatus', COMMITLINE_WEBHOOK_STATUS);
  return commitlineWebhookStatus(data.webhooks.nodes, data.webhooks.pageInfo.hasNextPage);
}

const WEBHOOK_SETTINGS = 'Linear → Settings → API → Webhooks';

/** What setup prints about it, in one or two lines. */
export function webhookStatusLines(status: CommitlineWebhookStatus): string[] {
  switch (status.state) {
    case 'ready':
      return [`✓ Linear: webhook for commitline at ${status.url} (Issue events)`];
    case 'disabled':
      return [
        `✗ Linear: the webhook at ${status.url} is disabled`,
        `  Enable it in ${WEBHOOK_SETTINGS}; until then only the nightly reconcile sees shipped issues.`,
      ];
    case 'no-issue-events':
      return [
        `✗ Linear: the webhook at ${status.url} does not send Issue events`,
        `  Tick “Issues” on it in ${WEBHOOK_SETTINGS}, or run setup with --webhook-url to register one that does.`,
      ];
    case 'none':
      return [
        `✗ Linear: no webhook for commitline${status.more ? ` among the first ${status.looked} of this workspace` : ''}`,
        '  Run setup again with --webhook-url https://<your commitline host>/webhooks/linear: it registers one and prints the LINEAR_WEBHOOK_SECRET to set. Until then only the nightly reconcile sees shipped issues.',
      ];
  }
}
