/**
 * A quarter played through the real pipeline, against the sandbox: Linear sends signed webhooks
 * to commitline's API, the queues and workers do their work, and the pages appear in the
 * sandbox's Notion. People act in Notion (commitments, signatures, Excused, grades) and Notion's
 * signed events tell commitline. The demo prints the result; the end-to-end tests assert it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { readEnv } from '../config/env.js';
import type { TeamConfig } from '../config/team.js';
import type { CalendarSettings, Quarter, TeamGrid } from '../domain/index.js';
import { dayOf, formatDayLabel, gridTitle, quarterById } from '../domain/index.js';
import { createLinearApi, createLinearDirectory } from '../linear/index.js';
import {
  createNotionClient,
  createNotionLimiter,
  QUARTER_PROPS,
  setupNotion,
  storeTargets,
  WEEK_PROPS,
} from '../notion/index.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { createRedis, waitReady } from '../queue/connection.js';
import { QUEUE, QUEUE_NAMES } from '../queue/names.js';
import { notionEventReader } from '../runtime/adapters.js';
import { buildApiServer } from '../runtime/api.js';
import type { ProcessContext } from '../runtime/context.js';
import { computeTeamGrid } from '../runtime/grid.js';
import { startWorkerProcess, type WorkerProcess } from '../runtime/worker-process.js';
import {
  createSandbox,
  SANDBOX_LINEAR_KEY,
  SANDBOX_NOTION_TOKEN,
  SANDBOX_SLACK_CHANNEL,
  SANDBOX_SLACK_TOKEN,
  type Sandbox,
} from '../sandbox/sandbox.js';
import { DEMO_MANAGER, DEMO_TEAM, type DemoEngineer } from './team.js';

export interface SimulationOptions {
  redisUrl: string;
  quarterId?: string;
  /** Weeks of the quarter to play (default 13: through the graded review). */
  weeks?: number;
  /** Notion requests per second, in the sandbox and commitline alike. */
  notionRate?: number;
  team?: DemoEngineer[];
  /** Stop and start the workers again after this week, as a redeploy would. */
  restartAfterWeek?: number;
  say?: (line: string) => void;
}

export interface Simulation {
  sandbox: Sandbox;
  quarter: Quarter;
  settings: CalendarSettings;
  prefix: string;
  grid: TeamGrid;
  /** The quarter page of each engineer, by engineer id. */
  pages: Map<string, string>;
  gridPageId?: string;
  notionUsers: Map<string, string>;
  close(): Promise<void>;
}

const SETTINGS: CalendarSettings = { timezone: 'Europe/Berlin', weekClose: { day: 5, time: '18:00' } };

export async function runSimulation(options: SimulationOptions): Promise<Simulation> {
  const say = options.say ?? (() => {});
  const team = options.team ?? DEMO_TEAM;
  const rate = options.notionRate ?? 60;
  const quarter = quarterById(options.quarterId ?? '2026-Q4', SETTINGS);
  const weeks = Math.min(options.weeks ?? 13, quarter.weeks.length);
  const prefix = `{demo-${randomUUID().slice(0, 8)}}`;
  let now = new Date(quarter.start.getTime() + 3_600_000);

  // commitline's configuration: people by email, resolved through both APIs at start.
  const teamConfig: TeamConfig = {
    timezone: SETTINGS.timezone,
    label: 'production-visible',
    weekClose: SETTINGS.weekClose,
    managers: [{ id: DEMO_MANAGER.id, name: DEMO_MANAGER.name, notion: { email: DEMO_MANAGER.email } }],
    roster: team.map((e) => ({
      id: e.id,
      name: e.name,
      notion: { email: e.email },
      linear: { email: e.email },
      managerId: DEMO_MANAGER.id,
      startDate: e.startDate,
      tier: e.tier,
    })),
  };

  // The sandbox: Linear and Notion, with this team in them; people act through its actions.
  // Slack's message timestamps follow the simulated clock, as the weeks would have in real time.
  const sandbox = createSandbox({ notionRatePerSecond: rate, team: teamConfig, slackClock: () => now });
  sandbox.linear.now = () => now;
  sandbox.notion.now = () => now;
  const urls = await sandbox.listen(0);
  sandbox.linear.addLabel('production-visible');
  const act = sandbox.actions;
  const notionUsers = new Map(sandbox.people.list().map((p) => [p.key, p.notionUserId]));
  const emailOf = new Map(sandbox.people.list().map((p) => [p.key, p.email]));
  const parent = sandbox.notion.addPage('Engineering goals', undefined, notionUsers.get(DEMO_MANAGER.id));

  const linearSecret = randomBytes(24).toString('hex');
  const notionSecret = `secret_${randomBytes(16).toString('hex')}`;
  const env = readEnv({
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: prefix,
    LINEAR_API_KEY: SANDBOX_LINEAR_KEY,
    LINEAR_API_URL: urls.linearApiUrl,
    LINEAR_WEBHOOK_SECRET: linearSecret,
    NOTION_TOKEN: SANDBOX_NOTION_TOKEN,
    NOTION_API_URL: urls.notionApiUrl,
    NOTION_PARENT_PAGE_ID: parent.id,
    NOTION_WEBHOOK_SECRET: notionSecret,
    NOTION_RATE_LIMIT: String(rate),
    // The Friday digest goes to the sandbox's Slack channel after each week's close.
    SLACK_BOT_TOKEN: SANDBOX_SLACK_TOKEN,
    SLACK_CHANNEL: SANDBOX_SLACK_CHANNEL.id,
    SLACK_API_URL: urls.slackApiUrl,
    RECOMPUTE_DEBOUNCE_SECONDS: '0.05',
    SHUTDOWN_GRACE_SECONDS: '5',
    LOG_LEVEL: 'warn',
  });
  const logger = createLogger({ level: 'warn' });
  const context: ProcessContext = {
    env,
    team: teamConfig,
    logger,
    metrics: createMetrics({ defaultMetrics: false }),
  };

  // Setup, as `commitline setup` does it.
  const redis = createRedis(env.redisUrl, 'command');
  await waitReady(redis, 5_000);
  const limiter = createNotionLimiter({ redis, prefix, ratePerSecond: rate });
  const client = createNotionClient({ token: SANDBOX_NOTION_TOKEN, baseUrl: urls.notionApiUrl, limiter });
  // The quarter is played from its first day, so that is the day commitline went live.
  const { targets } = await setupNotion({
    client,
    parentPageId: parent.id,
    liveSince: dayOf(now, SETTINGS.timezone),
  });
  await storeTargets(redis, prefix, targets);

  let worker: WorkerProcess = await startWorkerProcess(context, { now: () => now });
  const api = buildApiServer({
    ...context,
    label: { name: 'production-visible', ids: new Set() },
    notionReader: notionEventReader(env),
    // People act one after another here; a burst of their events needs no long wait.
    notionEventDelayMs: 100,
  });
  await api.ready();
  await api.listen({ port: 0, opsPort: 0, host: '127.0.0.1' });
  const address = api.app.server.address();
  const apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await createLinearDirectory(
    createLinearApi({ apiKey: SANDBOX_LINEAR_KEY, apiUrl: urls.linearApiUrl }),
  ).createWebhook({
    url: `${apiUrl}/webhooks/linear`,
    secret: linearSecret,
    label: 'commitline',
  });
  say(`sandbox on ${urls.linearApiUrl.replace('/graphql', '')}, commitline API on ${apiUrl}`);

  const queues = QUEUE_NAMES.map((name) => new Queue(name, { connection: redis, prefix }));
  const cadence = queues.find((q) => q.name === QUEUE.cadence) as Queue;
  async function idle() {
    for (let calm = 0; calm < 2; ) {
      await new Promise((r) => setTimeout(r, 40));
      // The cadence queue always holds the schedulers' next (delayed) runs: only running steps count.
      const counts = await Promise.all(
        queues.map((q) =>
          q.name === QUEUE.cadence
            ? q.getJobCounts('waiting', 'active', 'prioritized')
            : q.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
        ),
      );
      const busy = counts.reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0);
      calm = busy === 0 ? calm + 1 : 0;
    }
  }
  async function step(name: string) {
    await cadence.add(name, { step: name }, { removeOnComplete: true });
    await idle();
  }
  await act.subscribeNotion(`${apiUrl}/webhooks/notion`, notionSecret);
  const pageOf = (engineerId: string) =>
    sandbox.notion.pagesWhere(targets.quarterDataSourceId, QUARTER_PROPS.engineerKey, engineerId)[0]?.id;
  async function comment(engineerId: string, author: string, text: string) {
    const pageId = pageOf(engineerId);
    if (!pageId) return;
    await act.comment(author, { pageId }, text);
  }
  const manager = DEMO_MANAGER.email;
  const me = (e: DemoEngineer) => emailOf.get(e.id) ?? e.email;
  const started = (e: DemoEngineer, weekIndex: number) =>
    (quarter.weeks[weekIndex]?.end.toISOString().slice(0, 10) ?? '') > e.startDate;

  for (let i = 0; i < weeks; i++) {
    const week = quarter.weeks[i];
    if (!week) break;
    const n = i + 1;
    now = new Date(week.start.getTime() + 2.5 * 86_400_000);
    if (n === 1) {
      await step('quarter-open');
      for (const e of team) {
        const pageId = pageOf(e.id);
        if (!pageId) continue;
        await act.writeCommitments(me(e), pageId, e.commitments);
      }
      await idle();
      const day = formatDayLabel(dayOf(now, SETTINGS.timezone)).split(' ').slice(1, 3).join(' ');
      for (const e of team) {
        if (e.id === 'eve') continue; // Eve joins in week 2 and signs then.
        await comment(e.id, me(e), `I commit to these as of ${day}`);
        if (e.id !== 'dev') await comment(e.id, manager, `I commit to these as of ${day}.`);
      }
    }
    if (n === 2) {
      await comment('eve', emailOf.get('eve') ?? '', 'I commit to these as of 7 October');
      await comment('eve', manager, 'I commit to these as of 7 October');
      await comment('dev', manager, 'i commit to these as of 9 october!');
    }
    if (n === 3) {
      // The manager rewrites a commitment after signing: the page says so, once.
      const pageId = pageOf('ana');
      const second = pageId
        ? sandbox.notion.pages
            .get(pageId)
            ?.children.map((id) => sandbox.notion.blocks.get(id))
            .filter((b) => b?.type === 'numbered_list_item' && !b.in_trash)[1]
        : undefined;
      if (second) {
        await act.editBlock(manager, second.id, 'Raise line coverage of the auth module from 12% to 85%');
      }
    }
    for (const e of team) {
      if (!e.ships.includes(n) || !started(e, i)) continue;
      const issue = await act.createIssue(me(e), `${e.name.split(' ')[0]}: user-facing change ${n}`);
      await act.ship(issue.id);
    }
    await idle();
    if (n === 7) {
      await step('checkpoint');
      for (const e of team)
        if (e.id !== 'chen') await comment(e.id, manager, 'Checkpoint held: scope confirmed.');
    }
    if (n === 13) {
      await step('grading');
      for (const e of team) {
        await comment(e.id, me(e), e.grades.engineer);
        await comment(e.id, manager, e.grades.manager);
      }
    }
    await idle();
    now = new Date(week.closesAt.getTime() + 5 * 60_000);
    if (n === 1) await step('signing-reminder');
    await step('weekly-close');
    // Leave is ticked after the fact, on the week's row, which the close has just written.
    for (const e of team) {
      if (!e.excused?.includes(n)) continue;
      const row = sandbox.notion
        .pagesWhere(targets.weekDataSourceId, WEEK_PROPS.engineerKey, e.id)
        .find((r) => sandbox.notion.title(r).endsWith(week.id));
      if (!row) continue;
      await act.setExcused(me(e), { pageId: row.id });
      await idle();
    }
    say(`week ${String(n).padStart(2)} (${week.id}) closed`);
    if (options.restartAfterWeek === n) {
      await worker.close();
      worker = await startWorkerProcess(context, { now: () => now });
      say('workers restarted');
    }
  }

  const roster = worker.roster;
  const grid = await computeTeamGrid(
    {
      roster,
      settings: SETTINGS,
      label: 'production-visible',
      linear: worker.adapters.linear,
      notion: worker.adapters.notion,
      now: () => now,
    },
    quarter,
  );
  const gridPageId = [...sandbox.notion.pages.values()].find(
    (p) => sandbox.notion.title(p) === gridTitle(quarter.id),
  )?.id;
  const pages = new Map(team.map((e) => [e.id, pageOf(e.id) ?? '']));
  return {
    sandbox,
    quarter,
    settings: SETTINGS,
    prefix,
    grid,
    pages,
    ...(gridPageId ? { gridPageId } : {}),
    notionUsers,
    async close() {
      await api.close();
      await worker.close();
      await Promise.all(queues.map((q) => q.close()));
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        keys.push(...found);
      } while (cursor !== '0');
      for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
      redis.disconnect();
      await sandbox.close();
    },
  };
}
