#!/usr/bin/env bash
# Installs the reference Prefect (PyPI prefect==3.9.1) into a cached virtualenv and prints the
# path of its `prefect` executable. Used by the tests, the demo and the benchmarks.
set -euo pipefail
version=3.9.1
venv="${PINFLOW_PREFECT_VENV:-$HOME/.cache/pinflow/prefect-$version}"
if [ ! -x "$venv/bin/prefect" ] || ! "$venv/bin/python" -c "import prefect, sys; sys.exit(prefect.__version__ != '$version')" 2>/dev/null; then
  echo "installing prefect==$version into $venv (about a minute, once)" >&2
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  if ! python3 -m venv "$venv" >&2; then
    apt-get update -qq >&2 && apt-get install -y -qq python3-venv >&2
    python3 -m venv "$venv" >&2
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check "prefect==$version" >&2
fi
echo "$venv/bin/prefect"
