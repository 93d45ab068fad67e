#!/usr/bin/env bash
# Gives the app image an AOT cache (JEP 483/514): one training start of the installed layout's own launcher, as the
# desktop app (or the headless server where no X server can be started) with its first requests, records the classes
# loaded and linked; every later start maps them in instead of loading them again. The cache belongs to this image's runtime and class path, so it is made here, after
# jpackage, and the launcher's configuration then names it. Usage: aot-cache.sh <app image>
set -euo pipefail
image="$(cd "$1" && pwd)"
launcher="$image/bin/AgentDeck"
cfg="$image/lib/app/AgentDeck.cfg"
cache="$image/lib/app/agentdeck.aot"
data="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
[ -x "$launcher" ] && [ -f "$cfg" ] || { echo "aot-cache: no app image at $image" >&2; exit 1; }
sed -i.bak -e '/-XX:AOTCache/d' -e '/-Xlog:aot/d' "$cfg" && rm -f "$cfg.bak" "$cache"

# The cache is valid only for jars with the size and modification time they had in training, and the packagers copy
# the image with new times: so the jars get one whole-second time now, kept in aot-jar-time, and the packages'
# install scripts give them that time again (src/packaging/linux).
stamp="$(date +%s)"
find "$image/lib/app" -name '*.jar' -exec touch -m -d "@$stamp" {} +
echo "$stamp" >"$image/lib/app/aot-jar-time"

cp "$cfg" "$data/AgentDeck.cfg"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# With an X server to show it on (Xvfb here), the training run is the desktop app, which also serves the API: the
# cache then holds JavaFX's classes and the window's as well as the server's. Without one, the headless server.
xvfb=""
if command -v Xvfb >/dev/null && command -v xwininfo >/dev/null; then
  for n in $(seq 90 199); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }
  done
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 1 100); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
fi
start() { # $1: the log file
  if [ -n "$xvfb" ]; then
    DISPLAY="$display" "$launcher" --port "$port" --data-dir "$data/home" >"$1" 2>&1 &
  else
    "$launcher" --headless --port "$port" --data-dir "$data/home" >"$1" 2>&1 &
  fi
  server=$!
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/" && return 0
    kill -0 "$server" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
stop() {
  kill -TERM "$server" 2>/dev/null || true
  wait "$server" || true
  server=""
}

# A first start makes the data directory (the schema, the guide's passages in the knowledge base) without recording:
# classes only a first start needs (the migrations, the document parsers, the embedding model) would otherwise sit
# in the cache, which maps every class it holds at every start, and cost memory and time every day for a saving made
# once. The training run is then a start like every later one.
start "$data/first.log" || { cat "$data/first.log" >&2; echo "aot-cache: the app did not start" >&2; exit 1; }
for _ in $(seq 1 300); do grep -q "Engine initialized" "$data/first.log" && break; sleep 0.1; done
stop

echo "java-options=-XX:AOTCacheOutput=$cache" >>"$cfg"
if start "$data/training.log"; then
  token="$(cat "$data/home/api-token")"
  for path in /api/status /api/agents /api/agents/1/messages /api/tasks /api/knowledge/collections /api/models; do
    curl -fs -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path" || true
  done
fi
if [ -n "$xvfb" ]; then
  # The window's first screen, then a moment for what it loads in the background.
  for _ in $(seq 1 300); do
    DISPLAY="$display" xwininfo -root -tree 2>/dev/null | grep -q '"AgentDeck": ("io.agentdeck' && break
    sleep 0.1
  done
  sleep 2
fi
stop
[ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
cp "$data/AgentDeck.cfg" "$cfg"
if [ ! -s "$cache" ]; then
  cat "$data/training.log" >&2
  echo "aot-cache: the training run made no cache" >&2
  exit 1
fi
# The JDK 25 runtime warns at every start about stubs it cannot link from the cache (harmless: it makes them as
# usual); people starting AgentDeck from a shell should not read that.
{
  echo "java-options=-XX:AOTCache=\$APPDIR/agentdeck.aot"
  echo "java-options=-Xlog:aot*=off"
} >>"$cfg"
echo "aot-cache: $(du -h "$cache" | cut -f1) cache for $(basename "$image")"
