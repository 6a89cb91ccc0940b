#!/usr/bin/env bash
# The version history in the Prefect UI (docs/versions.md): starts a real Prefect server with its
# UI, deploys examples/ as two commits from a GitHub Actions run (its variables set as the runner
# sets them), rolls back, and takes a screenshot of the UI's page of etl/prod's history with
# headless Chromium: docs/ui-history.png. Installs Debian's chromium when it is missing.
# Cleans up after itself.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/docs/ui-history.png}"
prefect="$(bash "$root/scripts/install-prefect.sh")"
if ! command -v chromium >/dev/null; then
  echo "== installing Debian's chromium"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium
fi
echo "== building pinflow"
(cd "$root" && cargo build --locked)
pinflow="${CARGO_TARGET_DIR:-$root/target}/debug/pinflow"

work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export PREFECT_HOME="$work/prefect-home" PREFECT_SERVER_ANALYTICS_ENABLED=false
export PREFECT_API_URL="http://127.0.0.1:$port/api"
echo "== starting a Prefect server and its UI on http://127.0.0.1:$port"
setsid "$prefect" server start --host 127.0.0.1 --port "$port" > "$work/server.log" 2>&1 &
server=$!
trap 'kill -- -$server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -sf "$PREFECT_API_URL/health" >/dev/null && break; sleep 0.5; done
curl -sf "$PREFECT_API_URL/health" >/dev/null || { cat "$work/server.log"; exit 1; }
curl -sf -X POST "$PREFECT_API_URL/work_pools/" -H 'content-type: application/json' \
  -d '{"name": "demo-pool", "type": "process"}' >/dev/null

repo="$work/repo"
cp -r "$root/examples" "$repo"
cd "$repo"
git init -q -b main
commit() {
  git -c user.name=Demo -c user.email=demo@example.com add -A
  git -c user.name=Demo -c user.email=demo@example.com commit -qm "$1"
}
# What a GitHub Actions runner sets for a run of the current commit.
github() {
  GITHUB_ACTIONS=true GITHUB_SHA="$(git rev-parse HEAD)" GITHUB_REF_NAME=main \
    GITHUB_REPOSITORY=example/pinflow-demo GITHUB_RUN_ID="$1" GITHUB_ACTOR=demo \
    GITHUB_OUTPUT="$work/github-output" GITHUB_STEP_SUMMARY="$work/github-summary" \
    "$pinflow" "${@:2}"
}
commit "First release of the ETL flow"
echo "== commit 1: pinflow deploy --all"
github 101 deploy --all
sed -i 's/batch_size: int = 500/batch_size: int = 1000/' flows/etl.py
commit "Bigger batches"
echo "== commit 2: pinflow deploy --all"
github 102 deploy --all
echo "== pinflow rollback etl/prod"
github 103 rollback etl/prod

id="$(curl -sf "$PREFECT_API_URL/deployments/name/etl/prod" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
url="http://127.0.0.1:$port/v2/artifacts/key/pinflow-$id"
echo "== screenshot of $url"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/chromium" \
  --window-size=1400,900 --virtual-time-budget=15000 --screenshot="$out" "$url" 2>"$work/chromium.log" \
  || { cat "$work/chromium.log"; exit 1; }
echo "== wrote $out"
