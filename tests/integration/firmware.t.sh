#!/bin/sh
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016,SC2086 # eval'd checks; lists split on purpose
# Firmware journeys (issue 10) with simulated phones, through real in.tftpd
# and then real dnsmasq, each with the shim.  Each phone is a network
# namespace with its own MAC on the server's bridge, and a shell loop that
# boots the way lifecycle.md section 8 says a phone does:
#
#   79x0 on a pre-loader load: OS79XX.TXT; a name other than its own: that
#     .bin, and a whole fetch flashes it (an SCCP 3.x given 7.x or later says
#     "Load ID Incorrect" and keeps its load); then the SIP app's files.
#   79x0 on the loader or later: CTLSEP, SEP<MAC>.cnf.xml, SIP<MAC>.cnf;
#     image_version other than its own: the .loads and every file it lists,
#     all fetched: flashed.
#   XML family: CTLSEP, SEP<MAC>.cnf.xml; loadInformation other than its
#     own: the .loads and its files (below 8.3(3) given 9.x: a reboot loop).
#
# The images are small fake files, and the .loads lists them, written here.
# Nothing in the store changes between boots.
. tests/integration/harness.sh
. tests/integration/netns.sh

TESTS="firmware-tftpd firmware-dnsmasq"
need_root $TESTS
need_tools $TESTS
need_netns $TESTS

ROOT=$WORK/root
make_root "$ROOT"
fake() { head -c 700 /dev/urandom >"$ROOT/$1"; }
fake P0S3-06-3-00.bin
fake P003-8-12-00.bin
fake P003-8-12-00.sbn
fake P0S3-8-12-00.sb2
printf '# RELEASE load version 8-12-00\nP003-8-12-00.sbn\nP0S3-8-12-00.sb2\n' >"$ROOT/P0S3-8-12-00.loads"
fake jar41sip.8-5-2TH1-9.sbn
printf '# RELEASE load version 8-5-2TH1-9\njar41sip.8-5-2TH1-9.sbn\n' >"$ROOT/SIP41.8-5-2SR1S.loads"
fake jar41sip.9-4-2ES26.sbn
fake cnu41.9-4-2ES26.sbn
printf '# RELEASE load version 9-4-2ES26\njar41sip.9-4-2ES26.sbn\ncnu41.9-4-2ES26.sbn\n' \
	>"$ROOT/SIP41.9-4-2SR3-1S.loads"
chmod -R a+r "$ROOT"

STATE=$WORK/state
mkdir -m 755 "$STATE"
chown nobody "$STATE"
CONF=$WORK/store.conf
cat >"$CONF" <<EOF
version = 1;
tftp = { root = "$ROOT"; };
state_dir = "$STATE";
security = { mac_binding = "strict"; leases = "/nonexistent"; };
defaults = {
  proxy = { address = "192.0.2.1"; };
  firmware = ( { model = "7940"; load = "P0S3-8-12-00"; },
               { model = "7960"; load = "P0S3-8-12-00"; },
               { model = "7961"; load = "SIP41.9-4-2SR3-1S"; } );
};
phones = (
  { mac = "00:1b:d4:00:00:01"; model = "7940"; lines = ( { name = "1"; password = "pw-1"; } ); },
  { mac = "00:1b:d4:00:00:02"; model = "7960"; lines = ( { name = "2"; password = "pw-2"; } ); },
  { mac = "00:1b:d4:00:00:03"; model = "7960"; lines = ( { name = "3"; password = "pw-3"; } ); },
  { mac = "00:1b:d4:00:00:04"; model = "7961"; lines = ( { name = "4"; password = "pw-4"; } ); },
  { mac = "00:1b:d4:00:00:05"; model = "7960"; lines = ( { name = "5"; password = "pw-5"; } ); }
);
EOF
chmod 644 "$CONF"

S=ppfs$$
new_ns $S || {
	not_ok "namespaces"
	exit 1
}
SRV_MAC=02:00:5e:00:00:01
in_ns $S ip link add br0 address $SRV_MAC type bridge
in_ns $S ip addr add 192.0.2.1/24 dev br0
in_ns $S ip link set br0 up
for n in 1 2 3 4 5; do
	pns=ppf$n$$ # (in_ns sets ns)
	new_ns $pns || exit 1
	ip link add "bf$n$$" netns $S type veth peer name "cf$n$$" netns $pns
	in_ns $S ip link set "bf$n$$" master br0
	in_ns $S ip link set "bf$n$$" up
	in_ns $pns ip link set "cf$n$$" address "00:1b:d4:00:00:0$n"
	in_ns $pns ip link set "cf$n$$" up
	in_ns $pns ip addr add "192.0.2.1$n/24" dev "cf$n$$"
	in_ns $pns ip neigh replace 192.0.2.1 lladdr $SRV_MAC dev "cf$n$$" nud permanent
	i=0
	while [ $i -lt 50 ] && ! in_ns $pns ping -c 1 -W 1 192.0.2.1 >/dev/null 2>&1; do
		i=$((i + 1))
	done
done

# ---- the simulated phone -----------------------------------------------------------
G=$WORK/got
get() { # N NAME: fetch NAME from phone N; 0 when the whole file came
	echo "$2" >>"$WORK/asked.$1"
	r=$(ns_get ppf$1$$ 192.0.2.1 "$2" "$G.$1")
	[ "$r" = 0 ]
}
same() { [ "$(echo "$1" | tr a-z A-Z)" = "$(echo "$2" | tr a-z A-Z)" ]; }
preloader() { # LOAD: boots by OS79XX.TXT (SCCP below 6.x, SIP below 7.x)
	case $1 in
	P003-*) return 1 ;;
	P003[0-5]* | P0S3-0[0-6]-* | P0S3-[0-6]-*) return 0 ;;
	esac
	return 1
}
images_of() { # FILE: the parts a .loads lists
	tr -c 'A-Za-z0-9._-' '\n' <"$1" | grep -iE '\.(sbn|sb2|bin)$'
}
# boot N MAC: one boot of phone N (its load in $WORK/load.N); 0 when it
# booted on, 1 when it flashed and rebooted.
boot() {
	n=$1 mac=$2 load=$(cat "$WORK/load.$n")
	case $(cat "$WORK/model.$n") in
	79x0)
		if preloader "$load"; then
			get $n OS79XX.TXT || return 0
			x=$(cat "$G.$n")
			if ! same "$x" "$load"; then
				get $n "$x.bin" || return 0
				case $load in
				P003[0-5]*) case $x in P0S3-0[7-9]-* | P0S3-[7-9]-*) return 1 ;; esac ;;
				esac
				echo "$x" >"$WORK/load.$n"
				return 1
			fi
			get $n SIPDefault.cnf
			get $n "SIP$mac.cnf"
			return 0
		fi
		get $n "CTLSEP$mac.tlv"
		get $n "SEP$mac.cnf.xml"
		get $n "SIP$mac.cnf" || return 0
		x=$(sed -n 's/^image_version: *"\{0,1\}\([^"]*\)"\{0,1\}.*/\1/p' "$G.$n")
		;;
	xml)
		get $n "CTLSEP$mac.tlv"
		get $n "SEP$mac.cnf.xml" || return 0
		x=$(sed -n 's|.*<loadInformation>\(.*\)</loadInformation>.*|\1|p' "$G.$n")
		;;
	esac
	if [ -n "$x" ] && ! same "$x" "$load"; then
		get $n "$x.loads" || return 0
		cp "$G.$n" "$WORK/loads.$n"
		for p in $(images_of "$WORK/loads.$n"); do
			get $n "$p" || return 1 # cut short: it keeps its load
		done
		# A 79x1 below 8.3(3) given 9.x reboots in a loop on its old load.
		case $load:$x in SCCP41.8-[0-2]-*:*.9-* | SIP41.8-[0-2]-*:*.9-*) return 1 ;; esac
		echo "$x" >"$WORK/load.$n"
		return 1
	fi
	get $n SIPDefault.cnf
	get $n dialplan.xml
	return 0
}
# journey N TARGET: boot until it boots on TARGET without flashing (at most 8
# boots); REBOOTS counts the boots that flashed.  A boot that went on without
# flashing is a power cycle of the user's: a pre-loader phone whose load is
# not known yet is first offered SIP 6.3, and one already on it boots on.
journey() {
	REBOOTS=0
	b=0
	while [ $b -lt 8 ]; do
		b=$((b + 1))
		if boot $1 "001BD400000$1"; then
			same "$(cat "$WORK/load.$1")" "$2" && break
		else
			REBOOTS=$((REBOOTS + 1))
		fi
	done
}
images_asked() { # N: how many image files phone N asked for
	grep -ciE '\.(bin|loads|sbn|sb2)$' "$WORK/asked.$1" 2>/dev/null || true
}
phones() { # the starting loads
	for n in 1 2 3 4 5; do : >"$WORK/asked.$n"; done
	echo P00303020214 >"$WORK/load.1" && echo 79x0 >"$WORK/model.1"
	echo P0S3-06-3-00 >"$WORK/load.2" && echo 79x0 >"$WORK/model.2"
	echo P0S3-8-12-00 >"$WORK/load.3" && echo 79x0 >"$WORK/model.3"
	echo SCCP41.8-0-3S >"$WORK/load.4" && echo xml >"$WORK/model.4"
	echo P0S3-06-3-00 >"$WORK/load.5" && echo 79x0 >"$WORK/model.5"
}

run_journeys() { # TAG
	t=$1
	phones
	journey 1 P0S3-8-12-00
	check "$t: the 7940 on SCCP 3.2 reaches SIP 8.12 in 3 reboots ($REBOOTS), no store edit" \
		eval '[ "$(cat "$WORK/load.1")" = P0S3-8-12-00 ] && [ $REBOOTS = 3 ]'
	check "$t: ... by SIP 6.3, the loader, then the .loads and its two files" \
		eval 'grep -qx P0S3-06-3-00.bin "$WORK/asked.1" && grep -qx P003-8-12-00.bin "$WORK/asked.1" &&
		      grep -qx P0S3-8-12-00.loads "$WORK/asked.1" && grep -qx P0S3-8-12-00.sb2 "$WORK/asked.1" &&
		      ! grep -qx P0S3-8-12-00.bin "$WORK/asked.1"'
	journey 2 P0S3-8-12-00
	check "$t: the 7960 on SIP 6.3 reaches SIP 8.12 in 2 reboots ($REBOOTS)" \
		eval '[ "$(cat "$WORK/load.2")" = P0S3-8-12-00 ] && [ $REBOOTS = 2 ]'
	for b in 1 2 3; do boot 3 001BD4000003; done
	check "$t: the 7960 already on its target fetches no image over 3 boots ($(images_asked 3))" \
		eval '[ "$(images_asked 3)" = 0 ] && [ "$(cat "$WORK/load.3")" = P0S3-8-12-00 ]'
	journey 4 SIP41.9-4-2SR3-1S
	check "$t: the 7961 on SCCP 8.0 reaches SIP 9.4 through 8.5(2) in 2 reboots ($REBOOTS)" \
		eval '[ "$(cat "$WORK/load.4")" = SIP41.9-4-2SR3-1S ] && [ $REBOOTS = 2 ] &&
		      grep -qx SIP41.8-5-2SR1S.loads "$WORK/asked.4"'
	# What the phones fetched is what `phoneprov firmware` says they run.
	"$CLI" -c "$CONF" firmware 001BD4000001 001BD4000004 >"$WORK/fw.out" 2>&1
	check "$t: phoneprov firmware: the 7940 and the 7961 on their targets" \
		eval '[ "$(grep -c "target.*, reached" "$WORK/fw.out")" = 2 ]'
}

# A step's file missing: check names it, and status names it after a boot.
missing_step() { # TAG
	t=$1
	mv "$ROOT/P003-8-12-00.bin" "$WORK/P003-8-12-00.bin"
	"$CLI" -c "$CONF" check >"$WORK/check.out" 2>&1
	check "$t: check names the loader's missing .bin" \
		grep -q 'warning: firmware for 79[46]0: P003-8-12-00.bin is not in the TFTP root' "$WORK/check.out"
	boot 5 001BD4000005 # SIP 6.3: OS79XX.TXT names 6.3 itself; it goes on
	boot 5 001BD4000005 # now the loader, which is not there
	"$CLI" -c "$CONF" status >"$WORK/status.out" 2>&1
	check "$t: status names the missing step file after the boot that asked for it" \
		eval 'grep -A12 "^001BD4000005" "$WORK/status.out" | grep -q "problem   asked for P003-8-12-00.bin, which is not in the TFTP root"'
	mv "$WORK/P003-8-12-00.bin" "$ROOT/P003-8-12-00.bin"
}

# An image fetch cut short, through real in.tftpd: tests/integration/rrq.c
# plays the 7960 on SIP 6.3 (phone 5, just offered the loader) losing power
# after the first of the loader's two blocks.  in.tftpd's child has read the
# whole 700 bytes by then (it reads a block ahead); the phone has ACKed 512.
# The fetch must not count as flashed: the phone is offered the loader
# again, not the step after it, and status says the upgrade did not
# finish.  Forged "complete" lines (as a child taken over could write into
# its journal) for a file it did not serve, and for the cut one, teach
# nothing.  Then whole fetches: it is learned and goes on to its target.
cut_short() { # TAG
	t=$1
	[ -x "$WORK/rrq" ] || build_tool rrq
	forge() { # a complete end of P003-8-12-00.bin for phone 5, as a child would write it
		printf '%s event=transfer ip=192.0.2.15 mac=001BD4000005 name=P003-8-12-00.bin bytes=700 decision=sent\n' \
			"$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$STATE/tftpd.journal"
	}
	forge # its last fetch of that name was "not found"
	r=$(ns_get ppf5$$ 192.0.2.1 OS79XX.TXT "$G.x")
	check "$t: the 7960 on SIP 6.3 is offered the loader" grep -qx P003-8-12-00 "$G.x"
	out=$(in_ns ppf5$$ "$WORK/rrq" -c 1 192.0.2.1 69 P003-8-12-00.bin)
	check "$t: the phone went silent after one block ($out)" [ "$out" = "stopped after 1 blocks" ]
	# in.tftpd gives a silent client up after its retransmissions (about 7 s).
	eventually 300 grep -q 'event=transfer ip=192.0.2.15 .*name=P003-8-12-00.bin bytes=512 decision=cut' \
		"$STATE/tftpd.journal"
	check "$t: the child journals the fetch as cut short, 512 of 700 bytes acknowledged" \
		grep -q 'event=transfer ip=192.0.2.15 .*name=P003-8-12-00.bin bytes=512 decision=cut' \
		"$STATE/tftpd.journal"
	forge # after the cut one
	r=$(ns_get ppf5$$ 192.0.2.1 OS79XX.TXT "$G.x") # the reboot: it kept SIP 6.3
	check "$t: after the cut fetch it is offered the loader again, not the step past it" \
		grep -qx P003-8-12-00 "$G.x"
	check "$t: ... and the shim keeps it on SIP 6.3" \
		grep -q '^001BD4000005 exact P0S3-06-3-00 ' "$STATE/tftpd.firmware"
	"$CLI" -c "$CONF" status >"$WORK/status.out" 2>&1
	check "$t: status names the upgrade that did not finish" \
		eval 'grep -A40 "^001BD4000005" "$WORK/status.out" | grep -q "problem   an upgrade to P003-8-12-00 started and did not finish: a fetch was cut short"'
	"$CLI" -c "$CONF" firmware 001BD4000005 >"$WORK/fw.out" 2>&1
	check "$t: phoneprov firmware: still runs SIP 6.3, the forged lines taught nothing" \
		eval 'grep -q "runs     P0S3-06-3-00" "$WORK/fw.out" && ! grep -q "runs     P003-8-12-00" "$WORK/fw.out"'
	echo P0S3-06-3-00 >"$WORK/load.5"
	journey 5 P0S3-8-12-00
	check "$t: with whole fetches the 7960 then reaches SIP 8.12 in 2 reboots ($REBOOTS)" \
		eval '[ "$(cat "$WORK/load.5")" = P0S3-8-12-00 ] && [ $REBOOTS = 2 ]'
	check "$t: ... each image fetch journaled complete" \
		grep -q 'event=transfer ip=192.0.2.15 .*name=P0S3-8-12-00.sb2 bytes=700 decision=sent' \
		"$STATE/tftpd.journal"
}

# ---- in.tftpd ----------------------------------------------------------------------
TLOG=$WORK/tftpd-decisions.log
touch "$TLOG"
if ns_tftpd $S "$CONF" "$TLOG" "$ROOT"; then
	run_journeys firmware-tftpd
	missing_step firmware-tftpd
	cut_short firmware-tftpd
	check "firmware-tftpd: what was learned is kept in state_dir" \
		grep -q '^001BD4000001 exact P0S3-8-12-00 ' "$STATE/tftpd.firmware"
	# A restart of the server: the 7960 on its target is still known, and
	# a forged state file cannot send a phone off its path.
	stop_tftpd "$TPID"
	printf '001BD4000003 exact P0S3-8-12-00 1\n001BD4000004 exact SIP41.9-9-9 1\n001BD4000002 exact EVIL 1\n001BD4000002 pre-loader - 1' \
		>"$STATE/tftpd.firmware"
	ns_tftpd $S "$CONF" "$TLOG" "$ROOT"
	: >"$WORK/asked.3"
	boot 3 001BD4000003
	check "firmware-tftpd: after a restart the 7960 on its target fetches nothing" \
		eval '[ "$(images_asked 3)" = 0 ]'
	r=$(ns_get ppf4$$ 192.0.2.1 SEP001BD4000004.cnf.xml "$G.x")
	check "firmware-tftpd: a forged 'newer' load: the 7961 is offered its own, nothing to flash" \
		grep -q '<loadInformation>SIP41.9-9-9</loadInformation>' "$G.x"
	echo P0S3-06-3-00 >"$WORK/load.2"
	r=$(ns_get ppf2$$ 192.0.2.1 OS79XX.TXT "$G.x")
	check "firmware-tftpd: forged junk and a cut-short line: the 7960 is offered a step of its path" \
		eval 'grep -qx P0S3-06-3-00 "$G.x" || grep -qx P003-8-12-00 "$G.x"'
	stop_tftpd "$TPID"
else
	not_ok "firmware-tftpd: in.tftpd with the shim answers"
fi

# ---- dnsmasq -----------------------------------------------------------------------
rm -f "$STATE"/*
DLOG=$WORK/dnsmasq-decisions.log
touch "$DLOG"
chown nobody "$DLOG"
if start_dnsmasq $S "$WORK/dnsmasq.log" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" \
	PHONEPROV_LOG="$DLOG" -- --port=0 --interface=br0 --bind-interfaces --user=nobody \
	--enable-tftp --tftp-root="$ROOT"; then
	run_journeys firmware-dnsmasq
	missing_step firmware-dnsmasq
	kill "$DPID"
	wait "$DPID" 2>/dev/null
else
	not_ok "firmware-dnsmasq: start dnsmasq"
fi
