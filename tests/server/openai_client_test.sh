#!/usr/bin/env bash
# Drives `hearth-cli serve` with the official `openai` npm package (the client most users have).
#   openai_client_test.sh HEARTH_CLI NPM_CACHE_DIR
# Installs the package from the npm registry into NPM_CACHE_DIR (once), starts the server on a
# free loopback port with stories260K, runs openai_client_test.mjs against it, stops the server.
# Exit 77 (ctest: skipped) only when node/npm or the model fixture are missing.
set -euo pipefail
cli="$1"
cache="$(mkdir -p "$2" && cd "$2" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="${HEARTH_TEST_DATA:-$here/../../../shared}"
model="$data/models/stories260K-reference-gguf/stories260K-hf-viaHFconv-f32.gguf"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "*** SKIPPED: node and npm are needed (scripts/bootstrap.sh installs nodejs npm) ***"
  exit 77
fi
if [[ ! -f "$model" ]]; then
  echo "*** FIXTURE MISSING: $model — set HEARTH_TEST_DATA to the shared folder ***"
  exit 77
fi

# The client version is pinned so a new release cannot change the test under us.
version=7.60.0
if [[ ! -f "$cache/node_modules/openai/package.json" ]] || ! grep -q "\"version\": \"$version\"" "$cache/node_modules/openai/package.json"; then
  mkdir -p "$cache"
  (cd "$cache" && npm install --no-audit --no-fund --silent --cache "$cache/.npm" "openai@$version")
fi

key="hearth-test-key"
log="$(mktemp)"
"$cli" serve -m "$model" --host 127.0.0.1 --port 0 --parallel 2 -t 1 --api-key "$key" >"$log.out" 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log" "$log.out"' EXIT
url=""
for _ in $(seq 1 300); do  # at most 30 s for the model to load
  url="$(head -n1 "$log.out" 2>/dev/null || true)"
  [[ -n "$url" ]] && break
  kill -0 $pid 2>/dev/null || { cat "$log"; echo "the server exited"; exit 1; }
  sleep 0.1
done
[[ -n "$url" ]] || { cat "$log"; echo "the server did not come up"; exit 1; }
echo "server at $url (openai@$version)"
NODE_PATH="$cache/node_modules" HEARTH_URL="$url" HEARTH_KEY="$key" node "$here/openai_client_test.mjs"
