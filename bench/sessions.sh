#!/usr/bin/env bash
# Measures streaming sessions (gateway.sessions) on the real executable (build it first: ./gateway build), driven
# as an API client does it, by bench/rooms/SessionLoad.java (gateway.lib.rtc's controlling side, in a JVM of its
# own on the same 2 cores), with the client the gateway generated into data/sessions.client:
#   1. creation: CREATES (default 500) POST /session-storage/sessions (1 publisher, 3 subscribers) from
#      BENCH_JOINERS (8) threads, then as many DELETEs: requests per second, latency p50/p99, gateway CPU per request
#   2. N concurrent sessions (default 200): each POSTed, its publisher publishing a real Ogg/Opus tone (ffmpeg,
#      64 kb/s, 20 ms packets) at stream_url/whip with its token, a passthrough task set on control_url (WebSocket)
#      with the publisher's token, SUBSCRIBERS (3) listening at stream_url/whep/{track} with their tokens.
#      Row: gateway CPU (% of one core) and per session above the idle gateway, RSS and per session above the idle
#      gateway, the share of the publisher's packets a subscriber received (fewest and median), lost/received packets,
#      time from the POST to a subscriber's first audio packet (median, p99), the load client's CPU and its pacer's
#      ticks more than 10 ms late. On stderr: where the time to first audio goes, and BENCH_LATE_JOINS (20) more
#      sessions started one at a time on the loaded gateway (POST -> first audio at a subscriber).
#   3. audio over the control socket: SOCKET_JOINS (default 20) sessions one after another on an idle gateway, each
#      POSTed, its control socket opened, a task with input and output over the socket (a passthrough) set, a tone
#      sent as input_audio_data in real time: POST -> the first output_audio_data with sound (median, p90, max) and
#      where it goes (bench/sessions/socket_first_audio.py, Python's websockets).
# Usage: bench/sessions.sh [N ...]   (default 200; several N: one row each, one gateway each)
#        BENCH_SECONDS (default 10): the measured window; CREATES; SUBSCRIBERS; BENCH_JOINERS; BENCH_LATE_JOINS;
#        SOCKET_JOINS; BENCH_ONLY=create|sessions|socket; BENCH_WARMUP (200): handshakes the load client runs with
#        itself before anyone joins, so that its own DTLS code is compiled
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
port="${BENCH_PORT:-18763}"
seconds="${BENCH_SECONDS:-10}"
counts=("$@"); [ ${#counts[@]} -gt 0 ] || counts=(200)
creates="${CREATES:-500}"
subscribers="${SUBSCRIBERS:-3}"
home="$(mktemp -d)"
bench_traps 'rm -rf "$home"'
make_tone 10 "$home/tone.ogg"
cp="$(ls "$root"/gateway.lib.rtc/target/gateway.lib.rtc-*.jar | grep -v sources | head -1):$(ls "$root"/gateway.lib.ogg/target/gateway.lib.ogg-*.jar | grep -v sources | head -1)"
for j in "$dist"/bundles/bc*.jar "$dist"/lib/slf4j-*.jar; do cp="$cp:$j"; done
hz=$(getconf CLK_TCK)

run() {  # run NAME MODE ARGS...: a fresh gateway, the load client, its table
  local name=$1 mode=$2; shift 2
  local gh="$home/gw-$name"
  mkdir -p "$gh/etc"
  echo "maxPeers = 20000" > "$gh/etc/gateway.webrtc.cfg"
  echo "maxSessions = 20000" > "$gh/etc/gateway.whep.cfg"
  echo "maxRooms = 5000" > "$gh/etc/gateway.rooms.cfg"
  echo "maxOpenSessionsPerClient = 5000" > "$gh/etc/gateway.sessions.cfg"
  spawn_gateway "$gh" "$port"
  local i
  for i in $(seq 100); do [ -s "$gh/data/sessions.client" ] && break; sleep 0.1; done
  local id secret
  id=$(sed -n 's/^client_id=//p' "$gh/data/sessions.client"); secret=$(sed -n 's/^client_secret=//p' "$gh/data/sessions.client")
  echo "# $name: $mode $* (gateway pid $gw, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  spawn "load client ($name)" "$home/load-$name.err" bash -c "exec \"$JAVA\" -Xss512k -cp \"$cp\" \"$root/bench/rooms/SessionLoad.java\" $mode http://127.0.0.1:$port $gw $hz \"$home/tone.ogg\" $seconds $id $secret $* > \"$home/load-$name.out\""
  local load=$spawned code=0
  finished "$load" || code=$?
  forget_spawned "$load"
  cat "$home/load-$name.out"
  [ $code != 0 ] || grep -v '^WARNING\|INFO: WebRTC transport\|RtcEngine open' "$home/load-$name.err" | sed 's/^/  /' >&2
  end_spawn "$gw"; forget_spawned "$gw"
  return $code
}
socket_audio() {  # a fresh gateway, SOCKET_JOINS sessions with audio over the control socket, one at a time
  local gh="$home/gw-socket"
  mkdir -p "$gh/etc"
  spawn_gateway "$gh" "$port"
  local i
  for i in $(seq 100); do [ -s "$gh/data/sessions.client" ] && break; sleep 0.1; done
  local id secret code=0
  id=$(sed -n 's/^client_id=//p' "$gh/data/sessions.client"); secret=$(sed -n 's/^client_secret=//p' "$gh/data/sessions.client")
  echo "# socket: ${SOCKET_JOINS:-20} sessions with audio over the control socket (gateway pid $gw, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  /usr/bin/python3 "$root/bench/sessions/socket_first_audio.py" "http://127.0.0.1:$port" "$id" "$secret" "${SOCKET_JOINS:-20}" || code=$?
  end_spawn "$gw"; forget_spawned "$gw"
  return $code
}
status=0  # a part that fails says why (its process, exit code and log) and the next part still runs
case "${BENCH_ONLY:-all}" in all|create) run create create "$creates" || status=1 ;; esac
case "${BENCH_ONLY:-all}" in all|sessions) for n in "${counts[@]}"; do run "sessions-$n" sessions "$n" "$subscribers" || status=1; done ;; esac
case "${BENCH_ONLY:-all}" in all|socket) socket_audio || status=1 ;; esac
exit $status
