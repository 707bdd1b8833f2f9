#!/bin/sh
# SPDX-License-Identifier: MIT
# Any host on the LAN can send read requests for names nobody has, as fast
# as it likes.  What that costs in journal is bounded: a budget per client
# (64 events, then one each 5 s), names kept to 128 bytes, a line that says
# how many were skipped, and a cap on the file.  A file the store serves is
# journaled whatever the budget.  Real in.tftpd and dnsmasq with the shim;
# tests/integration/rrq.c sends the requests (bounded in count and time).
. tests/integration/harness.sh
. tests/integration/netns.sh

TESTS="flood-tftpd flood-dnsmasq"
need_root $TESTS
need_tools $TESTS
need_netns $TESTS
build_tool rrq
CONF=$WORK/store.conf
STATE=$WORK/state
mkdir -m 777 "$STATE"
sed -e "s|state_dir = \"/tmp\";|state_dir = \"$STATE\";|" tests/data/integration.conf >"$CONF"
cp tests/data/integration-phones.inc "$WORK/"
ROOT=$WORK/root
make_root "$ROOT"
SPACES=$(printf '%500s' '')
COUNT=600

# flood SERVER JOURNAL PREFIX PORT: COUNT requests, then what the journal holds.
flood() {
	fj=$2 fport=$3 fin=$4
	out=$($fin "$WORK/rrq" -n $COUNT 127.0.0.1 "$fport" "$SPACES")
	check "flood-$1: $COUNT requests for a 500-space name are answered ($out)" \
		eval 'case "$out" in "sent $COUNT errors $COUNT "*) true ;; *) false ;; esac'
	lines=$(grep -c 'event=fetch' "$fj" 2>/dev/null || echo 0)
	size=$(wc -c <"$fj" 2>/dev/null || echo 0)
	# 64 at once, then one each 5 s: the flood takes well under 60 s.
	check "flood-$1: the journal holds at most 64 + 12 of them ($lines lines, $size bytes)" \
		eval '[ "$lines" -ge 64 ] && [ "$lines" -le 76 ] && [ "$size" -lt 60000 ]'
	r=$($fin "$WORK/rrq" 127.0.0.1 "$fport" SIPDefault.cnf | head -n 1)
	check "flood-$1: a file the store serves is still journaled ($r)" \
		eval 'case "$r" in "data "*) true ;; *) false ;; esac && wait_line "$fj" "name=SIPDefault.cnf"'
	# One token back after 5 s: the next event comes with the count it skipped.
	sleep 5.2
	$fin "$WORK/rrq" 127.0.0.1 "$fport" nothing-here >/dev/null
	check "flood-$1: the journal says how many were skipped, once the budget allows" \
		wait_line "$fj" "event=note ip=127.0.0.1 detail=[0-9]*%20requests%20not%20journaled"
}

wait_line() { # FILE PATTERN: at most 3 s
	i=0
	while [ $i -lt 30 ]; do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

if start_tftpd "$ROOT" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$WORK/t.log"; then
	flood tftpd "$STATE/tftpd.journal" "$PORT" ""
	stop_tftpd "$PID"
else
	not_ok "flood-tftpd: start in.tftpd"
fi

NS=ppfl$$
touch "$WORK/d.log"
chown nobody "$WORK/d.log"
if new_ns "$NS" && start_dnsmasq "$NS" "$WORK/dnsmasq.log" LD_PRELOAD="$SHIM" \
	PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$WORK/d.log" -- --port=0 --listen-address=127.0.0.1 \
	--bind-interfaces --enable-tftp --tftp-root="$ROOT" --user=nobody; then
	flood dnsmasq "$STATE/dnsmasq.journal" 69 "ip netns exec $NS"
else
	not_ok "flood-dnsmasq: start dnsmasq"
fi
exit "$((failures > 0))"
