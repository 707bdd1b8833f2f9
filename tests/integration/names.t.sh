#!/bin/sh
# SPDX-License-Identifier: MIT
# A phone's own file is refused, even when a file of that name is on disk,
# whatever name the server was asked for: "../", a name too long for the
# shim to keep, a backslash (dnsmasq turns it into a slash).  Real in.tftpd
# and dnsmasq with the shim, strict binding on loopback (which has no MAC,
# so a phone's file is never this client's); tests/integration/rrq.c sends
# each name byte for byte.
. tests/integration/harness.sh
. tests/integration/netns.sh

TESTS="names-tftpd names-dnsmasq"
need_root $TESTS
need_tools $TESTS
need_netns $TESTS
build_tool rrq

M40=001BD4123456
STORE=$WORK/store
mkdir -m 755 "$STORE"
cp tests/data/integration.conf tests/data/integration-phones.inc "$STORE/"
CONF=$STORE/integration.conf
sed -i -e "s|state_dir = \"/tmp\";|state_dir = \"$WORK/state\";|" \
	-e 's|mac_binding = "off";|mac_binding = "strict";|' "$CONF"
mkdir -m 777 "$WORK/state"
chmod 644 "$CONF" "$STORE/integration-phones.inc"
ROOT=$WORK/root
make_root "$ROOT"
# The phone's old static file, still on disk, with its password.
printf 'line1_password: "pw-disk-secret"\n' >"$ROOT/SIP$M40.cnf"
# A phone the store does not know: its static file must still be served.
printf 'line1_name: "static"\n' >"$ROOT/SIP001BD4999999.cnf"
chmod 644 "$ROOT"/*.cnf
LONG=$(i=0; while [ $i -lt 260 ]; do printf './'; i=$((i + 1)); done)SIP$M40.cnf

# tricks HOST PORT SERVER LOG EXTRA-NAME PREFIX: each name is refused (dnsmasq
# refuses a "../" itself, with error 2) and the disk copy never leaks.
tricks() {
	tlog=$4
	for n in "SIP$M40.cnf" "../SIP$M40.cnf" "sip$M40.CNF" "$LONG" "$5"; do
		[ -z "$n" ] && continue
		short=$(printf '%s' "$n" | cut -c 1-24)
		[ ${#n} -gt 24 ] && short="$short...(${#n} bytes)"
		out=$($6 "$WORK/rrq" "$1" "$2" "$n")
		check "names-$3: '$short' is refused as not found (${out%%
*})" eval 'case "$out" in "error 1 "* | "error 2 "*) true ;; *) false ;; esac'
		case "$out" in *pw-disk-secret*) not_ok "names-$3: '$short' leaked the disk copy" ;; esac
	done
	out=$($6 "$WORK/rrq" "$1" "$2" SIP001BD4999999.cnf)
	check "names-$3: a static file of a phone not in the store is still served" \
		eval 'case "$out" in "data "*static*) true ;; *) false ;; esac'
	check "names-$3: each refusal is logged as denied" \
		eval '[ "$(grep -c "decision=denied" "$tlog")" -ge 4 ]'
	check "names-$3: the long name's refusal is logged too" \
		grep -q "name=\"[^\"]*\\./\\./.*decision=denied" "$tlog"
	check "names-$3: no password in the log" eval '! grep -q "pw-" "$tlog"'
}

# ---- in.tftpd --secure on 127.0.0.1 -------------------------------------
LOG=$WORK/tftpd.log
if start_tftpd "$ROOT" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$LOG"; then
	tricks 127.0.0.1 "$PORT" tftpd "$LOG" "" ""
	stop_tftpd "$PID"
else
	not_ok "names-tftpd: start in.tftpd"
fi

# ---- dnsmasq, in a namespace of its own ---------------------------------
NS=ppnm$$
LOG=$WORK/dnsmasq-decisions.log
touch "$LOG"
chown nobody "$LOG"
if new_ns "$NS" && start_dnsmasq "$NS" "$WORK/dnsmasq.log" LD_PRELOAD="$SHIM" \
	PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$LOG" -- --port=0 --listen-address=127.0.0.1 \
	--bind-interfaces --enable-tftp --tftp-root="$ROOT" --user=nobody; then
	tricks 127.0.0.1 69 dnsmasq "$LOG" "\\SIP$M40.cnf" "ip netns exec $NS"
else
	not_ok "names-dnsmasq: start dnsmasq"
fi
exit "$((failures > 0))"
