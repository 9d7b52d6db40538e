# Sourced by the bench scripts (they define die): waits for a server's "ready at http://HOST:PORT/" line.
# await_ready OUT ERR PID: prints the base URL from the first URL in OUT, polling every 0.5 s for at most 60 s; dies
# with the server's stderr when PID exits first, and when no line comes in time.
await_ready() {
    local out="$1" err="$2" pid="$3" base=""
    for _ in $(seq 1 120); do
        base="$(grep -o -m1 -E 'http://[^ /]+:[0-9]+/' "$out" || true)"
        [[ -n "$base" ]] && { echo "$base"; return 0; }
        kill -0 "$pid" 2>/dev/null || { cat "$err" >&2; die "the server exited before it was ready"; }
        sleep 0.5
    done
    die "no ready line from the server within 60 s"
}
