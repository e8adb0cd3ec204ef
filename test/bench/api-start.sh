#!/usr/bin/env bash
# Time to ready and RSS of `commitline api`, three runs, against the sandbox:
#   test/bench/api-start.sh [checkout] [readyz port offset]
# The offset is 2 where /readyz is on OPS_PORT (PORT + 2), 0 for a checkout that served it on
# PORT. A checkout with dist/ runs the build; without, the sources through tsx.
set -u
ROOT="$(cd "${1:-$(dirname "$0")/../..}" && pwd)"; OFF=${2:-2}
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"
sed "s/QUARTER_START/$(date -u -d "-$(( $(date -u +%u) + 76 )) days" +%F)/" config/try-it.yaml > "$WORK/team.yaml"
node bin/commitline.js sandbox --port 4510 --rate 50 --team "$WORK/team.yaml" > "$WORK/sandbox.log" 2>&1 &
SANDBOX=$!
for _ in $(seq 1 100); do grep -q NOTION_TOKEN "$WORK/sandbox.log" && break; sleep 0.1; done
export $(sed -n 's/^  \([A-Z_]*=\)/\1/p' "$WORK/sandbox.log")
export COMMITLINE_CONFIG="$WORK/team.yaml" REDIS_PREFIX="{bench-start-$$}" PORT=3510 HOST=127.0.0.1 \
  LINEAR_WEBHOOK_SECRET=bench LOG_LEVEL=warn
for run in 1 2 3; do
  started=$(date +%s%N)
  node bin/commitline.js api 2> "$WORK/api.log" &
  API=$!
  until curl -sf "localhost:$((3510 + OFF))/readyz" >/dev/null; do sleep 0.02; done
  ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  sleep 1
  rss=0; count=0
  for pid in $API $(pgrep -P $API); do rss=$((rss + $(awk '/VmRSS/{print $2}' /proc/$pid/status))); count=$((count + 1)); done
  echo "run $run: ready in ${ready_ms} ms, RSS $((rss / 1024)) MB, $count process(es)"
  kill $API; wait $API
done
kill $SANDBOX; wait $SANDBOX 2>/dev/null
redis-cli --scan --pattern "{bench-start-$$}*" 2>/dev/null | xargs -r redis-cli del >/dev/null 2>&1 || true
