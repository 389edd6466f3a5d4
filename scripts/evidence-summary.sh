#!/usr/bin/env bash
# Prints a Markdown fragment for the review PR body and the job summary: per draft, how many of
# its sentences have strong, weak or no evidence (the run folder's evidence.json), and where the
# evidence pages (evidence.html) are. Prints nothing when no run folder has an evidence.json.
#
#   scripts/evidence-summary.sh <run dir>...
#
# Env (set by GitHub Actions): GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, to link the
# workflow run whose artifacts hold the pages.
set -euo pipefail
rows=()
thresholds=''
for run in "$@"; do
  file="${run%/}/evidence.json"
  [ -f "$file" ] || continue
  # Cells are escaped for a Markdown table: `|` would end the cell, a backtick the code span.
  rows+=("$(jq -r 'def cell: tostring | gsub("[|`\n]"; " ");
    "| `\(.draft | cell)` | \(.sentences | length) | \(.summary.strong) | \(.summary.weak) | \(.summary.none) | `\(.runId // "" | cell)/evidence.html` |"' "$file")")
  thresholds=$(jq -r '"strong: a passage of a cited source holds \(.thresholds.strong * 100 | round)% or more of the sentence'"'"'s content words; weak: \(.thresholds.weak * 100 | round)% or more, or an error finding; none: less, or nothing cited"' "$file")
done
[ ${#rows[@]} -gt 0 ] || exit 0
echo '## Evidence'
echo
echo '| draft | sentences | strong | weak | none | evidence page |'
echo '| --- | ---: | ---: | ---: | ---: | --- |'
printf '%s\n' "${rows[@]}"
echo
echo "$thresholds."
if [ -n "${GITHUB_RUN_ID:-}" ] && [ -n "${GITHUB_REPOSITORY:-}" ]; then
  run_url="${GITHUB_SERVER_URL:-https://github.com}/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID"
  echo "Each draft's evidence page (every sentence beside its cited passages; open \`evidence.html\` in a browser) is in the \`run-*\` artifact of [workflow run $GITHUB_RUN_ID]($run_url), under \`.pipeline/runs/<run>/\`. Locally: \`scripts/cli.sh review\` serves them with Approve and Reject."
else
  echo "Each draft's evidence page is \`.pipeline/runs/<run>/evidence.html\`. Locally: \`scripts/cli.sh review\` serves them with Approve and Reject."
fi
