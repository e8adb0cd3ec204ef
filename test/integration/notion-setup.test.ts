/**
 * Setting Notion up, against Notion intercepted by nock in API 2025-09-03 shapes: the capability
 * checks, creating both databases once, finding them on every later run, repairing what can be
 * repaired, and the ids kept in real Redis.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerSetup } from '../../src/cli/commands/setup.js';
import { createNotionClient } from '../../src/notion/client.js';
import { createNotionLimiter } from '../../src/notion/rate-limit.js';
import {
  QUARTER_DATABASE_TITLE,
  QUARTER_PROPS,
  quarterProperties,
  WEEK_DATABASE_TITLE,
  WEEK_PROPS,
  weekProperties,
} from '../../src/notion/schema.js';
import {
  checkCapabilities,
  loadTargets,
  MissingCapabilityError,
  NotionSchemaError,
  setupNotion,
  storeTargets,
  upgradeDatabases,
} from '../../src/notion/setup.js';
import { type CliRun, runCommands } from '../helpers/cli.js';
import { commandRedis, deleteKeys, testPrefix } from '../helpers/redis.js';

const NOTION = 'https://api.notion.com';
const PARENT = '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d';
const BOT = '7f1e7d0e-5b5a-4a58-9f0e-2b8f8f1a7c11';
const QUARTER_DB = '2f26ee68-df30-4251-aad4-8ddc420cba3d';
const QUARTER_DS = 'c174b72c-d782-432f-8dc0-b647e1c96df6';
const WEEK_DB = '842a0286-cef0-46a8-abba-eac4c8ca644e';
const WEEK_DS = 'af5f89b5-a8ff-4c56-a5e8-69797d11b9f8';
const TIME = '2026-11-25T09:00:00.000Z';
const prefix = testPrefix('notion-setup');
const redis = commandRedis();

const user = (id: string) => ({ object: 'user', id });
const list = (results: unknown[], type: string) => ({
  object: 'list',
  results,
  next_cursor: null,
  has_more: false,
  type,
  [type]: {},
  request_id: '0a1b2c3d-0000-4000-8000-000000000000',
});
const notionError = (status: number, code: string, message: string) => ({
  object: 'error',
  status,
  code,
  message,
  request_id: 'a1b2c3d4-0000-4000-8000-000000000000',
});
const text = (content: string) => ({
  type: 'text',
  text: { content, link: null },
  annotations: {
    bold: false,
    italic: false,
    strikethrough: false,
    underline: false,
    code: false,
    color: 'default',
  },
  plain_text: content,
  href: null,
});
const bot = {
  object: 'user',
  id: BOT,
  name: 'commitline',
  avatar_url: null,
  type: 'bot',
  bot: { owner: { type: 'workspace', workspace: true }, workspace_name: 'Acme' },
};
const person = (name: string, email?: string) => ({
  object: 'user',
  id: `0000000${name.length}-1111-4111-8111-111111111111`,
  name,
  avatar_url: null,
  type: 'person',
  person: email ? { email } : {},
});
const parentPage = {
  object: 'page',
  id: PARENT,
  created_time: TIME,
  last_edited_time: TIME,
  created_by: user(BOT),
  last_edited_by: user(BOT),
  cover: null,
  icon: null,
  parent: { type: 'workspace', workspace: true },
  archived: false,
  in_trash: false,
  is_locked: false,
  properties: { title: { id: 'title', type: 'title', title: [text('Team goals')] } },
  url: `https://www.notion.so/Team-goals-${PARENT.replace(/-/g, '')}`,
  public_url: null,
};
const childDatabase = (id: string, title: string) => ({
  object: 'block',
  id,
  parent: { type: 'page_id', page_id: PARENT },
  created_time: TIME,
  last_edited_time: TIME,
  created_by: user(BOT),
  last_edited_by: user(BOT),
  has_children: false,
  archived: false,
  in_trash: false,
  type: 'child_database',
  child_database: { title },
});
const paragraph = {
  object: 'block',
  id: '9b1e0c7d-0000-4000-8000-00000000000a',
  parent: { type: 'page_id', page_id: PARENT },
  created_time: TIME,
  last_edited_time: TIME,
  created_by: user(BOT),
  last_edited_by: user(BOT),
  has_children: false,
  archived: false,
  in_trash: false,
  type: 'paragraph',
  paragraph: { rich_text: [text('Our goals live below.')], color: 'default' },
};
const database = (id: string, title: string, dataSourceId: string) => ({
  object: 'database',
  id,
  title: [text(title)],
  // Recorded by setup when it created the database (src/notion/go-live.ts).
  description: [text('commitline live since 2026-11-25')],
  parent: { type: 'page_id', page_id: PARENT },
  is_inline: false,
  in_trash: false,
  is_locked: false,
  created_time: TIME,
  last_edited_time: TIME,
  data_sources: [{ id: dataSourceId, name: title }],
  icon: null,
  cover: null,
  url: `https://www.notion.so/${id.replace(/-/g, '')}`,
  public_url: null,
});
/** A retrieved data source: each definition as Notion answers it (id, name, type, config). */
function dataSource(
  id: string,
  databaseId: string,
  title: string,
  definitions: Record<string, Record<string, unknown>>,
) {
  const properties = Object.fromEntries(
    Object.entries(definitions).map(([name, definition], i) => {
      const [type, config] = Object.entries(definition)[0] ?? ['title', {}];
      return [name, { id: i === 0 ? 'title' : `p${i}`, name, type, [type as string]: config }];
    }),
  );
  return {
    object: 'data_source',
    id,
    title: [text(title)],
    description: [],
    parent: { type: 'database_id', database_id: databaseId },
    database_parent: { type: 'page_id', page_id: PARENT },
    is_inline: false,
    archived: false,
    in_trash: false,
    created_time: TIME,
    last_edited_time: TIME,
    created_by: user(BOT),
    last_edited_by: user(BOT),
    properties,
    icon: null,
    cover: null,
    url: `https://www.notion.so/${databaseId.replace(/-/g, '')}`,
    public_url: null,
  };
}

function client() {
  const limiter = createNotionLimiter({ redis, prefix, ratePerSecond: 1_000, burst: 100 });
  return createNotionClient({ token: 'ntn_test', limiter, retry: false });
}

const children = (results: unknown[]) =>
  nock(NOTION).get(`/v1/blocks/${PARENT}/children`).query(true).reply(200, list(results, 'block'));

/** Answers for the second look: both databases there, with every property. */
function bothDatabasesThere(quarterProps = quarterProperties(), weekProps = weekProperties(QUARTER_DS)) {
  children([
    paragraph,
    childDatabase(QUARTER_DB, QUARTER_DATABASE_TITLE),
    childDatabase(WEEK_DB, WEEK_DATABASE_TITLE),
  ]);
  nock(NOTION)
    .get(`/v1/databases/${QUARTER_DB}`)
    .reply(200, database(QUARTER_DB, QUARTER_DATABASE_TITLE, QUARTER_DS))
    .get(`/v1/data_sources/${QUARTER_DS}`)
    .reply(200, dataSource(QUARTER_DS, QUARTER_DB, QUARTER_DATABASE_TITLE, quarterProps))
    .get(`/v1/databases/${WEEK_DB}`)
    .reply(200, database(WEEK_DB, WEEK_DATABASE_TITLE, WEEK_DS))
    .get(`/v1/data_sources/${WEEK_DS}`)
    .reply(200, dataSource(WEEK_DS, WEEK_DB, WEEK_DATABASE_TITLE, weekProps));
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterEach(async () => {
  nock.cleanAll();
  await deleteKeys(redis, prefix);
});
afterAll(() => {
  nock.enableNetConnect();
  redis.disconnect();
});

describe('when setup runs on a parent page without the databases', () => {
  it('should create both, the weekly relation naming the quarter data source', async () => {
    const bodies: Record<string, unknown>[] = [];
    children([paragraph]);
    nock(NOTION)
      .post('/v1/databases', (body) => {
        bodies.push(body);
        return true;
      })
      .reply(200, database(QUARTER_DB, QUARTER_DATABASE_TITLE, QUARTER_DS))
      .post('/v1/databases', (body) => {
        bodies.push(body);
        return true;
      })
      .reply(200, database(WEEK_DB, WEEK_DATABASE_TITLE, WEEK_DS));

    const { targets, created } = await setupNotion({ client: client(), parentPageId: PARENT });

    expect(created).toEqual([QUARTER_DATABASE_TITLE, WEEK_DATABASE_TITLE]);
    expect(targets).toEqual({
      parentPageId: PARENT,
      quarterDatabaseId: QUARTER_DB,
      quarterDataSourceId: QUARTER_DS,
      weekDatabaseId: WEEK_DB,
      weekDataSourceId: WEEK_DS,
    });
    const [quarter, week] = bodies;
    expect(quarter).toMatchObject({
      parent: { type: 'page_id', page_id: PARENT },
      title: [{ type: 'text', text: { content: 'Quarter commitments' } }],
    });
    const quarterProps = (quarter as { initial_data_source: { properties: Record<string, unknown> } })
      .initial_data_source.properties;
    expect(Object.keys(quarterProps).sort()).toEqual(Object.values(QUARTER_PROPS).sort());
    expect(quarterProps).toMatchObject({
      Name: { title: {} },
      Engineer: { people: {} },
      'Engineer key': { rich_text: {} },
      Quarter: { select: {} },
      Status: {
        select: { options: [{ name: 'Draft' }, { name: 'Signed' }, { name: 'Checked' }, { name: 'Graded' }] },
      },
      'Weeks shipped': { number: { format: 'number' } },
      'Miss streak': { number: { format: 'number' } },
      Flags: { multi_select: {} },
    });
    expect(week).toMatchObject({
      parent: { type: 'page_id', page_id: PARENT },
      title: [{ type: 'text', text: { content: 'Weekly baseline' } }],
    });
    const weekProps = (week as { initial_data_source: { properties: Record<string, unknown> } })
      .initial_data_source.properties;
    expect(Object.keys(weekProps).sort()).toEqual(Object.values(WEEK_PROPS).sort());
    expect(weekProps).toMatchObject({
      Week: { rich_text: {} },
      Shipped: { number: { format: 'number' } },
      Status: {
        select: {
          options: [
            { name: 'hit' },
            { name: 'missed' },
            { name: 'excused' },
            { name: 'open' },
            { name: 'before commitline' },
          ],
        },
      },
      Issues: { rich_text: {} },
      Excused: { checkbox: {} },
      'Quarter page': {
        relation: { data_source_id: QUARTER_DS, type: 'single_property', single_property: {} },
      },
    });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('should read the data source from the database when the create answer leaves it out', async () => {
    children([childDatabase(QUARTER_DB, QUARTER_DATABASE_TITLE)]);
    const { data_sources: _, ...bare } = database(WEEK_DB, WEEK_DATABASE_TITLE, WEEK_DS);
    nock(NOTION)
      .get(`/v1/databases/${QUARTER_DB}`)
      .reply(200, database(QUARTER_DB, QUARTER_DATABASE_TITLE, QUARTER_DS))
      .get(`/v1/data_sources/${QUARTER_DS}`)
      .reply(200, dataSource(QUARTER_DS, QUARTER_DB, QUARTER_DATABASE_TITLE, quarterProperties()))
      .post('/v1/databases')
      .reply(200, { ...bare, data_sources: [] })
      .get(`/v1/databases/${WEEK_DB}`)
      .reply(200, database(WEEK_DB, WEEK_DATABASE_TITLE, WEEK_DS));
    const { targets, created } = await setupNotion({ client: client(), parentPageId: PARENT });
    expect(created).toEqual([WEEK_DATABASE_TITLE]);
    expect(targets.weekDataSourceId).toBe(WEEK_DS);
  });
});

describe('when setup runs again and the databases are there', () => {
  it('should create nothing and find the same ids', async () => {
    bothDatabasesThere();
    const { targets, created } = await setupNotion({ client: client(), parentPageId: PARENT });
    expect(created).toEqual([]);
    expect(targets).toEqual({
      parentPageId: PARENT,
      quarterDatabaseId: QUARTER_DB,
      quarterDataSourceId: QUARTER_DS,
      weekDatabaseId: WEEK_DB,
      weekDataSourceId: WEEK_DS,
    });
    // nock refuses anything not answered above: no create was sent.
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('should page through the parent’s children to find them', async () => {
    nock(NOTION)
      .get(`/v1/blocks/${PARENT}/children`)
      .query((q) => q.start_cursor === undefined)
      .reply(200, {
        ...list([paragraph, childDatabase(QUARTER_DB, QUARTER_DATABASE_TITLE)], 'block'),
        has_more: true,
        next_cursor: 'cursor-2',
      })
      .get(`/v1/blocks/${PARENT}/children`)
      .query((q) => q.start_cursor === 'cursor-2')
      .reply(200, list([childDatabase(WEEK_DB, WEEK_DATABASE_TITLE)], 'block'))
      .get(`/v1/databases/${QUARTER_DB}`)
      .reply(200, database(QUARTER_DB, QUARTER_DATABASE_TITLE, QUARTER_DS))
      .get(`/v1/data_sources/${QUARTER_DS}`)
      .reply(200, dataSource(QUARTER_DS, QUARTER_DB, QUARTER_DATABASE_TITLE, quarterProperties()))
      .get(`/v1/databases/${WEEK_DB}`)
      .reply(200, database(WEEK_DB, WEEK_DATABASE_TITLE, WEEK_DS))
      .get(`/v1/data_sources/${WEEK_DS}`)
      .reply(200, dataSource(WEEK_DS, WEEK_DB, WEEK_DATABASE_TITLE, weekProperties(QUARTER_DS)));
    const { created } = await setupNotion({ client: client(), parentPageId: PARENT });
    expect(created).toEqual([]);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('should add the properties someone deleted, and only those', async () => {
    const {
      [QUARTER_PROPS.flags]: _flags,
      [QUARTER_PROPS.missStreak]: _streak,
      ...rest
    } = quarterProperties();
    bothDatabasesThere(rest);
    let update: unknown;
    nock(NOTION)
      .patch(`/v1/data_sources/${QUARTER_DS}`, (body) => {
        update = body;
        return true;
      })
      .reply(200, dataSource(QUARTER_DS, QUARTER_DB, QUARTER_DATABASE_TITLE, quarterProperties()));
    const { created } = await setupNotion({ client: client(), parentPageId: PARENT });
    expect(created).toEqual([]);
    expect(update).toEqual({
      properties: { 'Miss streak': { number: { format: 'number' } }, Flags: { multi_select: {} } },
    });
  });

  it('should give a weekly database made before Dates and Off week those two, once', async () => {
    const { [WEEK_PROPS.dates]: _dates, [WEEK_PROPS.offWeek]: _off, ...before } = weekProperties(QUARTER_DS);
    bothDatabasesThere(quarterProperties(), before);
    const updates: unknown[] = [];
    nock(NOTION)
      .patch(`/v1/data_sources/${WEEK_DS}`, (body) => {
        updates.push(body);
        return true;
      })
      .reply(200, dataSource(WEEK_DS, WEEK_DB, WEEK_DATABASE_TITLE, weekProperties(QUARTER_DS)));
    await setupNotion({ client: client(), parentPageId: PARENT });
    expect(updates).toEqual([{ properties: { Dates: { date: {} }, 'Off week': { rich_text: {} } } }]);
    // The next setup finds them there and changes nothing.
    bothDatabasesThere();
    await setupNotion({ client: client(), parentPageId: PARENT });
    expect(updates).toHaveLength(1);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('should, at a worker start after an upgrade, add what the databases lack once per upgrade', async () => {
    const { [WEEK_PROPS.dates]: _dates, [WEEK_PROPS.offWeek]: _off, ...before } = weekProperties(QUARTER_DS);
    const updates: unknown[] = [];
    nock(NOTION)
      .get(`/v1/data_sources/${QUARTER_DS}`)
      .reply(200, dataSource(QUARTER_DS, QUARTER_DB, QUARTER_DATABASE_TITLE, quarterProperties()))
      .get(`/v1/data_sources/${WEEK_DS}`)
      .reply(200, dataSource(WEEK_DS, WEEK_DB, WEEK_DATABASE_TITLE, before))
      .patch(`/v1/data_sources/${WEEK_DS}`, (body) => {
        updates.push(body);
        return true;
      })
      .reply(200, dataSource(WEEK_DS, WEEK_DB, WEEK_DATABASE_TITLE, weekProperties(QUARTER_DS)));
    const targets = {
      parentPageId: PARENT,
      quarterDatabaseId: QUARTER_DB,
      quarterDataSourceId: QUARTER_DS,
      weekDatabaseId: WEEK_DB,
      weekDataSourceId: WEEK_DS,
    };
    const upgrade = () => upgradeDatabases({ client: client(), redis, prefix, targets });
    expect(await upgrade()).toEqual(['Dates', 'Off week']);
    expect(updates).toEqual([{ properties: { Dates: { date: {} }, 'Off week': { rich_text: {} } } }]);
    expect(nock.pendingMocks()).toEqual([]);
    // The next start knows this version's properties are there: not one request.
    expect(await upgrade()).toEqual([]);
    expect(updates).toHaveLength(1);
  });

  it.each([
    {
      case: 'a property of another type',
      week: { ...weekProperties(QUARTER_DS), [WEEK_PROPS.shipped]: { rich_text: {} } },
      named: 'Shipped',
    },
    {
      case: 'a relation to another data source',
      week: weekProperties('00000000-0000-4000-8000-000000000000'),
      named: 'Quarter page',
    },
  ])('should stop on $case, naming it, and change nothing', async ({ week, named }) => {
    bothDatabasesThere(quarterProperties(), week);
    const error = await setupNotion({ client: client(), parentPageId: PARENT }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotionSchemaError);
    expect((error as NotionSchemaError).properties).toEqual([named]);
    expect((error as Error).message).toContain(`“${named}”`);
  });
});

describe('when the integration’s capabilities are checked', () => {
  const answers = (
    overrides: { comments?: [number, nock.Body]; users?: unknown[]; page?: [number, nock.Body] } = {},
  ) => {
    const [pageStatus, pageBody] = overrides.page ?? [200, parentPage];
    nock(NOTION)
      .get('/v1/users/me')
      .reply(200, bot)
      .get(`/v1/pages/${PARENT}`)
      .reply(pageStatus, pageBody)
      .get('/v1/users')
      .query(true)
      .reply(
        200,
        list(
          overrides.users ?? [bot, person('Ada', 'ada@acme.dev'), person('Grace', 'grace@acme.dev')],
          'user',
        ),
      );
    if (!overrides.page) {
      const [commentsStatus, commentsBody] = overrides.comments ?? [200, list([], 'comment')];
      children([paragraph]);
      nock(NOTION)
        .get('/v1/comments')
        .query({ block_id: PARENT, page_size: '1' })
        .reply(commentsStatus, commentsBody);
    }
  };

  it('should pass every capability of a well-configured integration', async () => {
    answers();
    const capabilities = await checkCapabilities(client(), PARENT);
    expect(capabilities.filter((c) => !c.ok)).toEqual([]);
    expect(capabilities.map((c) => c.name)).toEqual([
      'token of the integration “commitline”',
      'read content',
      'read comments',
      'read user information',
      'read user email addresses',
      'insert comments (unverified until commitline’s first comment)',
    ]);
  });

  it('should name the comment capability and where to turn it on when comments cannot be read', async () => {
    answers({
      comments: [403, notionError(403, 'restricted_resource', 'Insufficient permissions for this endpoint.')],
    });
    const capabilities = await checkCapabilities(client(), PARENT);
    expect(capabilities.filter((c) => !c.ok)).toEqual([
      {
        name: 'read comments',
        ok: false,
        fix: 'Notion → Settings → Connections → Develop or manage integrations (https://www.notion.so/profile/integrations) → “commitline” → Capabilities → tick “Read comments”',
      },
    ]);
  });

  it('should ask for the email variant when people come back without their email', async () => {
    answers({ users: [bot, person('Ada'), person('Grace')] });
    const missing = (await checkCapabilities(client(), PARENT)).filter((c) => !c.ok);
    expect(missing).toHaveLength(1);
    expect(missing[0]?.name).toBe('read user email addresses');
    expect(missing[0]?.fix).toContain('“Read user information including email addresses”');
  });

  it('should say to share the page when the integration cannot see it', async () => {
    answers({
      page: [
        404,
        notionError(
          404,
          'object_not_found',
          `Could not find page with ID: ${PARENT}. Make sure the relevant pages and databases are shared with your integration.`,
        ),
      ],
    });
    nock(NOTION)
      .get('/v1/comments')
      .query(true)
      .reply(404, notionError(404, 'object_not_found', 'Could not find block.'));
    const missing = (await checkCapabilities(client(), PARENT)).filter((c) => !c.ok);
    expect(missing.map((c) => c.name)).toEqual(['read content', 'read comments']);
    expect(missing[0]?.fix).toContain('share the parent page with “commitline”');
  });

  it('should stop at a refused token, saying where to copy it again', async () => {
    nock(NOTION)
      .get('/v1/users/me')
      .reply(401, notionError(401, 'unauthorized', 'API token is invalid.'));
    const capabilities = await checkCapabilities(client(), PARENT);
    expect(capabilities).toHaveLength(1);
    expect(capabilities[0]).toMatchObject({ name: 'a valid token', ok: false });
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('when the database ids are kept in Redis', () => {
  const targets = {
    parentPageId: PARENT,
    quarterDatabaseId: QUARTER_DB,
    quarterDataSourceId: QUARTER_DS,
    weekDatabaseId: WEEK_DB,
    weekDataSourceId: WEEK_DS,
  };

  it('should read back what was stored, under the prefix', async () => {
    await storeTargets(redis, prefix, targets);
    expect(await loadTargets(redis, prefix)).toEqual(targets);
    expect(await redis.exists(`${prefix}:notion:targets`)).toBe(1);
  });

  it.each([
    { case: 'nothing stored', raw: undefined },
    { case: 'not JSON', raw: '{oops' },
    { case: 'an id missing', raw: JSON.stringify({ ...targets, weekDataSourceId: undefined }) },
  ])('should answer undefined for $case, so the caller finds them again', async ({ raw }) => {
    if (raw !== undefined) await redis.set(`${prefix}:notion:targets`, raw);
    expect(await loadTargets(redis, prefix)).toBeUndefined();
  });
});

describe('when Notion refuses setup’s creates and updates with 403', () => {
  const restricted = notionError(403, 'restricted_resource', 'Insufficient permissions for this endpoint.');

  it('should name “Insert content” and where to turn it on when a database cannot be created', async () => {
    children([paragraph]);
    nock(NOTION).post('/v1/databases').reply(403, restricted);
    const error = await setupNotion({ client: client(), parentPageId: PARENT }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingCapabilityError);
    expect((error as MissingCapabilityError).capability).toBe('Insert content');
    expect((error as Error).message).toContain('the integration lacks “Insert content”');
    expect((error as Error).message).toContain('https://www.notion.so/profile/integrations');
    expect((error as Error).message).toContain('create the database “Quarter commitments”');
  });

  it('should name “Update content” when missing properties cannot be added', async () => {
    const { [QUARTER_PROPS.flags]: _flags, ...rest } = quarterProperties();
    bothDatabasesThere(rest);
    nock(NOTION).patch(`/v1/data_sources/${QUARTER_DS}`).reply(403, restricted);
    const error = await setupNotion({ client: client(), parentPageId: PARENT }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingCapabilityError);
    expect((error as MissingCapabilityError).capability).toBe('Update content');
  });

  it('should make `commitline setup` print that line and exit 1, without a stack trace', async () => {
    nock(NOTION)
      .get('/v1/users/me')
      .reply(200, bot)
      .get(`/v1/pages/${PARENT}`)
      .reply(200, parentPage)
      .get('/v1/comments')
      .query(true)
      .reply(200, list([], 'comment'))
      .get('/v1/users')
      .query(true)
      .reply(200, list([bot, person('Ada', 'ada@acme.dev')], 'user'))
      .post('/v1/databases')
      .reply(403, restricted);
    // checkCapabilities reads one child block; setup then lists the children again.
    children([paragraph]);
    children([paragraph]);
    vi.stubEnv('NOTION_TOKEN', 'ntn_test');
    vi.stubEnv('NOTION_API_URL', undefined);
    vi.stubEnv('REDIS_PREFIX', prefix);
    vi.stubEnv('NOTION_RATE_LIMIT', '1000');
    vi.stubEnv('LOG_LEVEL', undefined);
    let run: CliRun;
    try {
      run = await runCommands([registerSetup], ['setup', '--skip-linear', '--parent', PARENT]);
    } finally {
      vi.unstubAllEnvs();
      process.exitCode = undefined;
    }
    const { code, stdout, stderr } = run;
    expect(code).toBe(1);
    expect(stdout).toContain('✓ Notion: read content');
    expect(stdout).toContain('insert comments (unverified until commitline’s first comment)');
    expect(stderr).toMatch(
      /^commitline: Notion refused to let the integration create the database “Quarter commitments” \(403: Insufficient permissions for this endpoint\.\): the integration lacks “Insert content”\. Turn it on at https:\/\/www\.notion\.so\/profile\/integrations → your integration → Capabilities, then run setup again\.\n$/,
    );
  });
});
