#!/usr/bin/env bash
# Builds the base image localhost/envbench-base:bookworm from Debian packages with mmdebstrap and imports it into
# podman or docker, so that container/Dockerfile can be built where no registry is reachable. It holds no Java:
# the image gets the runtime that bare and the VM run too (http/runtime, see container/runtime.sh).
#
#   container/base-image.sh [--runtime podman|docker] [--force]
#   podman build --build-arg BASE_IMAGE=localhost/envbench-base:bookworm -f container/Dockerfile -t localhost/envbench .
#
# Idempotent: an image that is already there is kept unless --force is given; the root file system tar is cached
# in container/.cache/ and reused by the import unless --force is given.
set -euo pipefail

readonly IMAGE="localhost/envbench-base:bookworm"
readonly SUITE="bookworm"
# passwd for the image's user; glibc, libstdc++ and zlib, which the Java runtime needs, come with apt itself.
readonly PACKAGES="passwd"

usage() {
    cat <<EOF
usage: $(basename "$0") [--runtime podman|docker] [--force] [--mirror URL]

Builds $IMAGE from Debian $SUITE packages ($PACKAGES) with mmdebstrap
and imports it into the container runtime.

  --runtime NAME  podman or docker (default: the first of them that answers 'NAME info')
  --force         rebuild the root file system and re-import even if the image exists
  --mirror URL    Debian mirror (default: mmdebstrap's, http://deb.debian.org/debian)
EOF
}

fail() {
    echo "base-image.sh: $*" >&2
    exit 1
}

runtime=""
force=0
mirror=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runtime)
            [[ $# -ge 2 ]] || { usage >&2; fail "--runtime needs a value: podman or docker"; }
            runtime="$2"
            shift 2
            ;;
        --mirror)
            [[ $# -ge 2 ]] || { usage >&2; fail "--mirror needs a URL, for example http://deb.debian.org/debian"; }
            mirror="$2"
            shift 2
            ;;
        --force)
            force=1
            shift
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        *)
            usage >&2
            fail "unknown argument '$1'"
            ;;
    esac
done

runtime_works() {
    command -v "$1" >/dev/null 2>&1 && "$1" info >/dev/null 2>&1
}

if [[ -n "$runtime" ]]; then
    case "$runtime" in
        podman | docker) ;;
        *) fail "--runtime must be podman or docker, not '$runtime'" ;;
    esac
    command -v "$runtime" >/dev/null 2>&1 || fail "$runtime is not on PATH; install it or name the other runtime"
    runtime_works "$runtime" || fail "'$runtime info' fails: is its daemon or service running? Try: $runtime info"
else
    for candidate in podman docker; do
        if runtime_works "$candidate"; then
            runtime="$candidate"
            break
        fi
    done
    [[ -n "$runtime" ]] || fail "neither podman nor docker answers 'info'; install one (apt-get install podman) or start the docker daemon"
fi

if [[ "$force" -eq 0 ]] && "$runtime" image inspect "$IMAGE" >/dev/null 2>&1; then
    echo "$IMAGE is already in $runtime; nothing to do (--force rebuilds it)"
    exit 0
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$here/.cache"
arch="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
rootfs="$cache/envbench-base-$SUITE-$arch.tar"
mkdir -p "$cache"

if [[ "$force" -eq 1 || ! -s "$rootfs" ]]; then
    command -v mmdebstrap >/dev/null 2>&1 || fail "mmdebstrap is not on PATH; install it: apt-get install mmdebstrap"
    partial="$rootfs.partial.tar"
    trap 'rm -f "$partial"' EXIT
    echo "building the $SUITE root file system with $PACKAGES into $rootfs"
    # Spelled out, and the same as vm/build-image.sh's, so that the container and the VM get the same libraries.
    main="${mirror:-http://deb.debian.org/debian}"
    mirror_args=("deb $main $SUITE main" "deb $main $SUITE-updates main"
        "deb http://deb.debian.org/debian-security $SUITE-security main")
    # Documentation, man pages and translations are left out to keep the image small; apt's lists are removed
    # because the image is never updated in place (rebuild with --force instead). "$1" in the hooks is expanded by
    # mmdebstrap (the root directory), not here.
    # shellcheck disable=SC2016
    mmdebstrap --variant=apt --include="$PACKAGES" \
        --dpkgopt='path-exclude=/usr/share/man/*' \
        --dpkgopt='path-exclude=/usr/share/doc/*' \
        --dpkgopt='path-include=/usr/share/doc/*/copyright' \
        --dpkgopt='path-exclude=/usr/share/locale/*' \
        --customize-hook='rm -rf "$1"/var/lib/apt/lists/*' \
        "$SUITE" "$partial" "${mirror_args[@]}" ||
        fail "mmdebstrap failed (see above); check that the Debian mirror is reachable"
    mv "$partial" "$rootfs"
    trap - EXIT
else
    echo "reusing the cached root file system $rootfs (--force rebuilds it)"
fi

echo "importing $rootfs into $runtime as $IMAGE"
"$runtime" import \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    "$rootfs" "$IMAGE" >/dev/null ||
    fail "'$runtime import' failed (see above)"
"$runtime" image inspect "$IMAGE" >/dev/null || fail "$IMAGE is not in $runtime after the import"
echo "$IMAGE is ready; build the app with --build-arg BASE_IMAGE=$IMAGE"
