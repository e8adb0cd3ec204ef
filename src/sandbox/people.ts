/**
 * The team's people in the sandbox: every manager and engineer of a team file becomes a Linear
 * user and a Notion person, findable by email exactly as commitline resolves them (Linear's
 * `users(filter: { email: { in: … } })`, Notion's users.list with emails). Never the bot.
 */
import type { Identity, TeamConfig } from '../config/team.js';
import type { LinearStore } from './linear-store.js';
import type { NotionStore } from './notion-store.js';

export interface SandboxPerson {
  /** The team file's id (ana, maya). */
  key: string;
  name: string;
  email: string;
  role: 'engineer' | 'manager';
  linearUserId: string;
  notionUserId: string;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const dashed = (id: string) => {
  const hex = id.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export class People {
  readonly #people: SandboxPerson[] = [];

  constructor(
    private readonly linear: LinearStore,
    private readonly notion: NotionStore,
  ) {}

  list(): readonly SandboxPerson[] {
    return this.#people;
  }

  /**
   * Adds a person to both workspaces (once per email). A team file that names a person by user id
   * gets that id in the sandbox, so commitline finds them by id as well.
   */
  add(person: {
    key: string;
    name: string;
    role: SandboxPerson['role'];
    notion?: Identity;
    linear?: Identity;
  }): SandboxPerson {
    const email = (
      person.notion?.email ??
      person.linear?.email ??
      `${person.key}@sandbox.test`
    ).toLowerCase();
    const known = this.find(email) ?? this.#people.find((p) => p.key === person.key);
    if (known) return known;
    const linearId = person.linear?.id;
    const notionId = person.notion?.id;
    const linearUser =
      this.linear.userByEmail(person.linear?.email ?? email) ??
      this.linear.addUser({
        name: person.name,
        email: person.linear?.email ?? email,
        ...(linearId ? { id: linearId } : {}),
      });
    const notionUser =
      this.notion.personByEmail(person.notion?.email ?? email) ??
      this.notion.addUser({
        type: 'person',
        name: person.name,
        email: person.notion?.email ?? email,
        ...(notionId && UUID.test(notionId) ? { id: dashed(notionId) } : {}),
      });
    const seeded: SandboxPerson = {
      key: person.key,
      name: person.name,
      email,
      role: person.role,
      linearUserId: linearUser.id,
      notionUserId: notionUser.id,
    };
    this.#people.push(seeded);
    return seeded;
  }

  /** Every manager and engineer of a team file. */
  seedTeam(team: Pick<TeamConfig, 'managers' | 'roster'>): SandboxPerson[] {
    return [
      ...team.managers.map((m) => this.add({ key: m.id, name: m.name, role: 'manager', notion: m.notion })),
      ...team.roster.map((e) =>
        this.add({ key: e.id, name: e.name, role: 'engineer', notion: e.notion, linear: e.linear }),
      ),
    ];
  }

  /** A person by email (any case), team-file id, or either workspace's user id. */
  find(who: string): SandboxPerson | undefined {
    const wanted = who.toLowerCase();
    return this.#people.find(
      (p) =>
        p.email === wanted ||
        p.key === who ||
        p.linearUserId === who ||
        p.notionUserId === wanted ||
        p.notionUserId.replace(/-/g, '') === wanted,
    );
  }
}
