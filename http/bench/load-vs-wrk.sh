#!/usr/bin/env bash
# Compares envbench's load generator with wrk on the same machine, in one run, against the same server:
#   1. closed loop: wrk -t1 and `envbench load --connections C` on /health, same connection count and duration;
#      prints the ratio of their requests/s (target: envbench >= 0.8 of wrk) and of their p50 latencies;
#   2. open loop: `envbench load --rate R` at a rate the server sustains (default: 0.25 x wrk's closed-loop rate:
#      the open-loop client tops out near 48k requests/s on one CPU, about 0.4 x wrk here);
#      prints how far the achieved rate is from the target (target: within 1%).
# The server is `java -jar http/envbench.jar serve --port 0` unless SERVER_CMD names another command that prints
# serve's ready line ("envbench ready at http://HOST:PORT/") as its first stdout line; a stand-in is for trials only.
# With 2 or more CPUs the server is pinned to the last CPU and wrk/envbench load to the others (taskset), so the
# load generator never shares the server's CPU; PIN=0 turns that off.
#
# Usage: http/bench/load-vs-wrk.sh            (from the repository root, after ./mvnw -B package -DskipTests)
# Environment: CONNECTIONS (32) DURATION (10s) WARMUP (10s: the JIT of the Java client needs it) RATE (0.25 x wrk's rate) PIN (1) SERVER_CMD JAVA (java)
# Exit status: 0 both targets met, 1 a target missed, 2 setup failed.
set -euo pipefail

cd "$(dirname "$0")/../.."
CONNECTIONS="${CONNECTIONS:-32}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-10s}"
RATE="${RATE:-}"
PIN="${PIN:-1}"
JAVA="${JAVA:-java}"
JAR="http/envbench.jar"
SERVER_CMD="${SERVER_CMD:-$JAVA -jar $JAR serve --port 0}"

die() { echo "load-vs-wrk: $*" >&2; exit 2; }
# shellcheck source=ready.sh
. "$(dirname "$0")/ready.sh"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
[[ -f "$JAR" ]] || die "$JAR is missing; build it with ./mvnw -B -q package -DskipTests"

work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

server_cpus=""
load_cpus=""
cpus="$(nproc)"
if [[ "$PIN" == "1" && "$cpus" -ge 2 ]] && command -v taskset >/dev/null; then
    server_cpus="$((cpus - 1))"
    load_cpus="0-$((cpus - 2))"
fi
on_load_cpus() {
    if [[ -n "$load_cpus" ]]; then taskset -c "$load_cpus" "$@"; else "$@"; fi
}

# shellcheck disable=SC2086 # SERVER_CMD is a command line to be split into words
if [[ -n "$server_cpus" ]]; then
    taskset -c "$server_cpus" $SERVER_CMD >"$work/server.out" 2>"$work/server.err" &
else
    $SERVER_CMD >"$work/server.out" 2>"$work/server.err" &
fi
server_pid=$!

base="$(await_ready "$work/server.out" "$work/server.err" "$server_pid")" || exit 2
url="${base%/}/health"
curl -fsS --max-time 5 "$url" >/dev/null || die "$url does not answer"

echo "server:      $SERVER_CMD -> $base${server_cpus:+ (CPU $server_cpus)}"
echo "generators:  wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), envbench load${load_cpus:+ (CPUs $load_cpus)}"
echo "closed loop: $CONNECTIONS connections, $DURATION each, after a $WARMUP wrk warmup of the server"

# Warms the server's JIT so that neither generator measures a cold server.
on_load_cpus wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null

on_load_cpus wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$work/wrk.out"
wrk_rps="$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.out")"
wrk_p50_ms="$(awk '$1 == "50%" {
    v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
    if (unit == "us") v /= 1000; else if (unit == "s") v *= 1000; else if (unit == "m") v *= 60000
    print v }' "$work/wrk.out")"
wrk_errors="$(awk '/Non-2xx|Socket errors/' "$work/wrk.out")"
[[ -n "$wrk_rps" && -n "$wrk_p50_ms" ]] || { cat "$work/wrk.out" >&2; die "could not read wrk's output"; }

# envbench's own JIT warms up in --warmup, left out of its figures.
on_load_cpus "$JAVA" -jar "$JAR" load --url "$base" --path /health --connections "$CONNECTIONS" \
    --duration "$DURATION" --warmup "$WARMUP" --env bench --out "$work/closed.csv" >"$work/closed.out" 2>"$work/closed.err"
row() { tail -n 1 "$1"; }
field() { row "$1" | cut -d, -f"$2"; }
eb_rps="$(field "$work/closed.csv" 7)"
eb_p50_ms="$(field "$work/closed.csv" 11)"
eb_errors="$(field "$work/closed.csv" 10)"

echo
printf '%-22s %12s %10s  %s\n' "closed loop" "requests/s" "p50 ms" "errors"
printf '%-22s %12.1f %10.3f  %s\n' "wrk -t1" "$wrk_rps" "$wrk_p50_ms" "${wrk_errors:-0}"
printf '%-22s %12.1f %10.3f  %s\n' "envbench load" "$eb_rps" "$eb_p50_ms" "$eb_errors"
throughput_ratio="$(awk -v a="$eb_rps" -v b="$wrk_rps" 'BEGIN {printf "%.3f", a / b}')"
p50_ratio="$(awk -v a="$eb_p50_ms" -v b="$wrk_p50_ms" 'BEGIN {printf "%.3f", a / b}')"
throughput_ok="$(awk -v r="$throughput_ratio" 'BEGIN {print (r >= 0.8) ? "met" : "MISSED"}')"
echo "ratio envbench/wrk:    requests/s $throughput_ratio (target >= 0.8: $throughput_ok), p50 $p50_ratio"

if [[ -z "$RATE" ]]; then
    RATE="$(awk -v r="$wrk_rps" 'BEGIN {printf "%d", r * 0.25}')"
fi
on_load_cpus "$JAVA" -jar "$JAR" load --url "$base" --path /health --rate "$RATE" \
    --duration "$DURATION" --warmup "$WARMUP" --env bench --out "$work/open.csv" >"$work/open.out" 2>"$work/open.err"
open_rate="$(field "$work/open.csv" 7)"
open_p99="$(field "$work/open.csv" 13)"
open_errors="$(field "$work/open.csv" 10)"
deviation="$(awk -v a="$open_rate" -v t="$RATE" 'BEGIN {printf "%+.2f", (a - t) / t * 100}')"
rate_ok="$(awk -v d="$deviation" 'BEGIN {print (d <= 1 && d >= -1) ? "met" : "MISSED"}')"
echo
echo "open loop:             target $RATE/s, achieved $open_rate/s ($deviation%, target within 1%: $rate_ok), p99 $open_p99 ms, errors $open_errors"
echo
echo "envbench summaries:"
cat "$work/closed.out" "$work/open.out"

[[ "$throughput_ok" == "met" && "$rate_ok" == "met" ]]
