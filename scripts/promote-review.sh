#!/usr/bin/env bash
# Promotes the review PR's drafts on the review branch itself, before the merge (the `promote`
# label; .github/workflows/review.yml): one commit the editor sees in the PR, so that the merge
# publishes and the site's own deploy runs on the default branch.
#
#   scripts/promote-review.sh <pr number>
#
# On a clone of the repository (any branch checked out, no local changes): checks out the
# review branch as origin has it, runs `scripts/review-drafts.sh promote` (drafts kept are
# promoted, the editor's edits kept; drafts deleted from the PR are rejected), commits and
# pushes, never with force. If the branch moved meanwhile (a nightly run rewrote it, the editor
# pushed an edit) the push is refused and the promotion is done again on the new head.
# Env: BASE_BRANCH (default main), REVIEW_BRANCH (default pipeline/review), PUBLISHED_DIR,
# GIT_TOKEN (a token that may push to the branch; see README "Set up the nightly run").
set -euo pipefail
here=$(dirname "$0")
# shellcheck source=scripts/git-auth.sh
. "$here/git-auth.sh"
pr=${1:?pr number}
base_branch=${BASE_BRANCH:-main}
branch=${REVIEW_BRANCH:-pipeline/review}
published=${PUBLISHED_DIR:-content/posts}
committer=(-c user.name="${GIT_COMMITTER_NAME:-github-actions[bot]}"
  -c user.email="${GIT_COMMITTER_EMAIL:-41898282+github-actions[bot]@users.noreply.github.com}")

for attempt in 1 2 3; do
  git_auth fetch -q origin "+refs/heads/$base_branch:refs/remotes/origin/$base_branch" \
    "+refs/heads/$branch:refs/remotes/origin/$branch"
  git checkout -q -B "$branch" "refs/remotes/origin/$branch"
  git clean -qfd -- content "$published"
  base=$(git merge-base "refs/remotes/origin/$base_branch" HEAD)
  "$here/review-drafts.sh" promote "$base" "$(git rev-parse HEAD)" "$pr"
  git add -A -- content "$published"
  if git diff --cached --quiet; then
    echo "nothing to promote on $branch"
    exit 0
  fi
  git "${committer[@]}" commit -q -m "Promote the drafts of review PR #$pr"
  if git_auth push -q origin "HEAD:refs/heads/$branch"; then
    echo "promoted on $branch: $(git rev-parse --short HEAD)"
    exit 0
  fi
  echo "::warning::$branch moved while promoting (attempt $attempt): promoting again on its new head"
done
echo "::error::could not push the promotion to $branch after 3 attempts"
exit 1
