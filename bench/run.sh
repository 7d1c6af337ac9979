#!/usr/bin/env bash
# Builds the runtime and the bench, then runs the bench in one JVM (the concurrency scenario
# starts each server in a JVM of its own). Arguments go to the bench: --quick, --rounds N,
# --only bulk,ping-pong,churn,concurrency,startup,proxy,tls,certificates, --servers ..., --proxies ...; besides,
# --baseline COMMIT builds that commit's runtime jar in a temporary git worktree and runs it as the
# extra server tcptest-before, and --remote times the control endpoint's round trips instead of
# the scenarios. Set JAVA_HOME to pick the JDK. See bench/README.md.
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

# Builds the runtime jar of a commit once (kept under bench/target/baseline) and sets $jar to it.
baseline_jar() {
  local commit tree
  if ! commit="$(git rev-parse --verify --quiet "$1^{commit}")"; then
    echo "run.sh: --baseline '$1' is no commit of this repository; give a hash or a ref, e.g. --baseline 41a5d8c" >&2
    exit 2
  fi
  jar="$PWD/bench/target/baseline/tcptest-runtime-${commit:0:12}.jar"
  if [ ! -f "$jar" ]; then
    tree="$(mktemp -d "${TMPDIR:-/tmp}/tcptest-baseline.XXXXXX")"
    git worktree add --detach --quiet "$tree" "$commit"
    # The worktree goes whether the build succeeds or not; the jar is copied out first.
    trap "git worktree remove --force '$tree' >/dev/null 2>&1 || true" EXIT
    (cd "$tree" && ./mvnw -B -ntp -q -pl runtime package -DskipTests -o)
    mkdir -p "$(dirname "$jar")"
    cp "$(ls "$tree"/runtime/target/tcptest-runtime-*.jar | grep -v -e '-sources' -e '-javadoc' -e '-tests' | head -n 1)" "$jar"
    git worktree remove --force "$tree"
    trap - EXIT
  fi
}

main=dev.tcptest.bench.Bench
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --remote)
      # The control endpoint's round trips instead of the scenarios.
      main=dev.tcptest.bench.RemoteRoundTrip
      shift ;;
    --baseline)
      [ $# -ge 2 ] || { echo "run.sh: --baseline needs a commit, e.g. --baseline 41a5d8c" >&2; exit 2; }
      baseline_jar "$2"
      options+=("-Dbench.baseline=$jar")
      shift 2 ;;
    *)
      args+=("$1")
      shift ;;
  esac
done

./mvnw -B -ntp -q -Pbench -pl bench -am -DskipTests package
exec "$java" "${options[@]}" -cp "bench/target/tcptest-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
  "$main" ${args[@]+"${args[@]}"}
