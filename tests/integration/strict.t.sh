#!/bin/sh
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016,SC2086 # eval'd checks; test lists split on purpose
# Strict MAC binding against clients that lie (issue 14, findings 1 and 2).
#
# Forged chaddr: a server namespace with a bridge (192.0.2.1), a phone with
# the 7940's MAC and an attacker with its own MAC.  The attacker asks dnsmasq
# for a lease with the phone's MAC in chaddr (tests/integration/dhcpforge.c),
# puts a permanent neighbour entry for the server on its side so it never
# ARPs, takes the leased address and asks for SIP<MAC>.cnf.  dnsmasq's ping
# before the offer leaves a FAILED entry on the server, and the hook's
# binding and the lease file name the phone's MAC.  The same with the IP of
# a phone that went offline.  Served by in.tftpd (dnsmasq doing DHCP only)
# and by dnsmasq itself.  The phone, with a permanent entry for the server
# too, must get its file on the first request after the server's neighbour
# table was flushed; how long that resolution waited is printed.
#
# Link-local scope: a server with two links; the phone on the first, the
# attacker on the second, using the phone's EUI-64 link-local address.
# in.tftpd only: dnsmasq 2.90 serves no TFTP over link-local at all (it
# binds each transfer's socket to fe80::... without the scope: EINVAL).
. tests/integration/harness.sh
. tests/integration/netns.sh

TESTS="strict-tftpd strict-dnsmasq strict-link-local-tftpd"
need_root $TESTS
need_tools $TESTS
need_netns $TESTS
HOOK=$(pwd)/build/phoneprov-dhcp-script
if ! "${CC:-cc}" -std=c11 -Wall -Wextra -Wpedantic -Werror -D_GNU_SOURCE -O2 \
	-o "$WORK/dhcpforge" tests/integration/dhcpforge.c 2>"$WORK/cc.out"; then
	not_ok "dhcpforge: compiles" "$(head -n 3 "$WORK/cc.out")"
	exit 1
fi

M40=001BD4123456
PHONE_MAC=00:1b:d4:12:34:56
EVIL_MAC=02:00:5e:00:00:99
EVIL=02005E000099
SRV_MAC=02:00:5e:00:00:01
STORE=$WORK/store
mkdir -m 700 "$STORE"
cp tests/data/integration.conf tests/data/integration-phones.inc "$STORE/"
CONF=$STORE/integration.conf
STATE=$WORK/state
mkdir -m 755 "$STATE"
chown nobody "$STATE"
LEASES=$WORK/leases
touch "$LEASES"
sed -i -e "s|state_dir = \"/tmp\";|state_dir = \"$STATE\";|" \
	-e "s|mac_binding = \"off\";|mac_binding = \"strict\"; leases = \"$LEASES\";|" "$CONF"
chmod 600 "$CONF" "$STORE/integration-phones.inc"
setfacl -m u:nobody:x "$STORE"
setfacl -m u:nobody:r "$CONF" "$STORE/integration-phones.inc"
ROOT=$WORK/root
make_root "$ROOT"
EXP=$WORK/expected
mkdir "$EXP"
render "$CONF" "SIP$M40.cnf" "$EXP/SIP$M40.cnf" || not_ok "phoneprov render SIP$M40.cnf"
got=$WORK/got

S=ppss$$ P=ppsp$$ X=ppsx$$
for n in $S $P $X; do
	new_ns "$n" || {
		not_ok "namespaces"
		exit 1
	}
done
in_ns $S ip link add br0 address $SRV_MAC type bridge
in_ns $S ip addr add 192.0.2.1/24 dev br0
in_ns $S ip link set br0 up
plug() { # TAG NS MAC: a veth from NS into the bridge
	ip link add "b$1" netns $S type veth peer name "c$1" netns "$2"
	in_ns $S ip link set "b$1" master br0
	in_ns $S ip link set "b$1" up
	in_ns "$2" ip link set "c$1" address "$3"
	in_ns "$2" ip link set "c$1" up
}
plug p$$ $P $PHONE_MAC
plug x$$ $X $EVIL_MAC
CP=cp$$ CX=cx$$
in_ns $P ip addr add 192.0.2.10/24 dev $CP
# Neither the phone nor the attacker ever ARPs for the server.
in_ns $P ip neigh replace 192.0.2.1 lladdr $SRV_MAC dev $CP nud permanent
in_ns $X ip neigh replace 192.0.2.1 lladdr $SRV_MAC dev $CX nud permanent
# Bridge ports need a moment before they forward.
i=0
while [ $i -lt 50 ] && ! in_ns $P ping -c 1 -W 1 192.0.2.1 >/dev/null 2>&1; do
	i=$((i + 1))
done

fetch() { # NS NAME [SECONDS]: curl's exit code, the file in $got
	rm -f "$got"
	ip netns exec "$1" curl -s --max-time "${3:-$TIMEOUT}" -o "$got" \
		"tftp://192.0.2.1/$2" 2>/dev/null
	echo $?
}
mode() { # strict | lenient | off: edit the store; wait until $log says it loaded
	edit_store "$log" "s/mac_binding = \"[a-z]*\";/mac_binding = \"$1\";/" "$CONF"
}
neigh_state() { # IP: the server's neighbour entry for it, or "none"
	s=$(in_ns $S ip neigh show "$1" dev br0 | awk '{ print $NF }')
	echo "${s:-none}"
}
last_decision() { # LOG IP: the last decision line for SIP<phone>.cnf from IP
	grep "client=$2 name=\"SIP$M40.cnf\" decision=" "$1" | tail -n 1
}
# forge: the attacker leases an address with the phone's MAC in chaddr and
# takes it; prints the address.
forge() {
	out=$(in_ns $X timeout 30 "$WORK/dhcpforge" $CX $PHONE_MAC 2>&1)
	ip=$(echo "$out" | sed -n 's/^lease \([0-9.]*\)$/\1/p')
	[ -n "$ip" ] && in_ns $X ip addr add "$ip/24" dev $CX
	# (again: switching ARP off and on empties the attacker's table)
	in_ns $X ip neigh replace 192.0.2.1 lladdr $SRV_MAC dev $CX nud permanent
	echo "$ip"
}
unforge() { # IP
	in_ns $X ip addr del "$1/24" dev $CX 2>/dev/null
	in_ns $X ip link set $CX arp on
}
WAITS=$WORK/waits

# run_cases TAG LOG: everything against the TFTP server now running.
run_cases() {
	t=$1
	log=$2
	mode strict
	# ---- the phone, after the server forgot it ----
	: >"$WAITS"
	n=0
	while [ $n -lt 10 ]; do
		in_ns $S ip neigh flush dev br0
		r=$(fetch $P "SIP$M40.cnf")
		[ $n = 0 ] && check "$t: the phone gets its file on the first request after ip neigh flush" \
			eval '[ "$r" = 0 ] && cmp -s "$got" "$EXP/SIP$M40.cnf"'
		last_decision "$log" 192.0.2.10 | sed -n 's/.*(resolved in \([0-9]*\) us).*/\1/p' >>"$WAITS"
		n=$((n + 1))
	done
	check "$t: the log says the phone's MAC was resolved, 10 times of 10" \
		[ "$(wc -l <"$WAITS")" = 10 ]
	echo "# $t: resolution waited (us, 10 flushes): $(sort -n "$WAITS" | tr '\n' ' ')"
	r=$(fetch $P "SIP$M40.cnf")
	check "$t: and again, from the neighbour table" \
		eval '[ "$r" = 0 ] && last_decision "$log" 192.0.2.10 | grep -q "(neighbour table)"'

	# ---- a forged chaddr ----
	ip=$(forge)
	check "$t: the attacker got a lease with the phone's MAC (${ip:-none})" \
		eval '[ -n "$ip" ] && grep -q "ip=$ip mac=$M40" "$STATE/bindings"'
	[ -n "$ip" ] || return
	echo "# $t: the server's neighbour entry for $ip after the lease: $(neigh_state "$ip")"
	r=$(fetch $X "SIP$M40.cnf")
	check "$t: forged chaddr: File not found ($r)" \
		eval '[ "$r" = 68 ] && ! grep -q pw- "$got" 2>/dev/null'
	check "$t: forged chaddr: denied, the MAC resolved is the attacker's" \
		eval 'last_decision "$log" "$ip" | grep -q "decision=denied reason=\"$ip is $EVIL (resolved in [0-9]* us), not the phone $M40\""'
	# The attacker does not answer ARP either: no MAC at all.
	in_ns $X ip link set $CX arp off
	in_ns $X ip neigh replace 192.0.2.1 lladdr $SRV_MAC dev $CX nud permanent
	in_ns $S ip neigh flush dev br0
	r=$(fetch $X "SIP$M40.cnf" 3)
	check "$t: forged chaddr, silent on ARP: denied, no neighbour entry" \
		eval 'last_decision "$log" "$ip" | grep -q "decision=denied reason=\"the MAC of $ip is unknown: no neighbour entry within"'
	check "$t: the denial names the lease's claim as no proof" \
		eval 'last_decision "$log" "$ip" | grep -q "DHCP claims $M40 (dhcp-script bindings), no proof"'
	mode lenient
	r=$(fetch $X "SIP$M40.cnf" 3)
	check "$t: lenient: the binding still counts, and the log says so" \
		eval 'last_decision "$log" "$ip" | grep -q "decision=served.*$ip is $M40 (dhcp-script bindings)"'
	mode strict
	unforge "$ip"

	# ---- the IP of a phone that went offline ----
	in_ns $P ip addr flush dev $CP
	out=$(in_ns $P timeout 20 busybox udhcpc -i $CP -n -q -f -t 5 -T 1 -s /bin/true 2>&1)
	pip=$(echo "$out" | sed -n 's/.*lease of \([0-9.]*\) obtained.*/\1/p' | head -n 1)
	[ -n "$pip" ] && in_ns $P ip addr add "$pip/24" dev $CP
	r=$(fetch $P "SIP$M40.cnf")
	check "$t: the phone leased ${pip:-nothing} and fetched its file" [ "$r" = 0 ]
	in_ns $P ip link set $CP down
	in_ns $S ip neigh flush dev br0 # as after garbage collection or a reboot
	ip=$(forge)
	check "$t: the attacker got the offline phone's address (${ip:-none})" \
		eval '[ -n "$ip" ] && [ "$ip" = "$pip" ]'
	if [ -n "$ip" ]; then
		r=$(fetch $X "SIP$M40.cnf")
		check "$t: offline phone's IP: File not found ($r)" \
			eval '[ "$r" = 68 ] && ! grep -q pw- "$got" 2>/dev/null'
		# Resolved now, or already (dnsmasq may still be ARPing for it since its
		# ping); or, when the second's resolving budget is spent by then, not
		# resolved at all.  Either way the kernel's word, never the lease's.
		check "$t: offline phone's IP: denied, the kernel's MAC is the attacker's, or unknown" \
			eval 'last_decision "$log" "$ip" | grep -q "decision=denied reason=\"\($ip is $EVIL (\|the MAC of $ip is unknown\)"'
		unforge "$ip"
	fi
	# Put the phone back.
	in_ns $P ip link set $CP up
	in_ns $P ip addr flush dev $CP
	in_ns $P ip addr add 192.0.2.10/24 dev $CP
	in_ns $P ip neigh replace 192.0.2.1 lladdr $SRV_MAC dev $CP nud permanent
	check "$t: no password in the log" eval '! grep -q "pw-" "$log"'
}

DHCP_OPTS="--port=0 --interface=br0 --bind-interfaces --user=nobody --dhcp-script=$HOOK
--dhcp-range=192.0.2.50,192.0.2.99,255.255.255.0,1h --dhcp-leasefile=$LEASES"

# ---- in.tftpd, with dnsmasq for DHCP only -----------------------------------------------
TLOG=$WORK/tftpd.log
ip netns exec $S env PHONEPROV_CONFIG="$CONF" dnsmasq -k --conf-file=/dev/null --no-hosts \
	--no-resolv --log-facility="$WORK/dhcp.log" $DHCP_OPTS </dev/null >"$WORK/dhcp.out" 2>&1 &
HPID=$!
SERVERS="$SERVERS $HPID"
ip netns exec $S env LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$TLOG" \
	in.tftpd --foreground --secure --address 192.0.2.1:69 --user nobody "$ROOT" \
	</dev/null >"$WORK/tftpd.out" 2>&1 &
TPID=$!
SERVERS="$SERVERS $TPID"
i=0
while [ $i -lt 50 ] && ! { in_ns $S ss -Hlunp "sport = :69" | grep -q "pid=$TPID," &&
	in_ns $S ss -Hlunp "sport = :67" | grep -q "pid=$HPID,"; }; do
	sleep 0.1
	i=$((i + 1))
done
tftpd_answers 192.0.2.1 69 $S || not_ok "strict-tftpd: in.tftpd answers"
run_cases strict-tftpd "$TLOG"
stop_tftpd "$TPID"
stop_tftpd "$HPID"
wait "$HPID" 2>/dev/null
: >"$LEASES"
rm -f "$STATE/bindings"

# ---- dnsmasq: DHCP and TFTP in one process ----------------------------------------------
DLOG=$WORK/dnsmasq-decisions.log
touch "$DLOG"
chown nobody "$DLOG"
if start_dnsmasq $S "$WORK/dnsmasq.log" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" \
	PHONEPROV_LOG="$DLOG" -- $DHCP_OPTS --enable-tftp --tftp-root="$ROOT"; then
	run_cases strict-dnsmasq "$DLOG"
	kill "$DPID"
	wait "$DPID" 2>/dev/null
else
	not_ok "strict-dnsmasq: start dnsmasq"
fi

# ---- link-local scope -------------------------------------------------------------------
# S2 has two links: A to the phone, B to the attacker.  Each end has a fixed
# MAC; the server is fe80::1 on both links.  No DAD, so addresses are usable
# at once.
S2=ppls$$ P2=pplp$$ X2=pplx$$
for n in $S2 $P2 $X2; do
	new_ns "$n" || {
		not_ok "namespaces"
		exit 1
	}
	in_ns "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
done
LA=la$$ LB=lb$$ PA=pa$$ XB=xb$$
ip link add $LA netns $S2 address 02:00:5e:00:00:0a type veth peer name $PA netns $P2 \
	address $PHONE_MAC
ip link add $LB netns $S2 address 02:00:5e:00:00:0b type veth peer name $XB netns $X2 \
	address $EVIL_MAC
for l in $LA $LB; do
	in_ns $S2 ip addr add fe80::1/64 dev $l
	in_ns $S2 ip link set $l up
done
in_ns $P2 ip link set $PA up
# The attacker wears the phone's EUI-64 link-local address, and never asks
# for the server's MAC.
PLL=fe80::21b:d4ff:fe12:3456
in_ns $X2 ip link set $XB addrgenmode none
in_ns $X2 ip addr add $PLL/64 dev $XB nodad
in_ns $X2 ip link set $XB up
in_ns $X2 ip neigh replace fe80::1 lladdr 02:00:5e:00:00:0b dev $XB nud permanent
# A global prefix on link B too, for a DHCPv6 lease (finding 4 of the issue's
# "found by reading": DNSMASQ_MAC is only a claim).
in_ns $S2 ip addr add 2001:db8:b::1/64 dev $LB nodad
in_ns $X2 ip addr add 2001:db8:b::50/64 dev $XB nodad
in_ns $X2 ip neigh replace 2001:db8:b::1 lladdr 02:00:5e:00:00:0b dev $XB nud permanent
i=0
while [ $i -lt 50 ] && ! in_ns $P2 ping -c 1 -W 1 -I $PA fe80::1 >/dev/null 2>&1; do
	i=$((i + 1))
done
ll_fetch() { # NS IFACE NAME: curl's exit code
	rm -f "$got"
	ip netns exec "$1" curl -s -g --max-time "$TIMEOUT" -o "$got" \
		"tftp://[fe80::1%25$2]/$3" 2>/dev/null
	echo $?
}
ll_cases() { # TAG LOG
	t=$1
	llog=$2
	r=$(ll_fetch $P2 $PA "SIP$M40.cnf")
	check "$t: the phone gets its file over link-local ($r)" \
		eval '[ "$r" = 0 ] && cmp -s "$got" "$EXP/SIP$M40.cnf"'
	r=$(ll_fetch $X2 $XB "SIP$M40.cnf")
	check "$t: the phone's link-local address on the other link: File not found ($r)" \
		eval '[ "$r" = 68 ] && ! grep -q pw- "$got" 2>/dev/null'
	check "$t: the denial is judged on the attacker's link" \
		eval 'grep "name=\"SIP$M40.cnf\" decision=denied" "$llog" | tail -n 1 | grep -q "$PLL%[0-9]* is $EVIL"'
	# dnsmasq calls the hook with the client's DUID, and puts in DNSMASQ_MAC
	# the MAC that DUID names: whatever the client chose to send.
	env PHONEPROV_CONFIG="$CONF" DNSMASQ_MAC=$PHONE_MAC DNSMASQ_IAID=1 \
		"$HOOK" add 00:01:00:01:2c:5f:4e:aa:00:1b:d4:12:34:56 2001:db8:b::50 SEP$M40
	check "$t: a DHCPv6 lease claims the phone's MAC for 2001:db8:b::50" \
		grep -q "ip=2001:db8:b::50 mac=$M40" "$STATE/bindings"
	rm -f "$got"
	r=$(ip netns exec $X2 curl -s -g --max-time "$TIMEOUT" -o "$got" \
		"tftp://[2001:db8:b::1]/SIP$M40.cnf" 2>/dev/null; echo $?)
	check "$t: DNSMASQ_MAC is no proof: File not found ($r)" \
		eval '[ "$r" = 68 ] && ! grep -q pw- "$got" 2>/dev/null'
	check "$t: DNSMASQ_MAC is no proof: denied, the MAC resolved is the attacker's" \
		eval 'grep -q "client=2001:db8:b::50 name=\"SIP$M40.cnf\" decision=denied reason=\"2001:db8:b::50 is $EVIL (resolved" "$llog"'
}
LLOG=$WORK/ll-tftpd.log
ip netns exec $S2 env LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$LLOG" \
	in.tftpd --foreground --secure --address "[::]:69" --user nobody "$ROOT" \
	</dev/null >"$WORK/ll-tftpd.out" 2>&1 &
TPID=$!
SERVERS="$SERVERS $TPID"
i=0
while [ $i -lt 50 ] && ! in_ns $S2 ss -Hlunp "sport = :69" | grep -q "pid=$TPID,"; do
	sleep 0.1
	i=$((i + 1))
done
tftpd_answers ::1 69 $S2 || not_ok "strict-link-local-tftpd: in.tftpd answers"
ll_cases strict-link-local-tftpd "$LLOG"
stop_tftpd "$TPID"
[ $failures = 0 ]
