#!/bin/sh
# SPDX-License-Identifier: MIT
# reload.sh [PHONES [SHIM]]: dnsmasq's DNS and DHCP latency while the shim
# reloads a big store (issue 15).  One dnsmasq with the shim answers DNS (a
# local name, --address), DHCP (a range; offers to a relay agent, see
# dhcpbench.c) and TFTP; dnsbench asks 6000 queries 1 ms apart and
# dhcpbench sends 6000 DISCOVERs 1 ms apart, at the same time, once
# with the store left alone and once while it is replaced by rename
# (cp + mv, as consul-template and Ansible do) RELOADS times, each time
# followed by one TFTP fetch that must get the new file.  Prints one line
# per run (key=value); the worst latency is max_us.  SHIM defaults to
# build/libphoneprov-preload.so; pass another build's to compare.
# Needs root (a network namespace).  Run from the repository root.
set -u
PHONES=${1:-10000}
TOP=$(pwd)
BB=$TOP/build/bench
SHIM=${2:-$TOP/build/libphoneprov-preload.so}
RELOADS=${RELOADS:-5}
for f in "$BB/dnsbench" "$BB/dhcpbench" "$BB/tftpbench" "$BB/storebench" "$SHIM"; do
	[ -e "$f" ] || {
		echo "reload: $f is missing: make && make bench-build" >&2
		exit 1
	}
done
PREFIX=rl
. tests/bench/netns-work.sh
mkdir -m 777 "$WORK/state"
mkdir -m 755 "$WORK/root" "$WORK/st" "$WORK/exp.a" "$WORK/exp.b"
sh tests/bench/genstore.sh "$PHONES" "$WORK/st/a.conf" "$WORK/state" off
sed 's/label = "desk 10000"/label = "desk 10000 edited"/' "$WORK/st/a.conf" >"$WORK/st/b.conf"
chmod 644 "$WORK"/st/*.conf
M=SIP001BD4000001.cnf
echo "$M" | "$BB/storebench" write "$WORK/st/a.conf" "$WORK/exp.a"
echo "$M" | "$BB/storebench" write "$WORK/st/b.conf" "$WORK/exp.b"
cmp -s "$WORK/exp.a/$M" "$WORK/exp.b/$M" && {
	echo "reload: the two stores give the same $M" >&2
	exit 1
}
cp "$WORK/st/a.conf" "$WORK/st/store.conf"
touch "$WORK/shim.log"
chown nobody "$WORK/shim.log"
ip netns add "$NS" || exit 1
ip netns exec "$NS" ip link set lo up
ip netns exec "$NS" ip addr add 192.0.2.1/32 dev lo
ip netns exec "$NS" ip addr add 192.0.2.3/32 dev lo # the relay agent dhcpbench plays
ip netns exec "$NS" env LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$WORK/st/store.conf" \
	PHONEPROV_LOG="$WORK/shim.log" dnsmasq -k --conf-file=/dev/null --no-hosts --no-resolv \
	--listen-address=192.0.2.1 --bind-interfaces --address=/phone.test/192.0.2.50 \
	--dhcp-range=192.0.2.100,192.0.2.200,255.255.255.0 --no-ping --dhcp-leasefile="$WORK/leases" \
	--enable-tftp --tftp-root="$WORK/root" --user=nobody --log-facility="$WORK/dnsmasq.log" \
	</dev/null >/dev/null 2>&1 &
DPID=$!
PIDS=$DPID
listening $DPID 192.0.2.1 53 100 || {
	echo "reload: dnsmasq did not start" >&2
	exit 1
}
dns() { ip netns exec "$NS" "$BB/dnsbench" -s 192.0.2.1 -n 6000 -g 1000 phone.test; }
dhcp() { ip netns exec "$NS" "$BB/dhcpbench" -s 192.0.2.1 -b 192.0.2.3 -n 6000 -g 1000; }
both() { # DNS and DHCP at once: one line of both's keys
	dhcp >"$WORK/dhcp.$1" &
	dp_=$!
	dns >"$WORK/dns.$1"
	wait $dp_
	echo "$(cat "$WORK/dns.$1") $(cat "$WORK/dhcp.$1")"
}
fetch() { # VERSION: one fetch, the file of that store version, 20 tries 0.1 s apart
	t=0
	while [ $t -lt 20 ]; do
		ip netns exec "$NS" "$BB/tftpbench" -s 192.0.2.1 -e "$WORK/exp.$1" -T 10 seq 1 "$M" >/dev/null && return 0
		sleep 0.1
		t=$((t + 1))
	done
	return 1
}
fetch a || {
	echo "reload: the first fetch failed" >&2
	exit 1
}
echo "reload phones=$PHONES variant=quiet $(both quiet)"
both reload >"$WORK/both.out" &
BPID=$!
cur=a
r=0
bad=0
while [ $r -lt "$RELOADS" ]; do
	sleep 0.3
	[ $cur = a ] && cur=b || cur=a
	cp "$WORK/st/$cur.conf" "$WORK/st/next.conf"
	mv -f "$WORK/st/next.conf" "$WORK/st/store.conf"
	fetch $cur || bad=$((bad + 1))
	r=$((r + 1))
done
wait $BPID
echo "reload phones=$PHONES variant=reload reloads=$RELOADS loaded=$(($(grep -c 'phoneprov: loaded' "$WORK/shim.log") - 1)) wrong_fetches=$bad $(cat "$WORK/both.out")"
[ $bad = 0 ]
