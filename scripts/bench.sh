#!/usr/bin/env bash
# Benchmarks: pinflow against `prefect deploy` 3.9.1 and against the server's own floor (the
# same requests replayed by a minimal client), on a SQLite and a PostgreSQL Prefect server.
# Installs what it needs (Debian postgresql, PyPI prefect==3.9.1), builds release binaries,
# prints a table and writes bench.json. Not a test: it asserts nothing about time.
#   bash scripts/bench.sh [--runs N] [--sizes 1,50] [--servers sqlite,postgres] [--concurrency N]
# pinflow's runs per size: create, update all (--force), one changed, unchanged.
#   bash scripts/bench.sh --monorepo 20,500
# instead: 500 deployments in 20 project files of one repository, `prefect deploy --all` in
# each folder against one pinflow run over `--prefect-file '*/prefect.yaml'`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
prefect="$(bash "$root/scripts/install-prefect.sh")"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "installing postgresql from Debian" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
(cd "$root" && cargo build --release --locked && cargo build --release --locked --example replay)
exec python3 "$root/scripts/bench/bench.py" --prefect "$prefect" --pinflow "$root/target/release/pinflow" \
  --replay "$root/target/release/examples/replay" --out "$root/bench.json" "$@"
