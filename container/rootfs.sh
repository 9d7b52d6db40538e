#!/usr/bin/env bash
# Unpacks the Debian root file system of container/base-image.sh into a folder, for launch-command environments that
# need a root of their own (systemd-nspawn refuses the host's /). It holds no Java: bind the build's runtime and the
# jar in read-only, so that the tool runs the same JRE build as every other environment:
#
#   container/rootfs.sh [DIR]        (default DIR: container/.cache/rootfs; prints DIR)
#   systemd-nspawn --quiet --register=no --keep-unit --kill-signal=SIGTERM -D DIR \
#       --bind-ro="$PWD/http/runtime:/opt/envbench/runtime" --bind-ro="$PWD/http/envbench.jar:/opt/envbench/envbench.jar" \
#       /opt/envbench/runtime/bin/java -jar /opt/envbench/envbench.jar serve --port 8080
#
# The tar comes from container/.cache (base-image.sh leaves it there), else from the base image in podman
# (podman export), else base-image.sh builds both. Idempotent: a DIR unpacked from the same tar is kept.
set -euo pipefail

readonly IMAGE="localhost/envbench-base:bookworm"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$here/.cache"
arch="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
tar_file="$cache/envbench-base-bookworm-$arch.tar"
dir="${1:-$cache/rootfs}"

fail() {
    echo "rootfs.sh: $*" >&2
    exit 1
}

mkdir -p "$cache"
if [[ ! -s "$tar_file" ]]; then
    if ! podman image inspect "$IMAGE" >/dev/null 2>&1; then
        bash "$here/base-image.sh" --runtime podman >&2 || fail "container/base-image.sh could not build $IMAGE"
    fi
    if [[ ! -s "$tar_file" ]]; then
        partial="$tar_file.partial"
        container="$(podman create --name "envbench-rootfs-$$" "$IMAGE" /bin/true)"
        trap 'podman rm -f "$container" >/dev/null 2>&1 || true; rm -f "$partial"' EXIT
        podman export -o "$partial" "$container" || fail "podman export of $IMAGE failed"
        mv "$partial" "$tar_file"
        podman rm -f "$container" >/dev/null
        trap - EXIT
    fi
fi

stamp="$(stat -c '%s %Y' "$tar_file")"
if [[ -f "$dir/.envbench-rootfs" && "$(cat "$dir/.envbench-rootfs")" == "$stamp" ]]; then
    echo "$dir"
    exit 0
fi
rm -rf "$dir.partial"
mkdir -p "$dir.partial"
tar -xf "$tar_file" -C "$dir.partial" || fail "could not unpack $tar_file"
mkdir -p "$dir.partial/opt/envbench/runtime"
touch "$dir.partial/opt/envbench/envbench.jar"
echo "$stamp" >"$dir.partial/.envbench-rootfs"
rm -rf "$dir"
mv "$dir.partial" "$dir"
echo "$dir"
