#!/usr/bin/env bash
# Boots the envbench VM with qemu and stays in the foreground until it is stopped (Ctrl-C, SIGTERM) or the
# guest powers off; qemu never outlives this script. The disk is attached with snapshot=on, so a killed VM
# leaves the image as it was.
#
# Usage: vm/run.sh --port PORT [--cpus N] [--memory SIZE] [--accel auto|kvm|tcg] [options] [-- ARGS...]
#   --port PORT             host port on 127.0.0.1 forwarded to the guest's 8080 (serve mode)
#   --cpus N                virtual CPUs (default 2)
#   --memory SIZE           guest memory, qemu syntax: 2048M, 2G (default 2G)
#   --accel auto|kvm|tcg    auto (default) tries KVM and keeps it only if the guest's init starts within
#                           --kvm-probe-seconds; otherwise it falls back to TCG, software emulation
#   --kvm-probe-seconds S   how long auto waits for the KVM guest to reach its init (default 20)
#   --kvm-cpu MODEL         qemu -cpu under KVM (default host; TCG always uses max)
#   --mode serve|jmh        serve (default): start envbench serve and wait for /health;
#                           jmh: run the JMH suite, write its JSON to --jmh-out, power off
#   --jvm-flags-file FILE   JVM flags in java @argfile form, one per line (default: the image's copy of
#                           container/jvm.flags)
#   --jmh-out FILE          where the JMH JSON goes (jmh mode)
#   --log FILE              serial console log (default: a new file under ${TMPDIR:-/tmp})
#   --scratch-size SIZE     the guest's writable scratch disk, a fresh ext4 image per boot mounted at /scratch,
#                           where the file kernels write (default 256M; truncate syntax: 256M, 1G)
#   --image DIR             a folder made by vm/build-image.sh (default: build or reuse the cached one)
#   --health-timeout S      how long serve mode waits for /health (default 600)
#   -- ARGS...              arguments for the jar, replacing the default (serve: serve --host 0.0.0.0
#                           --port 8080 --env-label vm;
#                           jmh: none, the whole suite)
# Lines starting with "envbench-vm:" on stdout report progress; adapters parse "qemu pid=", "detail=" and
# "healthy at".
set -euo pipefail

vm_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

port=
cpus=2
memory=2G
accel=auto
kvm_probe_seconds=20
kvm_cpu=host
mode=serve
jvm_flags_file=
jmh_out=
log=
image_dir=
health_timeout=600
scratch_size=256M
guest_args=()

say() {
    echo "envbench-vm: $*"
}
die() {
    echo "envbench-vm: error: $*" >&2
    exit 2
}
usage() {
    sed -n '2,/^set -euo pipefail$/{/^set/d; s/^# \{0,1\}//; p}' "${BASH_SOURCE[0]}"
}
need_value() {
    (($2 >= 2)) || die "$1 needs a value; see vm/run.sh --help"
}
is_count() {
    [[ "$1" =~ ^[1-9][0-9]*$ ]]
}

while (($# > 0)); do
    case "$1" in
        --port) need_value "$1" $#; port=$2; shift 2 ;;
        --cpus) need_value "$1" $#; cpus=$2; shift 2 ;;
        --memory) need_value "$1" $#; memory=$2; shift 2 ;;
        --accel) need_value "$1" $#; accel=$2; shift 2 ;;
        --kvm-probe-seconds) need_value "$1" $#; kvm_probe_seconds=$2; shift 2 ;;
        --kvm-cpu) need_value "$1" $#; kvm_cpu=$2; shift 2 ;;
        --mode) need_value "$1" $#; mode=$2; shift 2 ;;
        --scratch-size) need_value "$1" $#; scratch_size=$2; shift 2 ;;
        --jvm-flags-file) need_value "$1" $#; jvm_flags_file=$2; shift 2 ;;
        --jmh-out) need_value "$1" $#; jmh_out=$2; shift 2 ;;
        --log) need_value "$1" $#; log=$2; shift 2 ;;
        --image) need_value "$1" $#; image_dir=$2; shift 2 ;;
        --health-timeout) need_value "$1" $#; health_timeout=$2; shift 2 ;;
        --) shift; guest_args=("$@"); break ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown option '$1'" ;;
    esac
done

case "$mode" in
    serve)
        [[ -n "$port" ]] || die "--port is required in serve mode, for example --port 8080"
        if ! is_count "$port" || ((port > 65535)); then
            die "--port '$port' is not a port number (1-65535)"
        fi
        ;;
    jmh) [[ -n "$jmh_out" ]] || die "--jmh-out FILE is required in jmh mode" ;;
    *) die "--mode '$mode' is not one of serve, jmh" ;;
esac
is_count "$cpus" || die "--cpus '$cpus' is not a positive whole number"
[[ "$memory" =~ ^[1-9][0-9]*[MG]?$ ]] || die "--memory '$memory' is not a size like 2048M or 2G"
[[ "$scratch_size" =~ ^[1-9][0-9]*[MG]$ ]] || die "--scratch-size '$scratch_size' is not a size like 256M or 1G"
command -v mkfs.ext4 >/dev/null || die "mkfs.ext4 not found; install it: apt-get install -y e2fsprogs"
[[ "$accel" =~ ^(auto|kvm|tcg)$ ]] || die "--accel '$accel' is not one of auto, kvm, tcg"
is_count "$kvm_probe_seconds" || die "--kvm-probe-seconds '$kvm_probe_seconds' is not a positive whole number"
is_count "$health_timeout" || die "--health-timeout '$health_timeout' is not a positive whole number"
[[ -z "$jvm_flags_file" || -f "$jvm_flags_file" ]] || die "--jvm-flags-file '$jvm_flags_file' does not exist"
command -v qemu-system-x86_64 >/dev/null ||
    die "qemu-system-x86_64 not found; install it: apt-get install -y qemu-system-x86"
[[ "$mode" == jmh ]] || command -v curl >/dev/null || die "curl not found; install it: apt-get install -y curl"

if [[ "$mode" == serve ]] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port on 127.0.0.1 is already in use; choose another --port"
fi

if [[ -z "$image_dir" ]]; then
    image_dir=$("$vm_dir/build-image.sh" | tail -n1) || die "building the VM image failed (see above)"
fi
for f in disk.img vmlinuz initrd.img; do
    [[ -f "$image_dir/$f" ]] || die "$image_dir/$f is missing; build the image with vm/build-image.sh"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/envbench-vm.XXXXXX")
[[ -n "$log" ]] || log="$work/console.log"
qemu_pid=

stop_qemu() {
    if [[ -n "$qemu_pid" ]] && kill -0 "$qemu_pid" 2>/dev/null; then
        kill "$qemu_pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$qemu_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$qemu_pid" 2>/dev/null || true
        wait "$qemu_pid" 2>/dev/null || true
    fi
    qemu_pid=
}
cleanup() {
    stop_qemu
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The guest reads envbench.* from its command line (vm/guest/envbench-init); flags and arguments travel
# base64-encoded, one per line, so that spaces and quotes survive.
cmdline="console=ttyS0 ro init=/sbin/envbench-init panic=1 envbench.mode=$mode"
if [[ -n "$jvm_flags_file" ]]; then
    cmdline+=" envbench.jvmflags=$(grep -v '^[[:space:]]*$' "$jvm_flags_file" | base64 -w0)"
fi
if ((${#guest_args[@]} > 0)); then
    cmdline+=" envbench.args=$(printf '%s\n' "${guest_args[@]}" | base64 -w0)"
fi

qemu_args=(
    -name envbench -nodefaults -no-user-config -display none -monitor none -no-reboot
    -smp "$cpus" -m "$memory"
    -kernel "$image_dir/vmlinuz" -initrd "$image_dir/initrd.img"
    -drive "file=$image_dir/disk.img,format=raw,if=none,id=root,snapshot=on"
    -device 'virtio-blk-pci,drive=root,serial=envbench-root'
    -netdev "user,id=net0${port:+,hostfwd=tcp:127.0.0.1:$port-:8080}" -device 'virtio-net-pci,netdev=net0'
    -device virtio-rng-pci
)
# The guest's scratch folder: a fresh ext4 disk of its own, so that file-write-sync and file-read measure a
# filesystem on a virtual block device, as an application writing in the VM would, not the tmpfs /tmp of the
# read-only root. Its inode tables and journal are written here, not by the guest's lazy init during a run.
# qemu's default cache mode passes the guest's flushes on to the host file as fdatasync.
truncate -s "$scratch_size" "$work/scratch.img"
mkfs.ext4 -q -F -L envbench-scratch -E lazy_itable_init=0,lazy_journal_init=0 "$work/scratch.img" ||
    die "mkfs.ext4 failed making the scratch disk $work/scratch.img"
qemu_args+=(-drive "file=$work/scratch.img,format=raw,if=none,id=scratch"
    -device 'virtio-blk-pci,drive=scratch,serial=envbench-scratch')
if [[ "$mode" == jmh ]]; then
    # The guest writes a header line and the JSON onto this disk, found by its serial number.
    truncate -s 64M "$work/jmh-out.img"
    qemu_args+=(-drive "file=$work/jmh-out.img,format=raw,if=none,id=out"
        -device 'virtio-blk-pci,drive=out,serial=envbench-out')
fi

# Starts qemu in the background with the given accelerator; sets qemu_pid.
launch() {
    local which=$1 console=$2 cpu accel_opt
    if [[ "$which" == kvm ]]; then
        cpu=$kvm_cpu accel_opt=kvm
    else
        # One host thread for all vCPUs: with multi-threaded TCG, a JVM guest with 2 vCPUs died once in CI of a
        # SIGILL inside JIT-compiled code that HotSpot patches while other threads run (cross-modifying code, which
        # MTTCG does not make safe). Emulated figures say nothing about parallel hardware anyway.
        cpu=max accel_opt=tcg,thread=single
    fi
    ((${#cmdline} + 20 < 2048)) || die "kernel command line too long (${#cmdline} bytes, limit 2048); use fewer JVM flags or arguments"
    : >"$console"
    qemu-system-x86_64 "${qemu_args[@]}" -accel "$accel_opt" -cpu "$cpu" -serial "file:$console" \
        -append "$cmdline envbench.accel=$which" </dev/null 2>"$work/qemu-$which.err" &
    qemu_pid=$!
}

# The first thing qemu said on stderr, short enough for a detail column.
qemu_said() {
    head -n1 "$work/qemu-$1.err" | sed 's/^qemu-system-x86_64: //' | cut -c1-160
}

# Waits until the guest's init has started; fails if qemu exits or the bound passes.
guest_reached_init() {
    local console=$1 seconds=$2 i
    for ((i = 0; i < seconds * 5; i++)); do
        grep -q 'envbench-init: init started' "$console" 2>/dev/null && return 0
        kill -0 "$qemu_pid" 2>/dev/null || return 1
        sleep 0.2
    done
    return 1
}

start_seconds=$(date +%s.%N)
elapsed() {
    echo "$(date +%s.%N) $start_seconds" | awk '{printf "%.1f", $1 - $2}'
}

# A failed KVM probe is remembered until the host reboots (or qemu, the kvm-cpu model or the kernel image
# changes), so that every VM after the first does not wait the probe out again. Delete the file to probe anew.
probe_key=$(printf '%s\n' "$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)" "$kvm_cpu" \
    "$(qemu-system-x86_64 --version 2>/dev/null | head -n1)" "$image_dir" | sha256sum | cut -c1-16)
probe_cache="$vm_dir/.cache/kvm-probe-failed-$probe_key"

chosen=$accel
probe_note=
if [[ "$accel" == auto ]]; then
    if [[ ! -w /dev/kvm ]]; then
        chosen=tcg probe_note="no writable /dev/kvm"
    elif [[ -s "$probe_cache" ]]; then
        chosen=tcg probe_note="$(cat "$probe_cache"), in an earlier probe since this boot ($probe_cache)"
    else
        say "probing KVM: the guest must reach its init within $kvm_probe_seconds s"
        launch kvm "$log"
        if guest_reached_init "$log" "$kvm_probe_seconds"; then
            chosen=kvm
        else
            if kill -0 "$qemu_pid" 2>/dev/null; then
                probe_note="kvm probe failed: guest did not reach its init in $kvm_probe_seconds s"
            else
                probe_note="kvm probe failed: qemu exited: $(qemu_said kvm)"
            fi
            cp "$log" "$log.kvm-probe" 2>/dev/null || true
            stop_qemu
            if mkdir -p "$vm_dir/.cache"; then
                printf '%s\n' "$probe_note" >"$probe_cache" || true
            fi
            chosen=tcg
        fi
    fi
fi
if [[ "$chosen" == tcg ]]; then
    if [[ "$accel" == auto ]]; then
        say "WARNING: KVM is not usable here ($probe_note); running under TCG, software emulation."
        say "WARNING: figures from this VM say nothing about hardware virtualisation."
    fi
    launch tcg "$log"
elif [[ "$accel" == kvm ]]; then
    [[ -w /dev/kvm ]] || die "--accel kvm but /dev/kvm is missing or not writable; try --accel auto or tcg"
    launch kvm "$log"
fi
detail="qemu $chosen${probe_note:+ ($probe_note)}"
console=$log
say "qemu pid=$qemu_pid accel=$chosen log=$console"
say "detail=$detail"

if [[ "$mode" == serve ]]; then
    url="http://127.0.0.1:$port/"
    deadline=$((SECONDS + health_timeout))
    # The first requests load classes in the guest; under emulation that alone can take seconds.
    until curl -fsS --max-time 30 -o /dev/null "${url}health" 2>/dev/null; do
        if ! kill -0 "$qemu_pid" 2>/dev/null; then
            said=$(qemu_said "$chosen")
            die "qemu exited before /health answered${said:+ ($said)}; console log: $console"
        fi
        ((SECONDS < deadline)) || die "no 200 from ${url}health within $health_timeout s; console log: $console"
        sleep 0.5
    done
    say "healthy at $url after $(elapsed) s"
    wait "$qemu_pid" || true
    qemu_pid=
    say "the VM powered off"
else
    status=0
    wait "$qemu_pid" || status=$?
    qemu_pid=
    ((status == 0)) || die "qemu exited with status $status ($(qemu_said "$chosen")); console log: $console"
    # sed reads to the end: a head that stops early would break the pipe, and pipefail would notice.
    header=$(head -c 4096 "$work/jmh-out.img" | tr -d '\0' | sed -n 1p)
    [[ "$header" =~ ^envbench-jmh\ exit=([0-9]+)\ bytes=([0-9]+)$ ]] ||
        die "the guest wrote no JMH result; console log: $console"
    jmh_exit=${BASH_REMATCH[1]}
    jmh_bytes=${BASH_REMATCH[2]}
    dd if="$work/jmh-out.img" of="$jmh_out.tmp" iflag=skip_bytes,count_bytes skip=$((${#header} + 1)) \
        count="$jmh_bytes" bs=64K status=none
    mv "$jmh_out.tmp" "$jmh_out"
    ((jmh_exit == 0)) || die "JMH exited with status $jmh_exit in the guest; console log: $console"
    say "JMH result ($jmh_bytes bytes) written to $jmh_out after $(elapsed) s"
fi
