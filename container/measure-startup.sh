#!/usr/bin/env bash
# Measures, for envbench's server, the time from launch to the first 200 from /health and the idle resident
# memory, bare (java -jar on the host with container/jvm.flags) and in a container (localhost/envbench:latest,
# --cpus 1 --memory 512m), N times each, interleaved. Prints one CSV row per launch:
#
#   container/measure-startup.sh [--runs N] [--runtime podman|docker] [--idle SECONDS]
#
# Extra run arguments for the runtime come from ENVBENCH_CONTAINER_RUN_ARGS (for example
# "--runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024" where crun or the default ulimits fail).
# Needs http/envbench.jar and the image (build it with the Dockerfile, or let compare build it).
set -euo pipefail

runs=5
runtime=podman
idle_seconds=5
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --runtime) runtime="$2"; shift 2 ;;
        --idle) idle_seconds="$2"; shift 2 ;;
        -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "measure-startup.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "measure-startup.sh: --runs must be a positive whole number, not '$runs'" >&2; exit 2; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/http/envbench.jar"
flags="$root/container/jvm.flags"
image="localhost/envbench:latest"
[[ -f "$jar" ]] || { echo "measure-startup.sh: $jar is missing; run ./mvnw -B package -DskipTests" >&2; exit 1; }
"$runtime" image inspect "$image" >/dev/null 2>&1 ||
    { echo "measure-startup.sh: $image is not in $runtime; build it from container/Dockerfile" >&2; exit 1; }
read -r -a run_args <<<"${ENVBENCH_CONTAINER_RUN_ARGS:-}"

bare_pid=""
container=""
cleanup() {
    if [[ -n "$bare_pid" ]]; then kill "$bare_pid" 2>/dev/null || true; wait "$bare_pid" 2>/dev/null || true; fi
    if [[ -n "$container" ]]; then "$runtime" rm -f "$container" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Polls /health every 10 ms for at most 60 s; prints the seconds since $1 (a `date +%s.%N` value).
await_healthy() {
    local start="$1" port="$2" attempt
    for attempt in $(seq 1 6000); do
        if curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$port/health"; then
            awk -v now="$(date +%s.%N)" -v start="$start" 'BEGIN { printf "%.3f\n", now - start }'
            return 0
        fi
        sleep 0.01
        : "$attempt"
    done
    echo "measure-startup.sh: no 200 from /health on port $port within 60 s" >&2
    return 1
}

rss_of_pid() {
    awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$1/status"
}

echo "env,run,launch_to_healthy_seconds,idle_java_rss_bytes,idle_cgroup_bytes"
for run in $(seq 1 "$runs"); do
    port="$(free_port)"
    start="$(date +%s.%N)"
    java "@$flags" -jar "$jar" serve --host 127.0.0.1 --port "$port" >/dev/null 2>&1 &
    bare_pid=$!
    seconds="$(await_healthy "$start" "$port")"
    sleep "$idle_seconds"
    echo "bare,$run,$seconds,$(rss_of_pid "$bare_pid"),"
    kill "$bare_pid"
    wait "$bare_pid" 2>/dev/null || true
    bare_pid=""

    port="$(free_port)"
    container="envbench-measure-$$-$run"
    start="$(date +%s.%N)"
    "$runtime" run -d --name "$container" --label org.envbench.managed=true --no-healthcheck \
        --cpus 1 --memory 512m -p "127.0.0.1:$port:8080" "${run_args[@]}" "$image" >/dev/null
    seconds="$(await_healthy "$start" "$port")"
    sleep "$idle_seconds"
    pid="$("$runtime" inspect --format '{{.State.Pid}}' "$container")"
    memory_dir="/sys/fs/cgroup/memory$(awk -F: '$2 ~ /(^|,)memory(,|$)/ { print $3 }' "/proc/$pid/cgroup")"
    if [[ -r "$memory_dir/memory.usage_in_bytes" ]]; then
        usage="$(cat "$memory_dir/memory.usage_in_bytes")"
        inactive="$(awk '$1 == "total_inactive_file" { print $2 }' "$memory_dir/memory.stat")"
    else
        memory_dir="/sys/fs/cgroup$(awk -F: '$1 == "0" { print $3 }' "/proc/$pid/cgroup")"
        usage="$(cat "$memory_dir/memory.current")"
        inactive="$(awk '$1 == "inactive_file" { print $2 }' "$memory_dir/memory.stat")"
    fi
    echo "container,$run,$seconds,$(rss_of_pid "$pid"),$((usage - inactive))"
    "$runtime" rm -f "$container" >/dev/null
    container=""
done
