#!/usr/bin/env bash
# Starts a Docker engine (Debian's docker.io dockerd) by hand where none runs, and stops only the one it started:
#
#   container/docker-engine.sh start    # no-op when `docker info` already answers
#   container/docker-engine.sh status
#   container/docker-engine.sh stop     # no-op unless this script started the running dockerd
#
# For hosts without systemd as PID 1 (containers, CI VMs): overlay2 storage, the cgroupfs cgroup driver (works on
# cgroup v1, hybrid and v2), and gVisor registered as runtime `runsc` (its own network stack, through
# container/runsc-netns-fix.sh) and `runsc-hostnet` (--network=host) when runsc is installed. The engine leaves
# the host's firewall and sysctls alone (no iptables rules, no ip_forward): `-p 127.0.0.1:PORT:8080` still works
# through docker-proxy, and envbench's containers need no traffic beyond the host.
#
# The daemon's files live in ENVBENCH_DOCKER_STATE (default /run/envbench-docker): daemon.json, dockerd.log and
# dockerd.pid, which says "this script started it". The API socket is Docker's default, /var/run/docker.sock.
# ENVBENCH_DOCKER_WAIT_SECONDS bounds each wait (default 60).
set -euo pipefail

state="${ENVBENCH_DOCKER_STATE:-/run/envbench-docker}"
wait_seconds="${ENVBENCH_DOCKER_WAIT_SECONDS:-60}"
docker="${DOCKER:-docker}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pidfile="$state/dockerd.pid"
log="$state/dockerd.log"
config="$state/daemon.json"
# Docker's own place for the containerd it starts and manages when no system containerd is given.
managed_containerd_pidfile="/var/run/docker/containerd/containerd.pid"

usage() {
    cat <<EOF
usage: $(basename "$0") start|stop|status

  start   start dockerd unless a Docker engine already answers 'docker info'
  stop    stop the dockerd this script started (and the containerd it manages); nothing else
  status  say whether an engine answers, and whether this script started it
EOF
}

fail() {
    echo "docker-engine.sh: $*" >&2
    exit 1
}

engine_answers() {
    "$docker" info >/dev/null 2>&1
}

# The PID in our pidfile when that process is a live dockerd, else nothing.
our_pid() {
    [[ -s "$pidfile" ]] || return 0
    local pid
    pid="$(cat "$pidfile")"
    if [[ "$pid" =~ ^[0-9]+$ && "$(cat "/proc/$pid/comm" 2>/dev/null)" == dockerd ]]; then
        echo "$pid"
    fi
}

write_config() {
    local runtimes=""
    if [[ -x /usr/bin/runsc ]]; then
        runtimes=$(
            cat <<EOF
,
  "runtimes": {
    "runsc": {"path": "$here/runsc-netns-fix.sh"},
    "runsc-hostnet": {"path": "/usr/bin/runsc", "runtimeArgs": ["--network=host"]}
  }
EOF
        )
    fi
    cat >"$config" <<EOF
{
  "storage-driver": "overlay2",
  "exec-opts": ["native.cgroupdriver=cgroupfs"],
  "iptables": false,
  "ip-forward": false,
  "ip-masq": false$runtimes
}
EOF
}

start() {
    if engine_answers; then
        if [[ -n "$(our_pid)" ]]; then
            echo "docker engine already running, started by this script (pid $(our_pid))"
        else
            echo "a docker engine already answers 'docker info'; using it, and stop will leave it alone"
        fi
        return 0
    fi
    command -v dockerd >/dev/null 2>&1 || fail "dockerd is not on PATH; install it: apt-get install docker.io"
    command -v "$docker" >/dev/null 2>&1 || fail "$docker (the client) is not on PATH; install docker.io"
    local stale
    stale="$(our_pid)"
    [[ -z "$stale" ]] || fail "dockerd $stale, started by this script, runs but does not answer; see $log, or stop it"
    if [[ -s /var/run/docker.pid ]] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
        fail "another dockerd (pid $(cat /var/run/docker.pid)) runs but does not answer 'docker info'; stop it first"
    fi
    mkdir -p "$state"
    write_config
    echo "starting dockerd (config $config, log $log)"
    # 9>&-: the daemon must not inherit the lock, or it would hold it for its whole life.
    setsid dockerd --config-file "$config" --pidfile "$pidfile" >>"$log" 2>&1 </dev/null 9>&- &
    local pid=$!
    local waited=0
    until engine_answers; do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$pidfile"
            fail "dockerd exited before it answered; the end of $log: $(tail -n 5 "$log")"
        fi
        if [[ "$waited" -ge $((wait_seconds * 5)) ]]; then
            kill -TERM "$pid" 2>/dev/null || true
            fail "dockerd did not answer 'docker info' within ${wait_seconds}s; stopped it; see $log"
        fi
        sleep 0.2
        waited=$((waited + 1))
    done
    echo "docker engine ready (pid $pid)"
}

stop() {
    local pid
    pid="$(our_pid)"
    if [[ -z "$pid" ]]; then
        rm -f "$pidfile"
        echo "no dockerd started by this script runs; nothing to stop"
        return 0
    fi
    local containerd=""
    if [[ -s "$managed_containerd_pidfile" ]]; then
        containerd="$(cat "$managed_containerd_pidfile")"
    fi
    echo "stopping dockerd $pid"
    # dockerd stops its containers (shutdown-timeout, 15 s by default) and its managed containerd on SIGTERM.
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null && [[ "$waited" -lt $((wait_seconds * 5)) ]]; do
        sleep 0.2
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "dockerd $pid still runs after ${wait_seconds}s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
    if [[ "$containerd" =~ ^[0-9]+$ ]]; then
        waited=0
        while [[ "$(cat "/proc/$containerd/comm" 2>/dev/null)" == containerd && "$waited" -lt 50 ]]; do
            sleep 0.2
            waited=$((waited + 1))
        done
        if [[ "$(cat "/proc/$containerd/comm" 2>/dev/null)" == containerd ]]; then
            echo "killing the containerd $containerd that dockerd left behind" >&2
            kill -KILL "$containerd" 2>/dev/null || true
        fi
    fi
    rm -f "$pidfile"
    # The bridge dockerd made; it would stay behind, down, until the next start.
    if ip link show docker0 >/dev/null 2>&1; then
        ip link delete docker0 2>/dev/null || echo "could not delete the docker0 bridge" >&2
    fi
    echo "docker engine stopped"
}

status() {
    local pid
    pid="$(our_pid)"
    if engine_answers; then
        if [[ -n "$pid" ]]; then
            echo "running, started by this script (pid $pid)"
        else
            echo "running, not started by this script"
        fi
    elif [[ -n "$pid" ]]; then
        echo "dockerd $pid (started by this script) runs but does not answer"
        return 1
    else
        echo "not running"
        return 1
    fi
}

[[ $# -eq 1 ]] || {
    usage >&2
    exit 2
}
mkdir -p "$state"
exec 9>"$state/lock"
flock -w "$wait_seconds" 9 || fail "another docker-engine.sh holds $state/lock for more than ${wait_seconds}s"
case "$1" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    -h | --help) usage ;;
    *)
        usage >&2
        exit 2
        ;;
esac
