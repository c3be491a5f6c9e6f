#!/usr/bin/env bash
# Regenerates src/test/resources/oracle/llama-cpp-continuations.json, the llama.cpp reference of
# LlamaCppContinuationTest: writes the oracle's random-weight GGUF files with OracleModelFiles, then
# runs reference-continuations.mjs on them with node-llama-cpp's prebuilt llama.cpp (installed from
# npm into a temporary folder unless NODE_PATH already points at a node_modules that has it).
# Needs JAVA_HOME (Java 25), mvn, node and npm. Run from anywhere; takes about a minute.
set -euo pipefail
VERSION="${NODE_LLAMA_CPP_VERSION:-3.22.1}"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$repo" && mvn -q -o -pl engine test-compile org.codehaus.mojo:exec-maven-plugin:3.5.1:java -Dexec.classpathScope=test \
    -Dexec.mainClass=io.tiergate.engine.oracle.OracleModelFiles -Dexec.args="$work/files" >/dev/null)
if [ -z "${NODE_PATH:-}" ] || [ ! -d "$NODE_PATH/node-llama-cpp" ]; then
  (cd "$work" && npm install --silent --no-audit --no-fund "node-llama-cpp@$VERSION" >/dev/null)
  export NODE_PATH="$work/node_modules"
fi
out="$repo/engine/src/test/resources/oracle/llama-cpp-continuations.json"
node "$here/reference-continuations.mjs" "$work/files" > "$out.tmp"
mv "$out.tmp" "$out"
echo "reference-continuations: wrote $out"
