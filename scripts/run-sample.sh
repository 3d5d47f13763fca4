#!/usr/bin/env bash
# Builds Cachet and the WildFly sample (fastapi-cache's example app), provisions WildFly 39 from
# Maven Central and runs it in the foreground on http://localhost:${PORT:-8080}/ with the
# in-memory store. Switch the store with environment variables, e.g.
#   CACHET_BACKEND=redis CACHET_REDIS_ADDRESS=redis://127.0.0.1:6379 bash scripts/run-sample.sh
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-8080}"
mvn -B -ntp -q install -DskipTests -pl wildfly-sample -am
offset=$((port - 8080))
echo
echo "Cachet sample: http://localhost:${port}/  (try /, /sync-me, /date, /datetime, /kwargs?name=x,"
echo "  /cache_response_obj, /method, /pydantic_instance, /clear; PUT /uncached_put). Ctrl-C stops it."
echo
exec wildfly-sample/target/server/bin/standalone.sh -Djboss.socket.binding.port-offset="${offset}" "$@"
