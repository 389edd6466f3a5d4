# shellcheck shell=bash
# Sourced by the scripts that fetch or push (bash). The workflows check out with
# persist-credentials: false, so that no token sits in .git/ while `npm ci` runs third-party
# install scripts; a step that needs the network passes its token as GIT_TOKEN, and only git's
# credential helper reads it, from the environment, for that one command.
#
#   . scripts/git-auth.sh; git_auth fetch origin main
git_auth() {
  if [ -n "${GIT_TOKEN:-}" ]; then
    # The helper is a shell snippet run by git: $GIT_TOKEN is expanded there, not here, so the
    # token is never on a command line.
    # shellcheck disable=SC2016
    git -c credential.helper= \
      -c 'credential.helper=!f() { test "$1" = get || exit 0; echo username=x-access-token; echo "password=$GIT_TOKEN"; }; f' \
      "$@"
  else
    git "$@"
  fi
}
