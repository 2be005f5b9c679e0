#!/bin/busybox sh
# PID 1 of the test guest (busybox initramfs built by setup-host.sh).
# Loads the kernel modules, mounts the host's root read-only and the repo read-write at the
# same path as on the host, chroots and runs the script named by mpathvx.script= on the
# kernel command line, writes its exit status to <results>/guest-exit, then powers off.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1

say() { echo "mpathvx-init: $*"; }
die() { say "FATAL: $*"; echo "MPATHVX_GUEST_EXIT=125"; poweroff -f; }

SCRIPT="" REPO="" RESULTS="" ARGS=""
for kv in $(cat /proc/cmdline); do
  case "$kv" in
    mpathvx.script=*)  SCRIPT="${kv#*=}" ;;
    mpathvx.repo=*)    REPO="${kv#*=}" ;;
    mpathvx.results=*) RESULTS="${kv#*=}" ;;
    mpathvx.args=*)    ARGS="${kv#*=}" ;;
  esac
done
[ -n "$SCRIPT" ] && [ -n "$REPO" ] && [ -n "$RESULTS" ] || die "missing mpathvx.script/repo/results on the command line"

for m in $(cat /modules/boot-order); do
  insmod "/modules/$m.ko" || say "insmod $m failed"
done

# cache=loose on the read-only host root: it does not change during a run, and the page cache
# saves a 9p round trip per read (JVM class loading is thousands of small reads)
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=loose,ro hostroot /mnt || die "mount hostroot"
mount -t proc proc /mnt/proc
mount -t sysfs sysfs /mnt/sys
mount -t devtmpfs devtmpfs /mnt/dev
mkdir -p /mnt/dev/pts /mnt/dev/shm 2>/dev/null
mount -t devpts devpts /mnt/dev/pts
mount -t tmpfs tmpfs /mnt/dev/shm
mount -t tmpfs tmpfs /mnt/tmp
mount -t tmpfs tmpfs /mnt/run
# the repo last: a checkout under /tmp or /run must not be hidden by those tmpfs mounts
mkdir -p "/mnt$REPO" 2>/dev/null
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 repo "/mnt$REPO" || die "mount repo at $REPO"
[ -d /mnt/sys/kernel/config ] && mount -t configfs configfs /mnt/sys/kernel/config
cp -r /modules /mnt/tmp/mpathvx-modules

[ -e /dev/mapper/control ] || say "WARNING: no /dev/mapper/control"
say "running $SCRIPT (uptime $(cut -d' ' -f1 /proc/uptime) s)"
# SYSTEMD_IGNORE_CHROOT: the guest is a chroot, and systemd's tools (udevadm monitor, settle, control, trigger)
# would otherwise print "Running in chroot, ignoring request." and do nothing
chroot /mnt /usr/bin/env -i \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/tmp TMPDIR=/tmp LANG=C.UTF-8 TERM=dumb SYSTEMD_IGNORE_CHROOT=1 \
  MPATHVX_GUEST=1 MPATHVX_MODULES=/tmp/mpathvx-modules MPATHVX_REPO="$REPO" \
  MPATHVX_RESULTS="$RESULTS" MPATHVX_ARGS="$ARGS" \
  /bin/sh -c 'cd "$MPATHVX_REPO" && exec /bin/sh "$0"' "$SCRIPT"
rc=$?
echo "$rc" > "/mnt$RESULTS/guest-exit"
sync
say "script exited $rc (uptime $(cut -d' ' -f1 /proc/uptime) s)"
echo "MPATHVX_GUEST_EXIT=$rc"
poweroff -f
