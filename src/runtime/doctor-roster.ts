/**
 * Doctor's roster checks, as a start would meet them: every engineer's Linear and Notion identity
 * and every manager's Notion identity resolve to one real person, nobody shares one, and nobody is
 * commitline's own integration (it would sign its own reminders). Pure: the people are looked up
 * by the caller, once per workspace.
 */
import type { Identity, TeamConfig } from '../config/team.js';
import { plural } from '../domain/index.js';

export interface RosterCheck {
  ok: boolean;
  warning?: boolean;
  line: string;
  fix?: string;
}

export interface WorkspacePerson {
  id: string;
  /** Lower-case; absent when the workspace does not say (Notion without the email capability). */
  email?: string;
  name: string;
  /** False for a deactivated Linear user. */
  active?: boolean;
}

/** What one workspace told doctor: its people, or why it could not be asked. */
export type Workspace =
  | { people: readonly WorkspacePerson[]; botId?: string; emailsReadable?: boolean }
  | { unavailable: string };

type Outcome = 'ok' | 'failed' | 'unknown';

interface Holder {
  who: string;
  path: string;
}

const WORKSPACE = { linear: 'Linear', notion: 'Notion' } as const;

function described(identity: Identity): string {
  return identity.email ?? identity.id ?? '(none)';
}

/**
 * Resolves one identity in one workspace: the person, or why not (one line naming the identity,
 * e.g. "dana@example.com: no Linear user with this email").
 */
function resolve(
  identity: Identity,
  service: keyof typeof WORKSPACE,
  workspace: Extract<Workspace, { people: unknown }>,
): { person: WorkspacePerson } | { problem: string; warning?: boolean } {
  const name = WORKSPACE[service];
  if (identity.id) {
    const person = workspace.people.find((p) => p.id === identity.id);
    if (!person) return { problem: `${identity.id}: no ${name} user with this id` };
    return { person };
  }
  const email = identity.email ?? '';
  if (service === 'notion' && workspace.emailsReadable === false) {
    return {
      problem: `${email}: not checked, the integration cannot read email addresses`,
      warning: true,
    };
  }
  const person = workspace.people.find((p) => p.email === email);
  if (!person) return { problem: `${email}: no ${name} user with this email` };
  return { person };
}

const FIX = {
  linear: 'fix the address or give the Linear user id in the team file, or invite the person to Linear',
  notion:
    'fix the address or give the Notion user id in the team file, or invite the person to the Notion workspace',
} as const;

export function checkRoster(team: TeamConfig, linear: Workspace, notion: Workspace): RosterCheck[] {
  const results: RosterCheck[] = [];
  const resolved = { linear: new Map<string, Holder[]>(), notion: new Map<string, Holder[]>() };
  // The Notion user each team member resolved to, for their engineers' manager check.
  const notionOf = new Map<string, { outcome: Outcome; identity: string }>();
  let failures = 0;
  let unchecked = 0;

  const check = (
    identity: Identity,
    service: keyof typeof WORKSPACE,
    workspace: Workspace,
    holder: Holder,
  ): Outcome => {
    if ('unavailable' in workspace) return 'unknown';
    const outcome = resolve(identity, service, workspace);
    if ('problem' in outcome) {
      if (outcome.warning) {
        unchecked += 1;
        results.push({ ok: true, warning: true, line: `${outcome.problem} (${holder.who}, ${holder.path})` });
        return 'unknown';
      }
      failures += 1;
      results.push({
        ok: false,
        line: `${outcome.problem} (${holder.who}, ${holder.path})`,
        fix: FIX[service],
      });
      return 'failed';
    }
    const { person } = outcome;
    if (service === 'linear' && person.active === false) {
      results.push({
        ok: true,
        warning: true,
        line: `${described(identity)}: the Linear user ${person.name} is deactivated (${holder.who}, ${holder.path})`,
      });
    }
    if (service === 'notion' && 'botId' in workspace && workspace.botId === person.id) {
      failures += 1;
      results.push({
        ok: false,
        line: `${described(identity)} is commitline's own Notion integration, not a person (${holder.who}, ${holder.path})`,
        fix: 'give the person’s own Notion user: commitline would sign its own reminders otherwise',
      });
      return 'failed';
    }
    const holders = resolved[service].get(person.id) ?? [];
    holders.push(holder);
    resolved[service].set(person.id, holders);
    return 'ok';
  };

  team.managers.forEach((m, i) => {
    const path = `managers[${i}].notion`;
    const outcome = check(m.notion, 'notion', notion, { who: m.name, path });
    notionOf.set(m.id, { outcome, identity: described(m.notion) });
  });
  team.roster.forEach((e, i) => {
    check(e.linear, 'linear', linear, { who: e.name, path: `roster[${i}].linear` });
    const outcome = check(e.notion, 'notion', notion, { who: e.name, path: `roster[${i}].notion` });
    notionOf.set(e.id, { outcome, identity: described(e.notion) });
  });

  // Each engineer's manager must be someone commitline can name in Notion (signatures, nudges).
  if (!('unavailable' in notion)) {
    for (const e of team.roster) {
      const manager = notionOf.get(e.managerId);
      if (manager?.outcome === 'failed') {
        failures += 1;
        const name =
          team.managers.find((m) => m.id === e.managerId)?.name ??
          team.roster.find((r) => r.id === e.managerId)?.name ??
          e.managerId;
        results.push({
          ok: false,
          line: `${e.name}'s manager ${name} (${manager.identity}) does not resolve in Notion`,
          fix: 'fix the manager’s Notion identity in the team file: their signature and grades are read by it',
        });
      }
    }
  }

  // Two engineers on one user: the user's shipped issues would count twice, the signatures blur.
  for (const service of ['linear', 'notion'] as const) {
    for (const [id, holders] of resolved[service]) {
      const engineers = holders.filter((h) => h.path.startsWith('roster'));
      if (engineers.length < 2) continue;
      failures += 1;
      const names = engineers.map((h) => `${h.who} (${h.path})`).join(' and ');
      results.push({
        ok: false,
        line: `${names} are one ${WORKSPACE[service]} user (${id})`,
        fix: `each engineer needs their own ${WORKSPACE[service]} user: fix one of them in the team file`,
      });
    }
  }

  for (const [service, workspace] of [
    ['linear', linear],
    ['notion', notion],
  ] as const) {
    if ('unavailable' in workspace) {
      results.push({
        ok: false,
        line: `roster not checked in ${WORKSPACE[service]}: ${workspace.unavailable}`,
        fix: `fix the ${WORKSPACE[service]} problem above, then run doctor again`,
      });
    }
  }
  if (failures === 0 && unchecked === 0 && !('unavailable' in linear) && !('unavailable' in notion)) {
    results.unshift({
      ok: true,
      line: `roster: ${plural(team.roster.length, 'engineer')} and their managers resolve in Linear and Notion, each their own person`,
    });
  }
  return results;
}
