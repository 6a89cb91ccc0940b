#!/usr/bin/env bash
# cargo deny: advisories, licences, bans (duplicate versions included) and sources (deny.toml).
#
# The advisories check needs the RustSec database, cloned from GitHub. Where it cannot be fetched
# (the build machines of this project have no network beyond the package registries), the other
# three checks still run, the script says plainly that advisories were NOT checked, and it fails
# instead if PINFLOW_REQUIRE_ADVISORIES=1 (set in .github/workflows/ci.yml, which has network).
#
# Either way it proves the advisories gate itself works: against a local database holding one
# planted advisory for a crate pinflow uses, `cargo deny check advisories` must fail.
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.20.2
if ! cargo deny --version 2>/dev/null | grep -q " $version"; then
  echo "installing cargo-deny $version from crates.io (about 5 minutes, once)" >&2
  cargo install --locked --version "$version" cargo-deny
fi
# cargo deny reads every crate in Cargo.lock, for every platform (Windows and wasm crates
# included), while a build fetches only this platform's: fetch them all from crates.io first,
# so that the checks below can run offline.
cargo fetch --locked

if cargo deny fetch db >/dev/null 2>&1; then
  cargo deny check advisories licenses bans sources
else
  if [ "${PINFLOW_REQUIRE_ADVISORIES:-}" = 1 ]; then
    echo "cargo deny: the RustSec advisory database could not be fetched" >&2
    exit 1
  fi
  echo "cargo deny: advisories NOT CHECKED on this machine: github.com/rustsec/advisory-db is" \
    "unreachable; .github/workflows/ci.yml checks them" >&2
  cargo deny --offline check licenses bans sources
fi

# The gate: a planted advisory against shlex (a direct dependency) must fail the check.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git init -q -b main "$work/db"
mkdir -p "$work/db/crates/shlex"
cat >"$work/db/crates/shlex/RUSTSEC-2099-0001.md" <<'EOF'
```toml
[advisory]
id = "RUSTSEC-2099-0001"
package = "shlex"
date = "2099-01-01"
url = "https://advisories.invalid/RUSTSEC-2099-0001"
categories = ["code-execution"]

[versions]
patched = []
```

# Planted by scripts/deny.sh

Proves that a vulnerable dependency fails the advisories check.
EOF
git -C "$work/db" add -A
git -C "$work/db" -c user.name=pinflow -c user.email=pinflow@invalid commit -qm planted
# cargo-deny wants an https URL with a domain; git's insteadOf turns it into the local folder.
sed 's|^\[advisories\]|[advisories]\ndb-urls = ["https://advisories.invalid/db"]\ndb-path = "'"$work"'/cache"|' \
  deny.toml >"$work/deny.toml"
if GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="url.$work/db.insteadOf" \
  GIT_CONFIG_VALUE_0=https://advisories.invalid/db \
  cargo deny --config "$work/deny.toml" check advisories >"$work/out" 2>&1; then
  cat "$work/out" >&2
  echo "cargo deny: the planted advisory did not fail the check; see deny.toml [advisories]" >&2
  exit 1
fi
grep -q "RUSTSEC-2099-0001" "$work/out" || {
  cat "$work/out" >&2
  echo "cargo deny: the check failed, but not because of the planted advisory" >&2
  exit 1
}
echo "cargo deny: a planted advisory fails the check, as it must"
