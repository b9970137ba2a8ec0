#!/usr/bin/env bash
# Runs the unit tests from a copy of the project that has nothing beside it, as a user's fresh
# clone has: a test that reads a file outside the project fails here.
# The copy holds the files git knows (tracked, or new and not ignored) and hard links to
# node_modules, so it takes seconds and leaves the dependencies untouched.
set -euo pipefail
cd "$(dirname "$0")/.."

parent=$(mktemp -d "${TMPDIR:-/tmp}/rbk-fresh-XXXXXX")
trap 'rm -rf "$parent"' EXIT
copy="$parent/remote-buildkit"
mkdir "$copy"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
  # A file deleted in the work tree but still in the index is not part of the project any more.
  [ -e "$file" ] && printf '%s\0' "$file"
done | tar --null -T - -cf - | tar -C "$copy" -xf -
cp -al node_modules "$copy/node_modules" 2>/dev/null || cp -a node_modules "$copy/node_modules"

cd "$copy"
npm run -s compile
node scripts/run-tests.mjs unit
