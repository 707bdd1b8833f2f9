#!/bin/sh
# SPDX-License-Identifier: MIT
# Hostile requests against both servers with the shim: malformed TFTP
# requests (embedded NUL, over 600 bytes, ../, %n, non-ASCII, wrong opcodes,
# garbage options, truncated and random packets; see rrqflood.c), 2,400 to
# in.tftpd (200 of each kind: it forks a child per request) and 10,000 to
# dnsmasq, bounded in time.  rrqflood keeps at most 32 in flight, so each
# reaches the server, and prints what became of each one.
#
# The shim's open path runs where the server opens the file: in in.tftpd,
# in the child it forks for the request, which can die while the listening
# parent lives on.  So:
#   - in.tftpd runs under strace -f (attached to the parent, tracing no
#     system call): every process that ends is reported, "exited with N" or
#     "killed by SIGNAL".  There must be one child per request sent, none
#     killed by a signal, none exiting non-zero.  (Not -e signal=none: that
#     also hides the "killed by" lines.)
#   - Every read request the server answered as one that reached an open
#     (data, an option ack, or "file not found", which a denial also says)
#     has its decision line in PHONEPROV_LOG, by name (the shim rate-limits
#     only the journal, never these lines); no read request goes
#     unanswered; and no decision names a request that was not sent.
# Afterwards the server is alive, serves correct files, has not grown its
# fd count, and no log line holds a password.
. tests/integration/harness.sh
. tests/integration/netns.sh

TESTS="hostile-tftpd hostile-dnsmasq"
need_root $TESTS
need_tools $TESTS
need_netns $TESTS
SECONDS_MAX=90

build_tool rrqflood
M40=001BD4123456
STORE=$WORK/store
mkdir -m 755 "$STORE"
cp tests/data/integration.conf tests/data/integration-phones.inc "$STORE/"
CONF=$STORE/integration.conf
sed -i "s|state_dir = \"/tmp\";|state_dir = \"$WORK\";|" "$CONF"
chmod 644 "$CONF" "$STORE"/*.inc # no real secrets here; dnsmasq re-reads it as nobody
ROOT=$WORK/root
make_root "$ROOT"
EXP=$WORK/expected
mkdir "$EXP"
render "$CONF" "SIP$M40.cnf" "$EXP/SIP$M40.cnf"
got=$WORK/got

# decisions SERVER LOG LINES: rrqflood's report ($WORK/flood) against the
# decision lines the shim appended to LOG after its first LINES lines.
decisions() {
	tail -n +$(($3 + 1)) "$2" | sed -n 's/.* name="\(.*\)" decision=.*/\1/p' | sort >"$WORK/logged"
	# The sanitised names hold no space and no quote (\x20, \x22).
	awk '$1 == "req" && $3 == "rrq" { print $5 }' "$WORK/flood" | sort >"$WORK/asked"
	awk '$1 == "req" && $3 == "rrq" && ($4 == "data" || $4 == "oack" || $4 == "error:1") { print $5 }' \
		"$WORK/flood" | sort >"$WORK/opened"
	n_opened=$(wc -l <"$WORK/opened")
	missing=$(comm -23 "$WORK/opened" "$WORK/logged" | wc -l)
	check "hostile-$1: each of the $n_opened read requests that reached an open has its decision line ($missing have none)" \
		eval '[ "$n_opened" -gt 0 ] && [ "$missing" = 0 ]'
	[ "$missing" = 0 ] || comm -23 "$WORK/opened" "$WORK/logged" | sort | uniq -c |
		head -n 5 | sed 's/^/#   no decision: /'
	unanswered=$(awk '$1 == "req" && $3 == "rrq" && $4 == "none"' "$WORK/flood" | wc -l)
	check "hostile-$1: every read request was answered ($unanswered were not)" [ "$unanswered" = 0 ]
	extra=$(comm -13 "$WORK/asked" "$WORK/logged" | wc -l)
	check "hostile-$1: every decision line names a read request sent ($extra do not)" \
		[ "$extra" = 0 ]
	[ "$extra" = 0 ] || comm -13 "$WORK/asked" "$WORK/logged" | head -n 5 | sed 's/^/#   /'
}

# ---- in.tftpd ------------------------------------------------------------------
LOG=$WORK/tftpd.log
start_tftpd "$ROOT" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$LOG" || {
	not_ok "hostile-tftpd: start in.tftpd"
	exit 1
}
# One good fetch first: the journal and the log are opened on the first request.
curl_get "SIP$M40.cnf" "$got" >/dev/null
before=$(fd_count "$PID")
COUNT=2400
logged=$(wc -l <"$LOG")
TRACE=0
if command -v strace >/dev/null 2>&1; then
	strace -f -e trace=none -o "$WORK/exits" -p "$PID" 2>"$WORK/strace.err" &
	SPID=$!
	i=0
	while [ $i -lt 50 ] && ! grep -q "Process $PID attached" "$WORK/strace.err"; do
		sleep 0.1
		i=$((i + 1))
	done
	if grep -q "Process $PID attached" "$WORK/strace.err"; then
		TRACE=1
	else
		echo "# strace: $(head -n 2 "$WORK/strace.err")"
		kill "$SPID" 2>/dev/null
	fi
fi
timeout $((SECONDS_MAX + 10)) "$WORK/rrqflood" 127.0.0.1 "$PORT" $COUNT $SECONDS_MAX >"$WORK/flood"
sent=$(sed -n 's/^sent \([0-9]*\).*/\1/p' "$WORK/flood")
check "hostile-tftpd: $COUNT malformed requests sent (${sent:-0})" [ "${sent:-0}" -ge $COUNT ]
if [ $TRACE = 1 ]; then
	kill "$SPID"
	wait "$SPID" 2>/dev/null
	# strace -o: "PID +++ exited with N +++" or "PID +++ killed by SIGNAL ... +++".
	grep -v "^$PID " "$WORK/exits" | grep ' +++ \(exited\|killed\)' >"$WORK/children"
	kids=$(wc -l <"$WORK/children")
	check "hostile-tftpd: one child per request ($kids children for ${sent:-0} requests)" \
		[ "$kids" = "${sent:-0}" ]
	bad=$(grep -c -v ' +++ exited with 0 +++$' "$WORK/children")
	check "hostile-tftpd: no child was killed by a signal or exited non-zero ($bad did)" [ "$bad" = 0 ]
	[ "$bad" = 0 ] || grep -v ' +++ exited with 0 +++$' "$WORK/children" | head -n 5 | sed 's/^/#   /'
else
	echo "skip - hostile-tftpd: one child per request: strace cannot trace in.tftpd here"
	echo "skip - hostile-tftpd: no child was killed by a signal: strace cannot trace in.tftpd here"
fi
decisions tftpd "$LOG" "$logged"
check "hostile-tftpd: in.tftpd is alive" kill -0 "$PID"
rc=$(curl_get "SIP$M40.cnf" "$got")
check "hostile-tftpd: and serves a correct file" eval '[ "$rc" = 0 ] && cmp -s "$got" "$EXP/SIP$M40.cnf"'
after=$(fd_count "$PID")
check "hostile-tftpd: its fd count has not grown ($before before, $after after)" \
	[ "$after" -le "$before" ]
check "hostile-tftpd: no log line holds a password" eval '! grep -q "pw-" "$LOG"'
check "hostile-tftpd: names are logged sanitised (no raw control bytes)" \
	eval '! grep -q "$(printf "[\001-\010\016-\037\177]")" "$LOG"'
stop_tftpd "$PID"

# ---- dnsmasq -------------------------------------------------------------------------
NS=pphs$$
new_ns "$NS" || {
	not_ok "hostile-dnsmasq: namespace"
	exit 1
}
printf '192.0.2.77 phonebook.test\n' >"$WORK/hosts"
DLOG=$WORK/dnsmasq-decisions.log
touch "$DLOG"
chown nobody "$DLOG"
if start_dnsmasq "$NS" "$WORK/dnsmasq.log" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" \
	PHONEPROV_LOG="$DLOG" -- --port=5353 --listen-address=127.0.0.1 --bind-interfaces \
	--enable-tftp --tftp-root="$ROOT" --user=nobody --addn-hosts="$WORK/hosts"; then
	# In dnsmasq the shim keeps one sealed memfd per cached file (at most 64,
	# until the store changes): fetch the names the flood can get served
	# first, so that the count only grows if something leaks.
	ns_get "$NS" 127.0.0.1 "SIP$M40.cnf" "$got" >/dev/null
	ns_get "$NS" 127.0.0.1 "SIPDefault.cnf" "$got" >/dev/null
	before=$(fd_count "$DPID")
	COUNT=10000
	logged=$(wc -l <"$DLOG")
	in_ns "$NS" timeout $((SECONDS_MAX + 10)) "$WORK/rrqflood" 127.0.0.1 69 $COUNT \
		$SECONDS_MAX >"$WORK/flood"
	sent=$(sed -n 's/^sent \([0-9]*\).*/\1/p' "$WORK/flood")
	check "hostile-dnsmasq: $COUNT malformed requests sent (${sent:-0})" \
		[ "${sent:-0}" -ge $COUNT ]
	decisions dnsmasq "$DLOG" "$logged"
	check "hostile-dnsmasq: dnsmasq is alive" kill -0 "$DPID"
	# Transfers the flood started end within dnsmasq's own timeouts.
	sleep 1
	rc=$(ns_get "$NS" 127.0.0.1 "SIP$M40.cnf" "$got")
	check "hostile-dnsmasq: and serves a correct file" \
		eval '[ "$rc" = 0 ] && cmp -s "$got" "$EXP/SIP$M40.cnf"'
	ans=$(in_ns "$NS" dig +short +time=2 +tries=2 -p 5353 @127.0.0.1 phonebook.test 2>&1)
	check "hostile-dnsmasq: DNS still answers ($ans)" [ "$ans" = 192.0.2.77 ]
	after=$(fd_count "$DPID")
	check "hostile-dnsmasq: its fd count has not grown ($before before, $after after)" \
		[ "$after" -le "$before" ]
	check "hostile-dnsmasq: no log line holds a password" eval '! grep -q "pw-" "$DLOG"'
else
	not_ok "hostile-dnsmasq: start dnsmasq"
fi

[ $failures = 0 ]
