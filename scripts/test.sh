#!/usr/bin/env bash
# The test command: installs what the tests need, then runs every check and test. CI's gate
# (.ci/run runs it):
#   bash scripts/test.sh
# The inner loop, for after each edit (docs/development.md): fmt, clippy, the unit tests and
# the integration tests that need no release build or packaging tools and are not the corpus
# runs (all but release::, packaging::, realworld:: and schemas::corpus_…); it installs only
# Prefect and the Debian packages:
#   bash scripts/test.sh --quick
# The full command installs and runs:
#   - prefect==3.9.1 from PyPI (the real server the tests start, and the reference `prefect deploy`)
#   - git (real repositories in temporary folders)
#   - Debian docker-registry (CNCF distribution) and apache2-utils (htpasswd) for the registry tests
#   - the packaging tools (scripts/install-tools.sh): actionlint, gitlab-ci-local, check-jsonschema,
#     tfx-cli
#   - for the release rehearsal (scripts/release.sh): Debian's gcc-aarch64-linux-gnu and
#     libc6-dev-arm64-cross (the cross linker) and rustc-web with libstd-rust-web-dev:arm64 (the
#     aarch64 standard library, which rustup cannot download on a machine without the internet)
#   - cargo-deny from crates.io (scripts/deny.sh), cargo-fuzz from crates.io (scripts/fuzz.sh)
# The integration tests start their own Prefect servers and registries on free loopback ports.
# Each step prints its name, then cargo's own progress, then how long it took; the last lines
# are a table of the steps' times. It needs crates.io, PyPI, npm and Debian, nothing else (no
# GitHub): a fresh machine with an empty cargo cache passes it (scripts/fresh.sh proves that).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
case "$*" in
  "") ;;
  --quick) quick=true ;;
  *) echo "usage: bash scripts/test.sh [--quick]" >&2; exit 2 ;;
esac

times=()
step_started=$SECONDS
step_name=""
step() {
  end_step
  step_name="$1"
  step_started=$SECONDS
  echo "== $step_name"
}
end_step() {
  if [ -n "$step_name" ]; then
    local took=$((SECONDS - step_started))
    echo "   ($step_name: ${took}s)"
    times+=("$(printf '%5ss  %s' "$took" "$step_name")")
  fi
  step_name=""
}
summary() {
  end_step
  echo "== time per step"
  printf '%s\n' "${times[@]}"
  echo "$(printf '%5ss' "$SECONDS")  in all"
}
trap summary EXIT

# cargo test with the test binaries' arguments given; prints the counts, exits with its status.
run_tests() {
  local log status passed failed
  log="$(mktemp)"
  set +e
  cargo test --locked -- "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  passed=$(grep -oE '^test result: .* ([0-9]+) passed' "$log" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
  failed=$(grep -oE '[0-9]+ failed;' "$log" | awk '{s+=$1} END {print s+0}')
  rm -f "$log"
  echo "pinflow: $passed passed, $failed failed"
  exit "$status"
}

if $quick; then
  step "install: git, docker-registry, apache2-utils, time (Debian), prefect (PyPI)"
else
  step "install: git, docker-registry, apache2-utils, time (Debian), prefect (PyPI), packaging tools (npm, PyPI)"
fi
missing=()
command -v git >/dev/null || missing+=(git)
command -v docker-registry >/dev/null || missing+=(docker-registry)
command -v htpasswd >/dev/null || missing+=(apache2-utils)
[ -x /usr/bin/time ] || missing+=(time) # GNU time: the hostile-API tests measure peak memory
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} from Debian" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
PINFLOW_PREFECT="$(bash scripts/install-prefect.sh)"
export PINFLOW_PREFECT

if $quick; then
  step "cargo fmt --check"
  cargo fmt --all -- --check
  step "cargo clippy (builds the crate and its tests)"
  cargo clippy --all-targets --locked -- -D warnings
  step "cargo test (unit tests; integration tests but release::, packaging:: and the corpus runs)"
  # release:: and packaging:: need the release and the tools; realworld:: and the schema
  # corpus run the real `prefect deploy` on dozens of projects (half the tests' time).
  run_tests --skip release:: --skip packaging:: --skip realworld:: --skip schemas::corpus_  # exits
fi

PINFLOW_TOOLS="$(bash scripts/install-tools.sh)"
export PINFLOW_TOOLS

step "install: the cross toolchain for linux-aarch64"
# The cross linker from the distribution; the aarch64 standard library from rustup where it can
# download (GitHub's runners), else from Debian's rustc-web (machines that reach only package
# registries; scripts/release.sh picks whichever is there).
need=()
command -v aarch64-linux-gnu-gcc >/dev/null || need+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
if ! rustup target list --installed 2>/dev/null | grep -qx aarch64-unknown-linux-gnu \
  && [ ! -d /usr/lib/rustlib/aarch64-unknown-linux-gnu ]; then
  if apt-cache show libstd-rust-web-dev >/dev/null 2>&1; then
    dpkg --add-architecture arm64
    need+=(rustc-web libstd-rust-web-dev:arm64)
  else
    rustup target add aarch64-unknown-linux-gnu
  fi
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} from the distribution" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy (builds the crate and its tests)"
cargo clippy --all-targets --locked -- -D warnings
step "cargo deny (installs cargo-deny from crates.io the first time)"
bash scripts/deny.sh
step "cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked
step "fuzz (a fixed-seed smoke run of the five targets; docs/fuzzing.md)"
bash scripts/fuzz.sh
step "release rehearsal (scripts/release.sh: static Linux binaries, archives, sums, VSIX, image context)"
export PINFLOW_REHEARSAL="$PWD/target/rehearsal"
CARGO_TARGET_DIR="$PINFLOW_REHEARSAL" DIST="$PINFLOW_REHEARSAL/dist" bash scripts/release.sh
step "cargo test (builds, then runs against real Prefect servers and registries)"
run_tests
