#!/bin/bash
# The image's entry point: `serve` (the default) or any other envbench subcommand, or, with `jmh` first, the JMH
# suite with JMH's own options. Both get the JVM flags every environment of a comparison uses
# (/opt/envbench/jvm.flags); extra JVM flags go into JDK_JAVA_OPTIONS, which the java launcher reads itself.
set -euo pipefail

readonly home=/opt/envbench

if [[ "${1:-}" == jmh ]]; then
    shift
    exec java "@$home/jvm.flags" -jar "$home/benchmarks.jar" "$@"
fi
exec java "@$home/jvm.flags" -jar "$home/envbench.jar" "$@"
