#!/bin/sh
# deps.sh - make sure the Debian packages irplab builds and tests with are
# installed. As root it installs what is missing (apt-get update once, then
# one non-interactive install: tshark asks a debconf question otherwise);
# as anyone else it prints the exact command to run and fails.
set -eu

packages="gcc gcc-multilib binutils make qemu-system-x86 newlib-source gdb
python3 python3-pytest libcmocka-dev tshark xz-utils clang libclang-rt-14-dev"

missing=""
for p in $packages; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0

line="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y$missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "irplab needs these Debian packages:$missing" >&2
    echo "run as root:  $line" >&2
    exit 1
fi
echo "deps: installing$missing"
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
