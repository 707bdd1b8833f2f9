#!/bin/sh
# SPDX-License-Identifier: MIT
# rss.sh [PHONES...]: the resident memory the shim adds to dnsmasq (issue
# 15), per store size (default 1000 10000 100000).  A dnsmasq without the
# shim and one with it and the store, each after three fetches of a
# synthesised file (the shim's own thread started, the cache in use);
# VmRSS from /proc, plus the size of the memfds the store lives in.  Then the store is replaced by rename and, once the
# shim logged the new load, VmRSS again: the old store must be given back.
# Prints one line per size.  Needs root (a network namespace).
set -u
TOP=$(pwd)
BB=$TOP/build/bench
SHIM=${SHIM:-$TOP/build/libphoneprov-preload.so}
SIZES=${*:-1000 10000 100000}
for f in "$BB/tftpbench" "$SHIM"; do
	[ -e "$f" ] || {
		echo "rss: $f is missing: make && make bench-build" >&2
		exit 1
	}
done
PREFIX=rss
. tests/bench/netns-work.sh
mkdir -m 777 "$WORK/state"
mkdir -m 755 "$WORK/root" "$WORK/st"
ip netns add "$NS" || exit 1
ip netns exec "$NS" ip link set lo up
ip netns exec "$NS" ip addr add 192.0.2.1/32 dev lo
ip netns exec "$NS" ip addr add 192.0.2.2/32 dev lo
# The store lives in memfd-backed shared mappings (lib/arena.c), which
# VmRSS counts only where this process touched them since they were
# remapped read-only: so the memfds' own allocated size is added, once
# per memfd (an upper bound: the touched pages are counted twice).
memfd_kib() {
	awk '/memfd:/ && !seen[$5]++ { print $1 }' "/proc/$1/maps" | while read -r range; do
		stat -L -c '%b %B' "/proc/$1/map_files/$range" 2>/dev/null
	done | awk '{ t += $1 * $2 } END { printf "%d\n", t / 1024 }'
}
rss() { echo $(($(awk '/^VmRSS/ { print $2 }' "/proc/$1/status") + $(memfd_kib "$1"))); }
start() { # ADDR [VAR=value...]: sets SPID once it listens
	addr=$1
	shift
	ip netns exec "$NS" env "$@" dnsmasq -k --conf-file=/dev/null --no-hosts --no-resolv \
		--port=0 --listen-address="$addr" --bind-interfaces --enable-tftp \
		--tftp-root="$WORK/root" --user=nobody --log-facility="$WORK/dnsmasq.$addr.log" \
		</dev/null >/dev/null 2>&1 &
	SPID=$!
	PIDS="$PIDS $SPID"
	listening $SPID "$addr" 69 600 || {
		echo "rss: dnsmasq on $addr did not start" >&2
		exit 1
	}
}
fetch3() { ip netns exec "$NS" "$BB/tftpbench" -s "$1" -T 30 seq 3 SEP001BD4000003.cnf.xml >/dev/null; }
cp "$SHIM" "$WORK/root/unused" 2>/dev/null # something on disk, not asked for
start 192.0.2.1
PLAIN=$SPID
fetch3 192.0.2.1 # file not found: the same code path for dnsmasq
base=$(rss $PLAIN)
for n in $SIZES; do
	sh tests/bench/genstore.sh "$n" "$WORK/st/s$n.conf" "$WORK/state" off
	chmod 644 "$WORK/st/s$n.conf"
	: >"$WORK/shim.$n.log"
	chown nobody "$WORK/shim.$n.log"
	start 192.0.2.2 LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$WORK/st/s$n.conf" PHONEPROV_LOG="$WORK/shim.$n.log"
	fetch3 192.0.2.2
	with=$(rss $SPID)
	vm=$(awk '/^VmRSS/ { print $2 }' "/proc/$SPID/status")
	mf=$(memfd_kib $SPID)
	cp "$WORK/st/s$n.conf" "$WORK/st/next.conf"
	echo "# $n" >>"$WORK/st/next.conf"
	mv -f "$WORK/st/next.conf" "$WORK/st/s$n.conf"
	i=0
	while [ "$(grep -c 'phoneprov: loaded' "$WORK/shim.$n.log")" -lt 2 ] && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	fetch3 192.0.2.2
	after=$(rss $SPID)
	echo "rss phones=$n plain_kib=$base shim_vmrss_kib=$vm shim_memfd_kib=$mf shim_kib=$with added_kib=$((with - base)) after_reload_kib=$after added_after_reload_kib=$((after - base))"
	kill $SPID
	wait $SPID 2>/dev/null
done
