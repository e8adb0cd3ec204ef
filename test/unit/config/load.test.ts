import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import {
  loadConfig,
  loadConfigTeamOptional,
  loadTeamFile,
  NoTeamFileError,
} from '../../../src/config/load.js';

const dir = await mkdtemp(join(tmpdir(), 'commitline-load-'));
const broken = join(dir, 'broken.yaml');
await writeFile(
  broken,
  `timezone: UTC
roster:
  - { id: ana, name: Ana, linear: a, notion: b, manager: nobody, startDate: 2026-01-05, tier: staff }
`,
);
const good = join(dir, 'good.yaml');
await writeFile(
  good,
  `timezone: UTC
managers: [{ id: maya, name: Maya, notion: m }]
roster: [{ id: ana, name: Ana, linear: a, notion: b, manager: maya, startDate: 2026-01-05, tier: mid }]
`,
);

async function refusal(run: () => Promise<unknown>): Promise<ConfigError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof ConfigError) return error;
  throw new Error(`expected a ConfigError, got ${String(error)}`);
}

describe('when the environment, the required variables and the team file all have problems', () => {
  it('should report every one of them in one error, environment first', async () => {
    const error = await refusal(() =>
      loadConfig(
        { PORT: 'abc', REDIS_URL: 'localhost:6379', COMMITLINE_CONFIG: broken },
        { require: [{ variable: 'NOTION_TOKEN', why: 'to write quarter pages to Notion' }] },
      ),
    );
    expect(error.sections.map((s) => s.source)).toEqual(['The environment', `The team file ${broken}`]);
    expect(error.allProblems().map((p) => p.path)).toEqual([
      'REDIS_URL',
      'PORT',
      'NOTION_TOKEN',
      'roster[0].manager',
      'roster[0].tier',
    ]);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('The environment is invalid:');
    expect(lines).toContain('  PORT: must be a whole number from 1 to 65535, got "abc"; e.g. PORT=3000');
    expect(lines).toContain(`The team file ${broken} is invalid:`);
    expect(lines).toContain(
      '  roster[0].tier (line 3, column 89): expected one of junior|mid|senior|lead, got "staff"',
    );
  });

  it('should read the team file named by COMMITLINE_CONFIG even when another variable is wrong', async () => {
    const error = await refusal(() => loadConfig({ PORT: 'abc', COMMITLINE_CONFIG: good }));
    expect(error.sections.map((s) => s.source)).toEqual(['The environment']);
  });

  it('should say how to make a team file when there is none', async () => {
    const error = await refusal(() => loadConfig({ COMMITLINE_CONFIG: join(dir, 'none.yaml') }));
    expect(error.problems[0]?.path).toBe('COMMITLINE_CONFIG');
    expect(error.problems[0]?.message).toContain(
      'copy config/team.example.yaml to it (with docker compose: config/team.yaml next to docker-compose.yml)',
    );
  });
});

describe('when a command can run without a team file', () => {
  it('should go on without one', async () => {
    const loaded = await loadConfigTeamOptional({ COMMITLINE_CONFIG: join(dir, 'none.yaml') });
    expect(loaded.team).toBeUndefined();
  });

  it('should still refuse one that is there and broken, with the environment’s problems', async () => {
    const error = await refusal(() =>
      loadConfigTeamOptional(
        { COMMITLINE_CONFIG: broken },
        { require: [{ variable: 'LINEAR_API_KEY', why: 'to set up Linear' }] },
      ),
    );
    expect(error.allProblems().map((p) => p.path)).toEqual([
      'LINEAR_API_KEY',
      'roster[0].manager',
      'roster[0].tier',
    ]);
  });
});

describe('loadTeamFile', () => {
  it('should say how to make the team file when there is none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'commitline-team-'));
    const error = await refusal(() => loadTeamFile(join(dir, 'team.yaml')));
    expect(error).toBeInstanceOf(NoTeamFileError);
    expect(error.message).toContain(
      'copy config/team.example.yaml to it (with docker compose: config/team.yaml next to docker-compose.yml)',
    );
  });

  it('should name a folder where the file should be, as a container mount of a missing file leaves', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'commitline-team-'));
    await mkdir(join(dir, 'team.yaml'));
    const error = await refusal(() => loadTeamFile(join(dir, 'team.yaml')));
    expect(error).not.toBeInstanceOf(NoTeamFileError);
    expect(error.message).toContain('is a folder, not a file');
    expect(error.message).toContain('COMMITLINE_CONFIG');
  });

  it('should read a team file that is there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'commitline-team-'));
    await writeFile(
      join(dir, 'team.yaml'),
      'timezone: UTC\nmanagers:\n  - { id: maya, name: Maya, notion: maya@example.com }\nroster:\n  - { id: ben, name: Ben, linear: ben@example.com, notion: ben@example.com, manager: maya, startDate: 2024-01-01, tier: mid }\n',
    );
    expect((await loadTeamFile(join(dir, 'team.yaml'))).roster.map((e) => e.id)).toEqual(['ben']);
  });
});
