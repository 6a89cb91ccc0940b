#!/usr/bin/env bash
# Builds a pinflow release: the same script here (the rehearsal in scripts/test.sh) and in
# .github/workflows/release.yml, so what is tested is what ships.
#
#   bash scripts/release.sh                      # rehearsal: both Linux binaries, then package
#   bash scripts/release.sh build PLATFORM...    # binaries into $DIST/bin/<platform>/
#   bash scripts/release.sh package              # everything else, from $DIST/bin/*
#
# PLATFORM is linux-x86_64, linux-aarch64, macos-x86_64, macos-aarch64 or windows-x86_64.
# DIST (default dist/) receives, from `package`:
#   pinflow-<version>-<platform>.tar.gz (.zip on Windows), one binary named pinflow(.exe) each
#   SHA256SUMS                  sha256 of every archive and of the VSIX
#   checksums.txt               the archives' lines of SHA256SUMS, for action/checksums.txt
#   pinflow-<version>.vsix      the Azure DevOps extension, bundling every binary built, with
#                               their sha256 in Pinflow/bin/SHA256SUMS (the task checks them)
#   image/                      the container image's build context (Dockerfile, pipe.sh,
#                               linux-amd64/pinflow, linux-arm64/pinflow)
# The version is Cargo.toml's, the only place it is written.
#
# Linux binaries are static (glibc, crt-static), so one file runs on any distribution and in
# the image. aarch64 is cross-compiled with Debian's gcc-aarch64-linux-gnu; its standard library
# comes from the pinned toolchain when rustup has the target (the release workflow adds it) or
# else from Debian's libstd-rust-web-dev:arm64 (rustup cannot download targets on machines that
# only reach package registries; scripts/test.sh installs it there). The VSIX needs tfx-cli
# (TFX, default: the one scripts/install-tools.sh installs).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dist="$(mkdir -p "${DIST:-dist}" && cd "${DIST:-dist}" && pwd)"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)"
[ -n "$version" ] || { echo "release.sh: no version in Cargo.toml" >&2; exit 1; }
toolchain="$(sed -n 's/^channel = "\(.*\)"$/\1/p' rust-toolchain.toml)"

target_of() {
  case "$1" in
    linux-x86_64) echo x86_64-unknown-linux-gnu ;;
    linux-aarch64) echo aarch64-unknown-linux-gnu ;;
    macos-x86_64) echo x86_64-apple-darwin ;;
    macos-aarch64) echo aarch64-apple-darwin ;;
    windows-x86_64) echo x86_64-pc-windows-msvc ;;
    *) echo "release.sh: unknown platform $1 (linux-x86_64, linux-aarch64, macos-x86_64, macos-aarch64, windows-x86_64)" >&2; return 1 ;;
  esac
}

# Does the pinned toolchain have the standard library for $1?
rustup_has() {
  command -v rustup >/dev/null && rustup target list --installed --toolchain "$toolchain" 2>/dev/null | grep -qx "$1"
}

build() {
  local platform="$1" target exe=pinflow
  target="$(target_of "$platform")"
  local -a env=()
  case "$platform" in
    linux-*|windows-*) env+=("RUSTFLAGS=-C target-feature=+crt-static") ;;
  esac
  case "$platform" in windows-*) exe=pinflow.exe ;; esac
  if [ "$platform" = linux-aarch64 ] && [ "$(uname -m)" != aarch64 ]; then
    env+=(CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc)
    if ! rustup_has "$target"; then
      if [ -d "/usr/lib/rustlib/$target" ] && [ -x /usr/bin/rustc ]; then
        echo "release.sh: $target from Debian's rustc-web ($(/usr/bin/rustc --version)); rustup has no such target here" >&2
        env+=(RUSTC=/usr/bin/rustc)
      else
        echo "release.sh: no standard library for $target: run \`rustup target add $target\`, or install Debian's rustc-web and libstd-rust-web-dev:arm64" >&2
        return 1
      fi
    fi
  fi
  echo "== build $platform ($target)" >&2
  env "${env[@]}" cargo build --release --locked --target "$target"
  mkdir -p "$dist/bin/$platform"
  cp "${CARGO_TARGET_DIR:-target}/$target/release/$exe" "$dist/bin/$platform/$exe"
}

archive() {
  local platform="$1" name="pinflow-$version-$1"
  if [ -f "$dist/bin/$platform/pinflow.exe" ]; then
    (cd "$dist/bin/$platform" && rm -f "$dist/$name.zip" && python3 -m zipfile -c "$dist/$name.zip" pinflow.exe)
  else
    chmod 0755 "$dist/bin/$platform/pinflow"
    tar --owner=0 --group=0 --numeric-owner -czf "$dist/$name.tar.gz" -C "$dist/bin/$platform" pinflow
  fi
}

vsix() {
  local stage tfx="${TFX:-${PINFLOW_TOOLS:-$HOME/.cache/pinflow/tools}/node_modules/.bin/tfx}"
  stage="$(mktemp -d)"
  cp -r azure-task/. "$stage/"
  for dir in "$dist"/bin/*/; do
    mkdir -p "$stage/Pinflow/bin/$(basename "$dir")"
    cp "$dir"pinflow* "$stage/Pinflow/bin/$(basename "$dir")/"
  done
  # The task runs a bundled binary only if its sha256 is the one pinned here (index.js).
  (cd "$stage/Pinflow/bin" && sha256sum */pinflow* > SHA256SUMS)
  "$tfx" extension create --no-prompt --root "$stage" --manifest-globs vss-extension.json \
    --output-path "$dist/pinflow-$version.vsix" >&2
  rm -rf "$stage"
}

image() {
  rm -rf "$dist/image"
  mkdir -p "$dist/image"
  cp pipe/Dockerfile pipe/pipe.sh "$dist/image/"
  local platform docker
  for platform in linux-x86_64 linux-aarch64; do
    [ -f "$dist/bin/$platform/pinflow" ] || continue
    case "$platform" in linux-x86_64) docker=linux-amd64 ;; *) docker=linux-arm64 ;; esac
    mkdir -p "$dist/image/$docker"
    cp "$dist/bin/$platform/pinflow" "$dist/image/$docker/pinflow"
  done
}

package() {
  [ -d "$dist/bin" ] || { echo "release.sh: nothing built in $dist/bin" >&2; exit 1; }
  rm -f "$dist"/pinflow-*.tar.gz "$dist"/pinflow-*.zip "$dist"/*.vsix
  local dir
  for dir in "$dist"/bin/*/; do archive "$(basename "$dir")"; done
  vsix
  image
  (
    cd "$dist"
    shopt -s nullglob
    sha256sum pinflow-*.tar.gz pinflow-*.zip pinflow-*.vsix > SHA256SUMS
    {
      sed -n '/^#/p' "$root/action/checksums.txt"
      grep -v '\.vsix$' SHA256SUMS
    } > checksums.txt
  )
  echo "== $dist" >&2
  (cd "$dist" && cat SHA256SUMS) >&2
}

case "${1:-rehearse}" in
  build) shift; for platform in "$@"; do build "$platform"; done ;;
  package) package ;;
  rehearse) rm -rf "$dist/bin"; build linux-x86_64; build linux-aarch64; package ;;
  *) echo "usage: release.sh [build PLATFORM... | package]" >&2; exit 2 ;;
esac
