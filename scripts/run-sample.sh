#!/usr/bin/env bash
# Builds Cachet and the sample (fastapi-cache's example app) and runs it in the foreground on
# http://localhost:${PORT:-8080}/ with the in-memory store: on WildFly 39, provisioned from Maven
# Central (the default), or on Payara Micro 6 with SERVER=payara. Switch the store with
# environment variables, e.g.
#   CACHET_BACKEND=redis CACHET_REDIS_ADDRESS=redis://127.0.0.1:6379 bash scripts/run-sample.sh
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-8080}"
server="${SERVER:-wildfly}"
case "$server" in
  payara) skips="-Dcachet.skip.openliberty=true" ;;
  *) skips="-Dcachet.skip.payara=true -Dcachet.skip.openliberty=true" ;;
esac
mvn -B -ntp -q install -DskipTests $skips -pl wildfly-sample -am
password="${CACHET_OPERATOR_PASSWORD:-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')}"
say_urls() {
  echo
  echo "Cachet sample on ${server}: http://localhost:${port}/  (try /, /sync-me, /date, /datetime, /kwargs?name=x,"
  echo "  /cache_response_obj, /method, /pydantic_instance, /clear; PUT /uncached_put; /cachet/stats as operator)."
  echo "Ctrl-C stops it."
  echo
}
case "$server" in
  wildfly)
    offset=$((port - 8080))
    # The management endpoint's user, in WildFly's application realm (role cachet-admin).
    config=wildfly-sample/target/server/standalone/configuration
    if ! grep -q '^operator=' "$config/application-users.properties"; then
      digest=$(printf 'operator:ApplicationRealm:%s' "$password" | md5sum | cut -d' ' -f1)
      printf '\noperator=%s\n' "$digest" >> "$config/application-users.properties"
      printf '\noperator=cachet-admin\n' >> "$config/application-roles.properties"
      echo "Management endpoint user: operator / $password  (curl -u operator:$password http://localhost:${port}/cachet/stats)"
    fi
    say_urls
    exec wildfly-sample/target/server/bin/standalone.sh -Djboss.socket.binding.port-offset="${offset}" "$@"
    ;;
  payara)
    # The same WAR; the management user in a file realm named as the sample's web.xml names it.
    dir=$(mktemp -d /tmp/cachet-payara-XXXXXX)
    printf 'AS_ADMIN_USERPASSWORD=%s\n' "$password" > "$dir/operator.password"
    cat > "$dir/post-boot.asadmin" <<COMMANDS
set configs.config.server-config.security-service.activate-default-principal-to-role-mapping=true
create-auth-realm --classname com.sun.enterprise.security.auth.realm.file.FileRealm --property file=${dir}/keyfile:jaas-context=fileRealm ApplicationRealm
create-file-user --authrealmname ApplicationRealm --groups cachet-admin --passwordfile ${dir}/operator.password operator
COMMANDS
    echo "Management endpoint user: operator / $password  (curl -u operator:$password http://localhost:${port}/cachet/stats)"
    say_urls
    exec java "$@" -jar wildfly-sample/target/payara/payara-micro.jar --deploy wildfly-sample/target/cachet-sample.war:/ \
      --port "${port}" --nocluster --noHazelcast --rootdir "$dir/root" --postbootcommandfile "$dir/post-boot.asadmin"
    ;;
  *)
    echo "SERVER must be wildfly or payara, not '$server'" >&2
    exit 2
    ;;
esac
