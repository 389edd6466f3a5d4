#!/usr/bin/env bash
# Brings cost ledger lines from elsewhere into this checkout's cost ledger (the project config's
# `costs` folder, $COSTS_DIR, default .research-draft/costs; one JSON Lines file per month, one line
# per run; see README "Cost over nights"). Called by .github/workflows/pipeline.yml:
#
#   scripts/merge-costs.sh <git ref or folder>...
#
# - A git ref (the review branch, the rejections branch, a closed PR's head): its
#   $COSTS_DIR/*.jsonl. A ref that does not exist adds nothing (no PR open, nothing rejected yet).
# - A folder (a run job's artifact, laid out as the repository): its $COSTS_DIR/*.jsonl.
# Lines already here stay as they are, in their order; lines not here yet are appended, each once.
# The ledger is append-only, so this is the union git's `merge=union` (the folder's
# .gitattributes) makes of two branches: every night's runs are counted once.
set -euo pipefail
costs_dir=${COSTS_DIR:-.research-draft/costs}
added=0

# add_lines <month file name>: appends the lines on stdin that the month's file lacks.
add_lines() {
  local target="$costs_dir/$1" new
  mkdir -p "$costs_dir"
  [ -e "$costs_dir/.gitattributes" ] || printf '*.jsonl merge=union\n' >"$costs_dir/.gitattributes"
  touch "$target"
  new=$(awk -v known="$target" '
    BEGIN { while ((getline line < known) > 0) seen[line] = 1 }
    $0 != "" && !seen[$0]++')
  [ -n "$new" ] || return 0
  # A line cut short (a killed writer) is closed first, so the new ones stay whole.
  if [ -s "$target" ] && [ "$(tail -c1 "$target" | wc -l)" -eq 0 ]; then echo >>"$target"; fi
  printf '%s\n' "$new" >>"$target"
  added=$((added + $(printf '%s\n' "$new" | wc -l)))
}

for source in "$@"; do
  if [ -d "$source" ]; then
    for file in "$source/$costs_dir"/*.jsonl; do
      [ -e "$file" ] || continue
      # Reads the artifact's file, writes this checkout's: never the same file (SC2094 is a guess).
      # shellcheck disable=SC2094
      add_lines "$(basename "$file")" <"$file"
    done
  elif git rev-parse --verify -q "$source^{commit}" >/dev/null; then
    while IFS= read -r path; do
      case "$path" in
        "$costs_dir"/*.jsonl) add_lines "$(basename "$path")" < <(git show "$source:$path") ;;
      esac
    done < <(git ls-tree -r --name-only "$source" -- "$costs_dir/")
  else
    echo "no $source: no cost lines from it"
  fi
done
echo "cost ledger: ${added} line(s) added"
