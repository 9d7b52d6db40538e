#!/usr/bin/env bash
# A stand-in for "another host" on this machine: a network namespace joined to the host by a veth pair, for testing
# envbench against a server that it reaches over a network and did not start (`compare --target NAME=URL`).
#
#   container/netns-host.sh up   [NAME] [SUBNET]   # SUBNET is the first three octets, default 10.200.0
#   ip netns exec NAME java -jar http/envbench.jar serve --host 0.0.0.0 --port 8080 &
#   curl http://10.200.0.2:8080/health
#   container/netns-host.sh down [NAME]            # stops what runs inside, removes the namespace and the veth
#
# The host side is SUBNET.1/24 on veth NAME-h, the namespace side SUBNET.2/24 on NAME-n, and loopback is up inside.
# The namespace has no default route and the host forwards nothing for it, so it reaches the host's SUBNET.1 and
# nothing else. Needs root and iproute2. NAME defaults to envbench-target (at most 13 characters, because interface
# names take 15).
set -euo pipefail

fail() {
    echo "netns-host.sh: $*" >&2
    exit 1
}

usage() {
    echo "usage: $(basename "$0") up|down [NAME] [SUBNET]   (defaults: envbench-target 10.200.0)"
}

[[ $# -ge 1 && $# -le 3 ]] || {
    usage >&2
    exit 2
}
action="$1"
name="${2:-envbench-target}"
subnet="${3:-10.200.0}"
[[ "$name" =~ ^[a-zA-Z0-9_-]{1,13}$ ]] || fail "NAME '$name' must be 1 to 13 letters, digits, - or _"
[[ "$subnet" =~ ^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || fail "SUBNET '$subnet' must be three octets, like 10.200.0"
host_if="$name-h"
ns_if="$name-n"

exists() {
    ip netns list | awk '{print $1}' | grep -qx -- "$name"
}

up() {
    if exists; then
        echo "network namespace $name exists; nothing to do (down removes it)"
        return 0
    fi
    ip netns add "$name"
    # Whatever fails from here on leaves nothing half made.
    trap 'ip netns delete "$name" 2>/dev/null; ip link delete "$host_if" 2>/dev/null' ERR
    ip link add "$host_if" type veth peer name "$ns_if"
    ip link set "$ns_if" netns "$name"
    ip addr add "$subnet.1/24" dev "$host_if"
    ip link set "$host_if" up
    ip -n "$name" addr add "$subnet.2/24" dev "$ns_if"
    ip -n "$name" link set "$ns_if" up
    ip -n "$name" link set lo up
    trap - ERR
    echo "network namespace $name: $subnet.2 inside, $subnet.1 on $host_if"
}

down() {
    if exists; then
        local pids
        pids="$(ip netns pids "$name")"
        if [[ -n "$pids" ]]; then
            # shellcheck disable=SC2086 # one PID a word
            kill -TERM $pids 2>/dev/null || true
            for _ in $(seq 1 50); do
                [[ -z "$(ip netns pids "$name")" ]] && break
                sleep 0.2
            done
            pids="$(ip netns pids "$name")"
            # shellcheck disable=SC2086
            [[ -z "$pids" ]] || kill -KILL $pids 2>/dev/null || true
        fi
        # Deleting the namespace deletes its end of the veth, and with it the host's end.
        ip netns delete "$name"
    fi
    if ip link show "$host_if" >/dev/null 2>&1; then
        ip link delete "$host_if"
    fi
    echo "network namespace $name removed"
}

case "$action" in
    up) up ;;
    down) down ;;
    *)
        usage >&2
        exit 2
        ;;
esac
