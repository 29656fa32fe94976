#!/usr/bin/env bash
# bench/egress-mix.sh [N ...]: the CPU of one room's mix (room-composite and stream egress) with N participants:
# N Opus tracks decoded, summed and encoded once per 20 ms (bench/egress/MixBench.java against the
# gateway.rooms.egress, gateway.lib.opus and gateway.api jars of this checkout). Default N: 2 5 10 20 50.
# BENCH_SECONDS (30) of audio each. Build first: ./gateway build.
set -euo pipefail
source "$(dirname "$0")/common.sh"
repo="${M2_REPO:-$HOME/.m2/repository}"
jar() { ls -t "$root/$1/target/$1"-*.jar | grep -v sources | head -1; }
cp="$(jar gateway.rooms.egress):$(jar gateway.lib.opus):$(jar gateway.api):$(jar gateway.lib.ogg)"
cp="$cp:$repo/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# compiled into the bundle's package (a class of the same package and class loader reaches its package-private inputs)
"${JAVA%java}javac" -nowarn -d "$work" -cp "$cp" "$root/bench/egress/MixBench.java"
[ $# -gt 0 ] || set -- 2 5 10 20 50
"$JAVA" --enable-native-access=ALL-UNNAMED -Xmx256m -cp "$work:$cp" gateway.rooms.egress.internal.MixBench "${BENCH_SECONDS:-30}" "$@"
