#!/usr/bin/env bash
# Runs .github/workflows/e2e.yml with nektos/act on this machine, on the host (act itself needs no Docker),
# with a copy of the working tree as the workspace, so `uses: ./` is the action as it is here;
# then checks act's log (build/test/bed/act-e2e-check.js): every job green, the pushed digest is the
# registry's, the second job fell back, no key material in any job's log or outputs.
# Needs the test bed (scripts/testbed-install.sh) and a compiled build/ (npm run -s compile).
set -euo pipefail
cd "$(dirname "$0")/.."

ACT_VERSION=v0.2.89
TOOLS="${RBK_TOOLS:-$HOME/.cache/remote-buildkit/tools}"
ACT="$TOOLS/act-$ACT_VERSION/act"
log() { printf '[e2e-act] %s\n' "$*" >&2; }

if [ ! -x "$ACT" ]; then
  log "building act $ACT_VERSION (a few minutes when Go's cache is cold)"
  rm -rf "$TOOLS/act-$ACT_VERSION.tmp"
  (cd /tmp && GOBIN="$TOOLS/act-$ACT_VERSION.tmp" go install -trimpath "github.com/nektos/act@$ACT_VERSION")
  rm -rf "$TOOLS/act-$ACT_VERSION" && mv "$TOOLS/act-$ACT_VERSION.tmp" "$TOOLS/act-$ACT_VERSION"
fi

# act runs a node action with the first `node` on PATH, whatever its `using:` says: put the Node 24
# that GitHub runs node24 actions with first.
node24=$(bash scripts/testbed-install.sh)
export PATH="$(dirname "$node24"):$PATH"

out="${RBK_ACT_LOG_DIR:-$(mktemp -d /tmp/rbk-act-XXXXXX)}"
mkdir -p "$out"
# The jobs' test beds live here (scripts/e2e-bed.sh; act hands the jobs this environment), so
# that daemons a job left behind, killed before its stop step, are stopped all the same.
export RBK_E2E_ROOT="$out/beds"
mkdir -p "$RBK_E2E_ROOT"
stop_beds() {
  for dir in "$RBK_E2E_ROOT"/rbk-e2e-*; do
    [ -d "$dir" ] || continue
    log "stopping the test bed a job left behind: $dir"
    RBK_E2E_ROOT="$RBK_E2E_ROOT" GITHUB_JOB="${dir##*/rbk-e2e-}" bash scripts/e2e-bed.sh stop || true
  done
}
trap stop_beds EXIT
log "running e2e.yml under act $ACT_VERSION with $(node --version); log in $out"
# -P ubuntu-latest=-self-hosted: on the host. act takes e2e.yml's checkout for a copy of the
# working tree (so `uses: ./` is the action as it is here), and fetches nothing. --json: the human
# log is each entry's message, and the other fields let the check read step outputs and results.
status=0
"$ACT" push \
  --workflows .github/workflows/e2e.yml \
  -P ubuntu-latest=-self-hosted \
  --json \
  < /dev/null > "$out/e2e.json" 2> "$out/act-stderr.log" || status=$?

node build/test/bed/act-e2e-check.js "$out/e2e.json" || status=1
if [ "$status" -ne 0 ]; then
  log "e2e.yml failed under act (exit $status); the human log is $out/e2e.txt, its tail:"
  tail -n 40 "$out/e2e.txt" >&2 || true
  tail -n 20 "$out/act-stderr.log" >&2 || true
  exit 1
fi
log "e2e.yml green under act"
