/**
 * What `bin/commitline.js` runs: the build when it is newer than the sources beside it (or when
 * there are none, as in the image); never a build older than them; and, without a build and
 * without tsx (a production install), nothing but the command that makes one.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/commitline.js', import.meta.url).pathname;
let root = '';

/** A package laid out like commitline's, whose "build" says it ran. */
function layout(options: { build: boolean; sources: boolean }) {
  root = mkdtempSync(join(tmpdir(), 'commitline-bin-'));
  mkdirSync(join(root, 'bin'));
  copyFileSync(BIN, join(root, 'bin', 'commitline.js'));
  writeFileSync(join(root, 'package.json'), '{"type":"module"}');
  if (options.build) {
    mkdirSync(join(root, 'dist', 'src', 'cli'), { recursive: true });
    mkdirSync(join(root, 'dist', 'workers'), { recursive: true });
    writeFileSync(join(root, 'dist', 'workers', 'register.js'), '');
    writeFileSync(join(root, 'dist', 'src', 'cli', 'main.js'), "process.stdout.write('the build ran');\n");
  }
  if (options.sources) {
    mkdirSync(join(root, 'src', 'domain'), { recursive: true });
    mkdirSync(join(root, 'workers'));
    writeFileSync(join(root, 'src', 'domain', 'baseline.ts'), 'export {};\n');
    writeFileSync(join(root, 'workers', 'register.ts'), 'export {};\n');
  }
  return root;
}

const at = (path: string, secondsAgo: number) => {
  const when = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(path, when, when);
};

function run() {
  return spawnSync(process.execPath, [join(root, 'bin', 'commitline.js'), '--version'], { encoding: 'utf8' });
}

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('bin/commitline.js', () => {
  it('should run the build when it is newer than every source', () => {
    layout({ build: true, sources: true });
    at(join(root, 'src', 'domain', 'baseline.ts'), 60);
    at(join(root, 'workers', 'register.ts'), 60);
    const result = run();
    expect(result.stdout).toBe('the build ran');
    expect(result.status).toBe(0);
  });

  it('should refuse a build older than a source, naming it and the command to build', () => {
    layout({ build: true, sources: true });
    at(join(root, 'dist', 'src', 'cli', 'main.js'), 60);
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('dist/ was built before src/domain/baseline.ts changed');
    expect(result.stderr).toContain('run `npm run build`');
  });

  it('should run the build where there are no sources beside it (the image)', () => {
    layout({ build: true, sources: false });
    expect(run().stdout).toBe('the build ran');
  });

  it('should say how to build when there is neither a build nor tsx', () => {
    layout({ build: false, sources: true });
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no build to run: run `npm run build`');
  });
});
