#!/usr/bin/env bash
# Fuzzes the four targets under fuzz/ (docs/fuzzing.md) for a fixed number of inputs each, from a
# fixed seed, so a run is repeatable: the same inputs every time, and a failure reproduces.
#   bash scripts/fuzz.sh          # the smoke run in scripts/test.sh, about 20 s a target
#   bash scripts/fuzz.sh 10       # ten times as many inputs
#   FUZZ_SEED=7 bash scripts/fuzz.sh 10
# Any panic fails the script; libFuzzer leaves the input in fuzz/artifacts/<target>/.
#
# Built without a sanitizer: pinflow forbids unsafe code, so what fuzzing looks for is panics,
# and the uninstrumented build is quicker to build and to run. cargo-fuzz passes nightly flags;
# RUSTC_BOOTSTRAP=1 lets the stable toolchain take them.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
times="${1:-1}"
seed="${FUZZ_SEED:-1}"
version=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -q " $version"; then
  echo "installing cargo-fuzz $version from crates.io (about 2 minutes, once)" >&2
  cargo install --locked --version "$version" cargo-fuzz
fi
export RUSTC_BOOTSTRAP=1

# Inputs per target for one unit: about 20 s each on a 2-core machine.
declare -A runs=([project]=400000 [template]=250000 [reference]=2000000 [flow]=100000 [ci]=400000)
# fuzz/Cargo.lock is committed, so the fuzz build uses the crates it names; `cargo fetch
# --locked` fails when it is out of date (pinflow's dependencies changed: run `cargo fetch` in
# fuzz/ and commit the lock).
cargo fetch --locked
cargo fuzz build --sanitizer none
for target in project template reference flow ci; do
  n=$((runs[$target] * times))
  scratch="$(mktemp -d)"
  started=$SECONDS
  # New inputs go to a scratch folder; the committed seeds in corpus/ are only read.
  if ! cargo fuzz run --sanitizer none "$target" "$scratch" "corpus/$target" -- \
    -runs="$n" -seed="$seed" -max_len=4096 >"$scratch.log" 2>&1; then
    tail -40 "$scratch.log" >&2
    echo "fuzz: $target FAILED (seed $seed); the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  echo "fuzz: $target: $n inputs, seed $seed, no panic ($((SECONDS - started)) s)"
  rm -rf "$scratch" "$scratch.log"
done
