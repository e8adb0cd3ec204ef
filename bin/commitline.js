#!/usr/bin/env node
// Runs the built CLI when present, otherwise the TypeScript sources through tsx. The worker
// process is handed in here (workers/ imports src, never the other way round).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
if (existsSync(built)) {
  await import(pathToFileURL(fileURLToPath(new URL('../dist/workers/register.js', import.meta.url))).href);
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../workers/register.ts', import.meta.url).href);
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
