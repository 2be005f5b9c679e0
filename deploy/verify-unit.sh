#!/usr/bin/env bash
# Checks deploy/mpathvx.service with `systemd-analyze verify` (installs the systemd package if the tool is missing).
# The unit names its installed paths (/opt/mpathvx/...), which verify requires to be executable: it is checked
# inside a scratch root (--root) holding the unit, a stand-in launcher and the real kill(1).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v systemd-analyze >/dev/null; then
  echo "verify-unit: installing systemd (for systemd-analyze)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd >&2
fi
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/opt/mpathvx" "$root/etc/systemd/system" "$root/bin"
printf '#!/bin/sh\n' > "$root/opt/mpathvx/mpathvx"
chmod 755 "$root/opt/mpathvx/mpathvx"
cp /bin/kill "$root/bin/kill"
cp mpathvx.service "$root/etc/systemd/system/"
out="$(systemd-analyze verify --root="$root" mpathvx.service 2>&1)" || { echo "$out" >&2; echo "verify-unit: FAILED" >&2; exit 1; }
# verify exits 0 on some warnings (unknown settings, bad ordering): any output is a failure here
if [[ -n "$out" ]]; then echo "$out" >&2; echo "verify-unit: FAILED (warnings)" >&2; exit 1; fi
echo "verify-unit: deploy/mpathvx.service passes systemd-analyze verify ($(systemd-analyze --version | head -1))"
