#!/usr/bin/env bash
# The installed app, tried as a new user would: install the .deb (as root with dpkg, the way CI runs), check
# `agentdeck --version`, start `agentdeck --headless` and ask for `/`, start the window under Xvfb and wait for it to
# appear, then remove the package and check that the user's data directory is still there.
# Where the .deb cannot be installed (not root, no dpkg) the same checks run on the app image instead.
# Usage: installed-app-test.sh <target/installer>
set -euo pipefail
installer="$(cd "$1" && pwd)"
work="$(mktemp -d)"
server=""
display_pid=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -n "$display_pid" ] && kill "$display_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
say() { echo "installed-app-test: $*"; }
fail() { say "FAILED: $*"; exit 1; }

deb="$(ls "$installer"/agentdeck_*.deb 2>/dev/null | head -1 || true)"
installed=false
if [ -n "$deb" ] && [ "$(id -u)" = 0 ] && command -v dpkg >/dev/null && [ "${AGENTDECK_INSTALL_TEST:-1}" != 0 ]; then
  say "installing $(basename "$deb")"
  # apt-get resolves the package's dependencies (GTK 3) where dpkg -i alone would stop.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" </dev/null >"$work/install.log" 2>&1 ||
    { cat "$work/install.log"; fail "the .deb did not install"; }
  installed=true
  agentdeck="$(command -v agentdeck || true)"
  [ "$agentdeck" = /usr/bin/agentdeck ] || fail "agentdeck is not on the PATH after installing"
  [ -f /usr/share/applications/agentdeck-AgentDeck.desktop ] || ls /usr/share/applications | grep -qi agentdeck ||
    fail "no menu entry was installed"
else
  say "not installing the .deb (needs root and dpkg); checking the app image instead"
  agentdeck="$installer/AgentDeck/bin/AgentDeck"
  [ -x "$agentdeck" ] || fail "no app image at $agentdeck"
fi

# The AOT cache must hold for the jars as installed (the package copy changes their times; the install script sets
# them back): the launcher itself, with -XX:AOTMode=on added, refuses to start when the JVM cannot use the cache.
image="$(dirname "$(dirname "$(readlink -f "$agentdeck")")")"
if [ -f "$image/lib/app/agentdeck.aot" ]; then
  JAVA_TOOL_OPTIONS=-XX:AOTMode=on "$agentdeck" --version >"$work/aot.log" 2>&1 ||
    { cat "$work/aot.log"; fail "the app cannot use its AOT cache"; }
  say "the AOT cache in $image is usable"
else
  say "no AOT cache in $image (built with -Dinstaller.aot=false, or not on Linux)"
fi

# A home of its own, so the default data directory is this test's and nobody's real one.
export HOME="$work/home"
export XDG_DATA_HOME="$HOME/.local/share"
mkdir -p "$HOME"
data="$XDG_DATA_HOME/agentdeck"

version="$("$agentdeck" --version)"
say "--version: $version"
[[ "$version" == AgentDeck* ]] || fail "--version printed '$version'"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$agentdeck" --headless --port "$port" >"$work/headless.log" 2>&1 &
server=$!
started=$(date +%s%N)
for _ in $(seq 1 300); do
  if curl -fsS -o "$work/root.json" "http://127.0.0.1:$port/" 2>/dev/null; then break; fi
  kill -0 "$server" 2>/dev/null || { cat "$work/headless.log"; fail "the headless server stopped"; }
  sleep 0.1
done
[ -s "$work/root.json" ] || { cat "$work/headless.log"; fail "the headless server did not answer / in 30 s"; }
say "headless answered / after $(( ($(date +%s%N) - started) / 1000000 )) ms: $(head -c 120 "$work/root.json")"
kill -TERM "$server"
wait "$server" || true
server=""
[ -d "$data" ] || fail "the data directory $data was not made"

if command -v Xvfb >/dev/null && command -v xwininfo >/dev/null; then
  # -noreset: one X session for both window starts, as on a desktop (a new session makes GTK load OpenGL once to
  # choose its visuals, and keeps the result on the root window).
  Xvfb :77 -screen 0 1280x800x24 -nolisten tcp -noreset >"$work/xvfb.log" 2>&1 &
  display_pid=$!
  sleep 1
  # Starts the window (output in $1) and waits up to 30 s for it; $server is its process.
  open_window() {
    DISPLAY=:77 "$agentdeck" --port "$port" >"$1" 2>&1 &
    server=$!
    for _ in $(seq 1 300); do
      if DISPLAY=:77 xwininfo -root -tree 2>/dev/null | grep -q '"AgentDeck"'; then return 0; fi
      kill -0 "$server" 2>/dev/null || break
      sleep 0.1
    done
    cat "$1"
    return 1
  }
  close_window() {
    kill -TERM "$server"
    wait "$server" || true
    server=""
  }
  open_window "$work/window.log" || fail "the window did not appear in 30 s"
  say "the window appeared"
  # Xvfb has no GPU JavaFX can use: the first window start finds that out (loading OpenGL for nothing) and notes it
  # once the window shows, and the next ones draw in software at once, without OpenGL in the process.
  for _ in $(seq 1 100); do
    [ -f "$data/software-rendering" ] && break
    sleep 0.1
  done
  close_window
  [ -f "$data/software-rendering" ] || fail "the window did not remember that it draws in software"
  open_window "$work/window2.log" || fail "the window did not appear again in 30 s"
  if grep -qE 'libGL|swrast|libLLVM' "/proc/$server/maps"; then
    fail "the second window start still loaded OpenGL: $(grep -oE '[^/]*(libGL|swrast|libLLVM)[^/]*$' "/proc/$server/maps" | sort -u | tr '\n' ' ')"
  fi
  say "the window appeared again, drawing in software without loading OpenGL"
  close_window
else
  say "no Xvfb or xwininfo (Debian: xvfb, x11-utils): the window is not checked"
fi

if $installed; then
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq agentdeck </dev/null >"$work/remove.log" 2>&1 ||
    { cat "$work/remove.log"; fail "the package did not uninstall"; }
  [ ! -e /usr/bin/agentdeck ] || fail "/usr/bin/agentdeck is left after uninstalling"
  [ ! -d /opt/agentdeck ] || fail "/opt/agentdeck is left after uninstalling"
  [ -f "$data/settings.json" ] || [ -d "$data/db" ] || fail "uninstalling touched the data directory"
  say "uninstalled; the data directory is still there"
fi
say "passed"
