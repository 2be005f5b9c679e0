#!/bin/bash
# Boots the test guest (QEMU/TCG, stock Debian kernel, host root over 9p) and runs one shell
# script inside it, chrooted into the host's root with the repo mounted read-write at its
# host path.
#
#   it/vm/run-guest.sh <guest-script> [timeout-seconds]
#
# Inside the guest the script runs with cwd = repo and these variables:
#   MPATHVX_GUEST=1, MPATHVX_REPO, MPATHVX_RESULTS (a fresh per-run directory under
#   it/vm/work/runs/, writable; it/vm/work/results links to the newest), MPATHVX_MODULES
#   (decompressed .ko files + <name>.dep files), MPATHVX_ARGS (from env MPATHVX_GUEST_ARGS).
# The guest console goes to <run>/console.log. Exit status: the guest script's status; 124
# when the guest did not finish in time (QEMU is killed); 125 when the guest never ran it.
# Only one VM at a time on this machine: callers queue on flock /tmp/mpathvx-vm.lock.
# Env: MPATHVX_RUN_DIR=<dir under the repo> to choose the run directory yourself.
set -euo pipefail

VM_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$VM_DIR/../.." && pwd -P)"
[[ $# -ge 1 ]] || { echo "usage: $0 <guest-script> [timeout-seconds]" >&2; exit 2; }
SCRIPT="$(realpath "$1")"
TIMEOUT="${2:-600}"
[[ -f "$SCRIPT" ]] || { echo "run-guest: no such script $SCRIPT" >&2; exit 2; }
# the guest sees the host root, but with its own tmpfs on /tmp and /run
if [[ "$SCRIPT" != "$REPO"/* && ( "$SCRIPT" == /tmp/* || "$SCRIPT" == /run/* ) ]]; then
  echo "run-guest: the guest cannot see $SCRIPT (its /tmp and /run are its own); put it in the repo, e.g. it/vm/work/" >&2; exit 2
fi
[[ "$SCRIPT" != *[[:space:]]* && "$REPO" != *[[:space:]]* ]] || { echo "run-guest: paths must not contain spaces" >&2; exit 2; }

WORK="$VM_DIR/work"
if [[ -n "${MPATHVX_RUN_DIR:-}" ]]; then
  RUN="$(mkdir -p "$MPATHVX_RUN_DIR" && cd "$MPATHVX_RUN_DIR" && pwd -P)"
else
  mkdir -p "$WORK/runs"
  RUN="$(mktemp -d "$WORK/runs/$(date -u +%Y%m%dT%H%M%S)-XXXX")"
fi
[[ "$RUN" == "$REPO"/* ]] || { echo "run-guest: run dir must be inside $REPO" >&2; exit 2; }
chmod 777 "$RUN"
rm -f "$RUN/guest-exit"
CONSOLE="$RUN/console.log"

QEMU_PID=""
# QEMU_PID is `timeout`'s: TERM makes it pass TERM on to QEMU, which then quits
cleanup() {
  # every background job (jobs -p also covers a signal that lands between `&` and QEMU_PID=$!)
  local jobs_left
  jobs_left="$(jobs -p)"
  [[ -n "$jobs_left" ]] && kill -TERM $jobs_left 2>/dev/null
  true
}
trap cleanup EXIT
trap 'exit 143' INT TERM

exec 9>/tmp/mpathvx-vm.lock
if ! flock -n 9; then
  echo "run-guest: another VM is running; waiting for /tmp/mpathvx-vm.lock" >&2
  wait_start=$(date +%s)
  # poll rather than block in flock: a TERM while queued then ends this script within a second
  until flock -n 9; do sleep 1; done
  echo "run-guest: waited $(( $(date +%s) - wait_start ))s for the VM lock" >&2
fi
# under the lock: no other caller can swap the initramfs between here and the boot
"$VM_DIR/setup-host.sh" >/dev/null
KERNEL="$(readlink -f "$VM_DIR/cache/vmlinuz")"
INITRD="$(readlink -f "$VM_DIR/cache/initrd.gz")"

# MPATHVX_GUEST_TTY=1 (./mpathvx sandbox): the guest console is this terminal (QEMU puts it in raw mode), not a log
# (--foreground: timeout must not move QEMU out of the terminal's process group, or its reads stop it)
timeout_opts=()
if [[ "${MPATHVX_GUEST_TTY:-}" == 1 ]]; then exec 4</dev/tty 5>/dev/tty; timeout_opts=(--foreground)
else exec 4</dev/null 5>"$CONSOLE"; fi
echo "run-guest: booting $(basename "$KERNEL") for ${SCRIPT#$REPO/} (timeout ${TIMEOUT}s, run dir ${RUN#$REPO/})" >&2
start=$(date +%s)
# `timeout -s KILL` bounds QEMU even if this script is killed; 9>&- keeps the VM lock out of
# QEMU, so an orphaned QEMU cannot block the queue
timeout "${timeout_opts[@]}" -s KILL "$((TIMEOUT + 60))" qemu-system-x86_64 -accel tcg,thread=multi -cpu max -m 3072 -smp 2 -nographic -no-reboot \
  -kernel "$KERNEL" -initrd "$INITRD" -nic none \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  -virtfs "local,path=$REPO,mount_tag=repo,security_model=none,multidevs=remap" \
  -append "console=ttyS0 panic=-1 quiet mpathvx.script=$SCRIPT mpathvx.repo=$REPO mpathvx.results=$RUN mpathvx.args=${MPATHVX_GUEST_ARGS:-}" \
  <&4 >&5 2>&1 4<&- 5>&- 9>&- &
QEMU_PID=$!

timed_out=0
deadline=$((start + TIMEOUT))
while kill -0 "$QEMU_PID" 2>/dev/null; do
  if (( $(date +%s) >= deadline )); then timed_out=1; kill -TERM "$QEMU_PID" 2>/dev/null || true; break; fi
  sleep 1
done
wait "$QEMU_PID" 2>/dev/null || true
QEMU_PID=""
flock -u 9
elapsed=$(( $(date +%s) - start ))

ln -sfn "${RUN#$WORK/}" "$WORK/results" 2>/dev/null || true
# prune runs older than 3 hours (not by count: queued callers' run dirs must survive)
find "$WORK/runs" -mindepth 1 -maxdepth 1 -type d -mmin +180 -exec rm -rf {} + 2>/dev/null || true

rc=""
[[ -f "$RUN/guest-exit" ]] && rc="$(tr -dc 0-9 < "$RUN/guest-exit")"
if (( timed_out )); then
  echo "run-guest: TIMEOUT after ${elapsed}s; guest console tail (${CONSOLE#$REPO/}):" >&2
  tail -n 40 "$CONSOLE" >&2
  exit 124
fi
if [[ -z "$rc" ]]; then
  echo "run-guest: the guest did not report an exit status (${elapsed}s); console tail (${CONSOLE#$REPO/}):" >&2
  tail -n 40 "$CONSOLE" >&2
  exit 125
fi
if [[ "$rc" != 0 ]]; then
  echo "run-guest: guest script exited $rc after ${elapsed}s; console tail (${CONSOLE#$REPO/}):" >&2
  tail -n 40 "$CONSOLE" >&2
else
  echo "run-guest: guest script passed in ${elapsed}s (console: ${CONSOLE#$REPO/})" >&2
fi
exit "$rc"
