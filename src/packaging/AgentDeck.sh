#!/bin/bash
# AgentDeck's launcher on Linux: starts the bundled Java runtime with the options, class path and main class of
# lib/app/AgentDeck.cfg. It takes the place of jpackage's native launcher, which asks rpm and dpkg which package owns
# it, twice, every time it starts, before Java starts: on the build machine 0.14 s for the app image and about 0.2 s
# installed, more where many packages are installed. Only the keys jpackage writes for AgentDeck are read (no
# [ArgOptions], $BINDIR or $ROOTDIR).
# Bash 5.2 would put the matched text in place of an "&" in the replacement below (an install path with "&").
shopt -u patsub_replacement 2>/dev/null || true
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
done <"$APPDIR/AgentDeck.cfg" || { echo "agentdeck: cannot read $APPDIR/AgentDeck.cfg" >&2; exit 1; }
exec -a "$launcher" "$APPDIR/../runtime/bin/java" "${options[@]}" -Djpackage.app-path="$launcher" \
  -cp "$classpath" "$main" "$@"
