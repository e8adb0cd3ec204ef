#!/usr/bin/env bash
# The image's run stage, reproduced without Docker: compile, install production dependencies only
# (no tsx, no TypeScript) beside dist/, bin/ and the example team file, then run the entrypoint
# command (`node bin/commitline.js serve`) against the sandbox. Checks that it gets ready, and
# that SIGTERM to that one PID logs the shutdown, ends it within its grace period and leaves no
# process. Prints its RSS and time to ready. A dist/ it built is removed again.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
STAGE="$(mktemp -d)"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
PREFIX="{smoke-image-$$}"
GRACE=10
pids=()
# A build that was there before stays; the one made here goes.
HAD_DIST=0; [ -d "$ROOT/dist" ] && HAD_DIST=1
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$STAGE"
  [ "$HAD_DIST" = 1 ] || rm -rf "$ROOT/dist"
  if command -v redis-cli >/dev/null 2>&1; then
    redis-cli -u "$REDIS_URL" --scan --pattern "$PREFIX*" | xargs -r redis-cli -u "$REDIS_URL" del >/dev/null || true
  fi
}
trap cleanup EXIT
port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
wait_for() { # url, tries of 0.1 s
  for _ in $(seq 1 "$2"); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}

echo "image: build"
npm run build --silent
mkdir -p "$STAGE/config"
cp -r package.json package-lock.json dist bin "$STAGE/"
cp config/team.example.yaml "$STAGE/config/"
echo "image: npm ci --omit=dev"
(cd "$STAGE" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
for dev in tsx vitest typescript; do
  [ ! -e "$STAGE/node_modules/$dev" ] || { echo "image: $dev is in the production install"; exit 1; }
done

# The sandbox is a development tool: it runs from the checkout, as a team's own machine would.
SANDBOX_PORT=$(port)
sed "s/QUARTER_START/$(date -u -d "-$(( $(date -u +%u) + 76 )) days" +%F)/" config/try-it.yaml > "$STAGE/team.yaml"
node bin/commitline.js sandbox --port "$SANDBOX_PORT" --rate 50 --team "$STAGE/team.yaml" > "$STAGE/sandbox.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q NOTION_TOKEN "$STAGE/sandbox.log" && break; sleep 0.1; done
export $(sed -n 's/^  \([A-Z_]*=\)/\1/p' "$STAGE/sandbox.log")
PORT=$(port); OPS_PORT=$(port)
export REDIS_URL REDIS_PREFIX="$PREFIX" COMMITLINE_CONFIG="$STAGE/team.yaml" PORT OPS_PORT HOST=127.0.0.1 \
  NODE_ENV=production NODE_OPTIONS=--enable-source-maps SHUTDOWN_GRACE_SECONDS=$GRACE NOTION_RATE_LIMIT=50

cd "$STAGE"
node bin/commitline.js setup --webhook-url "http://127.0.0.1:$PORT/webhooks/linear" > setup.log \
  || { echo "image: setup failed"; cat setup.log; exit 1; }
export $(grep -o 'LINEAR_WEBHOOK_SECRET=[0-9a-f]*' setup.log)

started=$(date +%s%N)
node bin/commitline.js serve 2> serve.log &
SERVICE=$!
pids+=($SERVICE)
wait_for "http://127.0.0.1:$OPS_PORT/readyz" 300 || { echo "image: not ready"; cat serve.log; exit 1; }
ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
sleep 1
rss_kb=$(awk '/VmRSS/{print $2}' "/proc/$SERVICE/status")
# Every process of the service, to check after the signal that none is left.
tree() { local p; for p in $(pgrep -P "$1" || true); do echo "$p"; tree "$p"; done; }
service_pids="$SERVICE $(tree "$SERVICE")"
echo "image: serve ready in ${ready_ms} ms, RSS $((rss_kb / 1024)) MB, $(echo $service_pids | wc -w) process(es)"
node bin/healthcheck.js && echo "image: HEALTHCHECK passes"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/metrics")" = 404 ] \
  || { echo "image: /metrics is served on the webhook port"; exit 1; }

signalled=$(date +%s%N)
kill -TERM "$SERVICE"
code=0; wait "$SERVICE" || code=$?
stopped_ms=$(( ($(date +%s%N) - signalled) / 1000000 ))
echo "image: SIGTERM → exit $code after ${stopped_ms} ms"
[ "$code" = 0 ] || { echo "image: exit code $code"; cat serve.log; exit 1; }
[ "$stopped_ms" -lt $((GRACE * 1000)) ] || { echo "image: stopped after the grace period"; exit 1; }
grep -q '"msg":"stopped"' serve.log || { echo "image: no shutdown in the log"; cat serve.log; exit 1; }
for pid in $service_pids; do
  if kill -0 "$pid" 2>/dev/null; then echo "image: process $pid of the service is left"; exit 1; fi
done
curl -s "http://127.0.0.1:$OPS_PORT/healthz" >/dev/null 2>&1 && { echo "image: something still listens"; exit 1; }
echo "image: ok"
