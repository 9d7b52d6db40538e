#!/usr/bin/env bash
# Builds the one Java runtime that every environment of a comparison runs: bare runs it from the checkout, the
# container image and the VM disk get a copy. A different JVM build per environment (the host's JDK against the
# newer one an image installs) shows up as the environment's gain or loss, as large as the overheads envbench
# measures, so the runtime is made once, by jlink, from the JDK that builds the project.
#
#   container/runtime.sh [OUT]          (default OUT: http/runtime, beside http/envbench.jar)
#
# JAVA_HOME names the JDK (default: the one javac on PATH belongs to). Idempotent: a runtime built from the same
# JDK with the same modules is kept. The runtime gets its own class-data-sharing archive (java -Xshare:dump), as a
# JDK has, so that it starts as fast as the JDK it came from.
set -euo pipefail

# The modules envbench.jar and benchmarks.jar need (jdeps --print-module-deps over both), plus java.management,
# which jdk.management needs at run time for the GC and memory beans.
readonly MODULES="java.base,java.desktop,java.management,java.naming,java.net.http,java.security.jgss,java.sql,jdk.management,jdk.unsupported"

fail() {
    echo "runtime.sh: $*" >&2
    exit 1
}

# The build string the runtime reports, for example "OpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)".
version() {
    "$1/bin/java" -version 2>&1 | sed -n 2p
}

repo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$repo_dir/http/runtime}"
if [[ -z "${JAVA_HOME:-}" ]]; then
    javac_path="$(command -v javac)" || fail "no javac on PATH and no JAVA_HOME; install a JDK 17 (apt-get install openjdk-17-jdk-headless)"
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$javac_path")")")"
fi
jlink="$JAVA_HOME/bin/jlink"
[[ -x "$jlink" ]] || fail "$jlink not found: JAVA_HOME ($JAVA_HOME) must be a JDK, not a JRE"
[[ -f "$JAVA_HOME/release" ]] || fail "$JAVA_HOME/release not found: JAVA_HOME must be a JDK"

# What the runtime is made of: the JDK's own release file (its exact build), the modules and this script.
stamp="$( (cat "$JAVA_HOME/release"; echo "$MODULES"; cat "${BASH_SOURCE[0]}") | sha256sum | cut -c1-16)"
if [[ -f "$out/envbench-runtime.stamp" && "$(cat "$out/envbench-runtime.stamp")" == "$stamp" ]]; then
    echo "runtime.sh: $out is up to date ($(version "$out"))"
    exit 0
fi

partial="$out.partial"
rm -rf "$partial"
trap 'rm -rf "$partial"' EXIT
"$jlink" --add-modules "$MODULES" --no-header-files --no-man-pages --output "$partial" ||
    fail "jlink failed (see above)"
"$partial/bin/java" -Xshare:dump >/dev/null || fail "the new runtime could not write its class-data-sharing archive"
echo "$stamp" >"$partial/envbench-runtime.stamp"
rm -rf "$out"
mv "$partial" "$out"
trap - EXIT
echo "runtime.sh: built $out from $JAVA_HOME ($(version "$out"))"
