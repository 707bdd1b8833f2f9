#!/bin/sh
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016 # eval'd checks
# A line's password from Asterisk's pjsip.conf, served by a real in.tftpd
# --secure with the shim, then by a real dnsmasq (in a network namespace of
# its own): a phone's file carries the password pjsip.auth.conf holds (a
# FreePBX-style split configuration, tests/data/pjsip/freepbx); an edit of
# pjsip.auth.conf is served without a restart; a broken
# one keeps the last good password serving, logged once with Asterisk's
# FILE:LINE; no password is ever logged.
. tests/integration/harness.sh

TESTS="pjsip-tftpd pjsip-edit pjsip-broken pjsip-no-secret-logged pjsip-dnsmasq"
need_root $TESTS
need_tools $TESTS

M=001BD4006001
STORE=$WORK/store
AST=$WORK/asterisk
STATE=$WORK/state
mkdir -m 700 "$STORE" "$AST" "$STATE"
cp tests/data/pjsip/freepbx/*.conf "$AST/"
chmod 600 "$AST"/*.conf
CONF=$STORE/phoneprov.conf
cat >"$CONF" <<EOF
version = 1;
security = { mac_binding = "off"; };
state_dir = "$STATE";
asterisk = { pjsip = "$AST/pjsip.conf"; };
defaults = { proxy = { address = "pbx.example.net"; }; };
phones = ( { mac = "00:1b:d4:00:60:01"; model = "7940"; lines = ( { pjsip = "6001"; } ); } );
EOF
chmod 600 "$CONF"
"$CLI" check -c "$CONF" >/dev/null 2>"$WORK/check.err" || {
	not_ok "the store is valid" "$(head -n 3 "$WORK/check.err")"
	exit 1
}
ROOT=$WORK/root
make_root "$ROOT"
got=$WORK/got

# set_password OLD NEW: edit pjsip.auth.conf in place (its inode and ACL stay)
set_password() {
	sed "s/^password=$1\$/password=$2/" "$AST/pjsip.auth.conf" >"$WORK/auth.new"
	cat "$WORK/auth.new" >"$AST/pjsip.auth.conf"
}
# served FETCH PASSWORD: the last fetch gave 6001's file with PASSWORD
served() {
	[ "$1" = 0 ] && grep -qx "line1_password: \"$2\"" "$got" &&
		grep -qx 'line1_displayname: "Alice Smith"' "$got"
}
# fetch_served PASSWORD: fetch 6001's file with $get; it carries PASSWORD.
# An edit is loaded by the shim's reload thread within about a second, so
# the checks after an edit poll (5 s at most) instead of taking one fetch.
fetch_served() {
	served "$($get "SIP$M.cnf" "$got")" "$1"
}
# the_run GET LOG LABEL: the edits and the broken edit, fetched with GET NAME OUT
the_run() {
	get=$1 log=$2 label=$3
	check "pjsip-$label: SIP$M.cnf carries 6001's password from pjsip.auth.conf" \
		served "$($get "SIP$M.cnf" "$got")" a1ice-S3cret
	set_password a1ice-S3cret n3w-secret
	check "pjsip-edit ($label): an edit of pjsip.auth.conf is served without a restart" \
		eventually 50 fetch_served n3w-secret
	printf 'this line is broken\n' >>"$AST/pjsip.auth.conf"
	bad=$(grep -c '' "$AST/pjsip.auth.conf")
	eventually 50 eval '[ "$(count "$AST/pjsip.auth.conf:$bad: " "$log")" -ge 1 ]'
	ok_all=1
	for i in 1 2 3; do
		served "$($get "SIP$M.cnf" "$got")" n3w-secret || ok_all=0
	done
	check "pjsip-broken ($label): a broken pjsip.auth.conf keeps the last good password (3 fetches)" \
		[ $ok_all = 1 ]
	check "pjsip-broken ($label): logged once, with Asterisk's FILE:LINE" \
		[ "$(count "$AST/pjsip.auth.conf:$bad: neither a \[section\].*still serving the last good store" "$log")" = 1 ]
	set_password n3w-secret f1xed-secret
	grep -v '^this line is broken$' "$AST/pjsip.auth.conf" >"$WORK/auth.new"
	cat "$WORK/auth.new" >"$AST/pjsip.auth.conf"
	check "pjsip-edit ($label): the repaired file is served" \
		eventually 50 fetch_served f1xed-secret
	check "pjsip-no-secret-logged ($label): no password in the log" \
		eval '! grep -qE "a1ice-S3cret|n3w-secret|f1xed-secret|l0bby-pw" "$log"'
	set_password f1xed-secret a1ice-S3cret
	check "pjsip-edit ($label): and back to the first password" \
		eventually 50 fetch_served a1ice-S3cret
}

# ---- in.tftpd: the parent reads the store and pjsip.conf as root --------------
LOG=$WORK/tftpd.log
start_tftpd "$ROOT" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$LOG" || {
	not_ok "start in.tftpd with the shim"
	exit 1
}
the_run curl_get "$LOG" tftpd
check "pjsip-tftpd: each load watched the store and all 20 of Asterisk's files" \
	eval '[ "$(count "loaded $CONF: phones=1 files=21\$" "$LOG")" -ge 3 ]'

# A broken edit that brings in a new file, broken: fixing that file, which
# the last good store never read, is seen too (the shim watches the file a
# failed load names).
printf '#include pjsip.new.conf\n' >>"$AST/pjsip.auth_custom_post.conf"
printf '[6001-auth](+)\npassword broken\n' >"$AST/pjsip.new.conf"
chmod 600 "$AST/pjsip.new.conf"
get=curl_get
eventually 50 eval '[ "$(count "$AST/pjsip.new.conf:2: " "$LOG")" -ge 1 ]'
check "pjsip-broken (tftpd): a new included file, broken: the last good password" \
	served "$(curl_get "SIP$M.cnf" "$got")" a1ice-S3cret
check "pjsip-broken (tftpd): ... logged at the new file's FILE:LINE" \
	[ "$(count "$AST/pjsip.new.conf:2: neither a \[section\]" "$LOG")" = 1 ]
printf '[6001-auth](+)\npassword=fr0m-new-file\n' >"$AST/pjsip.new.conf"
check "pjsip-edit (tftpd): ... and once it is fixed, what it says is served" \
	eventually 50 fetch_served fr0m-new-file
: >"$AST/pjsip.auth_custom_post.conf"
rm -f "$AST/pjsip.new.conf"
check "pjsip-edit (tftpd): the include taken out again, pjsip.auth.conf's password" \
	eventually 50 fetch_served a1ice-S3cret
stop_tftpd "$PID"

# A server started while pjsip.conf is broken has no good store: the phone's
# file is not found (the disk has none); fixing pjsip.conf serves it.
printf 'broken before the start\n' >>"$AST/pjsip.aor.conf"
bad=$(grep -c '' "$AST/pjsip.aor.conf")
LOG2=$WORK/tftpd2.log
start_tftpd "$ROOT" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$LOG2" || {
	not_ok "start in.tftpd with the shim, pjsip.conf broken"
	exit 1
}
check "pjsip-broken (tftpd start): SIP$M.cnf is file not found, logged at Asterisk's FILE:LINE" \
	eval '[ "$(curl_get "SIP$M.cnf" "$got")" = 68 ] &&
	[ "$(count "$AST/pjsip.aor.conf:$bad: .*serving nothing from the store" "$LOG2")" = 1 ]'
cp tests/data/pjsip/freepbx/pjsip.aor.conf "$AST/pjsip.aor.conf"
check "pjsip-edit (tftpd start): fixing pjsip.aor.conf serves the phone's file" \
	eventually 50 fetch_served a1ice-S3cret
stop_tftpd "$PID"

# ---- dnsmasq, as nobody: it reads both after dropping privileges ------------------
ns_ok=1
for t in ip dnsmasq setfacl; do
	command -v "$t" >/dev/null 2>&1 || ns_ok=0
done
if [ $ns_ok = 1 ] && ip netns add "pp-probe-$$" 2>/dev/null; then
	ip netns del "pp-probe-$$"
	. tests/integration/netns.sh
	# The README's way: an ACL entry for the server's user, nobody else.
	setfacl -m u:nobody:x "$STORE" "$AST"
	setfacl -m u:nobody:r "$CONF" "$AST"/pjsip*.conf
	chown nobody "$STATE"
	DLOGD=$WORK/dnsmasq.decisions
	touch "$DLOGD"
	chown nobody "$DLOGD"
	NS=pppj$$
	if new_ns "$NS" && start_dnsmasq "$NS" "$WORK/dnsmasq.log" LD_PRELOAD="$SHIM" \
		PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$DLOGD" -- --port=0 --enable-tftp \
		--tftp-root="$ROOT" --user=nobody; then
		dm_get() { ns_get "$NS" 127.0.0.1 "$1" "$2"; }
		the_run dm_get "$DLOGD" dnsmasq
		check "pjsip-dnsmasq: nobody, with its ACL entries, can read pjsip.conf (and no one else can)" \
			eval 'getfacl -cp "$AST/pjsip.auth.conf" | grep -qx "user:nobody:r--" &&
			getfacl -cp "$AST/pjsip.auth.conf" | grep -qx "other::---"'
	else
		not_ok "pjsip-dnsmasq: start dnsmasq with the shim"
	fi
else
	echo "skip - pjsip-dnsmasq: needs ip, dnsmasq, setfacl and network namespaces"
fi

[ "$failures" = 0 ]
