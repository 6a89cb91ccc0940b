#!/usr/bin/env bash
# Installs pinflow for the GitHub Action, in one of two ways, and writes its path to
# $GITHUB_OUTPUT as path=…:
#
#   release  the action's ref is a release (action/checksums.txt pins an archive of the version
#            in Cargo.toml for this runner): download that archive, refuse it unless its sha256
#            is the pinned one, unpack it into the tool cache.
#   source   any other ref (@main, a commit SHA, a fork, a release without this platform):
#            build pinflow from the action's own source with `cargo build --release --locked`,
#            into a folder keyed by the source's hash, which action.yml caches between runs.
#
# `install.sh plan` only decides: it writes mode=, key= and dir= for action.yml's cache step.
# PINFLOW_DOWNLOAD_URL overrides where archives come from (a mirror, GHES, the tests).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$(dirname "$here")"
out="${GITHUB_OUTPUT:-/dev/stdout}"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$src/Cargo.toml" | head -n1)"

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=macos ;;
  MINGW*|MSYS*|CYGWIN*|Windows_NT) os=windows ;;
  *) echo "::error::pinflow: $(uname -s) runners are not supported (Linux, macOS and Windows are)"; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64|amd64) arch=x86_64 ;;
  arm64|aarch64) arch=aarch64 ;;
  *) echo "::error::pinflow: unsupported architecture $(uname -m)"; exit 1 ;;
esac
exe=pinflow
ext=tar.gz
if [ "$os" = windows ]; then exe=pinflow.exe ext=zip; fi
archive="pinflow-$version-$os-$arch.$ext"
expected="$(awk -v f="$archive" '$2 == f || $2 == "*" f {print $1}' "$here/checksums.txt")"
tools="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/pinflow"

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$@" | cut -d' ' -f1
  elif command -v shasum >/dev/null; then shasum -a 256 "$@" | cut -d' ' -f1
  else echo "::error::pinflow: neither sha256sum nor shasum is installed; refusing an unverified binary" >&2; return 1
  fi
}

# The hash of everything the build reads, so a cached binary is reused only for the same source.
source_key() {
  (cd "$src" && find Cargo.toml Cargo.lock rust-toolchain.toml src -type f | LC_ALL=C sort | while read -r f; do
    printf '%s %s\n' "$(sha256 "$f")" "$f"
  done) | sha256
}

if [ -n "$expected" ]; then
  mode=release
  dir="$tools/$version-$expected"
else
  mode=source
  key="$(source_key)"
  dir="$tools/source-$os-$arch-${key:0:16}"
fi

if [ "${1:-}" = plan ]; then
  { echo "mode=$mode"; echo "dir=$dir"; echo "key=pinflow-$os-$arch-${key:-$expected}"; } >> "$out"
  exit 0
fi

bin="$dir/$exe"
if [ -x "$bin" ]; then
  echo "pinflow: using $bin (cached)"
elif [ "$mode" = release ]; then
  base="${PINFLOW_DOWNLOAD_URL:-https://github.com/pinflow/pinflow/releases/download/v$version}"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  curl --fail --silent --show-error --location --retry 3 --output "$tmp/$archive" "$base/$archive"
  actual="$(sha256 "$tmp/$archive")"
  if [ "$actual" != "$expected" ]; then
    echo "::error::pinflow: checksum mismatch for $archive (expected $expected, got $actual); refusing to run it"; exit 1
  fi
  mkdir -p "$tmp/unpacked"
  if [ "$ext" = zip ]; then unzip -q -o "$tmp/$archive" "$exe" -d "$tmp/unpacked"
  else tar -xzf "$tmp/$archive" -C "$tmp/unpacked" "$exe"
  fi
  chmod +x "$tmp/unpacked/$exe"
  mkdir -p "$dir"
  mv "$tmp/unpacked/$exe" "$bin"
else
  echo "::notice::pinflow: this action's ref has no pinned release for $os-$arch (action/checksums.txt), so pinflow $version is built from the action's source with cargo build --release --locked (once: the binary is cached by its source's hash)"
  if ! command -v cargo >/dev/null; then
    echo "::error::pinflow: building from source needs Rust (cargo); use a released tag such as pinflow/pinflow@v1, or install Rust before this step"; exit 1
  fi
  target="${CARGO_TARGET_DIR:-$dir/target}"
  (cd "$src" && CARGO_TARGET_DIR="$target" cargo build --release --locked ${CARGO_BUILD_TARGET:+--target "$CARGO_BUILD_TARGET"})
  built="$target/${CARGO_BUILD_TARGET:+$CARGO_BUILD_TARGET/}release/$exe"
  mkdir -p "$dir"
  cp "$built" "$bin.tmp" && mv "$bin.tmp" "$bin"
  [ -n "${CARGO_TARGET_DIR:-}" ] || rm -rf "$target"
fi
echo "path=$bin" >> "$out"
