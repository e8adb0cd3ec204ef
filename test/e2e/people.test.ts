/**
 * People writing on their quarter pages in their own words, end to end on the sandbox: each acts
 * through the sandbox's control actions (a comment on the page or inline on a block, an edit of a
 * commitment), and each act is followed by the recompute its Notion event asks for (a fresh read
 * of the page), through the real page store, Linear reader and domain. Each case has its own
 * engineer and page, and ends as that person would expect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTeamYaml } from '../../src/config/team.js';
import type { Engineer } from '../../src/domain/types.js';
import { createLinearApi, createLinearReader } from '../../src/linear/index.js';
import { createNotionQuarterPages } from '../../src/notion/writer.js';
import { createLogger } from '../../src/observability/logger.js';
import { recomputePage } from '../../src/runtime/recompute-page.js';
import { pageToMarkdown } from '../../src/sandbox/markdown.js';
import { plain, propertyText } from '../../src/sandbox/notion-store.js';
import { SANDBOX_LINEAR_KEY } from '../../src/sandbox/sandbox.js';
import { SETTINGS } from '../fixtures/team.js';
import { commandRedis, deleteKeys, testPrefix } from '../helpers/redis.js';
import { sandboxWithNotion } from '../helpers/sandbox.js';

const prefix = testPrefix('people');
const redis = commandRedis();
const CASES = 14;
const team = parseTeamYaml(
  `timezone: Europe/Berlin
managers:
  - { id: maya, name: Maya Okafor, notion: maya@example.com }
roster:
${Array.from({ length: CASES }, (_, i) => `  - { id: e${i}, name: Eng ${i}, linear: e${i}@example.com, notion: e${i}@example.com, manager: maya, startDate: 2025-01-06, tier: mid }`).join('\n')}
  - { id: ben, name: Ben Adeyemi, linear: ben@example.com, notion: ben@example.com, manager: maya, startDate: 2021-01-04, tier: senior }
  - { id: jo, name: Jo Kim, linear: jo@example.com, notion: jo@example.com, manager: maya, startDate: 2026-09-14, tier: junior }
`,
  'people.yaml',
);
let env: Awaited<ReturnType<typeof sandboxWithNotion>>;
let roster: Map<string, Engineer>;
/** The instant the domain and the sandbox agree on. */
let clock = new Date('2026-10-06T10:00:00Z');
let pages: ReturnType<typeof createNotionQuarterPages>;
let linear: ReturnType<typeof createLinearReader>;

const GOALS = [
  'Ship the passkeys flow on web and iOS behind a flag',
  'Cut p95 sign-in latency from 1.4 s to under 600 ms',
  'Land one RFC on the device-trust system',
];

beforeAll(async () => {
  env = await sandboxWithNotion({ redis, prefix, team });
  env.sandbox.notion.now = () => clock;
  const people = new Map(env.sandbox.people.list().map((p) => [p.key, p]));
  const maya = people.get('maya');
  if (!maya) throw new Error('maya was not seeded');
  roster = new Map(
    team.roster.map((r) => {
      const p = people.get(r.id);
      if (!p) throw new Error(`${r.id} was not seeded`);
      const engineer: Engineer = {
        id: r.id,
        name: r.name,
        tier: r.tier,
        startDate: r.startDate,
        linearUserId: p.linearUserId,
        notionUserId: p.notionUserId,
        manager: { id: 'maya', name: maya.name, notionUserId: maya.notionUserId },
      };
      return [r.id, engineer];
    }),
  );
  pages = createNotionQuarterPages({
    client: env.client,
    targets: env.targets,
    redis,
    prefix,
    timezone: SETTINGS.timezone,
  });
  linear = createLinearReader(createLinearApi({ apiKey: SANDBOX_LINEAR_KEY, apiUrl: env.urls.linearApiUrl }));
});
afterAll(async () => {
  await env.sandbox.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

let next = 0;
/** A new engineer of the roster, with a quarter page written for them. */
async function freshPage(id = `e${next++}`) {
  const engineer = roster.get(id);
  if (!engineer) throw new Error(`no ${id}`);
  await recompute(engineer);
  const page = env.sandbox.notion.pagesWhere(env.targets.quarterDataSourceId, 'Engineer key', engineer.id)[0];
  if (!page) throw new Error('no page');
  return { engineer, pageId: page.id };
}

/** What the Notion event of a person's act triggers: a recompute that reads the page afresh. */
function recompute(engineer: Engineer) {
  return recomputePage(
    {
      roster,
      settings: SETTINGS,
      label: 'production-visible',
      linear,
      notion: pages,
      now: () => clock,
      logger: createLogger({ level: 'silent' }),
    },
    { engineerId: engineer.id, quarterId: '2026-Q4', fresh: true },
  );
}

const at = (iso: string) => {
  clock = new Date(iso);
};
const actions = () => env.sandbox.actions;
const property = (pageId: string, name: string) => {
  const page = env.sandbox.notion.pages.get(pageId);
  return page ? propertyText(page.properties[name]) : undefined;
};
const commentsBy = (pageId: string, authorId: string) =>
  env.sandbox.notion.comments
    .filter((c) => c.pageId === pageId && c.created_by === authorId)
    .map((c) => plain(c.rich_text));
const botSays = (pageId: string) => commentsBy(pageId, env.sandbox.notion.bot.id);
/** The page as a person reads it (the sandbox's Markdown view, tables included). */
const sectionText = (pageId: string) => pageToMarkdown(env.sandbox.notion, pageId);

async function write(engineer: Engineer, pageId: string, items: string[]) {
  await actions().writeCommitments(engineer.notionUserId, pageId, items);
  await recompute(engineer);
}
async function say(
  who: string,
  where: { pageId?: string | undefined; blockId?: string | undefined; discussionId?: string | undefined },
  text: string,
  engineer: Engineer,
) {
  await actions().comment(who, where, text);
  await recompute(engineer);
}
const maya = (e: Engineer) => e.manager.notionUserId;
const commitmentBlocks = (pageId: string) =>
  (env.sandbox.notion.pages.get(pageId)?.children ?? [])
    .map((id) => env.sandbox.notion.blocks.get(id))
    .filter((b) => b && !b.in_trash && b.type === 'numbered_list_item')
    .map((b) => b?.id ?? '');

describe('when engineer and manager sign in their own words', () => {
  it.each([
    ['I commit to these goals as of Oct 1, 2026', 'I commit to the above as of 1 October 2026'],
    ['I commit to these commitments as of 2026-10-01.', 'Signed. I commit to these as of today — Maya'],
  ])('should be Signed after “%s” and “%s”', async (engineerWords, managerWords) => {
    at('2026-10-01T09:00:00Z');
    const { engineer, pageId } = await freshPage();
    await write(engineer, pageId, GOALS);
    await say(engineer.notionUserId, { pageId }, engineerWords, engineer);
    expect(property(pageId, 'Status')).toBe('Draft');
    await say(maya(engineer), { pageId }, managerWords, engineer);
    expect(property(pageId, 'Status')).toBe('Signed');
    expect(sectionText(pageId)).toContain(`${engineer.name} signed as of`);
  });

  it('should count a signature given as an inline comment on a commitment block', async () => {
    at('2026-10-01T09:00:00Z');
    const { engineer, pageId } = await freshPage();
    await write(engineer, pageId, GOALS);
    const [first] = commitmentBlocks(pageId);
    await say(engineer.notionUserId, { blockId: first }, 'I commit to these as of 1 Oct 2026', engineer);
    await say(maya(engineer), { blockId: first }, 'I commit to these as of Oct 1', engineer);
    expect(property(pageId, 'Status')).toBe('Signed');
  });

  it('should not sign on “I don’t think I commit to these as of now”, and answer nothing wrongly', async () => {
    at('2026-10-01T09:00:00Z');
    const { engineer, pageId } = await freshPage();
    await write(engineer, pageId, GOALS);
    await say(engineer.notionUserId, { pageId }, 'I don’t think I commit to these as of now', engineer);
    await say(maya(engineer), { pageId }, 'I commit to these as of 1 October', engineer);
    expect(property(pageId, 'Status')).toBe('Draft');
  });

  it('should answer a signature it cannot read, once, saying how to write it', async () => {
    at('2026-10-01T09:00:00Z');
    const { engineer, pageId } = await freshPage();
    await write(engineer, pageId, GOALS);
    await say(engineer.notionUserId, { pageId }, 'I commit to these', engineer);
    await recompute(engineer);
    const replies = botSays(pageId).filter((t) => t.includes('I commit to these as of'));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/date/i);
    expect(property(pageId, 'Status')).toBe('Draft');
  });

  it('should keep a page with two signatures and no commitments a Draft', async () => {
    at('2026-10-01T09:00:00Z');
    const { engineer, pageId } = await freshPage();
    await say(engineer.notionUserId, { pageId }, 'I commit to these as of 1 October', engineer);
    await say(maya(engineer), { pageId }, 'I commit to these as of 1 October', engineer);
    expect(property(pageId, 'Status')).toBe('Draft');
  });
});

describe('when the commitments change after signing', () => {
  async function signedPage() {
    at('2026-10-01T09:00:00Z');
    const page = await freshPage();
    await write(page.engineer, page.pageId, GOALS);
    await say(
      page.engineer.notionUserId,
      { pageId: page.pageId },
      'I commit to these as of 1 October',
      page.engineer,
    );
    await say(
      maya(page.engineer),
      { pageId: page.pageId },
      'I commit to these as of 1 October',
      page.engineer,
    );
    expect(property(page.pageId, 'Status')).toBe('Signed');
    return page;
  }

  it('should ask both to sign again when the engineer edits a signed commitment', async () => {
    const { engineer, pageId } = await signedPage();
    at('2026-10-08T09:00:00Z');
    const [, second] = commitmentBlocks(pageId);
    await actions().editBlock(
      engineer.notionUserId,
      second ?? '',
      'Cut p95 sign-in latency from 1.4 s to under 500 ms',
    );
    await recompute(engineer);
    expect(property(pageId, 'Status')).toBe('Draft');
    expect(property(pageId, 'Flags')).toContain('Changed since signing');
    expect(botSays(pageId).filter((t) => t.includes('changed after they were signed'))).toHaveLength(1);
    expect(property(pageId, 'Flags')).not.toContain('Edited by someone else');
  });

  it('should surface a manager’s edit one second after the signature, in the same minute', async () => {
    at('2026-10-01T09:00:10Z');
    const { engineer, pageId } = await freshPage();
    await write(engineer, pageId, GOALS);
    at('2026-10-01T09:00:20Z');
    await say(engineer.notionUserId, { pageId }, 'I commit to these as of 1 October', engineer);
    at('2026-10-01T09:00:30Z');
    // The manager signs and, one second later, rewrites an item: both acts, then one read.
    await actions().comment(maya(engineer), { pageId }, 'I commit to these as of 1 October');
    at('2026-10-01T09:00:31Z');
    const [, second] = commitmentBlocks(pageId);
    await actions().editBlock(maya(engineer), second ?? '', 'Cut p95 sign-in latency to under 1 s');
    await recompute(engineer);
    expect(property(pageId, 'Status')).toBe('Draft');
    expect(property(pageId, 'Flags')).toContain('Changed since signing');
    expect(property(pageId, 'Flags')).toContain('Edited by someone else');
    expect(
      botSays(pageId).filter((t) => t.includes('was edited after signing, by someone other than')),
    ).toHaveLength(1);
    // One comment for one edit: it asks both to sign again itself.
    expect(botSays(pageId).filter((t) => t.includes('changed after they were signed'))).toEqual([]);
  });
});

describe('when the engineer drafts vague commitments', () => {
  it('should show the findings on the page and in Flags before anyone signs, without a comment', async () => {
    at('2026-10-01T09:00:00Z');
    const { engineer, pageId } = await freshPage();
    await write(engineer, pageId, [
      'Add more tests.',
      'Ship improvements to the billing page.',
      'Delight our power users',
    ]);
    expect(property(pageId, 'Flags')).toContain('Not yet checkable');
    expect(sectionText(pageId)).toContain('Before you sign');
    expect(botSays(pageId)).toEqual([]);
    // Rewritten as checkable goals, the findings go away.
    await write(engineer, pageId, GOALS);
    expect(property(pageId, 'Flags')).not.toContain('Not yet checkable');
  });
});

describe('when both grade in the quarter’s last two weeks, in their own words', () => {
  it('should read ✅ 🟡 ❌, “partially hit” and a remark after the grades, and show where they differ', async () => {
    at('2026-10-01T09:00:00Z');
    const { engineer, pageId } = await freshPage();
    await write(engineer, pageId, GOALS);
    await say(engineer.notionUserId, { pageId }, 'I commit to these as of 1 October', engineer);
    await say(maya(engineer), { pageId }, 'I commit to these as of 1 October', engineer);
    at('2026-12-28T10:00:00Z');
    await say(engineer.notionUserId, { pageId }, '1 ✅ 2 🟡 3 ❌', engineer);
    await say(maya(engineer), { pageId }, '1 hit, 2 partially hit, 3 hit - let’s talk about 3', engineer);
    expect(property(pageId, 'Status')).toBe('Graded');
    expect(property(pageId, 'Hit')).toBe('1');
    expect(property(pageId, 'Partial')).toBe('1');
    expect(property(pageId, 'Flags')).toContain('Grades differ');
  });

  it('should keep the earlier grades whole after a grade comment it cannot read, and name the words', async () => {
    at('2026-10-01T09:00:00Z');
    const { engineer, pageId } = await freshPage();
    await write(engineer, pageId, GOALS);
    await say(engineer.notionUserId, { pageId }, 'I commit to these as of 1 October', engineer);
    await say(maya(engineer), { pageId }, 'I commit to these as of 1 October', engineer);
    at('2026-12-28T10:00:00Z');
    await say(engineer.notionUserId, { pageId }, '1 hit, 2 partial, 3 missed', engineer);
    await say(
      maya(engineer),
      { pageId },
      'My grades: #1 hit, #2 partial (750ms, close), #3 missed - RFC still in draft',
      engineer,
    );
    expect(property(pageId, 'Status')).toBe('Graded');
    expect(property(pageId, 'Partial')).toBe('1');

    at('2026-12-29T10:00:00Z');
    await say(maya(engineer), { pageId }, 'Grades: 1 hit; 2 almost hit; 3 miss', engineer);
    expect(property(pageId, 'Status')).toBe('Graded');
    expect(property(pageId, 'Hit')).toBe('1');
    expect(property(pageId, 'Partial')).toBe('1');
    const unread = botSays(pageId).filter((t) => t.includes("I couldn't read these grades"));
    expect(unread).toEqual([
      "@Maya Okafor I couldn't read these grades: “almost hit” is not a grade (hit, missed or partial). Grade each item once, e.g. “1 hit, 2 partial, 3 missed”. Until then your earlier grades stand.",
    ]);

    // Her words for the grades she meant are read: done is hit, not done is missed.
    at('2026-12-29T11:00:00Z');
    await say(maya(engineer), { pageId }, '1 - done, 2 - partial, 3 - not done', engineer);
    expect(property(pageId, 'Status')).toBe('Graded');
    expect(property(pageId, 'Partial')).toBe('1');
    expect(botSays(pageId).filter((t) => t.includes("I couldn't read these grades"))).toHaveLength(1);
  });

  it('should keep a grade given in week 3 as early, never Graded', async () => {
    at('2026-10-01T09:00:00Z');
    const { engineer, pageId } = await freshPage();
    await write(engineer, pageId, GOALS);
    at('2026-10-15T10:00:00Z');
    await say(engineer.notionUserId, { pageId }, '1 hit, 2 hit, 3 hit', engineer);
    await say(maya(engineer), { pageId }, '1 hit, 2 hit, 3 hit', engineer);
    expect(property(pageId, 'Status')).not.toBe('Graded');
    expect(sectionText(pageId)).toContain('(early)');
  });
});

describe('when a notice is quoted by a person', () => {
  it('should still post the notice: notices are known by their key, not their words', async () => {
    at('2026-10-01T09:00:00Z');
    const { engineer, pageId } = await freshPage();
    await write(engineer, pageId, GOALS);
    // Week 1 closes unsigned: the signing reminder is due. A person quotes it beforehand.
    await actions().comment(
      engineer.notionUserId,
      { pageId },
      '“Week 1 is over and these commitments are not signed by both of you yet. Each of you comments “I commit to these as of <date>”.”',
    );
    at('2026-10-03T10:00:00Z');
    await recompute(engineer);
    expect(botSays(pageId).filter((t) => t.includes('Week 1 is over'))).toHaveLength(1);
  });
});

describe('when a junior who joined two weeks before the quarter pairs “with Kubernetes”', () => {
  it('should give first-quarter guidance and not count the pairing', async () => {
    at('2026-10-01T09:00:00Z');
    const { engineer, pageId } = await freshPage('jo');
    await write(engineer, pageId, [
      ...GOALS,
      'Paired with Kubernetes, migrate the auth service to the new cluster',
    ]);
    expect(sectionText(pageId)).toMatch(/first quarter/i);
    expect(property(pageId, 'Flags')).toContain('First quarter');
    await write(engineer, pageId, [...GOALS, 'Paired with Ben Adeyemi, land the rate-limit design RFC']);
    expect(sectionText(pageId)).not.toContain('who is not a senior or lead');
  });
});
