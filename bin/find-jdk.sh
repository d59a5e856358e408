# Sourced by ./stepindex and ./run-tests: sets JAVA_HOME to a JDK >= 25, or exits with what to install.
# Order: $JAVA_HOME if it is >= 25, then the JDKs under /usr/lib/jvm and /opt (newest first), then `java` on PATH.
# Bash builtins wherever they do (a process costs tens of ms on a busy machine, and the launcher sources this on
# every run): a $JAVA_HOME that is 25+ is taken without starting any process.
stepindex_java_major() {
  # Sets stepindex_major to the JDK's own record of its version, read without starting a JVM; else asks java.
  local line
  stepindex_major=""
  if [ -f "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=*)
          line=${line#JAVA_VERSION=}
          line=${line#\"}
          stepindex_major=${line%%[!0-9]*}
          break ;;
      esac
    done <"$1/release"
  fi
  if [ -z "$stepindex_major" ]; then
    stepindex_major=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
}
stepindex_is_jdk25() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  stepindex_java_major "$1"
  [ -n "$stepindex_major" ] && [ "$stepindex_major" -ge 25 ]
}
stepindex_find_jdk() {
  local d
  if [ -n "${JAVA_HOME:-}" ] && stepindex_is_jdk25 "$JAVA_HOME"; then
    export JAVA_HOME
    return 0
  fi
  local candidates=()
  for d in $(ls -d /usr/lib/jvm/* /opt/*jdk* /opt/java/* 2>/dev/null | sort -rV); do candidates+=("$d"); done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for d in "${candidates[@]}"; do
    if stepindex_is_jdk25 "$d"; then
      export JAVA_HOME="$d"
      return 0
    fi
  done
  echo "stepindex: needs a JDK 25 or newer and found none (looked at \$JAVA_HOME, /usr/lib/jvm, /opt, java on PATH)." >&2
  echo "stepindex: install one (e.g. 'apt-get install temurin-25-jdk' or Debian's openjdk-25-jdk) or set JAVA_HOME to it." >&2
  exit 3
}
stepindex_find_jdk
