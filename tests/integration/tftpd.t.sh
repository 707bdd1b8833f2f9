#!/bin/sh
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016,SC2086,SC2002,SC2012 # eval'd checks; test lists split on purpose
# The shim in a real in.tftpd --foreground --secure on 127.0.0.1, fetched
# with real clients (curl tftp:// and tftp-hpa's tftp).  Needs root: the
# server chroots and switches to nobody, as it does in production.
. tests/integration/harness.sh

TESTS="boot-sequence xml-phone netascii lower-case traversal store-0600 edits \
broken-edit sequential parallel broken-start denied"
need_root $TESTS
need_tools $TESTS

M40=001BD4123456 # the 7940: SIP<MAC>.cnf, no SEP<MAC>.cnf.xml
M61=001BD4654321 # the 7961: SEP<MAC>.cnf.xml
LOAD=P0S3-08-2-00.loads

# The store lives where nobody cannot read it, root:root 0600 (README):
# the parent loads and re-reads it as root, before any fork or chroot.
STORE=$WORK/store
mkdir -m 700 "$STORE"
cp tests/data/integration.conf tests/data/integration-phones.inc "$STORE/"
CONF=$STORE/integration.conf
STATE=$WORK/state
mkdir -m 700 "$STATE"
sed -i "s|state_dir = \"/tmp\";|state_dir = \"$STATE\";|" "$CONF"
chmod 600 "$STORE"/*

ROOT=$WORK/root
make_root "$ROOT"
head -c 1500 /dev/urandom >"$ROOT/$LOAD" # two blocks of "firmware"
chmod 644 "$ROOT/$LOAD"

LOG=$WORK/decisions.log
start_tftpd "$ROOT" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$LOG" || {
	not_ok "start in.tftpd with the shim"
	exit 1
}
EXP=$WORK/expected
mkdir "$EXP"
for n in SIPDefault.cnf SIP$M40.cnf SEP$M61.cnf.xml RINGLIST.DAT dialplan.xml; do
	render "$CONF" "$n" "$EXP/$n" || not_ok "phoneprov render $n"
done
got=$WORK/got

# expect NAME CLIENT RESULT: one fetch.  RESULT is the expected file, or
# "not-found" (TFTP error 1, what a phone's hunt needs to go on).
expect() {
	case $2 in
	curl)
		rc=$(curl_get "$1" "$got")
		case $3 in
		not-found) [ "$rc" = 68 ] ;;
		*) [ "$rc" = 0 ] && cmp -s "$3" "$got" ;;
		esac
		;;
	tftp)
		r=$(tftp_get "$1" "$got" "${4:-binary}")
		case $3 in
		not-found) [ "$r" = "Error code 1: File not found" ] ;;
		*) [ "$r" = ok ] && cmp -s "$3" "$got" ;;
		esac
		;;
	esac
}

# ---- the boot sequence of a 7940 (research: a TFTP log of a real boot) ----
# CTLSEP<MAC>.tlv and SEP<MAC>.cnf.xml: not found, so the loader goes on to
# SIP<MAC>.cnf; the firmware comes from disk; then the defaults.
for client in tftp curl; do
	check "boot-sequence: CTLSEP$M40.tlv is file not found ($client)" \
		expect "CTLSEP$M40.tlv" $client not-found
	check "boot-sequence: SEP$M40.cnf.xml for a 7940 is file not found ($client)" \
		expect "SEP$M40.cnf.xml" $client not-found
	check "boot-sequence: SIP$M40.cnf is byte-identical to phoneprov render ($client)" \
		expect "SIP$M40.cnf" $client "$EXP/SIP$M40.cnf"
	check "boot-sequence: $LOAD comes from disk ($client)" \
		expect "$LOAD" $client "$ROOT/$LOAD"
	for n in SIPDefault.cnf "SIP$M40.cnf" RINGLIST.DAT dialplan.xml; do
		check "boot-sequence: $n ($client)" expect "$n" $client "$EXP/$n"
	done
done
check "boot-sequence: the password reached the 7940's own file" \
	grep -q 'line1_password: "pw-7940-secret"' "$EXP/SIP$M40.cnf"

# ---- an XML-family phone: a multi-block file, with tsize (curl) ----------
check "xml-phone: SEP$M61.cnf.xml for a 7961 (curl, tsize)" \
	expect "SEP$M61.cnf.xml" curl "$EXP/SEP$M61.cnf.xml"
check "xml-phone: SEP$M61.cnf.xml for a 7961 (tftp)" \
	expect "SEP$M61.cnf.xml" tftp "$EXP/SEP$M61.cnf.xml"
check "xml-phone: SIP$M61.cnf for a 7961 is file not found" \
	expect "SIP$M61.cnf" tftp not-found
check "xml-phone: a MAC not in the store is file not found" \
	expect "SEP001BD4FFFFFF.cnf.xml" curl not-found

# ---- netascii: in.tftpd converts on the fly, the client converts back ----
check "netascii: SIPDefault.cnf in netascii mode" \
	expect SIPDefault.cnf tftp "$EXP/SIPDefault.cnf" netascii

# ---- names are matched case-insensitively ----------------------------------
check "lower-case: sipdefault.cnf" expect sipdefault.cnf tftp "$EXP/SIPDefault.cnf"
check "lower-case: sip001bd4123456.cnf" expect sip001bd4123456.cnf curl "$EXP/SIP$M40.cnf"
check "lower-case: sep001bd4654321.cnf.xml" \
	expect sep001bd4654321.cnf.xml tftp "$EXP/SEP$M61.cnf.xml"
check "lower-case: ringlist.dat" expect ringlist.dat curl "$EXP/RINGLIST.DAT"

# ---- ../ and absolute paths -------------------------------------------------
no_secret() { # the last fetch holds no password
	! grep -q 'pw-' "$got" 2>/dev/null
}
check "traversal: ../etc/passwd is file not found" expect ../etc/passwd tftp not-found
check "traversal: ../../../etc/passwd is file not found (curl)" \
	expect ../../../etc/passwd curl not-found
check "traversal: /etc/passwd is file not found" expect /etc/passwd tftp not-found
check "traversal: ../SIP$M40.cnf is file not found, no password" \
	eval "expect ../SIP$M40.cnf tftp not-found && no_secret"
check "traversal: sub/../../SIP$M40.cnf is file not found, no password" \
	eval "expect sub/../../SIP$M40.cnf tftp not-found && no_secret"
check "traversal: /SIP$M40.cnf is the same file as SIP$M40.cnf under --secure" \
	expect "/SIP$M40.cnf" tftp "$EXP/SIP$M40.cnf"

# ---- the store: root-only, and never readable by the server user ------------
check "store-0600: the store is root:root 0600 in a 0700 folder, and served" \
	eval '[ "$(stat -c %a:%U "$CONF")" = 600:root ] && expect SIPDefault.cnf curl "$EXP/SIPDefault.cnf"'

# ---- edits: visible on the next fetch, no restart -------------------------
sed -i 's/integration-7940/edited-7940/' "$CONF"
render "$CONF" "SIP$M40.cnf" "$EXP/edited"
check "edits: the edit is visible in phoneprov render" grep -q edited-7940 "$EXP/edited"
check "edits: the store edit is served within 5 s" \
	eventually 50 expect "SIP$M40.cnf" curl "$EXP/edited"
sed -i 's/integration-7961/edited-7961/' "$STORE/integration-phones.inc"
render "$CONF" "SEP$M61.cnf.xml" "$EXP/edited-xml"
check "edits: an edit to an @include is served within 5 s" \
	eval "grep -q edited-7961 '$EXP/edited-xml' && eventually 50 expect SEP$M61.cnf.xml tftp '$EXP/edited-xml'"
# The start and the two edits: three loads, each of the two files libconfig
# read, named as it read them (no path joined twice, which would be a third).
check "edits: one reload per edit, each watching the store and its @include" \
	[ "$(count "loaded $CONF: phones=[0-9]* files=2\$" "$LOG")" = 3 ]

# A broken edit: the last good store keeps serving, logged once with FILE:LINE.
cp "$CONF" "$WORK/good.conf"
printf 'phones = ( this is not libconfig\n' >>"$CONF"
bad_line=$(wc -l <"$CONF")
eventually 50 grep -q -- "$CONF:$bad_line: " "$LOG"
ok_all=1
for i in 1 2 3; do
	expect "SIP$M40.cnf" curl "$EXP/edited" || ok_all=0
done
check "broken-edit: the last good store is still served (3 fetches)" [ $ok_all = 1 ]
check "broken-edit: logged once, with FILE:LINE" \
	[ "$(count "$CONF:$bad_line: " "$LOG")" = 1 ]
sed 's/edited-7940/fixed-7940/' "$WORK/good.conf" >"$CONF"
render "$CONF" "SIP$M40.cnf" "$EXP/fixed"
check "broken-edit: the repaired store is served within 5 s" \
	eval "grep -q fixed-7940 '$EXP/fixed' && eventually 50 expect SIP$M40.cnf tftp '$EXP/fixed'"

# What the (edited) store gives now.
for n in SIPDefault.cnf SIP$M40.cnf SEP$M61.cnf.xml RINGLIST.DAT dialplan.xml; do
	render "$CONF" "$n" "$EXP/$n" || not_ok "phoneprov render $n"
done

# ---- 100 sequential and 20 parallel fetches --------------------------------
NAMES="SIPDefault.cnf SIP$M40.cnf SEP$M61.cnf.xml RINGLIST.DAT dialplan.xml"
nth() { # the names in turn
	echo "$NAMES" | cut -d' ' -f$(($1 % 5 + 1))
}
loads=$(count "loaded $CONF:" "$LOG")
start=$(date +%s)
bad=0
i=0
while [ $i -lt 100 ]; do
	i=$((i + 1))
	n=$(nth $i)
	if [ $((i % 2)) = 0 ]; then
		expect "$n" curl "$EXP/$n" || bad=$((bad + 1))
	else
		expect "$n" tftp "$EXP/$n" || bad=$((bad + 1))
	fi
done
took=$(($(date +%s) - start))
check "sequential: 100 fetches, all correct ($bad wrong)" [ $bad = 0 ]
check "sequential: no reload in 100 fetches of a store with an @include" \
	[ "$(count "loaded $CONF:" "$LOG")" = "$loads" ]
check "sequential: 100 fetches in under 60 s (took ${took}s)" [ "$took" -lt 60 ]

start=$(date +%s)
pids=""
i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	n=$(nth $i)
	(
		curl -s --max-time "$TIMEOUT" -o "$WORK/par.$i" "tftp://127.0.0.1:$PORT/$n"
		echo "$? $n" >"$WORK/par.$i.rc"
	) &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p"
done
took=$(($(date +%s) - start))
bad=0
i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	read -r rc n <"$WORK/par.$i.rc" || rc=x
	[ "$rc" = 0 ] && cmp -s "$EXP/$n" "$WORK/par.$i" || bad=$((bad + 1))
done
check "parallel: 20 concurrent fetches, all correct ($bad wrong)" [ $bad = 0 ]
check "parallel: 20 concurrent fetches in under 30 s (took ${took}s)" [ "$took" -lt 30 ]

# ---- a store broken from the start: the disk is served, then the fix -------
printf 'version = 1;\nphones = ( {\n' >"$STORE/late.conf"
stop_tftpd "$PID"
LLOG=$WORK/late.log
start_tftpd "$ROOT" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$STORE/late.conf" \
	PHONEPROV_LOG="$LLOG" || not_ok "broken-start: start in.tftpd"
check "broken-start: with no good store the disk is still served" \
	expect "$LOAD" curl "$ROOT/$LOAD"
check "broken-start: and SIPDefault.cnf is file not found" expect SIPDefault.cnf tftp not-found
check "broken-start: logged once, with FILE:LINE" \
	[ "$(count "$STORE/late.conf:[0-9]*: " "$LLOG")" = 1 ]
cp "$CONF" "$STORE/late.conf"
check "broken-start: the repaired store is served within 5 s" \
	eventually 50 expect SIPDefault.cnf curl "$EXP/SIPDefault.cnf"

# ---- policy: a refused file is an error, and never its bytes ---------------
sed 's/mac_binding = "off";/mac_binding = "off"; allow = [ "192.0.2.0\/24" ];/' \
	"$CONF" >"$STORE/denied.conf"
stop_tftpd "$PID"
DLOG=$WORK/denied.log
start_tftpd "$ROOT" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$STORE/denied.conf" \
	PHONEPROV_LOG="$DLOG" || not_ok "denied: start in.tftpd"
r=$(tftp_get "SIP$M40.cnf" "$got")
check "denied: 127.0.0.1 outside security.allow gets File not found, as if missing ($r)" \
	eval '[ "$r" = "Error code 1: File not found" ] && no_secret'
check "denied: the firmware on disk is still served" expect "$LOAD" curl "$ROOT/$LOAD"
check "denied: logged as denied, with the reason" \
	[ "$(count 'decision=denied reason="client 127.0.0.1 is not in security.allow"' "$DLOG")" = 1 ]
# Loopback has no MAC: under strict binding a phone's own file is refused,
# a shared one is not.
sed 's/mac_binding = "off";/mac_binding = "strict";/' "$CONF" >"$STORE/strict.conf"
stop_tftpd "$PID"
SLOG=$WORK/strict.log
start_tftpd "$ROOT" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$STORE/strict.conf" \
	PHONEPROV_LOG="$SLOG" || not_ok "denied: start in.tftpd (strict)"
check "denied: strict binding on loopback refuses SIP$M40.cnf as not found" \
	eval 'expect "SIP$M40.cnf" tftp not-found && no_secret'
printf 'static copy with a secret pw-on-disk\n' >"$ROOT/SIP$M40.cnf"
chmod 644 "$ROOT/SIP$M40.cnf"
check "denied: even a file of that name on disk is not served to a stranger" \
	eval 'expect "SIP$M40.cnf" curl not-found && no_secret'
rm -f "$ROOT/SIP$M40.cnf"
check "denied: SIPDefault.cnf still goes to any client" \
	expect SIPDefault.cnf curl "$EXP/SIPDefault.cnf"
check "denied: the strict refusal is logged with its reason" \
	grep -q "decision=denied reason=\"the MAC of 127.0.0.1 is unknown: not a host on a link (a local, broadcast or multicast address); security.mac_binding is strict\"" "$SLOG"

# ---- the journal: the durable copy of each decision ---------------------------
J=$STATE/tftpd.journal
check "journal: in.tftpd's parent keeps tftpd.journal in state_dir" [ -s "$J" ]
check "journal: a served fetch, with its bytes" \
	grep -q "event=fetch ip=127.0.0.1 name=SIP$M40.cnf bytes=[0-9]* decision=served" "$J"
check "journal: a fall-through to the disk" \
	grep -q "event=fetch ip=127.0.0.1 name=$LOAD bytes=1500 decision=fell-through" "$J"
check "journal: a file not found" \
	grep -q "event=fetch ip=127.0.0.1 name=CTLSEP$M40.tlv decision=not-found" "$J"
check "journal: no password in the journal" eval '! grep -q "pw-" "$J"'
check "journal: root:root, not readable by the server user" \
	[ "$(stat -c %U:%a "$J")" = root:640 ]

[ -n "${PP_DEBUG:-}" ] && cat "$DLOG" "$SLOG" | sed "s/^/# /"
[ $failures = 0 ]
