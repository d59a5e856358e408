# Sourced by ./stepindex and ./run-tests: sets JAVA_HOME to a JDK >= 25, or exits with what to install.
# Order: $JAVA_HOME if it is >= 25, then the newest JDK under /usr/lib/jvm and /opt (by its release file; the patterns
# searched can be replaced with STEPINDEX_JDK_SEARCH, e.g. "$HOME/.sdkman/candidates/java/*"), then `java` on PATH.
# Bash builtins wherever they do (a process costs tens of ms on a busy machine, and the launcher sources this on
# every run): a $JAVA_HOME that is 25+ is taken without starting any process.
stepindex_java_major() {
  # Sets stepindex_major (25) and stepindex_version (25.0.1) from the JDK's own record of its version, read without
  # starting a JVM; else asks java.
  local line
  stepindex_major=""
  stepindex_version=""
  if [ -f "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=*)
          line=${line#JAVA_VERSION=}
          line=${line#\"}
          stepindex_version=${line%\"}
          stepindex_major=${line%%[!0-9]*}
          break ;;
      esac
    done <"$1/release"
  fi
  if [ -z "$stepindex_major" ]; then
    stepindex_major=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
    stepindex_version=$stepindex_major
  fi
}
stepindex_newer() { # A B: whether version A (25.0.2) is newer than B, by numeric components
  local a=$1 b=$2 x y
  while [ -n "$a" ] || [ -n "$b" ]; do
    x=${a%%[!0-9]*}
    y=${b%%[!0-9]*}
    x=${x:-0}
    y=${y:-0}
    if [ "$((10#$x))" -ne "$((10#$y))" ]; then
      [ "$((10#$x))" -gt "$((10#$y))" ]
      return
    fi
    case $a in *.*) a=${a#*.} ;; *) a="" ;; esac
    case $b in *.*) b=${b#*.} ;; *) b="" ;; esac
  done
  return 1
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
  local best="" best_version=""
  for d in ${STEPINDEX_JDK_SEARCH:-/usr/lib/jvm/* /opt/*jdk* /opt/java/*}; do
    if stepindex_is_jdk25 "$d" && { [ -z "$best" ] || stepindex_newer "$stepindex_version" "$best_version"; }; then
      best=$d
      best_version=$stepindex_version
    fi
  done
  if [ -z "$best" ] && command -v java >/dev/null 2>&1; then
    d="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    if stepindex_is_jdk25 "$d"; then best=$d; fi
  fi
  if [ -n "$best" ]; then
    export JAVA_HOME="$best"
    return 0
  fi
  echo "stepindex: needs a JDK 25 or newer and found none (looked at \$JAVA_HOME, /usr/lib/jvm, /opt, java on PATH)." >&2
  echo "stepindex: install one (e.g. 'apt-get install temurin-25-jdk' or Debian's openjdk-25-jdk) or set JAVA_HOME to it." >&2
  exit 3
}
stepindex_find_jdk
