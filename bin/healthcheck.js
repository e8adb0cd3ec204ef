#!/usr/bin/env node
// The image's HEALTHCHECK: is this container's commitline ready? `api` and `serve` answer on
// OPS_PORT (default PORT + 2), `worker` on WORKER_PORT (default PORT + 1); the first port that
// answers decides. Exit 0 when ready, 1 otherwise, as Docker expects.
const base = Number(process.env.PORT || 3000);
const ports = [Number(process.env.OPS_PORT || base + 2), Number(process.env.WORKER_PORT || base + 1)];

for (const port of ports) {
  const answer = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2_000) }).catch(
    () => undefined,
  );
  if (answer) process.exit(answer.ok ? 0 : 1);
}
process.exit(1);
