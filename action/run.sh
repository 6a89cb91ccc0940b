#!/usr/bin/env bash
# Runs pinflow for the GitHub Action. Every input arrives as a PINFLOW_* environment variable
# (never interpolated into this script), so input text cannot inject shell code; pinflow treats
# an empty PINFLOW_* variable as "not given".
set -euo pipefail
command="${PINFLOW_COMMAND:-deploy}"
case "$command" in
  deploy|rollback|promote|versions) ;;
  *) echo "::error::pinflow: the command input must be deploy, rollback, promote or versions"; exit 2 ;;
esac
unset PINFLOW_COMMAND
exec "$PINFLOW_BIN" "$command"
