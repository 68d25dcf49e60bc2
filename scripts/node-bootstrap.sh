#!/usr/bin/env bash
# Puts Node.js 24 on PATH. Source it: `source scripts/node-bootstrap.sh`.
# When the system Node is older than 24, installs the npm registry's `node@24` package into
# .tools/node24 (once) with the system npm, and prepends its bin folder to PATH.
_parley_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_parley_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "${_parley_major:-0}" -ne 24 ]; then
  _parley_tools="$_parley_root/.tools/node24"
  if [ ! -x "$_parley_tools/node_modules/.bin/node" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "parley: Node.js 24 is needed and npm is not available to install it; install Node.js 24 LTS" >&2
      return 1 2>/dev/null || exit 1
    fi
    echo "parley: installing Node.js 24 into $_parley_tools (one time)" >&2
    mkdir -p "$_parley_tools"
    (cd "$_parley_tools" && printf '{"name":"parley-node24","private":true}\n' > package.json \
      && npm install --no-audit --no-fund --loglevel=error node@24 >&2) || { echo "parley: could not install node@24 from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$_parley_tools/node_modules/.bin:$PATH"
fi
unset _parley_root _parley_major _parley_tools
