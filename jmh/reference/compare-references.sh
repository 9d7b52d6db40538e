#!/usr/bin/env bash
# Measures envbench kernels against references a user would trust, in one run on this machine,
# and prints each ratio with its target:
#   stream-triad (one thread)  vs triad.c      gcc -O3 -march=native, each array 4x the last-level cache
#   sha256 at 16 KiB           vs openssl speed -elapsed -evp sha256 -bytes 16384
#   latency at 256 MiB         vs chase.c      the identical chain (same Sattolo cycle, 64-byte nodes)
#   the os, io and network kernels vs system.c, the same unit of work in C (fstat, clock_gettime,
#     mmap-touch-munmap, futex hand-off, posix_spawn + waitpid, pwrite + fdatasync, pread, loopback TCP
#     ping-pong), both in the same scratch folder; their ratio is envbench's time per operation over C's,
#     so 1.0 is as fast as C and 1.5 is half as fast again
# Where the machine does not say how large its last-level cache is (a Firecracker guest exposes neither
# /sys/devices/system/cpu/cpu0/cache nor lscpu's cache sizes), the triad assumes 64 MiB: twice the 32 MiB
# L3 one core complex of a current server CPU without stacked cache gives one thread, so each 256 MiB array
# is at least four times the cache a single thread can use on such machines. With 3D V-Cache (96 MiB per
# complex) the arrays would be under 4x; set LLC_BYTES to the real size there.
# Both sides report the best of several passes, STREAM's rule (for OpenSSL: the best of several
# `openssl speed` runs of the same length as a Java pass), on the same sizes and one thread. Java and the
# reference take turns over a few rounds, so that a noisy spell on a shared machine hits both sides. Neither side uses huge pages unless HUGE_PAGES=1, which gives both transparent huge pages
# (the JVM -XX:+UseTransparentHugePages, C madvise) where the kernel allows it. The JVM flags are the
# project's, container/jvm.flags.
#
# usage: jmh/reference/compare-references.sh        (after ./mvnw -B -q package -DskipTests)
# Exit status: 0 when every ratio meets its target, 1 when one misses it, 2 when something is missing.
# Environment: ROUNDS (default 3), PASSES per round and side (default 3), SHA_SECONDS per sha256 pass (whole seconds, default 1), JAVA (default java),
# HUGE_PAGES (0 or 1, default 0), LLC_BYTES (the last-level cache, when the machine does not say it),
# SCRATCH (the folder the file kernels of both sides write to, default a new folder in ${TMPDIR:-/tmp}).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
jar="${root}/jmh/benchmarks.jar"
flags="${root}/container/jvm.flags"
java_cmd="${JAVA:-java}"
passes="${PASSES:-3}"
rounds="${ROUNDS:-3}"
sha_seconds="${SHA_SECONDS:-1}"
latency_bytes=$((256 * 1024 * 1024))
sha_bytes=16384
budget_seconds=480

# Sets `left` to the seconds left of the whole run's budget, the limit of the next step's `timeout`,
# so that the script ends within about 8 minutes.
budget() {
    left=$((budget_seconds - SECONDS))
    if ((left < 1)); then
        fail "the run took longer than its budget of ${budget_seconds} s; is the machine overloaded?"
    fi
}

fail() {
    echo "compare-references: $*" >&2
    exit 2
}

for tool in gcc openssl awk timeout "${java_cmd}"; do
    command -v "${tool}" >/dev/null 2>&1 || fail "'${tool}' is not on PATH; install it (Debian: apt-get install -y gcc openssl default-jre-headless)"
done
[[ -f "${jar}" ]] || fail "${jar} is missing; build it first with: ./mvnw -B -q package -DskipTests"
[[ -f "${flags}" ]] || fail "${flags} is missing; run from an envbench checkout"
[[ "${passes}" =~ ^[1-9][0-9]*$ ]] || fail "PASSES must be a positive integer, got '${passes}'"
[[ "${rounds}" =~ ^[1-9][0-9]*$ ]] || fail "ROUNDS must be a positive integer, got '${rounds}'"
[[ "${sha_seconds}" =~ ^[1-9][0-9]*$ ]] || fail "SHA_SECONDS must be a positive whole number (openssl speed -seconds), got '${sha_seconds}'"
java_pages=()
c_pages=()
case "${HUGE_PAGES:-0}" in
    0) ;;
    1)
        java_pages=(-XX:+UseTransparentHugePages)
        c_pages=(thp)
        ;;
    *) fail "HUGE_PAGES must be 0 or 1, got '${HUGE_PAGES}'" ;;
esac

# The largest cache of cpu0 in bytes: sysfs first, lscpu as the fallback.
llc_bytes() {
    local best_level=0 best_size=0 dir level size type
    for dir in /sys/devices/system/cpu/cpu0/cache/index*; do
        [[ -r "${dir}/size" && -r "${dir}/level" ]] || continue
        type="$(cat "${dir}/type")"
        [[ "${type}" == "Instruction" ]] && continue
        level="$(cat "${dir}/level")"
        size="$(cat "${dir}/size")"
        case "${size}" in
            *K) size=$((${size%K} * 1024)) ;;
            *M) size=$((${size%M} * 1024 * 1024)) ;;
            *) ;;
        esac
        if ((level > best_level)); then
            best_level="${level}"
            best_size="${size}"
        fi
    done
    if ((best_size == 0)); then
        best_size="$(lscpu -B -C=LEVEL,ONE-SIZE 2>/dev/null | awk 'NR > 1 && $1 ~ /^[0-9]+$/ && $2 > s { s = $2 } END { print s + 0 }')"
    fi
    echo "${best_size}"
}

assumed_llc=$((64 * 1024 * 1024))
llc="${LLC_BYTES:-$(llc_bytes)}"
[[ "${llc}" =~ ^[0-9]+$ ]] || fail "LLC_BYTES must be a number of bytes, got '${llc}'"
llc_note="last-level cache ${llc} bytes"
if ((llc == 0)); then
    llc="${assumed_llc}"
    llc_note="last-level cache not exposed here, assumed ${llc} bytes (set LLC_BYTES to override)"
fi
triad_elements=$((4 * llc / 8))

# kernel, operations per run (the catalog default), the most envbench's time may be of C's
system_kernels=(
    "syscall 20000 1.5"
    "clock 1000000 1.5"
    "page-fault 4096 1.5"
    "file-write-sync 128 1.5"
    "file-read 4096 1.5"
    "tcp-round-trip 2000 1.5"
    "thread-wakeup 5000 3"
    "process-start 16 3"
)

work="$(mktemp -d)"
scratch="${SCRATCH:-${work}/scratch}"
mkdir -p "${scratch}"
[[ -d "${scratch}" && -w "${scratch}" ]] || fail "SCRATCH=${scratch} is not a writable folder"
trap 'rm -rf "${work}"' EXIT
scratch_fs="$(findmnt -n -o FSTYPE -T "${scratch}" 2>/dev/null || stat -f -c %T "${scratch}")"
gcc -O3 -march=native -o "${work}/triad" "${here}/triad.c"
gcc -O3 -march=native -o "${work}/chase" "${here}/chase.c"
gcc -O2 -pthread -o "${work}/system" "${here}/system.c"

# The best value among the RESULT lines a reference or ReferenceRun printed: the highest with "max",
# the lowest with "min".
result_of() {
    awk -v want="$2" '$1 == "RESULT" {
            if (!found || (want == "max" && $4 > best) || (want == "min" && $4 < best)) best = $4
            found = 1
        }
        END { if (!found) exit 1; print best }' "$1" \
        || fail "no RESULT line in $1: $(cat "$1")"
}

java_run() {
    local out="$1"
    shift
    budget
    timeout "${left}" "${java_cmd}" "@${flags}" -Xms2g -Xmx2g "${java_pages[@]}" -cp "${jar}" \
        org.envbench.jmh.reference.ReferenceRun "$@" >>"${out}" \
        || fail "ReferenceRun $* failed: $(cat "${out}")"
}

echo "machine: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), ${llc_note}"
echo "java:    $("${java_cmd}" -version 2>&1 | head -n 1), flags $(tr '\n' ' ' <"${flags}")-Xms2g -Xmx2g ${java_pages[*]}"
echo

echo "stream-triad: ${triad_elements} elements per array (3 x $((triad_elements * 8 / 1024 / 1024)) MiB)"
echo "sha256:       ${sha_bytes}-byte messages, passes of ${sha_seconds} s"
echo "latency:      ${latency_bytes} bytes"
echo "system:       the catalog default sizes, scratch folder ${scratch} (${scratch_fs})"
echo "${rounds} rounds of Java then reference, ${passes} passes each; the best pass of each side counts"
for ((round = 1; round <= rounds; round++)); do
    echo "round ${round} of ${rounds} ..."
    java_run "${work}/java-triad" stream-triad "${triad_elements}" "${passes}" 0 1
    budget
    timeout "${left}" "${work}/triad" "${triad_elements}" "${passes}" "${c_pages[@]}" >>"${work}/c-triad" \
        || fail "triad failed: $(cat "${work}/c-triad")"

    java_run "${work}/java-sha" sha256 "${sha_bytes}" "${passes}" "${sha_seconds}" 1
    for ((pass = 0; pass < passes; pass++)); do
        budget
        # -elapsed: divide by wall-clock time like every other figure here; by default openssl speed
        # divides by its CPU user time, which flatters it whenever the machine is busy
        timeout "${left}" openssl speed -elapsed -evp sha256 -bytes "${sha_bytes}" -seconds "${sha_seconds}" \
            >>"${work}/openssl" 2>/dev/null || fail "openssl speed -elapsed -evp sha256 failed"
    done

    java_run "${work}/java-chase" latency "${latency_bytes}" "${passes}" 0 0
    budget
    timeout "${left}" "${work}/chase" "${latency_bytes}" "${passes}" "${c_pages[@]}" >>"${work}/c-chase" \
        || fail "chase failed: $(cat "${work}/c-chase")"

    for entry in "${system_kernels[@]}"; do
        read -r kernel size _ <<<"${entry}"
        java_run "${work}/java-${kernel}" "${kernel}" "${size}" "${passes}" 0 1 "${scratch}"
        budget
        timeout "${left}" "${work}/system" "${kernel}" "${size}" "${passes}" "${scratch}" >>"${work}/c-${kernel}" \
            || fail "system.c ${kernel} failed: $(cat "${work}/c-${kernel}")"
    done
done
# openssl prints thousands of bytes per second, e.g. "sha256   1428668.25k"
awk '$1 == "sha256" && $2 ~ /k$/ { v = $2; sub(/k$/, "", v); print "RESULT openssl", '"${sha_bytes}"', v / 1000, "MB/s" }' \
    "${work}/openssl" >"${work}/openssl-results"

java_triad="$(result_of "${work}/java-triad" max)"
c_triad="$(result_of "${work}/c-triad" max)"
java_sha="$(result_of "${work}/java-sha" max)"
openssl_mbs="$(result_of "${work}/openssl-results" max)"
java_chase="$(result_of "${work}/java-chase" min)"
c_chase="$(result_of "${work}/c-chase" min)"
sha_impl="$(awk '$1 == "RESULT" { line = ""; for (i = 6; i <= NF; i++) line = line (i > 6 ? " " : "") $i }
    END { print line }' "${work}/java-sha")"

echo
printf '%-16s %12s %12s %-10s %7s %-12s %s\n' kernel java reference unit ratio target verdict
verdicts=0
row() {
    local kernel="$1" java_value="$2" reference="$3" unit="$4" low="$5" high="$6" target="$7"
    local line
    line="$(awk -v k="${kernel}" -v j="${java_value}" -v r="${reference}" -v u="${unit}" \
        -v lo="${low}" -v hi="${high}" -v t="${target}" 'BEGIN {
            ratio = j / r
            verdict = (ratio >= lo && ratio <= hi) ? "PASS" : "FAIL"
            printf "%-16s %12.3f %12.3f %-10s %7.3f %-12s %s\n", k, j, r, u, ratio, t, verdict
        }')"
    echo "${line}"
    [[ "${line}" == *PASS ]] || verdicts=1
}
row stream-triad "${java_triad}" "${c_triad}" GB/s 0.90 1e9 ">= 0.90"
row sha256 "${java_sha}" "${openssl_mbs}" MB/s 0.80 1e9 ">= 0.80"
row latency "${java_chase}" "${c_chase}" ns/load 0.85 1.15 "0.85-1.15"
for entry in "${system_kernels[@]}"; do
    read -r kernel size most <<<"${entry}"
    unit="$(awk '$1 == "RESULT" { print $5; exit }' "${work}/java-${kernel}")"
    row "${kernel}" "$(result_of "${work}/java-${kernel}" min)" "$(result_of "${work}/c-${kernel}" min)" "${unit}" \
        0 "${most}" "<= ${most}"
done
echo
echo "references: triad.c (gcc -O3 -march=native), openssl speed -elapsed -evp sha256 -bytes ${sha_bytes} -seconds ${sha_seconds}, chase.c (same chain), system.c (gcc -O2)"
echo "system kernels: ratio = envbench's time per operation / C's, best pass of each side; scratch filesystem ${scratch_fs}"
echo "java sha256: ${sha_impl}"
exit "${verdicts}"
