#!/usr/bin/env bash
# Measures the gateway's own rooms on the real executable (build it first: ./gateway build). Every participant joins
# as a room client without a LiveKit SDK does: a token from POST /token, then WHIP at /rtc/room/whip to publish and
# WHEP at /rtc/room/whep/{track} to listen. Publishers and listeners are peers of gateway.lib.rtc's controlling side
# in one load-client JVM (bench/rooms/RoomLoad.java), on the same 2 cores; each publisher sends a real Ogg/Opus tone
# (ffmpeg, 64 kb/s, 20 ms packets) in real time.
#   1. one room with PUBLISHERS (10) publishers and N listeners (default 500), each listener hearing
#      BENCH_TRACKS (1) of the tracks (one WHEP session per track), then with a room-composite egress added
#   2. ROOMS (default 200) rooms of two participants, each publishing and hearing the other
# Both parts first let everyone join at once (BENCH_JOINERS at a time), then, after the measured windows, time
# BENCH_LATE_JOINS (20) more joins one at a time on the loaded gateway (a listener; a room of two).
# Rows: gateway CPU (% of one core) and per peer above the idle gateway, RSS and per peer above the idle gateway,
# the share of what a listener's sources sent that it received (fewest and median listener), packets lost (gaps in
# the RTP sequence numbers, and what a listener that fell silent missed) / received by all listeners, join time
# (token request -> first audio packet) median and p99, the load client's CPU and its pacer's ticks more than 10 ms
# late. Per peer = per participant (publishers + listeners).
# On stderr: where the join time goes, the egress's CPU above the room's, the late joins.
# Usage: bench/rooms.sh [N [ROOMS]]   BENCH_SECONDS (default 10): each measured window; PUBLISHERS; BENCH_TRACKS;
#        BENCH_JOINERS (8): joins at once; BENCH_LATE_JOINS (20); BENCH_ONLY=room|pairs; BENCH_WARMUP (200):
#        handshakes the load client runs with itself before anyone joins, so that its own DTLS code is compiled;
#        BENCH_CONNECT_TIMEOUT: the gateway's connectTimeoutSeconds (empty = its default); BENCH_KEEP_LOGS=DIR keeps
#        the gateway's console log and the load client's stderr there
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
port="${BENCH_PORT:-18753}"
seconds="${BENCH_SECONDS:-10}"
listeners="${1:-500}"
rooms="${2:-200}"
publishers="${PUBLISHERS:-10}"
tracks="${BENCH_TRACKS:-1}"
[ "$publishers" -ge 1 ] && [ "$tracks" -ge 1 ] || { echo "PUBLISHERS and BENCH_TRACKS must be at least 1" >&2; exit 2; }
home="$(mktemp -d)"
bench_traps 'rm -rf "$home"'
mkdir -p "$home/etc"
echo "maxPeers = 20000" > "$home/etc/gateway.webrtc.cfg"
[ -z "${BENCH_CONNECT_TIMEOUT:-}" ] || echo "connectTimeoutSeconds = $BENCH_CONNECT_TIMEOUT" >> "$home/etc/gateway.webrtc.cfg"
echo "maxSessions = 20000" > "$home/etc/gateway.whep.cfg"
echo "maxRooms = 5000" > "$home/etc/gateway.rooms.cfg"
make_tone 10 "$home/tone.ogg"
cp="$(ls "$root"/gateway.lib.rtc/target/gateway.lib.rtc-*.jar | grep -v sources | head -1):$(ls "$root"/gateway.lib.ogg/target/gateway.lib.ogg-*.jar | grep -v sources | head -1)"
for j in "$dist"/bundles/bc*.jar "$dist"/lib/slf4j-*.jar; do cp="$cp:$j"; done
hz=$(getconf CLK_TCK)

run() {  # run MODE ARGS...: one gateway per mode, so that one mode's leftovers never weigh on the other's figures
  local mode=$1; shift
  spawn_gateway "$home/gw-$mode" "$port"
  echo "# $mode: $* (gateway pid $gw, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  spawn "load client ($mode)" "$home/load-$mode.err" bash -c "exec \"$JAVA\" -Xss512k -cp \"$cp\" \"$root/bench/rooms/RoomLoad.java\" $mode http://127.0.0.1:$port $gw $hz \"$home/tone.ogg\" $seconds $* > \"$home/load-$mode.out\""
  local load=$spawned code=0
  finished "$load" || code=$?
  forget_spawned "$load"
  cat "$home/load-$mode.out"
  [ $code != 0 ] || grep -v '^WARNING\|INFO: WebRTC transport\|RtcEngine open' "$home/load-$mode.err" | sed 's/^/  /' >&2
  [ "$mode" != room ] || grep -i -m3 'libopus\|concentus' "$home/gw-$mode/console.log" | sed 's/^/  gateway: /' >&2 || true
  end_spawn "$gw"; forget_spawned "$gw"
  [ -z "${BENCH_KEEP_LOGS:-}" ] || { mkdir -p "$BENCH_KEEP_LOGS"; cp "$home/gw-$mode/console.log" "$BENCH_KEEP_LOGS/gateway-$mode.log"; cp "$home/load-$mode.err" "$BENCH_KEEP_LOGS/load-$mode.err"; }
  return $code
}
status=0  # a part that fails says why (its process, exit code and log) and the next part still runs
[ "${BENCH_ONLY:-room}" = pairs ] || run room "$publishers" "$listeners" "$tracks" 1 || status=1
[ "${BENCH_ONLY:-pairs}" = room ] || run pairs "$rooms" || status=1
exit $status
