#!/bin/sh
# SPDX-License-Identifier: MIT
# hookbench.sh [EVENTS] (HOOK_SIZES="1000 10000 100000"): the dhcp-script hook's time per dnsmasq event at
# 1k, 10k and 100k phones, parsing the store every time
# (PHONEPROV_HOOK_CACHE=off, as before issue 15) against the cache
# (peekcache.h).  EVENTS lease events ("old MAC IP HOST") per variant, one
# process each, as dnsmasq runs them; the variants take turns, 5 rounds.
# Prints one line per phones and variant: ms_per_event is the median
# round's.  Needs no root.  Run from the repository root, after make.
set -u
EVENTS=${1:-20}
HOOK=${B:-build}/phoneprov-dhcp-script
[ -x "$HOOK" ] || {
	echo "hookbench: $HOOK is missing: make" >&2
	exit 1
}
WORK=$(mktemp -d /tmp/phoneprov-hook.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' INT TERM HUP
mkdir "$WORK/state" "$WORK/cache"
chmod 700 "$WORK/cache"
now_ms() { echo $(($(date +%s%N) / 1000000)); }
run() { # STORE CACHE: EVENTS events; prints the ms they took
	t0=$(now_ms)
	i=0
	while [ $i -lt "$EVENTS" ]; do
		PHONEPROV_CONFIG=$1 PHONEPROV_HOOK_CACHE=$2 "$HOOK" old 00:1b:d4:00:00:01 192.0.2.10 desk
		i=$((i + 1))
	done
	echo $(($(now_ms) - t0))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for n in ${HOOK_SIZES:-1000 10000 100000}; do
	sh tests/bench/genstore.sh $n "$WORK/s$n.conf" "$WORK/state" off
	run "$WORK/s$n.conf" "$WORK/cache" >/dev/null # the cache is made here
	: >"$WORK/off" && : >"$WORK/on"
	r=0
	while [ $r -lt 5 ]; do
		run "$WORK/s$n.conf" off >>"$WORK/off"
		run "$WORK/s$n.conf" "$WORK/cache" >>"$WORK/on"
		r=$((r + 1))
	done
	for v in off on; do
		ms=$(median <"$WORK/$v")
		echo "hook phones=$n variant=$([ $v = off ] && echo parse || echo cache) events=$EVENTS ms_per_event=$(awk -v t="$ms" -v e="$EVENTS" 'BEGIN { printf "%.2f", t / e }')"
	done
done
lines=$(wc -l <"$WORK/state/hook.journal")
set -- ${HOOK_SIZES:-1000 10000 100000}
echo "hook journal_lines=$lines expected=$(($# * EVENTS * 11))"
[ "$lines" = $(($# * EVENTS * 11)) ]
