#!/usr/bin/env bash
# Fetches the review branch and the rejections branch, when they exist, into
# refs/remotes/origin/ (called by every job of .github/workflows/pipeline.yml before
# scripts/restore-review.sh):
#
#   scripts/fetch-review.sh
#
# A branch that does not exist is normal (no PR open, nothing rejected yet); a fetch that fails
# is not: it fails the job, since restoring nothing would propose the drafts under review again.
# Env: REVIEW_BRANCH (default pipeline/review), REJECTIONS_BRANCH (default pipeline/rejections),
# GIT_TOKEN (read access, for a private repository; see scripts/git-auth.sh).
set -euo pipefail
# shellcheck source=scripts/git-auth.sh
. "$(dirname "$0")/git-auth.sh"

for branch in "${REVIEW_BRANCH:-pipeline/review}" "${REJECTIONS_BRANCH:-pipeline/rejections}"; do
  status=0
  git_auth ls-remote --exit-code --heads origin "refs/heads/$branch" >/dev/null || status=$?
  if [ "$status" -eq 2 ]; then
    echo "no branch $branch on origin"
    git update-ref -d "refs/remotes/origin/$branch" 2>/dev/null || true
    continue
  fi
  [ "$status" -eq 0 ] || { echo "::error::cannot reach origin to read $branch (exit $status)"; exit 1; }
  # The nightly commit and the editor's commits since (scripts/restore-review.sh compares them).
  git_auth fetch -q --depth=50 origin "+refs/heads/$branch:refs/remotes/origin/$branch"
  echo "fetched $branch"
done
