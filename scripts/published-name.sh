# shellcheck shell=bash
# Sourced by the review scripts (bash): whether a pending draft is published, here or at a commit,
# whatever name the site gives its posts. A draft waits as <slug>.md, but `promote` names the post
# by the project config's fileName: the same name (or .markdown, .mdx), a dated one
# (YYYY-MM-DD-<slug>.md, Jekyll's _posts) or a page bundle (<slug>/index.md). The write stage
# counts these same forms of every published slug as taken (src/stages/write/index.ts,
# isTakenElsewhere), so a published post of the draft's slug in one of them is that draft,
# promoted. Needs $published (the published folder).
#
#   . scripts/published-name.sh; is_published_here b.md; is_published_at origin/main b.md

# An extended regex of the paths a draft named <name> can have once published.
published_pattern_of() {
  local slug=${1%.*} folder=${published:?the published folder}
  # Folder names and slugs are plain, but a dot or a bracket must still mean itself.
  folder=$(printf '%s' "$folder" | sed 's/[].[\*^$+?(){}|]/\\&/g')
  slug=$(printf '%s' "$slug" | sed 's/[].[\*^$+?(){}|]/\\&/g')
  printf '^%s/(([0-9]{4}-[0-9]{2}-[0-9]{2}-)?%s\.(md|markdown|mdx)|%s/.+)$' "$folder" "$slug" "$slug"
}

# Whether the draft <name> is published in the working tree.
is_published_here() {
  [ -e "$published/$1" ] && return 0
  [ -d "$published" ] || return 1
  # Listed first, then searched: `grep -q` ends early, and with pipefail the lister's SIGPIPE
  # would read as "not published".
  local paths
  paths=$(find "$published" -maxdepth 2 -type f 2>/dev/null)
  grep -qE "$(published_pattern_of "$1")" <<<"$paths"
}

# Whether the draft <name> is published at commit <ref>.
is_published_at() {
  git cat-file -e "$1:$published/$2" 2>/dev/null && return 0
  local paths
  paths=$(git ls-tree -r --name-only "$1" -- "$published/" 2>/dev/null) || return 1
  grep -qE "$(published_pattern_of "$2")" <<<"$paths"
}

# The pending name of the draft that became the published post at <path> (the reverse).
draft_name_of_published() {
  local name
  name=$(basename "$1")
  case "$name" in
    index.md | index.markdown | index.mdx) name=$(basename "$(dirname "$1")") ;;
  esac
  name=$(printf '%s' "$name" | sed -E 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}-//')
  printf '%s.md' "${name%.*}"
}
