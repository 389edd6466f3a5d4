#!/usr/bin/env bash
# Says in the job summary which token writes the review branch (.github/workflows/*.yml):
#
#   scripts/token-notice.sh <has app token: true|false> <has PIPELINE_TOKEN: true|false> <what>
#
# With neither, GITHUB_TOKEN does it, and GitHub starts no workflow for what GITHUB_TOKEN does:
# no CI, no deploy preview on the review PR (README "Set up the nightly run", step 2).
set -euo pipefail
summary=${GITHUB_STEP_SUMMARY:-/dev/null}
if [ "${1:-false}" = true ]; then
  echo "The ${3:-review PR} is written with the GitHub App's token: CI runs on it." >>"$summary"
elif [ "${2:-false}" = true ]; then
  echo "The ${3:-review PR} is written with secrets.PIPELINE_TOKEN: CI runs on it." >>"$summary"
else
  message="No GitHub App and no PIPELINE_TOKEN secret: the ${3:-review PR} is written with GITHUB_TOKEN, so CI and the site's deploy preview will not run on it (README: Set up the nightly run)."
  echo "::warning::$message"
  echo "> **Warning:** $message" >>"$summary"
fi
