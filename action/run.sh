#!/usr/bin/env bash
# Runs pinflow for the GitHub Action. Every input arrives as a PINFLOW_* environment variable
# (never interpolated into this script), so input text cannot inject shell code; pinflow treats
# an empty PINFLOW_* variable as "not given".
set -euo pipefail
command="${PINFLOW_COMMAND:-deploy}"
case "$command" in
  deploy|plan|apply|preview-cleanup|rollback|promote|versions) ;;
  *) echo "::error::pinflow: the command input must be deploy, plan, apply, preview-cleanup, rollback, promote or versions"; exit 2 ;;
esac
unset PINFLOW_COMMAND
status=0
"$PINFLOW_BIN" "$command" || status=$?
# A plan with changes exits 6; for the step that is a result (the `changes` output), not a failure.
if [ "$command" = plan ] && [ "$status" -eq 6 ]; then status=0; fi
exit "$status"
