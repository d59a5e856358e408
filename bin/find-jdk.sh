# Sourced by ./stepindex and ./run-tests: sets JAVA_HOME to a JDK >= 25, or exits with what to install.
# Order: $JAVA_HOME if it is >= 25, then the JDKs under /usr/lib/jvm and /opt (newest first), then `java` on PATH.
stepindex_java_major() {
  # The JDK's own record of its version, read without starting a JVM (tens of ms on every launch); else ask java.
  local major=""
  [ -f "$1/release" ] && major=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1)
  if [ -z "$major" ]; then
    major=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "$major"
}
stepindex_find_jdk() {
  local candidates=() d
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for d in $(ls -d /usr/lib/jvm/* /opt/*jdk* /opt/java/* 2>/dev/null | sort -rV); do candidates+=("$d"); done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for d in "${candidates[@]}"; do
    [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
    local major; major=$(stepindex_java_major "$d")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      export JAVA_HOME="$d"
      return 0
    fi
  done
  echo "stepindex: needs a JDK 25 or newer and found none (looked at \$JAVA_HOME, /usr/lib/jvm, /opt, java on PATH)." >&2
  echo "stepindex: install one (e.g. 'apt-get install temurin-25-jdk' or Debian's openjdk-25-jdk) or set JAVA_HOME to it." >&2
  exit 3
}
stepindex_find_jdk
