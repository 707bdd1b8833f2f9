#!/bin/sh
# SPDX-License-Identifier: MIT
# MAC binding, for real: a server namespace with a bridge (192.0.2.1), a
# phone namespace whose veth has the 7940's MAC (192.0.2.10) and a stranger
# with another MAC (192.0.2.20).  Both servers, in.tftpd and dnsmasq, with
# the shim; security.mac_binding strict, then lenient, then off.
. tests/integration/harness.sh
. tests/integration/netns.sh

TESTS="binding-tftpd binding-dnsmasq"
need_root $TESTS
need_tools $TESTS
need_netns $TESTS

M40=001BD4123456
STORE=$WORK/store
mkdir -m 700 "$STORE"
cp tests/data/integration.conf tests/data/integration-phones.inc "$STORE/"
CONF=$STORE/integration.conf
STATE=$WORK/state
mkdir -m 755 "$STATE"
chown nobody "$STATE"
sed -i -e "s|state_dir = \"/tmp\";|state_dir = \"$STATE\";|" \
	-e 's|mac_binding = "off";|mac_binding = "strict";|' "$CONF"
chmod 600 "$CONF" "$STORE/integration-phones.inc"
setfacl -m u:nobody:x "$STORE"
setfacl -m u:nobody:r "$CONF" "$STORE/integration-phones.inc"
ROOT=$WORK/root
make_root "$ROOT"
EXP=$WORK/expected
mkdir "$EXP"
for n in SIPDefault.cnf "SIP$M40.cnf"; do
	render "$CONF" "$n" "$EXP/$n" || not_ok "phoneprov render $n"
done
got=$WORK/got

S=ppbs$$ P=ppbp$$ X=ppbx$$
for n in $S $P $X; do
	new_ns "$n" || {
		not_ok "namespaces"
		exit 1
	}
done
in_ns $S ip link add br0 type bridge
in_ns $S ip addr add 192.0.2.1/24 dev br0
in_ns $S ip link set br0 up
# plug NS with MAC and IP into the bridge
plug() {
	ip link add "b$1" netns $S type veth peer name "c$1" netns "$2"
	in_ns $S ip link set "b$1" master br0
	in_ns $S ip link set "b$1" up
	in_ns "$2" ip link set "c$1" address "$3"
	in_ns "$2" ip addr add "$4/24" dev "c$1"
	in_ns "$2" ip link set "c$1" up
}
plug p$$ $P 00:1b:d4:12:34:56 192.0.2.10
plug x$$ $X 02:00:5e:00:00:99 192.0.2.20
# Bridge ports need a moment before they forward.
i=0
while [ $i -lt 50 ] && ! in_ns $P ping -c 1 -W 1 192.0.2.1 >/dev/null 2>&1; do
	i=$((i + 1))
done
in_ns $X ping -c 1 -W 2 192.0.2.1 >/dev/null 2>&1

fetch() { # NS NAME: curl's exit code, the file in $got
	ns_get "$1" 192.0.2.1 "$2" "$got"
}
mode() { # strict | lenient | off: edit the store; wait until $SLOG says it loaded
	edit_store "$SLOG" "s/mac_binding = \"[a-z]*\";/mac_binding = \"$1\";/" "$CONF"
}

# run_cases TAG: the whole matrix against the server now running.
run_cases() {
	t=$1
	mode strict
	r=$(fetch $P "SIP$M40.cnf")
	check "$t: strict: the phone gets its own file" \
		eval '[ "$r" = 0 ] && cmp -s "$got" "$EXP/SIP$M40.cnf"'
	r=$(fetch $X "SIP$M40.cnf")
	check "$t: strict: the stranger gets File not found for it ($r)" \
		eval '[ "$r" = 68 ] && ! grep -q pw- "$got" 2>/dev/null'
	r=$(fetch $X SIPDefault.cnf)
	check "$t: strict: the stranger does get SIPDefault.cnf" \
		eval '[ "$r" = 0 ] && cmp -s "$got" "$EXP/SIPDefault.cnf"'
	# The stranger takes the phone's IP while the phone is away.
	in_ns $P ip link set "cp$$" down
	in_ns $X ip addr flush dev "cx$$"
	in_ns $X ip addr add 192.0.2.10/24 dev "cx$$"
	r=$(fetch $X "SIP$M40.cnf")
	check "$t: strict: the stranger on the phone's IP still gets File not found ($r)" \
		eval '[ "$r" = 68 ] && ! grep -q pw- "$got" 2>/dev/null'
	mode lenient
	r=$(fetch $X "SIP$M40.cnf")
	check "$t: lenient: a known, different MAC is refused ($r)" [ "$r" = 68 ]
	mode off
	r=$(fetch $X "SIP$M40.cnf")
	check "$t: off: anyone gets the file, as documented" \
		eval '[ "$r" = 0 ] && cmp -s "$got" "$EXP/SIP$M40.cnf"'
	# Put everyone back.
	in_ns $X ip addr flush dev "cx$$"
	in_ns $X ip addr add 192.0.2.20/24 dev "cx$$"
	in_ns $P ip link set "cp$$" up
	in_ns $S ip neigh flush dev br0
	i=0
	while [ $i -lt 30 ] && ! in_ns $P ping -c 1 -W 1 192.0.2.1 >/dev/null 2>&1; do
		i=$((i + 1))
	done
	mode lenient
	r=$(fetch $P "SIP$M40.cnf")
	check "$t: lenient: the phone gets its own file" [ "$r" = 0 ]
	mode strict
}

# ---- in.tftpd --------------------------------------------------------------------------
TLOG=$WORK/tftpd.log
ns_tftpd $S "$CONF" "$TLOG" "$ROOT"
SLOG=$TLOG
run_cases binding-tftpd
check "binding-tftpd: refusals are logged as denied, with the reason" \
	grep -q 'decision=denied reason="192.0.2.1[0-9] is 02005E000099 (neighbour table), not the phone 001BD4123456"' "$TLOG"
check "binding-tftpd: no password in the log" eval '! grep -q "pw-" "$TLOG"'
# tftpd-hpa with DHCP elsewhere: no lease, no hook; the shim's journal line
# carries the MAC the kernel knows, so status can say who fetched a shared file.
r=$(fetch $P SIPDefault.cnf)
J=$STATE/tftpd.journal
check "binding-tftpd: the journal names the phone's MAC for a shared file ($r)" \
	grep -q "ip=192.0.2.10 mac=$M40 name=SIPDefault.cnf bytes=[0-9]* decision=served" "$J"
check "binding-tftpd: and the stranger's MAC for its refusal" \
	grep -q "ip=192.0.2.20 mac=02005E000099 name=SIP$M40.cnf decision=denied" "$J"
"$CLI" -c "$CONF" status --json >"$WORK/status.json" 2>"$WORK/status.err"
# One phone object a line: "$M40", then the stranger, then the lists after them.
sed -e 's/{"mac":"/\n&/g' -e 's/\],"never_seen"/\n&/' "$WORK/status.json" >"$WORK/status.lines"
check "binding-tftpd: status credits SIPDefault.cnf to the phone, without a lease" \
	grep -q "^{\"mac\":\"$M40\",\"in_store\":true.*\"name\":\"SIPDefault.cnf\",\"bytes\":[0-9]*,\"decision\":\"served\",\"by\":\"tftpd\",\"ip\":\"192.0.2.10\"" \
	"$WORK/status.lines"
check "binding-tftpd: status shows the stranger's refused request for the phone's file" \
	grep -q "^{\"mac\":\"02005E000099\",\"in_store\":false.*\"name\":\"SIP$M40.cnf\",\"bytes\":-1,\"decision\":\"denied\",\"by\":\"tftpd\"" \
	"$WORK/status.lines"
"$CLI" -c "$CONF" status >"$WORK/status.txt" 2>&1
check "binding-tftpd: status in text lists the stranger and says denied" \
	eval "sed -n '/^seen, not in the store:/,/^servers:/p' '$WORK/status.txt' | grep -q 'SIP$M40.cnf *denied'"
stop_tftpd "$TPID"

# ---- dnsmasq ---------------------------------------------------------------------------
DLOG=$WORK/dnsmasq-decisions.log
touch "$DLOG"
chown nobody "$DLOG"
if start_dnsmasq $S "$WORK/dnsmasq.log" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" \
	PHONEPROV_LOG="$DLOG" -- --port=0 --interface=br0 --bind-interfaces --enable-tftp \
	--tftp-root="$ROOT" --user=nobody; then
	SLOG=$DLOG
	run_cases binding-dnsmasq
	check "binding-dnsmasq: refusals are logged as denied, with the reason" \
		grep -q 'decision=denied reason="192.0.2.1[0-9] is 02005E000099 (neighbour table), not the phone 001BD4123456"' "$DLOG"
	check "binding-dnsmasq: no password in the log" eval '! grep -q "pw-" "$DLOG"'
	check "binding-dnsmasq: its journal has digest=, keyed by dnsmasq's own key (nobody, 600)" \
		eval 'grep -q "name=SIP$M40.cnf bytes=[0-9]* decision=served digest=[0-9a-f]\{16\}$" "$STATE/dnsmasq.journal" &&
		[ "$(stat -c %U:%a "$STATE/dnsmasq.key")" = nobody:600 ]'
else
	not_ok "binding-dnsmasq: start dnsmasq" "$(in_ns $S ss -Hlunp 2>&1 | tr '\n' ' ')"
fi

[ $failures = 0 ]
