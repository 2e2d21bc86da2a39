#!/bin/sh
# deps.sh - make sure the Debian packages irplab builds and tests with are
# installed. As root it installs what is missing (apt-get update once, then
# non-interactive installs: tshark asks a debconf question otherwise); as
# anyone else it prints the exact command to run and fails.
set -eu

packages="gcc gcc-multilib binutils make qemu-system-x86 newlib-source gdb
python3 python3-pytest python3-yaml python3-jinja2 libcmocka-dev tshark xz-utils clang
libclang-rt-14-dev python3-pil"
# Without their recommended packages: lava-dispatcher recommends what a whole
# lab needs (TFTP, NFS, LXC, ser2net...); irplab needs only lava-run; chromium
# loads the timeline page headless, without a desktop's extras.
lean="lava-dispatcher chromium"

missing() {
    for p in "$@"; do
        status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
        case "$status" in
            *"install ok installed"*) ;;
            *) printf ' %s' "$p" ;;
        esac
    done
}
full=$(missing $packages)
slim=$(missing $lean)
[ -z "$full$slim" ] && exit 0

install="DEBIAN_FRONTEND=noninteractive apt-get install -y"
line="apt-get update"
if [ -n "$full" ]; then line="$line && $install$full"; fi
if [ -n "$slim" ]; then line="$line && $install --no-install-recommends$slim"; fi
if [ "$(id -u)" -ne 0 ]; then
    echo "irplab needs these Debian packages:$full$slim" >&2
    echo "run as root:  $line" >&2
    exit 1
fi
echo "deps: installing$full$slim"
apt-get update -q
if [ -n "$full" ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q $full; fi
if [ -n "$slim" ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $slim; fi
