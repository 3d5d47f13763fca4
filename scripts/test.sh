#!/usr/bin/env bash
# Runs every test: installs the test servers where missing, then builds and verifies all modules.
# The tests start and stop their own servers on free loopback ports.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-servers.sh
exec mvn -B -ntp verify "$@"
