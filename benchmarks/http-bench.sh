#!/usr/bin/env bash
# Issue 7's HTTP benchmark: wrk against the embedded Undertow + RESTEasy + Weld container with the
# Cachet filter: a trivial uncached endpoint, the same payload from a @Cached endpoint on a HIT,
# and the 304 path. Needs wrk (apt-get install wrk) and a built benchmarks.jar
# (mvn -q -B install -DskipTests). Usage: bash benchmarks/http-bench.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-15}"
port=18081
java -Xms512m -Xmx512m -cp benchmarks/target/benchmarks.jar io.cachet.benchmarks.HttpBenchmarkServer "$port" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/trivial" && break
  sleep 0.2
done
etag=$(curl -fsI "http://127.0.0.1:$port/cached" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
run() { # name, extra wrk arguments...
  local name=$1; shift
  wrk -t2 -c16 -d"${seconds}s" "$@" | awk -v name="$name" '/Latency/{latency=$2} /Requests\/sec/{rps=$2}
    END {printf "%-8s %10s req/s   latency avg %s\n", name, rps, latency}'
}
# Warm every path up first (JIT), then measure; the order alternates to expose drift.
for path in trivial cached trivial cached; do wrk -t2 -c16 -d15s "http://127.0.0.1:$port/$path" >/dev/null; done
wrk -t2 -c16 -d5s -H "If-None-Match: $etag" "http://127.0.0.1:$port/cached" >/dev/null
run trivial "http://127.0.0.1:$port/trivial"
run cached "http://127.0.0.1:$port/cached"
run 304 -H "If-None-Match: $etag" "http://127.0.0.1:$port/cached"
run cached "http://127.0.0.1:$port/cached"
run trivial "http://127.0.0.1:$port/trivial"
