#!/usr/bin/env bash
# Measures the sample on its provisioned WildFly with wrk: an uncached JSON endpoint, a @Cached
# HIT and a 304, with the sample's shared Jsonb resolver on and off. The server runs pinned to
# core 0 and wrk to core 1 (taskset), so they do not share a core. Writes the table and a chart
# (docs/wildfly-bench.png) into docs/benchmarks.md. Loopback only; each run is bounded in time.
#
#   bash benchmarks/wildfly-bench.sh            # median of 3 rounds of 15 s per endpoint, after 3 x 10 s warm-up
#   DURATION=30 WARMUP=20 bash benchmarks/wildfly-bench.sh
# The JIT compiles on the server's one core too: a short warm-up measures the compiler, not the server.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-10}
CONNECTIONS=${CONNECTIONS:-16}
OFFSET=${OFFSET:-731}
PORT=$((8080 + OFFSET))
HOME_DIR=wildfly-sample/target/server

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2"; }; }
need wrk wrk
need gnuplot gnuplot-nox
need taskset util-linux
[ "$(nproc)" -ge 2 ] || { echo "needs 2 cores: the server on one, wrk on the other" >&2; exit 1; }
if [ ! -x "$HOME_DIR/bin/standalone.sh" ]; then
  mvn -q -B -ntp install -DskipTests -pl wildfly-sample -am
fi

endpoints=("uncached JSON|/shapes/repr/uncached" "@Cached HIT|/pydantic_instance" "304 Not Modified|/pydantic_instance")
results=$(mktemp)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    pkill -TERM -P "$server_pid" 2>/dev/null || true
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

run_wrk() { # seconds path [header]
  if [ -n "${3:-}" ]; then
    taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${1}s" -H "$3" "http://127.0.0.1:$PORT$2"
  else
    taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${1}s" "http://127.0.0.1:$PORT$2"
  fi
}

for jsonb in on off; do
  base=$(mktemp -d)
  cp -r "$HOME_DIR/standalone/." "$base/"
  shared=true; [ "$jsonb" = off ] && shared=false
  LAUNCH_JBOSS_IN_BACKGROUND=1 JAVA_OPTS="-Xms512m -Xmx512m -XX:+UseParallelGC" taskset -c 0 \
    bash "$HOME_DIR/bin/standalone.sh" -Djboss.socket.binding.port-offset="$OFFSET" -Djboss.server.base.dir="$base" \
    -Djboss.bind.address=127.0.0.1 -Djboss.bind.address.management=127.0.0.1 \
    -Dcachet.sample.shared-jsonb="$shared" > "$base/console.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 180); do
    curl -fs "http://127.0.0.1:$PORT/sync-me" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fs "http://127.0.0.1:$PORT/sync-me" >/dev/null || { tail -50 "$base/console.log"; exit 1; }
  etag=$(curl -fsi "http://127.0.0.1:$PORT/pydantic_instance" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
  header_for() { [ "$1" = "304 Not Modified" ] && echo "If-None-Match: $etag" || true; }
  for round in 1 2 3; do
    for entry in "${endpoints[@]}"; do
      name=${entry%%|*}; path=${entry#*|}
      run_wrk "$WARMUP" "$path" "$(header_for "$name")" >/dev/null
    done
  done
  # Three measurement rounds, the endpoints interleaved, each endpoint's median reported:
  # a passing disturbance on this 2-core machine then moves one round, not the figure.
  samples=$(mktemp)
  for round in 1 2 3; do
    for entry in "${endpoints[@]}"; do
      name=${entry%%|*}; path=${entry#*|}
      rps=$(run_wrk "$DURATION" "$path" "$(header_for "$name")" | awk '/Requests\/sec/ {printf "%d", $2}')
      echo "$name|$rps" >> "$samples"
      echo "shared-jsonb=$jsonb round $round: $name $rps req/s"
    done
  done
  for entry in "${endpoints[@]}"; do
    name=${entry%%|*}
    median=$(awk -F'|' -v n="$name" '$1==n {print $2}' "$samples" | sort -n | sed -n 2p)
    echo "$jsonb|$name|$median" >> "$results"
  done
  stop_server
  rm -rf "$base"
done

value() { awk -F'|' -v j="$1" -v n="$2" '$1==j && $2==n {print $3}' "$results"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
data=$(mktemp)
{
  for entry in "${endpoints[@]}"; do
    name=${entry%%|*}
    echo "\"$name\" $(value on "$name") $(value off "$name")"
  done
} > "$data"
gnuplot <<GNUPLOT
set terminal png size 800,450 noenhanced
set output 'docs/wildfly-bench.png'
set title 'Cachet sample on WildFly 39 (server on core 0, wrk on core 1, $CONNECTIONS connections)'
set ylabel 'requests/s'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:*]
set key below
set grid ytics
plot '$data' using 2:xtic(1) title 'shared Jsonb (ContextResolver)', '' using 3 title 'no resolver: a Jsonb per response'
GNUPLOT

table=$(mktemp)
{
  echo "<!-- wildfly-bench:start -->"
  echo "Measured $(date -u +%Y-%m-%d) with \`bash benchmarks/wildfly-bench.sh\` (wrk -t1 -c$CONNECTIONS, the median of three interleaved rounds of ${DURATION} s per endpoint, after three rounds of ${WARMUP} s of warm-up; WildFly pinned to core 0, wrk to core 1; in-memory store):"
  echo
  echo "| endpoint | shared Jsonb, req/s | no resolver, req/s |"
  echo "|---|---:|---:|"
  for entry in "${endpoints[@]}"; do
    name=${entry%%|*}; path=${entry#*|}
    echo "| $name \`$path\` | $(value on "$name") | $(value off "$name") |"
  done
  echo
  echo "HIT / 304: **$(ratio "$(value on "@Cached HIT")" "$(value on "304 Not Modified")")×** with the shared Jsonb, **$(ratio "$(value off "@Cached HIT")" "$(value off "304 Not Modified")")×** without it; HIT / uncached: $(ratio "$(value on "@Cached HIT")" "$(value on "uncached JSON")")× and $(ratio "$(value off "@Cached HIT")" "$(value off "uncached JSON")")×."
  echo
  echo "![requests per second](wildfly-bench.png)"
  echo "<!-- wildfly-bench:end -->"
} > "$table"
python3 - "$table" <<'PY'
import re, sys
table = open(sys.argv[1]).read().strip()
path = 'docs/benchmarks.md'
text = open(path).read()
if '<!-- wildfly-bench:start -->' in text:
    text = re.sub(r'<!-- wildfly-bench:start -->.*?<!-- wildfly-bench:end -->', lambda m: table, text, flags=re.S)
else:
    text = text.rstrip() + '\n\n## HTTP on WildFly: uncached, `@Cached` HIT and 304 (issue 13)\n\n' + table + '\n'
open(path, 'w').write(text)
PY
cat "$table"
