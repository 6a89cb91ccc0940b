#!/usr/bin/env bash
# The demo: starts a local Prefect server, then deploys examples/ as two successive commits of a
# real git repository with pinflow, shows what the server stored, rolls back and promotes.
# Cleans up after itself.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
prefect="$(bash "$root/scripts/install-prefect.sh")"
echo "== building pinflow (release; about 4 minutes the first time, cargo shows its progress)"
(cd "$root" && cargo build --release --locked)
pinflow="$root/target/release/pinflow"

work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export PREFECT_HOME="$work/prefect-home" PREFECT_SERVER_ANALYTICS_ENABLED=false
export PREFECT_API_URL="http://127.0.0.1:$port/api"
echo "== starting a Prefect server on $PREFECT_API_URL"
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
git remote add origin https://github.com/example/pinflow-demo.git
git -c user.name=Demo -c user.email=demo@example.com add -A
git -c user.name=Demo -c user.email=demo@example.com commit -qm "First release of the ETL flow"

echo
echo "== commit 1: pinflow deploy --all"
time "$pinflow" deploy --all

sed -i 's/batch_size: int = 500/batch_size: int = 1000/' flows/etl.py
git -c user.name=Demo -c user.email=demo@example.com commit -qam "Bigger batches"
echo
echo "== commit 2, in review: pinflow plan --all (exit 6: deploying would change something)"
"$pinflow" plan --all || [ $? -eq 6 ]
echo
echo "== commit 2: pinflow deploy --all --output json (as a CI step would)"
"$pinflow" deploy --all --output json > "$work/result.json"
python3 - "$work/result.json" <<'PY'
import json, sys
for d in json.load(open(sys.argv[1]))["deployments"]:
    vi = d["version_info"]
    print(f'{d["action"]:8} {d["name"]:12} version {d["version"]}  {vi["type"]} {vi["branch"]} "{vi["message"]}"')
PY

echo
echo "== what the server stores for etl/prod"
curl -sf "$PREFECT_API_URL/deployments/name/etl/prod" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("version:", d["version"], "| commit:", sys.argv[1][:8])
print("default batch_size:", d["parameter_openapi_schema"]["properties"]["batch_size"]["default"])
print("schedule:", d["schedules"][0]["schedule"])' "$(git rev-parse HEAD)"
echo
echo "== pinflow versions etl/prod"
"$pinflow" versions etl/prod
echo
echo "== the second release misbehaves: pinflow rollback etl/prod"
"$pinflow" rollback etl/prod
curl -sf "$PREFECT_API_URL/deployments/name/etl/prod" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("server now runs version", d["version"], "with default batch_size",
      d["parameter_openapi_schema"]["properties"]["batch_size"]["default"], "| schedule kept:", d["schedules"][0]["schedule"]["cron"])'
echo
echo "== fixed: pinflow promote etl/prod"
"$pinflow" promote etl/prod
"$pinflow" versions etl/prod
echo
echo "== a CI retry of the same commit writes nothing"
"$pinflow" deploy --all
echo
echo "== version info this build records (pinflow version-info)"
"$pinflow" version-info
