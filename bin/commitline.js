#!/usr/bin/env node
// Runs the compiled CLI (dist/, from `npm run build`): what production runs, with node itself as
// the process. In a checkout without a build it runs the TypeScript sources through tsx (a
// development dependency). A build older than the sources beside it is refused, never run. The
// worker process is handed in here (workers/ imports src, never the other way round).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = `${root}dist/src/cli/main.js`;
const sourceDirs = ['src', 'workers'].map((dir) => `${root}${dir}`).filter((dir) => existsSync(dir));

/** The most recently changed TypeScript source under `dirs`, or undefined. */
function newestSource(dirs) {
  let newest;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const changed = statSync(path).mtimeMs;
        if (!newest || changed > newest.changed) newest = { path, changed };
      }
    }
  };
  for (const dir of dirs) walk(dir);
  return newest;
}

function refuse(message) {
  process.stderr.write(`commitline: ${message}\n`);
  process.exit(1);
}

if (existsSync(built)) {
  const newest = sourceDirs.length > 0 ? newestSource(sourceDirs) : undefined;
  if (newest && newest.changed > statSync(built).mtimeMs) {
    const changed = newest.path.slice(root.length);
    refuse(
      `dist/ was built before ${changed} changed, and would run old code: run \`npm run build\` (or delete dist/ to run the sources through tsx)`,
    );
  }
  await import(new URL('../dist/workers/register.js', import.meta.url).href);
  await import(new URL('../dist/src/cli/main.js', import.meta.url).href);
} else {
  const tsx = await import('tsx/esm/api').catch(() => undefined);
  if (!tsx || sourceDirs.length === 0) {
    refuse('no build to run: run `npm run build` (with the development dependencies installed)');
  }
  tsx.register();
  await import(new URL('../workers/register.ts', import.meta.url).href);
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
