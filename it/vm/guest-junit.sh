#!/bin/sh
# Runs inside the guest (via run-guest.sh, started by run-tier.sh): the JUnit Platform console
# launcher over the class path and arguments run-tier.sh left in $MPATHVX_RESULTS, one JVM per
# job (jobs/*.args: one per module in scan mode), with the kernel reset between jobs so a test
# that leaks maps, modules or processes cannot fail the next module's tests.
R="$MPATHVX_RESULTS"
CP="$(cat "$R/classpath.txt")"
JAVA_OPTS="$(cat "$R/java-opts")"
up() { cut -d' ' -f1 /proc/uptime; }

# the kernel tests cross-check mpathvx's dm codec with dmsetup and have no fallback without it
command -v dmsetup >/dev/null || { echo "mpathvx-tier: FATAL: no dmsetup in the guest (it/vm/setup-host.sh installs it)"; exit 125; }

# Back to the state after boot: no processes but us, no dm devices, no test modules.
reset_kernel() {
  for d in /proc/[0-9]*; do
    p="${d#/proc/}"
    [ "$p" = 1 ] || [ "$p" = 2 ] || [ "$p" = $$ ] && continue
    # no forks per process (slow under emulation): kernel threads are children of kthreadd (2)
    read -r _ _ _ ppid _ < "$d/stat" 2>/dev/null || continue
    [ "$ppid" = 2 ] && continue
    echo "mpathvx-reset: killing leftover process $p: $(tr '\0' ' ' < "$d/cmdline" 2>/dev/null | cut -c1-120)"
    kill -9 "$p" 2>/dev/null
  done
  if [ -n "$(ls /sys/block | grep '^dm-')" ]; then
    echo "mpathvx-reset: removing leftover dm devices: $(dmsetup ls 2>/dev/null | cut -f1 | tr '\n' ' ')"
    dmsetup remove_all --force --noudevsync >/dev/null 2>&1
  fi
  for f in /dev/mapper/*; do [ "$f" = /dev/mapper/control ] || rm -f "$f"; done
  for m in scsi_debug null_blk loop dm_delay dm_flakey dm_zero; do
    [ -d "/sys/module/$m" ] && { rmmod "$m" 2>/dev/null || echo "mpathvx-reset: cannot unload $m"; }
  done
}

if [ -d "$R/jobs" ]; then JOBS="$(ls "$R/jobs"/*.args 2>/dev/null)"; else JOBS="$R/launcher-args"; fi
: > "$R/junit.txt"
rc=0
for job in $JOBS; do
  name="$(basename "$job" .args)"
  [ "$job" = "$R/launcher-args" ] && name=all
  set --
  if [ "$job" != "$R/launcher-args" ]; then
    while IFS= read -r a; do [ -n "$a" ] && set -- "$@" "$a"; done < "$R/launcher-args"
  fi
  while IFS= read -r a; do [ -n "$a" ] && set -- "$@" "$a"; done < "$job"
  reset_kernel
  echo "MPATHVX_TIMING $name jvm-start uptime=$(up)s"
  # shellcheck disable=SC2086 # JAVA_OPTS is a word list on purpose
  java $JAVA_OPTS -Djava.io.tmpdir=/tmp -cp "$CP" org.junit.platform.console.ConsoleLauncher execute \
    --disable-banner --disable-ansi-colors --details=tree \
    --reports-dir="$R/reports/$name" "$@" > "$R/junit-$name.txt" 2>&1
  jrc=$?
  echo "MPATHVX_TIMING $name jvm-end uptime=$(up)s exit=$jrc"
  { echo "===== $name (exit $jrc) ====="; cat "$R/junit-$name.txt"; } >> "$R/junit.txt"
  # the tail of the launcher output also on the console, for the guest log
  tail -n 14 "$R/junit-$name.txt"
  # exit 2 = no tests found in this job: not a failure by itself (the host checks the total)
  [ "$jrc" = 0 ] || [ "$jrc" = 2 ] || rc=1
done
exit $rc
