#!/usr/bin/env bash
# The pipeline step of .github/workflows/pipeline.yml: `cli run` with the arguments given, after
# saying in the job summary which engine the night drafts with.
#
#   scripts/run-pipeline.sh <topic> --engine auto|offline|claude
#   scripts/run-pipeline.sh --batch <topic>... --interval 60
set -euo pipefail
if [ -z "${ANTHROPIC_API_KEY:-}" ]; then
  echo "> No ANTHROPIC_API_KEY secret: this run uses the offline (extractive) engine." \
    >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
fi
exec "$(dirname "$0")/cli.sh" run "$@"
