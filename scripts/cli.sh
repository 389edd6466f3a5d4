#!/usr/bin/env bash
# The one line that runs the research-draft CLI, for every script here and so for every workflow
# step (the workflows call the CLI only through scripts/). In this repository it is the build in
# dist/; a site that installed the package swaps the default for `npx --no-install research-draft`
# (what `init` writes). PIPELINE_CLI overrides it (the tests point it at this repository's build).
#
#   scripts/cli.sh <command> [args...]
set -euo pipefail
read -r -a cli <<<"${PIPELINE_CLI:-node dist/cli.js}"
exec "${cli[@]}" "$@"
