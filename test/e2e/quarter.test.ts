/**
 * A quarter of 13 weeks for four engineers, end to end: signed Linear webhooks → API → queues →
 * workers → the sandbox's Notion, with people acting in Notion and the cadence steps run as the
 * schedulers would. The workers are restarted after week 6, as a deploy would.
 */
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../workers/register.js';
import { runSimulation, type Simulation } from '../../src/demo/simulation.js';
import { DEMO_TEAM } from '../../src/demo/team.js';
import { gridText } from '../../src/domain/grid.js';
import { QUEUE } from '../../src/queue/names.js';
import { plain, propertyText } from '../../src/sandbox/notion-store.js';
import { commandRedis, REDIS_URL } from '../helpers/redis.js';

const TEAM = DEMO_TEAM.filter((e) => ['ana', 'ben', 'chen', 'dev'].includes(e.id));
let simulation: Simulation;
const redis = commandRedis();

beforeAll(async () => {
  simulation = await runSimulation({ redisUrl: REDIS_URL, team: TEAM, notionRate: 400, restartAfterWeek: 6 });
}, 180_000);

afterAll(async () => {
  await simulation?.close();
  redis.disconnect();
});

function commitlineComments(engineerId: string): string[] {
  const notion = simulation.sandbox.notion;
  const pageId = simulation.pages.get(engineerId);
  return notion.comments
    .filter((c) => c.pageId === pageId && c.created_by === notion.bot.id)
    .map((c) => plain(c.rich_text));
}

describe('when a quarter runs through the whole pipeline', () => {
  it('should show the expected grid', () => {
    expect(gridText(simulation.grid).split('\n')).toEqual([
      'Team baseline 2026-Q4',
      'Engineer     W40  W41  W42  W43  W44  W45  W46  W47  W48  W49  W50  W51  W52  W53  Shipped  Streak',
      'Ana Ruiz     ✅   ✅   ✅   ✅   ❌   ❌   ✅   ✅   ✅   ✅   ✅   ✅   ✅        11/13    —',
      'Ben Adeyemi  ✅   ✅   ✅   ✅   ✅   ✅   ✅   🟡   ✅   ✅   ✅   ✅   ✅        12/12    —',
      'Chen Wei     ✅   ✅   ❌   ✅   ✅   ❌   ✅   ✅   ❌   ✅   ✅   ❌   ✅        9/13     —',
      'Dev Patel    ✅   ✅   ❌   ✅   ✅   ✅   ✅   ✅   ❌   ✅   ✅   ✅   ✅        11/13    —',
    ]);
  });

  it('should write the grid to Notion as the team baseline page', () => {
    const notion = simulation.sandbox.notion;
    const page = simulation.gridPageId ? notion.pages.get(simulation.gridPageId) : undefined;
    expect(page && notion.title(page)).toBe('Team baseline 2026-Q4');
    const table = page?.children
      .map((id) => notion.blocks.get(id))
      .find((b) => b?.type === 'table' && !b.in_trash);
    const rows = table?.children.map((id) =>
      ((notion.blocks.get(id)?.content.cells ?? []) as never[][]).map((cell) => plain(cell)),
    );
    expect(rows?.[1]?.slice(0, 3)).toEqual(['Ana Ruiz', '✅', '✅']);
    expect(rows).toHaveLength(5);
  });

  it('should post each comment exactly once, in exactly these words, on the right page', () => {
    const checkpoint = (name: string) =>
      `@Maya Okafor Week 7: time for the 30-minute mid-quarter checkpoint with ${name}. Re-scope here if something changed; when you have held it, comment “Checkpoint held”.`;
    const grading = (name: string) =>
      `@${name} @Maya Okafor Time for the graded review. Each of you grades every commitment hit, missed or partial in a comment, e.g. “1 hit, 2 partial, 3 missed”. Where your grades differ, this page will say so: that is the review’s agenda.`;
    expect(commitlineComments('ana')).toEqual([
      '@Ana Ruiz @Maya Okafor Commitment 2 was edited after signing, by someone other than Ana Ruiz. The commitments are Ana Ruiz’s to write: if the change is agreed, Ana Ruiz makes it and you both sign again.',
      '@Maya Okafor Ana Ruiz has had no production-visible change since 2026-W44: 2 weeks in a row (2026-W44, 2026-W45); the page’s Miss streak keeps the count while it lasts. Not a verdict, a question for your next 1:1: what got in the way? The usual causes are a broken local environment, an undocumented system, scope that was not understood, or a sick week nobody flagged. If it was leave or sickness, tick Excused on those weeks.',
      checkpoint('Ana Ruiz'),
      grading('Ana Ruiz'),
    ]);
    expect(commitlineComments('ben')).toEqual([
      '@Ben Adeyemi @Maya Okafor Signed with one thing to look at together (advice, not a gate): Would you be okay if only the first 3 were hit? If yes, cut to those 3; if not, say which of the last 2 matters more.',
      checkpoint('Ben Adeyemi'),
      grading('Ben Adeyemi'),
    ]);
    expect(commitlineComments('chen')).toEqual([checkpoint('Chen Wei'), grading('Chen Wei')]);
    expect(commitlineComments('dev')).toEqual([
      '@Maya Okafor Week 1 is over and these commitments are not signed by both of you yet. Each of you comments “I commit to these as of <date>”.',
      checkpoint('Dev Patel'),
      grading('Dev Patel'),
    ]);
  });

  it('should leave every page graded, with the disagreement shown', () => {
    const notion = simulation.sandbox.notion;
    const props = (id: string) => notion.pages.get(simulation.pages.get(id) ?? '')?.properties ?? {};
    for (const e of TEAM) expect(propertyText(props(e.id).Status)).toBe('Graded');
    expect(propertyText(props('ben').Flags)).toContain('Grades differ');
    expect(propertyText(props('ben').Hit)).toBe('2');
    expect(propertyText(props('ana').Flags)).toContain('Changed since signing');
    expect(propertyText(props('ana').Flags)).toContain('Edited by someone else');
    expect(propertyText(props('ana')['Weeks missed'])).toBe('2');
  });

  it('should keep one weekly row per engineer and week, with the excused week as a person ticked it', () => {
    const notion = simulation.sandbox.notion;
    const rows = [...notion.pages.values()].filter((p) => /· 2026-W\d\d$/.test(notion.title(p)));
    expect(rows).toHaveLength(4 * 13);
    const benW47 = rows.find((r) => notion.title(r) === 'Ben Adeyemi · 2026-W47');
    expect(propertyText(benW47?.properties.Status)).toBe('excused');
    expect(propertyText(benW47?.properties.Excused)).toBe('☑');
  });

  it('should leave exactly one scheduler per kind after the workers restarted', async () => {
    const queue = new Queue(QUEUE.cadence, { connection: redis, prefix: simulation.prefix });
    const schedulers = await queue.getJobSchedulers(0, -1, true);
    // A change to a past week (Ben's Excused tick) asked for the grid to follow, once.
    const gridJobs = (await queue.getJobs(['delayed', 'waiting', 'completed'])).filter(
      (j) => j.name === 'team-grid',
    );
    await queue.close();
    expect(gridJobs.length).toBeGreaterThanOrEqual(1);
    expect(gridJobs[0]?.data).toEqual({ step: 'team-grid', quarterId: '2026-Q4' });
    // The whole team lives in Berlin: one scheduler per step of the week, for that zone.
    expect(schedulers.map((s) => s.key).sort()).toEqual([
      'checkpoint@Europe/Berlin',
      'grading@Europe/Berlin',
      'notion-sweep',
      'quarter-open@Europe/Berlin',
      'reconcile',
      'signing-reminder@Europe/Berlin',
      'weekly-close@Europe/Berlin',
    ]);
  });
});
