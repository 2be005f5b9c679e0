#!/bin/bash
# ./mpathvx sandbox: boots the test guest (real kernel, device-mapper, dm-multipath) with a scsi_debug SAN, starts the
# daemon in it and opens a shell there on this terminal; leaving the shell (exit, Ctrl-D) powers the guest off.
# Installs what it needs on first use, as the real-kernel tier does (it/vm/setup-host.sh: Debian packages, kernel
# package; needs root), and builds the jar when it is missing.
#
#   ./mpathvx sandbox [--luns N] [--paths P] [--size-mb S]     default 4 LUNs x 4 paths of 64 MiB
# The daemon's log in the guest: /tmp/mpathvx/daemon.log; its configuration: /tmp/mpathvx/multipath.conf.
set -euo pipefail
VM_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$VM_DIR/../.." && pwd -P)"
luns=4 paths=4 size=64
while (($#)); do
  case "$1" in
    --luns) luns="$2"; shift 2 ;;
    --paths) paths="$2"; shift 2 ;;
    --size-mb) size="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | cut -c3-; exit 0 ;;
    *) echo "mpathvx sandbox: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
for n in "$luns" "$paths" "$size"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "mpathvx sandbox: sizes are positive integers" >&2; exit 2; }; done
[[ -t 0 && -t 1 ]] || { echo "mpathvx sandbox: needs a terminal (it opens a shell in the guest)" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "mpathvx sandbox: run it as root (it installs QEMU and the kernel package on first use)" >&2; exit 2; }
"$VM_DIR/setup-host.sh" >/dev/null
if [[ ! -f "$REPO/api/target/mpathvx.jar" ]]; then
  echo "mpathvx sandbox: building the jar (mvn -B -q package -DskipTests)" >&2
  (cd "$REPO" && mvn -B -q package -DskipTests)
fi
echo "mpathvx sandbox: booting the guest ($luns LUNs x $paths paths); Ctrl-A X kills it, 'exit' powers it off" >&2
MPATHVX_GUEST_TTY=1 MPATHVX_GUEST_ARGS="luns=$luns,paths=$paths,size=$size" \
  exec "$VM_DIR/run-guest.sh" "$VM_DIR/sandbox-guest.sh" 86400
