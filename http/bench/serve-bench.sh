#!/usr/bin/env bash
# Speed and memory of `envbench serve` next to reference servers, all on this machine in one run:
#   1. /health throughput with wrk (-t1 -c32) against envbench and against nginx serving the same JSON;
#   2. time from launch to the first healthy answer, envbench vs a minimal Flask app, median of several launches
#      (envbench both plain and with an AppCDS archive made by a training run);
#   3. idle resident memory of envbench with the JVM flags the container uses (container/jvm.flags).
# Targets (issue 3): >= 0.5 of nginx's requests/s, time to healthy <= 1.5 x Flask's, idle RSS <= 128 MiB.
#
# Usage: http/bench/serve-bench.sh [--quick]
#   Needs http/envbench.jar (./mvnw -B -q package -DskipTests), wrk, nginx, curl, Debian's python3-flask.
#   DURATION (wrk seconds, default 10), REPS (launches per server, default 7) override the defaults;
#   --quick is a short trial (3 s, 3 launches). Everything it starts listens on 127.0.0.1 and is stopped on exit.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/http/envbench.jar"
flags="$root/container/jvm.flags"
duration="${DURATION:-10}"
reps="${REPS:-7}"
if [[ "${1:-}" == "--quick" ]]; then
    duration=3
    reps=3
fi

for tool in java wrk nginx curl /usr/bin/python3; do
    command -v "$tool" >/dev/null || { echo "serve-bench: $tool is missing; install it (see the header)" >&2; exit 1; }
done
[[ -f "$jar" ]] || { echo "serve-bench: $jar is missing; build it: ./mvnw -B -q package -DskipTests" >&2; exit 1; }
/usr/bin/python3 -c 'import flask' 2>/dev/null \
    || { echo "serve-bench: Flask is missing for /usr/bin/python3; apt-get install python3-flask" >&2; exit 1; }

work="$(mktemp -d)"
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Polls /health every 10 ms until it answers 200; bounded to 60 s.
await_healthy() {
    local url="$1" i
    for ((i = 0; i < 6000; i++)); do
        if curl -sf -o /dev/null "$url"; then
            return 0
        fi
        sleep 0.01
    done
    echo "serve-bench: $url did not become healthy in 60 s" >&2
    return 1
}

stop() {
    local pid="$1"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    local kept=()
    local p
    for p in "${pids[@]}"; do
        [[ "$p" == "$pid" ]] || kept+=("$p")
    done
    pids=("${kept[@]+"${kept[@]}"}")
}

now_ns() { date +%s%N; }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

start_envbench() {
    local port="$1"; shift
    java "$@" "@$flags" -jar "$jar" serve --host 127.0.0.1 --port "$port" >"$work/envbench-$port.log" 2>&1 &
    pids+=("$!")
}

start_nginx() {
    local port="$1"
    mkdir -p "$work/nginx"
    cat >"$work/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    server {
        listen 127.0.0.1:$port;
        location = /health {
            default_type application/json;
            return 200 '{"status":"UP"}';
        }
    }
}
CONF
    nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" >"$work/nginx/stdout.log" 2>&1 &
    pids+=("$!")
}

start_flask() {
    local port="$1"
    cat >"$work/app.py" <<'APP'
import sys
from flask import Flask

app = Flask(__name__)


@app.get("/health")
def health():
    return {"status": "UP"}


app.run(host="127.0.0.1", port=int(sys.argv[1]))
APP
    /usr/bin/python3 "$work/app.py" "$port" >"$work/flask-$port.log" 2>&1 &
    pids+=("$!")
}

# Requests/s of wrk -t1 -c32 on /health, after a warm-up of the same length (the JIT needs one; nginx gets the same).
throughput() {
    local url="$1"
    wrk -t1 -c32 -d"${duration}s" "$url" >/dev/null
    wrk -t1 -c32 -d"${duration}s" "$url" | awk '/^Requests\/sec:/ { print $2 }'
}

# Requests/s of one server: started by start_KIND on a free port, measured once healthy, then stopped.
server_throughput() {
    local kind="$1" port pid
    port="$(free_port)"
    "start_$kind" "$port"
    pid="${pids[-1]}"
    await_healthy "http://127.0.0.1:$port/health"
    throughput "http://127.0.0.1:$port/health"
    stop "$pid"
}

# Milliseconds from launch to the first 200 on /health, one launch per line.
launches() {
    local kind="$1"; shift
    local i port start pid
    for ((i = 0; i < reps; i++)); do
        port="$(free_port)"
        start="$(now_ns)"
        case "$kind" in
            envbench) start_envbench "$port" "$@" ;;
            flask) start_flask "$port" ;;
        esac
        pid="${pids[-1]}"
        await_healthy "http://127.0.0.1:$port/health"
        echo $(( ($(now_ns) - start) / 1000000 ))
        stop "$pid"
    done
}

echo "serve-bench: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), wrk ${duration}s, ${reps} launches"
echo "java: $(java -version 2>&1 | head -1); flags: $(tr '\n' ' ' <"$flags")"

# 1. Throughput, into files for the same reason as the launches below.
server_throughput envbench >"$work/envbench.rps"
server_throughput nginx >"$work/nginx.rps"
envbench_rps="$(<"$work/envbench.rps")"
nginx_rps="$(<"$work/nginx.rps")"

# 2. Launch to healthy. The CDS archive comes from one training launch that is stopped with SIGTERM once ready:
#    the JVM writes the classes it loaded when it exits (JDK 17: -XX:ArchiveClassesAtExit).
archive="$work/envbench.jsa"
port="$(free_port)"
start_envbench "$port" "-XX:ArchiveClassesAtExit=$archive"
await_healthy "http://127.0.0.1:$port/health"
curl -sf -o /dev/null "http://127.0.0.1:$port/status"
stop "${pids[-1]}"
[[ -s "$archive" ]] || { echo "serve-bench: the training launch wrote no CDS archive" >&2; exit 1; }

# Into files, not $(...): a subshell would not stop what it started if it failed half way.
launches envbench >"$work/envbench.ms"
launches envbench "-XX:SharedArchiveFile=$archive" >"$work/envbench-cds.ms"
launches flask >"$work/flask.ms"
envbench_ms="$(median <"$work/envbench.ms")"
envbench_cds_ms="$(median <"$work/envbench-cds.ms")"
flask_ms="$(median <"$work/flask.ms")"

# 3. Idle RSS, with the container's flags and nothing else: started, one health probe, then 5 s idle.
port="$(free_port)"
start_envbench "$port"
idle_pid="${pids[-1]}"
await_healthy "http://127.0.0.1:$port/health"
sleep 5
rss_kib="$(awk '/^VmRSS:/ { print $2 }' "/proc/$idle_pid/status")"
stop "$idle_pid"

verdict() { if awk -v a="$1" -v b="$2" "BEGIN { exit !(a $3 b) }"; then echo "met"; else echo "MISSED"; fi; }
rps_ratio="$(awk -v a="$envbench_rps" -v b="$nginx_rps" 'BEGIN { printf "%.2f", a / b }')"
start_ratio="$(awk -v a="$envbench_ms" -v b="$flask_ms" 'BEGIN { printf "%.2f", a / b }')"
start_cds_ratio="$(awk -v a="$envbench_cds_ms" -v b="$flask_ms" 'BEGIN { printf "%.2f", a / b }')"
rss_mib="$(awk -v k="$rss_kib" 'BEGIN { printf "%.1f", k / 1024 }')"

printf '\n%-44s %12s %12s %8s %s\n' "measure" "envbench" "reference" "ratio" "target"
printf '%-44s %12s %12s %8s %s\n' "/health requests/s (wrk -t1 -c32), vs nginx" "$envbench_rps" "$nginx_rps" \
    "$rps_ratio" ">= 0.5 $(verdict "$rps_ratio" 0.5 '>=')"
printf '%-44s %12s %12s %8s %s\n' "launch to healthy, median ms, vs Flask" "$envbench_ms" "$flask_ms" \
    "$start_ratio" "<= 1.5 $(verdict "$start_ratio" 1.5 '<=')"
printf '%-44s %12s %12s %8s %s\n' "  same with the AppCDS archive" "$envbench_cds_ms" "$flask_ms" \
    "$start_cds_ratio" "<= 1.5 $(verdict "$start_cds_ratio" 1.5 '<=')"
printf '%-44s %12s %12s %8s %s\n' "idle RSS MiB (container/jvm.flags)" "$rss_mib" "-" "-" \
    "<= 128 $(verdict "$rss_mib" 128 '<=')"
echo "launches, ms: envbench $(tr '\n' ' ' <"$work/envbench.ms")| with CDS $(tr '\n' ' ' <"$work/envbench-cds.ms")| flask $(tr '\n' ' ' <"$work/flask.ms")"
