#!/bin/sh
# SPDX-License-Identifier: MIT
# rename.sh [PHONES [SHIM]]: figure 12 (issue 15), a store replaced by
# rename while 500 phones fetch.  Each server (dnsmasq, in.tftpd) with the
# shim and a PHONES-phone store serves a mass reboot of 500 7940s twice:
# once with the store left alone (the baseline), once while the store is
# renamed over every 0.5 s (cp + mv, as consul-template and Ansible do),
# flipping between two versions that differ in every phone's file (the
# default proxy).  Every fetch must be the whole file of one version or
# the other (tftpbench -e/-E), never a mix and never an error; after the
# last rename the next fetch must be the final version within a second.
# Prints one line per server and run (key=value).  Needs root (a network
# namespace).  Run from the repository root.
set -u
PHONES=${1:-10000}
TOP=$(pwd)
BB=$TOP/build/bench
SHIM=${2:-$TOP/build/libphoneprov-preload.so}
MAXFLIPS=${MAXFLIPS:-30}
# The first rename 0.2 s into the boot, then one every 2 s: the shim loads
# a store whose files are at least 0.5 s old and looked the same twice
# 0.2 s apart (a writer in place may pause), and drops a load during which
# the store changed again, so a store replaced faster than about once a
# second is never loaded at all (the last good one keeps serving).
FLIP=${FLIP:-2}
for f in "$BB/tftpbench" "$BB/storebench" "$SHIM"; do
	[ -e "$f" ] || {
		echo "rename: $f is missing: make && make bench-build" >&2
		exit 1
	}
done
PREFIX=rn
. tests/bench/netns-work.sh
mkdir -m 777 "$WORK/state"
mkdir -m 755 "$WORK/root" "$WORK/st" "$WORK/exp.a" "$WORK/exp.b"
sh tests/bench/genstore.sh "$PHONES" "$WORK/st/a.conf" "$WORK/state" off
sed 's/address = "sipgate.co.uk"/address = "sip2.sipgate.co.uk"/' "$WORK/st/a.conf" >"$WORK/st/b.conf"
chmod 644 "$WORK"/st/*.conf
# The 500 phones of figure 5: 7940s, phones 0, 4, 8, ...  in.tftpd gets
# the first 100: it forks a child per request, and 500 phones at once
# overrun it with or without the shim (figure 5's notes).
awk 'BEGIN { for (k = 0; k < 500; k++) printf "001BD4%06X\n", 4 * k + 1 }' >"$WORK/macs.dnsmasq"
head -n 100 "$WORK/macs.dnsmasq" >"$WORK/macs.tftpd"
# A phone outside the boot (phone 2000, a 7940): how soon the first rename
# is served while the boot runs.
PROBE=SIP001BD40007D1.cnf
for v in a b; do
	{
		sed 's/.*/SIP&.cnf/' "$WORK/macs.dnsmasq"
		sed 's/.*/SEP&.cnf.xml/' "$WORK/macs.dnsmasq"
		printf 'SIPDefault.cnf\nRINGLIST.DAT\ndialplan.xml\n'
		echo "$PROBE"
	} | "$BB/storebench" write "$WORK/st/$v.conf" "$WORK/exp.$v" || exit 1
done
head -c 461 /dev/urandom >"$WORK/root/P0S3-08-2-00.loads"
chmod 644 "$WORK/root/P0S3-08-2-00.loads"
cp "$WORK/root/P0S3-08-2-00.loads" "$WORK/exp.a/"
cp "$WORK/root/P0S3-08-2-00.loads" "$WORK/exp.b/"
differ=0
for f in "$WORK"/exp.a/SIP*.cnf; do
	cmp -s "$f" "$WORK/exp.b/${f##*/}" || differ=$((differ + 1))
done
[ "$differ" -ge 500 ] || {
	echo "rename: only $differ of the 500 phones' SIP<MAC>.cnf differ between the versions" >&2
	exit 1
}
M=SIP001BD4000001.cnf
touch "$WORK/shim.log"
chown nobody "$WORK/shim.log"
ip netns add "$NS" || exit 1
ip netns exec "$NS" ip link set lo up
ip netns exec "$NS" ip addr add 192.0.2.1/32 dev lo
ip netns exec "$NS" ip addr add 192.0.2.2/32 dev lo
SRV="LD_PRELOAD=$SHIM PHONEPROV_CONFIG=$WORK/st/store.conf PHONEPROV_LOG=$WORK/shim.log"
cp "$WORK/st/a.conf" "$WORK/st/store.conf"
# shellcheck disable=SC2086 # $SRV: three words
ip netns exec "$NS" env $SRV dnsmasq -k --conf-file=/dev/null --no-hosts --no-resolv --port=0 \
	--listen-address=192.0.2.1 --bind-interfaces --enable-tftp --tftp-root="$WORK/root" \
	--user=nobody --log-facility="$WORK/dnsmasq.log" </dev/null >/dev/null 2>&1 &
PIDS="$PIDS $!"
listening $! 192.0.2.1 69 100 || {
	echo "rename: dnsmasq did not start" >&2
	exit 1
}
# shellcheck disable=SC2086
ip netns exec "$NS" env $SRV in.tftpd --foreground --secure --address 192.0.2.2:69 \
	--user nobody "$WORK/root" </dev/null >/dev/null 2>&1 &
PIDS="$PIDS $!"
listening $! 192.0.2.2 69 100 || {
	echo "rename: in.tftpd did not start" >&2
	exit 1
}
cur=a
one() { # ADDR VERSION [NAME]: one fetch of phone 1's file (or NAME) must be that version
	ip netns exec "$NS" "$BB/tftpbench" -s "$1" -e "$WORK/exp.$2" -T 10 seq 1 "${3:-$M}" \
		>/dev/null 2>&1
}
boot() { # SERVER ADDR [-E DIR]: the mass reboot, bounded as figure 5's
	n_=$1 a=$2
	shift 2
	ip netns exec "$NS" "$BB/tftpbench" -v -s "$a" -e "$WORK/exp.a" "$@" -t 2000 -r 4 -T 120 \
		boot "$WORK/macs.$n_"
}
flip() { # replace the store by rename with the other version
	[ $cur = a ] && cur=b || cur=a
	cp "$WORK/st/$cur.conf" "$WORK/st/next.conf"
	mv -f "$WORK/st/next.conf" "$WORK/st/store.conf"
}
bad=0
for s in dnsmasq:192.0.2.1 tftpd:192.0.2.2; do
	name=${s%%:*} addr=${s#*:}
	# the store is version a again, and served
	cp "$WORK/st/a.conf" "$WORK/st/next.conf"
	mv -f "$WORK/st/next.conf" "$WORK/st/store.conf"
	cur=a
	t=0
	until one "$addr" a; do
		t=$((t + 1))
		[ $t -lt 30 ] || {
			echo "rename: $name does not serve version a" >&2
			exit 1
		}
		sleep 0.1
	done
	o=$(boot "$name" "$addr" 2>>"$WORK/wrong")
	qrc=$?
	echo "rename server=$name variant=quiet $o"
	case " $o " in
	*" wrong=0 "*) ;;
	*) bad=$((bad + 1)) ;;
	esac
	[ "$name" = dnsmasq ] && [ "$qrc" != 0 ] && bad=$((bad + 1))
	[ "$name" = tftpd ] && sleep 1 # children of resent requests time out
	boot "$name" "$addr" -E "$WORK/exp.b" >"$WORK/boot.out" 2>>"$WORK/wrong" &
	BPID=$!
	sleep 0.2
	flip
	flips=1
	# the first rename: when a fetch outside the boot sees it (bounded)
	t0=$(date +%s%N)
	vis=-1
	t=0
	while [ $t -lt 300 ]; do
		one "$addr" $cur "$PROBE" && vis=$((($(date +%s%N) - t0) / 1000000)) && break
		sleep 0.05
		t=$((t + 1))
	done
	while kill -0 $BPID 2>/dev/null && [ $flips -lt "$MAXFLIPS" ]; do
		sleep "$FLIP"
		flip
		flips=$((flips + 1))
	done
	wait $BPID
	brc=$?
	# one more rename once the last is served: how long until a fetch is it
	t=0
	until one "$addr" $cur; do
		t=$((t + 1))
		[ $t -lt 50 ] || break
		sleep 0.1
	done
	flip
	t0=$(date +%s%N)
	t=0
	seen=0
	while [ $t -lt 60 ]; do
		one "$addr" $cur && seen=1 && break
		sleep 0.05
		t=$((t + 1))
	done
	ms=$((($(date +%s%N) - t0) / 1000000))
	out=$(cat "$WORK/boot.out")
	echo "rename server=$name variant=renamed renames=$flips first_visible_ms=$vis final_seen=$seen final_ms=$ms $out"
	case " $out " in
	*" wrong=0 "*) ;;
	*) bad=$((bad + 1)) ;;
	esac
	[ $seen = 1 ] || bad=$((bad + 1))
	[ "$brc" = 0 ] || echo "rename: $name: not every phone was served (exit $brc)" >&2
	[ "$name" = dnsmasq ] && [ "$brc" != 0 ] && bad=$((bad + 1))
	sleep 1
done
sed 's/^/# /' "$WORK/wrong" >&2
[ -n "${RENAME_KEEP:-}" ] && cp "$WORK/shim.log" "$RENAME_KEEP"
echo "rename loads=$(grep -c 'phoneprov: loaded' "$WORK/shim.log") wrong_runs=$bad"
[ $bad = 0 ]
