#!/bin/sh
# SPDX-License-Identifier: MIT
# The Debian packages for the cross builds and for the .deb, which `make
# check` does not need (tools/deps.sh has those):
#
#   sh packaging/deps.sh cross arm64 armhf   crossbuild-essential-*, multiarch
#                                            libconfig-dev/libacl1-dev/libcmocka-dev,
#                                            qemu-user
#   sh packaging/deps.sh deb                 build-essential (dpkg-buildpackage
#                                            checks for it), debhelper, lintian, ...
#
# As root it installs what is missing (adding the foreign architecture
# first); otherwise it prints the exact commands and stops.  Nothing here
# starts a service.
set -eu

what=${1:-}
[ $# -gt 0 ] && shift
pkgs="" archs=""
case $what in
cross)
	[ $# -gt 0 ] || { echo "usage: $0 cross arm64|armhf..." >&2; exit 2; }
	pkgs="qemu-user"
	for a in "$@"; do
		case $a in
		arm64 | armhf) ;;
		*) echo "$0: no cross build for '$a' (arm64 or armhf)" >&2; exit 2 ;;
		esac
		pkgs="$pkgs crossbuild-essential-$a libconfig-dev:$a libacl1-dev:$a libcmocka-dev:$a"
		dpkg --print-foreign-architectures | grep -qx "$a" || archs="$archs $a"
	done
	;;
deb)
	pkgs="build-essential debhelper dpkg-dev fakeroot lintian libconfig-dev libacl1-dev libcmocka-dev pkg-config"
	# systemd.pc, which says where units go: systemd-dev on Debian 13, systemd on 12.
	if apt-cache show systemd-dev >/dev/null 2>&1; then
		pkgs="$pkgs systemd-dev"
	else
		pkgs="$pkgs systemd"
	fi
	;;
*)
	echo "usage: $0 cross ARCH... | deb" >&2
	exit 2
	;;
esac

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && [ -z "$archs" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "phoneprov: missing Debian packages:$missing" >&2
	for a in $archs; do
		echo "run: sudo dpkg --add-architecture $a" >&2
	done
	echo "run: sudo apt-get update && sudo env DEBIAN_FRONTEND=noninteractive" \
		"apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi

for a in $archs; do
	echo "phoneprov: adding the $a architecture to dpkg" >&2
	dpkg --add-architecture "$a"
done
echo "phoneprov: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# A mirror caught mid-sync fails one index now and then: try again once, then
# go on with what we have (the install says if something is really missing).
apt-get update -qq || { sleep 5; apt-get update -qq; } ||
	echo "phoneprov: apt-get update had errors; trying the install anyway" >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
