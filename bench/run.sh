#!/usr/bin/env bash
# Builds the runtime and the bench, then runs the bench in one JVM (the concurrency scenario
# starts each server in a JVM of its own). Arguments go to the bench: --quick, --rounds N,
# --only bulk,ping-pong,churn,concurrency,startup. Set JAVA_HOME to pick the JDK.
set -euo pipefail
cd "$(dirname "$0")/.."

# 10,000 connections need 10,000 descriptors in the client JVM and as many in the server's.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
options=(-Xms1g -Xmx1g)
feature="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [ "${feature%%.*}" -ge 24 ]; then
  # Netty's native transport and its Unsafe use (and Maven's), allowed without the JDK's warnings.
  options+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi

./mvnw -B -ntp -q -Pbench -pl bench -am -DskipTests package
exec "$java" "${options[@]}" -cp "bench/target/tcptest-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
  dev.tcptest.bench.Bench "$@"
