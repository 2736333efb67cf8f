#!/usr/bin/env bash
# code-server (a real VS Code 1.100: server + web workbench) for the extension's end-to-end tests,
# installed from the npm registry into a cache folder, with no other network access; prints the path
# of its launcher on stdout. Idempotent: a finished install is reused at once.
#   usage: install-code-server.sh [--check] [DEST]
#     --check   print the launcher's path if installed (exit 0), else exit 1; installs nothing
#     DEST      default: $HOME/.cache/scoot-e2e/code-server-$VERSION
# Installing needs root or passwordless sudo for apt-get: code-server's native modules are built from
# source here (their prebuilt downloads are not reachable), which needs the development headers below.
# code-server 4.100.x is the newest release that runs on Node 20.
set -euo pipefail
CHECK=0; [ "${1:-}" = --check ] && { CHECK=1; shift; }
VERSION=${CODE_SERVER_VERSION:-4.100.3}
DEST=${1:-$HOME/.cache/scoot-e2e/code-server-$VERSION}
BIN="$DEST/node_modules/code-server/out/node/entry.js"
if [ -f "$DEST/.complete" ]; then echo "$DEST/node_modules/.bin/code-server"; exit 0; fi
[ "$CHECK" = 1 ] && exit 1
say() { echo "install-code-server: $*" >&2; }

SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
# Build headers for VS Code's native modules (kerberos, native-keymap, keytar), pkg-config to find
# them, ripgrep (VS Code's search; its npm package would download it from GitHub), chromium (the
# browser the tests drive).
need=()
for p in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  say "installing Debian packages as root for building code-server's native modules: ${need[*]} (and what they depend on)"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

# @vscode/ripgrep downloads rg from GitHub in its postinstall; it first looks in a cache folder
# named after its own version, so seed every version VS Code may ask for with Debian's rg.
RG=$(command -v rg)
tmp=$(mktemp -d)
cp "$RG" "$tmp/rg"
for pkgv in 1.15.9 1.15.10 1.15.11 1.15.12 1.15.13 1.15.14; do
  for rgv in v13.0.0-10 v13.0.0-13 v13.0.0-4; do
    c="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$pkgv"; mkdir -p "$c"
    f="$c/ripgrep-$rgv-x86_64-unknown-linux-musl.tar.gz"
    [ -f "$f" ] || tar -czf "$f" -C "$tmp" rg
  done
done
rm -rf "$tmp"

say "installing code-server $VERSION from the npm registry into $DEST (a few minutes the first time)"
mkdir -p "$DEST"; cd "$DEST"
[ -f package.json ] || echo '{"name":"code-server-host","private":true}' > package.json
export npm_config_yes=true npm_config_audit=false npm_config_fund=false
npm install --ignore-scripts "code-server@$VERSION" >&2
# argon2's prebuilt download fails offline; its fallback builds it from source.
npm rebuild argon2 >&2
# code-server's postinstall installs VS Code's own dependencies and builds its native modules.
( cd node_modules/code-server && npm_config_user_agent="npm/$(npm -v) node/$(node -v) linux x64" sh ./postinstall.sh >&2 )
test -f "$BIN"
touch "$DEST/.complete"
say "done"
echo "$DEST/node_modules/.bin/code-server"
