#!/usr/bin/env bash
# What happens when the review PR closes (.github/workflows/review.yml), on a checkout of the
# base branch as it is after the close:
#
#   scripts/close-review.sh merged|closed <base sha> <head sha> <pr number>
#
# closed (not merged): after `scripts/review-drafts.sh closed` rejected every draft the PR
#   proposed (in this checkout), the rejections are committed to the rejections branch ($REJECTIONS_BRANCH, default
#   pipeline/rejections), never to the protected default branch: the next nightly run restores
#   them (scripts/restore-review.sh) and its review PR carries them into the default branch. The
#   PR's cost ledger lines go there too (scripts/merge-costs.sh): its nights were paid for.
# merged: the promotion happened on the branch before the merge (scripts/promote-review.sh), so
#   there is nothing to publish here. A draft merged still pending (merged without the promote
#   label) is reported as an error: promote it locally and merge that through a PR.
# Both: the review branch is deleted, unless it moved since the PR closed (a nightly run already
#   rewrote it with new drafts), so that no later run restores the drafts of a closed PR.
# Env: REVIEW_BRANCH (default pipeline/review), REJECTIONS_BRANCH, PUBLISHED_DIR, COSTS_DIR, GIT_TOKEN.
set -euo pipefail
# The folders of the project config (the workflow sets them; these are the default layout).
pending_dir=${PENDING_DIR:-content/pending}
rejected_dir=${REJECTED_DIR:-content/.rejected}
costs_dir=${COSTS_DIR:-.research-draft/costs}
here=$(dirname "$0")
# shellcheck source=scripts/git-auth.sh
. "$here/git-auth.sh"
outcome=${1:?merged or closed}
base=${2:?base sha}
head=${3:?head sha}
pr=${4:?pr number}
branch=${REVIEW_BRANCH:-pipeline/review}
rejections=${REJECTIONS_BRANCH:-pipeline/rejections}
committer=(-c user.name="${GIT_COMMITTER_NAME:-github-actions[bot]}"
  -c user.email="${GIT_COMMITTER_EMAIL:-41898282+github-actions[bot]@users.noreply.github.com}")
status=0

if [ "$outcome" = closed ]; then
  # The closed PR's nights were paid for: their cost lines go to the rejections branch too, and
  # the next nightly run brings them back (scripts/merge-costs.sh) so the month counts them.
  "$here/merge-costs.sh" "$head"
  for attempt in 1 2 3; do
    parent=''
    if git_auth ls-remote --exit-code --heads origin "refs/heads/$rejections" >/dev/null; then
      git_auth fetch -q origin "+refs/heads/$rejections:refs/remotes/origin/$rejections"
      parent=$(git rev-parse "refs/remotes/origin/$rejections")
    fi
    # The rejections branch holds content/.rejected/ only (no history shared with the default
    # branch): built in a temporary index so the checkout is left as it is.
    index=$(mktemp -u)
    tree=$(
      export GIT_INDEX_FILE="$index"
      if [ -n "$parent" ]; then git read-tree "$parent"; fi
      if [ -d "$rejected_dir" ]; then git add -f -- "$rejected_dir"; fi
      if [ -d "$costs_dir" ]; then git add -f -- "$costs_dir"; fi
      git write-tree
    )
    rm -f "$index"
    if [ -n "$parent" ] && [ "$tree" = "$(git rev-parse "$parent^{tree}")" ]; then
      echo "no new rejection for $rejections"
      break
    fi
    commit=$(git "${committer[@]}" commit-tree "$tree" ${parent:+-p "$parent"} \
      -m "Reject the drafts of review PR #$pr (closed without merging)")
    if git_auth push -q origin "$commit:refs/heads/$rejections"; then
      echo "rejections committed to $rejections: $(git rev-parse --short "$commit")"
      break
    fi
    [ "$attempt" -lt 3 ] || { echo "::error::could not push to $rejections"; exit 1; }
  done
else
  left=$(git diff --name-only --diff-filter=A "$base" "$head" -- "$pending_dir/*.md" |
    while IFS= read -r path; do [ -e "$path" ] && echo "$path"; done || true)
  if [ -n "$left" ]; then
    echo "::error::PR #$pr was merged without the promote label: still pending on the default branch: ${left//$'\n'/ }." \
      "Promote them with \`scripts/cli.sh promote <draft>\` in a pull request."
    status=1
  else
    echo "PR #$pr merged: its promotion was on the branch, nothing more to do"
  fi
fi

# Delete the branch only if it is still the PR's head (a lease on that commit).
if git_auth push -q --force-with-lease="refs/heads/$branch:$head" origin ":refs/heads/$branch" 2>/dev/null; then
  echo "deleted $branch"
elif git_auth ls-remote --exit-code --heads origin "refs/heads/$branch" >/dev/null; then
  echo "::notice::$branch moved since PR #$pr closed (a newer nightly run): kept"
else
  echo "$branch was already deleted"
fi
exit "$status"
