#!/usr/bin/env bash
# Brings the review branch's drafts into this checkout before a nightly run (called by
# .github/workflows/pipeline.yml, after `npm ci`):
#
#   scripts/restore-review.sh <review branch ref>
#
# - content/pending/ and content/.rejected/ as the review branch has them: a draft under review is
#   never proposed twice, and a rejection not merged yet still counts.
# - A draft the nightly commit proposed that the editor has since deleted from the branch is
#   rejected here (restored from that commit, then `cli reject`). The nightly run rewrites the
#   branch, which would otherwise forget the deletion and propose the same sources again; the
#   rejected file goes into the next review PR with the new drafts.
# The nightly commit is the newest commit of the branch whose message contains
# $REVIEW_COMMIT_MESSAGE (default "Nightly drafts for review", as pipeline.yml writes it).
# Run from the repository root.
set -euo pipefail

ref=${1:?review branch ref, e.g. FETCH_HEAD or origin/pipeline/review}
message=${REVIEW_COMMIT_MESSAGE:-Nightly drafts for review}
# PIPELINE_CLI lets tests point at a build elsewhere.
read -r -a cli <<<"${PIPELINE_CLI:-node dist/cli.js}"

if ! git rev-parse --verify -q "$ref^{commit}" >/dev/null; then
  echo "no review branch ($ref): nothing to restore"
  exit 0
fi
for dir in content/pending content/.rejected; do
  if git cat-file -e "$ref:$dir" 2>/dev/null; then git checkout "$ref" -- "$dir"; fi
done

nightly=$(git log -n 1 --format=%H --fixed-strings --grep="$message" "$ref" 2>/dev/null || true)
if [ -z "$nightly" ] || ! git cat-file -e "$nightly^" 2>/dev/null; then
  echo "restored the review branch's drafts; no nightly commit (with its parent) to compare with"
  exit 0
fi
deleted=()
while IFS= read -r path; do
  [ -n "$path" ] || continue
  # Still under review, a draft of the same name here already, or rejected by an earlier run:
  # nothing to reject.
  git cat-file -e "$ref:$path" 2>/dev/null && continue
  [ -e "$path" ] && continue
  [ -e "content/.rejected/$(basename "$path")" ] && continue
  mkdir -p "$(dirname "$path")"
  git show "$nightly:$path" >"$path"
  deleted+=("$path")
done < <(git diff --name-only --diff-filter=A "$nightly^" "$nightly" -- 'content/pending/*.md')
if [ ${#deleted[@]} -gt 0 ]; then
  echo "reject (deleted from the review branch): ${deleted[*]}"
  "${cli[@]}" reject "${deleted[@]}" --reason "deleted from the review pull request before it was merged"
fi
echo "restored the review branch's drafts; rejected ${#deleted[@]} deleted from it"
