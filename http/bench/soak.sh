#!/usr/bin/env bash
# Soak test of `serve`: mixed load for DURATION seconds, one sample every INTERVAL seconds, and a verdict on whether
# memory, threads, file descriptors or latency keep growing.
#
# Load, all to 127.0.0.1:
#   - open loop: `envbench load --rate` on /health (HEALTH_RATE/s) and on /metrics (METRICS_RATE/s, a very busy
#     Prometheus), one `load` process per path and interval, so that every interval has its own p99;
#   - a trickle, one request every TRICKLE_PERIOD seconds, cycling through: small /runs of five kernels, a run that
#     is refused as too long (422), a client that gives up on its run after 0.5 s (the server stops the run), and
#     bad requests (unknown kernel, bad size, size out of range, unknown parameter, a wrong method, a body too large).
# Each sample reads the server's RSS and threads from /proc/PID/status and its open file descriptors from
# /proc/PID/fd, takes the p99 of the interval's open-loop requests from the `load` rows, and the Java heap's live set:
# `jcmd PID GC.run` (a full collection, between the intervals' load runs), then the heap in use from /metrics. The
# heap is fixed and touched at start (-Xms = -Xmx, AlwaysPreTouch), so RSS shows what grows outside it (threads,
# metaspace, code, direct buffers, native), and a leak inside it shows in the live set, not hidden by heap sizing.
# The 1-minute load average goes with each sample: on a shared machine it explains a p99 more often than serve does.
#
# "Grows without bound", as checked here: after the first WARMUP_SAMPLES samples (class loading, JIT, Jetty's pools
# filling), the rest are split in thirds and the last third is compared with the first. Growth that has an end (a
# pool that fills, a cache that warms) passes once it has ended within the first third; a leak, which goes on for
# as long as the load does, puts the last third above the first.
#   RSS        median rose by more than 10% + 16 MiB  (a leak of a few KiB per request is MiBs per minute here)
#   heap live  median rose by more than 10% + 8 MiB   (the same, inside the Java heap)
#   fds        median rose by more than 16            (one leaked descriptor per /run would be hundreds per hour)
#   threads    outside Jetty's request pool: median rose by more than 4
#   p99        every sample of the last third above twice the highest of the first plus 10 ms
# Medians, because a collection makes RSS saw-tooth. Jetty's request pool (threads named envbench-http-N) grows while
# requests wait for a CPU and shrinks after 60 s idle, up to its maximum of 200, so it follows the machine's load: it
# is reported, and the check is on the other threads, where a leak would be (run pool, selectors, clients, timers).
# p99 on a shared 2-CPU machine moves by 10x within minutes, so only a rise of the whole last third over the whole
# first counts. The least-squares slope over the second half is printed too, per hour, as a second look.
#
# Usage: http/bench/soak.sh            (from the repository root, after ./mvnw -B -q package -DskipTests)
# Environment: DURATION (3600) INTERVAL (60) WARMUP_SAMPLES (2) HEALTH_RATE (200) METRICS_RATE (2) TRICKLE_PERIOD (2)
#              OUT (a new temporary folder; kept) JAVA (java) SERVER_FLAGS (@container/jvm.flags -Xms256m -Xmx256m
#              -XX:+AlwaysPreTouch) LOAD_FLAGS (-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx128m)
#              JAR (http/envbench.jar; a copy keeps a long soak apart from rebuilds)
# Output: OUT/samples.csv, OUT/latency.csv (envbench load's rows), OUT/trickle.csv, OUT/server.{out,err}
# Exit status: 0 nothing grew, 1 something grew or the server failed, 2 setup failed.
set -euo pipefail

cd "$(dirname "$0")/../.."
DURATION="${DURATION:-3600}"
INTERVAL="${INTERVAL:-60}"
WARMUP_SAMPLES="${WARMUP_SAMPLES:-2}"
HEALTH_RATE="${HEALTH_RATE:-200}"
METRICS_RATE="${METRICS_RATE:-2}"
TRICKLE_PERIOD="${TRICKLE_PERIOD:-2}"
JAVA="${JAVA:-java}"
SERVER_FLAGS="${SERVER_FLAGS:-@container/jvm.flags -Xms256m -Xmx256m -XX:+AlwaysPreTouch}"
# The load client at a few hundred requests/s needs no C2, and starts with less CPU without it.
LOAD_FLAGS="${LOAD_FLAGS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx128m}"
JAR="${JAR:-http/envbench.jar}"

die() { echo "soak: $*" >&2; exit 2; }
# shellcheck source=ready.sh
. "$(dirname "$0")/ready.sh"
[[ -f "$JAR" ]] || die "$JAR is missing; build it with ./mvnw -B -q package -DskipTests"
command -v jcmd >/dev/null || die "jcmd is missing (it comes with the JDK: apt-get install openjdk-17-jdk-headless)"
[[ "$DURATION" =~ ^[0-9]+$ && "$INTERVAL" =~ ^[0-9]+$ ]] || die "DURATION and INTERVAL are whole seconds"
(( INTERVAL >= 10 )) || die "INTERVAL must be at least 10 s (each sample runs its own load processes)"
(( DURATION / INTERVAL - WARMUP_SAMPLES >= 3 )) \
    || die "DURATION/INTERVAL gives $(( DURATION / INTERVAL )) samples; need WARMUP_SAMPLES + 3 at least"
OUT="${OUT:-$(mktemp -d -t envbench-soak.XXXXXX)}"
mkdir -p "$OUT"

server_pid=""
trickle_pid=""
load_pids=()
cleanup() {
    local pid
    for pid in "${load_pids[@]}" "$trickle_pid"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
    done
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
    fi
    wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# shellcheck disable=SC2086 # SERVER_FLAGS is a list of JVM options to be split into words
"$JAVA" $SERVER_FLAGS -jar "$JAR" serve --port 0 >"$OUT/server.out" 2>"$OUT/server.err" &
server_pid=$!
base="$(await_ready "$OUT/server.out" "$OUT/server.err" "$server_pid")" || exit 2
curl -fsS --max-time 10 "${base}health" >/dev/null || die "${base}health does not answer"

echo "soak: server pid $server_pid at $base ($JAVA $SERVER_FLAGS), ${DURATION} s, a sample every ${INTERVAL} s, output in $OUT"
echo "soak: open loop /health ${HEALTH_RATE}/s and /metrics ${METRICS_RATE}/s, a trickle request every ${TRICKLE_PERIOD} s"

end_epoch=$(( $(date +%s) + DURATION ))

# One request every TRICKLE_PERIOD seconds until the end; each curl is bounded by --max-time.
trickle() {
    local requests=(
        "ok GET run/sha256?size=65536&iterations=4"
        "ok GET run/primes?size=100000"
        "ok GET run/matmul?size=64&iterations=3"
        "ok GET run/sort?size=10000"
        "ok GET run/stream-triad?size=100000"
        "too_long GET run/matmul?size=1024&iterations=1000"
        "client_gone GET run/sha256?size=1048576&iterations=1000"
        "bad GET run/nope"
        "bad GET run/sha256?size=abc"
        "bad GET run/sha256?size=0"
        "bad GET run/sha256?colour=blue"
        "bad DELETE run/sha256"
        "bad POST run/sha256"
    )
    local i=0 kind method path code max_time body
    echo "epoch,kind,method,path,code" >"$OUT/trickle.csv"
    while (( $(date +%s) < end_epoch )); do
        read -r kind method path <<<"${requests[$(( i % ${#requests[@]} ))]}"
        max_time=30
        [[ "$kind" == "client_gone" ]] && max_time=0.5
        body=()
        # A body over /run's 64 KiB limit: 413 unread.
        [[ "$method" == "POST" ]] && body=(--data-binary "@$OUT/big-body")
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time "$max_time" -X "$method" "${body[@]}" \
            "${base}${path}" || true)"
        echo "$(date +%s),$kind,$method,$path,$code" >>"$OUT/trickle.csv"
        i=$(( i + 1 ))
        sleep "$TRICKLE_PERIOD"
    done
}
head -c 70000 /dev/zero >"$OUT/big-body"
trickle &
trickle_pid=$!

echo "t_seconds,rss_kib,heap_live_bytes,threads,pool_threads,other_threads,fds,health_p99_ms,metrics_p99_ms,health_errors,metrics_errors,load_average" \
    >"$OUT/samples.csv"
start_epoch=$(date +%s)
# Each sample's load runs INTERVAL - 4 s; starting the load JVMs takes the rest, more on a busy machine, so samples
# are taken until DURATION is up rather than counted.
load_seconds=$(( INTERVAL - 4 ))
n=0
while (( $(date +%s) + load_seconds <= end_epoch )); do
    n=$(( n + 1 ))
    rows_before=0
    [[ -f "$OUT/latency.csv" ]] && rows_before="$(wc -l <"$OUT/latency.csv")"
    load_pids=()
    # shellcheck disable=SC2086 # LOAD_FLAGS is a list of JVM options
    "$JAVA" $LOAD_FLAGS -jar "$JAR" load --url "$base" --path /health --rate "$HEALTH_RATE" --duration "${load_seconds}s" \
        --warmup 1s --timeout 5s --env soak --out "$OUT/latency.csv" >>"$OUT/load.out" 2>/dev/null &
    load_pids+=("$!")
    # shellcheck disable=SC2086 # LOAD_FLAGS is a list of JVM options
    "$JAVA" $LOAD_FLAGS -jar "$JAR" load --url "$base" --path /metrics --rate "$METRICS_RATE" --duration "${load_seconds}s" \
        --warmup 1s --timeout 5s --env soak --out "$OUT/latency-metrics.csv" >>"$OUT/load.out" 2>/dev/null &
    load_pids+=("$!")
    for pid in "${load_pids[@]}"; do
        wait "$pid" || { echo "soak: a load process failed (see $OUT/load.out)" >&2; exit 1; }
    done
    load_pids=()
    kill -0 "$server_pid" 2>/dev/null || { cat "$OUT/server.err" >&2; echo "soak: the server died" >&2; exit 1; }
    jcmd "$server_pid" GC.run >/dev/null || { echo "soak: jcmd $server_pid GC.run failed" >&2; exit 1; }
    heap="$(curl -fsS --max-time 10 "${base}metrics" | awk '/^jvm_memory_bytes_used\{area="heap",\}/ {printf "%d", $2}')"
    [[ -n "$heap" ]] || { echo "soak: no jvm_memory_bytes_used in /metrics" >&2; exit 1; }
    load_average="$(cut -d' ' -f1 /proc/loadavg)"
    rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")"
    threads="$(awk '/^Threads:/ {print $2}' "/proc/$server_pid/status")"
    # comm holds the first 15 characters of a Java thread's name.
    pool="$(cat /proc/"$server_pid"/task/*/comm 2>/dev/null | grep -c '^envbench-http' || true)"
    fds="$(find "/proc/$server_pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)"
    # The last row of each file is this interval's; columns 13 and 10 are p99_ms and errors.
    health="$(tail -n 1 "$OUT/latency.csv" | awk -F, '{print $13 "," $10}')"
    metrics="$(tail -n 1 "$OUT/latency-metrics.csv" | awk -F, '{print $13 "," $10}')"
    (( $(wc -l <"$OUT/latency.csv") > rows_before )) || { echo "soak: no load row for sample $n" >&2; exit 1; }
    elapsed=$(( $(date +%s) - start_epoch ))
    echo "$elapsed,$rss,$heap,$threads,$pool,$(( threads - pool )),$fds,${health%,*},${metrics%,*},${health#*,},${metrics#*,},$load_average" \
        >>"$OUT/samples.csv"
    printf 'soak: %5d s  rss %7d KiB  heap live %4d MiB  threads %3d (pool %3d)  fds %4d  p99 /health %9s ms  /metrics %9s ms  load %s\n' \
        "$elapsed" "$rss" "$(( heap / 1048576 ))" "$threads" "$pool" "$fds" "${health%,*}" "${metrics%,*}" "$load_average"
done
wait "$trickle_pid" || true
trickle_pid=""
final_metrics="$(curl -fsS --max-time 10 "${base}metrics" || true)"
echo "$final_metrics" | grep -E '^envbench_(kernel_runs|rejected)_total|^envbench_http_requests_total\{route="/run' \
    >"$OUT/final-counters.txt" || true

/usr/bin/python3 - "$OUT" "$WARMUP_SAMPLES" <<'EOF'
import csv
import statistics
import sys
from collections import Counter

out, warmup = sys.argv[1], int(sys.argv[2])
rows = list(csv.DictReader(open(f"{out}/samples.csv")))
kept = rows[warmup:]
if len(kept) < 3:
    print(f"soak: only {len(rows)} samples, {warmup} of them warm-up: too few to judge; use a longer DURATION")
    sys.exit(2)
third = max(1, len(kept) // 3)
median = statistics.median
# figure: how the first third is summed up, how the last third is, and the limit for the last from the first
rules = {
    "rss_kib": (median, median, lambda first: first * 1.10 + 16 * 1024),
    "heap_live_bytes": (median, median, lambda first: first * 1.10 + 8 * 1024 * 1024),
    "fds": (median, median, lambda first: first + 16),
    "other_threads": (median, median, lambda first: first + 4),
    "health_p99_ms": (max, min, lambda first: 2 * first + 10),
    "metrics_p99_ms": (max, min, lambda first: 2 * first + 10),
}
failed = []
print(f"\nsoak: {len(rows)} samples, first {warmup} left out; the first and last {third} of the rest compared")
print(f"{'figure':16}{'first':>14}{'last':>14}{'allowed':>14}{'slope/h':>14}  verdict")
half = kept[len(kept) // 2:]
for name, (first_of, last_of, limit_of) in rules.items():
    values = [float(r[name]) for r in kept]
    first, last = first_of(values[:third]), last_of(values[-third:])
    limit = limit_of(first)
    xs = [float(r["t_seconds"]) / 3600 for r in half]
    ys = [float(r[name]) for r in half]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / spread if spread > 0 else 0.0
    verdict = "ok" if last <= limit else "GROWS"
    if verdict != "ok":
        failed.append(name)
    how = "medians" if first_of is median else "max of first, min of last"
    print(f"{name:16}{first:14.1f}{last:14.1f}{limit:14.1f}{slope:14.1f}  {verdict} ({how})")

trickle = list(csv.DictReader(open(f"{out}/trickle.csv")))
codes = Counter((r["kind"], r["code"]) for r in trickle)
print("\ntrickle: " + ", ".join(f"{kind} {code}: {count}" for (kind, code), count in sorted(codes.items())))
# A client that gives up sees no answer (000); on a very busy machine the server may refuse its run as too long first.
expected = {"ok": {"200", "503"}, "too_long": {"422"}, "client_gone": {"000", "422"},
            "bad": {"400", "404", "405", "413"}}
unexpected = {key: count for key, count in codes.items() if key[1] not in expected[key[0]]}
if unexpected:
    failed.append(f"trickle answers {unexpected}")
if not any(kind == "ok" and code == "200" for kind, code in codes):
    failed.append("no /run answered 200")
counters = open(f"{out}/final-counters.txt").read()
if 'outcome="client_gone"' not in counters:
    failed.append("no run was counted as stopped for a client that left")
errors = sum(int(r["health_errors"]) + int(r["metrics_errors"]) for r in rows)
print(f"open loop errors over the whole run: {errors}")
pool = [int(r["pool_threads"]) for r in rows]
print(f"Jetty's request pool: {min(pool)} to {max(pool)} threads (its maximum is 200)")
loads = [float(r["load_average"]) for r in rows]
print(f"load average (1 min) at the samples: min {min(loads):.2f}, median {statistics.median(loads):.2f}, "
      f"max {max(loads):.2f} on {__import__('os').cpu_count()} CPUs")
print(counters.strip())
if failed:
    print("soak: FAILED: " + ", ".join(failed))
    sys.exit(1)
print("soak: nothing grew")
EOF
