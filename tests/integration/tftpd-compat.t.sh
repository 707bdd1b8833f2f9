#!/bin/sh
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016,SC2086,SC2002,SC2012 # eval'd checks; test lists split on purpose
# in.tftpd with the shim is in.tftpd: requests for names the store does not
# provide get exactly what they get without it.  And the ways the shim gets
# into a server: an init script's shell, phoneprov exec.  And the decision
# log.  Needs root, as tftpd.t.sh.
. tests/integration/harness.sh

TESTS="plain init-shell exec decision-log"
need_root $TESTS
need_tools $TESTS

M40=001BD4123456
STORE=$WORK/store
mkdir -m 700 "$STORE"
cp tests/data/integration.conf tests/data/integration-phones.inc "$STORE/"
chmod 600 "$STORE"/*
CONF=$STORE/integration.conf
render "$CONF" "SIP$M40.cnf" "$WORK/SIP$M40.cnf"

# A TFTP root with what static setups hold: text, binary, a file only root
# may read, one not world-readable (in.tftpd refuses it), a subdirectory.
ROOT=$WORK/root
make_root "$ROOT"
printf 'hello\nworld\n' >"$ROOT/hello.txt"
head -c 3000 /dev/urandom >"$ROOT/blob.bin"
echo secret >"$ROOT/private.txt"
echo mine >"$ROOT/nobodys.txt"
chown nobody "$ROOT/nobodys.txt"
mkdir "$ROOT/sub"
echo nested >"$ROOT/sub/x.txt"
chmod 644 "$ROOT/hello.txt" "$ROOT/blob.bin" "$ROOT/sub/x.txt"
chmod 600 "$ROOT/private.txt" "$ROOT/nobodys.txt"
chmod 755 "$ROOT/sub"
echo upload >"$WORK/upload.txt"

# ---- plain: the same answers with and without the shim ----------------------
# Each line: what the tftp client saw and the bytes' checksum, or curl's code.
survey() { # $1 = output file
	for n in hello.txt blob.bin missing.txt private.txt nobodys.txt sub/x.txt /hello.txt \
		../etc/passwd SIPDefault.cnf.bak; do
		r=$(tftp_get "$n" "$WORK/s.out")
		echo "tftp $n: $r $(cat "$WORK/s.out" 2>/dev/null | cksum)"
		echo "curl $n: $(curl_get "$n" "$WORK/s.out") $(cat "$WORK/s.out" 2>/dev/null | cksum)"
	done
	r=$(tftp_get hello.txt "$WORK/s.out" netascii)
	echo "netascii hello.txt: $r $(cksum <"$WORK/s.out")"
	# A write request (in.tftpd runs without --create): refused the same way.
	r=$(timeout "$TIMEOUT" tftp 127.0.0.1 "$PORT" -c put "$WORK/upload.txt" new.txt 2>&1)
	echo "put new.txt: $r; on disk: $(ls "$ROOT" | tr '\n' ' ')"
}

PLOG=$WORK/plain.log
start_tftpd "$ROOT" || not_ok "plain: start in.tftpd without the shim"
survey >"$WORK/without"
stop_tftpd "$PID"
start_tftpd "$ROOT" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$PLOG" ||
	not_ok "plain: start in.tftpd with the shim"
survey >"$WORK/with"
stop_tftpd "$PID"
if cmp -s "$WORK/without" "$WORK/with"; then
	ok "plain: names the store does not provide: the same answers as without the shim"
else
	not_ok "plain: names the store does not provide: the same answers as without the shim"
	diff "$WORK/without" "$WORK/with" | sed 's/^/# /'
fi
check "plain: the survey saw files served, refused and missing" \
	eval "grep -q 'tftp hello.txt: ok' '$WORK/with' &&
	grep -q 'missing.txt: Error code 1: File not found' '$WORK/with' &&
	grep -q 'private.txt: Error code 0: Permission denied' '$WORK/with' &&
	grep -q 'nobodys.txt: Error code 2: ' '$WORK/with'"
check "plain: the shim was active, and served nothing" \
	eval "grep -q 'loaded $CONF' '$PLOG' && [ \$(count decision=served '$PLOG') = 0 ] &&
	[ \$(count decision=fell-through '$PLOG') -gt 0 ]"

# ---- init-shell: a shell carrying LD_PRELOAD runs in.tftpd --------------------
# As /etc/init.d/tftpd-hpa does with LD_PRELOAD in /etc/default/tftpd-hpa:
# the shell reads files and execs the server; only the server is active.
cat >"$WORK/init.sh" <<'EOF'
cat /etc/passwd "$SHELL_READS" >/dev/null
printf '%s\n' "$LD_PRELOAD" >"$SHELL_SAW"
PHONEPROV_LOG=$SERVER_LOG exec in.tftpd "$@"
EOF
SHLOG=$WORK/shell.log
SVLOG=$WORK/server.log
TFTPD="sh $WORK/init.sh" start_tftpd "$ROOT" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" \
	PHONEPROV_LOG="$SHLOG" SERVER_LOG="$SVLOG" SHELL_SAW="$WORK/shell-saw" \
	SHELL_READS="$CONF" || not_ok "init-shell: start in.tftpd from a shell"
check "init-shell: in.tftpd started from the shell serves SIP$M40.cnf" \
	eval "[ \$(curl_get SIP$M40.cnf '$WORK/got') = 0 ] && cmp -s '$WORK/SIP$M40.cnf' '$WORK/got'"
check "init-shell: the shell was inert (its PHONEPROV_LOG never opened)" [ ! -e "$SHLOG" ]
check "init-shell: the shell passed LD_PRELOAD on untouched" \
	eval "[ \"\$(cat '$WORK/shell-saw')\" = '$SHIM' ] &&
	tr '\\0' '\\n' </proc/$PID/environ | grep -qx 'LD_PRELOAD=$SHIM'"
check "init-shell: the server logged its decision" \
	[ "$(count "name=\"SIP$M40.cnf\" decision=served" "$SVLOG")" = 1 ]
stop_tftpd "$PID"

# ---- exec: phoneprov exec -c STORE -- in.tftpd ... ---------------------------
ELOG=$WORK/exec.log
TFTPD="$CLI exec -c $CONF -- in.tftpd" start_tftpd "$ROOT" PHONEPROV_LOG="$ELOG" ||
	not_ok "exec: start in.tftpd under phoneprov exec"
check "exec: in.tftpd under phoneprov exec serves SIP$M40.cnf" \
	eval "[ \$(curl_get SIP$M40.cnf '$WORK/got') = 0 ] && cmp -s '$WORK/SIP$M40.cnf' '$WORK/got'"
check "exec: and still serves the disk" \
	eval "[ \$(curl_get hello.txt '$WORK/got') = 0 ] && cmp -s '$ROOT/hello.txt' '$WORK/got'"
stop_tftpd "$PID"

# ---- decision-log: one line per request, no password ------------------------
DLOG=$WORK/decisions.log
start_tftpd "$ROOT" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$DLOG" ||
	not_ok "decision-log: start in.tftpd"
tftp_get "SIP$M40.cnf" "$WORK/got" >/dev/null          # served
curl_get sipdefault.cnf "$WORK/got" >/dev/null         # served
tftp_get "CTLSEP$M40.tlv" "$WORK/got" >/dev/null       # not found
curl_get hello.txt "$WORK/got" >/dev/null              # fell through
tftp_get '../x y"z.cnf' "$WORK/got" >/dev/null         # not found, odd name
curl_get "SEP$M40.cnf.xml" "$WORK/got" >/dev/null      # not found (a 7940)
stop_tftpd "$PID"
check "decision-log: one line per request (6)" [ "$(count 'decision=' "$DLOG")" = 6 ]
check "decision-log: every line names the client 127.0.0.1" \
	[ "$(count 'client=127.0.0.1 name=' "$DLOG")" = 6 ]
check "decision-log: served, fell through and not found, with bytes" \
	eval "[ \$(count 'decision=served bytes=[0-9]' '$DLOG') = 2 ] &&
	[ \$(count 'name=\"hello.txt\" decision=fell-through bytes=12' '$DLOG') = 1 ] &&
	[ \$(count 'decision=not-found' '$DLOG') = 3 ]"
check "decision-log: names are sanitised" grep -q 'name="../x\\x20y\\x22z.cnf"' "$DLOG"
check "decision-log: no password, no content" \
	eval "! grep -q 'pw-\|line1_\|password' '$DLOG'"

[ $failures = 0 ]
