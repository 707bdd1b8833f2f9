#!/bin/sh
# Hostile requests against both servers with the shim: 10,000 malformed
# TFTP requests each (embedded NUL, over 600 bytes, ../, %n, non-ASCII,
# wrong opcodes, garbage options, truncated and random packets; see
# rrqflood.c), bounded in count and time.  Afterwards the server is alive,
# serves correct files, has not grown its fd count, and no log line holds
# a password.
. tests/integration/harness.sh
. tests/integration/netns.sh

TESTS="hostile-tftpd hostile-dnsmasq"
need_root $TESTS
need_tools $TESTS
need_netns $TESTS
COUNT=10000
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

# ---- in.tftpd ------------------------------------------------------------------
LOG=$WORK/tftpd.log
start_tftpd "$ROOT" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$LOG" || {
	not_ok "hostile-tftpd: start in.tftpd"
	exit 1
}
# One good fetch first: the journal and the log are opened on the first request.
curl_get "SIP$M40.cnf" "$got" >/dev/null
before=$(fd_count "$PID")
out=$(timeout $((SECONDS_MAX + 10)) "$WORK/rrqflood" 127.0.0.1 "$PORT" $COUNT $SECONDS_MAX)
sent=$(echo "$out" | sed -n 's/^sent \([0-9]*\).*/\1/p')
check "hostile-tftpd: $COUNT malformed requests sent (${sent:-0})" [ "${sent:-0}" -ge $COUNT ]
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
	out=$(in_ns "$NS" timeout $((SECONDS_MAX + 10)) "$WORK/rrqflood" 127.0.0.1 69 $COUNT \
		$SECONDS_MAX)
	sent=$(echo "$out" | sed -n 's/^sent \([0-9]*\).*/\1/p')
	check "hostile-dnsmasq: $COUNT malformed requests sent (${sent:-0})" \
		[ "${sent:-0}" -ge $COUNT ]
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
