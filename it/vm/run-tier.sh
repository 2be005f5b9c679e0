#!/bin/bash
# The real-kernel test tier: compiles the project on the host, boots ONE QEMU guest
# (it/vm/run-guest.sh) and runs every @Tag("real-kernel") JUnit test of the project's modules
# inside it (selected by the tag alone, whatever the class is called), one JVM per module, with
# the JUnit Platform console launcher. Tests also tagged "benchmark" run only with --benchmark.
# Exits 0 only when the guest ran at least one test and none failed, was aborted or skipped.
# dmsetup is a precondition (the tests cross-check with it). See docs/real-kernel-tier.md.
#
#   it/vm/run-tier.sh [options] [console-launcher options...]
#     --modules a,b      build and scan only these modules (with what they need); default all
#     --no-build         do not run Maven; use the classes already in */target
#     --timeout N        guest time limit in seconds (default 900)
#     --benchmark        also run tests tagged "benchmark" (excluded by default)
#     anything else      passed to the console launcher, e.g.
#                        --select-class io.mpathvx.dm.DmControlKernelTest
#                        --select-method io.mpathvx.dm.DmControlKernelTest#createsMap
#                        --include-classname '.*Watcher.*'
#                        (a --select-* option replaces the class-path scan)
# Env: MPATHVX_GUEST_JAVA_OPTS (JVM options in the guest), MAVEN_ARGS_EXTRA.
# Results: it/vm/work/results/ (a link to this run's directory): console.log (guest console),
# junit.txt (launcher output), reports/ (JUnit XML), guest-exit.
set -euo pipefail

VM_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$VM_DIR/../.." && pwd -P)"
cd "$REPO"

MODULES="" BUILD=1 TIMEOUT=900 BENCHMARK=0
LAUNCHER_ARGS=() SELECTED=0 CLASSNAME_FILTER=0
while (($#)); do
  case "$1" in
    --modules) MODULES="$2"; shift 2 ;;
    --modules=*) MODULES="${1#*=}"; shift ;;
    --no-build) BUILD=0; shift ;;
    --benchmark) BENCHMARK=1; shift ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --timeout=*) TIMEOUT="${1#*=}"; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) [[ "$1" == --select* ]] && SELECTED=1
       [[ "$1" == --include-classname* ]] && CLASSNAME_FILTER=1
       LAUNCHER_ARGS+=("$1"); shift ;;
  esac
done

t0=$(date +%s)
log() { echo "run-tier: $*" >&2; }

"$VM_DIR/setup-host.sh" >/dev/null
# the guest runs the host's root: its dmsetup is the tests' independent oracle, not optional
[[ -x /usr/sbin/dmsetup || -x /sbin/dmsetup ]] || { log "FAILED: dmsetup is not installed (it/vm/setup-host.sh installs it)"; exit 1; }
t_setup=$(date +%s)

ALL_MODULES="$(sed -n 's:.*<module>\(.*\)</module>.*:\1:p' pom.xml | tr '\n' ' ')"
if [[ -n "$MODULES" ]]; then SCAN_MODULES="${MODULES//,/ }"; else SCAN_MODULES="$ALL_MODULES"; fi

CP_FILE=target/mpathvx-tier-classpath.txt
mkdir -p "$VM_DIR/work"
MVN_LOG="$VM_DIR/work/mvn-$$.log"
if ((BUILD)); then
  mvn_args=(-B -q test-compile dependency:build-classpath "-Dmdep.outputFile=$CP_FILE"
            -Dmdep.includeScope=test -DexcludeGroupIds=io.mpathvx ${MAVEN_ARGS_EXTRA:-})
  [[ -n "$MODULES" ]] && mvn_args+=(-pl "$MODULES" -am)
  log "building: mvn ${mvn_args[*]}"
  # offline first (CI has already resolved the build); online once if a plugin dependency is missing
  if ! mvn -o "${mvn_args[@]}" > "$MVN_LOG" 2>&1; then
    if grep -q "offline mode" "$MVN_LOG"; then
      log "offline resolution failed; retrying online once"
      mvn "${mvn_args[@]}" > "$MVN_LOG" 2>&1 || { cat "$MVN_LOG" >&2; rm -f "$MVN_LOG"; log "build failed"; exit 1; }
    else
      cat "$MVN_LOG" >&2; rm -f "$MVN_LOG"; log "build failed"; exit 1
    fi
  fi
  rm -f "$MVN_LOG"
fi
t_build=$(date +%s)

mkdir -p "$VM_DIR/work/runs"
RUN="$(mktemp -d "$VM_DIR/work/runs/$(date -u +%Y%m%dT%H%M%S)-tier-XXXX")"

# class path: the union of third-party jars, then a snapshot copy of every module's classes and
# test classes (others may rebuild */target while the guest runs). Directories go last: over 9p
# a directory on the class path costs a failed lookup round trip for every class loaded after it.
snapshot_entries=() scan_roots=()
for m in $ALL_MODULES; do
  for kind in test-classes classes; do
    [[ -d "$m/target/$kind" ]] || continue
    mkdir -p "$RUN/classes/$m"
    cp -r "$m/target/$kind" "$RUN/classes/$m/$kind"
    snapshot_entries+=("$RUN/classes/$m/$kind")
    if [[ $kind == test-classes && " $SCAN_MODULES " == *" $m "* ]]; then scan_roots+=("$RUN/classes/$m/$kind"); fi
  done
done
cp_entries=()
jars_found=0
for m in $ALL_MODULES; do
  [[ -f "$m/$CP_FILE" ]] || continue
  jars_found=1
  # the file has no trailing newline: without `|| -n` read drops its last entry (hamcrest, which awaitility needs)
  while IFS= read -r jar || [[ -n "$jar" ]]; do [[ -n "$jar" ]] && cp_entries+=("$jar"); done < <(tr ':' '\n' < "$m/$CP_FILE")
done
((jars_found)) || { log "no $CP_FILE in any module: run without --no-build once"; exit 1; }
# the console launcher, whether or not the it module (which declares it) was built
if ! printf '%s\n' "${cp_entries[@]}" | grep -q junit-platform-console-standalone; then
  jp_version="$(sed -n 's:.*<junit-platform.version>\(.*\)</junit-platform.version>.*:\1:p' pom.xml)"
  launcher="$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/$jp_version/junit-platform-console-standalone-$jp_version.jar"
  if [[ ! -f "$launcher" ]]; then
    mvn -B -q dependency:get "-Dartifact=org.junit.platform:junit-platform-console-standalone:$jp_version" >&2 \
      || { log "cannot get junit-platform-console-standalone $jp_version"; exit 1; }
  fi
  cp_entries+=("$launcher")
fi
JARS_STR="$(printf '%s\n' "${cp_entries[@]}" | awk '!seen[$0]++' | paste -sd:)"
CLASSPATH_STR="$JARS_STR:$(IFS=:; echo "${snapshot_entries[*]}")"

# AppCDS: class loading is the bulk of JVM start under emulation (~2000 classes for JUnit alone).
# Dump an archive of the third-party jars' classes on the host (a few seconds, cached); the
# guest's class path starts with the same jars, which CDS accepts (the dirs are appended).
JAVA_OPTS="${MPATHVX_GUEST_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
if [[ -z "${MPATHVX_NO_CDS:-}" ]]; then
  cds_key="$( { java -version 2>&1; tr ':' '\n' <<< "$JARS_STR" | xargs -r stat -c '%n %s %Y'; } | sha1sum | cut -c1-16)"
  jsa="$VM_DIR/cache/cds/app-$cds_key.jsa"
  if [[ ! -f "$jsa" ]]; then
    mkdir -p "$VM_DIR/cache/cds"
    find "$VM_DIR/cache/cds" -name "app-*.jsa" -mtime +1 -delete
    java -XX:ArchiveClassesAtExit="$jsa.tmp$$" -XX:TieredStopAtLevel=1 -cp "$JARS_STR" \
      org.junit.platform.console.ConsoleLauncher execute --disable-banner --select-class=java.lang.Object >/dev/null 2>&1 \
      && mv "$jsa.tmp$$" "$jsa" || { rm -f "$jsa.tmp$$"; log "CDS dump failed; the guest JVM starts without it"; }
  fi
  [[ -f "$jsa" ]] && JAVA_OPTS="$JAVA_OPTS -XX:SharedArchiveFile=$jsa"
fi
((${#scan_roots[@]})) || ((SELECTED)) || { log "no test classes in: $SCAN_MODULES"; exit 1; }

echo "$CLASSPATH_STR" > "$RUN/classpath.txt"
{
  echo "--include-tag=real-kernel"
  ((BENCHMARK)) || echo "--exclude-tag=benchmark"
  # the launcher's default class-name filter (*Test, *Tests, Test*) would drop a tagged class with
  # another name: the tag alone selects, unless the caller filters names on purpose
  ((CLASSNAME_FILTER)) || echo "--include-classname=.*"
  # a hung test (e.g. I/O queued on a map with no paths) fails after 5 min instead of holding the
  # VM for everyone until the tier's timeout; override with --config=junit.jupiter.execution.timeout.default=...
  echo "--config=junit.jupiter.execution.timeout.default=300s"
  echo "--config=junit.jupiter.execution.timeout.thread.mode.default=SEPARATE_THREAD"
  printf '%s\n' "${LAUNCHER_ARGS[@]+"${LAUNCHER_ARGS[@]}"}"
} > "$RUN/launcher-args"
# jobs: one JVM each, the guest kernel reset in between (guest-junit.sh). Scan mode: one job per
# module whose test classes mention the tag "real-kernel" (a cheap pre-filter that saves a guest
# JVM start per module without any; the launcher's --include-tag does the real selection), so
# one module's leaks cannot fail another's tests.
mkdir -p "$RUN/jobs"
if ((SELECTED)); then
  : > "$RUN/jobs/selected.args"
else
  n=0
  for root in "${scan_roots[@]}"; do
    m="${root#$RUN/classes/}"; m="${m%%/*}"
    grep -rqF --include='*.class' 'real-kernel' "$root" || continue
    n=$((n + 1))
    echo "--scan-class-path=$root" > "$RUN/jobs/$(printf %02d $n)-$m.args"
  done
  ((n)) || { log "no class tagged real-kernel in: $SCAN_MODULES"; exit 1; }
fi
echo "$JAVA_OPTS" > "$RUN/java-opts"

log "guest run directory: ${RUN#$REPO/}"
set +e
# in the background so a TERM/INT to this script (e.g. from `timeout`) reaches run-guest.sh,
# which then stops QEMU
MPATHVX_RUN_DIR="$RUN" "$VM_DIR/run-guest.sh" "$VM_DIR/guest-junit.sh" "$TIMEOUT" &
guest_pid=$!
trap 'kill -TERM "$guest_pid" 2>/dev/null; wait "$guest_pid"; exit 130' INT TERM
wait "$guest_pid"
guest_rc=$?
trap - INT TERM
set -e
t_guest=$(date +%s)

echo "----- guest JUnit output (${RUN#$REPO/}/junit.txt) -----"
[[ -f "$RUN/junit.txt" ]] && cat "$RUN/junit.txt"
echo "-----"
# totals over the jobs (each job's launcher prints its own summary)
count() { sed -n "s/.*\[ *\([0-9][0-9]*\) $1 *\].*/\1/p" "$RUN"/junit-*.txt 2>/dev/null | awk '{t += $1; n++} END {if (n) print t}'; }
found="$(count 'tests found')"; ok="$(count 'tests successful')"; failed="$(count 'tests failed')"
aborted="$(count 'tests aborted')"; skipped="$(count 'tests skipped')"
log "summary: tests found=${found:-?} successful=${ok:-?} failed=${failed:-?} aborted=${aborted:-?} skipped=${skipped:-?}"
log "timing: setup $((t_setup - t0))s, build $((t_build - t_setup))s, guest (boot+JVM+tests) $((t_guest - t_build))s, total $((t_guest - t0))s"
grep -h 'MPATHVX_TIMING' "$RUN/console.log" 2>/dev/null | sed 's/^/run-tier: guest /' >&2 || true

if ((guest_rc == 124)); then log "FAILED: the guest did not finish within ${TIMEOUT}s"; exit 1; fi
if [[ -z "$ok" || -z "$failed" ]]; then log "FAILED: no JUnit summary from the guest (guest exit $guest_rc); see ${RUN#$REPO/}/console.log"; exit 1; fi
if ((failed > 0)); then log "FAILED: $failed guest test(s) failed"; exit 1; fi
# an aborted test is one whose assumption failed in the guest (e.g. a tool or device missing):
# in the tier that is a test that did not run, not a pass
if ((${aborted:-0} > 0)); then log "FAILED: $aborted guest test(s) aborted (assumption failed in the guest)"; exit 1; fi
if ((${skipped:-0} > 0)); then log "FAILED: $skipped guest test(s) skipped (disabled in the guest)"; exit 1; fi
if ((ok == 0)); then log "FAILED: no guest test ran successfully (found ${found:-0})"; exit 1; fi
if ((guest_rc != 0)); then log "FAILED: guest exit status $guest_rc"; exit 1; fi
log "PASSED: $ok guest test(s)"
