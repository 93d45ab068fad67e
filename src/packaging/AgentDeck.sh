#!/bin/bash
# AgentDeck's launcher on Linux: starts the bundled Java runtime with the options, class path and main class of
# lib/app/AgentDeck.cfg. It takes the place of jpackage's native launcher, which asks rpm and dpkg which package owns
# it, twice, every time it starts, before Java starts: 0.14 s on the build machine, more with many packages installed.
launcher="$(readlink -f "$0")"
APPDIR="$(dirname "$(dirname "$launcher")")/lib/app"
options=()
classpath=""
main=""
while IFS= read -r line || [ -n "$line" ]; do
  line="${line//\$APPDIR/$APPDIR}"
  case "$line" in
    app.mainclass=*) main="${line#*=}" ;;
    app.classpath=*) classpath="${classpath:+$classpath:}${line#*=}" ;;
    java-options=*) options+=("${line#*=}") ;;
  esac
done <"$APPDIR/AgentDeck.cfg"
exec -a "$launcher" "$APPDIR/../runtime/bin/java" "${options[@]}" -Djpackage.app-path="$launcher" \
  -cp "$classpath" "$main" "$@"
