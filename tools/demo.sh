#!/bin/sh
# SPDX-License-Identifier: MIT
# make demo: a stock in.tftpd serves provisioning files that exist nowhere
# on disk.  Installs what is missing, builds, writes a demo store (a 7940 and
# a 7961), starts in.tftpd --secure on 127.0.0.1 under `phoneprov exec`
# with an empty TFTP root, fetches three files with tftp-hpa's client,
# prints them, and stops the server.
set -eu

if [ "$(id -u)" != 0 ]; then
	echo "make demo needs root: in.tftpd --secure chroots into the TFTP root and" >&2
	echo "switches to the user nobody, and missing packages get installed." >&2
	echo "Run: sudo make demo" >&2
	exit 1
fi

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh tools/deps.sh
${MAKE:-make} --no-print-directory all

PATH=$PATH:/usr/sbin:/sbin
tmp=$(mktemp -d /tmp/phoneprov-demo.XXXXXX)
chmod 755 "$tmp"
pid=""
stop() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 1' INT TERM HUP PIPE

mac40=001BD4794001
mac61=001BD4796101
store=$tmp/phoneprov.conf
cat >"$store" <<EOF
# The demo store: one 7940 (gets SIP<MAC>.cnf) and one 7961 (gets
# SEP<MAC>.cnf.xml).  Loopback has no MAC, so mac_binding is off.
version = 1;
tftp = { root = "$tmp/tftp"; };
security = { mac_binding = "off"; };
state_dir = "$tmp";

defaults = {
  firmware = ( { model = "7940"; load = "P0S3-08-12-00"; },
               { model = "7961"; load = "SIP41.9-4-2SR3-1S"; } );
  proxy = { address = "pbx.example.net"; port = 5060; register = true; };
  ntp = { server = "pool.ntp.org"; mode = "unicast"; };
  time_zone = "GMT";
  date_format = "D/M/Y";
  time_format_24hr = true;
  dialplan = ( { match = "0.........."; timeout = 0; }, { match = "*"; timeout = 5; } );
};

phones = (
  { mac = "00:1b:d4:79:40:01"; model = "7940"; label = "Demo 7940";
    lines = ( { name = "2001"; auth = "2001"; password = "demo-secret-2001";
                display = "Ada Lovelace"; } ); },
  { mac = "00:1b:d4:79:61:01"; model = "7961"; label = "Demo 7961";
    lines = ( { name = "2002"; auth = "2002"; password = "demo-secret-2002";
                display = "Grace Hopper"; } ); }
);
EOF
chmod 600 "$store" # as /etc/phoneprov.conf should be: loaded while root
mkdir -m 755 "$tmp/tftp"
log=$tmp/decisions.log

# A free UDP port on 127.0.0.1; in.tftpd exits at once if the bind fails.
tries=0
while :; do
	tries=$((tries + 1))
	if [ $tries -gt 10 ]; then
		echo "demo: could not start in.tftpd:" >&2
		cat "$tmp/tftpd.out" >&2 || true
		exit 1
	fi
	port=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
	ss -Hlun "sport = :$port" 2>/dev/null | grep -q . && continue
	PHONEPROV_LOG=$log build/phoneprov exec -c "$store" -- \
		in.tftpd --listen --foreground --secure --address "127.0.0.1:$port" \
		--user nobody "$tmp/tftp" </dev/null >"$tmp/tftpd.out" 2>&1 &
	pid=$!
	i=0
	while [ $i -lt 50 ] && kill -0 "$pid" 2>/dev/null; do
		ss -Hlunp "sport = :$port" 2>/dev/null | grep -q "pid=$pid," && break 2
		sleep 0.1
		i=$((i + 1))
	done
	kill "$pid" 2>/dev/null || true
	pid=""
done

echo
echo "in.tftpd --secure is serving the empty folder $tmp/tftp on 127.0.0.1:$port"
echo "under: phoneprov exec -c $store -- in.tftpd ..."
for name in SIPDefault.cnf "SIP$mac40.cnf" "SEP$mac61.cnf.xml"; do
	rm -f "$tmp/got"
	msg=$(cd "$tmp" && timeout 10 tftp -m binary 127.0.0.1 "$port" -c get "$name" got 2>&1) ||
		msg="tftp timed out"
	echo
	if [ -n "$msg" ] || [ ! -s "$tmp/got" ]; then
		echo "==== $name: FAILED: $msg"
		exit 1
	fi
	echo "==== $name ($(wc -c <"$tmp/got") bytes, fetched with tftp from in.tftpd) ===="
	cat "$tmp/got"
done
echo
echo "==== the shim's decision log (PHONEPROV_LOG) ===="
cat "$log"
echo
echo "demo: done; stopping in.tftpd"
