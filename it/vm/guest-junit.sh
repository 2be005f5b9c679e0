#!/bin/sh
# Runs inside the guest (via run-guest.sh, started by run-tier.sh): one JVM with the JUnit
# Platform console launcher over the class path and arguments run-tier.sh left in $MPATHVX_RESULTS.
R="$MPATHVX_RESULTS"
CP="$(cat "$R/classpath.txt")"
JAVA_OPTS="$(cat "$R/java-opts")"
set --
while IFS= read -r a; do [ -n "$a" ] && set -- "$@" "$a"; done < "$R/launcher-args"
echo "MPATHVX_TIMING jvm-start uptime=$(cut -d' ' -f1 /proc/uptime)s"
# shellcheck disable=SC2086 # JAVA_OPTS is a word list on purpose
java $JAVA_OPTS -Djava.io.tmpdir=/tmp -cp "$CP" org.junit.platform.console.ConsoleLauncher execute \
  --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests \
  --reports-dir="$R/reports" "$@" > "$R/junit.txt" 2>&1
rc=$?
echo "MPATHVX_TIMING jvm-end uptime=$(cut -d' ' -f1 /proc/uptime)s exit=$rc"
# the tail of the launcher output also on the console, for the guest log
tail -n 30 "$R/junit.txt"
exit $rc
