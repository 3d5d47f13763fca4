#!/usr/bin/env bash
# Installs the servers the tests start on loopback, where missing: redis-server and
# redis-sentinel, memcached, headless Chromium for the sample's browser test (Debian packages),
# and dynalite (npm, into .test-servers/).
# Safe to run again: it only installs what is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
command -v redis-sentinel >/dev/null 2>&1 || need_apt+=(redis-sentinel)
command -v memcached >/dev/null 2>&1 || need_apt+=(memcached)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-test-servers: installing ${need_apt[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# The Debian packages start services on install where an init system runs; the tests start
# their own servers on free ports, so stop any such service to keep the machine quiet.
for service in redis-server redis-sentinel memcached; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
    systemctl stop "$service" || true
  fi
done

if [ ! -f .test-servers/node_modules/dynalite/cli.js ]; then
  command -v node >/dev/null 2>&1 || { echo "install-test-servers: node is required for dynalite" >&2; exit 1; }
  echo "install-test-servers: installing dynalite"
  mkdir -p .test-servers
  (cd .test-servers && npm install --silent --no-audit --no-fund --prefix . dynalite@4.0.0 >/dev/null)
fi

echo "install-test-servers: redis-server $(redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/'),"\
" memcached $(memcached -V | awk '{print $2}'), dynalite $(node -p "require('./.test-servers/node_modules/dynalite/package.json').version")"
