#!/usr/bin/env bash
# Runs the test command as a new machine would: a fresh `git clone` of HEAD and an empty cargo
# home (CARGO_HOME), so a crate or a tool that only this machine's caches hold shows up as a
# failure here rather than on CI. The rustup toolchain is shared (it is part of the machine).
#   bash scripts/fresh.sh            # clone HEAD into a temporary folder, run .ci/run there
#   KEEP=1 bash scripts/fresh.sh     # keep the folder afterwards (its path is printed)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
git clone -q "$root" "$work/pinflow"
echo "fresh clone of $(git -C "$root" rev-parse --short HEAD) in $work/pinflow, CARGO_HOME=$work/cargo"
cd "$work/pinflow"
# The toolchain's cargo and rustc stay reachable; nothing else from the old cargo home is (its
# bin/ may hold cargo-deny or cargo-fuzz, which a new machine has to install).
toolchain_bin="$(dirname "$(rustup which cargo)")"
old_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
path="$(tr ':' '\n' <<<"$PATH" | grep -vxF "$old_bin" | paste -sd: -)"
CARGO_HOME="$work/cargo" PATH="$work/cargo/bin:$toolchain_bin:$path" CI=true bash .ci/run
