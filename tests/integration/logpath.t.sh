#!/bin/sh
# SPDX-License-Identifier: MIT
# PHONEPROV_LOG is opened by root (in.tftpd's parent): never through a
# symlink or a hard link, never in a folder that others can write to unless
# it is sticky (as /tmp is).  Refused paths are not created or written; the
# lines go to syslog instead.
. tests/integration/harness.sh

TESTS="logpath"
need_root $TESTS
need_tools $TESTS
CONF=$(pwd)/tests/data/integration.conf
ROOT=$WORK/root
make_root "$ROOT"
mkdir -m 755 "$WORK/safe"
mkdir -m 700 "$WORK/secret"
mkdir -m 777 "$WORK/pub"
mkdir -m 1777 "$WORK/sticky"
echo "root's own" >"$WORK/secret/passwd"
ln -s "$WORK/secret/created" "$WORK/safe/link.log"
ln -s "$WORK/secret/passwd" "$WORK/safe/link2.log"
ln "$WORK/secret/passwd" "$WORK/safe/hard.log"

# fetch_with LOG: one in.tftpd with that log, one fetch.
fetch_with() {
	if start_tftpd "$ROOT" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$1"; then
		r=$(curl_get SIPDefault.cnf "$WORK/got")
		stop_tftpd "$PID"
		[ "$r" = 0 ] || not_ok "logpath: SIPDefault.cnf is served with PHONEPROV_LOG=$1 (curl $r)"
	else
		not_ok "logpath: in.tftpd starts with PHONEPROV_LOG=$1"
	fi
}

fetch_with "$WORK/safe/ok.log"
check "logpath: a log in a folder only root writes is written" \
	grep -q 'decision=served' "$WORK/safe/ok.log"
fetch_with "$WORK/sticky/ok.log"
check "logpath: so is one in a sticky folder anyone writes (/tmp)" \
	grep -q 'decision=served' "$WORK/sticky/ok.log"
fetch_with "$WORK/pub/decisions.log"
check "logpath: a log in a folder anyone writes, not sticky, is refused" \
	[ ! -e "$WORK/pub/decisions.log" ]
fetch_with "$WORK/safe/link.log"
check "logpath: a symlink is not followed to create a file" [ ! -e "$WORK/secret/created" ]
fetch_with "$WORK/safe/link2.log"
check "logpath: nor to append to one" [ "$(cat "$WORK/secret/passwd")" = "root's own" ]
fetch_with "$WORK/safe/hard.log"
check "logpath: nor is a hard link to another file appended to" \
	[ "$(cat "$WORK/secret/passwd")" = "root's own" ]
exit "$((failures > 0))"
