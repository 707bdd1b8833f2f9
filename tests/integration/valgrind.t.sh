#!/bin/sh
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016,SC2086 # eval'd checks; option lists split on purpose
# Valgrind memcheck on in.tftpd with the shim: the server runs under
# `valgrind --trace-children=yes`, so the listening parent and every child it
# forks for a transfer are checked, while real clients replay a 7940's boot
# log (tftpd.t.sh's boot sequence), fetch every other kind of file, and the
# store is edited, broken and repaired under the running server.
# Passes only with 0 errors that have a frame in our code
# (libphoneprov-preload.so, lib/, hooks/), leaks included.  The server's own
# errors are suppressed in tests/integration/valgrind.supp, one by one, and
# the suppressions used are listed.  Needs root (as tftpd.t.sh) and valgrind.
. tests/integration/harness.sh

TESTS="valgrind"
need_root $TESTS
need_tools $TESTS
if ! command -v valgrind >/dev/null 2>&1; then
	echo "skip - valgrind: valgrind is not installed (apt-get install valgrind)"
	exit 0
fi

M40=001BD4123456 # the 7940: SIP<MAC>.cnf
M61=001BD4654321 # the 7961: SEP<MAC>.cnf.xml
LOAD=P0S3-08-2-00.loads
TOP=$(pwd)
SUPP=$TOP/tests/integration/valgrind.supp

# The store and the TFTP root as tftpd.t.sh has them.
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
head -c 1500 /dev/urandom >"$ROOT/$LOAD"
chmod 644 "$ROOT/$LOAD"
EXP=$WORK/expected
mkdir "$EXP"
NAMES="SIPDefault.cnf SIP$M40.cnf SEP$M61.cnf.xml XMLDefault.cnf.xml OS79XX.TXT RINGLIST.DAT
dialplan.xml syncinfo.xml"
for n in $NAMES; do
	render "$CONF" "$n" "$EXP/$n" || not_ok "valgrind: phoneprov render $n"
done
got=$WORK/got

# Each process writes its own log (%p; valgrind reopens it in each child).
# --vgdb=no: a child cannot remove vgdb's FIFOs once it has chrooted.
VG=$WORK/vg
mkdir "$VG"
TFTPD="valgrind --tool=memcheck --trace-children=yes --error-exitcode=99 --vgdb=no
--leak-check=full --show-leak-kinds=definite,possible --errors-for-leak-kinds=definite,possible
--num-callers=40 --fullpath-after= --suppressions=$SUPP --log-file=$VG/%p.log in.tftpd"
LOG=$WORK/decisions.log
start=$(date +%s)
start_tftpd "$ROOT" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$LOG" || {
	not_ok "valgrind: start in.tftpd under valgrind"
	exit 1
}

fetches=0
expect() { # NAME CLIENT RESULT: as in tftpd.t.sh (RESULT: a file or not-found)
	fetches=$((fetches + 1))
	case $2 in
	curl)
		rc=$(curl_get "$1" "$got")
		case $3 in
		not-found) [ "$rc" = 68 ] ;;
		*) [ "$rc" = 0 ] && cmp -s "$3" "$got" ;;
		esac
		;;
	tftp)
		r=$(tftp_get "$1" "$got")
		case $3 in
		not-found) [ "$r" = "Error code 1: File not found" ] ;;
		*) [ "$r" = ok ] && cmp -s "$3" "$got" ;;
		esac
		;;
	esac
}

# ---- the 7940's boot log, replayed with both clients (tsize with curl) ------
bad=0
for client in tftp curl; do
	expect "CTLSEP$M40.tlv" $client not-found || bad=$((bad + 1))
	expect "SEP$M40.cnf.xml" $client not-found || bad=$((bad + 1))
	expect "SIP$M40.cnf" $client "$EXP/SIP$M40.cnf" || bad=$((bad + 1))
	expect "$LOAD" $client "$ROOT/$LOAD" || bad=$((bad + 1))
	for n in SIPDefault.cnf "SIP$M40.cnf" RINGLIST.DAT dialplan.xml; do
		expect "$n" $client "$EXP/$n" || bad=$((bad + 1))
	done
done
# ... and every other kind of file, and names in lower case
for n in "SEP$M61.cnf.xml" XMLDefault.cnf.xml OS79XX.TXT syncinfo.xml; do
	expect "$n" curl "$EXP/$n" || bad=$((bad + 1))
done
expect sip001bd4123456.cnf tftp "$EXP/SIP$M40.cnf" || bad=$((bad + 1))
expect ../SIP$M40.cnf tftp not-found || bad=$((bad + 1))
check "valgrind: the boot log replayed under valgrind, every answer right ($bad wrong)" \
	[ $bad = 0 ]

# ---- the store edited, broken and repaired under the running server --------
ok_all=1
sed -i 's/integration-7940/edited-7940/' "$CONF"
render "$CONF" "SIP$M40.cnf" "$EXP/edited"
eventually 100 expect "SIP$M40.cnf" tftp "$EXP/edited" || ok_all=0
cp "$CONF" "$WORK/good.conf"
printf 'phones = ( this is not libconfig\n' >>"$CONF"
bad_line=$(wc -l <"$CONF")
eventually 100 grep -q -- "$CONF:$bad_line: " "$LOG" || ok_all=0
expect "SIP$M40.cnf" curl "$EXP/edited" || ok_all=0 # the last good store
cp "$WORK/good.conf" "$CONF"
sed -i 's/edited-7940/fixed-7940/' "$CONF"
render "$CONF" "SIP$M40.cnf" "$EXP/fixed"
eventually 100 expect "SIP$M40.cnf" tftp "$EXP/fixed" || ok_all=0
check "valgrind: an edit, a broken edit and the fix, each served within 10 s" \
	[ $ok_all = 1 ]
check "valgrind: the shim served from inside the valgrind'd server" \
	[ "$(count 'decision=served' "$LOG")" -gt 10 ]

# ---- stop, and let every process write its summary ---------------------------
# SIGTERM: valgrind reports the parent's leaks as it dies.  Bounded: 60 s.
kill "$PID" 2>/dev/null
i=0
while kill -0 "$PID" 2>/dev/null && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -9 "$PID" 2>/dev/null
i=0
while [ $i -lt 300 ]; do
	open=0
	for x in "$VG"/*.log; do
		grep -q 'ERROR SUMMARY' "$x" || open=$((open + 1))
	done
	[ $open = 0 ] && break
	sleep 0.1
	i=$((i + 1))
done
took=$(($(date +%s) - start))
nlogs=$(find "$VG" -name "*.log" | wc -l)
check "valgrind: every in.tftpd process traced and finished ($nlogs logs for $fetches fetches)" \
	eval '[ "$nlogs" -gt "$fetches" ] && [ "$open" = 0 ]'

# ---- count: an error is ours when a frame is in our objects or sources -------
# A log is blocks of lines between "==PID== " lines.  An error is a block
# with a stack ("at 0x..." lines) that is not one of valgrind's notes
# ("Process terminating ...", whose stack is wherever the server was when
# SIGTERM came: in our recvfrom wrapper, say).  Only the part before the
# first ERROR SUMMARY is read.  Prints "PID ours|other FIRST-LINE" per error
# and, for ours, the frames in our code as "PID #   FRAME".
classify() { # $1 = log file
	awk -v top="$TOP" '
	function flush() {
		if (stack && head !~ /^(Process terminating|Warning|HEAP SUMMARY|LEAK SUMMARY)/) {
			print pid " " (mine ? "ours" : "other") " " head
			if (mine) printf "%s", frames
			n++
		}
		head = ""; stack = mine = 0; frames = ""
	}
	{ pid = $1; gsub(/=/, "", pid); sub(/^==[0-9]+== ?/, "") }
	/^ERROR SUMMARY/ { flush(); summary += $3; exit }
	/^$/ { flush(); next }
	head == "" { head = $0 }
	/^ +(at|by) 0x/ {
		stack = 1
		if (index($0, "/libphoneprov-preload.so") || index($0, "(" top "/lib/") ||
		    index($0, "(" top "/hooks/")) {
			mine = 1
			frames = frames pid " #  " $0 "\n"
		}
	}
	END { print pid " summary " summary + 0 " blocks " n + 0 }
	' "$1"
}
: >"$WORK/errors"
for x in "$VG"/*.log; do
	classify "$x" >>"$WORK/errors"
done
ours=$(grep -c '^[0-9]* ours ' "$WORK/errors")
other=$(grep -c '^[0-9]* other ' "$WORK/errors")
# The parser checked against valgrind's own counts.  A forked child's
# ERROR SUMMARY also counts what its parent had before the fork, logged in
# the parent's file, so per log: found <= summary; and overall: no errors
# in the summaries means none found, and the other way round.
parsed=$(awk '$2 == "summary" { s += $3; b += $5; if ($5 > $3) bad++ }
	END { print (bad || (s > 0) != (b > 0)) ? "no" : "yes", s + 0, b + 0 }' "$WORK/errors")
check "valgrind: the logs parse (consistent, summaries/found: $parsed)" \
	eval 'set -- $parsed; [ "$1" = yes ]'
suppressed=$(sed -n 's/.*ERROR SUMMARY: .*(suppressed: \([0-9]*\) from.*/\1/p' "$VG"/*.log |
	awk '{ s += $1 } END { print s + 0 }')
KEPT=build/valgrind
if [ "$ours" = 0 ]; then
	ok "valgrind: 0 errors with a frame in our code (leaks included)"
else
	not_ok "valgrind: $ours error(s) with a frame in our code" "logs in $KEPT/"
	grep -E '^[0-9]+ (ours |#)' "$WORK/errors" | sed 's/^/# /' | head -n 60
fi
check "valgrind: 0 unsuppressed errors of the server itself ($other; see valgrind.supp)" \
	[ "$other" = 0 ]
[ "$other" = 0 ] || grep '^[0-9]* other ' "$WORK/errors" | head -n 10 | sed 's/^/# /'

# What was suppressed: the server's own errors, listed in valgrind.supp.
echo "# suppressed: $suppressed errors, from: $(sed -n '/^{/{n;s/^ *//;p}' "$SUPP" | tr '\n' ' ')"
echo "# valgrind: ${took}s, $nlogs processes"
# The logs outlive $WORK when something failed, or when asked (PP_KEEP_VG=1).
if [ $failures != 0 ] || [ -n "${PP_KEEP_VG:-}" ]; then
	rm -rf "$KEPT" && mkdir -p "$KEPT" && cp "$VG"/* "$KEPT/" && echo "# logs kept in $KEPT/"
fi

[ $failures = 0 ]
