#!/usr/bin/env bash
# Measures WHEP playback on the real executable (build it first: ./gateway build) side by side with Janus 1.1.2's
# streaming plugin: one Opus feed each (ffmpeg, the same 440 Hz tone encoded the same way: libopus 64 kb/s, 20 ms
# frames; over SRT to the gateway, as RTP to Janus's mountpoint), then N listeners made by gateway.lib.rtc in a JVM of
# its own on the same 2 cores (bench/whep/WhepLoad.java against the gateway, bench/whep/JanusLoad.java against
# Janus's HTTP API), one server after the other for each N; each server's CPU over the listening time, its resident
# memory, offer -> answer times and what the listeners received.
# The gateway's load listeners authenticate and decrypt every SRTP packet, as a browser does, and count loss from
# what they decrypted. BENCH_SRTP_SAMPLE=N (N > 1) instead passes each listener's packets through a UDP tap of the
# load client that counts loss from every SRTP packet's cleartext RTP header (SSRC, sequence number) and lets the
# listener's peer authenticate and decrypt only its first 16 packets, then every N-th, and the server's SRTCP; a
# sampled packet the peer refuses (srtp_failed), one that decrypts with another SSRC, or a connected listener none of
# whose samples decrypts fails the run. The tap is not the default: at 500 listeners it cost the load client more CPU
# than the decryption it saves (53.4 % of a core with N = 50 against 44.5 % decrypting everything).
# client_cpu_pct is the load client's own CPU over the window.
# (The Janus rows' listeners always decrypt every packet.) Beside the load client, BENCH_AIORTC (default 2) aiortc
# listeners (gateway.itest's whep/aiortc_play.py, an independent WebRTC stack) join the gateway when the window opens
# and must hear the 440 Hz tone (level above 1000, 660 Hz below 1/30 of it), else the run fails.
# Usage: bench/whep.sh [N ...]   (default: 1 100 500); BENCH_SECONDS (default 10): the listening time measured;
# BENCH_JANUS=0 measures the gateway alone; BENCH_SRTP_SAMPLE (default 1: every packet decrypted, no tap; N > 1: the tap, every N-th decrypted);
# BENCH_AIORTC (default 2; 0: none); BENCH_SETTLE (default 5): seconds between the last join and the window (the JITs settle).
# BENCH_WARM_OFFERS (default 0): offers the load client has answered and deleted before its listeners join, so that the
# join storm meets the HTTP and WHEP path as a gateway that has served for a while runs it (JIT-compiled), not a
# gateway's first requests; the gateway's own offer figures (server_offer_ms_*) count the warm-up's offers too.
# BENCH_WARM_HTTP (default 0): offers for a stream that does not exist before the listeners join, each through the
# gateway's HTTP server, REST layer and WHEP resource to a 404 (no session made): against BENCH_WARM_OFFERS it tells the
# share of a cold gateway's offer time that is its HTTP stack's first requests.
# The load client runs with BENCH_CLIENT_JAVA_OPTS (default "-Xmn1g -XX:MetaspaceSize=192m": a young generation that
# does not fill during the joins, so that none of its own collections, 20-110 ms each on the loaded machine, falls
# inside an offer it times) and first warms its own HTTP and listener code against servers in its own JVM
# (BENCH_CLIENT_WARMUP, default 500; see WhepLoad.java); BENCH_OFFER_LOG=FILE writes each offer's time.
# Prerequisites: ffmpeg, curl, bc, /usr/bin/python3 with aiortc, and for the comparison Debian's janus
# (apt-get install -y janus).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
port="${BENCH_PORT:-18743}"
seconds="${BENCH_SECONDS:-10}"
counts=("$@"); [ ${#counts[@]} -gt 0 ] || counts=(1 100 500)
janus_on="${BENCH_JANUS:-1}"
aiortc_n="${BENCH_AIORTC:-2}"
play="$root/gateway.itest/src/test/resources/whep/aiortc_play.py"
if [ "$aiortc_n" != 0 ] && ! /usr/bin/python3 -c 'import aiortc' 2>/dev/null; then
  echo "needs python3-aiortc, or run with BENCH_AIORTC=0" >&2; exit 1
fi
if [ "$janus_on" != 0 ] && ! command -v janus > /dev/null; then
  echo "Janus is not installed (apt-get install -y janus), or run with BENCH_JANUS=0" >&2; exit 1
fi
home="$(mktemp -d)"
ff=""; ffj=""; janus_pid=""
cleanup() {
  for p in "$ff" "$ffj" "$janus_pid" "${gw:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
  wait 2>/dev/null; rm -rf "$home"
}
trap cleanup EXIT INT TERM
mkdir -p "$home/etc"
echo "maxSessions = 5000" > "$home/etc/gateway.whep.cfg"
echo "maxPeers = 5000" > "$home/etc/gateway.webrtc.cfg"
start_gateway "$home" "$port"
until grep -q "WHEP playback ready" "$home/console.log"; do sleep 0.1; done
cp="$(ls "$root"/gateway.lib.rtc/target/gateway.lib.rtc-*.jar | grep -v sources | head -1)"
for j in "$dist"/bundles/bc*.jar "$dist"/lib/slf4j-*.jar; do cp="$cp:$j"; done

event=$(/usr/bin/python3 -c 'import uuid; print(uuid.uuid4())')
pass=$(curl -s -X POST -H 'Content-Type: application/json' -d "{\"event\": \"$event\"}" "http://127.0.0.1:$port/reserve" \
  | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["credentials"]["token"])')
ffmpeg -hide_banner -loglevel error -re -f lavfi -i sine=frequency=440:duration=3600 -c:a libopus -b:a 64k \
  -page_duration 20000 -f ogg -passphrase "$pass" "srt://127.0.0.1:$port" &
ff=$!
until stream=$(curl -s "http://127.0.0.1:$port/streams" | /usr/bin/python3 -c 'import json,sys
s=[x["id"] for x in json.load(sys.stdin) if x["state"]=="live"]; print(s[0]) if s else sys.exit(1)' 2>/dev/null); do sleep 0.2; done

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$1/status"; }
hz=$(getconf CLK_TCK)
# cpu_over PID SECONDS: % of one core the process used over that many seconds from now
cpu_over() {
  local t0 s0 t1 s1
  t0=$(ticks "$1"); s0=$(date +%s.%N); sleep "$2"; t1=$(ticks "$1"); s1=$(date +%s.%N)
  echo "($t1 - $t0) / $hz / ($s1 - $s0) * 100" | bc -l
}

if [ "$janus_on" != 0 ]; then
  # Janus as Debian packages it, with one RTP mountpoint and only the HTTP transport and the streaming plugin loaded;
  # it gathers ICE candidates on the host's interfaces (not loopback), so JanusLoad binds its listeners to the
  # address of Janus's first candidate
  jdir="$home/janus"; mkdir -p "$jdir"
  cp /etc/janus/janus.jcfg /etc/janus/janus.transport.http.jcfg "$jdir/"
  janus_http=$((port + 2)); janus_rtp=$((port + 3))
  sed -i "s/port = 8088/port = $janus_http/" "$jdir/janus.transport.http.jcfg"
  sed -i 's|^\t#disable = "libjanus_voicemail.so,libjanus_recordplay.so"|\tdisable = "libjanus_voicemail.so,libjanus_recordplay.so,libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,libjanus_sip.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_videoroom.so"|; s|^\t#disable = "libjanus_rabbitmq.so"|\tdisable = "libjanus_rabbitmq.so,libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_websockets.so"|' "$jdir/janus.jcfg"
  printf 'bench: {\n\ttype = "rtp"\n\tid = 1\n\taudio = true\n\tvideo = false\n\taudioport = %s\n\taudiopt = 111\n\taudiocodec = "opus"\n}\n' \
    "$janus_rtp" > "$jdir/janus.plugin.streaming.jcfg"
  janus -F "$jdir" -L "$home/janus.log" > "$home/janus.console" 2>&1 &
  janus_pid=$!
  until curl -s -o /dev/null -X POST -d '{"janus":"info","transaction":"t"}' "http://127.0.0.1:$janus_http/janus"; do
    kill -0 "$janus_pid" 2>/dev/null || { echo "Janus did not start:" >&2; tail -20 "$home/janus.log" >&2; exit 1; }
    sleep 0.1
  done
  ffmpeg -hide_banner -loglevel error -re -f lavfi -i sine=frequency=440:duration=3600 -c:a libopus -b:a 64k \
    -payload_type 111 -f rtp "rtp://127.0.0.1:$janus_rtp" > /dev/null &
  ffj=$!
fi

base=$(cpu_over "$jpid" "$seconds")
printf 'gateway CPU with its feed and no listener: %.1f %% of a core, RSS %s MB\n' "$base" "$(rss_mb "$jpid")"
if [ "$janus_on" != 0 ]; then
  jbase=$(cpu_over "$janus_pid" "$seconds")
  printf 'Janus CPU with its feed and no listener:   %.1f %% of a core, RSS %s MB\n' "$jbase" "$(rss_mb "$janus_pid")"
fi

# listen SERVER_PID PROGRAM TARGET N OUT: runs a load client, measures the server's CPU while it listens; prints
# "cpu rss threads figures" (threads: the server process's threads while the listeners listen). Against the gateway,
# BENCH_AIORTC aiortc listeners join when the window opens and must hear the tone (aiortc_heard=K/K in the figures).
listen() {
  local spid=$1 prog=$2 target=$3 n=$4 out=$5 load t0 s0 t1 s1 rss threads i heard=0 aiortc=() why
  "$JAVA" ${BENCH_CLIENT_JAVA_OPTS:--Xmn1g -XX:MetaspaceSize=192m} -cp "$cp" "$root/bench/whep/$prog" "$target" "$n" "$seconds" 2> "$out.err" > "$out" &
  load=$!
  until grep -q measuring "$out.err" 2>/dev/null; do kill -0 $load 2>/dev/null || { cat "$out.err" >&2; exit 1; }; sleep 0.05; done
  t0=$(ticks "$spid"); s0=$(date +%s.%N)
  if [ "$spid" = "$jpid" ]; then
    for ((i = 0; i < aiortc_n; i++)); do
      /usr/bin/python3 "$play" "$target" --seconds $(( seconds > 5 ? seconds - 3 : 2 )) > "$out.aiortc$i" 2>&1 &
      aiortc+=($!)
    done
  fi
  until grep -q measured "$out.err"; do sleep 0.05; done
  t1=$(ticks "$spid"); s1=$(date +%s.%N)
  rss=$(rss_mb "$spid"); threads=$(ls "/proc/$spid/task" | wc -l)
  if [ "$spid" = "$jpid" ]; then # the gateway's virtual threads too (the load client waits 2 s before it ends its sessions)
    "$JAVA_HOME/bin/jcmd" "$spid" Thread.dump_to_file -format=json -overwrite "$out.threads.json" > /dev/null
    threads="$threads+$(grep -c 'java.lang.VirtualThread.run(' "$out.threads.json" || true)v"
  fi
  wait $load || { echo "the load client failed ($prog, $n listeners):" >&2; cat "$out.err" >&2; exit 1; }
  for ((i = 0; i < ${#aiortc[@]}; i++)); do
    wait "${aiortc[$i]}" || true
    if why=$(/usr/bin/python3 -c 'import json,sys
h=[e for e in map(json.loads, (l for l in open(sys.argv[1]) if l.startswith("{"))) if e["event"]=="heard"]
if not h: sys.exit("no heard event")
h=h[0]
if not (h["seconds"] >= 1 and h["tone"] > 1000 and h["off"] < h["tone"] / 30): sys.exit("not the tone: %s" % h)' "$out.aiortc$i" 2>&1); then
      heard=$((heard + 1))
    else
      echo "aiortc listener $i did not hear the tone ($why); its output:" >&2; cat "$out.aiortc$i" >&2
    fi
  done
  [ "$heard" = "${#aiortc[@]}" ] || exit 1
  printf '%s %s %s %s%s\n' "$(echo "($t1 - $t0) / $hz / ($s1 - $s0) * 100" | bc -l)" "$rss" "$threads" "$(cat "$out")" \
    "$([ ${#aiortc[@]} -gt 0 ] && echo " aiortc_heard=$heard/${#aiortc[@]}")"
}

# where packets were lost: queued packets the WHEP fan-out dropped (it fell behind), datagrams the gateway's socket
# refused, and UDP datagrams the kernel dropped for full receive buffers (the listeners', on this machine); beside the
# load client's offer -> 201 times, the gateway's own (server_offer_ms_*, from gateway_whep_offer_seconds: the WHEP
# resource's share) and how often and how long the gateway held joining listeners' DTLS handshakes back while sending to
# those already playing was behind (handshake_holds, handshake_held_s)
whep_dropped() { curl -s "http://127.0.0.1:$port/metrics" | awk '/^gateway_handler_dropped_packets_total\{handler="whep"\}/ {print int($2); f=1} END {if (!f) print 0}'; }
send_failures() { curl -s "http://127.0.0.1:$port/metrics" | awk '/^gateway_whep_transport_send_failures_total / {print int($2); f=1} END {if (!f) print 0}'; }
udp_rcvbuf_errors() { awk '/^Udp:/ {if (h) {print $6; exit} h=1}' /proc/net/snmp; }
metrics() { curl -s "http://127.0.0.1:$port/metrics"; }
# server_figures BEFORE AFTER: from two /metrics texts, the gateway's own offer handling time (gateway_whep_offer_seconds:
# the bucket bounds that hold the median and the 99th percentile of the offers in between, and their mean) and the
# admission control's holds of the DTLS handshakes in between (how many, how long in all, overrides)
server_figures() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import re, sys
def read(path):
    b, m = {}, {}
    for line in open(path):
        g = re.match(r'gateway_whep_offer_seconds_bucket\{le="([^"]+)"\} (\S+)', line)
        if g: b[float(g.group(1))] = float(g.group(2)); continue
        g = re.match(r'(gateway_whep_offer_seconds_(?:sum|count)|gateway_whep_transport_handshake_(?:holds|held_seconds|hold_overrides)_total) (\S+)', line)
        if g: m[g.group(1)] = float(g.group(2))
    return b, m
(b0, m0), (b1, m1) = read(sys.argv[1]), read(sys.argv[2])
d = lambda k: m1.get(k, 0) - m0.get(k, 0)
n = d('gateway_whep_offer_seconds_count')
def q(f):
    for le in sorted(b1):
        if b1[le] - b0.get(le, 0) >= f * n: return 'inf' if le == float('inf') else '%g' % (le * 1000)
    return 'na'
print('server_offer_ms_p50<=%s server_offer_ms_p99<=%s server_offer_ms_mean=%.1f handshake_holds=%d handshake_held_s=%.1f hold_overrides=%d' % (
    q(0.5), q(0.99), d('gateway_whep_offer_seconds_sum') / n * 1000 if n else 0, d('gateway_whep_transport_handshake_holds_total'),
    d('gateway_whep_transport_handshake_held_seconds_total'), d('gateway_whep_transport_handshake_hold_overrides_total')))
PY
}
echo "load before: $(uptime)"
printf '%-9s %-8s %8s %13s %7s %7s %s\n' listeners server cpu_pct per_listener rss_mb threads load_client
for n in "${counts[@]}"; do
  d0=$(whep_dropped); f0=$(send_failures); u0=$(udp_rcvbuf_errors); metrics > "$home/metrics-$n.before"
  read -r cpu rss threads figures < <(listen "$jpid" WhepLoad.java "http://127.0.0.1:$port/whep/$stream" "$n" "$home/load-$n.txt")
  metrics > "$home/metrics-$n.after"
  printf '%-9s %-8s %8.1f %13.3f %7s %7s %s fanout_dropped=%s send_failures=%s udp_rcvbuf_errors=%s %s\n' "$n" gateway "$cpu" \
    "$(echo "($cpu - $base) / $n" | bc -l)" "$rss" "$threads" "$figures" "$(( $(whep_dropped) - d0 ))" "$(( $(send_failures) - f0 ))" \
    "$(( $(udp_rcvbuf_errors) - u0 ))" "$(server_figures "$home/metrics-$n.before" "$home/metrics-$n.after")"
  until [ "$(curl -s "http://127.0.0.1:$port/whep")" = "[]" ]; do sleep 0.1; done
  if [ "$janus_on" != 0 ]; then
    u0=$(udp_rcvbuf_errors)
    read -r cpu rss threads figures < <(listen "$janus_pid" JanusLoad.java "http://127.0.0.1:$janus_http/janus" "$n" "$home/janus-$n.txt")
    printf '%-9s %-8s %8.1f %13.3f %7s %7s %s udp_rcvbuf_errors=%s\n' "$n" janus "$cpu" "$(echo "($cpu - $jbase) / $n" | bc -l)" "$rss" "$threads" \
      "$figures" "$(( $(udp_rcvbuf_errors) - u0 ))"
  fi
  echo "load: $(uptime)"
done
