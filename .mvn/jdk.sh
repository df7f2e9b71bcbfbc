# Finds a JDK >= 21 for building and running nabla; sourced by ./mvnw and ./nabla (POSIX sh).
# Order: $JAVA_HOME, then the java on PATH, then the newest under /usr/lib/jvm.
# On success JAVA_HOME is exported; otherwise one message explains what to install.

nabla_java_major() {
  # Prints the major version of the java binary $1 (8 for 1.8), or nothing.
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\)\(\.\([0-9][0-9]*\)\)\{0,1\}.*/\1 \3/p' | head -n 1 |
    { read -r major minor; if [ "${major:-}" = 1 ]; then echo "${minor:-}"; else echo "${major:-}"; fi; }
}

nabla_find_jdk() {
  nabla_min=21
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(nabla_java_major "$JAVA_HOME/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$nabla_min" ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  # The java on PATH (then javac, for a PATH that has only the compiler), followed through symlinks such
  # as Debian's /usr/bin/java -> /etc/alternatives/java to the JDK it belongs to, which must have javac.
  for nabla_tool in java javac; do
    command -v "$nabla_tool" >/dev/null 2>&1 || continue
    home=$(dirname "$(dirname "$(readlink -f "$(command -v "$nabla_tool")")")")
    [ -x "$home/bin/javac" ] || continue
    v=$(nabla_java_major "$home/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$nabla_min" ]; then echo "$home"; return 0; fi
  done
  best=""; best_v=0
  # The caller may run with globbing off (mvnw uses set -f); it is needed for this one loop.
  case $- in *f*) nabla_noglob=1; set +f ;; *) nabla_noglob=0 ;; esac
  for home in /usr/lib/jvm/*; do
    [ -x "$home/bin/javac" ] || continue
    v=$(nabla_java_major "$home/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$nabla_min" ] && [ "$v" -gt "$best_v" ]; then best=$home; best_v=$v; fi
  done
  [ "$nabla_noglob" = 0 ] || set -f
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  return 1
}

if nabla_jdk=$(nabla_find_jdk); then
  JAVA_HOME=$nabla_jdk
  export JAVA_HOME
else
  echo "nabla: no JDK 21 or newer found (looked at \$JAVA_HOME, the java on PATH and /usr/lib/jvm/*)." >&2
  echo "       Install one (e.g. Temurin 25 or 'apt-get install openjdk-21-jdk') and set JAVA_HOME to it." >&2
  exit 1
fi
