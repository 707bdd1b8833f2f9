#!/bin/sh
# SPDX-License-Identifier: MIT
# Line credentials from Asterisk, as the command shows them: `render` of a
# phone whose line says pjsip = "6001" gives 6001's password from a
# FreePBX-style split pjsip.conf (tests/data/pjsip/freepbx), and `check`
# names each problem in Asterisk's files as ASTERISK-FILE:LINE, with the
# store's FILE:LINE of the line in the message.  Never a password on stderr.
CLI=$(pwd)/build/phoneprov
W=$(mktemp -d "${TMPDIR:-/tmp}/phoneprov-pjsip-XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT
. tests/cli/harness.sh
err_lacks() { ! grep -qF -- "$1" "$W/err"; }

if [ ! -x "$CLI" ]; then
	not_ok "build" "$CLI is missing: run make"
	exit 1
fi

# A copy of the FreePBX files, private as Asterisk keeps them (no warnings).
AST=$W/asterisk
mkdir -m 700 "$AST"
cp tests/data/pjsip/freepbx/*.conf "$AST/"
chmod 600 "$AST"/*.conf

# store LINES [PJSIP]: $W/store.conf with one 7940 whose lines are LINES
store() {
	cat >"$W/store.conf" <<EOF
version = 1;
security = { mac_binding = "off"; };
asterisk = { pjsip = "${2:-$AST/pjsip.conf}"; };
defaults = { proxy = { address = "pbx.example.net"; }; };
phones = ( { mac = "00:1b:d4:00:60:01"; model = "7940";
             lines = ( $1 ); } );
EOF
	chmod 600 "$W/store.conf"
}

# ---- the done-when: 6001's password from FreePBX's files ------------------------
store '{ pjsip = "6001"; }'
run "$CLI" check -c "$W/store.conf"
expect "check: a line { pjsip = \"6001\"; } and FreePBX's pjsip.conf is valid" 0 \
	'out_has "$W/store.conf: OK, 1 phone"'
run "$CLI" render -c "$W/store.conf" SIP001BD4006001.cnf
expect "render: 6001's password, user name and caller name come from pjsip.auth.conf and pjsip.endpoint.conf" 0 \
	'out_has "line1_password: \"a1ice-S3cret\""' 'out_has "line1_authname: \"6001\""' \
	'out_has "line1_name: \"6001\""' 'out_has "line1_displayname: \"Alice Smith\""'

# an edit to pjsip.auth.conf is what render shows next
sed -i 's/^password=a1ice-S3cret$/password=n3w-secret/' "$AST/pjsip.auth.conf"
run "$CLI" render -c "$W/store.conf" SIP001BD4006001.cnf
expect "render: after an edit of pjsip.auth.conf, the new password" 0 \
	'out_has "line1_password: \"n3w-secret\""'

# ---- check's errors -------------------------------------------------------------
store '{ pjsip = "6009"; }'
run "$CLI" check -c "$W/store.conf"
expect "check: an endpoint pjsip.conf does not have: the store's FILE:LINE, naming Asterisk's file (exit 1)" 1 \
	"err_line \"$W/store.conf:6: error: line 1's pjsip endpoint '6009' is not in $AST/pjsip.conf or the files it includes (no [6009] of type = endpoint or wizard)\""

printf '[6004]\ntype=endpoint\nauth=6004-auth\n' >>"$AST/pjsip.endpoint_custom.conf"
printf '[6004-auth]\ntype=auth\nauth_type=md5\nusername=6004\nmd5_cred=5f4dcc3b5aa765d61d8327deb882cf99\n' \
	>>"$AST/pjsip.auth_custom.conf"
store '{ pjsip = "6001"; }, { pjsip = "6004"; }'
n=$(grep -n '^auth_type=md5' "$AST/pjsip.auth_custom.conf" | cut -d: -f1)
run "$CLI" check -c "$W/store.conf"
expect "check: an auth with only md5_cred: Asterisk's FILE:LINE and the line's (exit 1)" 1 \
	"err_line \"$AST/pjsip.auth_custom.conf:$n: error: auth [6004-auth] has no plain password (auth_type = md5, and no password): a phone needs the password itself; give the auth a password with auth_type = userpass, or set the line's password in the store (line 2 at $W/store.conf:6)\"" \
	'err_lacks 5f4dcc3b5aa765d61d8327deb882cf99' 'err_lacks n3w-secret'
store '{ pjsip = "6001"; }, { pjsip = "6004"; password = "from-the-store"; }'
run "$CLI" check -c "$W/store.conf"
expect "check: ... and a line that sets its own password does not need Asterisk's" 0

printf '[6001]\ntype=endpoint\nauth=6001-auth\n' >>"$AST/pjsip.endpoint_custom_post.conf"
store '{ pjsip = "6001"; }'
n=$(grep -c '' "$AST/pjsip.endpoint_custom_post.conf")
run "$CLI" check -c "$W/store.conf"
expect "check: an endpoint defined twice names both places (exit 1)" 1 \
	"err_line \"$AST/pjsip.endpoint_custom_post.conf:$((n - 2)): error: endpoint [6001] is defined twice (also at $AST/pjsip.endpoint.conf:11); line 1 at $W/store.conf:6 uses it, and phoneprov will not guess which one Asterisk keeps\"" \
	'err_lacks n3w-secret'
cp tests/data/pjsip/freepbx/pjsip.endpoint_custom_post.conf "$AST/"

# hostile files: each reported at its own FILE:LINE
printf '#include pjsip.loop.conf\n' >"$AST/pjsip_custom.conf"
printf '[x]\ntype=aor\n#include pjsip_custom.conf\n' >"$AST/pjsip.loop.conf"
run "$CLI" check -c "$W/store.conf"
expect "check: a cyclic #include is an error with the chain" 1 \
	"err_line \"$AST/pjsip.loop.conf:3: error: an #include loop: $AST/pjsip_custom.conf includes $AST/pjsip.loop.conf includes $AST/pjsip_custom.conf\""
cp tests/data/pjsip/freepbx/pjsip_custom.conf "$AST/"
printf '#exec /bin/sh -c "touch %s/ran"\n' "$W" >>"$AST/pjsip_custom.conf"
n=$(grep -c '' "$AST/pjsip_custom.conf")
run "$CLI" check -c "$W/store.conf"
expect "check: #exec is never run, a warning at its line" 0 \
	"err_line \"$AST/pjsip_custom.conf:$n: warning: #exec is never run by phoneprov: what it would add is not read\"" \
	'[ ! -e "$W/ran" ]'
printf '[bad](nothere)\ntype=endpoint\n' >"$AST/pjsip_custom.conf"
run "$CLI" check -c "$W/store.conf"
expect "check: a template that is not defined above" 1 \
	"err_line \"$AST/pjsip_custom.conf:1: error: section [bad] inherits from [nothere], which is not defined above it (a template must come before the sections that use it)\""
ln -sf /etc/passwd "$AST/pjsip_custom.conf"
run "$CLI" check -c "$W/store.conf"
expect "check: an included symlink is not followed" 1 \
	"err_line \"$AST/pjsip.conf:9: error: cannot read $AST/pjsip_custom.conf, which this line includes: it is a symlink, which phoneprov does not follow\""
rm -f "$AST/pjsip_custom.conf"
cp tests/data/pjsip/freepbx/pjsip_custom.conf "$AST/"

store '{ pjsip = "6001"; }' "$W/nothere/pjsip.conf"
run "$CLI" check -c "$W/store.conf"
expect "check: a missing pjsip.conf, when a line needs it" 1 \
	"err_line \"$W/nothere/pjsip.conf: error: cannot read Asterisk's pjsip configuration: No such file or directory\""

# ---- asterisk.pjsip as a list: a plain Asterisk's pjsip.conf and pjsip_wizard.conf ----
# store_list LINES LIST: as store, with asterisk.pjsip the libconfig LIST as written
store_list() {
	store "$1"
	sed -i "s|^asterisk = .*|asterisk = { pjsip = $2; };|" "$W/store.conf"
}
P=$W/plain
mkdir -m 700 "$P"
printf '[6001]\ntype=endpoint\nauth=6001\ncallerid="Alice" <6001>\n[6001]\ntype=auth\nusername=6001\npassword=plain-pw\n' >"$P/pjsip.conf"
printf '[6010]\ntype = wizard\naccepts_auth = yes\ninbound_auth/username = w6010\ninbound_auth/password = wiz-pw\nendpoint/callerid = "Wendy" <6010>\n' >"$P/pjsip_wizard.conf"
chmod 600 "$P"/*.conf
store_list '{ pjsip = "6001"; }, { pjsip = "6010"; }' "[ \"$P/pjsip.conf\", \"$P/pjsip_wizard.conf\" ]"
run "$CLI" check -c "$W/store.conf"
expect "check: asterisk.pjsip a list of pjsip.conf and pjsip_wizard.conf, an endpoint in each" 0 \
	'out_has "$W/store.conf: OK, 1 phone"' 'err_lacks "warning"'
run "$CLI" render -c "$W/store.conf" SIP001BD4006001.cnf
expect "render: the endpoint's password from pjsip.conf, the wizard's from pjsip_wizard.conf" 0 \
	'out_has "line1_password: \"plain-pw\""' 'out_has "line1_displayname: \"Alice\""' \
	'out_has "line2_name: \"6010\""' 'out_has "line2_authname: \"w6010\""' \
	'out_has "line2_password: \"wiz-pw\""' 'out_has "line2_displayname: \"Wendy\""'
sed -i 's/^inbound_auth\/password = wiz-pw$/inbound_auth\/password = n3w-wiz/' "$P/pjsip_wizard.conf"
run "$CLI" render -c "$W/store.conf" SIP001BD4006001.cnf
expect "render: after an edit of pjsip_wizard.conf, the wizard's new password" 0 \
	'out_has "line2_password: \"n3w-wiz\""'

printf '[6001]\ntype=endpoint\nauth=6001\n' >>"$P/pjsip_wizard.conf"
n=$(grep -c '' "$P/pjsip_wizard.conf")
run "$CLI" check -c "$W/store.conf"
expect "check: an endpoint in both files is defined twice, both places named (exit 1)" 1 \
	"err_line \"$P/pjsip_wizard.conf:$((n - 2)): error: endpoint [6001] is defined twice (also at $P/pjsip.conf:1); line 1 at $W/store.conf:6 uses it, and phoneprov will not guess which one Asterisk keeps\"" \
	'err_lacks plain-pw' 'err_lacks n3w-wiz'
sed -i "$((n - 2)),\$d" "$P/pjsip_wizard.conf"
printf '[6001]\ntype = wizard\naccepts_auth = yes\ninbound_auth/password = other\n' >>"$P/pjsip_wizard.conf"
n=$(grep -c '' "$P/pjsip_wizard.conf")
run "$CLI" check -c "$W/store.conf"
expect "check: an endpoint in pjsip.conf and a wizard of its name in pjsip_wizard.conf: defined twice (exit 1)" 1 \
	"err_line \"$P/pjsip_wizard.conf:$((n - 3)): error: endpoint [6001] is defined twice (also at $P/pjsip.conf:1; this wizard makes another); line 1 at $W/store.conf:6 uses it, and phoneprov will not guess which one Asterisk keeps\""
sed -i "$((n - 3)),\$d" "$P/pjsip_wizard.conf"

store_list '{ pjsip = "6001"; }' "[ \"$P/pjsip.conf\", \"$P/pjsip.conf\" ]"
run "$CLI" check -c "$W/store.conf"
expect "check: a path given twice: a warning, read once (no endpoint defined twice)" 0 \
	"err_line \"$W/store.conf:3: warning: asterisk.pjsip[1] names $P/pjsip.conf again; it is read once (twice, each of its endpoints would be defined twice)\"" \
	'err_lacks "defined twice ("' 'out_has "OK, 1 phone"'

mv "$P/pjsip_wizard.conf" "$P/wizard.away"
store_list '{ pjsip = "6001"; }, { pjsip = "6010"; }' "[ \"$P/pjsip.conf\", \"$P/pjsip_wizard.conf\" ]"
run "$CLI" check -c "$W/store.conf"
expect "check: a listed file that is missing is an error at it (exit 1)" 1 \
	"err_line \"$P/pjsip_wizard.conf: error: cannot read Asterisk's pjsip configuration: No such file or directory\""
mv "$P/wizard.away" "$P/pjsip_wizard.conf"
run "$CLI" check -c "$W/store.conf"
expect "check: ... and once it is there, the store is valid" 0 'out_has "OK, 1 phone"'
store_list '{ pjsip = "6099"; }' "[ \"$P/pjsip.conf\", \"$P/pjsip_wizard.conf\" ]"
run "$CLI" check -c "$W/store.conf"
expect "check: an endpoint in none of the files: every file named (exit 1)" 1 \
	"err_line \"$W/store.conf:6: error: line 1's pjsip endpoint '6099' is not in $P/pjsip.conf, $P/pjsip_wizard.conf or the files they include (no [6099] of type = endpoint or wizard)\""

store_list '{ pjsip = "6001"; }' '[ ]'
run "$CLI" check -c "$W/store.conf"
expect "check: an empty list is an error at its line, and the only one (exit 1)" 1 \
	"err_line \"$W/store.conf:3: error: asterisk.pjsip is an empty list: name Asterisk's pjsip.conf (and pjsip_wizard.conf, where the lines' wizards are)\"" \
	'[ "$(grep -c ": error: " "$W/err")" = 1 ]'
store_list '{ pjsip = "6001"; }' "( \"$P/pjsip.conf\", 5060 )"
run "$CLI" check -c "$W/store.conf"
expect "check: a list element that is not a string: FILE:LINE: error (exit 1)" 1 \
	"err_line \"$W/store.conf:3: error: asterisk.pjsip[1] must be a file's path in double quotes\""
store_list '{ pjsip = "6001"; }' "[ \"$P/pjsip.conf\", \"pjsip_wizard.conf\" ]"
run "$CLI" check -c "$W/store.conf"
expect "check: a relative path in the list: FILE:LINE: error (exit 1)" 1 \
	"err_line \"$W/store.conf:3: error: asterisk.pjsip[1] must be an absolute path (it is 'pjsip_wizard.conf')\""

# ---- enable dnsmasq: dnsmasq's user may read pjsip.conf, and no one else more ----
# dnsmasq re-reads the store, and so Asterisk's files, as its own user: enable
# gives it an ACL entry on every file the store reads, pjsip's too.
E=$W/enable
mkdir -m 700 "$E" "$E/ast" "$E/st"
mkdir -p "$E/r/etc/dnsmasq.d"
cp tests/data/pjsip/freepbx/*.conf "$E/ast/"
chmod 600 "$E/ast"/*.conf
cat >"$E/st/phoneprov.conf" <<EOF
version = 1;
tftp = { root = "$E/tftp"; };
state_dir = "$E/state";
asterisk = { pjsip = "$E/ast/pjsip.conf"; };
phones = ( { mac = "00:1b:d4:00:60:01"; model = "7940"; lines = ( { pjsip = "6001"; } ); } );
EOF
chmod 600 "$E/st/phoneprov.conf"
if [ "$(id -u)" = 0 ] && getent passwd dnsmasq >/dev/null 2>&1 && command -v getfacl >/dev/null &&
	setfacl -m u:dnsmasq:r "$E/st/phoneprov.conf" 2>/dev/null; then
	setfacl -b "$E/st/phoneprov.conf"
	run "$CLI" -c "$E/st/phoneprov.conf" enable --root "$E/r" --init systemd \
		--shim "$(pwd)/build/libphoneprov-preload.so" dnsmasq
	acl=$(getfacl -cp "$E/ast/pjsip.auth.conf" 2>/dev/null)
	expect "enable dnsmasq: dnsmasq's user alone may read pjsip.auth.conf (ACL), and enter its folder" 0 \
		'out_has "ACL: dnsmasq may read $E/ast/pjsip.auth.conf"' \
		'echo "$acl" | grep -qx "user:dnsmasq:r--"' 'echo "$acl" | grep -qx "other::---"' \
		'echo "$acl" | grep -qx "group::---"' \
		'getfacl -cp "$E/ast" | grep -qx "user:dnsmasq:--x"'
	run "$CLI" -c "$E/st/phoneprov.conf" disable --root "$E/r" --init systemd dnsmasq
	expect "disable dnsmasq: ... and loses it again" 0 \
		'[ -z "$(getfacl -scp "$E/ast/pjsip.auth.conf" "$E/ast")" ]'
else
	echo "skip - enable dnsmasq and pjsip.conf: needs root, a dnsmasq user and ACLs"
fi

[ "$failures" = 0 ]
