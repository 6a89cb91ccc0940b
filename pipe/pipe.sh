#!/bin/sh
# Entry point of the pinflow image for Bitbucket pipes: maps the pipe's variables to PINFLOW_*
# and runs pinflow in WORKING_DIRECTORY (relative to the clone directory). pinflow writes
# pinflow.env to the clone directory (PINFLOW_DEPLOYMENT_IDS, PINFLOW_VERSION, values that are
# safe to `source`: later steps read it as an artifact) and prints the pipe's final ✔/✖ line.
set -eu
cd "${BITBUCKET_CLONE_DIR:-.}"
# Git refuses repositories owned by another user (the clone is mounted into the container).
git config --global --add safe.directory "$PWD" 2>/dev/null || true
if ! cd "${WORKING_DIRECTORY:-.}" 2>/dev/null; then
  # Inert, as pinflow's own lines: on one line (a line break or escape in the value cannot
  # forge another line of the log), with any ## command marker broken by a zero-width space.
  zwsp="$(printf '\342\200\213')"
  shown="$(printf '%s' "${WORKING_DIRECTORY:-.}" | tr '\000-\037\177' ' ' | sed "s/##/#$zwsp#/g")"
  echo "✖ pinflow: WORKING_DIRECTORY $shown is not a directory of the clone"; exit 2
fi
command="${COMMAND:-deploy}"
case "$command" in
  deploy|plan|apply|preview-cleanup|rollback|promote|versions) ;;
  *) echo "✖ pinflow: COMMAND must be deploy, plan, apply, preview-cleanup, rollback, promote or versions"; exit 2 ;;
esac
export PINFLOW_DEPLOYMENTS="${DEPLOYMENTS:-}" PINFLOW_ALL="${ALL:-false}" \
  PINFLOW_PREFECT_FILE="${PREFECT_FILE:-prefect.yaml}" PINFLOW_VERSION="${VERSION:-}" \
  PINFLOW_VERSION_TYPE="${VERSION_TYPE:-}" PINFLOW_PIN_COMMIT="${PIN_COMMIT:-auto}" \
  PINFLOW_IMAGE_DIGEST="${IMAGE_DIGEST:-}" PINFLOW_RESOLVE_IMAGE="${RESOLVE_IMAGE:-auto}" \
  PINFLOW_DRY_RUN="${DRY_RUN:-false}" PINFLOW_FORCE="${FORCE:-false}" \
  PINFLOW_KEEP_PAUSED="${KEEP_PAUSED:-false}" PINFLOW_PRUNE="${PRUNE:-false}" \
  PINFLOW_PLAN_FILE="${PLAN_FILE:-}" \
  PINFLOW_DEPLOYMENT="${DEPLOYMENT:-}" PINFLOW_TO="${TO:-}" \
  PINFLOW_PREVIEW="${PREVIEW:-false}" PINFLOW_PREVIEW_NAME="${PREVIEW_NAME:-}" \
  PINFLOW_OLDER_THAN="${OLDER_THAN:-}" PINFLOW_COMMENT="${COMMENT:-false}"
# PINFLOW_PLAN_KEY, the plan files' signing key, is a pipe variable under the name pinflow reads:
# it stays in the environment as given, and is never written here.
if [ "${DEBUG:-false}" = "true" ]; then export PINFLOW_LOG=debug; fi
status=0
"${PINFLOW_BIN:-pinflow}" "$command" || status=$?
# A plan with changes exits 6: a result (PINFLOW_CHANGES in pinflow.env), not a failure.
if [ "$command" = plan ] && [ "$status" -eq 6 ]; then status=0; fi
exit "$status"
