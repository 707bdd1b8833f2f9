#!/bin/sh
# SPDX-License-Identifier: MIT
# phoneprov notify, for real, in network namespaces (192.0.2.0/24 only): a
# server namespace (bridge 192.0.2.1) runs in.tftpd with the shim; each
# phone is a namespace whose veth has the phone's MAC, with tests/integration
# /sipphone.c on its SIP port checking every NOTIFY and answering 200, a 4xx,
# garbage or nothing.  A simulated 79x0 boots by fetching SIP<MAC>.cnf over
# TFTP, and on check-sync fetches syncinfo.xml and "reboots" (fetches again)
# only when SYNC differs from the sync it booted with.  Kamailio, a real SIP
# stack, checks the wire format (sanity_check) and answers.
. tests/integration/harness.sh
. tests/integration/netns.sh

TESTS="notify-journal notify-changed notify-79x0 notify-xml notify-timers notify-timers-full
       notify-hostile notify-dry-run notify-pacing notify-kamailio notify-nonroot"
need_root $TESTS
need_tools $TESTS
need_netns $TESTS
build_tool sipphone
SIP=$WORK/sipphone

MA=001BD400000A MB=001BD400000B MX=001BD400000C MS=001BD400000D MT=001BD400000E
MN=001BD400000F MO=001BD4000010 MK=001BD4000011 MKX=001BD4000012
ROOT=$WORK/root
make_root "$ROOT"
STATE=$WORK/state
mkdir -m 755 "$STATE"
CONF=$WORK/phoneprov.conf
cat >"$CONF" <<EOF
version = 1;
tftp = { root = "$ROOT"; };
security = { mac_binding = "strict"; leases = "$WORK/leases"; allow = [ "192.0.2.0/25" ]; };
state_dir = "$STATE";
defaults = {
  proxy = { address = "192.0.2.1"; };
  firmware = ( { model = "7940"; load = "P0S3-08-2-00"; },
               { model = "7960"; load = "P0S3-8-12-00"; },
               { model = "7961"; load = "SIP41.9-4-2SR3-1S"; } );
  time_zone = "GMT";
};
phones = (
  { mac = "$MA"; model = "7940"; label = "A"; lines = ( { name = "100"; password = "pw-a"; } ); },
  { mac = "$MB"; model = "7960"; label = "B"; lines = ( { name = "101"; password = "pw-b"; } ); },
  { mac = "$MX"; model = "7961"; label = "X"; lines = ( { name = "102"; password = "pw-x"; } ); },
  { mac = "$MS"; model = "7941"; protocol = "sccp"; },
  { mac = "$MT"; model = "7940"; lines = ( { name = "104"; } ); },
  { mac = "$MN"; model = "7940"; },
  { mac = "$MO"; model = "7940"; },
  { mac = "$MK"; model = "7940"; lines = ( { name = "kam"; } ); },
  { mac = "$MKX"; model = "7961"; lines = ( { name = "kamx"; } ); }
);
EOF
chmod 600 "$CONF"
# DHCP claims: T and K by the lease file; O (outside security.allow) and KX by the hook.
cat >"$WORK/leases" <<EOF
1700000000 00:1b:d4:00:00:0e 192.0.2.14 t *
1700000000 00:1b:d4:00:00:11 192.0.2.15 k *
EOF
cat >"$STATE/bindings" <<EOF
2025-11-26T14:00:00Z event=binding ip=192.0.2.200 mac=$MO
2025-11-26T14:00:00Z event=binding ip=192.0.2.16 mac=$MKX
EOF

S=ppnS$$
new_ns $S || {
	not_ok "namespaces"
	exit 1
}
in_ns $S ip link add br0 type bridge
in_ns $S ip addr add 192.0.2.1/24 dev br0
in_ns $S ip link set br0 up
# plug TAG MAC IP...: a namespace ppnTAG$$ on the bridge, its veth with MAC and the IPs
# (not \$ns: in_ns sets that)
plug() {
	pns=ppn$1$$
	new_ns "$pns" || return 1
	ip link add "b$1$$" netns $S type veth peer name "c$1$$" netns "$pns"
	in_ns $S ip link set "b$1$$" master br0
	in_ns $S ip link set "b$1$$" up
	in_ns "$pns" ip link set "c$1$$" address "$2"
	t=$1
	shift 2
	for a in "$@"; do
		in_ns "$pns" ip addr add "$a/24" dev "c$t$$"
	done
	in_ns "$pns" ip link set "c$t$$" up
}
plug A 00:1b:d4:00:00:0a 192.0.2.10
plug B 00:1b:d4:00:00:0b 192.0.2.11
plug X 00:1b:d4:00:00:0c 192.0.2.12
plug T 00:1b:d4:00:00:0e 192.0.2.14
plug K 02:00:5e:00:00:15 192.0.2.15 192.0.2.16
PACED=""
i=0
while [ $i -lt 20 ]; do
	PACED="$PACED 192.0.2.$((100 + i))"
	i=$((i + 1))
done
# shellcheck disable=SC2086
plug P 02:00:5e:00:00:64 $PACED
i=0
while [ $i -lt 50 ] && ! in_ns ppnA$$ ping -c 1 -W 1 192.0.2.1 >/dev/null 2>&1; do
	i=$((i + 1))
done

TLOG=$WORK/tftpd.log
ns_tftpd $S "$CONF" "$TLOG" "$ROOT"

notify() { # ARGS...: phoneprov notify in the server namespace; output in $OUT, code in $RC
	OUT=$(in_ns $S "$CLI" -c "$CONF" notify "$@" 2>&1)
	RC=$?
	printf '%s\n' "$OUT" | sed 's/^/#   /'
}
has() { # TEXT: $OUT has a line with TEXT
	printf '%s\n' "$OUT" | grep -q -- "$1"
}
listening() { # NS IP: wait (at most 3 s) for a SIP listener
	i=0
	while [ $i -lt 30 ] && ! in_ns "$1" ss -Hlun "src $2:5060" 2>/dev/null | grep -q .; do
		sleep 0.1
		i=$((i + 1))
	done
}
listen() { # TAG IP [sipphone options]: a listener in ppnTAG$$, log $WORK/TAG.sip; sets LPID
	t=$1 ip=$2
	shift 2
	ip netns exec "ppn$t$$" "$SIP" -a "$ip" -l "$WORK/$t.sip" "$@" >"$WORK/$t.event" &
	LPID=$!
	listening "ppn$t$$" "$ip"
}

# ---- the simulated 79x0 ------------------------------------------------------------------
boot() { # TAG MAC: fetch SIP<MAC>.cnf as the phone; keep the sync it says
	r=$(ns_get "ppn$1$$" 192.0.2.1 "SIP$2.cnf" "$WORK/$1.cnf")
	sed -n 's/^sync: "\(.*\)"$/\1/p' "$WORK/$1.cnf" >"$WORK/$1.sync"
	echo "$r" >"$WORK/$1.boot"
	[ "$r" = 0 ] && [ -s "$WORK/$1.sync" ]
}
# phone79 TAG MAC IP USER: answer one NOTIFY (or give up after 6 s); on check-sync fetch
# syncinfo.xml and boot again only if its SYNC differs.  Writes reboot, stay or none.
phone79() {
	ev=$(in_ns "ppn$1$$" "$SIP" -a "$3" -u "$4" -n 1 -t 6 -l "$WORK/$1.sip")
	if [ "$ev" = check-sync ]; then
		ns_get "ppn$1$$" 192.0.2.1 syncinfo.xml "$WORK/$1.syncinfo" >/dev/null
		s=$(sed -n 's/.*SYNC="\([^"]*\)".*/\1/p' "$WORK/$1.syncinfo")
		if [ "$s" != "$(cat "$WORK/$1.sync")" ]; then
			boot "$1" "$2"
			echo reboot
		else
			echo stay
		fi
	else
		echo "$ev"
	fi >"$WORK/$1.result"
}
start79() { # start the simulated A and B; sets SIMS
	rm -f "$WORK/A.result" "$WORK/B.result"
	phone79 A $MA 192.0.2.10 100 &
	SIMS=$!
	phone79 B $MB 192.0.2.11 101 &
	SIMS="$SIMS $!"
	listening ppnA$$ 192.0.2.10
	listening ppnB$$ 192.0.2.11
}
result() { # TAG
	cat "$WORK/$1.result" 2>/dev/null
}

# ---- Timer F in full, in the background while the rest runs -----------------------------
listen T 192.0.2.14 -m silent -n 100 -t 40
TLPID=$LPID
T0=$(date +%s.%N)
(in_ns $S "$CLI" -c "$CONF" notify "$MT" >"$WORK/T.out" 2>&1; echo $? >"$WORK/T.rc"; date +%s.%N >"$WORK/T.end") &
TFULL=$!

# ---- boot: the journal records a keyed digest of each file served ------------------------
boot A $MA
boot B $MB
r=$(ns_get ppnX$$ 192.0.2.1 "SEP$MX.cnf.xml" "$WORK/X.xml")
J=$STATE/tftpd.journal
check "notify-journal: the phones booted (A $(cat "$WORK/A.boot"), B $(cat "$WORK/B.boot"), X $r)" \
	eval '[ -s "$WORK/A.sync" ] && [ -s "$WORK/B.sync" ] && [ "$r" = 0 ]'
check "notify-journal: the journal has digest= for each file served" \
	grep -q "ip=192.0.2.10 mac=$MA name=SIP$MA.cnf bytes=[0-9]* decision=served digest=[0-9a-f]\{16\}$" "$J"
check "notify-journal: tftpd.key is root's, mode 600, and no password or sync is in the journal" \
	eval '[ "$(stat -c %U:%a "$STATE/tftpd.key")" = root:600 ] && ! grep -q "pw-\|$(cat "$WORK/A.sync")" "$J"'
check "notify-journal: the two 79x0s got different sync digests" \
	eval '[ "$(cat "$WORK/A.sync")" != "$(cat "$WORK/B.sync")" ]'

notify --changed
check "notify-changed: right after boot nothing has changed (exit $RC)" \
	eval '[ $RC = 0 ] && has "^$MA .*unchanged" && has "^$MB .*unchanged" && has "^$MX .*unchanged" && has "0 answered"'
check "notify-changed: a phone never seen is left alone, and says why" \
	has "^$MN .*skipped: no record of what it was served"

# ---- an edit of A only: --changed reaches A, not B; A reboots ----------------------------
edit_store "$TLOG" 's/label = "A";/label = "A2";/' "$CONF"
in_ns $S ip neigh flush dev br0 # A's address now comes from the journal
start79
notify --changed
# shellcheck disable=SC2086
wait $SIMS
check "notify-changed: after an edit of A, A answered 200 (exit $RC)" \
	eval '[ $RC = 0 ] && has "^$MA  7940   answered 200 OK: check-sync to 192.0.2.10:5060 (its last fetch in the journal), 1 send.*changed: SIP$MA.cnf"'
check "notify-changed: B was left alone: unchanged, no NOTIFY reached it" \
	eval 'has "^$MB .*unchanged since its last fetch" && [ "$(result B)" = none ]'
check "notify-79x0: A fetched syncinfo.xml, its sync differed: it rebooted ($(result A))" \
	eval '[ "$(result A)" = reboot ] && grep -q "decision=served" "$J"'
notify --changed
check "notify-changed: once A fetched its new files, nothing has changed (exit $RC)" \
	eval '[ $RC = 0 ] && has "^$MA .*unchanged" && has "0 answered"'

# Another edit of A; both get check-sync: A reboots, B (whose files are the same) does not.
edit_store "$TLOG" 's/label = "A2";/label = "A3";/' "$CONF"
start79
notify "$MA" "$MB"
# shellcheck disable=SC2086
wait $SIMS
check "notify-79x0: both answered (exit $RC)" \
	eval '[ $RC = 0 ] && has "^$MA .*answered 200" && has "^$MB .*answered 200 OK: check-sync to 192.0.2.11:5060"'
check "notify-79x0: A rebooted after a change to its own files ($(result A))" [ "$(result A)" = reboot ]
check "notify-79x0: B did not, after a change to another phone's ($(result B))" [ "$(result B)" = stay ]
check "notify-79x0: each NOTIFY passed the listener's checks (request line, Via, From, To, Call-ID, CSeq, Event, Content-Length)" \
	eval '! grep -q bad: "$WORK/A.sip" "$WORK/B.sip"'
check "notify-79x0: a fresh Call-ID and branch each time" \
	eval '[ "$(awk "{print \$4, \$5}" "$WORK/A.sip" "$WORK/B.sip" | sort -u | wc -l)" = "$(cat "$WORK/A.sip" "$WORK/B.sip" | wc -l)" ]'
# A store edit of the defaults changes every 79x0's files.
edit_store "$TLOG" 's/time_zone = "GMT";/time_zone = "CET";/' "$CONF"
notify --changed --dry-run
check "notify-changed: an edit of the defaults changes both A and B (dry run)" \
	eval 'has "^$MA .*would send check-sync" && has "^$MB .*would send check-sync" && has "^$MX .*would send service-control action=restart"'
edit_store "$TLOG" 's/time_zone = "CET";/time_zone = "GMT";/' "$CONF"

# ---- the XML family: service-control ---------------------------------------------------------
listen X 192.0.2.12 -u 102 -e service-control -b restart
notify "$MX"
wait $LPID
check "notify-xml: service-control action=restart, answered (exit $RC)" \
	eval '[ $RC = 0 ] && has "^$MX  7961   answered 200 OK: service-control action=restart to 192.0.2.12:5060" && grep -q "^[0-9]* ok new" "$WORK/X.sip"'
rm -f "$WORK/X.sip"
listen X 192.0.2.12 -u 102 -e service-control -b reset
notify --reboot "$MX"
wait $LPID
check "notify-xml: --reboot sends action=reset (exit $RC)" \
	eval '[ $RC = 0 ] && has "action=reset" && grep -q "^[0-9]* ok new" "$WORK/X.sip"'
listen X 192.0.2.12 -u 102 -e service-control -m 489
notify "$MX"
wait $LPID
check "notify-xml: a 489 is reported with its code, and fails the run (exit $RC)" \
	eval '[ $RC = 5 ] && has "^$MX .*answered 489 Refused"'

# ---- RFC 3261 timers --------------------------------------------------------------------------
rm -f "$WORK/A.sip"
listen A 192.0.2.10 -u 100 -m silent -n 100 -t 8
notify --timeout 4 "$MA"
kill "$LPID" 2>/dev/null
wait "$LPID" 2>/dev/null
times=$(awk '{printf "%s ", $1}' "$WORK/A.sip")
# within 250 ms of 0, 500, 1500, 3500: T1, then doubling
timing_ok() { # EXPECTED... against $times
	set -- "$@"
	n=0
	for t in $times; do
		n=$((n + 1))
		[ $# -ge 1 ] || return 1
		d=$((t - $1))
		[ $d -ge -250 ] && [ $d -le 250 ] || return 1
		shift
	done
	[ $# = 0 ]
}
check "notify-timers: silent phone: sent at 0, 0.5, 1.5, 3.5 s, then given up at 4 s ($times)" \
	timing_ok 0 500 1500 3500
check "notify-timers: reported as no answer after 4 sends, exit 5 ($RC)" \
	eval '[ $RC = 5 ] && has "^$MA .*no answer: check-sync to 192.0.2.10:5060 (neighbour table), 4 sends over 4.0 s"'
check "notify-timers: every retransmission is the same transaction" \
	eval '[ "$(grep -c " retransmission " "$WORK/A.sip")" = 3 ] && ! grep -q bad: "$WORK/A.sip"'
rm -f "$WORK/A.sip"
listen A 192.0.2.10 -u 100 -m trying -n 1 -t 8
notify "$MA"
wait "$LPID"
check "notify-timers: 100 Trying, then 200 a second later: answered, no retransmission in between" \
	eval '[ $RC = 0 ] && has "^$MA .*answered 200 OK.*1 send, 1\.0" && [ "$(wc -l <"$WORK/A.sip")" = 1 ]'

# ---- hostile cases ----------------------------------------------------------------------------
notify 02:00:5e:00:00:99
check "notify-hostile: a MAC not in the store: exit 5, said so" \
	eval '[ $RC = 5 ] && has "^02005E000099 .*skipped: not in the store"'
notify "$MN"
check "notify-hostile: a phone with no known address: exit 5, said so" \
	eval '[ $RC = 5 ] && has "^$MN .*skipped: no known address"'
notify "$MO"
check "notify-hostile: an address outside security.allow is not notified: exit 5" \
	eval '[ $RC = 5 ] && has "^$MO .*skipped: 192.0.2.200 (dhcp-script bindings) is outside security.allow"'
notify "$MS"
check "notify-hostile: an SCCP phone cannot be reached by SIP: said so, exit 5" \
	eval '[ $RC = 5 ] && has "^$MS .*skipped: an SCCP phone"'
for m in garbage otherbranch; do
	listen A 192.0.2.10 -u 100 -m $m -n 1 -t 6
	start=$(date +%s)
	notify --timeout 2 "$MA"
	took=$(($(date +%s) - start))
	kill "$LPID" 2>/dev/null
	wait "$LPID" 2>/dev/null
	check "notify-hostile: a listener answering $m: no answer, shown, no hang (${took}s)" \
		eval '[ $RC = 5 ] && [ $took -le 4 ] && has "^$MA .*no answer:.*answered nothing"'
done
notify not-a-mac
check "notify-hostile: a malformed MAC is a usage error (exit $RC)" [ "$RC" = 2 ]
notify
check "notify-hostile: no phone named is a usage error (exit $RC)" [ "$RC" = 2 ]
notify --all "$MA"
check "notify-hostile: --all with MACs is a usage error (exit $RC)" [ "$RC" = 2 ]

# ---- dry run ----------------------------------------------------------------------------------
rm -f "$WORK/A.sip"
listen A 192.0.2.10 -u 100 -m silent -n 1 -t 2
notify --dry-run --all
wait "$LPID"
check "notify-dry-run: says what it would send, sends nothing; exit 5 (a phone has no address)" \
	eval '[ $RC = 5 ] && has "^$MA .*would send check-sync to 192.0.2.10:5060" && [ ! -s "$WORK/A.sip" ]'

# ---- pacing: 20 phones, at most 10 a second by default ------------------------------------
C2=$WORK/paced.conf
{
	printf 'version = 1;\nsecurity = { mac_binding = "off"; leases = "%s/paced.leases"; };\n' "$WORK"
	printf 'state_dir = "%s/paced";\ndefaults = { proxy = { address = "192.0.2.1"; }; };\nphones = (\n' "$WORK"
	i=0
	while [ $i -lt 20 ]; do
		printf '  { mac = "00:1b:d4:00:01:%02x"; model = "7940"; }%s\n' $i "$([ $i -lt 19 ] && echo ,)"
		echo "1700000000 00:1b:d4:00:01:$(printf %02x $i) 192.0.2.$((100 + i)) p *" >>"$WORK/paced.leases"
		i=$((i + 1))
	done
	printf ');\n'
} >"$C2"
mkdir -p "$WORK/paced"
paced() { # RATE-OPTIONS...: first-send times (ms) of the 20 phones, in $WORK/P.times
	rm -f "$WORK/P.sip"
	listen P 0.0.0.0 -m silent -n 1000 -t 6
	in_ns $S "$CLI" -c "$C2" notify --all --timeout 0.5 "$@" >"$WORK/P.out" 2>&1
	kill "$LPID" 2>/dev/null
	wait "$LPID" 2>/dev/null
	awk '$3 == "new" {print $1}' "$WORK/P.sip" >"$WORK/P.times"
}
paced
n=$(wc -l <"$WORK/P.times")
span=$(tail -n 1 "$WORK/P.times")
eleventh=$(sed -n 11p "$WORK/P.times")
check "notify-pacing: 20 phones at the default rate: started over ${span} ms, the 11th at ${eleventh} ms ($n)" \
	eval '[ "$n" = 20 ] && [ "$span" -ge 1800 ] && [ "$eleventh" -ge 950 ]'
paced --rate 50
n=$(wc -l <"$WORK/P.times")
span=$(tail -n 1 "$WORK/P.times")
check "notify-pacing: --rate 50: the same 20 over ${span} ms ($n)" \
	eval '[ "$n" = 20 ] && [ "$span" -ge 300 ] && [ "$span" -le 700 ]'

# ---- a real SIP stack: Kamailio parses and answers -------------------------------------------
KAM=$(command -v kamailio || true)
MODS=$(dirname "$(find /usr/lib -name sl.so -path '*kamailio*' 2>/dev/null | head -n 1)" 2>/dev/null)
if [ -z "$KAM" ] || [ ! -e "$MODS/sanity.so" ]; then
	echo "skip - notify-kamailio: kamailio is not installed (sh tools/deps.sh)"
else
	mkdir -p "$WORK/kamrun"
	cat >"$WORK/kam.cfg" <<EOF
#!KAMAILIO
debug=2
log_stderror=yes
children=1
auto_aliases=no
listen=udp:192.0.2.15:5060
listen=udp:192.0.2.16:5060
loadpath "$MODS/"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "xlog.so"
loadmodule "textops.so"
loadmodule "sanity.so"
loadmodule "maxfwd.so"
request_route {
	if (!sanity_check("17895", "7")) {
		xlog("L_ERR", "PPTEST insane \$rm \$ru\n");
		exit;
	}
	if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
	if (is_method("NOTIFY") && (\$hdr(Event) == "check-sync" || \$hdr(Event) == "service-control")) {
		xlog("L_ERR", "PPTEST NOTIFY ru=\$ru event=\$hdr(Event) cid=\$ci cseq=\$cs ft=\$ft via=\$hdr(Via) cl=\$cl ct=\$hdr(Content-Type) body=[\$rb]\n");
		sl_send_reply("200", "OK");
		exit;
	}
	sl_send_reply("489", "Bad Event");
}
EOF
	ip netns exec ppnK$$ "$KAM" -f "$WORK/kam.cfg" -DD -E -Y "$WORK/kamrun" -m 32 -M 8 >"$WORK/kam.log" 2>&1 &
	KPID=$!
	SERVERS="$SERVERS $KPID"
	listening ppnK$$ 192.0.2.16
	notify "$MK" "$MKX"
	check "notify-kamailio: Kamailio answered both forms 200 (exit $RC)" \
		eval '[ $RC = 0 ] && has "^$MK .*answered 200 OK: check-sync to 192.0.2.15:5060 (lease file)" && has "^$MKX .*answered 200 OK: service-control action=restart to 192.0.2.16:5060 (dhcp-script bindings)"'
	check "notify-kamailio: its sanity checks passed, and it read both NOTIFYs as sent" \
		eval '! grep -q "PPTEST insane" "$WORK/kam.log" && grep -q "PPTEST NOTIFY ru=sip:kam@192.0.2.15:5060 event=check-sync .* cl=0 " "$WORK/kam.log" && grep -q "PPTEST NOTIFY ru=sip:kamx@192.0.2.16:5060 event=service-control .*branch=z9hG4bK.* ct=text/plain body=\[action=restart" "$WORK/kam.log"'
	# The control: the same checks refuse a NOTIFY whose Content-Length lies.
	printf 'NOTIFY sip:kam@192.0.2.15:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5999;branch=z9hG4bKbroken;rport\r\nMax-Forwards: 70\r\nFrom: <sip:x@192.0.2.1>;tag=1\r\nTo: <sip:kam@192.0.2.15>\r\nCall-ID: broken@192.0.2.1\r\nCSeq: 1 NOTIFY\r\nEvent: check-sync\r\nContent-Length: 40\r\n\r\n' >"$WORK/broken.sip"
	r=$(in_ns $S "$SIP" -s "$WORK/broken.sip" -a 192.0.2.15)
	check "notify-kamailio: and they do bite: a NOTIFY with a wrong Content-Length gets '$r'" \
		eval 'echo "$r" | grep -q "^SIP/2.0 400"'
	stop_tftpd "$KPID"
fi

# ---- not root: --changed needs the writers' keys -------------------------------------------
chmod 644 "$CONF"
OUT=$(in_ns $S setpriv --reuid=nobody --regid=nogroup --clear-groups "$CLI" -c "$CONF" notify --changed 2>&1)
RC=$?
chmod 600 "$CONF"
printf '%s\n' "$OUT" | sed 's/^/#   /'
check "notify-nonroot: --changed as another user names the journal it cannot read (exit $RC)" \
	eval '[ $RC = 1 ] && has "cannot read $STATE/tftpd.journal: Permission denied"'

# ---- the Timer F run started at the beginning -----------------------------------------------
wait "$TFULL"
kill "$TLPID" 2>/dev/null
wait "$TLPID" 2>/dev/null
times=$(awk '{printf "%s ", $1}' "$WORK/T.sip")
took=$(awk -v a="$T0" -v b="$(cat "$WORK/T.end")" 'BEGIN { printf "%.1f", b - a }')
sed 's/^/#   /' "$WORK/T.out"
check "notify-timers-full: sent at T1 doubling to T2 (0 .5 1.5 3.5 7.5 11.5 ... 31.5 s): $times" \
	timing_ok 0 500 1500 3500 7500 11500 15500 19500 23500 27500 31500
check "notify-timers-full: given up at Timer F = 32 s (${took} s), exit 5" \
	eval '[ "$(cat "$WORK/T.rc")" = 5 ] && grep -q "no answer: check-sync to 192.0.2.14:5060 (lease file), 11 sends over 3[1-3]\.[0-9] s" "$WORK/T.out" && awk -v t="$took" "BEGIN { exit !(t >= 31.5 && t <= 34) }"'

stop_tftpd "$TPID"
[ $failures = 0 ]
