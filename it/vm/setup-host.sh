#!/bin/bash
# Prepares everything the real-kernel tier needs on the host, idempotently:
#   - host packages (qemu, busybox, cpio, kmod, dmsetup, decompressors, udev for the guest's udev-source test and
#     udevadm monitor, fio for the I/O-verified fault scenarios)
#   - the stock Debian kernel that linux-image-amd64 depends on, unpacked under it/vm/cache/
#   - a busybox initramfs with it/vm/guest-init.sh as /init and the guest's modules
# A second run downloads nothing and rebuilds the initramfs only when its inputs changed.
# Prints the cache paths on success. Env: MPATHVX_KERNEL_PKG=linux-image-... pins the kernel.
set -euo pipefail

VM_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="$VM_DIR/cache"
mkdir -p "$CACHE"

log() { echo "setup-host: $*" >&2; }

# one setup at a time (parallel callers would build the same files)
exec 8>/tmp/mpathvx-setup.lock
flock 8

# --- host packages -------------------------------------------------------------------------
need_pkgs=()
for pair in qemu-system-x86:qemu-system-x86_64 busybox-static:/bin/busybox cpio:cpio kmod:depmod \
            dmsetup:dmsetup xz-utils:xz zstd:zstd gzip:gzip udev:/lib/systemd/systemd-udevd fio:fio; do
  pkg="${pair%%:*}"; cmd="${pair#*:}"
  if [[ "$cmd" == /* ]]; then [[ -x "$cmd" ]] || need_pkgs+=("$pkg")
  else PATH="$PATH:/usr/sbin:/sbin" command -v "$cmd" >/dev/null 2>&1 || need_pkgs+=("$pkg"); fi
done
# busybox-static specifically: a dynamic busybox cannot run as PID 1 in a bare initramfs
if [[ -x /bin/busybox ]] && ! dpkg -s busybox-static >/dev/null 2>&1; then need_pkgs+=(busybox-static); fi

APT_UPDATED=0
apt_update_once() {
  if [[ $APT_UPDATED == 0 ]]; then log "apt-get update"; apt-get update -qq >&2; APT_UPDATED=1; fi
}
if ((${#need_pkgs[@]})); then
  log "installing ${need_pkgs[*]}"
  apt_update_once
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >&2
fi
export PATH="$PATH:/usr/sbin:/sbin"

# --- kernel package ------------------------------------------------------------------------
resolve_kernel_pkg() {
  apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'
}
KPKG="${MPATHVX_KERNEL_PKG:-}"
if [[ -z "$KPKG" ]]; then
  # offline re-runs: reuse the kernel already unpacked if apt cannot tell us
  KPKG="$(resolve_kernel_pkg || true)"
  if [[ -z "$KPKG" ]]; then
    cached="$(ls -d "$CACHE"/kernel-* 2>/dev/null | head -1 || true)"
    if [[ -n "$cached" ]]; then KPKG="linux-image-${cached##*/kernel-}"
    else apt_update_once; KPKG="$(resolve_kernel_pkg)"; fi
  fi
fi
[[ -n "$KPKG" ]] || { log "cannot resolve the linux-image-amd64 dependency"; exit 1; }
KVER="${KPKG#linux-image-}"
KTREE="$CACHE/kernel-$KVER"

if [[ ! -f "$KTREE/.unpacked" ]]; then
  mkdir -p "$CACHE/deb"
  deb="$(ls "$CACHE/deb/${KPKG}_"*.deb 2>/dev/null | head -1 || true)"
  if [[ -z "$deb" ]]; then
    log "downloading $KPKG"
    (cd "$CACHE/deb" && { apt-get download "$KPKG" >&2 2>/dev/null || { apt_update_once; apt-get download "$KPKG" >&2; }; })
    deb="$(ls "$CACHE/deb/${KPKG}_"*.deb | head -1)"
  fi
  log "unpacking $deb"
  rm -rf "$KTREE"
  dpkg -x "$deb" "$KTREE"
  depmod -b "$KTREE" "$KVER"
  touch "$KTREE/.unpacked"
fi
VMLINUZ="$KTREE/boot/vmlinuz-$KVER"
[[ -f "$VMLINUZ" ]] || { log "no $VMLINUZ"; exit 1; }

# --- guest modules -------------------------------------------------------------------------
# Loaded at boot, in this order (dependencies first; see /work/shared/REAL-KERNEL.md).
BOOT_MODULES="crct10dif_common crc-t10dif crc64 crc64-rocksoft t10-pi scsi_common scsi_mod
scsi_dh_alua scsi_dh_rdac scsi_dh_emc scsi_dh_hp_sw sd_mod sg dm-mod dm-multipath
dm-round-robin dm-service-time dm-queue-length configfs virtio_ring virtio
virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci 9pnet 9pnet_virtio netfs fscache 9p"
# Shipped but loaded on demand by tests (GuestKernel.loadModule / loadScsiDebug).
EXTRA_MODULES="scsi_debug null_blk dm-delay dm-flakey dm-zero
loop crc64_rocksoft_generic crct10dif_generic ext4"

norm() { local n="${1##*/}"; n="${n%%.ko*}"; echo "${n//-/_}"; }

INPUTS_SUM="$( { echo "$KVER"; echo "$BOOT_MODULES $EXTRA_MODULES"; cat "$VM_DIR/guest-init.sh" "$0"; } | sha1sum | cut -c1-16)"
INITRD="$CACHE/initrd-$KVER-$INPUTS_SUM.gz"
MODDIR="$CACHE/modules-$KVER"

if [[ ! -f "$INITRD" ]]; then
  log "building initramfs $INITRD"
  stage="$(mktemp -d "$CACHE/stage.XXXXXX")"
  trap 'rm -rf "$stage"' EXIT
  mkdir -p "$stage"/{bin,dev,proc,sys,mnt,tmp,modules}
  cp /bin/busybox "$stage/bin/busybox"
  cp "$VM_DIR/guest-init.sh" "$stage/init"
  chmod 755 "$stage/init"
  : > "$stage/modules/boot-order"
  add_module() { # name → copies it and its dependencies (decompressed), writes <name>.dep
    local want="$1" lines path n deps=""
    lines="$(modprobe -d "$KTREE" -S "$KVER" --show-depends "$want" | awk '$1=="insmod"{print $2}')" \
      || { log "module $want not found in $KVER"; return 1; }
    while read -r path; do
      [[ -n "$path" ]] || continue
      n="$(norm "$path")"
      if [[ ! -f "$stage/modules/$n.ko" ]]; then
        case "$path" in
          *.ko.xz)  xz -dc "$path" > "$stage/modules/$n.ko" ;;
          *.ko.zst) zstd -qdc "$path" > "$stage/modules/$n.ko" ;;
          *.ko.gz)  gzip -dc "$path" > "$stage/modules/$n.ko" ;;
          *)        cp "$path" "$stage/modules/$n.ko" ;;
        esac
      fi
      [[ "$n" == "$(norm "$want")" ]] || deps="$deps $n"
    done <<< "$lines"
    echo "${deps# }" > "$stage/modules/$(norm "$want").dep"
  }
  for m in $BOOT_MODULES; do add_module "$m"; echo "$(norm "$m")" >> "$stage/modules/boot-order"; done
  for m in $EXTRA_MODULES; do add_module "$m" || true; done
  echo "$KVER" > "$stage/modules/kernel-version"
  (cd "$stage" && find . | sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 > "$INITRD.tmp"
  mv "$INITRD.tmp" "$INITRD"
  rm -rf "$MODDIR"; cp -r "$stage/modules" "$MODDIR"
  # keep only the newest initramfs
  find "$CACHE" -maxdepth 1 -name 'initrd-*.gz' ! -path "$INITRD" -mmin +60 -delete
fi

ln -sfn "$VMLINUZ" "$CACHE/vmlinuz"
ln -sfn "$INITRD" "$CACHE/initrd.gz"
echo "kernel=$VMLINUZ"
echo "initrd=$INITRD"
