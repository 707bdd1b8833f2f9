#!/bin/sh
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016 # eval'd checks
# A line's password from Asterisk's pjsip.conf, served by a real in.tftpd
# --secure with the shim, then by a real dnsmasq (in a network namespace of
# its own): a phone's file carries the password pjsip.auth.conf holds (a
# FreePBX-style split configuration, tests/data/pjsip/freepbx); an edit of
# pjsip.auth.conf is served on the next fetch without a restart; a broken
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
# the_run GET LOG LABEL: the edits and the broken edit, fetched with GET NAME OUT
the_run() {
	get=$1 log=$2 label=$3
	check "pjsip-$label: SIP$M.cnf carries 6001's password from pjsip.auth.conf" \
		served "$($get "SIP$M.cnf" "$got")" a1ice-S3cret
	set_password a1ice-S3cret n3w-secret
	check "pjsip-edit ($label): an edit of pjsip.auth.conf is served on the next fetch" \
		served "$($get "SIP$M.cnf" "$got")" n3w-secret
	printf 'this line is broken\n' >>"$AST/pjsip.auth.conf"
	bad=$(grep -c '' "$AST/pjsip.auth.conf")
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
	check "pjsip-edit ($label): the repaired file is served on the next fetch" \
		served "$($get "SIP$M.cnf" "$got")" f1xed-secret
	check "pjsip-no-secret-logged ($label): no password in the log" \
		eval '! grep -qE "a1ice-S3cret|n3w-secret|f1xed-secret|l0bby-pw" "$log"'
	set_password f1xed-secret a1ice-S3cret
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
