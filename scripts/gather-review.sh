#!/usr/bin/env bash
# Gathers the night's drafts for the review PR (the review-pr job of
# .github/workflows/pipeline.yml, after scripts/restore-review.sh):
#
#   scripts/gather-review.sh <artifacts dir> <PR title>
#
# - Copies every topic's new drafts from <artifacts dir>/run-*/content/pending/ into
#   content/pending/ (a draft restored from the review branch is kept as the branch has it).
# - Leaves out, and removes, any draft already published or rejected, here or on the default
#   branch as it is now (fetched again: a PR merged while this night ran must not come back), or
#   rejected on the rejections branch as it is now (a PR closed meanwhile: the rejection is
#   restored too, so the PR carries it).
# - Writes the PR body (`cli report --pr` over the run records) to pr-body.md and
#   `records=<n>` to $GITHUB_OUTPUT. With no run record (every topic failed) it writes no body and
#   records=0: the workflow then leaves the open PR as it is instead of emptying it.
# Env: BASE_BRANCH (default main), REJECTIONS_BRANCH (default pipeline/rejections),
# PUBLISHED_DIR (default content/posts), GIT_TOKEN.
set -euo pipefail
# The folders of the project config (the workflow sets them; these are the default layout).
pending_dir=${PENDING_DIR:-content/pending}
rejected_dir=${REJECTED_DIR:-content/.rejected}
here=$(dirname "$0")
# shellcheck source=scripts/git-auth.sh
. "$here/git-auth.sh"
# shellcheck source=scripts/published-name.sh
. "$here/published-name.sh"
artifacts=${1:?artifacts dir}
title=${2:?PR title}
base=${BASE_BRANCH:-main}
published=${PUBLISHED_DIR:-content/posts}
output=${GITHUB_OUTPUT:-/dev/null}

fresh=''
if git_auth fetch -q --depth=1 origin "+refs/heads/$base:refs/remotes/origin/$base"; then
  fresh="refs/remotes/origin/$base"
else
  echo "::warning::could not fetch $base again: drafts are checked against the checkout only"
fi
# Rejections of a PR closed while this night ran (review.yml commits them to the rejections
# branch): restored here, so the drafts they reject are left out and the PR carries them.
rejections=${REJECTIONS_BRANCH:-pipeline/rejections}
if git_auth ls-remote --exit-code --heads origin "refs/heads/$rejections" >/dev/null; then
  git_auth fetch -q --depth=1 origin "+refs/heads/$rejections:refs/remotes/origin/$rejections"
  while IFS= read -r path; do
    if [ -z "$path" ] || [ -e "$path" ]; then continue; fi
    mkdir -p "$(dirname "$path")"
    git show "refs/remotes/origin/$rejections:$path" >"$path"
  done < <(git ls-tree -r --name-only "refs/remotes/origin/$rejections" -- "$rejected_dir/")
fi
# Published (under any name the site gives the draft's slug) or rejected, here or on the fresh base.
is_settled() {
  is_published_here "$1" || [ -e "$rejected_dir/$1" ] && return 0
  [ -n "$fresh" ] || return 1
  is_published_at "$fresh" "$1" || git cat-file -e "$fresh:$rejected_dir/$1" 2>/dev/null
}

mkdir -p "$pending_dir"
left_out=()
for draft in "$pending_dir"/*.md; do
  [ -e "$draft" ] || continue
  if is_settled "$(basename "$draft")"; then left_out+=("$draft"); rm "$draft"; fi
done
added=0
runs=()
for dir in "$artifacts"/run-*; do
  [ -d "$dir" ] || continue
  for draft in "$dir/$pending_dir"/*.md; do
    [ -e "$draft" ] || continue
    name=$(basename "$draft")
    if is_settled "$name"; then left_out+=("$name"); continue; fi
    [ -e "$pending_dir/$name" ] && continue
    cp "$draft" "$pending_dir/$name"
    added=$((added + 1))
  done
  for run in "$dir"/.pipeline/runs/*/; do [ -f "$run/run.json" ] && runs+=("$run"); done
done
if [ ${#left_out[@]} -gt 0 ]; then echo "left out (already published or rejected): ${left_out[*]}"; fi
echo "records=${#runs[@]}" >>"$output"
if [ ${#runs[@]} -eq 0 ]; then
  echo "::warning::no topic produced a run record: the review PR is left as it is"
  exit 0
fi
"$here/cli.sh" report --pr --title "$title" "${runs[@]}" >pr-body.md
# Per draft, its sentences by strength of evidence, and where the evidence pages are.
"$here/evidence-summary.sh" "${runs[@]}" >>pr-body.md
echo "gathered ${added} new draft(s) from ${#runs[@]} run record(s)"
