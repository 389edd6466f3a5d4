#!/usr/bin/env bash
# Promotes or rejects the drafts of a review pull request (called by scripts/promote-review.sh
# and scripts/close-review.sh, which .github/workflows/review.yml runs).
#
#   scripts/review-drafts.sh promote|merged|closed <base sha> <head sha> <pr number>
#
# promote: on the review branch itself, before the merge (the promote label): drafts the PR brings
#         to content/pending/ are promoted (the editor's edits kept); drafts that were in the PR's
#         first commit but deleted since are rejected. The merge then publishes.
# merged: the same, on the base branch after a merge (a repository without branch protection, or
#         drafts merged without the promote label).
# closed: every draft the PR ever proposed is rejected (those promoted on the branch too), and the
#         rejections the PR carried (drafts deleted from the branch before a nightly run, see
#         restore-review.sh) are kept.
# Rejected drafts are restored from the PR's history into content/pending/ first, then moved by
# `cli reject`, so that they land in content/.rejected/ with the reason and are never proposed again.
# Run from the repository root, on the base branch after the merge (or unchanged, when closed).
set -euo pipefail
# The folders of the project config (the workflow sets them; these are the default layout).
pending_dir=${PENDING_DIR:-content/pending}
rejected_dir=${REJECTED_DIR:-content/.rejected}

outcome=${1:?promote, merged or closed}
case "$outcome" in promote | merged | closed) ;; *) echo "unknown outcome: $outcome" >&2; exit 2 ;; esac
base=${2:?base sha}
head=${3:?head sha}
pr=${4:?pr number}
cli=("$(dirname "$0")/cli.sh")
# shellcheck source=scripts/published-name.sh
. "$(dirname "$0")/published-name.sh"
published=${PUBLISHED_DIR:-content/posts}

# No pipe into `head`: it exits early, and with pipefail git's SIGPIPE (141) would fail the script.
commits=$(git rev-list --reverse "$base..$head")
first=${commits%%$'\n'*}
[ -n "$first" ] || { echo "PR #$pr has no commits beyond $base: nothing to do"; exit 0; }

# Drafts added under content/pending/ by the PR's first commit and by the PR as a whole.
proposed=$(git diff --name-only --diff-filter=A "$base" "$first" -- "$pending_dir/*.md" || true)
final=$(git diff --name-only --diff-filter=A "$base" "$head" -- "$pending_dir/*.md" || true)

promote=()
reject=()
if [ "$outcome" = merged ] || [ "$outcome" = promote ]; then
  for path in $final; do [ -f "$path" ] && promote+=("$path"); done
  for path in $proposed; do
    grep -qxF "$path" <<<"$final" || reject+=("$path")
  done
  if [ "$outcome" = promote ]; then reason="deleted from review PR #$pr before it was promoted"
  else reason="deleted from review PR #$pr before it was merged"; fi
else
  mapfile -t reject < <(printf '%s\n' "$proposed" "$final" | sed '/^$/d' | sort -u)
  reason="review PR #$pr was closed without merging"
fi

if [ ${#promote[@]} -gt 0 ]; then
  echo "promote: ${promote[*]}"
  "${cli[@]}" promote "${promote[@]}" --to "$published"
fi
restored=()
for path in "${reject[@]}"; do
  [ -n "$path" ] || continue
  [ -f "$path" ] && { restored+=("$path"); continue; }
  # Promoted or rejected already (an earlier promotion on the branch): settled.
  name=$(basename "$path")
  if is_published_here "$name" || [ -e "$rejected_dir/$name" ]; then continue; fi
  mkdir -p "$(dirname "$path")"
  # Take the latest version the PR had, else the first one.
  if git cat-file -e "$head:$path" 2>/dev/null; then git show "$head:$path" >"$path"
  else git show "$first:$path" >"$path"; fi
  restored+=("$path")
done
if [ "$outcome" = closed ]; then
  # Drafts promoted on the branch before it was closed (scripts/promote-review.sh) are rejected
  # too: back to pending from the PR's version, then rejected as the others.
  while IFS= read -r path; do
    [ -n "$path" ] || continue
    # The draft's own name (a dated post or a page bundle was <slug>.md while it waited).
    name=$(draft_name_of_published "$path")
    [ -e "$path" ] || [ -e "$pending_dir/$name" ] || [ -e "$rejected_dir/$name" ] && continue
    mkdir -p "$pending_dir"
    git show "$head:$path" | sed '0,/^status: published$/s//status: pending/' >"$pending_dir/$name"
    restored+=("$pending_dir/$name")
  done < <(git diff --name-only --diff-filter=A "$base" "$head" -- "$published/" |
    grep -E '\.(md|markdown|mdx)$' || true)
fi
if [ ${#restored[@]} -gt 0 ]; then
  echo "reject: ${restored[*]}"
  "${cli[@]}" reject "${restored[@]}" --reason "$reason"
fi
carried=0
if [ "$outcome" = closed ]; then
  for path in $(git diff --name-only --diff-filter=A "$base" "$head" -- "$rejected_dir/*.md"); do
    [ -e "$path" ] && continue
    mkdir -p "$(dirname "$path")"
    git show "$head:$path" >"$path"
    carried=$((carried + 1))
  done
fi
echo "promoted ${#promote[@]}, rejected ${#restored[@]}, kept ${carried} rejection(s) made on the branch"
