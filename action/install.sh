#!/usr/bin/env bash
# Installs pinflow for the GitHub Action, in one of two ways, and writes its path to
# $GITHUB_OUTPUT as path=…:
#
#   release  the action's ref is a release (action/checksums.txt pins an archive of the version
#            in Cargo.toml for this runner): take that archive from the tool cache or download
#            it, refuse it unless its sha256 is the pinned one, and unpack its one regular file
#            named pinflow into a folder of this job.
#   source   any other ref (@main, a commit SHA, a fork, a release without this platform):
#            build pinflow from the action's own source with `cargo build --release --locked`,
#            into a folder keyed by the source's hash, which action.yml caches between runs,
#            with the binary's sha256 beside it.
#
# Nothing is run from the tool cache in place: a self-hosted runner's cache outlives jobs, and
# an earlier job may have planted a file there. A cached archive is verified against the pinned
# sum (a mismatch is discarded and downloaded again), a cached source build against the sum
# written beside it (a mismatch is discarded and built again), and what runs is a copy in a
# private folder of this job ($RUNNER_TEMP), made from the bytes that were verified.
#
# `install.sh plan` only decides: it writes mode=, key= and dir= for action.yml's cache step.
# PINFLOW_DOWNLOAD_URL overrides where archives come from (a mirror, GHES, the tests).
set -euo pipefail
# A workflow command (error, warning, notice) with its message escaped as the runner unescapes
# it (%25, %0D, %0A): a path or name in it cannot end the command or start another.
command_line() {
  local m="${*:2}"
  m="${m//%/%25}"; m="${m//$'\r'/%0D}"; m="${m//$'\n'/%0A}"
  printf '::%s::%s\n' "$1" "$m"
}
here="$(cd "$(dirname "$0")" && pwd)"
src="$(dirname "$here")"
out="${GITHUB_OUTPUT:-/dev/stdout}"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$src/Cargo.toml" | head -n1)"

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=macos ;;
  MINGW*|MSYS*|CYGWIN*|Windows_NT) os=windows ;;
  *) command_line error "pinflow: $(uname -s) runners are not supported (Linux, macOS and Windows are)"; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64|amd64) arch=x86_64 ;;
  arm64|aarch64) arch=aarch64 ;;
  *) command_line error "pinflow: unsupported architecture $(uname -m)"; exit 1 ;;
esac
exe=pinflow
ext=tar.gz
if [ "$os" = windows ]; then exe=pinflow.exe ext=zip; fi
archive="pinflow-$version-$os-$arch.$ext"
expected="$(awk -v f="$archive" '$2 == f || $2 == "*" f {print $1}' "$here/checksums.txt")"
tools="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/pinflow"

# The sha256 of file $1, or of stdin. The file is read on stdin, so that no path (a line break,
# a backslash) changes what the tool prints.
sha256() {
  if [ $# -gt 0 ]; then sha256 < "$1"; return; fi
  if command -v sha256sum >/dev/null; then sha256sum | cut -d' ' -f1
  elif command -v shasum >/dev/null; then shasum -a 256 | cut -d' ' -f1
  else command_line error "pinflow: neither sha256sum nor shasum is installed; refusing an unverified binary" >&2; return 1
  fi
}

# Writes output $1 with value $2 to $GITHUB_OUTPUT as one entry that no value can turn into
# another: name=value, or the heredoc form with a delimiter the value does not hold when the
# value has a line break (a path may).
output() {
  local name="$1" value="$2" delimiter="PINFLOW_EOF_$$_$RANDOM"
  case "$value" in
    *$'\n'*|*$'\r'*)
      while [[ "$value" == *"$delimiter"* ]]; do delimiter="${delimiter}_"; done
      printf '%s<<%s\n%s\n%s\n' "$name" "$delimiter" "$value" "$delimiter" >> "$out" ;;
    *) printf '%s=%s\n' "$name" "$value" >> "$out" ;;
  esac
}

# A line for the log, on one line whatever the paths in it hold.
say() {
  local m="$*"
  printf '%s\n' "${m//[$'\r\n']/ }"
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
  output mode "$mode"
  output dir "$dir"
  output key "pinflow-$os-$arch-${key:-$expected}"
  exit 0
fi

fail() { command_line error "pinflow: $*"; exit 1; }

# The private folder of this job that the binary runs from; removed again if the install fails.
work="$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/pinflow.XXXXXXXX")"
installed=""
trap '[ -n "$installed" ] || rm -rf "$work"' EXIT

# Is $1 a regular file (not a link, a folder or a device) with no other name (hard link)?
plain_file() {
  [ -f "$1" ] && [ ! -L "$1" ] && [ -n "$(find "$1" -prune -type f -links 1)" ]
}

# What a tar listing's first column says an entry is, when it is not a regular file.
kind_of() {
  case "$1" in
    -*) ;;
    l*) echo "a symbolic link" ;;
    h*) echo "a hard link" ;;
    d*) echo "a directory" ;;
    c*|b*) echo "a device" ;;
    p*) echo "a FIFO" ;;
    *) echo "not a regular file" ;;
  esac
}

# Unpacks the one regular file named $exe from archive $1 into folder $2 (empty, private),
# refusing an archive with anything else in it: another entry, a path (../, /), a link, a hard
# link, a folder, a device. Nothing is made executable until the file is known to be a plain
# file inside $2.
unpack() {
  local file="$1" into="$2" names kind
  if [ "$ext" = zip ]; then names="$(unzip -Z1 "$file")" || fail "cannot list $archive"
  else names="$(tar -tzf "$file")" || fail "cannot list $archive"
  fi
  if [ "$names" != "$exe" ]; then
    fail "$archive must hold exactly one entry, a regular file named $exe; it holds $(printf '%s\n' "$names" | wc -l | tr -d ' ') entries, or one by another name or path; refusing it"
  fi
  if [ "$ext" = zip ]; then
    kind="$(kind_of "$(unzip -Z "$file" "$exe" | awk 'NR == 1 {print $1}')")"
    [ -z "$kind" ] || fail "$archive: $exe is $kind, not a regular file; refusing it"
    unzip -q "$file" "$exe" -d "$into" || fail "cannot unpack $archive"
  else
    kind="$(kind_of "$(tar -tvzf "$file" | awk 'NR == 1 {print $1}')")"
    [ -z "$kind" ] || fail "$archive: $exe is $kind, not a regular file; refusing it"
    tar -xzf "$file" -C "$into" --no-same-owner "$exe" || fail "cannot unpack $archive"
  fi
  if ! plain_file "$into/$exe" || [ "$(ls -A "$into")" != "$exe" ]; then
    fail "$archive: $exe did not unpack as one regular file; refusing it"
  fi
  chmod 0755 "$into/$exe"
}

# Downloads the pinned archive to $1; fails unless its sha256 is the pinned one.
download() {
  local base="${PINFLOW_DOWNLOAD_URL:-https://github.com/pinflow/pinflow/releases/download/v$version}"
  curl --fail --silent --show-error --location --retry 3 --output "$1" "$base/$archive"
  local actual
  actual="$(sha256 "$1")"
  if [ "$actual" != "$expected" ]; then
    fail "checksum mismatch for $archive (expected $expected, got $actual); refusing to run it"
  fi
}

# Copies cached file $1 to $2 if it is a plain file whose sha256 is $3; else discards it.
take_cached() {
  local cached="$1" copy="$2" want="$3" what="$4"
  [ -e "$cached" ] || [ -L "$cached" ] || return 1
  if plain_file "$cached" && cp "$cached" "$copy" && [ "$(sha256 "$copy")" = "$want" ]; then
    say "pinflow: using $cached (cached, sha256 verified)"
    return 0
  fi
  command_line warning "pinflow: the cached $cached does not match $what; discarding it"
  rm -rf "$cached" "$copy"
  return 1
}

# Stores file $1 at $2 in the tool cache for later jobs (best effort).
keep() {
  mkdir -p "$dir" 2>/dev/null && cp "$1" "$2.tmp.$$" 2>/dev/null && mv -f "$2.tmp.$$" "$2" 2>/dev/null \
    || rm -f "$2.tmp.$$" 2>/dev/null || true
}

bin="$work/bin/$exe"
mkdir "$work/bin"
if [ "$mode" = release ]; then
  cached="$dir/$archive"
  # Earlier installers kept the binary itself here; a release binary now always comes from
  # the verified archive.
  if [ -e "$dir/$exe" ] || [ -L "$dir/$exe" ]; then
    command_line warning "pinflow: ignoring and removing $dir/$exe: a release binary runs only from its verified archive"
    rm -rf "${dir:?}/$exe"
  fi
  fresh=""
  if ! take_cached "$cached" "$work/$archive" "$expected" "its pinned sha256 (action/checksums.txt)"; then
    download "$work/$archive"
    fresh=1
  fi
  unpack "$work/$archive" "$work/bin"
  [ -z "$fresh" ] || keep "$work/$archive" "$cached"
  rm -f "$work/$archive"
else
  cached="$dir/$exe"
  want=""
  if plain_file "$cached.sha256"; then want="$(head -c 64 "$cached.sha256")"; fi
  if [ -n "$want" ] && take_cached "$cached" "$bin" "$want" "the sha256 written beside it ($cached.sha256)"; then
    chmod 0755 "$bin"
  else
    if [ -z "$want" ] && { [ -e "$cached" ] || [ -L "$cached" ]; }; then
      command_line warning "pinflow: the cached $cached has no sha256 beside it; discarding it"
    fi
    rm -rf "$cached" "$cached.sha256"
    command_line notice "pinflow: this action's ref has no pinned release for $os-$arch (action/checksums.txt), so pinflow $version is built from the action's source with cargo build --release --locked (once: the binary is cached by its source's hash)"
    if ! command -v cargo >/dev/null; then
      fail "building from source needs Rust (cargo); use a released tag such as pinflow/pinflow@v1, or install Rust before this step"
    fi
    target="${CARGO_TARGET_DIR:-$dir/target}"
    (cd "$src" && CARGO_TARGET_DIR="$target" cargo build --release --locked ${CARGO_BUILD_TARGET:+--target "$CARGO_BUILD_TARGET"})
    built="$target/${CARGO_BUILD_TARGET:+$CARGO_BUILD_TARGET/}release/$exe"
    cp "$built" "$bin"
    chmod 0755 "$bin"
    keep "$bin" "$cached"
    sha256 "$bin" > "$work/sum" && keep "$work/sum" "$cached.sha256"
    [ -n "${CARGO_TARGET_DIR:-}" ] || rm -rf "$target"
  fi
fi
installed=1
output path "$bin"
