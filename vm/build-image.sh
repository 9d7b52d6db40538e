#!/usr/bin/env bash
# Builds the envbench VM image from Debian packages only: a root filesystem made by mmdebstrap, written as
# an ext4 image with mkfs.ext4 -d (no loop mount, no partition table, no bootloader: qemu boots the kernel
# and a small busybox initrd directly, and the initrd mounts the disk whose virtio serial is envbench-root),
# plus the two jars, the Java runtime of the build (http/runtime, the same bits bare and the container run; see
# container/runtime.sh), container/jvm.flags and the guest init vm/guest/envbench-init.
#
# Output: vm/.cache/<key>/{disk.img,vmlinuz,initrd.img,inputs.txt}; the last line on stdout is that folder.
# <key> hashes every input (this script with its package list, both guest scripts, the jars, the runtime's
# stamp, the flags), so
# the image is rebuilt only when one of them changes. The Debian part alone is cached as
# vm/.cache/base-<key>/, so a new jar costs half a minute, not a new mmdebstrap run of several minutes.
#
# Usage: vm/build-image.sh [--mirror URL]
set -euo pipefail

readonly SUITE=bookworm
# The kernel package brings the virtio modules; busybox-static is the whole userland of the small initrd made
# below; kmod loads virtio_net in the guest; iproute2 configures the network statically. No Java: the guest runs
# http/runtime, whose glibc, libstdc++ and zlib come with the minimal base.
readonly PACKAGES=linux-image-amd64,busybox-static,kmod,iproute2
# What the initrd must load to mount the root filesystem; the rest loads from the root filesystem.
readonly INITRD_MODULES="virtio_pci virtio_blk ext4"
# Module trees no qemu guest with virtio devices needs; dropping them halves the image.
readonly UNUSED_MODULES="drivers/gpu drivers/media drivers/net/wireless drivers/net/ethernet drivers/infiniband
drivers/staging drivers/usb drivers/bluetooth drivers/iio drivers/hid drivers/input drivers/scsi drivers/isdn
drivers/mtd drivers/hwmon drivers/platform drivers/thunderbolt drivers/nfc drivers/net/can drivers/md sound
net/bluetooth net/wireless net/mac80211 fs/btrfs fs/xfs fs/ocfs2 fs/gfs2 fs/nfs fs/nfsd fs/smb fs/cifs fs/ceph"

vm_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(dirname "$vm_dir")
cache_dir="$vm_dir/.cache"
mirror=http://deb.debian.org/debian
# The same three sources as container/base-image.sh, so that the guest gets the libraries the container gets.
security_mirror=http://deb.debian.org/debian-security

die() {
    echo "build-image: $*" >&2
    exit 1
}
log() {
    echo "build-image: $*" >&2
}

while (($# > 0)); do
    case "$1" in
        --mirror)
            (($# >= 2)) || die "--mirror needs a URL, for example --mirror http://deb.debian.org/debian"
            mirror=$2
            shift 2
            ;;
        -h | --help)
            sed -n '2,/^set -euo pipefail$/{/^set/d; s/^# \{0,1\}//; p}' "${BASH_SOURCE[0]}"
            exit 0
            ;;
        *)
            die "unknown option '$1'; expected: [--mirror URL]"
            ;;
    esac
done

envbench_jar="$repo_dir/http/envbench.jar"
benchmarks_jar="$repo_dir/jmh/benchmarks.jar"
jvm_flags="$repo_dir/container/jvm.flags"
runtime_dir="$repo_dir/http/runtime"
guest_init="$vm_dir/guest/envbench-init"

for f in "$envbench_jar" "$benchmarks_jar"; do
    [[ -f "$f" ]] || die "$f is missing; build the jars first: ./mvnw -B -o -q package -DskipTests"
done
[[ -x "$runtime_dir/bin/java" && -f "$runtime_dir/envbench-runtime.stamp" ]] ||
    die "$runtime_dir is missing; build it with the jars: ./mvnw -B -o -q package -DskipTests (or container/runtime.sh)"
for f in "$jvm_flags" "$guest_init" "$vm_dir/guest/initrd-init"; do
    [[ -f "$f" ]] || die "$f is missing; it belongs to the checkout, restore it with git"
done
(($(id -u) == 0)) || die "must run as root (mmdebstrap --mode=root and device nodes in the image); try: sudo $0"
for tool in mmdebstrap mkfs.ext4 depmod modprobe gzip flock; do
    command -v "$tool" >/dev/null ||
        die "$tool not found; install it: apt-get install -y mmdebstrap e2fsprogs kmod gzip util-linux"
done

mkdir -p "$cache_dir"
# One build at a time: test classes and users may call this concurrently.
exec 9>"$cache_dir/.lock"
flock 9
# Half-built folders are of no use; finished ones have been renamed by then.
trap 'rm -rf "$cache_dir"/*.tmp' EXIT


# A few hundred KiB instead of initramfs-tools' 35 MiB with udev: under software emulation that is the
# difference between a root filesystem after 3 s and one after 30 s. busybox-static needs no libraries.
make_initrd() {
    local rootfs=$1 kver=$2 out=$3 dir module file
    dir=$(mktemp -d)
    mkdir -p "$dir/bin" "$dir/dev" "$dir/proc" "$dir/sys" "$dir/root"
    cp "$rootfs/bin/busybox" "$dir/bin/busybox"
    : >"$dir/modules"
    for module in $INITRD_MODULES; do
        # --show-depends lists the dependencies first and the soft dependencies (crc32c for ext4) as well.
        while read -r file; do
            file=${file#"$rootfs"}
            grep -qxF "$file" "$dir/modules" && continue
            mkdir -p "$dir$(dirname "$file")"
            cp "$rootfs$file" "$dir$file"
            echo "$file" >>"$dir/modules"
        done < <(modprobe -d "$rootfs" -S "$kver" --show-depends "$module" | awk '$1 == "insmod" {print $2}')
    done
    install -m 0755 "$vm_dir/guest/initrd-init" "$dir/init"
    (cd "$dir" && find . | "$rootfs/bin/busybox" cpio -o -H newc 2>/dev/null | gzip -9) >"$out"
    rm -rf "$dir"
}

build_base() {
    local tmp="$cache_dir/base-$base_key.tmp"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    log "building the Debian $SUITE root filesystem with mmdebstrap (a few minutes)"
    # Docs, man pages and translations are of no use in the guest and would only make the image larger.
    # The hooks are run by mmdebstrap with the root folder as $1, hence single quotes.
    # shellcheck disable=SC2016
    mmdebstrap --mode=root --variant=minbase --include="$PACKAGES" \
        --dpkgopt='path-exclude=/usr/share/man/*' \
        --dpkgopt='path-exclude=/usr/share/doc/*' \
        --dpkgopt='path-include=/usr/share/doc/*/copyright' \
        --dpkgopt='path-exclude=/usr/share/locale/*' \
        --customize-hook='echo envbench-vm >"$1/etc/hostname"' \
        --customize-hook='printf "127.0.0.1 localhost\n127.0.1.1 envbench-vm\n" >"$1/etc/hosts"' \
        --customize-hook='printf "nameserver 10.0.2.3\n" >"$1/etc/resolv.conf"' \
        --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
        "$SUITE" "$tmp/rootfs" "deb $mirror $SUITE main" "deb $mirror $SUITE-updates main" \
        "deb $security_mirror $SUITE-security main" >&2 ||
        die "mmdebstrap failed (its messages are above; it needs the Debian mirror $mirror)"
    local rootfs="$tmp/rootfs" kver
    kver=$(find "$rootfs/usr/lib/modules" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | tail -n1)
    [[ -n "$kver" && -f "$rootfs/boot/vmlinuz-$kver" ]] || die "no kernel in $rootfs/boot after mmdebstrap"
    cp "$rootfs/boot/vmlinuz-$kver" "$tmp/vmlinuz"
    local tree
    for tree in $UNUSED_MODULES; do
        rm -rf "$rootfs/usr/lib/modules/$kver/kernel/$tree"
    done
    depmod -b "$rootfs" "$kver"
    rm -f "$rootfs"/boot/initrd.img*
    chmod 0644 "$tmp/vmlinuz"
    rm -rf "$base_dir"
    mv "$tmp" "$base_dir"
}

hash_of() {
    local f
    for f in "$@"; do
        sha256sum <"$f"
    done | sha256sum | cut -c1-16
}
# The base depends only on what build_base does (suite, packages, hooks), so that a change elsewhere in this
# script does not cost a new mmdebstrap run; the image depends on the base, this script and the other inputs.
base_key=$(printf '%s\n' "$SUITE" "$PACKAGES" "$UNUSED_MODULES" "$(declare -f build_base)" | sha256sum | cut -c1-16)
image_key=$(printf '%s\n' "$base_key" "$(hash_of "${BASH_SOURCE[0]}" "$guest_init" "$vm_dir/guest/initrd-init" \
    "$envbench_jar" "$benchmarks_jar" "$runtime_dir/envbench-runtime.stamp" "$jvm_flags")" | sha256sum | cut -c1-16)
base_dir="$cache_dir/base-$base_key"
image_dir="$cache_dir/$image_key"

if [[ -f "$image_dir/disk.img" && -f "$image_dir/vmlinuz" && -f "$image_dir/initrd.img" ]]; then
    log "image up to date: $image_dir"
    echo "$image_dir"
    exit 0
fi

if [[ ! -d "$base_dir/rootfs" ]]; then
    build_base
fi

log "assembling the image $image_key"
tmp="$cache_dir/$image_key.tmp"
rm -rf "$tmp"
mkdir -p "$tmp"
# Hard links make the copy instant; every file added below is new, so the base is never written through.
cp -al "$base_dir/rootfs" "$tmp/rootfs"
install -d "$tmp/rootfs/opt/envbench"
install -m 0644 "$envbench_jar" "$tmp/rootfs/opt/envbench/envbench.jar"
install -m 0644 "$benchmarks_jar" "$tmp/rootfs/opt/envbench/benchmarks.jar"
install -m 0644 "$jvm_flags" "$tmp/rootfs/opt/envbench/jvm.flags"
# -a keeps the files' times: the runtime's class-data-sharing archive checks them and is ignored otherwise.
cp -a "$runtime_dir" "$tmp/rootfs/opt/envbench/runtime"
install -m 0755 "$guest_init" "$tmp/rootfs/sbin/envbench-init"
# Mount point of the writable scratch disk vm/run.sh attaches (the root stays read-only).
install -d "$tmp/rootfs/scratch"

# ext4 written straight from the folder: no loop mount. 25 % and 64 MiB of headroom over the content.
used_kib=$(du -sk "$tmp/rootfs" | cut -f1)
size_kib=$((used_kib + used_kib / 4 + 65536))
mkfs.ext4 -q -F -L envbench -d "$tmp/rootfs" "$tmp/disk.img" "${size_kib}k" >&2 ||
    die "mkfs.ext4 -d failed writing $tmp/disk.img"
rm -rf "$tmp/rootfs"
cp "$base_dir/vmlinuz" "$tmp/"
make_initrd "$base_dir/rootfs" "$(find "$base_dir/rootfs/usr/lib/modules" -mindepth 1 -maxdepth 1 -printf '%f\n' |
    sort | tail -n1)" "$tmp/initrd.img"
{
    echo "suite=$SUITE"
    echo "packages=$PACKAGES"
    echo "base=$base_key"
    sha256sum "$guest_init" "$vm_dir/guest/initrd-init" "$envbench_jar" "$benchmarks_jar" \
        "$runtime_dir/envbench-runtime.stamp" "$jvm_flags" |
        sed "s|$repo_dir/||"
} >"$tmp/inputs.txt"

rm -rf "$image_dir"
mv "$tmp" "$image_dir"
# Older images are of no further use; a VM still running one keeps its open file.
find "$cache_dir" -mindepth 1 -maxdepth 1 -type d ! -name "$image_key" ! -name "base-$base_key" \
    -exec rm -rf {} +
log "image ready: $image_dir ($((size_kib / 1024)) MiB disk)"
echo "$image_dir"
