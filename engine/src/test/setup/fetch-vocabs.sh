#!/usr/bin/env bash
# Fetches llama.cpp's vocab-only GGUF files (models/ggml-vocab-*.gguf with their .inp/.out test
# strings and expected ids) and chat templates from the npm package node-llama-cpp, which bundles
# llama.cpp's source as a git bundle. Output: engine/target/llama-vocabs/{models,templates}/.
# Idempotent: does nothing when the files are already there. Needs npm, tar and git.
set -euo pipefail
VERSION="${NODE_LLAMA_CPP_VERSION:-3.22.1}"
here="$(cd "$(dirname "$0")" && pwd)"
target="$here/../../../target/llama-vocabs"
if [ -f "$target/.complete-$VERSION" ]; then
  exit 0
fi
for tool in npm tar git; do
  command -v "$tool" >/dev/null || { echo "fetch-vocabs: '$tool' is needed to fetch llama.cpp vocabularies from npm" >&2; exit 2; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "node-llama-cpp@$VERSION" >/dev/null
tar xzf "node-llama-cpp-$VERSION.tgz" package/llama/gitRelease.bundle package/llama/llama.cpp.info.json
git clone --quiet package/llama/gitRelease.bundle llama.cpp 2>/dev/null
rm -rf "$target"
mkdir -p "$target/models" "$target/templates"
cp llama.cpp/models/ggml-vocab-*.gguf* "$target/models/"
cp llama.cpp/models/templates/*.jinja "$target/templates/"
cp package/llama/llama.cpp.info.json "$target/"
touch "$target/.complete-$VERSION"
echo "fetch-vocabs: llama.cpp vocabularies of node-llama-cpp $VERSION in $target"
