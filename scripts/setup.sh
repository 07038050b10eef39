#!/usr/bin/env bash
# Set up a fresh machine of this kind: pnpm 12.4.2, the workspace's dependencies (better-sqlite3
# compiles from source against Node's own headers), and Debian's Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
if [ "$(pnpm -v 2>/dev/null)" != "12.4.2" ]; then
  npm i -g pnpm@12.4.2 >/dev/null
fi
if [ "${CI:-}" = "true" ]; then
  pnpm install --frozen-lockfile
else
  pnpm install
fi
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: chromium is missing; the browser tests need it (apt-get install -y chromium, as root)" >&2
  fi
fi
