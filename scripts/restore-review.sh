#!/usr/bin/env bash
# Brings the review branch's drafts into this checkout before a nightly run (called by
# .github/workflows/pipeline.yml, after `npm ci`):
#
#   scripts/restore-review.sh <review branch ref> [<rejections branch ref>]
#
# - content/pending/ as the review branch has it (the editor's edits included): a draft under
#   review is never proposed twice. A draft already published ($PUBLISHED_DIR, under any name the
#   site gives its slug: scripts/published-name.sh) or rejected here is skipped: its PR was merged or closed while this run started (see the race
#   in README "Set up the nightly run"), and proposing it again would publish it twice.
# - The rejections and promotions the branch made that this checkout lacks (a promotion commit
#   on the branch before the merge, a rejection of a draft deleted from it): the nightly run
#   rewrites the branch, which would otherwise drop them.
# - A draft the nightly commit proposed that the editor has since deleted from the branch is
#   rejected here (restored from that commit, then `cli reject`), so the same sources are not
#   proposed again; the rejected file goes into the next review PR with the new drafts.
# - With a rejections branch (review.yml commits there the drafts of a PR closed without merging,
#   since the default branch is protected), every rejection it holds that this checkout lacks.
# The nightly commit is the newest commit of the branch whose message contains
# $REVIEW_COMMIT_MESSAGE (default "Nightly drafts for review", as pipeline.yml writes it).
# Run from the repository root.
set -euo pipefail
# The folders of the project config (the workflow sets them; these are the default layout).
pending_dir=${PENDING_DIR:-content/pending}

ref=${1:?review branch ref, e.g. FETCH_HEAD or origin/pipeline/review}
rejections_ref=${2:-}
message=${REVIEW_COMMIT_MESSAGE:-Nightly drafts for review}
published=${PUBLISHED_DIR:-content/posts}
rejected_dir=${REJECTED_DIR:-content/.rejected}
cli="$(dirname "$0")/cli.sh"
# shellcheck source=scripts/published-name.sh
. "$(dirname "$0")/published-name.sh"

exists_at() { git cat-file -e "$1:$2" 2>/dev/null; }
is_commit() { [ -n "$1" ] && git rev-parse --verify -q "$1^{commit}" >/dev/null; }
# Already published (under any name the site gives the draft's slug) or rejected here: settled.
is_settled() { is_published_here "$1" || [ -e "$rejected_dir/$1" ]; }
# Writes <ref>:<path> to <path> unless it exists; says whether it wrote.
restore_missing() {
  [ -e "$2" ] && return 1
  mkdir -p "$(dirname "$2")"
  git show "$1:$2" >"$2"
}

carried=0
if is_commit "$rejections_ref"; then
  while IFS= read -r path; do
    [ -n "$path" ] && restore_missing "$rejections_ref" "$path" && carried=$((carried + 1))
  done < <(git ls-tree -r --name-only "$rejections_ref" -- "$rejected_dir/")
  echo "restored ${carried} rejection(s) from the rejections branch"
fi

if ! is_commit "$ref"; then
  echo "no review branch ($ref): nothing to restore"
  exit 0
fi
nightly=$(git log -n 1 --format=%H --fixed-strings --grep="$message" "$ref" 2>/dev/null || true)
if [ -n "$nightly" ] && ! git cat-file -e "$nightly^" 2>/dev/null; then nightly=''; fi

# Rejections the branch carries, and the posts promoted on it since the nightly commit's base.
while IFS= read -r path; do
  if [ -n "$path" ]; then restore_missing "$ref" "$path" || true; fi
done < <(
  git ls-tree -r --name-only "$ref" -- "$rejected_dir/"
  if [ -n "$nightly" ]; then
    git diff --name-only --diff-filter=A "$nightly^" "$ref" -- "$published/"
  fi
)

skipped=()
while IFS= read -r path; do
  [ -n "$path" ] || continue
  name=$(basename "$path")
  if is_settled "$name"; then
    skipped+=("$path")
    # A copy of the same draft from an earlier restore (another job of the night) goes too.
    rm -f "$path"
    continue
  fi
  mkdir -p "$(dirname "$path")"
  git show "$ref:$path" >"$path"
done < <(git ls-tree -r --name-only "$ref" -- "$pending_dir/" | grep '\.md$' || true)
if [ ${#skipped[@]} -gt 0 ]; then
  echo "skipped (already published or rejected here): ${skipped[*]}"
fi

if [ -z "$nightly" ]; then
  echo "restored the review branch's drafts; no nightly commit (with its parent) to compare with"
  exit 0
fi
deleted=()
while IFS= read -r path; do
  [ -n "$path" ] || continue
  name=$(basename "$path")
  # Still under review, a draft of the same name here already, promoted or rejected (here or on
  # the branch): nothing to reject.
  exists_at "$ref" "$path" && continue
  [ -e "$path" ] && continue
  is_settled "$name" && continue
  is_published_at "$ref" "$name" && continue
  mkdir -p "$(dirname "$path")"
  git show "$nightly:$path" >"$path"
  deleted+=("$path")
done < <(git diff --name-only --diff-filter=A "$nightly^" "$nightly" -- "$pending_dir/*.md")
if [ ${#deleted[@]} -gt 0 ]; then
  echo "reject (deleted from the review branch): ${deleted[*]}"
  "$cli" reject "${deleted[@]}" --reason "deleted from the review pull request before it was merged"
fi
echo "restored the review branch's drafts; rejected ${#deleted[@]} deleted from it"
