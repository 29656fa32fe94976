#!/usr/bin/env bash
# bench/registry-send.sh [ROUNDS]: the cost of StreamPublisher.send on the publisher's thread with 0, 1 and 4
# handlers attached (bench/registry/SendBench.java), from the gateway.core and gateway.api jars of this checkout
# (or of CORE_JARS, a folder with both, to compare with another build). Build first: ./gateway build.
set -euo pipefail
source "$(dirname "$0")/common.sh"
repo="${M2_REPO:-$HOME/.m2/repository}"
jars="${CORE_JARS:-}"
core="$(ls -t "${jars:-$root/gateway.core/target}"/gateway.core-*.jar | head -1)"
api="$(ls -t "${jars:-$root/gateway.api/target}"/gateway.api-*.jar | head -1)"
cp="$core:$api:$repo/org/osgi/osgi.core/8.0.0/osgi.core-8.0.0.jar"
cp="$cp:$repo/org/osgi/org.osgi.service.component/1.5.1/org.osgi.service.component-1.5.1.jar"
cp="$cp:$repo/org/osgi/org.osgi.service.component.annotations/1.5.1/org.osgi.service.component.annotations-1.5.1.jar"
cp="$cp:$repo/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar"
exec "$JAVA" -Xmx256m -cp "$cp" "$root/bench/registry/SendBench.java" "${1:-2000}"
