#!/usr/bin/env bash
# Promotes or rejects the drafts of a closed review pull request (called by .github/workflows/review.yml).
#
#   scripts/review-drafts.sh merged|closed <base sha> <head sha> <pr number>
#
# merged: drafts the PR brings to content/pending/ are promoted (the editor's edits kept, as merged);
#         drafts that were in the PR's first commit but deleted before the merge are rejected.
# closed: every draft the PR ever proposed is rejected, and the rejections the PR carried (drafts
#         deleted from the branch before a nightly run, see restore-review.sh) are kept.
# Rejected drafts are restored from the PR's history into content/pending/ first, then moved by
# `cli reject`, so that they land in content/.rejected/ with the reason and are never proposed again.
# Run from the repository root, on the base branch after the merge (or unchanged, when closed).
set -euo pipefail

outcome=${1:?merged or closed}
base=${2:?base sha}
head=${3:?head sha}
pr=${4:?pr number}
# PIPELINE_CLI lets tests point at a build elsewhere.
read -r -a cli <<<"${PIPELINE_CLI:-node dist/cli.js}"

# No pipe into `head`: it exits early, and with pipefail git's SIGPIPE (141) would fail the script.
commits=$(git rev-list --reverse "$base..$head")
first=${commits%%$'\n'*}
[ -n "$first" ] || { echo "PR #$pr has no commits beyond $base: nothing to do"; exit 0; }

# Drafts added under content/pending/ by the PR's first commit and by the PR as a whole.
proposed=$(git diff --name-only --diff-filter=A "$base" "$first" -- 'content/pending/*.md' || true)
final=$(git diff --name-only --diff-filter=A "$base" "$head" -- 'content/pending/*.md' || true)

promote=()
reject=()
if [ "$outcome" = merged ]; then
  for path in $final; do [ -f "$path" ] && promote+=("$path"); done
  for path in $proposed; do
    grep -qxF "$path" <<<"$final" || reject+=("$path")
  done
  reason="deleted from review PR #$pr before it was merged"
else
  reject=($( (printf '%s\n' $proposed; printf '%s\n' $final) | sort -u))
  reason="review PR #$pr was closed without merging"
fi

if [ ${#promote[@]} -gt 0 ]; then
  echo "promote: ${promote[*]}"
  "${cli[@]}" promote "${promote[@]}"
fi
restored=()
for path in "${reject[@]}"; do
  [ -n "$path" ] || continue
  [ -f "$path" ] && { restored+=("$path"); continue; }
  mkdir -p "$(dirname "$path")"
  # Take the latest version the PR had, else the first one.
  if git cat-file -e "$head:$path" 2>/dev/null; then git show "$head:$path" >"$path"
  else git show "$first:$path" >"$path"; fi
  restored+=("$path")
done
if [ ${#restored[@]} -gt 0 ]; then
  echo "reject: ${restored[*]}"
  "${cli[@]}" reject "${restored[@]}" --reason "$reason"
fi
carried=0
if [ "$outcome" = closed ]; then
  for path in $(git diff --name-only --diff-filter=A "$base" "$head" -- 'content/.rejected/*.md'); do
    [ -e "$path" ] && continue
    mkdir -p "$(dirname "$path")"
    git show "$head:$path" >"$path"
    carried=$((carried + 1))
  done
fi
echo "promoted ${#promote[@]}, rejected ${#restored[@]}, kept ${carried} rejection(s) made on the branch"
