#!/bin/bash
# The image's HEALTHCHECK: one GET /health over bash's /dev/tcp, so a check costs a bash process and a socket,
# not a JVM, and needs no curl (the JRE base images have none). Exit 0 when the answer's status is 200.
set -euo pipefail

exec 3<>"/dev/tcp/127.0.0.1/${PORT:-8080}"
printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
read -r -t 5 _ status _ <&3
[[ "$status" == 200 ]]
