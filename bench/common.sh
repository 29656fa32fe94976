# What the benchmark scripts share; sourced by them, not run.
#   root, dist   the checkout and the built executable (GATEWAY_DIST: another build, to compare)
#   JAVA         a JDK 21+ (JAVA_HOME, else the machine's Temurin 25)
#   caller_cp    class path of the SRT caller benchmarks (bench/*/…Bench.java)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist="${GATEWAY_DIST:-$root/distribution/target/gateway}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
caller_cp() {
  echo "$(ls "$root"/gateway.lib.srt/target/gateway.lib.srt-*.jar | head -1):$(ls "$root"/gateway.lib.ogg/target/gateway.lib.ogg-*.jar | head -1):$(ls ~/.m2/repository/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar)"
}

# make_tone SECONDS FILE: a 440 Hz Ogg/Opus tone, 64 kb/s, 20 ms pages (as the reference document's sender).
make_tone() {
  ffmpeg -hide_banner -loglevel error -f lavfi -i "sine=frequency=440:duration=$1" -c:a libopus -b:a 64k \
    -page_duration 20000 -f ogg "$2"
}

# start_gateway HOME PORT: starts the executable on loopback in the background and waits until /ping says
# every endpoint is deployed (204). Sets gw (the launcher's pid) and jpid (its JVM's). JVM options can be added
# with JDK_JAVA_OPTIONS, which keeps bin/gateway's own.
start_gateway() {
  [ -x "$dist/bin/gateway" ] || { echo "build first: ./gateway build" >&2; exit 1; }
  mkdir -p "$1"
  "$dist/bin/gateway" --home "$1" --port "$2" --host 127.0.0.1 > "$1/console.log" 2>&1 &
  gw=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$2/ping")" = 204 ]; do
    kill -0 "$gw" 2>/dev/null || { echo "the gateway did not start:" >&2; tail -20 "$1/console.log" >&2; exit 1; }
    sleep 0.1
  done
  jpid=$(pgrep -f "gateway.jar --home $1" | head -1)
}

# ---- Processes a benchmark starts, and why one failed ------------------------------------------------------
# `spawn` starts a background process as its own process group (a pipeline, or a process with children, ends as a
# whole; Ctrl-C in the terminal reaches the script, which then ends them), remembering its name and log.
# `bench_traps` makes every exit of the script (its end, an error, Ctrl-C, SIGTERM) end them all (`end_spawned`).
# `finished` and `why_failed` say which process failed, its exit code and the last lines of its log.
# (Scripts that use these must not turn on job control, `set -m`.)
bench_spawned=()

# spawn NAME LOG CMD...: starts CMD in the background with stdout and stderr in LOG (for other redirections, run
# `bash -c '...'`). Sets spawned to its pid, which is also its process group.
spawn() {
  local name=$1 log=$2; shift 2
  setsid "$@" > "$log" 2>&1 < /dev/null &
  spawned=$!
  bench_spawned+=("$spawned|$name|$log")
}

# why_failed PID [CODE]: tells (on stderr) which spawned process PID is, how it ended and the last lines of its log.
why_failed() {
  local e name log state
  for e in "${bench_spawned[@]}"; do
    [ "${e%%|*}" = "$1" ] || continue
    IFS='|' read -r _ name log <<< "$e"
    if [ -n "${2:-}" ]; then state="exited with code $2"
    elif kill -0 "$1" 2>/dev/null; then state="is still running"
    else state="has exited"; fi
    {
      echo "  $name (pid $1) $state; last lines of $log:"
      tail -n "${BENCH_LOG_LINES:-15}" "$log" 2>/dev/null | sed 's/^/    | /'
    } >&2
    return 0
  done
  echo "  pid $1 was not started by spawn" >&2
}

# finished PID: waits for a spawned process to exit and returns its exit code; when that is not 0, says why first.
finished() {
  local code=0
  wait "$1" || code=$?
  [ "$code" = 0 ] || why_failed "$1" "$code"
  return "$code"
}

# end_spawn PID: ends one spawned process group (SIGTERM, SIGKILL after BENCH_GRACE seconds, default 10) and reaps it.
end_spawn() {
  local i
  kill -TERM -- "-$1" 2>/dev/null || true
  for i in $(seq $(( ${BENCH_GRACE:-10} * 10 ))); do kill -0 -- "-$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# end_spawned: ends every spawned process group that still runs, all at once, then reaps them. Background jobs of
# the script count too: a signal that arrives between starting a process and registering it must not leave it behind.
end_spawned() {
  local e p i alive groups=()
  for e in "${bench_spawned[@]}"; do groups+=("${e%%|*}"); done
  for p in $(jobs -p); do groups+=("$p"); done
  [ ${#groups[@]} -gt 0 ] || return 0
  for p in "${groups[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true; done
  for i in $(seq $(( ${BENCH_GRACE:-10} * 10 ))); do
    alive=0
    for p in "${groups[@]}"; do { kill -0 -- "-$p" || kill -0 "$p"; } 2>/dev/null && { alive=1; break; }; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  for p in "${groups[@]}"; do kill -KILL -- "-$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  bench_spawned=()
}

# bench_traps [CMD]: on every exit, ends the spawned processes and then runs CMD (e.g. removing a work folder);
# Ctrl-C and SIGTERM exit the script (codes 130, 143), which runs the same.
bench_traps() {
  trap "end_spawned; ${1:-:}" EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# await_udp PORT [SECONDS]: waits until something listens on the UDP port (default at most 10 s).
await_udp() {
  local i
  for i in $(seq $(( ${2:-10} * 20 ))); do
    [ -n "$(ss -Hlun "sport = :$1" 2>/dev/null)" ] && return 0
    sleep 0.05
  done
  echo "nothing listens on UDP port $1 after ${2:-10} s" >&2
  return 1
}

# gateway_alive: exits the script, saying why, when the spawned gateway has exited (no later row can run).
gateway_alive() {
  local code=0
  kill -0 "$gw" 2>/dev/null && return 0
  wait "$gw" 2>/dev/null || code=$?
  echo "the gateway has exited:" >&2
  if [ "$code" = 127 ]; then why_failed "$gw"; else why_failed "$gw" "$code"; fi  # 127: asked from a subshell
  exit 1
}

# spawn_gateway HOME PORT: start_gateway, spawned (it ends with the script) and saying why when it does not start.
# Sets gw and jpid (the same process: bin/gateway execs java). JVM options can be added with JDK_JAVA_OPTIONS.
spawn_gateway() {
  [ -x "$dist/bin/gateway" ] || { echo "build first: ./gateway build" >&2; exit 1; }
  mkdir -p "$1"
  spawn gateway "$1/console.log" "$dist/bin/gateway" --home "$1" --port "$2" --host 127.0.0.1
  gw=$spawned; jpid=$spawned
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$2/ping")" = 204 ]; do
    kill -0 "$gw" 2>/dev/null || { echo "the gateway did not start:" >&2; why_failed "$gw"; exit 1; }
    sleep 0.1
  done
}
