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
# The management endpoint's user, in WildFly's application realm (role cachet-admin).
config=wildfly-sample/target/server/standalone/configuration
if ! grep -q '^operator=' "$config/application-users.properties"; then
  password="${CACHET_OPERATOR_PASSWORD:-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')}"
  digest=$(printf 'operator:ApplicationRealm:%s' "$password" | md5sum | cut -d' ' -f1)
  printf '\noperator=%s\n' "$digest" >> "$config/application-users.properties"
  printf '\noperator=cachet-admin\n' >> "$config/application-roles.properties"
  echo "Management endpoint user: operator / $password  (curl -u operator:$password http://localhost:${port}/cachet/stats)"
fi
echo
echo "Cachet sample: http://localhost:${port}/  (try /, /sync-me, /date, /datetime, /kwargs?name=x,"
echo "  /cache_response_obj, /method, /pydantic_instance, /clear; PUT /uncached_put; /cachet/stats as operator)."
echo "Ctrl-C stops it."
echo
exec wildfly-sample/target/server/bin/standalone.sh -Djboss.socket.binding.port-offset="${offset}" "$@"
