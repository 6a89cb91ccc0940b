#!/usr/bin/env bash
# The test command: installs what the tests need, then runs every check and test.
#   - prefect==3.9.1 from PyPI (the real server the tests start, and the reference `prefect deploy`)
#   - git (real repositories in temporary folders)
#   - Debian docker-registry (CNCF distribution) and apache2-utils (htpasswd) for the registry tests
#   - the packaging tools (scripts/install-tools.sh): actionlint, gitlab-ci-local, check-jsonschema
#   - cargo-deny from crates.io (scripts/deny.sh), cargo-fuzz from crates.io (scripts/fuzz.sh)
# The integration tests start their own Prefect servers and registries on free loopback ports.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v git >/dev/null || missing+=(git)
command -v docker-registry >/dev/null || missing+=(docker-registry)
command -v htpasswd >/dev/null || missing+=(apache2-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} from Debian" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
PINFLOW_PREFECT="$(bash scripts/install-prefect.sh)"
PINFLOW_TOOLS="$(bash scripts/install-tools.sh)"
export PINFLOW_PREFECT PINFLOW_TOOLS

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --all-targets --quiet -- -D warnings
echo "== cargo deny"
bash scripts/deny.sh
echo "== cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet
echo "== fuzz (a fixed-seed smoke run of the four targets; docs/fuzzing.md)"
bash scripts/fuzz.sh
echo "== cargo test"
log="$(mktemp)"
set +e
cargo test 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -oE '^test result: .* ([0-9]+) passed' "$log" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
failed=$(grep -oE '[0-9]+ failed;' "$log" | awk '{s+=$1} END {print s+0}')
rm -f "$log"
echo "pinflow: $passed passed, $failed failed"
exit "$status"
