#!/bin/sh
# SPDX-License-Identifier: MIT
# syscalls.sh [N [PHONES]]   (SYSCALLS_TRACE=PREFIX: also PREFIX.LABEL, one
# fetch traced call by call): system calls per TFTP fetch, dnsmasq and
# in.tftpd, each without and with the shim (issue 15).  Counts do not
# depend on the machine's load, so this is the figure to trust on a shared
# machine.  strace -c -f attaches to each server after it started, N
# fetches run, strace detaches; the table is calls per fetch by name.
# Needs root (a network namespace, port 69), strace, the build and
# build/bench/tftpbench.  Run from the repository root.
set -u
N=${1:-200}
PHONES=${2:-10000}
TOP=$(pwd)
B=$TOP/build
BB=$B/bench
SHIM=$B/libphoneprov-preload.so
for f in "$BB/tftpbench" "$BB/storebench" "$SHIM"; do
	[ -e "$f" ] || {
		echo "syscalls: $f is missing: make && make bench-build" >&2
		exit 1
	}
done
command -v strace >/dev/null || {
	echo "syscalls: strace is not installed" >&2
	exit 1
}
PREFIX=sys
. tests/bench/netns-work.sh
mkdir -m 777 "$WORK/state"
mkdir -m 755 "$WORK/root" "$WORK/plain"
sh tests/bench/genstore.sh "$PHONES" "$WORK/store.conf" "$WORK/state" off
chmod 644 "$WORK/store.conf"
HOT=SEP001BD4000003.cnf.xml
FALL=SEP001BD4FFFFFF.cnf.xml
echo "$HOT" | "$BB/storebench" write "$WORK/store.conf" "$WORK/plain"
cp "$WORK/plain/$HOT" "$WORK/plain/$FALL"
cp "$WORK/plain/$HOT" "$WORK/root/$FALL"
chmod 644 "$WORK"/plain/* "$WORK"/root/*
touch "$WORK/shim.log"
chown nobody "$WORK/shim.log"
ip netns add "$NS" || exit 1
ip netns exec "$NS" ip link set lo up
for a in 1 2 3 4; do ip netns exec "$NS" ip addr add 192.0.2.$a/32 dev lo; done
SHIMENV="LD_PRELOAD=$SHIM PHONEPROV_CONFIG=$WORK/store.conf PHONEPROV_LOG=$WORK/shim.log"

start() { # kind addr root [env...]; sets SPID
	kind=$1 addr=$2 root=$3
	shift 3
	if [ "$kind" = dnsmasq ]; then
		ip netns exec "$NS" env "$@" dnsmasq -k --conf-file=/dev/null --no-hosts --no-resolv \
			--port=0 --listen-address="$addr" --bind-interfaces --enable-tftp \
			--tftp-root="$root" --user=nobody --log-facility="$WORK/dnsmasq.$addr.log" \
			</dev/null >/dev/null 2>&1 &
	else
		ip netns exec "$NS" env "$@" in.tftpd --foreground --secure --address "$addr:69" \
			--user nobody "$root" </dev/null >/dev/null 2>&1 &
	fi
	SPID=$!
	PIDS="$PIDS $SPID"
	listening $SPID "$addr" 69 || {
		echo "syscalls: $kind on $addr did not start" >&2
		exit 1
	}
}
# count LABEL PID ADDR NAME: strace the server over N fetches of NAME
count() {
	ip netns exec "$NS" "$BB/tftpbench" -s "$3" -e "$WORK/plain" -T 60 seq 3 "$4" >/dev/null || {
		echo "syscalls: $1: warm-up fetch failed" >&2
		exit 1
	}
	strace -c -f -U calls,name -o "$WORK/$1.strace" -p "$2" 2>/dev/null &
	st=$!
	sleep 0.5
	ip netns exec "$NS" "$BB/tftpbench" -s "$3" -e "$WORK/plain" -T 120 seq "$N" "$4" >"$WORK/$1.tb" || {
		echo "syscalls: $1: $(cat "$WORK/$1.tb")" >&2
		exit 1
	}
	sleep 0.3
	kill -INT $st
	wait $st 2>/dev/null
	if [ -n "${SYSCALLS_TRACE:-}" ]; then # one fetch, call by call, for reading
		strace -f -tt -o "$SYSCALLS_TRACE.$1" -p "$2" 2>/dev/null &
		st=$!
		sleep 0.5
		ip netns exec "$NS" "$BB/tftpbench" -s "$3" -e "$WORK/plain" -T 20 seq 1 "$4" >/dev/null
		sleep 0.3
		kill -INT $st
		wait $st 2>/dev/null
	fi
	awk -v n="$N" -v l="$1" 'NR > 2 && $1 ~ /^[0-9]+$/ && $2 != "total" { printf "%s %s %.2f\n", l, $2, $1 / n }
		$2 == "total" { printf "%s total %.2f\n", l, $1 / n }' "$WORK/$1.strace" >>"$WORK/table"
}
: >"$WORK/table"
start dnsmasq 192.0.2.1 "$WORK/plain"
count dnsmasq-plain-static $SPID 192.0.2.1 "$HOT"
start dnsmasq 192.0.2.2 "$WORK/root" $SHIMENV
D2=$SPID
count dnsmasq-shim-notours $D2 192.0.2.2 "$FALL"
count dnsmasq-shim-synth $D2 192.0.2.2 "$HOT"
start tftpd 192.0.2.3 "$WORK/plain"
count tftpd-plain-static $SPID 192.0.2.3 "$HOT"
start tftpd 192.0.2.4 "$WORK/root" $SHIMENV
count tftpd-shim-notours $SPID 192.0.2.4 "$FALL"
count tftpd-shim-synth $SPID 192.0.2.4 "$HOT"
echo "# system calls per fetch ($N fetches, $PHONES phones; strace -c -f)"
awk '{ v[$2, $1] = $3; names[$2] = 1; if (!($1 in seen)) { seen[$1] = 1; cols[++nc] = $1 } }
END {
	printf "%-16s", "call"
	for (c = 1; c <= nc; c++) printf " %22s", cols[c]
	printf "\n"
	for (s in names) {
		printf "%-16s", s
		for (c = 1; c <= nc; c++) printf " %22s", ((s, cols[c]) in v) ? v[s, cols[c]] : "-"
		printf "\n"
	}
}' "$WORK/table" >"$WORK/out"
head -n 1 "$WORK/out"
tail -n +2 "$WORK/out" | sort
