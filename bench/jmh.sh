#!/usr/bin/env bash
# Runs the project's JMH benchmarks: bench/jmh.sh [JMH options] [benchmark regex]
#   e.g. bench/jmh.sh -f 1 -wi 3 -i 5 SensitiveDataScan
# Builds first (through the launcher's JDK discovery), then runs org.openjdk.jmh.Main with the Vector API module.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/tiergate" --version >/dev/null
JAVA_HOME=$("$ROOT/tiergate" --print-java-home)
(cd "$ROOT" && "$(command -v mvn)" -B -q -o -pl bench -am -DskipTests package >&2) || (cd "$ROOT" && mvn -B -q -pl bench -am -DskipTests package >&2)
exec "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$ROOT/bench/target/classes:$ROOT/bench/target/lib/*" \
  org.openjdk.jmh.Main -jvmArgsAppend "--add-modules=jdk.incubator.vector" "$@"
