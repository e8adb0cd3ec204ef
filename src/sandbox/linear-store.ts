/**
 * The sandbox's Linear, in memory: users, labels, workflow states, issues and webhooks. Changes
 * to issues are delivered to registered webhooks exactly as Linear signs and sends them.
 */
import { createHmac, randomUUID } from 'node:crypto';

export interface LinearUser {
  id: string;
  name: string;
  email: string;
}
export interface LinearTeam {
  id: string;
  name: string;
  key: string;
}
export interface LinearLabel {
  id: string;
  name: string;
  color: string;
}
export interface LinearState {
  id: string;
  name: string;
  type: 'backlog' | 'unstarted' | 'started' | 'completed' | 'canceled';
}
export interface LinearIssue {
  id: string;
  number: number;
  identifier: string;
  title: string;
  url: string;
  teamId: string;
  assigneeId: string | null;
  labelIds: string[];
  stateId: string;
  startedAt: string | null;
  completedAt: string | null;
  canceledAt: string | null;
  /** Set once archived (Linear archives completed issues after a team-set period). */
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface LinearWebhookRecord {
  id: string;
  url: string;
  secret: string;
  enabled: boolean;
  resourceTypes: string[];
  label: string;
}

export interface Delivery {
  url: string;
  deliveryId: string;
  status: number;
  at: string;
}

export class LinearStore {
  readonly organization = { id: randomUUID(), name: 'Sandbox Inc', urlKey: 'sandbox' };
  readonly viewer: LinearUser;
  /** One team, ENG, as in a small workspace; every issue belongs to it. */
  readonly team: LinearTeam = { id: randomUUID(), name: 'Engineering', key: 'ENG' };
  readonly users = new Map<string, LinearUser>();
  readonly labels = new Map<string, LinearLabel>();
  readonly states: LinearState[] = [
    { id: randomUUID(), name: 'Todo', type: 'unstarted' },
    { id: randomUUID(), name: 'In Progress', type: 'started' },
    { id: randomUUID(), name: 'Done', type: 'completed' },
    { id: randomUUID(), name: 'Canceled', type: 'canceled' },
  ];
  readonly issues = new Map<string, LinearIssue>();
  readonly webhooks = new Map<string, LinearWebhookRecord>();
  readonly deliveries: Delivery[] = [];
  /** Every GraphQL request answered: its operation, status and first error, for tests that look. */
  readonly requests: { operation: string; status: number; error?: string }[] = [];
  now: () => Date = () => new Date();
  #number = 0;

  constructor() {
    this.viewer = this.addUser({ name: 'Sandbox Admin', email: 'admin@sandbox.test' });
  }

  addUser(user: Omit<LinearUser, 'id'> & { id?: string }): LinearUser {
    const stored = { ...user, id: user.id ?? randomUUID() };
    this.users.set(stored.id, stored);
    return stored;
  }

  userByEmail(email: string): LinearUser | undefined {
    const wanted = email.toLowerCase();
    return [...this.users.values()].find((u) => u.email.toLowerCase() === wanted);
  }

  labelByName(name: string): LinearLabel | undefined {
    const wanted = name.toLowerCase();
    return [...this.labels.values()].find((l) => l.name.toLowerCase() === wanted);
  }

  addLabel(name: string): LinearLabel {
    const label = { id: randomUUID(), name, color: '#4cb782' };
    this.labels.set(label.id, label);
    return label;
  }

  state(type: LinearState['type']): LinearState {
    return this.states.find((s) => s.type === type) as LinearState;
  }

  /** Creates an issue and tells the webhooks. */
  async addIssue(input: {
    title: string;
    assigneeId: string | null;
    labelIds?: string[];
  }): Promise<LinearIssue> {
    this.#number += 1;
    const now = this.now().toISOString();
    const issue: LinearIssue = {
      id: randomUUID(),
      number: this.#number,
      identifier: `ENG-${this.#number}`,
      title: input.title,
      url: `https://linear.app/${this.organization.urlKey}/issue/ENG-${this.#number}`,
      teamId: this.team.id,
      assigneeId: input.assigneeId,
      labelIds: input.labelIds ?? [],
      stateId: this.state('unstarted').id,
      startedAt: null,
      completedAt: null,
      canceledAt: null,
      archivedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    this.issues.set(issue.id, issue);
    await this.deliver('create', issue);
    return issue;
  }

  /** Changes an issue; moving it to a started, completed or canceled state stamps it, as Linear does. */
  async updateIssue(
    id: string,
    change: Partial<Pick<LinearIssue, 'title' | 'assigneeId' | 'labelIds' | 'stateId'>>,
  ): Promise<LinearIssue> {
    const issue = this.issues.get(id);
    if (!issue) throw new Error(`no issue ${id}`);
    const before = { ...issue };
    Object.assign(issue, change);
    const type = this.states.find((s) => s.id === issue.stateId)?.type;
    const now = this.now().toISOString();
    issue.completedAt = type === 'completed' ? (before.completedAt ?? now) : null;
    issue.canceledAt = type === 'canceled' ? (before.canceledAt ?? now) : null;
    if ((type === 'started' || type === 'completed') && !issue.startedAt) issue.startedAt = now;
    issue.updatedAt = this.now().toISOString();
    const updatedFrom: Record<string, unknown> = { updatedAt: before.updatedAt };
    for (const key of [
      'title',
      'assigneeId',
      'labelIds',
      'stateId',
      'startedAt',
      'completedAt',
      'canceledAt',
    ] as const) {
      if (JSON.stringify(before[key]) !== JSON.stringify(issue[key])) updatedFrom[key] = before[key];
    }
    await this.deliver('update', issue, updatedFrom);
    return issue;
  }

  completeIssue(id: string): Promise<LinearIssue> {
    return this.updateIssue(id, { stateId: this.state('completed').id });
  }

  /** A person ships an issue: it carries `labelName` (created if need be) and moves to Done. */
  async shipIssue(id: string, labelName: string): Promise<LinearIssue> {
    const issue = this.issues.get(id);
    if (!issue) throw new Error(`no issue ${id}`);
    const label = this.labelByName(labelName) ?? this.addLabel(labelName);
    const labelIds = issue.labelIds.includes(label.id) ? issue.labelIds : [...issue.labelIds, label.id];
    return this.updateIssue(id, { labelIds, stateId: this.state('completed').id });
  }

  /**
   * Linear archives an issue (by hand, or its team's auto-archive of completed issues): hidden
   * from lists without `includeArchived`, and delivered as an `update` carrying `archivedAt`.
   */
  async archiveIssue(id: string): Promise<LinearIssue> {
    const issue = this.issues.get(id);
    if (!issue) throw new Error(`no issue ${id}`);
    const before = issue.updatedAt;
    issue.archivedAt = this.now().toISOString();
    issue.updatedAt = issue.archivedAt;
    await this.deliver('update', issue, { updatedAt: before, archivedAt: null });
    return issue;
  }

  /** A person reopens an issue: back to In Progress, so it stops counting where it counted. */
  reopenIssue(id: string): Promise<LinearIssue> {
    return this.updateIssue(id, { stateId: this.state('started').id });
  }

  /** An issue by id or identifier (ENG-12), as Linear's `issue(id:)` accepts both. */
  findIssue(idOrIdentifier: string): LinearIssue | undefined {
    return (
      this.issues.get(idOrIdentifier) ??
      [...this.issues.values()].find((i) => i.identifier.toLowerCase() === idOrIdentifier.toLowerCase())
    );
  }

  /** The Issue webhook body Linear sends (the fields commitline and most receivers read). */
  issuePayload(action: string, issue: LinearIssue, updatedFrom?: Record<string, unknown>) {
    const state = this.states.find((s) => s.id === issue.stateId);
    return {
      action,
      type: 'Issue',
      createdAt: this.now().toISOString(),
      organizationId: this.organization.id,
      url: issue.url,
      webhookTimestamp: Date.now(),
      webhookId: '',
      data: {
        id: issue.id,
        createdAt: issue.createdAt,
        updatedAt: issue.updatedAt,
        number: issue.number,
        title: issue.title,
        identifier: issue.identifier,
        url: issue.url,
        teamId: issue.teamId,
        stateId: issue.stateId,
        state: state ? { id: state.id, name: state.name, type: state.type, color: '#5e6ad2' } : undefined,
        assigneeId: issue.assigneeId,
        labelIds: issue.labelIds,
        labels: issue.labelIds.map((id) => this.labels.get(id)).filter(Boolean),
        startedAt: issue.startedAt,
        completedAt: issue.completedAt,
        canceledAt: issue.canceledAt,
        archivedAt: issue.archivedAt,
      },
      ...(updatedFrom ? { updatedFrom } : {}),
    };
  }

  async deliver(action: string, issue: LinearIssue, updatedFrom?: Record<string, unknown>): Promise<void> {
    for (const hook of this.webhooks.values()) {
      if (!hook.enabled || !hook.resourceTypes.includes('Issue')) continue;
      const body = JSON.stringify({ ...this.issuePayload(action, issue, updatedFrom), webhookId: hook.id });
      await this.send(hook.url, hook.secret, body);
    }
  }

  /** Signs and posts a body exactly as Linear does; retried a few times like Linear would. */
  async send(url: string, secret: string, body: string, deliveryId: string = randomUUID()): Promise<number> {
    const signature = createHmac('sha256', secret).update(body).digest('hex');
    let status = 0;
    for (let attempt = 0; attempt < 3 && status !== 200; attempt++) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'linear-delivery': deliveryId,
            'linear-event': 'Issue',
            'linear-signature': signature,
            'user-agent': 'Linear-Webhook',
          },
          body,
        });
        status = response.status;
        await response.body?.cancel();
      } catch {
        status = 0;
      }
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    this.deliveries.push({ url, deliveryId, status, at: this.now().toISOString() });
    return status;
  }
}
