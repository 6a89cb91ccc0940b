#!/usr/bin/env bash
# Installs the pinflow release binary for this runner: downloads the archive for the runner's
# OS and architecture, checks it against the sha256 pinned in action/checksums.txt (failing
# closed), caches it in the runner's tool cache, and writes its path to $GITHUB_OUTPUT.
# PINFLOW_DOWNLOAD_URL overrides where archives come from (a mirror, GHES, the tests).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="$(tr -d ' \n' < "$here/version.txt")"
case "$(uname -s)" in
  Linux) os=unknown-linux-musl ;;
  Darwin) os=apple-darwin ;;
  *) echo "::error::pinflow: $(uname -s) runners are not supported yet (Linux and macOS are)"; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64|amd64) arch=x86_64 ;;
  arm64|aarch64) arch=aarch64 ;;
  *) echo "::error::pinflow: unsupported architecture $(uname -m)"; exit 1 ;;
esac
archive="pinflow-$version-$arch-$os.tar.gz"
expected="$(awk -v f="$archive" '$2 == f || $2 == "*" f {print $1}' "$here/checksums.txt")"
if [ -z "$expected" ]; then
  echo "::error::pinflow: no pinned checksum for $archive in action/checksums.txt"; exit 1
fi
cache="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/pinflow/$version-$expected"
bin="$cache/pinflow"
if [ ! -x "$bin" ]; then
  base="${PINFLOW_DOWNLOAD_URL:-https://github.com/pinflow/pinflow/releases/download/v$version}"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  curl --fail --silent --show-error --location --retry 3 --output "$tmp/$archive" "$base/$archive"
  if command -v sha256sum >/dev/null; then
    actual="$(sha256sum "$tmp/$archive" | cut -d' ' -f1)"
  elif command -v shasum >/dev/null; then
    actual="$(shasum -a 256 "$tmp/$archive" | cut -d' ' -f1)"
  else
    echo "::error::pinflow: neither sha256sum nor shasum is installed; refusing an unverified binary"; exit 1
  fi
  if [ "$actual" != "$expected" ]; then
    echo "::error::pinflow: checksum mismatch for $archive (expected $expected, got $actual); refusing to run it"; exit 1
  fi
  mkdir -p "$cache"
  tar -xzf "$tmp/$archive" -C "$cache" pinflow
  chmod +x "$bin"
fi
echo "path=$bin" >> "${GITHUB_OUTPUT:-/dev/stdout}"
