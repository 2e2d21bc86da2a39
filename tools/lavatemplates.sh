#!/bin/sh
# lavatemplates.sh DIR - LAVA's device-type templates (base.jinja2, which
# lava/irplab-qemu.jinja2 extends, and the others) into DIR. They ship in
# Debian's lava-server package; this takes them out of it with apt-get
# download and dpkg -x, without installing a server. Once: DIR/base.jinja2
# marks it done.
set -eu
dir=$1
if [ -f "$dir/base.jinja2" ]; then exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# apt-get download fails without package lists (a fresh machine): fetch them once.
if ! (cd "$work" && apt-get download -qq -o APT::Sandbox::User=root lava-server); then
    if [ "$(id -u)" -ne 0 ]; then
        echo "lavatemplates: apt-get download lava-server failed; as root, run: apt-get update" >&2
        exit 1
    fi
    apt-get update -q
    (cd "$work" && apt-get download -qq -o APT::Sandbox::User=root lava-server)
fi
dpkg -x "$work"/lava-server_*.deb "$work/x"
mkdir -p "$dir"
cp "$work"/x/usr/share/lava-server/device-types/*.jinja2 "$dir"/
