#!/usr/bin/env bash
# An OCI runtime for podman and docker that runs gVisor's runsc with its own network stack (netstack,
# --network=sandbox) on kernels where runsc before release-20240807.0 refuses to:
#
#   podman --runtime "$PWD/container/runsc-netns-fix.sh" run -p 127.0.0.1:8080:8080 localhost/envbench:latest
#
# Why: `runsc start` joins the sandbox's network namespace and takes /proc/sys/net/core/rmem_default being there as
# "this is the host's root namespace" ("cannot run with network enabled in root network namespace"). Linux
# commit 19249c0724f2 ("net: make net.core.{r,w}mem_{default,max} namespaced", after 6.6, in 6.11 and this host's
# 6.18) put that file in every network namespace, so the check fails for every container (google/gvisor#10704;
# gVisor checks dev_weight instead since release-20240807.0).
# Debian 12's runsc is 20221219. This wrapper does the check correctly itself: when the sandbox's network
# namespace is neither its caller's nor PID 1's, it runs `runsc start` in a private mount namespace with
# /proc/sys/net hidden under an empty tmpfs, so that runsc's check passes; runsc reads nothing else under
# /proc/sys/net. In the host's namespace runsc runs untouched and refuses as it should (netstack would take the
# host's addresses). Every other subcommand goes to runsc as it is.
#
# RUNSC names the runsc binary (default /usr/bin/runsc).
set -euo pipefail

runsc="${RUNSC:-/usr/bin/runsc}"

start_index=-1
args=("$@")
for i in "${!args[@]}"; do
    if [[ "${args[$i]}" == start ]]; then
        start_index="$i"
        break
    fi
done
if [[ "$start_index" -lt 0 || "$#" -lt 2 ]]; then
    exec "$runsc" "$@"
fi

globals=("${args[@]:0:$start_index}")
container="${args[$#-1]}"
sandbox_pid="$("$runsc" "${globals[@]}" state "$container" 2>/dev/null |
    sed -n 's/^ *"pid": *\([0-9][0-9]*\).*/\1/p' | head -n 1)" || true
sandbox_netns=""
if [[ -n "$sandbox_pid" ]]; then
    sandbox_netns="$(readlink "/proc/$sandbox_pid/ns/net" 2>/dev/null)" || true
fi
# The engine calls the runtime from the host's network namespace; PID 1's may be unreadable (it is here).
own_netns="$(readlink /proc/self/ns/net)"
init_netns="$(readlink /proc/1/ns/net 2>/dev/null)" || true
if [[ -z "$sandbox_netns" || "$sandbox_netns" == "$own_netns" || "$sandbox_netns" == "$init_netns" ]]; then
    exec "$runsc" "$@"
fi

# "$0" and "$@" in the inner script are the runsc path and the arguments after it, not this script's.
# shellcheck disable=SC2016
exec unshare --mount --propagation private -- /bin/sh -c \
    'mount -t tmpfs -o ro,size=4k envbench-hide-proc-sys-net /proc/sys/net && exec "$0" "$@"' "$runsc" "$@"
