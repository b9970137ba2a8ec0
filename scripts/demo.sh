#!/usr/bin/env bash
# Sets up a fresh machine and runs the demo: a local buildkitd with mutual TLS and a registry,
# and the bundled action run twice as the GitHub runner runs it (main, then post).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/testbed-install.sh >/dev/null
npm ci --no-audit --no-fund --loglevel=error
npm run -s compile
node build/test/bed/demo.js
