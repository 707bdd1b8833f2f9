#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the Debian packages phoneprov builds and tests with.  As root it
# installs what is missing; otherwise it prints the exact command and stops.
# Services are kept from starting: tftpd-hpa would take port 69, and we use
# dnsmasq-base (the binary) and never dnsmasq (the service).  kamailio is the
# real SIP stack the notify test checks the NOTIFY against; its service stays
# off too (the test runs its own, in a network namespace).
set -eu

PKGS="gcc make libconfig-dev libacl1-dev libcmocka-dev pkg-config libxml2-utils clang
      tftpd-hpa tftp-hpa curl dnsmasq-base iproute2 procps busybox bind9-dnsutils acl iputils-ping
      valgrind libclang-rt-dev man-db groff-base time strace logrotate kamailio clang-format"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "phoneprov: missing Debian packages:$missing" >&2
	echo "run: sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y$missing" >&2
	exit 1
fi

echo "phoneprov: installing:$missing" >&2
# policy-rc.d 101 = "action not allowed": keeps tftpd-hpa from starting.
prc=/usr/sbin/policy-rc.d
own_prc=0
if [ ! -e "$prc" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$prc"
	chmod 755 "$prc"
	own_prc=1
fi
trap '[ "$own_prc" = 1 ] && rm -f "$prc"' EXIT
export DEBIAN_FRONTEND=noninteractive
# A mirror briefly out of sync must not stop the install of what it has.
apt-get update -qq || echo "phoneprov: apt-get update reported errors; installing anyway" >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
# The tests want kamailio's binary, not a SIP server that starts at the next boot.
case " $missing " in
*" kamailio "*)
	systemctl disable kamailio >/dev/null 2>&1 || true
	update-rc.d kamailio disable >/dev/null 2>&1 || true
	;;
esac
