#!/bin/sh
# Runs inside the sandbox guest (it/vm/sandbox.sh): a scsi_debug SAN, the daemon in the background, then an
# interactive shell on the serial console. The guest powers off when the shell ends.
luns=4 paths=4 size=64
for kv in $(echo "$MPATHVX_ARGS" | tr ',' ' '); do
  case "$kv" in luns=*) luns="${kv#*=}" ;; paths=*) paths="${kv#*=}" ;; size=*) size="${kv#*=}" ;; esac
done
M="$MPATHVX_MODULES"
for d in $(cat "$M/scsi_debug.dep"); do [ -d "/sys/module/$d" ] || insmod "$M/$d.ko" 2>/dev/null; done
# every host sees the same LUNs (vpd_use_hostno=0): $paths paths to each of $luns LUNs
insmod "$M/scsi_debug.ko" add_host="$paths" num_tgts=1 max_luns="$luns" vpd_use_hostno=0 dev_size_mb="$size" \
  || { echo "sandbox: cannot load scsi_debug"; exit 1; }
want=$((luns * paths)) i=0
while [ "$(grep -lx scsi_debug /sys/block/sd*/device/model 2>/dev/null | wc -l)" -lt "$want" ] && [ $i -lt 300 ]; do
  sleep 1; i=$((i + 1))
done
mkdir -p /tmp/mpathvx
# scsi_debug has no built-in device entry: its settings as defaults, the ALUA handler (keeps its unit attentions
# from failing healthy paths) in a device entry
cat > /tmp/mpathvx/multipath.conf <<CONF
defaults {
    polling_interval 2
    find_multipaths no
    user_friendly_names yes
    bindings_file /tmp/mpathvx/bindings
    wwids_file /tmp/mpathvx/wwids
    path_grouping_policy multibus
    path_checker tur
    failback immediate
    no_path_retry 12
}
devices {
    device {
        vendor "^Linux$"
        product "^scsi_debug$"
        hardware_handler "1 alua"
    }
}
CONF
# the guest has no network; the loopback interface up all the same (the API, if --api is given, listens on it)
ip link set lo up 2>/dev/null || /bin/busybox ifconfig lo 127.0.0.1 up
echo "sandbox: $want scsi_debug disks; starting the daemon (log: /tmp/mpathvx/daemon.log)"
./mpathvx daemon --config /tmp/mpathvx/multipath.conf > /tmp/mpathvx/daemon.log 2>&1 &
daemon=$!
i=0
until grep -q "running: " /tmp/mpathvx/daemon.log 2>/dev/null || ! kill -0 $daemon 2>/dev/null || [ $i -ge 600 ]; do
  sleep 1; i=$((i + 1))
done
grep -q "running: " /tmp/mpathvx/daemon.log || { echo "sandbox: the daemon did not start:"; tail -20 /tmp/mpathvx/daemon.log; }
cat <<'HELP'

  mpathvx sandbox: a real kernel, a scsi_debug SAN and the daemon. Try:
    dmsetup table; dmsetup status                     the maps as the kernel has them
    ./mpathvx show topology                            the daemon's view, through its admin socket
    dmsetup deps -o devname mpatha                     its paths, e.g. (sde) (sda)
    echo offline > /sys/block/sda/device/state         fail one (I/O errors, then the checker agrees)
    dd if=/dev/mapper/mpatha of=/dev/null bs=4k count=1 iflag=direct; dmsetup status mpatha
    echo running > /sys/block/sda/device/state         ... and the checker reinstates it
    tail -f /tmp/mpathvx/daemon.log                    what the daemon did (Ctrl-C ends tail)
  exit (or Ctrl-D) stops the daemon and powers the guest off.

HELP
export TERM=linux PS1='sandbox# ' HOME=/tmp
cd /tmp
# a session of its own with the serial line as controlling terminal: Ctrl-C reaches the shell's jobs
setsid -c /bin/bash --norc -i </dev/ttyS0 >/dev/ttyS0 2>&1
echo "sandbox: stopping the daemon"
kill -TERM $daemon 2>/dev/null
wait $daemon 2>/dev/null
exit 0
