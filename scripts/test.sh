#!/usr/bin/env bash
# The test command: installs the test bed (idempotent), the npm dependencies, compiles, and runs
# the unit tests and the integration tests against real buildkitd, buildx and a registry.
set -euo pipefail
cd "$(dirname "$0")/.."

RBK_NODE24=$(bash scripts/testbed-install.sh)
export RBK_NODE24
npm ci --no-audit --no-fund --loglevel=error
npm run -s compile
node scripts/run-tests.mjs "$@"
